//! A small JSX scanner for the component reader: in a JSX/TSX module, an Astro page or MDX, JavaScript is
//! blanked with spaces and the text of JSX elements is kept.
//!
//! It is not a JavaScript parser: it knows strings, template literals, comments and brackets, and it takes a
//! `<` for the start of an element only where an expression may start (after `(`, `=`, `&&`, `?`, `=>`,
//! `return`, …), so that `a < b` and `Array<T>` stay code. Enough for policy pages, which are text with a
//! little code around it; a pathological file loses text, never leaks much code.

use super::template::fill;

/// Blanks the JavaScript of a JSX/TSX module (`s` from its start is code).
pub(crate) fn module(s: &[u8]) -> Vec<u8> {
    let mut scan = Scan { s, out: s.to_vec(), markdown: false, depth: 0 };
    scan.code(0, false);
    scan.out
}

/// Blanks the `{…}` expressions of markup that starts at `start` in `s` (an Astro page after its fence, or
/// MDX with `markdown`, which skips code blocks and spans), writing into `out` (a copy of `s`).
pub(crate) fn markup(s: &[u8], out: Vec<u8>, start: usize, markdown: bool) -> Vec<u8> {
    let mut scan = Scan { s, out, markdown, depth: 0 };
    scan.markup(start, true);
    scan.out
}

/// Blanks the expression `s[start..end]` (`{…}`); after `=` it becomes `""`, an empty attribute value.
pub(crate) fn blank_expression(out: &mut [u8], s: &[u8], start: usize, end: usize) {
    fill(out, start..end);
    let before = s[..start].iter().rev().find(|b| !b.is_ascii_whitespace());
    if before == Some(&b'=') {
        out[start] = b'"';
        out[end - 1] = b'"';
    }
}

