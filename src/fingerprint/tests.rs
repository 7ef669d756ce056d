use super::rules::family;
use super::*;
use crate::model::FingerprintKind::{Audio, Canvas, Fonts, Webgl, Webrtc};

const FP: &str = "https://cdn.fp-vendor.test/fp.js";
const PAGE: &str = "https://www.shop.test/";

fn call(api: &str, script: &str, object: u32) -> ApiCall {
    ApiCall { object: Some(object), ..ApiCall::new(api, script) }
}

fn text(script: &str, canvas: u32, distinct: u32, style: &str) -> ApiCall {
    ApiCall {
        chars: Some(distinct + 2),
        distinct: Some(distinct),
        style: Some(style.into()),
        font: Some("18pt Arial".into()),
        ..call("CanvasRenderingContext2D.fillText", script, canvas)
    }
}

fn read(api: &str, script: &str, canvas: u32, (w, h): (u32, u32), detail: Option<&str>) -> ApiCall {
    ApiCall { width: Some(w), height: Some(h), detail: detail.map(str::to_string), ..call(api, script, canvas) }
}

fn png(script: &str, canvas: u32, size: (u32, u32)) -> ApiCall {
    read("HTMLCanvasElement.toDataURL", script, canvas, size, Some("image/png"))
}

fn detail(mut c: ApiCall, d: &str) -> ApiCall {
    c.detail = Some(d.into());
    c
}

fn kinds(calls: &[ApiCall], script: &str) -> Vec<FingerprintKind> {
    judge(calls)
        .into_iter()
        .find(|(s, _)| s == script)
        .map(|(_, h)| h.iter().map(|h| h.kind).collect())
        .unwrap_or_default()
}

/// FingerprintJS's canvas: a pangram with an emoji in two colours on 240×60, read back as PNG.
fn fingerprintjs_canvas() -> Vec<ApiCall> {
    vec![text(FP, 1, 17, "#006699"), text(FP, 1, 17, "rgba(102, 204, 0, 0.2)"), png(FP, 1, (240, 60))]
}

#[test]
fn a_canvas_text_read_back_is_a_fingerprint_by_the_englehardt_narayanan_rules() {
    let calls = fingerprintjs_canvas();
    let found = judge(&calls);
    assert_eq!(found.len(), 1);
    let (script, hits) = &found[0];
    assert_eq!((script.as_str(), hits[0].kind, hits[0].calls.as_slice()), (FP, Canvas, &[2, 0, 1][..]));
    assert!(hits[0].reason.contains("17 distinct characters in 2 colours"), "{}", hits[0].reason);
    assert!(hits[0].reason.contains("240×60 px read back with toDataURL (image/png)"), "{}", hits[0].reason);
    // Ten distinct characters in one colour, or two colours of short text, are enough; so is getImageData
    // of 16×16 px or toBlob.
    assert_eq!(kinds(&[text(FP, 1, 10, "#000"), png(FP, 1, (16, 16))], FP), [Canvas]);
    assert_eq!(kinds(&[text(FP, 1, 3, "#000"), text(FP, 1, 3, "#fff"), png(FP, 1, (50, 20))], FP), [Canvas]);
    let pixels = read("CanvasRenderingContext2D.getImageData", FP, 1, (16, 16), None);
    assert_eq!(kinds(&[text(FP, 1, 12, "#000"), pixels], FP), [Canvas]);
    let blob = read("HTMLCanvasElement.toBlob", FP, 1, (64, 64), Some("image/png"));
    assert_eq!(kinds(&[text(FP, 1, 12, "#000"), blob], FP), [Canvas]);
}

