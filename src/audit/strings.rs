//! Consent and privacy strings in words: whether each records an opt-out of sale or sharing, and what it says.

use crate::consent_strings::{GppString, TcString, UsPrivacy};
use crate::model::PrivacyStringKind;

/// Whether the string records an opt-out of sale or sharing (`None` when it does not say or does not apply;
/// a TC string never does), and its meaning in words (or why it could not be read).
pub(super) fn decode(kind: PrivacyStringKind, value: &str) -> (Option<bool>, String) {
    match kind {
        PrivacyStringKind::Usp => match UsPrivacy::parse(value) {
            Ok(u) => {
                let out = u.opted_out_of_sale();
                let words = match out {
                    Some(true) => "opted out of sale",
                    Some(false) => "not opted out of sale",
                    None => "the opt-out of sale does not apply",
                };
                (out, format!("US Privacy {value}: {words}"))
            }
            Err(e) => (None, format!("not a US Privacy string: {e}")),
        },
        PrivacyStringKind::Gpp => match GppString::parse(value) {
            Ok(g) => {
                let mut said = Vec::new();
                let mut out: Option<bool> = None;
                for o in g.opt_outs() {
                    let fields =
                        [("sale", o.sale), ("sharing", o.sharing), ("targeted advertising", o.targeted_advertising)];
                    for (what, v) in fields {
                        match v {
                            Some(true) => {
                                said.push(format!("{}: opted out of {what}", o.section));
                                out = Some(out.unwrap_or(true));
                            }
                            Some(false) => {
                                said.push(format!("{}: not opted out of {what}", o.section));
                                out = Some(false);
                            }
                            None => {}
                        }
                    }
                    if let Some(gpc) = o.gpc {
                        said.push(format!("{}: GPC {}", o.section, if gpc { "recorded" } else { "not recorded" }));
                    }
                }
                let ids: Vec<String> = g.section_ids().iter().map(ToString::to_string).collect();
                let words = if said.is_empty() { "no US opt-out field".to_string() } else { said.join("; ") };
                (out, format!("GPP sections {}: {words}", ids.join(", ")))
            }
            Err(e) => (None, format!("not a GPP string: {e}")),
        },
        PrivacyStringKind::Tcf => match TcString::parse(value) {
            Ok(t) => (
                None,
                format!(
                    "TC string of CMP {} (version {}): purposes consented {:?}, {} vendor consents",
                    t.cmp_id,
                    t.cmp_version,
                    t.purposes_consent,
                    t.vendor_consents.len()
                ),
            ),
            Err(e) => (None, format!("not a TC string: {e}")),
        },
    }
}
