//! Verdicts: how well the policy discloses one vendor the site loads, and the sentence that decides it.

use crate::model::{AuditPolicy, Category, ClaimKind, CompanyMention, SetBy, VendorMention, Verdict};
use crate::vendors::{Vendor, VendorDb};

/// A verdict with the quote it rests on and the reason in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The verdict.
    pub verdict: Verdict,
    /// The deciding policy sentence.
    pub quote: Option<String>,
    /// The URL of the document it is from.
    pub quote_source: Option<String>,
    /// Why.
    pub reason: String,
}

/// Whether a vague category mentioned in a policy covers a vendor of category `vendor`.
pub fn covers(mentioned: Category, vendor: Category) -> bool {
    use Category::{
        AbTesting, Advertising, Affiliate, Analytics, Cdn, DataBroker, Email, Fonts, Hosting, MarketingAutomation,
        SessionReplay, TagManager,
    };
    mentioned == vendor
        || matches!(
            (mentioned, vendor),
            (Analytics, SessionReplay | AbTesting | TagManager)
                | (Advertising, Affiliate | DataBroker)
                | (MarketingAutomation, Email)
                | (Email, MarketingAutomation)
                | (Hosting, Cdn)
                | (Cdn, Hosting | Fonts)
        )
}

/// A cookie observed for a vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenCookie {
    /// Its name.
    pub name: String,
    /// Its domain, when known (the browser engine).
    pub domain: Option<String>,
    /// Whether its domain is the vendor's (or any domain but the site's): a third-party cookie.
    pub third_party: bool,
    /// What set it.
    pub set_by: SetBy,
    /// The page after which it was seen.
    pub page: String,
}

/// What the audit observed of a vendor's cookies.
#[derive(Debug, Clone, Copy)]
pub struct CookieEvidence<'a> {
    /// The cookies seen.
    pub seen: &'a [SeenCookie],
    /// Whether a browser ran the site: then only cookies actually seen count, and every cookie the vendor set
    /// was seen; the static engine sees only the site's own `Set-Cookie` headers and relies on what the vendor
    /// is known to set.
    pub browser: bool,
    /// (Browser engine) whether the vendor loaded (a request that did not fail) with Global Privacy Control on.
    pub under_gpc: bool,
}

impl CookieEvidence<'_> {
    /// No cookie seen, static engine.
    pub const NONE: CookieEvidence<'static> = CookieEvidence { seen: &[], browser: false, under_gpc: false };
}

fn names(list: &[String]) -> String {
    let mut shown: Vec<&str> = list.iter().take(4).map(String::as_str).collect();
    if list.len() > 4 {
        shown.push("…");
    }
    shown.join(", ")
}

fn describe(c: &SeenCookie) -> String {
    let domain = c.domain.as_deref().map(|d| format!(" on {d}")).unwrap_or_default();
    format!("{}{domain} ({}, after {})", c.name, c.set_by, c.page)
}

/// Why a vendor contradicts "we use no third-party cookies", if it does: a third-party cookie the browser saw,
/// or (static engine) third-party cookies the vendor is known to set when it loads. First-party cookies (GA's
/// `_ga`, set by its script on the site's own domain) do not contradict it.
fn third_party_cookie_note(vendor: &Vendor, cookies: CookieEvidence<'_>) -> Option<String> {
    if cookies.browser {
        let third: Vec<String> = cookies.seen.iter().filter(|c| c.third_party).map(describe).collect();
        return (!third.is_empty())
            .then(|| format!("{} set the third-party cookie(s) {}", vendor.name, third.join("; ")));
    }
    vendor.sets_third_party_cookies().then(|| {
        format!(
            "{} is known to set third-party cookies on its own domains when it loads ({})",
            vendor.name,
            names(&vendor.third_party_cookies)
        )
    })
}

