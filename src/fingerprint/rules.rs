//! The rules, one per surface, each over one page's calls for one calling script.
//!
//! * Canvas, after Englehardt & Narayanan, "Online Tracking: A 1-million-site Measurement and Analysis"
//!   (CCS 2016), §6.1: the script reads a canvas back (`toDataURL`, `toBlob`, or `getImageData` of an area of
//!   at least 16×16 px) that is at least 16×16 px, had text drawn on it with at least 10 distinct characters
//!   or in at least 2 colours, and never had `save`, `restore` or an event listener called on it; an image
//!   asked for in a lossy format (JPEG, WebP) is not a fingerprint.
//! * WebGL: the unmasked GPU vendor or renderer read (`UNMASKED_*_WEBGL`), or the pixels of a drawn scene
//!   read (`readPixels` of at least 16×16 px after a draw call), by a script that also reads a canvas back or
//!   uses at least two other fingerprinting surfaces (audio, WebRTC, battery, media devices, fonts,
//!   `VENDOR`/`RENDERER`): a game checking its GPU is not a fingerprint.
//! * Audio: on one `OfflineAudioContext`, an oscillator and a dynamics compressor created and the rendering
//!   started, and the samples read (the rendered buffer's `getChannelData`, or an analyser's
//!   `getFloatFrequencyData`).
//! * Fonts: text measured (`measureText`, or the `offsetWidth` of elements with an inline `font-family`) in
//!   at least 20 distinct font families, not counting the generic ones (`monospace`, `serif`…).
//! * WebRTC: a peer connection with a data channel that makes an offer without any media (no track,
//!   transceiver or stream, no offer to receive audio or video): local IP address discovery.

use std::collections::BTreeSet;

use crate::browser_page::ApiCall;
use crate::model::FingerprintKind;

/// Smallest side, in pixels, of a canvas or area read back that can hold a fingerprint.
const MIN_SIDE: u32 = 16;

/// Distinct characters of a fingerprinting text (a pangram, an emoji).
const MIN_DISTINCT: u32 = 10;

/// Text colours of a fingerprinting canvas.
const MIN_COLOURS: usize = 2;

/// Font families measured by a font probe (besides the generic ones it compares them with).
const MIN_FONTS: usize = 20;

/// CSS generic families: a font probe's baselines, not fonts it looks for.
const GENERIC_FAMILIES: [&str; 8] =
    ["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math", "emoji"];

/// Other surfaces a WebGL read must come with, when the script reads no canvas back.
const MIN_OTHER_SURFACES: usize = 2;

/// What one rule found: the kind, why in words, and the calls it rests on (indices into the page's calls,
/// the most telling first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// The surface.
    pub kind: FingerprintKind,
    /// Why, in words.
    pub reason: String,
    /// The calls it rests on.
    pub calls: Vec<usize>,
}

/// The calls `script` made, with their indices.
fn by<'a>(calls: &'a [ApiCall], script: &'a str) -> impl Iterator<Item = (usize, &'a ApiCall)> + 'a {
    calls.iter().enumerate().filter(move |(_, c)| c.script == script)
}

/// The calls on the same object as `call`, by any script, with their indices.
fn on<'a>(calls: &'a [ApiCall], call: &'a ApiCall) -> impl Iterator<Item = (usize, &'a ApiCall)> + 'a {
    calls.iter().enumerate().filter(move |(_, c)| c.same_object(call))
}

fn big(c: &ApiCall) -> bool {
    c.width.unwrap_or(0) >= MIN_SIDE && c.height.unwrap_or(0) >= MIN_SIDE
}

/// Whether an image type is a lossy format (JPEG, WebP), which would blur a fingerprint away.
fn lossy(c: &ApiCall) -> bool {
    let t = c.detail.as_deref().unwrap_or("").to_ascii_lowercase();
    t.starts_with("image/jpeg") || t.starts_with("image/jpg") || t.starts_with("image/webp")
}

/// Whether a call reads a canvas back as an image or pixels.
fn reads_canvas(c: &ApiCall) -> bool {
    matches!(c.member(), "toDataURL" | "toBlob" | "getImageData")
}

