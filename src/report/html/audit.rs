//! The HTML audit report: a summary in words, charts, one card per vendor with its evidence, then unknown
//! third parties, consent issues, hints, the policy documents' matches and errors.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::charts::{Bar, NEUTRAL, bars, matrix, verdict_color};
use super::{highlight, page};
use crate::model::{AuditPolicy, AuditReport, ConsentState, DomainEvidence, Evidence, Finding, PageRecord, Verdict};
use crate::report::audit::evidence_text;
use crate::report::consent::state_words;

const VERDICTS: [Verdict; 5] =
    [Verdict::Contradicted, Verdict::Undisclosed, Verdict::Vague, Verdict::DisclosedParent, Verdict::Disclosed];
const STATES: [ConsentState; 3] = [ConsentState::None, ConsentState::Accept, ConsentState::Reject];

/// Largest screenshot embedded, in bytes; a larger file is named, not embedded.
const MAX_SHOT_BYTES: u64 = 8 * 1024 * 1024;

/// A page's screenshot, embedded as a `data:` URL (the page loads nothing).
struct Shot<'a> {
    page: &'a PageRecord,
    data: Option<String>,
}

/// The screenshots the browser engine took (`--screenshots`, `--evidence`), read from disk.
fn shots(r: &AuditReport) -> Vec<Shot<'_>> {
    use base64::Engine as _;
    r.pages
        .iter()
        .filter_map(|p| p.screenshot.as_deref().map(|path| (p, path)))
        .map(|(page, path)| {
            let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_SHOT_BYTES);
            let png = if small { std::fs::read(path).ok() } else { None };
            let data = png
                .filter(|b| b.starts_with(b"\x89PNG"))
                .map(|b| format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(b)));
            Shot { page, data }
        })
        .collect()
}

/// Renders one audit as a self-contained HTML page, the pages' screenshots embedded when there are any.
pub fn render(r: &AuditReport) -> String {
    let shots = shots(r);
    let body = html! {
        (body_with(r, &shots, true))
        @if !shots.is_empty() {
            section {
                h2 { "Screenshots (" (shots.len()) ")" }
                @for (i, s) in shots.iter().enumerate() {
                    figure.shot id={ "shot-" (i + 1) } {
                        @if let Some(d) = &s.data { img src=(d) alt={ "Screenshot of " (s.page.url) } loading="lazy"; }
                        @else { p.mute { "Not embedded (missing or too large): " code { (s.page.screenshot.as_deref().unwrap_or_default()) } } }
                        figcaption { code { (s.page.url) } @if let Some(c) = s.page.consent { " · " (state_words(c)) } }
                    }
                }
            }
        }
    };
    page(&format!("trackaudit: {}", r.site), &body)
}

/// The report's body, for pages that hold several audits (the scan report, which embeds neither screenshots
/// nor policy texts, to stay a size a browser opens).
pub(crate) fn body(r: &AuditReport) -> Markup {
    body_with(r, &[], false)
}

