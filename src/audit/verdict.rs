//! Verdicts: how well the policy discloses one vendor the site loads, and the sentence that decides it.

use crate::model::{Category, ClaimKind, PolicyReport, Verdict};
use crate::vendors::{Vendor, VendorDb};

/// A verdict with the quote it rests on and the reason in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The verdict.
    pub verdict: Verdict,
    /// The deciding policy sentence.
    pub quote: Option<String>,
    /// Why.
    pub reason: String,
}

/// Whether a vague category mentioned in a policy covers a vendor of category `vendor`.
pub fn covers(mentioned: Category, vendor: Category) -> bool {
    use Category::*;
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

/// The claim a vendor's presence contradicts, if any, and how.
fn contradiction<'a>(policy: &'a PolicyReport, vendor: &Vendor, cookies_seen: &[String]) -> Option<(&'a str, String)> {
    use Category::*;
    let sets_cookies = !cookies_seen.is_empty() || !vendor.cookies.is_empty();
    let cookie_note = if cookies_seen.is_empty() {
        let known: Vec<&str> = vendor.cookies.iter().take(4).map(String::as_str).collect();
        format!("{} is known to set cookies ({})", vendor.name, known.join(", "))
    } else {
        format!("{} sets cookies ({})", vendor.name, cookies_seen.join(", "))
    };
    for claim in &policy.claims {
        let why = match claim.kind {
            ClaimKind::NoThirdPartyCookies if sets_cookies => {
                Some(format!("the policy says the site uses no third-party cookies, but {cookie_note}"))
            }
            ClaimKind::NoCookies if sets_cookies => {
                Some(format!("the policy says the site uses no cookies, but {cookie_note}"))
            }
            ClaimKind::NoSharing if matches!(vendor.category, Advertising | DataBroker | Social | Affiliate) => {
                Some(format!(
                    "the policy says personal data is not shared with third parties, but {} ({}) loads on the site",
                    vendor.name, vendor.category
                ))
            }
            ClaimKind::NoSelling if matches!(vendor.category, Advertising | DataBroker) => Some(format!(
                "the policy says personal data is not sold, but {} ({}) loads on the site; under laws such as the \
                 CCPA, sharing data with advertising trackers can be a sale",
                vendor.name, vendor.category
            )),
            ClaimKind::NoTracking if matches!(vendor.category, Advertising | DataBroker | Social | SessionReplay) => {
                Some(format!(
                    "the policy says visitors are not tracked, but {} ({}) loads on the site",
                    vendor.name, vendor.category
                ))
            }
            ClaimKind::NoThirdPartyAnalytics if matches!(vendor.category, Analytics | SessionReplay | AbTesting) => {
                Some(format!(
                    "the policy says no third-party analytics are used, but {} ({}) loads on the site",
                    vendor.name, vendor.category
                ))
            }
            _ => None,
        };
        if let Some(why) = why {
            return Some((claim.quote.as_str(), why));
        }
    }
    None
}

