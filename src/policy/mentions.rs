//! Vendors and companies named in a policy.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::naming::Naming;
use super::segment::{Kind, Segmented};
use super::{browsers, quote, regex};
use crate::model::{CompanyMention, VendorMention};
use crate::vendors::Engine;
use crate::vendors::aliases::Entity;

/// URLs: a name inside one ("www.google.com/policies") is not a mention, but the host of a URL in a
/// cookie-table row can say who the row is about.
static URL: LazyLock<Regex> = LazyLock::new(|| regex(r#"(?i)\b(?:https?://|www\.)[^\s<>()\[\]"'|│]+"#));

/// Spans of URLs and e-mail addresses in `text`, sorted. E-mail addresses are found from their `@` (a regex
/// starting with a class as wide as `[\w.+-]+` would be tried at every byte).
fn urls_and_emails(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = URL.find_iter(text).map(|m| (m.start(), m.end())).collect();
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_');
    for at in memchr_iter(b'@', bytes) {
        let start = (0..at).rev().take_while(|&i| local(bytes[i])).last().unwrap_or(at);
        let end = (at + 1..bytes.len()).take_while(|&i| local(bytes[i])).last().map_or(at + 1, |i| i + 1);
        let domain = text[at + 1..end].trim_end_matches('.');
        if start < at && domain.contains('.') {
            spans.push((start, at + 1 + domain.len()));
        }
    }
    spans.sort_unstable();
    spans
}

fn memchr_iter(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    haystack.iter().enumerate().filter(move |&(_, &b)| b == needle).map(|(i, _)| i)
}

/// Names found in a policy.
#[derive(Debug, Default)]
pub struct Mentions {
    /// Vendors, one entry per vendor and unit, in text order.
    pub vendors: Vec<VendorMention>,
    /// Companies named without a product, one entry per company and unit, in text order.
    pub companies: Vec<CompanyMention>,
    /// Where names were found in [`Segmented::norm`], so that other readers can skip them ("Tag Manager"
    /// inside "Google Tag Manager" is not a vague category).
    pub spans: Vec<(usize, usize)>,
    /// Browsers named (in settings instructions, mostly), once each, in text order: neither vendors nor
    /// companies.
    pub browsers: Vec<String>,
}

/// Every vendor and company named in `seg`.
pub fn find(seg: &Segmented, engine: &Engine) -> Mentions {
    let db = engine.db();
    let excluded = urls_and_emails(&seg.norm);
    let inside_excluded = |start: usize, end: usize| {
        let i = excluded.partition_point(|&(_, e)| e <= start);
        excluded.get(i).is_some_and(|&(s, e)| s <= start && end <= e)
    };

    let mut seen: HashSet<(Entity, usize)> = HashSet::new();
    let mut rows_with_hits: HashSet<usize> = HashSet::new();
    let mut vendors = Vec::new();
    let mut companies = Vec::new();
    let mut push = |entity: Entity, sentence: usize, start: usize, matched: &str| {
        if !seen.insert((entity, sentence)) {
            return;
        }
        let quote = quote(seg, sentence, start);
        let offset = seg.raw_offset(start);
        match entity {
            Entity::Vendor(i) => {
                let v = db.vendor_at(i);
                vendors.push(VendorMention {
                    id: v.id.clone(),
                    name: v.name.clone(),
                    company: db.company_of(v).name.clone(),
                    category: v.category,
                    matched: matched.to_string(),
                    quote,
                    offset,
                });
            }
            Entity::Company(i) => {
                let c = db.company_at(i);
                companies.push(CompanyMention {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    matched: matched.to_string(),
                    quote,
                    offset,
                });
            }
        }
    };

    let browser_spans = browsers::find(&seg.norm);
    let inside_browser = |start: usize, end: usize| {
        let i = browser_spans.partition_point(|&(_, e)| e <= start);
        browser_spans.get(i).is_some_and(|&(s, e)| s <= start && end <= e)
    };
    let mut browsers: Vec<String> = Vec::new();
    for &(s, e) in &browser_spans {
        if !inside_excluded(s, e) && !browsers.iter().any(|b| b == &seg.norm[s..e]) {
            browsers.push(seg.norm[s..e].to_string());
        }
    }

    let naming = Naming::new(seg, engine, &excluded);
    let hits = engine.aliases().find(&seg.norm);
    let mut spans = Vec::new();
    for (i, &hit) in hits.iter().enumerate() {
        if inside_excluded(hit.start, hit.end) || inside_browser(hit.start, hit.end) {
            continue;
        }
        let Some(sentence) = seg.sentence_at(hit.start) else { continue };
        if hit.ordinary.is_some() && !naming.is_name(&hits, i, sentence) {
            continue;
        }
        spans.push((hit.start, hit.end));
        if seg.sentences[sentence].kind == Kind::TableRow {
            rows_with_hits.insert(sentence);
        }
        push(hit.entity, sentence, hit.start, &seg.norm[hit.start..hit.end]);
    }

    // A cookie-table row whose provider cell is a name we do not know can still be attributed by the host of
    // its privacy-policy link.
    for &(start, end) in &excluded {
        let Some(sentence) = seg.sentence_at(start) else { continue };
        if seg.sentences[sentence].kind != Kind::TableRow || rows_with_hits.contains(&sentence) {
            continue;
        }
        let text = &seg.norm[start..end];
        if text.contains('@') {
            continue;
        }
        let with_scheme = if text.contains("://") { text.to_string() } else { format!("http://{text}") };
        let Some(host) = url::Url::parse(&with_scheme).ok().and_then(|u| u.host_str().map(str::to_string)) else {
            continue;
        };
        if let Some(i) = engine.vendor_index_for_host(&host) {
            push(Entity::Vendor(i), sentence, start, &host);
        } else if let Some(i) = engine.company_for_host(&host) {
            push(Entity::Company(i), sentence, start, &host);
        }
    }
    // "Segment, operated by Twilio", "Bizo (LinkedIn)": a company named beside one of its products is the
    // product's owner, not a company-only mention.
    let owners: HashSet<(String, usize)> = seen
        .iter()
        .filter_map(|&(entity, sentence)| match entity {
            Entity::Vendor(i) => Some((db.vendor_at(i), sentence)),
            Entity::Company(_) => None,
        })
        .flat_map(|(v, sentence)| db.lineage(db.company_of(v)).map(move |c| (c.id.clone(), sentence)))
        .collect();
    let sentence_of = |offset: usize| seg.sentences.partition_point(|s| s.raw.end <= offset);
    companies.retain(|c| !owners.contains(&(c.id.clone(), sentence_of(c.offset))));
    vendors.sort_by_key(|m| m.offset);
    companies.sort_by_key(|m| m.offset);
    Mentions { vendors, companies, spans, browsers }
}