/// The body; `policy_text` copies each policy's text into the page, matches marked.
fn body_with(r: &AuditReport, shots: &[Shot<'_>], policy_text: bool) -> Markup {
    html! {
        header {
            h1 { "Tracker audit of " (r.site) }
            p.mute { "Target " (r.target) " · " (r.engine) " engine · " (r.started_at) " to " (r.finished_at) }
        }
        (summary(r))
        section.charts aria-label="Charts" { (charts(r)) }
        section {
            h2 { "Vendors (" (r.findings.len()) ")" }
            @if r.findings.is_empty() { p { "No known vendor loaded on the pages read." } }
            @for f in &r.findings { (card(f, shots)) }
        }
        (domains("Unknown third parties", "Third-party hosts no vendor in the database claims.", &r.unknown_third_parties))
        @if !r.consent_issues.is_empty() {
            section {
                h2 { "Consent issues (" (r.consent_issues.len()) ")" }
                ul { @for i in &r.consent_issues {
                    li { strong { (i.vendor.name) } ": " (i.kind) (evidence_list(&i.evidence)) }
                } }
            }
        }
        (crate::report::form_leaks::html(r))
        @if let Some(g) = &r.gpc { (crate::report::gpc::html(g)) }
        @if let Some(t) = &r.tcf { (crate::report::tcf::html(t)) }
        (crate::report::cookies::html(r))
        (crate::report::fingerprint::html(r))
        @if let Some(c) = &r.cname { (crate::report::cname::html(c)) }
        (crate::report::replay::html(r))
        (domains("Hints", "Resource hints (preconnect, dns-prefetch): a hint loads nothing and is not a tracker.", &r.hints))
        @if !r.disclosed_not_observed.is_empty() {
            section {
                h2 { "Named in the policy, not seen" }
                ul { @for n in &r.disclosed_not_observed { li { strong { (n.name) } blockquote { (n.quote) } } } }
            }
        }
        section {
            h2 { "Policy documents" }
            @if let Some(why) = &r.policy_missing { p { "No privacy policy was read: " (why) } }
            @for d in r.policy.iter().chain(&r.other_documents) { (document(d, policy_text)) }
        }
        (pages(r))
        @if !r.errors.is_empty() {
            section {
                h2 { "Errors (" (r.errors.len()) ")" }
                ul { @for e in &r.errors {
                    li { (e.scope) @if let Some(u) = &e.url { " " code { (u) } } ": " (e.message) }
                } }
            }
        }
    }
}

fn count(r: &AuditReport, v: Verdict) -> usize {
    r.findings.iter().filter(|f| f.verdict == v).count()
}

fn summary(r: &AuditReport) -> Markup {
    let read = r.pages.iter().filter(|p| p.error.is_none()).count();
    let bad = r.findings.iter().filter(|f| f.verdict.is_undisclosed()).count();
    let states: Vec<&str> =
        STATES.iter().filter(|s| r.pages.iter().any(|p| p.consent == Some(**s))).map(|s| state_words(*s)).collect();
    let documents: Vec<&str> = r.policy.iter().chain(&r.other_documents).map(|d| d.kind.label()).collect();
    html! {
        p.lead {
            @if r.any_page_read() {
                (r.findings.len()) " vendor(s) loaded on " (read) " page(s); "
                strong { (bad) } " of them the policy does not disclose or contradicts."
            } @else {
                "No page could be read, so nothing was audited."
            }
        }
        div.summary {
            @for v in VERDICTS { div { b { (count(r, v)) } span class={ "verdict v-" (v) } { (v) } } }
            div { b { (r.unknown_third_parties.len()) } "unknown third parties" }
            div { b { (r.cookies.len()) } "cookies" }
        }
        p.mute {
            "Pages read: " (read) " of " (r.pages.len())
            " · Consent states: " (if states.is_empty() { "not run".to_string() } else { states.join(", ") })
            " · Policy documents read: " (if documents.is_empty() { "none".to_string() } else { documents.join(", ") })
            @if let Some(m) = &r.consent_manager { " · Consent manager: " (m.name) }
        }
    }
}

fn charts(r: &AuditReport) -> Markup {
    let verdicts: Vec<Bar> =
        VERDICTS.iter().map(|&v| Bar { label: v.to_string(), count: count(r, v), color: verdict_color(v) }).collect();
    let mut categories: BTreeMap<String, usize> = BTreeMap::new();
    for f in &r.findings {
        *categories.entry(f.vendor.category.to_string()).or_default() += 1;
    }
    let categories: Vec<Bar> =
        categories.into_iter().map(|(label, count)| Bar { label, count, color: NEUTRAL }).collect();
    let cookie = |first: bool, session: bool| {
        r.cookies.iter().filter(|c| c.first_party == first && c.expires.is_none() == session).count()
    };
    let cookies = [
        ("first-party, session", true, true),
        ("first-party, persistent", true, false),
        ("third-party, session", false, true),
        ("third-party, persistent", false, false),
    ]
    .map(|(label, first, session)| Bar { label: label.into(), count: cookie(first, session), color: NEUTRAL });
    let states: Vec<ConsentState> =
        STATES.into_iter().filter(|s| r.findings.iter().any(|f| f.consent_states.contains(s))).collect();
    html! {
        (bars("Vendors by verdict", &verdicts))
        (bars("Vendors by category", &categories))
        @if !r.cookies.is_empty() { (bars("Cookies by party and lifetime", &cookies)) }
        @if states.len() > 1 {
            @let columns: Vec<&str> = states.iter().map(|s| state_words(*s)).collect();
            @let rows: Vec<(String, Vec<bool>)> = r.findings.iter()
                .map(|f| (f.vendor.name.clone(), states.iter().map(|s| f.consent_states.contains(s)).collect()))
                .collect();
            (matrix("Vendors by consent state", &columns, &rows))
        }
    }
}

/// The screenshot of the first page the vendor was seen on (in the same consent state), as `(n, page)`.
fn shot_of<'a>(f: &Finding, shots: &'a [Shot<'_>]) -> Option<(usize, &'a str)> {
    f.evidence.iter().find_map(|e| {
        let same = |s: &Shot<'_>| s.page.url == e.page || s.page.final_url.as_deref() == Some(e.page.as_str());
        shots
            .iter()
            .position(|s| same(s) && s.page.consent == e.consent)
            .or_else(|| shots.iter().position(same))
            .map(|i| (i + 1, shots[i].page.url.as_str()))
    })
}

fn card(f: &Finding, shots: &[Shot<'_>]) -> Markup {
    html! {
        article class={ "card v-" (f.verdict) } id={ "vendor-" (f.vendor.id) } {
            h3 { (f.vendor.name) " " span class={ "verdict v-" (f.verdict) } { (f.verdict) } }
            p.mute { (f.vendor.company) " · " (f.vendor.category)
                @if !f.consent_states.is_empty() { " · loaded " (crate::report::consent::states(&f.consent_states)) } }
            p { (f.reason) }
            @if let Some(a) = &f.accepted {
                p.accepted { strong { "Accepted" } ": " (a.reason) @if let Some(u) = &a.until { " (until " (u) ")" } }
            }
            @if let Some(q) = &f.quote {
                blockquote { (highlight(q, &f.vendor.name)) }
                @if let Some(src) = &f.quote_source { p.mute { "Quoted from " code { (src) } } }
            }
            @if !f.ids.is_empty() { p { "Tracker IDs: " @for id in &f.ids { code { (id) } " " } } }
            details open[f.verdict.is_undisclosed()] {
                summary { "Evidence (" (f.evidence.len()) ")" }
                (evidence_list(&f.evidence))
            }
            @if let Some((n, page)) = shot_of(f, shots) {
                p { a href={ "#shot-" (n) } { "Screenshot " (n) } " of " code { (page) } }
            }
        }
    }
}

fn evidence_list(evidence: &[Evidence]) -> Markup {
    html! {
        ul { @for e in evidence {
            li {
                (evidence_text(e))
                @if let Some(c) = &e.cookie { " · cookie " code { (c) } }
                @if let Some(s) = e.consent { " · " (state_words(s)) }
                br; span.mute { "on " (e.page) " · " (e.detail) }
            }
        } }
    }
}

fn domains(title: &str, about: &str, list: &[DomainEvidence]) -> Markup {
    html! {
        @if !list.is_empty() {
            section {
                h2 { (title) " (" (list.len()) ")" }
                p.mute { (about) }
                ul { @for d in list { li { strong { (d.domain) } (evidence_list(&d.evidence)) } } }
            }
        }
    }
}

fn document(d: &AuditPolicy, policy_text: bool) -> Markup {
    let p = &d.report;
    html! {
        details {
            summary { (d.kind.label()) ": " code { (d.url) } " (" (p.words) " words; "
                (p.vendors.len()) " vendors, " (p.companies.len()) " companies, " (p.categories.len()) " categories, "
                (p.claims.len()) " claims)" }
            p.mute { "Found by " (d.found_by) }
            @if policy_text && !d.text.is_empty() {
                details.policytext {
                    summary { "The policy's text, each vendor, company and category it names marked" }
                    div.text { (marked_text(d)) }
                }
            }
            ul {
                @for m in &p.vendors { li { "Vendor " strong { (m.name) } blockquote { (highlight(&m.quote, &m.matched)) } } }
                @for m in &p.companies { li { "Company " strong { (m.name) } blockquote { (highlight(&m.quote, &m.matched)) } } }
                @for m in &p.categories { li { "Category " strong { (m.category) } blockquote { (highlight(&m.quote, &m.matched)) } } }
                @for c in &p.claims { li { "Claim " strong { (c.kind) } blockquote { (c.quote) } } }
                @for m in &p.practices { li { "Practice " strong { (m.practice) } blockquote { (highlight(&m.quote, &m.matched)) } } }
            }
        }
    }
}

/// Longest policy text copied into the page, in bytes (the rest is left out, and the page says so).
const MAX_POLICY_TEXT: usize = 512 * 1024;

/// The policy's readable text with each match the reader found (at its offset) marked.
fn marked_text(d: &AuditPolicy) -> Markup {
    let text = &d.text;
    let p = &d.report;
    let mut spans: Vec<(usize, usize, String)> = p
        .vendors
        .iter()
        .map(|m| (m.offset, m.matched.len(), format!("vendor {}", m.name)))
        .chain(p.companies.iter().map(|m| (m.offset, m.matched.len(), format!("company {}", m.name))))
        .chain(p.categories.iter().map(|m| (m.offset, m.matched.len(), format!("category {}", m.category))))
        .filter(|(at, len, _)| text.get(*at..at + len).is_some())
        .collect();
    spans.sort_by_key(|s| s.0);
    let cut = if text.len() > MAX_POLICY_TEXT {
        (0..=MAX_POLICY_TEXT).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0)
    } else {
        text.len()
    };
    let mut pieces: Vec<(&str, Option<&str>)> = Vec::new();
    let mut at = 0;
    for (start, len, title) in &spans {
        let end = start + len;
        if *start < at || end > cut {
            continue; // overlaps a mark already made, or beyond what is shown
        }
        pieces.push((&text[at..*start], None));
        pieces.push((&text[*start..end], Some(title.as_str())));
        at = end;
    }
    pieces.push((&text[at..cut], None));
    html! {
        @for (piece, title) in pieces {
            @if let Some(t) = title { mark title=(t) { (piece) } } @else { (piece) }
        }
        @if cut < text.len() { p.mute { "… the rest (" (text.len() - cut) " bytes) is not copied into this page." } }
    }
}

fn pages(r: &AuditReport) -> Markup {
    html! {
        section {
            h2 { "Pages (" (r.pages.len()) ")" }
            table {
                thead { tr { th { "page" } th { "status" } th { "consent state" } } }
                tbody { @for p in &r.pages {
                    tr {
                        td { code { (p.url) } }
                        td { @if let Some(e) = &p.error { "error: " (e) } @else if let Some(s) = p.status { (s) } }
                        td { @if let Some(s) = p.consent { (state_words(s)) } }
                    }
                } }
            }
        }
    }
}