#[test]
fn charts_games_photo_editors_and_small_canvases_are_not_canvas_fingerprints() {
    // A sparkline: a chart drawn with a label and read back, on a canvas 12 px high.
    let spark = [text(PAGE, 1, 12, "#333"), text(PAGE, 1, 4, "#c00"), png(PAGE, 1, (120, 12))];
    assert!(judge(&spark).is_empty());
    // getImageData of a small area of a large canvas.
    let probe = [text(FP, 1, 12, "#000"), read("CanvasRenderingContext2D.getImageData", FP, 1, (8, 8), None)];
    assert!(judge(&probe).is_empty());
    // A game: its score drawn between save() and restore(), the canvas listening to the mouse.
    for member in ["save", "restore", "addEventListener"] {
        let api = if member == "addEventListener" { "HTMLCanvasElement." } else { "CanvasRenderingContext2D." };
        let mut game = fingerprintjs_canvas();
        game.insert(1, call(&format!("{api}{member}"), "https://www.game.test/game.js", 1));
        assert!(judge(&game).is_empty(), "{member}");
    }
    // A photo editor exporting JPEG (or WebP) with a caption in two colours.
    for t in ["image/jpeg", "image/webp", "IMAGE/JPEG"] {
        let export = [text(PAGE, 1, 14, "#fff"), text(PAGE, 1, 14, "#000"), detail(png(PAGE, 1, (1200, 800)), t)];
        assert!(judge(&export).is_empty(), "{t}");
    }
    // No text, or short text in one colour, or text on another canvas (or the same number in a frame).
    assert!(judge(&[png(FP, 1, (240, 60))]).is_empty());
    assert!(judge(&[text(FP, 1, 9, "#000"), png(FP, 1, (240, 60))]).is_empty());
    assert!(judge(&[text(FP, 2, 17, "#000"), png(FP, 1, (240, 60))]).is_empty());
    let in_frame = ApiCall { document: 7, ..text(FP, 1, 17, "#000") };
    assert!(judge(&[in_frame, png(FP, 1, (240, 60))]).is_empty());
}

fn unmasked(script: &str) -> Vec<ApiCall> {
    vec![
        detail(call("WebGLRenderingContext.getExtension", script, 5), "WEBGL_debug_renderer_info"),
        detail(call("WebGLRenderingContext.getParameter", script, 5), "UNMASKED_VENDOR_WEBGL"),
        detail(call("WebGLRenderingContext.getParameter", script, 5), "UNMASKED_RENDERER_WEBGL"),
    ]
}

#[test]
fn webgl_reads_count_with_a_canvas_read_back_or_several_other_surfaces() {
    let mut calls = fingerprintjs_canvas();
    calls.extend(unmasked(FP));
    let found = judge(&calls);
    let hits = &found[0].1;
    assert_eq!(hits.iter().map(|h| h.kind).collect::<Vec<_>>(), [Canvas, Webgl]);
    assert_eq!(hits[1].calls, [3, 4, 5], "the extension and both reads");
    assert!(hits[1].reason.contains("UNMASKED_RENDERER_WEBGL and UNMASKED_VENDOR_WEBGL, besides a canvas"));
    // A game reading its GPU's name only, or with one other surface, is not fingerprinting.
    assert!(judge(&unmasked("https://www.game.test/engine.js")).is_empty());
    let mut one = unmasked(FP);
    one.push(call("Navigator.getBattery", FP, 9));
    assert!(judge(&one).is_empty());
    // Two other surfaces are enough.
    one.push(call("MediaDevices.enumerateDevices", FP, 10));
    let found = judge(&one);
    assert_eq!(found[0].1[0].kind, Webgl);
    assert!(found[0].1[0].reason.ends_with("besides battery, media devices"), "{}", found[0].1[0].reason);
    // A canvas drawn with many texts still quotes its read-back among the first calls.
    let mut many: Vec<ApiCall> = (0..30).map(|i| text(FP, 1, 10 + i, "#000")).collect();
    many.push(png(FP, 1, (240, 60)));
    let f = verdicts(&many, &Engine::builtin(), &Site::from_url(&Url::parse(PAGE).unwrap(), &[]));
    assert_eq!(f[0].calls.len(), 8);
    assert_eq!(f[0].calls.last().map(|c| c.api.as_str()), Some("HTMLCanvasElement.toDataURL"));
    // The pixels of a drawn scene, with a canvas read back (even one that is no canvas fingerprint).
    let pixels = read("WebGL2RenderingContext.readPixels", FP, 5, (256, 128), Some("drawn"));
    assert_eq!(kinds(&[pixels.clone(), png(FP, 6, (256, 128))], FP), [Webgl]);
    assert!(judge(&[detail(pixels.clone(), "blank"), png(FP, 6, (256, 128))]).is_empty(), "nothing drawn");
    let small = ApiCall { width: Some(1), height: Some(1), ..pixels };
    assert!(judge(&[small, png(FP, 6, (256, 128))]).is_empty(), "one pixel: a feature test");
}