/// Why a vendor contradicts "we use no cookies", if it does: any cookie seen, or (static engine) any cookie the
/// vendor is known to set.
fn any_cookie_note(vendor: &Vendor, cookies: CookieEvidence<'_>) -> Option<String> {
    if !cookies.seen.is_empty() {
        let seen: Vec<String> = cookies.seen.iter().map(describe).collect();
        return Some(format!("{} set the cookie(s) {}", vendor.name, seen.join("; ")));
    }
    if cookies.browser {
        return None;
    }
    let known: Vec<String> = vendor.cookies.iter().chain(&vendor.third_party_cookies).cloned().collect();
    (!known.is_empty()).then(|| format!("{} is known to set cookies when it loads ({})", vendor.name, names(&known)))
}

/// The claim a vendor's presence contradicts, if any: the document, the claim's quote and why.
fn contradiction<'a>(
    docs: &[&'a AuditPolicy],
    vendor: &Vendor,
    cookies: CookieEvidence<'_>,
) -> Option<(&'a AuditPolicy, &'a str, String)> {
    use Category::{AbTesting, Advertising, Affiliate, Analytics, DataBroker, SessionReplay, Social};
    for doc in docs {
        let says = format!("the {} says", doc.kind.label());
        for claim in &doc.report.claims {
            let why = match claim.kind {
                ClaimKind::NoThirdPartyCookies => third_party_cookie_note(vendor, cookies)
                    .map(|note| format!("{says} the site uses no third-party cookies, but {note}")),
                ClaimKind::NoCookies => {
                    any_cookie_note(vendor, cookies).map(|note| format!("{says} the site uses no cookies, but {note}"))
                }
                ClaimKind::NoSharing if matches!(vendor.category, Advertising | DataBroker | Social | Affiliate) => {
                    Some(format!(
                        "{says} personal data is not shared with third parties, but {} ({}) loads on the site",
                        vendor.name, vendor.category
                    ))
                }
                ClaimKind::NoSelling if matches!(vendor.category, Advertising | DataBroker) => Some(format!(
                    "{says} personal data is not sold, but {} ({}) loads on the site; under laws such as the \
                     CCPA, sharing data with advertising trackers can be a sale",
                    vendor.name, vendor.category
                )),
                ClaimKind::NoTracking
                    if matches!(vendor.category, Advertising | DataBroker | Social | SessionReplay) =>
                {
                    Some(format!(
                        "{says} visitors are not tracked, but {} ({}) loads on the site",
                        vendor.name, vendor.category
                    ))
                }
                ClaimKind::NoThirdPartyAnalytics
                    if matches!(vendor.category, Analytics | SessionReplay | AbTesting) =>
                {
                    Some(format!(
                        "{says} no third-party analytics are used, but {} ({}) loads on the site",
                        vendor.name, vendor.category
                    ))
                }
                ClaimKind::NoSessionRecording if vendor.category == SessionReplay => Some(format!(
                    "{says} sessions are not recorded, but {} (session replay) loads on the site",
                    vendor.name
                )),
                ClaimKind::HonoursGpc if cookies.under_gpc && super::consent::sells_or_shares(vendor.category) => {
                    Some(format!(
                        "{says} Global Privacy Control signals are honoured, but {} ({}) loaded with GPC on \
                         (Sec-GPC: 1, navigator.globalPrivacyControl)",
                        vendor.name, vendor.category
                    ))
                }
                _ => None,
            };
            if let Some(why) = why {
                return Some((doc, claim.quote.as_str(), why));
            }
        }
    }
    None
}

/// "the policy" for the privacy policy, "the cookie policy" for the others.
fn the(doc: &AuditPolicy) -> String {
    match doc.kind {
        crate::model::DocumentKind::PrivacyPolicy => "the policy".into(),
        kind => format!("the {}", kind.label()),
    }
}

/// Of several mentions, the first that reads as a sentence (not a bare heading such as "3. Google Fonts") is
/// the better evidence.
fn sentence_first<T>(mentions: &[(&AuditPolicy, T)], quote: impl Fn(&T) -> &str) -> Option<usize> {
    mentions.iter().position(|(_, m)| quote(m).split_whitespace().count() >= 6).or((!mentions.is_empty()).then_some(0))
}

