//! Splitting policy text into sentences, headings, list items and table rows.
//!
//! Every later step quotes a unit from here, so units must read well on their own: hard-wrapped lines are
//! joined, a cookie-table row is one unit, and a heading does not swallow the paragraph below it. Each unit
//! is normalised (whitespace collapsed, typographic quotes folded, list bullets dropped) into one string,
//! `norm`, with a byte map back to the original text for offsets.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// What kind of unit a sentence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A sentence of running text.
    Prose,
    /// A heading or title line.
    Heading,
    /// The text of a list item.
    ListItem,
    /// One row of a table (cells separated by `|` or `│`).
    TableRow,
}

/// One unit of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Its bytes in the original text.
    pub raw: Range<usize>,
    /// Its bytes in [`Segmented::norm`].
    pub norm: Range<usize>,
    /// What kind of unit it is.
    pub kind: Kind,
    /// The block (paragraph, list item, row) it belongs to.
    pub block: usize,
}

/// A text split into units.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    /// Every unit, normalised, separated by `\n`.
    pub norm: String,
    /// Runs of `norm` copied unchanged from the original text: (offset in `norm`, offset in the original),
    /// sorted. Runs end where whitespace was collapsed, so there are about as many as lines.
    runs: Vec<(usize, usize)>,
    /// The units in order.
    pub sentences: Vec<Sentence>,
}

impl Segmented {
    /// The original-text offset of a `norm` offset.
    pub fn raw_offset(&self, norm_offset: usize) -> usize {
        let i = self.runs.partition_point(|&(n, _)| n <= norm_offset);
        i.checked_sub(1).map_or(0, |i| {
            let (n, r) = self.runs[i];
            r + (norm_offset - n)
        })
    }

    /// The unit containing a `norm` offset.
    pub fn sentence_at(&self, norm_offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.norm.end <= norm_offset);
        (i < self.sentences.len() && self.sentences[i].norm.start <= norm_offset).then_some(i)
    }

    /// The normalised text of a unit.
    pub fn text(&self, sentence: usize) -> &str {
        &self.norm[self.sentences[sentence].norm.clone()]
    }
}

static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*+•·◦▪‣]|\d{1,3}(?:\.\d{1,3})*[.)]?|[a-zA-Z][.)]|\((?:\d{1,3}|[a-z]|[ivx]{1,5})\))\s+\S")
        .expect("static regex")
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[-*+•·◦▪‣]\s+").expect("static regex"));
static TABLE_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[|│┃+├┌└]?\s*:?[-─━═=]{2,}:?\s*([|│┃+┼┬┴]\s*:?[-─━═=]{2,}:?\s*)*[|│┃+┤┐┘]?\s*$")
        .expect("static regex")
});

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "llc", "pvt", "plc", "vs", "mr", "mrs", "ms", "dr", "st", "no",
    "nos", "u.s", "u.k", "e.u", "approx", "art", "sec", "para", "cf", "al", "fig", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "s.a", "b.v", "n.v", "gmbh", "ag", "a.g",
];

/// The longest unit; longer runs without punctuation are cut at a space.
const MAX_UNIT: usize = 2000;

struct Line<'a> {
    range: Range<usize>,
    text: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    Rule,
    Row,
    Heading,
    Item,
    Prose,
}

/// The kind of a line with `pipes` cell separators.
fn classify(line: &str, pipes: usize) -> LineKind {
    let t = line.trim();
    if t.is_empty() {
        LineKind::Blank
    } else if t.bytes().all(|b| b"-|:+= \t".contains(&b) || b >= 0x80) && TABLE_RULE.is_match(t) {
        LineKind::Rule
    } else if pipes >= 2 || (t.starts_with('|') && t.ends_with('|') && t.len() > 1) {
        LineKind::Row
    } else if t.starts_with('#') && t.trim_start_matches('#').starts_with(char::is_whitespace) {
        LineKind::Heading
    } else if may_be_item(t) && LIST_MARKER.is_match(line) {
        LineKind::Item
    } else {
        LineKind::Prose
    }
}