fn offline_audio(script: &str) -> Vec<ApiCall> {
    vec![
        detail(call("new OfflineAudioContext", script, 3), "5000 frames at 44100 Hz"),
        call("OfflineAudioContext.createOscillator", script, 3),
        call("OfflineAudioContext.createDynamicsCompressor", script, 3),
        call("OfflineAudioContext.startRendering", script, 3),
        detail(call("AudioBuffer.getChannelData", script, 4), "channel 0 of a rendered buffer"),
    ]
}

#[test]
fn an_oscillator_through_a_compressor_rendered_offline_and_read_is_an_audio_fingerprint() {
    let calls = offline_audio(FP);
    let found = judge(&calls);
    let hit = &found[0].1[0];
    assert_eq!((hit.kind, hit.calls.as_slice()), (Audio, &[0, 1, 2, 3, 4][..]));
    assert!(hit.reason.contains("OfflineAudioContext (5000 frames at 44100 Hz)"), "{}", hit.reason);
    // Without the compressor, without reading the samples, or with the oscillator on another context.
    for drop in [2, 4] {
        let mut c = offline_audio(FP);
        c.remove(drop);
        assert!(judge(&c).is_empty(), "without call {drop}");
    }
    let mut other = offline_audio(FP);
    other[1].object = Some(8);
    assert!(judge(&other).is_empty());
    // An analyser's frequency data reads the samples too.
    let mut analyser = offline_audio(FP);
    analyser[4] = call("AnalyserNode.getFloatFrequencyData", FP, 11);
    assert_eq!(kinds(&analyser, FP), [Audio]);
}

#[test]
fn font_families_come_from_the_font_shorthand_or_font_family() {
    let m = |f: &str| {
        family(&ApiCall { font: Some(f.into()), ..ApiCall::new("CanvasRenderingContext2D.measureText", PAGE) })
    };
    assert_eq!(m("72px 'Arial Black', monospace").as_deref(), Some("arial black"));
    assert_eq!(m("italic bold 12px/30px Georgia, serif").as_deref(), Some("georgia"));
    assert_eq!(m("14.6667px \"Times New Roman\"").as_deref(), Some("times new roman"));
    assert_eq!(m("700 1.5em Verdana").as_deref(), Some("verdana"));
    assert_eq!(m("monospace"), None, "no size: not a font shorthand");
    let w = ApiCall { font: Some("'Calibri',monospace".into()), ..ApiCall::new("HTMLElement.offsetWidth", PAGE) };
    assert_eq!(family(&w).as_deref(), Some("calibri"));
}

#[test]
fn text_measured_in_twenty_font_families_is_a_font_probe() {
    let measure = |api: &str, font: String| ApiCall { font: Some(font), chars: Some(13), ..call(api, PAGE, 2) };
    let mut calls: Vec<ApiCall> = (0..24)
        .map(|i| measure("CanvasRenderingContext2D.measureText", format!("72px 'Font {i}', monospace")))
        .collect();
    let found = judge(&calls);
    let hit = &found[0].1[0];
    assert_eq!((found[0].0.as_str(), hit.kind, hit.calls.len()), (PAGE, Fonts, 24));
    assert!(hit.reason.starts_with("text measured in 24 font families (font 0, font 1"), "{}", hit.reason);
    calls.truncate(19);
    assert!(judge(&calls).is_empty(), "19 families");
    // The generic families a probe compares against do not count.
    for generic in ["monospace", "sans-serif", "serif"] {
        calls.push(measure("CanvasRenderingContext2D.measureText", format!("72px {generic}")));
    }
    assert!(judge(&calls).is_empty(), "19 families and 3 generic ones");
    // A text editor measuring one family in many sizes.
    let sizes: Vec<ApiCall> = (8..40)
        .map(|px| measure("CanvasRenderingContext2D.measureText", format!("{px}px Inter, sans-serif")))
        .collect();
    assert!(judge(&sizes).is_empty());
    // Spans with an inline font-family, measured by their offsetWidth.
    let spans: Vec<ApiCall> =
        (0..20).map(|i| measure("HTMLElement.offsetWidth", format!("'Font {i}', sans-serif"))).collect();
    assert_eq!(kinds(&spans, PAGE), [Fonts]);
}

