//! Session-recording findings: scripts of known session recorders (vendors of category `session-replay`, in
//! both engines) and scripts that behave like one (browser engine; see `crate::replay`).

use serde::{Deserialize, Serialize};

use super::ConsentState;

/// Why a script is a session recorder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordingHow {
    /// The script is a loaded vendor of category `session-replay` in the database.
    KnownRecorder,
    /// The script listens to pointer, keyboard or input, and scroll events across the document, observes the
    /// whole document's mutations and sends batches (browser engine).
    Behaviour,
}

super::names!(RecordingHow {
    KnownRecorder => "known-recorder",
    Behaviour => "behaviour",
});

/// A script that records the session, on one page in one consent state, with what shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecordingFinding {
    /// The script's URL (the page's, for an inline script).
    pub script: String,
    /// The vendor the script belongs to, by id, when the database knows it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub vendor: Option<String>,
    /// The page it ran on.
    pub page: String,
    /// (Browser engine) the consent state it ran in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub consent: Option<ConsentState>,
    /// Why: a known recorder, its behaviour, or both (in that order).
    pub how: Vec<RecordingHow>,
    /// What shows it, each in words: the vendor's script evidence, the listeners, observers and sends.
    pub evidence: Vec<String>,
    /// Why, in words.
    pub detail: String,
    /// How the site's policy documents stand on session recording (none before the audit judged it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub policy: Option<super::PolicyStance>,
}

impl SessionRecordingFinding {
    /// The reasons as written in tables and CSV: `known-recorder behaviour`.
    pub fn how_text(&self) -> String {
        self.how.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" ")
    }
}
