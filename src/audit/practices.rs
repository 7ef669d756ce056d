//! How the site's policy documents stand on a practice the audit observed by behaviour (a script that
//! fingerprints, records sessions, or sends what a visitor types): `contradicted` when a claim denies it,
//! `disclosed` when a sentence speaks of it, `vague` when only the vendor doing it is named, `undisclosed`
//! otherwise.

use crate::model::{AuditPolicy, AuditReport, Category, ClaimKind, PolicyStance, Practice, Verdict};
use crate::vendors::VendorDb;

/// The claims that deny `practice`. What a visitor types going to a third party before they submit is
/// personal data shared with it, which "we do not share your data with third parties" denies.
fn denials(practice: Practice, third_party: bool) -> &'static [ClaimKind] {
    match practice {
        Practice::Fingerprinting => &[ClaimKind::NoFingerprinting],
        Practice::SessionRecording => &[ClaimKind::NoSessionRecording],
        Practice::Keystrokes if third_party => &[ClaimKind::NoSharing],
        Practice::Keystrokes => &[],
    }
}

/// The policy's stance on `practice`, observed in `what` (a script, a request) of `vendor` (by id) when known;
/// `third_party` when what was observed went to, or came from, a third party.
pub(crate) fn stance(
    db: &VendorDb,
    docs: &[&AuditPolicy],
    practice: Practice,
    (vendor, third_party): (Option<&str>, bool),
    what: &str,
) -> PolicyStance {
    let stance = |verdict, doc: Option<&AuditPolicy>, quote: Option<&str>, reason: String| PolicyStance {
        verdict,
        quote: quote.map(str::to_string),
        quote_source: doc.map(|d| d.url.clone()),
        reason,
    };
    if docs.is_empty() {
        return stance(
            Verdict::Undisclosed,
            None,
            None,
            format!("no privacy policy was found to disclose {}", practice.words()),
        );
    }
    for doc in docs {
        if let Some(c) = doc.report.claims.iter().find(|c| denials(practice, third_party).contains(&c.kind)) {
            let reason = format!("the {} says the site does not do it ({}), but {what}", doc.kind.label(), c.kind);
            return stance(Verdict::Contradicted, Some(doc), Some(&c.quote), reason);
        }
    }
    for doc in docs {
        if let Some(m) = doc.report.practices.iter().find(|m| m.practice == practice) {
            let reason = format!("the {} speaks of {} (as {:?})", doc.kind.label(), practice.words(), m.matched);
            return stance(Verdict::Disclosed, Some(doc), Some(&m.quote), reason);
        }
        // "session replay providers", "Heatmap-Dienste": the vague category speaks of the practice too.
        let replay = doc.report.categories.iter().find(|c| c.category == Category::SessionReplay);
        if let (Practice::SessionRecording, Some(c)) = (practice, replay) {
            let reason = format!("the {} speaks of {} (as {:?})", doc.kind.label(), practice.words(), c.matched);
            return stance(Verdict::Disclosed, Some(doc), Some(&c.quote), reason);
        }
    }
    if let Some(v) = vendor.and_then(|id| db.vendor(id)) {
        for doc in docs {
            if let Some(m) = doc.report.vendors.iter().find(|m| m.id == v.id) {
                let reason = format!(
                    "the {} names {} (as {:?}) but not {}",
                    doc.kind.label(),
                    v.name,
                    m.matched,
                    practice.words()
                );
                return stance(Verdict::Vague, Some(doc), Some(&m.quote), reason);
            }
        }
    }
    let reason = if let [doc] = docs {
        format!("the {} never mentions {}", doc.kind.label(), practice.words())
    } else {
        let read: Vec<&str> = docs.iter().map(|d| d.kind.label()).collect();
        format!("none of the policy documents ({}) mentions {}", read.join(", "), practice.words())
    };
    stance(Verdict::Undisclosed, None, None, reason)
}