#[test]
fn a_data_channel_offer_without_media_is_local_ip_discovery() {
    let rtc = |media: Option<&str>| {
        let mut calls = vec![
            detail(call("new RTCPeerConnection", FP, 6), "0 ICE servers"),
            call("RTCPeerConnection.createDataChannel", FP, 6),
            detail(call("RTCPeerConnection.createOffer", FP, 6), "no media"),
        ];
        if let Some(m) = media {
            calls.insert(2, call(m, "https://www.meet.test/call.js", 6));
        }
        calls
    };
    let calls = rtc(None);
    let found = judge(&calls);
    assert_eq!((found[0].1[0].kind, found[0].1[0].calls.as_slice()), (Webrtc, &[0, 1, 2][..]));
    // A video call adds a track or a transceiver; an offer to receive media is one too.
    assert!(judge(&rtc(Some("RTCPeerConnection.addTrack"))).is_empty());
    assert!(judge(&rtc(Some("RTCPeerConnection.addTransceiver"))).is_empty());
    let mut receive = rtc(None);
    receive[2].detail = Some("media".into());
    assert!(judge(&receive).is_empty());
    let mut no_channel = rtc(None);
    no_channel.remove(1);
    assert!(judge(&no_channel).is_empty(), "a call set-up without a data channel");
}

#[test]
fn verdicts_are_per_script_with_the_vendor_of_a_third_party_script() {
    let hotjar = "https://static.hotjar.com/c/hotjar-4242.js";
    let mut calls = fingerprintjs_canvas();
    calls.extend(offline_audio(hotjar));
    calls.extend(unmasked(PAGE));
    calls.push(call("Navigator.getBattery", PAGE, 1));
    let page = Url::parse(PAGE).unwrap();
    let site = Site::from_url(&page, &[]);
    let found = verdicts(&calls, &Engine::builtin(), &site);
    let summary: Vec<(&str, Option<&str>, &[FingerprintKind])> =
        found.iter().map(|f| (f.script.as_str(), f.vendor.as_deref(), f.kinds.as_slice())).collect();
    assert_eq!(summary, [(FP, None, &[Canvas][..]), (hotjar, Some("hotjar"), &[Audio][..])], "{found:#?}");
    let f = found[0].clone().finding(PAGE, ConsentState::None);
    assert_eq!((f.page.as_str(), f.consent, f.kinds_text()), (PAGE, Some(ConsentState::None), "canvas".to_string()));
    assert_eq!(f.evidence.len(), 3);
    assert_eq!(f.evidence[2], "HTMLCanvasElement.toDataURL on #1: 240×60 px, image/png");
    assert!(
        f.evidence[0].contains("17 characters (17 distinct)") || f.evidence[0].contains("19 characters (17 distinct)")
    );
    assert!(f.detail.starts_with("canvas: text with 17 distinct"), "{}", f.detail);
}

#[test]
fn many_navigator_properties_count_only_beside_another_surface() {
    use crate::model::FingerprintKind::Navigator;
    let props = ["plugins", "hardwareConcurrency", "deviceMemory", "platform", "languages", "maxTouchPoints"];
    let nav = |script: &str, n: usize| -> Vec<ApiCall> {
        props.iter().take(n).map(|p| ApiCall::new(&format!("Navigator.{p}"), script)).collect()
    };
    let mut calls = fingerprintjs_canvas();
    calls.extend(nav(FP, 6));
    assert_eq!(kinds(&calls, FP), [Canvas, Navigator]);
    let (_, hits) = &judge(&calls)[0];
    assert!(
        hits[1].reason.starts_with("read 6 navigator properties (plugins, hardwareConcurrency"),
        "{}",
        hits[1].reason
    );
    // Feature detection alone, or five properties beside a canvas, is not this kind.
    assert!(kinds(&nav(FP, 6), FP).is_empty());
    let mut five = fingerprintjs_canvas();
    five.extend(nav(FP, 5));
    assert_eq!(kinds(&five, FP), [Canvas]);
    // Another script's reads are its own.
    let mut split = fingerprintjs_canvas();
    split.extend(nav("https://www.shop.test/app.js", 6));
    assert_eq!(kinds(&split, FP), [Canvas]);
}
