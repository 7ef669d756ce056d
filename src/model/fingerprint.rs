//! Browser fingerprinting findings (browser engine): scripts that read the canvas, WebGL, audio, fonts or
//! WebRTC the way fingerprinting scripts do, by the published detection rules (see `crate::fingerprint`).

use serde::{Deserialize, Serialize};

use super::ConsentState;

/// Which surface a script fingerprints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FingerprintKind {
    /// Text drawn on a canvas and read back as an image (Englehardt & Narayanan 2016).
    Canvas,
    /// The unmasked GPU vendor or renderer, or the pixels of a drawn WebGL scene, read by a script that
    /// fingerprints other surfaces too.
    Webgl,
    /// An oscillator through a compressor rendered offline and its samples read.
    Audio,
    /// The widths of text in 20 or more font families measured: which fonts are installed.
    Fonts,
    /// A peer connection with a data channel and an offer but no media: local IP address discovery.
    Webrtc,
    /// Many of the `navigator` properties that tell browsers apart (plugins, hardware concurrency, device
    /// memory, platform…) read by a script that fingerprints another surface too.
    Navigator,
}

super::names!(FingerprintKind {
    Canvas => "canvas",
    Webgl => "webgl",
    Audio => "audio",
    Fonts => "fonts",
    Webrtc => "webrtc",
    Navigator => "navigator",
});

impl FingerprintKind {
    /// Every kind, in report order.
    pub const ALL: [FingerprintKind; 6] = [
        FingerprintKind::Canvas,
        FingerprintKind::Webgl,
        FingerprintKind::Audio,
        FingerprintKind::Fonts,
        FingerprintKind::Webrtc,
        FingerprintKind::Navigator,
    ];
}

/// A script that fingerprints the browser, on one page in one consent state, with the calls it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FingerprintFinding {
    /// The calling script's URL (the page's, for an inline script).
    pub script: String,
    /// The vendor the script belongs to, by id, when it is a third party's the database knows.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub vendor: Option<String>,
    /// What it fingerprints, in [`FingerprintKind::ALL`] order.
    pub kinds: Vec<FingerprintKind>,
    /// The page it ran on.
    pub page: String,
    /// The consent state it ran in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub consent: Option<ConsentState>,
    /// The calls that make the case, each in words.
    pub evidence: Vec<String>,
    /// Why, in words: one sentence per kind.
    pub detail: String,
    /// How the site's policy documents stand on fingerprinting (none before the audit judged it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub policy: Option<super::PolicyStance>,
}

impl FingerprintFinding {
    /// The kinds as written in tables and CSV: `canvas webgl audio`.
    pub fn kinds_text(&self) -> String {
        self.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" ")
    }
}