/// Judges one vendor against the policy. `cookies_seen` are the cookie names observed for the vendor.
pub fn judge(db: &VendorDb, vendor: &Vendor, policy: Option<&PolicyReport>, cookies_seen: &[String]) -> Judgement {
    let company = db.company_of(vendor);
    let Some(policy) = policy else {
        return Judgement {
            verdict: Verdict::Undisclosed,
            quote: None,
            reason: "no privacy policy was found to disclose it".into(),
        };
    };
    if let Some((quote, reason)) = contradiction(policy, vendor, cookies_seen) {
        return Judgement { verdict: Verdict::Contradicted, quote: Some(quote.to_string()), reason };
    }
    // Of several mentions, the first that reads as a sentence (not a bare heading such as "3. Google Fonts")
    // is the better evidence.
    let sentence_first = |quotes: Vec<&str>| -> Option<usize> {
        quotes.iter().position(|q| q.split_whitespace().count() >= 6).or((!quotes.is_empty()).then_some(0))
    };
    let own: Vec<&crate::model::VendorMention> = policy.vendors.iter().filter(|m| m.id == vendor.id).collect();
    if let Some(m) = sentence_first(own.iter().map(|m| m.quote.as_str()).collect()).map(|i| own[i]) {
        return Judgement {
            verdict: Verdict::Disclosed,
            quote: Some(m.quote.clone()),
            reason: format!("the policy names {} (as {:?})", vendor.name, m.matched),
        };
    }
    let lineage: Vec<&str> = db.lineage(company).map(|c| c.id.as_str()).collect();
    let parents: Vec<&crate::model::CompanyMention> =
        policy.companies.iter().filter(|m| lineage.contains(&m.id.as_str())).collect();
    if let Some(m) = sentence_first(parents.iter().map(|m| m.quote.as_str()).collect()).map(|i| parents[i]) {
        let relation = if m.id == company.id { "its company" } else { "its parent company" };
        return Judgement {
            verdict: Verdict::DisclosedParent,
            quote: Some(m.quote.clone()),
            reason: format!("the policy names only {relation} {} (as {:?}), not {}", m.name, m.matched, vendor.name),
        };
    }
    if let Some(m) = policy.categories.iter().find(|m| covers(m.category, vendor.category)) {
        return Judgement {
            verdict: Verdict::Vague,
            quote: Some(m.quote.clone()),
            reason: format!(
                "the policy mentions only {:?} ({}), not {} or {}",
                m.matched, m.category, vendor.name, company.name
            ),
        };
    }
    Judgement {
        verdict: Verdict::Undisclosed,
        quote: None,
        reason: format!(
            "the policy names neither {} nor {}, nor a category covering {}",
            vendor.name, company.name, vendor.category
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Claim, CompanyMention, TextFormat, VendorMention};

    fn policy() -> PolicyReport {
        PolicyReport {
            source: "p".into(),
            format: TextFormat::Text,
            words: 10,
            vendors: vec![],
            companies: vec![],
            categories: vec![],
            claims: vec![],
        }
    }

    #[test]
    fn verdict_ladder() {
        let db = VendorDb::builtin();
        let ga = db.vendor("google-analytics").unwrap();
        assert_eq!(judge(&db, ga, None, &[]).verdict, Verdict::Undisclosed);
        let mut p = policy();
        assert_eq!(judge(&db, ga, Some(&p), &[]).verdict, Verdict::Undisclosed);
        p.categories.push(crate::model::CategoryMention {
            category: Category::Analytics,
            matched: "analytics providers".into(),
            quote: "q1".into(),
            offset: 0,
        });
        assert_eq!(judge(&db, ga, Some(&p), &[]).verdict, Verdict::Vague);
        p.companies.push(CompanyMention {
            id: "alphabet".into(),
            name: "Alphabet Inc.".into(),
            matched: "Alphabet".into(),
            quote: "q2".into(),
            offset: 0,
        });
        let j = judge(&db, ga, Some(&p), &[]);
        assert_eq!((j.verdict, j.quote.as_deref()), (Verdict::DisclosedParent, Some("q2")));
        assert!(j.reason.contains("parent company"), "{}", j.reason);
        p.vendors.push(VendorMention {
            id: "google-analytics".into(),
            name: "Google Analytics".into(),
            company: "Google LLC".into(),
            category: Category::Analytics,
            matched: "GA4".into(),
            quote: "q3".into(),
            offset: 0,
        });
        assert_eq!(judge(&db, ga, Some(&p), &[]).verdict, Verdict::Disclosed);
        p.claims.push(Claim {
            kind: ClaimKind::NoThirdPartyCookies,
            quote: "We do not use third-party cookies.".into(),
            offset: 0,
        });
        let j = judge(&db, ga, Some(&p), &["_ga".into()]);
        assert_eq!(j.verdict, Verdict::Contradicted);
        assert!(j.reason.contains("sets cookies (_ga)"), "{}", j.reason);
    }

    #[test]
    fn sharing_claims_contradict_advertising_only() {
        let db = VendorDb::builtin();
        let mut p = policy();
        p.claims.push(Claim {
            kind: ClaimKind::NoSharing,
            quote: "We do not share data with third parties.".into(),
            offset: 0,
        });
        assert_eq!(judge(&db, db.vendor("criteo").unwrap(), Some(&p), &[]).verdict, Verdict::Contradicted);
        assert_eq!(judge(&db, db.vendor("jsdelivr").unwrap(), Some(&p), &[]).verdict, Verdict::Undisclosed);
        assert!(covers(Category::Analytics, Category::SessionReplay));
        assert!(!covers(Category::Analytics, Category::Advertising));
    }
}
