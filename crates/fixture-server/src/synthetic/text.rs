//! Deterministic pseudo-random numbers and filler text for the synthetic web.

/// A small deterministic generator (SplitMix64); the same seed always gives the same stream.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for one (seed, stream) pair, e.g. (user seed, site index).
    pub(crate) fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_add(1).wrapping_mul(0xD6E8_FEB8_6659_FD93));
        rng.next_u64();
        rng
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// `true` with probability `percent` / 100.
    pub(crate) fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `len` characters drawn from `alphabet`.
    pub(crate) fn token(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| char::from(*self.pick(alphabet))).collect()
    }

    /// A decimal number with exactly `digits` digits (no leading zero).
    pub(crate) fn digits(&mut self, digits: usize) -> String {
        let mut s = self.token(b"123456789", 1);
        s.push_str(&self.token(b"0123456789", digits.saturating_sub(1)));
        s
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "is",
    "you",
    "that",
    "it",
    "for",
    "on",
    "with",
    "as",
    "our",
    "we",
    "market",
    "garden",
    "journey",
    "coffee",
    "design",
    "season",
    "recipe",
    "travel",
    "update",
    "story",
    "customer",
    "product",
    "service",
    "community",
    "morning",
    "weekend",
    "project",
    "history",
    "review",
    "simple",
    "better",
    "local",
    "fresh",
    "quiet",
    "bright",
    "careful",
    "modern",
    "honest",
    "small",
    "building",
    "learning",
    "sharing",
    "planning",
    "finding",
    "making",
    "reading",
    "walking",
    "testing",
    "river",
    "city",
    "harbour",
    "mountain",
    "kitchen",
    "library",
    "studio",
    "workshop",
    "window",
    "bridge",
];

const TITLE_WORDS: &[&str] = &[
    "Notes", "Guide", "Field", "Letters", "Stories", "Journal", "Kitchen", "Garden", "Harbour", "Atlas", "Workshop",
    "Almanac", "Compass", "Lantern", "Orchard", "Signal", "Meadow", "Studio", "Review", "Digest",
];

/// A site's display name, e.g. `Lantern Orchard 12`.
pub(crate) fn site_name(rng: &mut Rng, index: usize) -> String {
    format!("{} {} {index}", rng.pick(TITLE_WORDS), rng.pick(TITLE_WORDS))
}

/// An article title of three or four words.
pub(crate) fn title(rng: &mut Rng) -> String {
    let n = 3 + rng.below(2) as usize;
    let words: Vec<&str> = (0..n).map(|_| *rng.pick(WORDS)).collect();
    capitalize(&words.join(" "))
}

/// A `<p>` of 40–90 words in a few sentences.
pub(crate) fn paragraph(rng: &mut Rng) -> String {
    let mut p = String::from("<p>");
    let words = 40 + rng.below(51);
    let mut sentence: Vec<&str> = Vec::new();
    for i in 0..words {
        sentence.push(*rng.pick(WORDS));
        // End a sentence now and then, leaving enough words for a full last one.
        if sentence.len() >= 6 && words - i > 6 && rng.percent(15) {
            p.push_str(&capitalize(&sentence.join(" ")));
            p.push_str(". ");
            sentence.clear();
        }
    }
    if !sentence.is_empty() {
        p.push_str(&capitalize(&sentence.join(" ")));
        p.push('.');
    }
    p.truncate(p.trim_end().len());
    p.push_str("</p>\n");
    p
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(7, 3);
                move |_| r.next_u64()
            })
            .collect();
        let mut r = Rng::new(7, 3);
        assert_eq!(a, (0..4).map(|_| r.next_u64()).collect::<Vec<_>>());
        assert_ne!(Rng::new(7, 3).next_u64(), Rng::new(7, 4).next_u64());
        assert_ne!(Rng::new(7, 3).next_u64(), Rng::new(8, 3).next_u64());
    }

    #[test]
    fn text_shapes() {
        let mut r = Rng::new(1, 1);
        let p = paragraph(&mut r);
        assert!(p.starts_with("<p>") && p.ends_with(".</p>\n"), "{p}");
        assert_eq!(r.digits(7).len(), 7);
        assert!(title(&mut r).chars().next().unwrap().is_uppercase());
    }
}