/// Judges one vendor against the site's policy documents (the privacy policy first), with the cookies observed
/// for it. A claim of any document can contradict it; a mention in any document discloses it.
pub fn judge(db: &VendorDb, vendor: &Vendor, docs: &[&AuditPolicy], cookies: CookieEvidence<'_>) -> Judgement {
    let company = db.company_of(vendor);
    if docs.is_empty() {
        return Judgement {
            verdict: Verdict::Undisclosed,
            quote: None,
            quote_source: None,
            reason: "no privacy policy was found to disclose it".into(),
        };
    }
    let found = |verdict, doc: &AuditPolicy, quote: &str, reason| Judgement {
        verdict,
        quote: Some(quote.to_string()),
        quote_source: Some(doc.url.clone()),
        reason,
    };
    if let Some((doc, quote, reason)) = contradiction(docs, vendor, cookies) {
        return found(Verdict::Contradicted, doc, quote, reason);
    }
    let own: Vec<(&AuditPolicy, &VendorMention)> =
        docs.iter().flat_map(|d| d.report.vendors.iter().filter(|m| m.id == vendor.id).map(move |m| (*d, m))).collect();
    if let Some((doc, m)) = sentence_first(&own, |m| m.quote.as_str()).map(|i| own[i]) {
        let reason = format!("{} names {} (as {:?})", the(doc), vendor.name, m.matched);
        return found(Verdict::Disclosed, doc, &m.quote, reason);
    }
    let lineage: Vec<&str> = db.lineage(company).map(|c| c.id.as_str()).collect();
    let parents: Vec<(&AuditPolicy, &CompanyMention)> = docs
        .iter()
        .flat_map(|d| d.report.companies.iter().filter(|m| lineage.contains(&m.id.as_str())).map(move |m| (*d, m)))
        .collect();
    if let Some((doc, m)) = sentence_first(&parents, |m| m.quote.as_str()).map(|i| parents[i]) {
        let relation = if m.id == company.id { "its company" } else { "its parent company" };
        let reason = format!("{} names only {relation} {} (as {:?}), not {}", the(doc), m.name, m.matched, vendor.name);
        return found(Verdict::DisclosedParent, doc, &m.quote, reason);
    }
    let category = docs
        .iter()
        .find_map(|d| d.report.categories.iter().find(|m| covers(m.category, vendor.category)).map(|m| (*d, m)));
    if let Some((doc, m)) = category {
        let reason = format!(
            "{} mentions only {:?} ({}), not {} or {}",
            the(doc),
            m.matched,
            m.category,
            vendor.name,
            company.name
        );
        return found(Verdict::Vague, doc, &m.quote, reason);
    }
    let reason = if let [doc] = docs {
        format!(
            "{} names neither {} nor {}, nor a category covering {}",
            the(doc),
            vendor.name,
            company.name,
            vendor.category
        )
    } else {
        let read: Vec<&str> = docs.iter().map(|d| d.kind.label()).collect();
        format!(
            "none of the policy documents ({}) names {} or {}, nor a category covering {}",
            read.join(", "),
            vendor.name,
            company.name,
            vendor.category
        )
    };
    Judgement { verdict: Verdict::Undisclosed, quote: None, quote_source: None, reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentKind;

    use crate::policy::test_document as doc;

    fn privacy(text: &str) -> AuditPolicy {
        doc(DocumentKind::PrivacyPolicy, "https://x.test/privacy", text)
    }

    fn cookie(name: &str, domain: &str, third_party: bool) -> SeenCookie {
        SeenCookie {
            name: name.into(),
            domain: Some(domain.into()),
            third_party,
            set_by: SetBy::JavaScript,
            page: "https://x.test/".into(),
        }
    }

    #[test]
    fn verdict_ladder() {
        let db = VendorDb::builtin();
        let ga = db.vendor("google-analytics").unwrap();
        let judge = |docs: &[&AuditPolicy]| judge(&db, ga, docs, CookieEvidence::NONE);
        assert_eq!(judge(&[]).verdict, Verdict::Undisclosed);
        let p = privacy("We keep your orders for seven years.");
        let j = judge(&[&p]);
        assert_eq!(j.verdict, Verdict::Undisclosed);
        assert!(j.reason.starts_with("the policy names neither Google Analytics nor Google LLC"), "{}", j.reason);
        let p = privacy("We share usage data with our analytics providers.");
        assert_eq!(judge(&[&p]).verdict, Verdict::Vague);
        let p = privacy("We share usage data with our analytics providers, such as Alphabet Inc. and others.");
        let j = judge(&[&p]);
        assert_eq!(j.verdict, Verdict::DisclosedParent, "{}", j.reason);
        assert!(j.reason.contains("parent company"), "{}", j.reason);
        let p = privacy("We use Google Analytics to count visits to our pages.");
        let j = judge(&[&p]);
        assert_eq!((j.verdict, j.quote_source.as_deref()), (Verdict::Disclosed, Some("https://x.test/privacy")));
    }

    #[test]
    fn a_session_recorder_contradicts_a_denial_of_session_recording_and_an_analytics_tool_does_not() {
        let db = VendorDb::builtin();
        let p = privacy("We use Hotjar and Google Analytics. We do not record your sessions.");
        let hotjar = db.vendor("hotjar").unwrap();
        let j = judge(&db, hotjar, &[&p], CookieEvidence::NONE);
        assert_eq!(j.verdict, Verdict::Contradicted, "{}", j.reason);
        assert!(j.reason.contains("sessions are not recorded"), "{}", j.reason);
        assert_eq!(j.quote.as_deref(), Some("We do not record your sessions."));
        let ga = db.vendor("google-analytics").unwrap();
        assert_eq!(judge(&db, ga, &[&p], CookieEvidence::NONE).verdict, Verdict::Disclosed);
    }

    #[test]
    fn first_party_cookies_do_not_contradict_no_third_party_cookies() {
        let db = VendorDb::builtin();
        let ga = db.vendor("google-analytics").unwrap();
        let p = privacy("We use Google Analytics to count visits. We do not use third-party cookies.");
        // Static engine: GA is known to set only first-party cookies.
        assert!(!ga.sets_third_party_cookies(), "{:?}", ga.third_party_cookies);
        assert_eq!(judge(&db, ga, &[&p], CookieEvidence::NONE).verdict, Verdict::Disclosed);
        // Browser engine: `_ga` seen on the site's own domain.
        let seen = [cookie("_ga", ".x.test", false)];
        assert_eq!(
            judge(&db, ga, &[&p], CookieEvidence { seen: &seen, browser: true, under_gpc: false }).verdict,
            Verdict::Disclosed
        );
        // But GA does contradict "no cookies at all".
        let p = privacy("We use Google Analytics to count visits. We do not use cookies.");
        let j = judge(&db, ga, &[&p], CookieEvidence::NONE);
        assert_eq!(j.verdict, Verdict::Contradicted);
        assert!(j.reason.contains("is known to set cookies when it loads (_ga"), "{}", j.reason);
        let j = judge(&db, ga, &[&p], CookieEvidence { seen: &seen, browser: true, under_gpc: false });
        assert!(j.reason.contains("set the cookie(s) _ga on .x.test"), "{}", j.reason);
    }

    #[test]
    fn third_party_cookies_contradict_in_both_engines() {
        let db = VendorDb::builtin();
        let yt = db.vendor("youtube").unwrap();
        let p = privacy("We embed videos from YouTube on some pages. We do not use third-party cookies.");
        let j = judge(&db, yt, &[&p], CookieEvidence::NONE);
        assert_eq!(j.verdict, Verdict::Contradicted);
        assert!(j.reason.contains("YouTube is known to set third-party cookies"), "{}", j.reason);
        assert!(j.reason.contains("VISITOR_INFO1_LIVE"), "{}", j.reason);
        assert_eq!(j.quote.as_deref(), Some("We do not use third-party cookies."));
        let seen = [cookie("VISITOR_INFO1_LIVE", ".youtube.com", true)];
        let j = judge(&db, yt, &[&p], CookieEvidence { seen: &seen, browser: true, under_gpc: false });
        assert_eq!(j.verdict, Verdict::Contradicted);
        assert!(j.reason.contains("set the third-party cookie(s) VISITOR_INFO1_LIVE on .youtube.com"), "{}", j.reason);
        // In the browser, a vendor that set no third-party cookie does not contradict the claim.
        let j = judge(&db, yt, &[&p], CookieEvidence { seen: &[], browser: true, under_gpc: false });
        assert_eq!(j.verdict, Verdict::Disclosed, "{}", j.reason);
    }

    #[test]
    fn every_document_counts_and_quotes_come_from_the_right_one() {
        let db = VendorDb::builtin();
        let hotjar = db.vendor("hotjar").unwrap();
        let p = privacy("We process your order data to deliver your purchases.");
        let c = doc(
            DocumentKind::CookiePolicy,
            "https://x.test/cookies",
            "Hotjar sets the _hjSession cookie to record anonymised visits.",
        );
        let j = judge(&db, hotjar, &[&p, &c], CookieEvidence::NONE);
        assert_eq!(j.verdict, Verdict::Disclosed);
        assert_eq!(j.quote_source.as_deref(), Some("https://x.test/cookies"));
        assert!(j.reason.starts_with("the cookie policy names Hotjar"), "{}", j.reason);
        let j = judge(&db, db.vendor("criteo").unwrap(), &[&p, &c], CookieEvidence::NONE);
        assert_eq!(j.verdict, Verdict::Undisclosed);
        assert!(j.reason.contains("none of the policy documents (privacy policy, cookie policy)"), "{}", j.reason);
    }

    #[test]
    fn sharing_claims_contradict_advertising_only() {
        let db = VendorDb::builtin();
        let p = privacy("We do not share your personal data with third parties.");
        let j = judge(&db, db.vendor("criteo").unwrap(), &[&p], CookieEvidence::NONE);
        assert_eq!(j.verdict, Verdict::Contradicted, "{}", j.reason);
        let j = judge(&db, db.vendor("jsdelivr").unwrap(), &[&p], CookieEvidence::NONE);
        assert_eq!(j.verdict, Verdict::Undisclosed);
        assert!(covers(Category::Analytics, Category::SessionReplay));
        assert!(!covers(Category::Analytics, Category::Advertising));
    }

    #[test]
    fn every_claim_is_contradicted_only_by_vendors_it_covers() {
        let db = VendorDb::builtin();
        let verdict = |text: &str, vendor: &str, cookies: CookieEvidence<'_>| {
            let p = privacy(text);
            let j = judge(&db, db.vendor(vendor).unwrap(), &[&p], cookies);
            (j.verdict, j.reason)
        };
        let seen = [cookie("_hjSessionUser_1", "www.x.test", false)];
        let browser = CookieEvidence { seen: &seen, browser: true, under_gpc: false };
        let cases: [(&str, &str, CookieEvidence<'_>, Verdict, &str); 8] = [
            ("This website does not use cookies.", "hotjar", browser, Verdict::Contradicted, "no cookies"),
            ("This website does not use cookies.", "jsdelivr", CookieEvidence::NONE, Verdict::Undisclosed, ""),
            (
                "We do not sell your personal information.",
                "criteo",
                CookieEvidence::NONE,
                Verdict::Contradicted,
                "sale",
            ),
            ("We do not sell your personal information.", "hotjar", CookieEvidence::NONE, Verdict::Undisclosed, ""),
            (
                "We do not track visitors across other websites.",
                "criteo",
                CookieEvidence::NONE,
                Verdict::Contradicted,
                "not tracked",
            ),
            (
                "We do not track visitors across other websites.",
                "jsdelivr",
                CookieEvidence::NONE,
                Verdict::Undisclosed,
                "",
            ),
            (
                "We do not use any third-party analytics.",
                "hotjar",
                CookieEvidence::NONE,
                Verdict::Contradicted,
                "no third-party analytics",
            ),
            ("We do not use any third-party analytics.", "criteo", CookieEvidence::NONE, Verdict::Undisclosed, ""),
        ];
        for (text, vendor, cookies, want, because) in cases {
            let (got, reason) = verdict(text, vendor, cookies);
            assert_eq!(got, want, "{vendor} against {text:?}: {reason}");
            assert!(reason.contains(because), "{vendor} against {text:?}: {reason}");
        }
    }
}