/// Table cell separators in a line: `|`, or the box-drawing `│` and `┃` of rendered HTML tables.
fn pipes(line: &str) -> usize {
    if !line.bytes().any(|b| b == b'|' || b == 0xE2) {
        return 0;
    }
    let ascii = line.bytes().filter(|&b| b == b'|').count();
    if line.as_bytes().contains(&0xE2) { ascii + line.matches(['│', '┃']).count() } else { ascii }
}

/// A cheap test before [`LIST_MARKER`]: a list item starts with a bullet, a digit, `(`, or a letter followed
/// by `.` or `)`.
fn may_be_item(t: &str) -> bool {
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() || "-*+•·◦▪‣(".contains(c) => true,
        Some(c) if c.is_ascii_alphabetic() => matches!(chars.next(), Some('.' | ')')),
        _ => false,
    }
}

/// Splits `raw` into units.
pub fn segment(raw: &str) -> Segmented {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in raw.split_inclusive('\n') {
        lines.push(Line { range: start..start + piece.len(), text: piece.trim_end_matches(['\n', '\r']) });
        start += piece.len();
    }
    let wrap = wrap_width(&lines);
    let pipe_counts: Vec<usize> = lines.iter().map(|l| pipes(l.text)).collect();
    let mut kinds: Vec<LineKind> = lines.iter().zip(&pipe_counts).map(|(l, &p)| classify(l.text, p)).collect();
    // A two-column table has one `|` per row: such a line is a row when it sits next to a table rule or
    // another row.
    for i in 0..lines.len() {
        let one_pipe = kinds[i] != LineKind::Row && pipe_counts[i] == 1;
        let near_table = |j: Option<usize>| {
            j.and_then(|j| kinds.get(j)).is_some_and(|k| matches!(k, LineKind::Rule | LineKind::Row))
        };
        if one_pipe && (near_table(i.checked_sub(1)) || near_table(Some(i + 1))) {
            kinds[i] = LineKind::Row;
        }
    }

    let mut out = Builder::with_capacity(raw.len(), lines.len());
    let mut block: Option<(Range<usize>, Kind)> = None;
    for (i, line) in lines.iter().enumerate() {
        let kind = kinds[i];
        let continues = matches!(kind, LineKind::Prose)
            && block.as_ref().is_some_and(|(_, k)| matches!(k, Kind::Prose | Kind::ListItem));
        if continues {
            if let Some((range, _)) = block.as_mut() {
                range.end = line.range.end;
            }
        } else {
            if let Some((range, k)) = block.take() {
                out.block(raw, range, k);
            }
            block = match kind {
                LineKind::Blank | LineKind::Rule => None,
                LineKind::Row => Some((line.range.clone(), Kind::TableRow)),
                LineKind::Heading => Some((line.range.clone(), Kind::Heading)),
                LineKind::Item => Some((line.range.clone(), Kind::ListItem)),
                LineKind::Prose => Some((line.range.clone(), Kind::Prose)),
            };
        }
        // A short line without closing punctuation, followed by a capitalised line, is a title in
        // hard-wrapped text ("2.1 Information We Collect"): it ends its block.
        let next_starts_upper = || {
            lines
                .get(i + 1)
                .and_then(|n| n.text.trim_start().chars().next())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        };
        let t = line.text.trim_end();
        let is_title = wrap.is_some_and(|w| t.len() < w * 4 && t.chars().count() * 10 < w * 7)
            && matches!(kinds.get(i + 1), Some(LineKind::Prose))
            && next_starts_upper()
            && !t.ends_with(['.', ',', ';', ':', '!', '?', '"', '\'', ')', '”', '’'])
            && !t.contains(": ")
            && (kind == LineKind::Prose || (kind == LineKind::Item && !BULLET.is_match(line.text)));
        if let Some((range, k)) = block.take_if(|_| is_title) {
            let k = if k == Kind::Prose && range.start == line.range.start { Kind::Heading } else { k };
            out.block(raw, range, k);
        }
    }
    if let Some((range, k)) = block {
        out.block(raw, range, k);
    }
    out.finish()
}