pub(crate) fn canvas(calls: &[ApiCall], script: &str) -> Option<Hit> {
    for (i, read) in by(calls, script) {
        if !reads_canvas(read) || !big(read) || lossy(read) {
            continue;
        }
        let same: Vec<(usize, &ApiCall)> = on(calls, read).collect();
        if same.iter().any(|(_, c)| matches!(c.member(), "save" | "restore" | "addEventListener")) {
            continue;
        }
        let text: Vec<(usize, &ApiCall)> =
            same.iter().copied().filter(|(_, c)| matches!(c.member(), "fillText" | "strokeText")).collect();
        let distinct = text.iter().filter_map(|(_, c)| c.distinct).max().unwrap_or(0);
        let colours: BTreeSet<&str> = text.iter().filter_map(|(_, c)| c.style.as_deref()).collect();
        if text.is_empty() || (distinct < MIN_DISTINCT && colours.len() < MIN_COLOURS) {
            continue;
        }
        let (w, h) = (read.width.unwrap_or(0), read.height.unwrap_or(0));
        let how =
            read.detail.as_deref().map_or_else(|| read.member().to_string(), |t| format!("{} ({t})", read.member()));
        let colours = match colours.len() {
            1 => "1 colour".to_string(),
            n => format!("{n} colours"),
        };
        let reason = format!(
            "text with {distinct} distinct characters in {colours} drawn on a canvas and {w}×{h} px read back \
             with {how}, with no save, restore or event listener on it"
        );
        // The read-back first: evidence is cut to the first calls of each hit.
        let used = std::iter::once(i).chain(text.iter().map(|(j, _)| *j)).collect();
        return Some(Hit { kind: FingerprintKind::Canvas, reason, calls: used });
    }
    None
}

