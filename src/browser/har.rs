//! HAR 1.2 files (`--har DIR`): one per site and consent state, each page a HAR page, each request an entry
//! with its headers, status, type and initiator, so that a reviewer can open it in any HAR viewer.

use serde_json::{Value, json};

use crate::browser_page::NetRequest;

/// The pages and requests of one session.
#[derive(Debug, Default)]
pub(crate) struct HarLog {
    pages: Vec<Value>,
    entries: Vec<Value>,
}

fn iso(epoch: f64) -> String {
    chrono::DateTime::from_timestamp_millis((epoch * 1000.0) as i64)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

fn headers(h: &[(String, String)]) -> Value {
    Value::Array(h.iter().map(|(k, v)| json!({ "name": k, "value": v })).collect())
}

impl HarLog {
    /// Adds a page and its requests.
    pub(crate) fn add_page(&mut self, url: &str, requests: &[NetRequest]) {
        let id = format!("page_{}", self.pages.len() + 1);
        let started = requests.first().map(|r| r.started).unwrap_or_default();
        self.pages.push(json!({
            "startedDateTime": iso(started),
            "id": id,
            "title": url,
            "pageTimings": {},
        }));
        for r in requests {
            let query: Vec<Value> = r.url.query_pairs().map(|(k, v)| json!({ "name": k, "value": v })).collect();
            let time = r.duration_ms.unwrap_or(0.0);
            self.entries.push(json!({
                "pageref": id,
                "startedDateTime": iso(r.started),
                "time": time,
                "request": {
                    "method": r.method,
                    "url": r.url.as_str(),
                    "httpVersion": "",
                    "cookies": [],
                    "headers": headers(&r.request_headers),
                    "queryString": query,
                    "headersSize": -1,
                    "bodySize": -1,
                },
                "response": {
                    "status": r.status.unwrap_or(0),
                    "statusText": "",
                    "httpVersion": "",
                    "cookies": [],
                    "headers": headers(&r.response_headers),
                    "content": { "size": r.size.unwrap_or(0.0), "mimeType": r.mime.clone().unwrap_or_default() },
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": -1,
                    "_error": r.failed,
                },
                "cache": {},
                "timings": { "send": 0, "wait": time, "receive": 0 },
                "_resourceType": r.resource_type,
                "_initiator": r.initiator,
                "_frame": r.frame_url,
                "_afterConsentClick": r.after_click,
            }));
        }
    }

    /// The HAR document.
    pub(crate) fn to_json(&self) -> String {
        let har = json!({
            "log": {
                "version": "1.2",
                "creator": { "name": "trackaudit", "version": env!("CARGO_PKG_VERSION") },
                "pages": self.pages,
                "entries": self.entries,
            }
        });
        serde_json::to_string_pretty(&har).unwrap_or_default()
    }
}
