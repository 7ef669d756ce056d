//! Practices a policy can disclose or deny and the audit can observe (fingerprinting, session recording,
//! capturing what visitors type), and how the site's policy stands on one the audit observed.

use serde::{Deserialize, Serialize};

use super::Verdict;

/// A practice observed by behaviour rather than by who was contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Practice {
    /// Browser or device fingerprinting: "we use device fingerprinting to prevent fraud".
    Fingerprinting,
    /// Session recording, session replay, heatmaps: "we record mouse movements and clicks".
    SessionRecording,
    /// Capturing what visitors type: "keystrokes", "Tastatureingaben".
    Keystrokes,
}

super::names!(Practice {
    Fingerprinting => "fingerprinting",
    SessionRecording => "session-recording",
    Keystrokes => "keystrokes",
});

impl Practice {
    /// The practice in words, for reasons: "fingerprinting", "session recording".
    pub fn words(self) -> &'static str {
        match self {
            Practice::Fingerprinting => "fingerprinting",
            Practice::SessionRecording => "session recording",
            Practice::Keystrokes => "capturing what visitors type",
        }
    }
}

/// A sentence of a policy that speaks of a practice without denying it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeMention {
    /// The practice.
    pub practice: Practice,
    /// The words as the policy wrote them.
    pub matched: String,
    /// The sentence that contains them.
    pub quote: String,
    /// Byte offset of `matched` in the policy text.
    pub offset: usize,
}

/// How the site's policy documents stand on an observed practice: `disclosed` (a sentence speaks of it),
/// `vague` (only the vendor is named, not what it does), `undisclosed`, or `contradicted` (a claim denies it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyStance {
    /// The verdict.
    pub verdict: Verdict,
    /// The deciding sentence.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quote: Option<String>,
    /// The URL of the document it is from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quote_source: Option<String>,
    /// Why, in words.
    pub reason: String,
}