/// Judges every behaviour finding of `report` against its policy documents.
pub(crate) fn judge(report: &mut AuditReport, db: &VendorDb) {
    let docs: Vec<AuditPolicy> = report.documents().cloned().collect();
    let docs: Vec<&AuditPolicy> = docs.iter().collect();
    for f in &mut report.fingerprinting {
        let what = format!("{} fingerprints the browser ({}) on {}", f.script, f.kinds_text(), f.page);
        let who = (f.vendor.as_deref(), f.vendor.is_some());
        f.policy = Some(stance(db, &docs, Practice::Fingerprinting, who, &what));
    }
    for f in &mut report.session_recording {
        let what = format!("{} records the session ({}) on {}", f.script, f.how_text(), f.page);
        let who = (f.vendor.as_deref(), f.vendor.is_some());
        f.policy = Some(stance(db, &docs, Practice::SessionRecording, who, &what));
    }
    for f in &mut report.form_leaks {
        let what = format!("on {} {}", f.page, f.words());
        let who = (f.vendor.as_deref(), !f.first_party);
        f.policy = Some(stance(db, &docs, Practice::Keystrokes, who, &what));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentKind;
    use crate::policy::test_document as doc;

    fn privacy(text: &str) -> AuditPolicy {
        doc(DocumentKind::PrivacyPolicy, "https://x.test/privacy", text)
    }

    #[test]
    fn a_denial_contradicts_a_mention_discloses_a_named_vendor_is_vague_and_silence_is_undisclosed() {
        let db = crate::vendors::VendorDb::builtin();
        let judge =
            |text: &str, practice, vendor| stance(&db, &[&privacy(text)], practice, (vendor, true), "fp.js does it");
        let s = judge("We do not use browser fingerprinting.", Practice::Fingerprinting, None);
        assert_eq!(
            (s.verdict, s.quote.as_deref()),
            (Verdict::Contradicted, Some("We do not use browser fingerprinting."))
        );
        assert!(s.reason.ends_with("(no-fingerprinting), but fp.js does it"), "{}", s.reason);
        let s = judge(
            "Diese Datenschutzerklärung gilt für unsere Website. Wir verzichten auf Fingerprinting und ähnliche \
             Techniken. Ihre Daten werden nicht an Dritte weitergegeben.",
            Practice::Fingerprinting,
            None,
        );
        assert_eq!(s.verdict, Verdict::Contradicted, "{s:?}");
        let s = judge("We use device fingerprinting to prevent fraud.", Practice::Fingerprinting, None);
        assert_eq!((s.verdict, s.quote_source.as_deref()), (Verdict::Disclosed, Some("https://x.test/privacy")));
        let s = judge("We use Hotjar to improve the site.", Practice::SessionRecording, Some("hotjar"));
        assert_eq!(s.verdict, Verdict::Vague, "{s:?}");
        assert!(s.reason.contains("names Hotjar") && s.reason.ends_with("not session recording"), "{}", s.reason);
        let s = judge("Nous utilisons des cartes de chaleur.", Practice::SessionRecording, Some("hotjar"));
        assert_eq!(s.verdict, Verdict::Disclosed, "{s:?}");
        let s = judge("We keep your orders for seven years.", Practice::Fingerprinting, None);
        assert_eq!(s.verdict, Verdict::Undisclosed);
        assert_eq!(s.reason, "the privacy policy never mentions fingerprinting");
        let p = privacy("We do not share your personal data with third parties.");
        let sent = |third_party| stance(&db, &[&p], Practice::Keystrokes, (None, third_party), "the email was sent");
        assert_eq!(sent(true).verdict, Verdict::Contradicted, "typed data sent to a third party is shared");
        assert_eq!(sent(false).verdict, Verdict::Undisclosed, "the site's own server is no third party");
        let none = stance(&db, &[], Practice::Keystrokes, (None, true), "x");
        assert_eq!(none.verdict, Verdict::Undisclosed);
        assert!(none.reason.starts_with("no privacy policy was found"), "{}", none.reason);
    }
}