/// The other fingerprinting surfaces `script` uses, by name, with a call of each.
fn other_surfaces(calls: &[ApiCall], script: &str) -> Vec<(&'static str, usize)> {
    let mut out: Vec<(&'static str, usize)> = Vec::new();
    for (i, c) in by(calls, script) {
        let surface = match c.member() {
            "OfflineAudioContext" | "startRendering" | "getFloatFrequencyData" => "audio",
            _ if c.api.contains("RTCPeerConnection") => "WebRTC",
            "getBattery" => "battery",
            "enumerateDevices" => "media devices",
            "measureText" | "offsetWidth" => "fonts",
            "getParameter" if matches!(c.detail.as_deref(), Some("VENDOR" | "RENDERER")) => "the WebGL vendor",
            _ => continue,
        };
        if !out.iter().any(|(s, _)| *s == surface) {
            out.push((surface, i));
        }
    }
    out
}

pub(crate) fn webgl(calls: &[ApiCall], script: &str, canvas: bool) -> Option<Hit> {
    let unmasked: Vec<(usize, &ApiCall)> = by(calls, script)
        .filter(|(_, c)| {
            c.api.starts_with("WebGL")
                && (matches!(c.detail.as_deref(), Some("UNMASKED_VENDOR_WEBGL" | "UNMASKED_RENDERER_WEBGL"))
                    || (c.member() == "readPixels" && c.detail.as_deref() == Some("drawn") && big(c)))
        })
        .collect();
    if unmasked.is_empty() {
        return None;
    }
    let read_back = by(calls, script).find(|(_, c)| reads_canvas(c));
    let others = other_surfaces(calls, script);
    let besides = if canvas || read_back.is_some() {
        "a canvas read back".to_string()
    } else if others.len() >= MIN_OTHER_SURFACES {
        others.iter().map(|(s, _)| *s).collect::<Vec<_>>().join(", ")
    } else {
        return None;
    };
    let what: BTreeSet<&str> = unmasked.iter().map(|(_, c)| c.detail.as_deref().unwrap_or_default()).collect();
    let what = what.into_iter().map(|d| if d == "drawn" { "the pixels of a drawn scene" } else { d });
    let reason = format!("read {}, besides {besides}", what.collect::<Vec<_>>().join(" and "));
    let mut used: Vec<usize> = by(calls, script)
        .filter(|(_, c)| c.detail.as_deref() == Some("WEBGL_debug_renderer_info"))
        .map(|(i, _)| i)
        .chain(unmasked.iter().map(|(i, _)| *i))
        .collect();
    if !canvas {
        used.extend(read_back.map(|(i, _)| i).into_iter().chain(others.iter().map(|(_, i)| *i)));
    }
    Some(Hit { kind: FingerprintKind::Webgl, reason, calls: used })
}

/// Distinct `navigator` properties a script must read for the `navigator` kind (FingerprintJS reads a dozen;
/// an analytics tag reads two or three).
const MIN_NAVIGATOR_PROPERTIES: usize = 6;

/// `navigator` enumeration: many distinct properties read, by a script that fingerprints another surface
/// too (`others`): on their own they are what feature detection reads.
pub(crate) fn navigator(calls: &[ApiCall], script: &str, others: bool) -> Option<Hit> {
    if !others {
        return None;
    }
    let mut read: Vec<(usize, &str)> = by(calls, script)
        .filter(|(_, c)| c.api.starts_with("Navigator.") && c.api != "Navigator.getBattery")
        .map(|(i, c)| (i, c.member()))
        .collect();
    read.sort_by_key(|&(_, m)| m);
    read.dedup_by_key(|&mut (_, m)| m);
    if read.len() < MIN_NAVIGATOR_PROPERTIES {
        return None;
    }
    read.sort_unstable();
    let names: Vec<&str> = read.iter().map(|&(_, m)| m).collect();
    let reason = format!("read {} navigator properties ({}), besides another surface", names.len(), names.join(", "));
    Some(Hit { kind: FingerprintKind::Navigator, reason, calls: read.into_iter().map(|(i, _)| i).collect() })
}

pub(crate) fn audio(calls: &[ApiCall], script: &str) -> Option<Hit> {
    let read = by(calls, script).find(|(_, c)| matches!(c.member(), "getChannelData" | "getFloatFrequencyData"))?;
    for (i, start) in by(calls, script).filter(|(_, c)| c.api == "OfflineAudioContext.startRendering") {
        let same: Vec<(usize, &ApiCall)> = on(calls, start).collect();
        let find = |m: &str| same.iter().find(|(_, c)| c.member() == m).map(|(j, _)| *j);
        let (Some(osc), Some(comp)) = (find("createOscillator"), find("createDynamicsCompressor")) else {
            continue;
        };
        let made = same.iter().find(|(_, c)| c.api == "new OfflineAudioContext");
        let size = made.and_then(|(_, c)| c.detail.as_deref()).map(|d| format!(" ({d})")).unwrap_or_default();
        let reason = format!(
            "an OfflineAudioContext{size} rendered an oscillator through a dynamics compressor and the samples \
             were read ({})",
            read.1.member()
        );
        let used = made.map(|(j, _)| *j).into_iter().chain([osc, comp, i, read.0]).collect();
        return Some(Hit { kind: FingerprintKind::Audio, reason, calls: used });
    }
    None
}

/// The first family of a call's font: of the `font` shorthand after its size (`72px 'Arial Black',
/// monospace` → `arial black`), or of an inline `font-family`; lower case, unquoted.
pub(crate) fn family(c: &ApiCall) -> Option<String> {
    let font = c.font.as_deref()?;
    let list = if c.member() == "measureText" {
        let mut rest = font.trim_start();
        loop {
            let (token, after) = rest.split_once(char::is_whitespace)?;
            rest = after.trim_start();
            let sized = token.starts_with(|ch: char| ch.is_ascii_digit() || ch == '.')
                && token.contains(|ch: char| ch.is_ascii_alphabetic() || ch == '%');
            if sized {
                break rest;
            }
        }
    } else {
        font
    };
    let first = list.split(',').next()?.trim().trim_matches(['"', '\'']).trim().to_ascii_lowercase();
    (!first.is_empty()).then_some(first)
}

pub(crate) fn fonts(calls: &[ApiCall], script: &str) -> Option<Hit> {
    let mut families: Vec<String> = Vec::new();
    let mut used = Vec::new();
    for (i, c) in by(calls, script).filter(|(_, c)| matches!(c.member(), "measureText" | "offsetWidth")) {
        if let Some(f) = family(c)
            && !GENERIC_FAMILIES.contains(&f.as_str())
            && !families.contains(&f)
        {
            families.push(f);
            used.push(i);
        }
    }
    if families.len() < MIN_FONTS {
        return None;
    }
    let named = families.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    let reason = format!("text measured in {} font families ({named}, …)", families.len());
    Some(Hit { kind: FingerprintKind::Fonts, reason, calls: used })
}

pub(crate) fn webrtc(calls: &[ApiCall], script: &str) -> Option<Hit> {
    for (i, offer) in by(calls, script).filter(|(_, c)| c.api == "RTCPeerConnection.createOffer") {
        let same: Vec<(usize, &ApiCall)> = on(calls, offer).collect();
        let channel = same.iter().find(|(_, c)| c.member() == "createDataChannel");
        let media = offer.detail.as_deref() == Some("media")
            || same.iter().any(|(_, c)| matches!(c.member(), "addTrack" | "addTransceiver" | "addStream"));
        let Some((ch, _)) = channel.filter(|_| !media) else { continue };
        let made = same.iter().find(|(_, c)| c.api == "new RTCPeerConnection").map(|(j, _)| *j);
        let reason = "a peer connection with a data channel made an offer without any media (local IP address \
                      discovery)"
            .to_string();
        return Some(Hit { kind: FingerprintKind::Webrtc, reason, calls: made.into_iter().chain([*ch, i]).collect() });
    }
    None
}