/// The width text was hard-wrapped at, if it looks hard-wrapped (most lines between 40 and 100 characters).
fn wrap_width(lines: &[Line<'_>]) -> Option<usize> {
    let mut lens: Vec<usize> = lines.iter().map(|l| l.text.trim_end().chars().count()).filter(|&n| n > 0).collect();
    if lens.len() < 8 {
        return None;
    }
    lens.sort_unstable();
    let p90 = lens[lens.len() * 9 / 10];
    (40..=100).contains(&p90).then_some(p90)
}

struct Builder {
    seg: Segmented,
    blocks: usize,
}

impl Builder {
    /// A builder for a text of `bytes` bytes in `lines` lines: `norm` is about as long as the text, and there
    /// are about two runs a line, so the large buffers are allocated once.
    fn with_capacity(bytes: usize, lines: usize) -> Builder {
        let seg = Segmented {
            norm: String::with_capacity(bytes + bytes / 32),
            runs: Vec::with_capacity(lines * 2 + 16),
            sentences: Vec::with_capacity(bytes / 96 + 16),
        };
        Builder { seg, blocks: 0 }
    }

    /// Adds a block: a table row or heading as one unit, otherwise split into sentences.
    fn block(&mut self, raw: &str, range: Range<usize>, kind: Kind) {
        // A table row's outer pipes and a list item's bullet are not part of the quote.
        let range = if kind == Kind::TableRow {
            let text = &raw[range.clone()];
            let start = range.start + (text.len() - text.trim_start().trim_start_matches(['|', '│', '┃']).len());
            let end = range.start + text.trim_end().trim_end_matches(['|', '│', '┃']).len();
            start..end.max(start)
        } else {
            range
        };
        let text = &raw[range.clone()];
        let skip = if kind == Kind::ListItem { BULLET.find(text).map_or(0, |m| m.end()) } else { 0 };
        let block = self.blocks;
        self.blocks += 1;
        let mut start = skip;
        if matches!(kind, Kind::Prose | Kind::ListItem) {
            let terminators = text.bytes().enumerate().filter(|&(_, b)| matches!(b, b'.' | b'!' | b'?'));
            for (i, _) in terminators {
                if i < start {
                    continue;
                }
                let next = text[i + 1..].chars().next();
                if sentence_ends(text, i, next) {
                    self.units(raw, range.start + start..range.start + i + 1, kind, block);
                    start = i + 1;
                }
            }
        }
        self.units(raw, range.start + start..range.end, kind, block);
    }

    /// Adds a sentence, cut at whitespace into units of at most [`MAX_UNIT`] bytes.
    fn units(&mut self, raw: &str, range: Range<usize>, kind: Kind, block: usize) {
        let mut start = range.start;
        while range.end - start > MAX_UNIT {
            let mut cut = start + MAX_UNIT;
            while !raw.is_char_boundary(cut) {
                cut += 1;
            }
            let cut = raw[cut..range.end].find(char::is_whitespace).map_or(range.end, |p| cut + p);
            self.unit(raw, start..cut, kind, block);
            start = cut;
        }
        self.unit(raw, start..range.end, kind, block);
    }

    /// Adds one unit, normalised: every run of whitespace other than a single space becomes one space, and
    /// hyphen look-alikes become `-`. Quotes keep their typography (a quote must be findable in the page).
    fn unit(&mut self, raw: &str, range: Range<usize>, kind: Kind, block: usize) {
        let text = &raw[range.clone()];
        let lead = text.len() - text.trim_start().len();
        let text = text.trim();
        let base = range.start + lead;
        if !text.bytes().any(|b| b.is_ascii_alphanumeric() || b >= 0x80) {
            return;
        }
        let seg = &mut self.seg;
        if !seg.norm.is_empty() {
            seg.runs.push((seg.norm.len(), base));
            seg.norm.push('\n');
        }
        let norm_start = seg.norm.len();
        let bytes = text.as_bytes();
        let mut run = 0; // start of the current run in `text`
        let mut i = 0;
        seg.runs.push((seg.norm.len(), base));
        while i < bytes.len() {
            let b = bytes[i];
            if b > b' ' && b < 0xC2 {
                i += 1; // the common case: a visible ASCII byte or a continuation byte
                continue;
            }
            let single_space = b == b' ' && bytes.get(i + 1).is_none_or(|n| !n.is_ascii_whitespace() && *n < 0x80);
            if (b.is_ascii_whitespace() && !single_space)
                || (matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) && text[i..].starts_with(char::is_whitespace))
            {
                // Collapse this whitespace run into one space.
                seg.norm.push_str(&text[run..i]);
                let end = text[i..].find(|c: char| !c.is_whitespace()).map_or(text.len(), |p| i + p);
                seg.runs.push((seg.norm.len(), base + i));
                seg.norm.push(' ');
                seg.runs.push((seg.norm.len(), base + end));
                run = end;
                i = end;
            } else if b == 0xE2 && (text[i..].starts_with('\u{2010}') || text[i..].starts_with('\u{2011}')) {
                seg.norm.push_str(&text[run..i]);
                seg.runs.push((seg.norm.len(), base + i));
                seg.norm.push('-');
                seg.runs.push((seg.norm.len(), base + i + 3));
                run = i + 3;
                i += 3;
            } else {
                i += 1;
            }
        }
        seg.norm.push_str(&text[run..]);
        let norm_end = seg.norm.len();
        seg.sentences.push(Sentence { raw: base..base + text.len(), norm: norm_start..norm_end, kind, block });
    }

    fn finish(self) -> Segmented {
        self.seg
    }
}

