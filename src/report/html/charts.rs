//! Charts drawn as inline SVG: nothing to load, nothing to run, and they print.

use maud::{Markup, html};

/// One bar: its label, its count and its colour.
pub(super) struct Bar {
    pub(super) label: String,
    pub(super) count: usize,
    pub(super) color: &'static str,
}

/// The colour of a verdict's bar.
pub(super) fn verdict_color(verdict: crate::model::Verdict) -> &'static str {
    use crate::model::Verdict;
    match verdict {
        Verdict::Disclosed => "#1a7f37",
        Verdict::DisclosedParent | Verdict::Vague => "#9a6700",
        Verdict::Undisclosed | Verdict::Contradicted => "#cf222e",
    }
}

/// A neutral bar colour.
pub(super) const NEUTRAL: &str = "#0969da";

const ROW: usize = 22;
const LABEL: usize = 150;
const WIDTH: usize = 420;

/// A horizontal bar chart with its caption; bars with a zero count are drawn as an empty row.
pub(super) fn bars(caption: &str, bars: &[Bar]) -> Markup {
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let span = WIDTH - LABEL - 40;
    let height = ROW * bars.len().max(1) + 4;
    html! {
        figure {
            figcaption { (caption) }
            svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox={ "0 0 " (WIDTH) " " (height) }
                width=(WIDTH) aria-label=(caption) {
                @if bars.is_empty() {
                    text x="0" y="16" { "none" }
                }
                @for (i, b) in bars.iter().enumerate() {
                    @let y = i * ROW;
                    @let w = b.count * span / max;
                    text x="0" y=(y + 15) { (b.label) }
                    rect x=(LABEL) y=(y + 3) width=(w) height=(ROW - 6) fill=(b.color) {}
                    text x=(LABEL + w + 6) y=(y + 15) { (b.count) }
                }
            }
        }
    }
}

/// A grid of filled and empty cells: one row per label, one column per heading.
pub(super) fn matrix(caption: &str, columns: &[&str], rows: &[(String, Vec<bool>)]) -> Markup {
    const CELL: usize = 90;
    let height = ROW * (rows.len() + 1) + 4;
    let width = LABEL + CELL * columns.len();
    html! {
        figure {
            figcaption { (caption) }
            svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox={ "0 0 " (width) " " (height) }
                width=(width) aria-label=(caption) {
                @for (j, c) in columns.iter().enumerate() {
                    text x=(LABEL + j * CELL + 4) y="15" { (c) }
                }
                @for (i, (label, cells)) in rows.iter().enumerate() {
                    @let y = (i + 1) * ROW;
                    text x="0" y=(y + 15) { (label) }
                    @for (j, on) in cells.iter().enumerate() {
                        rect x=(LABEL + j * CELL + 4) y=(y + 3) width=(CELL - 12) height=(ROW - 6)
                            fill=(if *on { NEUTRAL } else { "#eaeef2" }) {
                            title { (label) ", " (columns[j]) ": " (if *on { "loaded" } else { "not loaded" }) }
                        }
                    }
                }
            }
        }
    }
}
