"""Names for derived vendors and companies: ids, risky names, and an alias registry mirroring the validator.

A derived name becomes an alias (a vendor's or company's `name` always is one). A name that is an ordinary
word ("Medium", "Pulse") or too short or generic to match safely is therefore written with a qualifier
("Medium (medium.com)"), and the bare word goes to `proper_aliases` (matched only as capitalised) when it is
long enough to be worth matching at all.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent / "words.txt"

# Names no policy uses for one vendor; never aliases, whatever the source says.
GENERIC_NAMES = {
    "other", "others", "unknown", "analytics", "ads", "advertising", "marketing", "tracking", "cdn", "cookies",
    "consent", "chat", "live chat", "video", "widget", "widgets", "social", "hosting", "fonts", "tag manager",
    "tag managers", "a/b testing", "ab testing", "survey", "surveys", "feedback", "affiliate", "affiliates",
    "personalisation", "personalization", "retargeting", "remarketing", "rum", "cmp", "dmp", "dsp", "ssp",
    "crm", "cookie consent", "cookie banner", "web analytics", "site analytics", "google", "amazon", "microsoft",
}


def load_words(path: Path = WORDS_FILE) -> set[str]:
    """Ordinary English words and common first names (lowercased) that occur as source names."""
    if not path.exists():
        return set()
    return {
        w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines()
        if w.strip() and not w.startswith("#")
    }


def slug(text: str) -> str:
    """A kebab-case id: "Yahoo! Ad Exchange" -> "yahoo-ad-exchange"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("&", " and ").replace("+", " plus ")
    return "-".join(re.findall(r"[a-z0-9]+", text)) or "x"


def unique_id(base: str, taken: set[str]) -> str:
    vid, n = base, 2
    while vid in taken:
        vid, n = f"{base}-{n}", n + 1
    taken.add(vid)
    return vid


def name_risk(name: str, words: set[str]) -> str | None:
    """Why `name` must not be matched case-insensitively, or None.

    "word": every word of it is an ordinary word or first name (it may still be a proper alias);
    "short" / "number" / "generic": it is no use as an alias at all."""
    bare = name.strip()
    letters = re.sub(r"[^A-Za-z]", "", bare)
    if bare.casefold() in GENERIC_NAMES:
        return "generic"
    if re.fullmatch(r"[\d\s.,:+-]+", bare):
        return "number"
    if len(letters) <= 2 or len(bare) <= 3:
        return "short"
    parts = re.findall(r"[A-Za-z]+", bare)
    if parts and all(p.lower() in words or p.lower() in GENERIC_NAMES for p in parts):
        return "word"
    return None


def normalise_alias(alias: str, legal_forms: set[str]) -> str:
    words = re.sub(r"[^\w+]+", " ", alias.casefold()).split()
    while len(words) > 1 and words[-1] in legal_forms:
        words.pop()
    return " ".join(words)


class AliasRegistry:
    """Which aliases are taken, by whom: the validator's rules, checked before a derived alias is added.

    Rules (see `validate` in build-vendors): among vendors, and among companies, an alias (case-folded, and
    after normalisation) has one owner; a vendor alias may equal a company alias only of its own company."""

    def __init__(self, legal_forms: set[str]):
        self.legal = legal_forms
        self.vendor_cf: dict[str, str] = {}
        self.vendor_norm: dict[str, str] = {}
        self.vendor_company: dict[str, str] = {}  # alias casefold -> company of the owning vendor
        self.company_cf: dict[str, str] = {}
        self.company_norm: dict[str, str] = {}

    def norm(self, alias: str) -> str:
        return normalise_alias(alias, self.legal)

    def vendor_ok(self, alias: str, vid: str, cid: str) -> bool:
        cf, nk = alias.casefold(), self.norm(alias)
        return (
            self.vendor_cf.get(cf, vid) == vid
            and (not nk or self.vendor_norm.get(nk, vid) == vid)
            and self.company_cf.get(cf, cid) == cid
        )

    def company_ok(self, alias: str, cid: str) -> bool:
        cf, nk = alias.casefold(), self.norm(alias)
        return (
            self.company_cf.get(cf, cid) == cid
            and (not nk or self.company_norm.get(nk, cid) == cid)
            and self.vendor_company.get(cf, cid) == cid
        )

    def add_vendor(self, alias: str, vid: str, cid: str) -> None:
        cf, nk = alias.casefold(), self.norm(alias)
        self.vendor_cf.setdefault(cf, vid)
        if nk:
            self.vendor_norm.setdefault(nk, vid)
        self.vendor_company.setdefault(cf, cid)

    def add_company(self, alias: str, cid: str) -> None:
        cf, nk = alias.casefold(), self.norm(alias)
        self.company_cf.setdefault(cf, cid)
        if nk:
            self.company_norm.setdefault(nk, cid)

    def company_for(self, name: str) -> str | None:
        """The company a name (as a source writes it) stands for, if one is known."""
        return self.company_cf.get(name.casefold()) or self.company_norm.get(self.norm(name))