/// Whether the `.`/`!`/`?` at byte `i` of `text` ends a sentence: it is followed by space and then a
/// capital, digit, quote or bracket, and it does not close an abbreviation or an initial.
fn sentence_ends(text: &str, i: usize, next: Option<char>) -> bool {
    let rest = &text[i + 1..];
    let rest = rest.trim_start_matches(['"', '\'', ')', ']', '”', '’', '*']);
    if !next.is_some_and(|c| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '*')) {
        return false;
    }
    let after = rest.trim_start();
    if after.len() == rest.len() && !rest.is_empty() {
        return false; // no whitespace after the closing marks
    }
    let Some(first) = after.chars().next() else { return true };
    if !(first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(first, '"' | '“' | '‘' | '(' | '[' | '*' | '-' | '•'))
    {
        return false;
    }
    if text.as_bytes()[i] != b'.' {
        return true;
    }
    let before = &text[..i];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .map_or(0, |p| p + before[p..].chars().next().map_or(1, char::len_utf8));
    let word = &before[word_start..];
    let mut chars = word.chars();
    let is_initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    !(is_initial || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(raw: &str) -> Vec<String> {
        let s = segment(raw);
        (0..s.sentences.len()).map(|i| s.text(i).to_string()).collect()
    }

    #[test]
    fn sentences_and_abbreviations() {
        let u =
            units("We use Stripe. Data goes to the U.S. or the E.U. when needed. See e.g. Inc. filings! Done? Yes.");
        assert_eq!(
            u,
            [
                "We use Stripe.",
                "Data goes to the U.S. or the E.U. when needed.",
                "See e.g. Inc. filings!",
                "Done?",
                "Yes."
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_join_and_titles_split() {
        let raw = "2.1 Information We Collect\nWe collect information you provide directly to us\nwhen you create an account or contact us for\nsupport, and information from payment\nprocessors that handle transactions for us.\n- Service Providers: Third-party vendors that\nperform services on our behalf (e.g., hosting,\npayment processing, analytics).\n6.5 Do Not Track\nWe do not respond to Do Not Track signals\nfrom browsers at this time, sadly.\n";
        let u = units(raw);
        assert_eq!(u[0], "2.1 Information We Collect");
        assert!(u[1].contains("information from payment processors that handle"), "{u:?}");
        assert!(u[2].starts_with("Service Providers: Third-party vendors that perform services"), "{u:?}");
        assert!(u.iter().any(|s| s == "6.5 Do Not Track"), "{u:?}");
    }

    #[test]
    fn table_rows_are_units_and_offsets_map_back() {
        let raw = "Name | Purpose\n---|---\nBing | Used to track pages. Also links.\nBizo (Linkedin) | Ads.\n";
        let s = segment(raw);
        let u: Vec<&str> = (0..s.sentences.len()).map(|i| s.text(i)).collect();
        assert_eq!(u, ["Name | Purpose", "Bing | Used to track pages. Also links.", "Bizo (Linkedin) | Ads."]);
        assert_eq!(s.sentences[1].kind, Kind::TableRow);
        let at = s.norm.find("Bizo").unwrap();
        assert_eq!(&raw[s.raw_offset(at)..s.raw_offset(at) + 4], "Bizo");
    }
}
