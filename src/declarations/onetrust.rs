//! OneTrust's cookie declaration: `OneTrust.GetDomainData()` in the page, or the `DomainData` of the
//! banner JSON (`cdn.cookielaw.org/consent/<id>/<id>.json` and its per-language files).
//!
//! `Groups[]` are the categories, each with a `GroupName` and an `OptanonGroupId` (`C0001` strictly
//! necessary, `C0002` performance, `C0003` functional, `C0004` targeting, `C0005` social media; custom ids
//! otherwise), its own cookies in `FirstPartyCookies[]` and third parties' in `Hosts[]`, each host with a
//! `HostName` and `Cookies[]`. A cookie has a `Name`, a `Host`, `IsSession`, a `Length` in days as a string
//! (`"365"`; `"0"` for a session cookie) and a `description`. The shape follows the OneTrust readers of the
//! CookieBlock project (github.com/dibollinger/CookieBlock-Consent-Crawler, `onetrust_commands.py`) and
//! excerpts of real domain data quoted in public write-ups; no complete domain data is kept in a public
//! repository we found, so the fixtures are written to that shape.

use serde_json::Value;

use super::{MAX_DECLARED, declared};
use crate::model::{CookieCategory, DeclarationSource, DeclaredCookie};

/// OneTrust's standard group ids.
const GROUP_IDS: &[(&str, CookieCategory)] = &[
    ("C0001", CookieCategory::Necessary),
    ("C0002", CookieCategory::Statistics),
    ("C0003", CookieCategory::Preferences),
    ("C0004", CookieCategory::Marketing),
    ("C0005", CookieCategory::Marketing),
];

/// The most groups read (real banners have a few dozen with the IAB purposes).
const MAX_GROUPS: usize = 500;

/// The declared cookies of OneTrust's domain data: the object `OneTrust.GetDomainData()` returns, or a banner
/// JSON holding it as `DomainData`. Each cookie gets its group's category: from a standard group id, else
/// from the group's name, else from its parent group's id.
pub fn from_onetrust(json: &Value) -> Vec<DeclaredCookie> {
    let data = json.get("DomainData").unwrap_or(json);
    let mut out = Vec::new();
    let Some(groups) = data.get("Groups").and_then(Value::as_array) else { return out };
    for group in groups.iter().take(MAX_GROUPS) {
        let category = category(group);
        let first_party = group.get("FirstPartyCookies").and_then(Value::as_array).into_iter().flatten();
        for cookie in first_party {
            push(&mut out, cookie, None, category);
        }
        for host in group.get("Hosts").and_then(Value::as_array).into_iter().flatten() {
            let host_name = host.get("HostName").and_then(Value::as_str);
            for cookie in host.get("Cookies").and_then(Value::as_array).into_iter().flatten() {
                push(&mut out, cookie, host_name, category);
            }
        }
        if out.len() >= MAX_DECLARED {
            out.truncate(MAX_DECLARED);
            break;
        }
    }
    out
}

/// A group's category.
fn category(group: &Value) -> Option<CookieCategory> {
    let id = |key: &str| group.get(key).and_then(Value::as_str).map(str::trim);
    let standard = |id: &str| GROUP_IDS.iter().find(|(g, _)| *g == id).map(|&(_, c)| c);
    id("OptanonGroupId")
        .and_then(standard)
        .or_else(|| id("GroupName").and_then(CookieCategory::from_words))
        .or_else(|| id("Parent").and_then(standard))
}

/// Adds one cookie entry, if it has a name and there is room.
fn push(out: &mut Vec<DeclaredCookie>, cookie: &Value, host_name: Option<&str>, category: Option<CookieCategory>) {
    if out.len() >= MAX_DECLARED {
        return;
    }
    let text = |key: &str| match cookie.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let Some(name) = text("Name") else { return };
    let session = cookie.get("IsSession").and_then(Value::as_bool) == Some(true);
    let length = if session { Some("Session".to_string()) } else { text("Length") };
    let provider = text("Host").or_else(|| host_name.map(str::to_string));
    let description = text("description").or_else(|| text("Description")).unwrap_or_default();
    let quote = [Some(name.clone()), provider.clone(), length.clone(), Some(description)]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" | ");
    let source = DeclarationSource::OneTrust;
    if let Some(d) = declared(&name, provider.as_deref(), category, length.as_deref(), &source, &quote) {
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::DeclaredLifetime;

    #[test]
    fn groups_hosts_and_lengths() {
        let data = json!({"DomainData": {"Groups": [
            {"OptanonGroupId": "C0001", "GroupName": "Strictly Necessary Cookies", "FirstPartyCookies": [
                {"Name": "OptanonConsent", "Host": "example.test", "IsSession": false, "Length": "365"},
                {"Name": "JSESSIONID", "Host": "example.test", "IsSession": true, "Length": "0"}
            ], "Hosts": []},
            {"OptanonGroupId": "C0004", "GroupName": "Targeting Cookies", "FirstPartyCookies": [], "Hosts": [
                {"HostName": "doubleclick.net", "Cookies": [{"Name": "IDE", "Length": 390, "description": "Ads."}]}
            ]},
            {"OptanonGroupId": "BG12", "GroupName": "Leistungs-Cookies", "FirstPartyCookies": [{"Name": "_ga"}]},
            {"OptanonGroupId": "BG13", "GroupName": "Other", "Parent": "C0003",
             "FirstPartyCookies": [{"Name": "lang", "Length": "0"}, {"Host": "nameless.test"}, "junk"]}
        ]}});
        let got = from_onetrust(&data);
        let names: Vec<&str> = got.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["OptanonConsent", "JSESSIONID", "IDE", "_ga", "lang"]);
        assert_eq!(got[0].days(), Some(365.0));
        assert_eq!(got[0].category, Some(CookieCategory::Necessary));
        assert_eq!(got[1].lifetime, Some(DeclaredLifetime::Session));
        assert_eq!(got[2].provider.as_deref(), Some("doubleclick.net"));
        assert_eq!(got[2].days(), Some(390.0));
        assert_eq!(got[2].category, Some(CookieCategory::Marketing));
        assert_eq!(got[2].quote, "IDE | doubleclick.net | 390 | Ads.");
        assert_eq!(got[3].category, Some(CookieCategory::Statistics));
        assert_eq!(got[3].lifetime, None);
        assert_eq!(got[4].category, Some(CookieCategory::Preferences));
        assert_eq!(got[4].lifetime, Some(DeclaredLifetime::Session));
        // GetDomainData() returns the inner object.
        assert_eq!(from_onetrust(&data["DomainData"]).len(), 5);
        assert!(from_onetrust(&json!({"Groups": "x"})).is_empty());
        assert!(from_onetrust(&json!(null)).is_empty());
    }

    #[test]
    fn bounded() {
        let cookies: Vec<Value> = (0..3000).map(|i| json!({"Name": format!("c{i}"), "Length": "1"})).collect();
        let data = json!({"Groups": [{"FirstPartyCookies": cookies.clone()}, {"FirstPartyCookies": cookies}]});
        assert_eq!(from_onetrust(&data).len(), MAX_DECLARED);
    }
}