/// Where an `import`/`export` statement starting at `start` ends: at the end of the line on which its
/// brackets balance and which does not end in an operator.
pub(crate) fn esm_end(s: &[u8], start: usize) -> usize {
    let mut depth = 0i32;
    let mut i = start;
    while i < s.len() {
        match s[i] {
            b'"' | b'\'' | b'`' => i = skip_string(s, i) - 1,
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => depth -= 1,
            b'\n' if depth <= 0 => {
                let line = &s[start..i];
                let last = line.iter().rev().find(|b| !b.is_ascii_whitespace());
                if !matches!(last, Some(b'=' | b',' | b'+' | b'(' | b'{' | b'[')) {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    s.len()
}

/// The end (after the closing quote) of the string literal opening at `i`.
fn skip_string(s: &[u8], i: usize) -> usize {
    let q = s[i];
    let mut j = i + 1;
    while j < s.len() {
        match s[j] {
            b'\\' => j += 1,
            c if c == q => return j + 1,
            b'\n' if q != b'`' => return j,
            _ => {}
        }
        j += 1;
    }
    s.len()
}

/// The end (after the `}`) of the brace block opening at `i`, skipping strings and comments.
pub(crate) fn balanced_brace(s: &[u8], i: usize) -> Option<usize> {
    balanced(s, i, b'{', b'}')
}

/// The end (after the matching `close`) of the bracket opening at `i`, skipping strings and comments.
pub(crate) fn balanced(s: &[u8], i: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    while j < s.len() {
        match s[j] {
            b'"' | b'\'' | b'`' => {
                j = skip_string(s, j);
                continue;
            }
            b'/' if s.get(j + 1) == Some(&b'*') => {
                j = find(s, j + 2, b"*/").map_or(s.len(), |p| p + 2);
                continue;
            }
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

pub(crate) fn find(s: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    s.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// HTML elements that have no closing tag.
pub(crate) const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Deepest nesting of elements and expressions followed; deeper input is left as text.
const MAX_DEPTH: usize = 200;

/// A JSX scanner: blanks JavaScript, keeps the text of JSX elements.
struct Scan<'a> {
    s: &'a [u8],
    out: Vec<u8>,
    /// MDX: skip fenced code blocks and inline code in text.
    markdown: bool,
    depth: usize,
}

impl Scan<'_> {
    /// Markup from `i`: text is kept, `{…}` expressions are scanned as code; returns at a closing tag
    /// (unless `top`) or at the end.
    fn markup(&mut self, mut i: usize, top: bool) -> usize {
        let s = self.s;
        while i < s.len() {
            match s[i] {
                b'{' => {
                    self.out[i] = b' ';
                    i = self.code(i + 1, true);
                }
                b'<' if s[i..].starts_with(b"<!--") => i = find(s, i + 4, b"-->").map_or(s.len(), |p| p + 3),
                b'<' if s.get(i + 1) == Some(&b'/') => {
                    if !top {
                        return i;
                    }
                    i += 2;
                }
                b'<' if self.tag_start(i) => i = self.element(i),
                b'`' if self.markdown => {
                    let line_start = i == 0 || s[i - 1] == b'\n';
                    i = if line_start && s[i..].starts_with(b"```") {
                        find(s, i + 3, b"\n```").map_or(s.len(), |p| p + 4)
                    } else {
                        s[i + 1..].iter().position(|&b| b == b'`' || b == b'\n').map_or(s.len(), |p| i + p + 2)
                    };
                }
                _ => i += 1,
            }
        }
        s.len()
    }

    /// Whether `<` at `i` opens an element or a fragment.
    fn tag_start(&self, i: usize) -> bool {
        self.s.get(i + 1).is_some_and(|&b| b.is_ascii_alphabetic() || b == b'>')
    }

    /// JavaScript from `i`: blanked, except JSX elements; with `in_braces`, ends after the `}` that closes
    /// the expression (blanked too).
    fn code(&mut self, mut i: usize, in_braces: bool) -> usize {
        let s = self.s;
        let mut start = i;
        let mut depth = 0usize;
        let mut prev: Option<u8> = None;
        let mut word = 0..0;
        self.depth += 1;
        while i < s.len() {
            let b = s[i];
            match b {
                b'"' | b'\'' | b'`' => {
                    i = skip_string(s, i);
                    prev = Some(b'"');
                    continue;
                }
                b'/' if s.get(i + 1) == Some(&b'/') => {
                    i = s[i..].iter().position(|&b| b == b'\n').map_or(s.len(), |p| i + p);
                    continue;
                }
                b'/' if s.get(i + 1) == Some(&b'*') => {
                    i = find(s, i + 2, b"*/").map_or(s.len(), |p| p + 2);
                    continue;
                }
                b'{' => depth += 1,
                b'}' if depth == 0 && in_braces => {
                    fill(&mut self.out, start..i + 1);
                    self.depth -= 1;
                    return i + 1;
                }
                b'}' => depth = depth.saturating_sub(1),
                b'<' if self.depth < MAX_DEPTH && self.tag_start(i) && jsx_allowed(prev, &s[word.clone()]) => {
                    fill(&mut self.out, start..i);
                    i = self.element(i);
                    start = i;
                    prev = Some(b')');
                    continue;
                }
                _ => {}
            }
            if is_ident(b) {
                if i == 0 || !is_ident(s[i - 1]) {
                    word.start = i;
                }
                word.end = i + 1;
            }
            if !b.is_ascii_whitespace() {
                prev = Some(b);
            }
            i += 1;
        }
        fill(&mut self.out, start..s.len());
        self.depth -= 1;
        s.len()
    }

    /// A JSX element (or fragment) at `i`; returns its end. Attribute expressions become `""`.
    fn element(&mut self, i: usize) -> usize {
        let s = self.s;
        let mut j = i + 1;
        while j < s.len() && (s[j].is_ascii_alphanumeric() || matches!(s[j], b'.' | b':' | b'-' | b'_')) {
            j += 1;
        }
        let name = String::from_utf8_lossy(&s[i + 1..j]).to_ascii_lowercase();
        while j < s.len() && s[j] != b'>' {
            match s[j] {
                b'/' if s.get(j + 1) == Some(&b'>') => return j + 2,
                b'"' | b'\'' => {
                    j = s[j + 1..].iter().position(|&b| b == s[j]).map_or(s.len(), |p| j + p + 2);
                }
                b'{' => {
                    let end = balanced_brace(s, j).unwrap_or(s.len());
                    blank_expression(&mut self.out, s, j, end);
                    j = end;
                }
                _ => j += 1,
            }
        }
        if j >= s.len() || VOID.contains(&name.as_str()) {
            return (j + 1).min(s.len());
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let end = s[j..].windows(close.len()).position(|w| w.eq_ignore_ascii_case(close.as_bytes()));
            return end
                .and_then(|p| s[j + p..].iter().position(|&b| b == b'>').map(|q| j + p + q + 1))
                .unwrap_or(s.len());
        }
        self.depth += 1;
        let k = if self.depth < MAX_DEPTH { self.markup(j + 1, false) } else { j + 1 };
        self.depth -= 1;
        if k >= s.len() || s.get(k + 1) != Some(&b'/') {
            return k;
        }
        s[k..].iter().position(|&b| b == b'>').map_or(s.len(), |p| k + p + 1)
    }
}

/// Whether JSX may start after `prev` (the last non-space byte) and `word` (the last identifier): after an
/// operator or bracket, `=>`, or `return`, not after a value (`a < b`, `Array<T>`).
fn jsx_allowed(prev: Option<u8>, word: &[u8]) -> bool {
    match prev {
        None => true,
        Some(b'(' | b',' | b'=' | b'?' | b':' | b'&' | b'|' | b'{' | b'[' | b';' | b'!' | b'>') => true,
        Some(_) => matches!(word, b"return" | b"yield") && prev == word.last().copied(),
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}
