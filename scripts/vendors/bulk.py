"""Vendors derived in bulk from the source data, after the curated ones (which win every conflict).

  third-party-web  every entity no curated vendor claims (its `tpw`) -> a vendor, with its `company`
                   (tpw: the entity's own name when absent) mapped to a curated company by name or alias
  wappalyzer-mit   technologies in tracking categories no curated vendor claims -> merged into the vendor
                   of the same name or website domain, else a vendor of company `unknown`
  open-cookie-db   Platforms no curated vendor claims -> merged into the vendor of the same name, else a
                   vendor of the Platform's Data Controller; each cookie first- or third-party (see
                   `ocd_third_party`)

A value (domain, pattern, cookie, alias) another vendor already has is dropped, with a note: curated values
first, then in source order. Every drop is listed by `build-vendors --check -v`.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from names import AliasRegistry, load_words, name_risk, slug, unique_id

UNKNOWN_COMPANY = {"id": "unknown", "name": "(company not known)", "sources": ["manual"]}

TPW_CATEGORY = {
    "ad": "advertising", "analytics": "analytics", "social": "social", "video": "video", "cdn": "cdn",
    "hosting": "hosting", "tag-manager": "tag-manager", "consent-provider": "consent",
    "customer-success": "customer-support", "marketing": "marketing-automation",
}
# utility / content / other: the best fit by the entity's name and homepage, else `other`
KEYWORD_CATEGORY = [
    (r"font|typekit", "fonts"),
    (r"pay\b|pay[a-z]*\.|payment|checkout|stripe|adyen|klarna|affirm|afterpay|braintree|smartpay|wallet", "payments"),
    (r"captcha|security|\bssl\b|certific|fraud|shield|distil|inauth|\bbot\b|comodo|certum", "security"),
    (r"cookie|consent", "consent"),
    (r"video|player|stream|vimeo|wistia", "video"),
    (r"\bcdn\b|cloudfront|cachefly|jsdelivr|unpkg|cdnjs", "cdn"),
    (r"mail", "email"),
    (r"analytic|metric|monitor|relic|sentry|bugsnag|appdynamics|\brum\b", "analytics"),
    (r"chat|support|helpdesk|feedback|survey", "customer-support"),
    (r"hosting|cloud|server|\bvps\b|heroku|ocean", "hosting"),
]

# Wappalyzer category id -> ours, in order of precedence when a technology has several.
WAP_CATEGORY = [
    (67, "consent"), (42, "tag-manager"), (74, "a-b-testing"), (71, "affiliate"), (36, "advertising"),
    (77, "advertising"), (32, "marketing-automation"), (52, "customer-support"), (10, "analytics"),
    (78, "analytics"), (97, "analytics"), (73, "analytics"),
]
WAP_TRACKING = {c for c, _ in WAP_CATEGORY}

OCD_CATEGORY = {"Marketing": "advertising", "Analytics": "analytics"}

# Websites that host many unrelated products: a technology's website there says nothing about its vendor.
SHARED_WEBSITES = {
    "github.com", "gitlab.com", "bitbucket.org", "npmjs.com", "sourceforge.net", "wordpress.org",
    "google.com", "apple.com", "microsoft.com", "amazon.com", "facebook.com", "developers.google.com",
    "marketingplatform.google.com", "support.google.com", "cloud.google.com", "apps.shopify.com", "shopify.com",
}
GLOBAL_RE = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$")


def tpw_domain(d: str) -> str:
    d = d.strip().lower()
    return d[2:] if d.startswith("*.") else d


def host_of(url: str) -> str | None:
    try:
        host = urlparse(url).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def shared_website(host: str) -> bool:
    return any(host == w or host.endswith("." + w) for w in SHARED_WEBSITES)


def pattern_specific(p: str) -> bool:
    """Whether a script pattern names something: at least 6 letters or digits outside regex syntax."""
    text = re.sub(r"\\[a-zA-Z]|\[[^\]]*\]|\{[^}]*\}|\(\?[:=!<]*", "", p)
    return len(re.findall(r"[A-Za-z0-9]", text)) >= 6


class Bulk:
    """The state of the bulk derivation: who owns what so far."""

    def __init__(self, ctx, curated: dict, src, companies: list[dict], vendors: list[dict], notes: list[str]):
        self.ctx, self.curated, self.src, self.notes = ctx, curated, src, notes
        self.companies, self.vendors = companies, vendors
        self.words = load_words()
        self.reg = AliasRegistry(ctx.LEGAL_FORMS)
        self.vendor_ids = {v["id"] for v in vendors}
        self.company_ids = {c["id"] for c in companies}
        self.company_by_id = {c["id"]: c for c in companies}
        self.curated_company_ids = set(self.company_ids)
        self.curated_ids = set(self.vendor_ids)
        self.by_id = {v["id"]: v for v in vendors}
        self.domain_owner: dict[str, str] = {}
        self.value_owner: dict[tuple[str, str], str] = {}
        self.dropped_aliases: list[str] = []
        self.wap_curated_same: list[str] = []
        for c in companies:
            for a in [c["name"], *c.get("aliases", []), *c.get("proper_aliases", [])]:
                self.reg.add_company(a, c["id"])
        # names the sources write for a curated company that are no aliases of it (an ordinary word: "News")
        self.source_names: dict[str, str] = {}
        for c in curated.get("company", []):
            for n in c.get("source_names", []):
                if self.source_names.setdefault(n, c["id"]) != c["id"]:
                    raise ctx.BuildError(f"company {c['id']!r}: source name {n!r} is already company "
                                         f"{self.source_names[n]!r}'s")
        for v in vendors:
            for a in [v["name"], *v.get("aliases", []), *v.get("proper_aliases", [])]:
                self.reg.add_vendor(a, v["id"], v["company"])
            for d in v.get("domains", []):
                self.domain_owner.setdefault(d, v["id"])
            for f in ("script_patterns", "cookies", "third_party_cookies", "globals"):
                for x in v.get(f, []):
                    self.value_owner.setdefault((kind(f), x), v["id"])
        if "unknown" not in self.company_ids:
            companies.append(dict(UNKNOWN_COMPANY))
            self.company_ids.add("unknown")
            self.company_by_id["unknown"] = companies[-1]

    def info(self, limit: int = 12) -> list[str]:
        """The informational part of `build-vendors --check`: what the bulk derivation did and dropped."""
        derived = [v for v in self.vendors if v["id"] not in self.curated_ids]
        per = {t: sum(t in v["sources"] for v in derived) for t in ("third-party-web", "wappalyzer-mit", "open-cookie-database")}
        unknown = sum(v["company"] == "unknown" for v in self.vendors)
        tp = sum(bool(v.get("third_party_cookies")) for v in self.vendors)
        out = ["", "Derived in bulk (informational):",
               f"  {len(derived)} vendors derived: " + ", ".join(f"{t} {n}" for t, n in per.items()),
               f"  {unknown} vendors of company `unknown`; {tp} vendors with third-party cookies"]

        def listing(title, items):
            if items:
                more = f", ... (+{len(items) - limit}; -v lists all)" if len(items) > limit else ""
                out.append(f"  {title}: {len(items)}: " + "; ".join(items[:limit]) + more)

        listing("names kept out of the aliases (ordinary word, too short, generic, or another's alias)",
                self.dropped_aliases)
        listing("Wappalyzer technologies like a curated vendor (list them in its `wappalyzer` to take their values)",
                self.wap_curated_same)
        return out

    # --- owners ------------------------------------------------------------------------------

    def vendor_of_host(self, host: str) -> str | None:
        labels = host.split(".")
        for i in range(len(labels) - 1):
            owner = self.domain_owner.get(".".join(labels[i:]))
            if owner:
                return owner
        return None

    def company(self, name: str | None, source: str) -> str:
        """The id of the company a source names: a known one by name or alias, else a new derived one."""
        if not name or not name.strip():
            return "unknown"
        name = name.strip()
        known = self.source_names.get(name) or self.reg.company_for(name) or self.company_of_product(name)
        if known:
            return known
        cid = unique_id(slug(name), self.company_ids)
        out = {"id": cid, "name": name, "sources": [source]}
        # a one-word name the source writes in lowercase ("numero") is no brand as written: it reads as a word of
        # some language (Italian "numero"), so it is no alias
        risk = name_risk(name, self.words) or ("lowercase" if re.fullmatch(r"[a-z]+", name) else None)
        if risk or not self.reg.company_ok(name, cid):
            out["name"] = f"{name} (company)"
            self.dropped_aliases.append(f"company {cid}: name {name!r} not an alias ({risk or 'taken'})")
        self.companies.append(out)
        self.company_by_id[cid] = out
        self.reg.add_company(out["name"], cid)
        self.reg.add_company(name, cid)  # later records of the same company map here
        return cid

    def company_of_product(self, name: str) -> str | None:
        """The company of the vendor of that name ("Lotame" the product is Lotame Solutions the company)."""
        vid = self.reg.vendor_cf.get(name.casefold()) or self.reg.vendor_norm.get(self.reg.norm(name))
        cid = self.by_id[vid]["company"] if vid else None
        return cid if cid != "unknown" else None

    def company_by_prefix(self, name: str) -> str:
        """The company whose name a product's name begins with ("IBM Coremetrics", "Google Optimize"), else
        `unknown`. Only names that are no ordinary word count."""
        words = name.split()
        for n in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:n])
            cid = self.reg.company_for(prefix)
            if cid and len(prefix) >= 3 and name_risk(prefix, self.words) in (None, "short"):
                return cid
        return "unknown"

    def new_vendor(self, name: str, cid: str, category: str, qualifier: str | None, source: str) -> dict:
        vid = unique_id(slug(name), self.vendor_ids)
        v = {"id": vid, "name": name, "company": cid, "category": category, "sources": [source]}
        risk = name_risk(name, self.words)
        company_alias = self.reg.company_cf.get(name.casefold()) or self.reg.company_norm.get(self.reg.norm(name))
        # A single-product company derived from the same record may share the name; a curated company may not
        # (its names stay company mentions: "Adobe Systems" is Adobe, not a product).
        shared = company_alias is not None and (company_alias != cid or cid in self.curated_company_ids)
        taken = not self.reg.vendor_ok(name, vid, cid) or shared
        if risk or taken:
            v["name"] = next(
                q for q in (f"{name} ({qualifier})" if qualifier else "", f"{name} ({category})", f"{name} ({vid})")
                if q and self.reg.vendor_ok(q, vid, cid) and not self.reg.company_for(q)
            )
            why = risk or ("a company's name" if shared else "taken")
            # a capitalised word may match as a proper noun; an all-lowercase one ("test") never
            if risk == "word" and not taken and name != name.lower():
                v["proper_aliases"] = [name]
                self.reg.add_vendor(name, vid, cid)
            else:
                self.dropped_aliases.append(f"vendor {vid}: name {name!r} not an alias ({why})")
        self.reg.add_vendor(v["name"], vid, cid)
        self.vendors.append(v)
        self.by_id[vid] = v
        return v

    def add_value(self, v: dict, field: str, value: str, what: str) -> bool:
        key = (kind(field), value)
        owner = self.value_owner.get(key)
        if owner is not None and owner != v["id"]:
            self.notes.append(f"{v['id']}: dropped {what} {value!r} (already {owner}'s)")
            return False
        if value in v.get(field, []):
            return False
        self.value_owner[key] = v["id"]
        v.setdefault(field, []).append(value)
        return True

    def add_domain(self, v: dict, d: str, what: str) -> bool:
        why = self.ctx.domain_problem(d, self.ctx.KNOWN_PUBLIC_SUFFIXES)
        owner = self.domain_owner.get(d)
        if why or (owner and owner != v["id"]):
            self.notes.append(f"{v['id']}: dropped {what} domain {d!r} ({why or 'already ' + owner + chr(39) + 's'})")
            return False
        if d not in v.get("domains", []):
            self.domain_owner[d] = v["id"]
            v.setdefault("domains", []).append(d)
        return True

    def tag(self, v: dict, source: str) -> None:
        if source not in v["sources"]:
            v["sources"].append(source)

    # --- third-party-web ----------------------------------------------------------------------

    def tpw(self) -> None:
        claimed = {n for v in self.curated.get("vendor", []) for n in v.get("tpw", [])}
        for e in self.src.tpw_list:
            if e["name"] in claimed or e["name"] in ():
                continue
            claimed.add(e["name"])
            cid = self.company(e.get("company") or e["name"], "third-party-web")
            domains = [tpw_domain(d) for d in e.get("domains", [])]
            category = TPW_CATEGORY.get(e["category"]) or keyword_category(e["name"], e.get("homepage", ""))
            v = self.new_vendor(e["name"], cid, category, domains[0] if domains else host_of(e.get("homepage", "")),
                                "third-party-web")
            for d in domains:
                self.add_domain(v, d, "third-party-web")

    def tpw_leftovers(self) -> None:
        """Domains of a curated vendor's tpw entities that it leaves out (`tpw_keep`, `skip`: a portal such as
        aol.com or bing.com, or a domain tpw files under the wrong entity) and nobody else has: a vendor of
        category `other` per entity, so the domain still names its company."""
        for cv in self.curated.get("vendor", []):
            for name in cv.get("tpw", []):
                e = self.src.tpw.get(name)
                left = [d for d in map(tpw_domain, e.get("domains", [])) if d not in self.domain_owner
                        and not self.ctx.domain_problem(d, self.ctx.KNOWN_PUBLIC_SUFFIXES)]
                if not left:
                    continue
                # the curated vendor left them out: only a company tpw names explicitly is trusted
                cid = self.company(e.get("company"), "third-party-web")
                v = self.new_vendor(f"{e['name']} (other domains)", cid, "other", None, "third-party-web")
                for d in left:
                    self.add_domain(v, d, "third-party-web")

    # --- Wappalyzer ---------------------------------------------------------------------------

    def wappalyzer(self) -> None:
        claimed = {n for v in self.curated.get("vendor", []) for n in v.get("wappalyzer", [])}
        for name, tech in sorted(self.src.wap.items()):
            cats = set(tech.get("cats", []))
            if name in claimed or not cats & WAP_TRACKING:
                continue
            if not (tech.get("scriptSrc") or tech.get("js") or tech.get("cookies")):
                continue
            website = host_of(tech.get("website", "")) or ""
            target = self.reg.vendor_cf.get(name.casefold()) or self.reg.vendor_norm.get(self.reg.norm(name))
            if target is None and website and not shared_website(website):
                target = self.vendor_of_host(website)
            if target in self.curated_ids:
                self.wap_curated_same.append(f"{name} (like vendor {target})")
                continue
            if target is None:
                category = next(c for k, c in WAP_CATEGORY if k in cats)
                desc = tech.get("description", "").lower()
                if category == "analytics" and re.search(r"session (replay|recording)|screen recording", desc):
                    category = "session-replay"
                owner = self.vendor_of_host(website) if website and not shared_website(website) else None
                cid = self.by_id[owner]["company"] if owner else self.company_by_prefix(name)
                v = self.new_vendor(name, cid, category, website or None, "wappalyzer-mit")
            else:
                v = self.by_id[target]
            self.wap_values(v, tech)

    def wap_values(self, v: dict, tech: dict) -> None:
        used = False
        srcs = tech.get("scriptSrc", [])
        for p in [srcs] if isinstance(srcs, str) else srcs:
            p = self.ctx.wappalyzer_pattern(p)
            why = self.ctx.regex_problem(p) or (None if pattern_specific(p) else "too unspecific")
            if why:
                self.notes.append(f"{v['id']}: dropped Wappalyzer scriptSrc {p!r} ({why})")
                continue
            used |= self.add_value(v, "script_patterns", p, "Wappalyzer scriptSrc")
        for g in tech.get("js", {}):
            if not GLOBAL_RE.match(g) or len(g) < 3:
                self.notes.append(f"{v['id']}: dropped Wappalyzer js {g!r} (not a plain global or too short)")
                continue
            used |= self.add_value(v, "globals", g, "Wappalyzer js")
        for ck in tech.get("cookies", {}):
            ck = ck.strip()
            if self.ctx.generic_cookie(ck, self.curated) or self.ctx.cookie_problem(ck):
                continue
            used |= self.add_value(v, "cookies", ck, "Wappalyzer cookie")
        if used:
            self.tag(v, "wappalyzer-mit")

    # --- Open Cookie Database -----------------------------------------------------------------

    def ocd(self) -> None:
        claimed = {n for v in self.curated.get("vendor", []) for n in v.get("ocd", [])}
        claimed.update(self.curated.get("build", {}).get("ignore_ocd", []))
        for plat, rows in self.src.ocd.items():
            if not plat or plat in claimed:
                continue
            target = self.reg.vendor_cf.get(plat.casefold()) or self.reg.vendor_norm.get(self.reg.norm(plat))
            if target in self.curated_ids:
                self.notes.append(f"Open Cookie Database Platform {plat!r} is like curated vendor {target}: not taken")
                continue
            if target is None:
                cats = [OCD_CATEGORY[r["Category"].strip()] for r in rows if r["Category"].strip() in OCD_CATEGORY]
                if not cats:
                    continue  # only functional cookies: not a tracker of its own
                category = max(sorted(set(cats)), key=cats.count)
                controller = rows[0].get("Data Controller", "").strip()
                cid = self.company(controller, "open-cookie-database")
                v = self.new_vendor(plat, cid, category, None, "open-cookie-database")
            else:
                v = self.by_id[target]
            used = False
            for row in rows:
                ck = self.ctx.ocd_cookie_name(row)
                if self.ctx.generic_cookie(row["Cookie / Data Key name"].strip(), self.curated) or self.ctx.cookie_problem(ck):
                    continue
                field = "third_party_cookies" if ocd_third_party(row, v) else "cookies"
                used |= self.add_value(v, field, ck, "Open Cookie Database cookie")
            if used:
                self.tag(v, "open-cookie-database")


def kind(field: str) -> str:
    """Cookies of both kinds share one name space: a name has one vendor."""
    return "cookie" if field in ("cookies", "third_party_cookies") else field


def keyword_category(name: str, homepage: str) -> str:
    text = f"{name} {homepage}".lower()
    for rx, cat in KEYWORD_CATEGORY:
        if re.search(rx, text):
            return cat
    return "other"


def ocd_third_party(row: dict, vendor: dict) -> bool:
    """Whether an Open Cookie Database row says the cookie lives on the vendor's own domain.

    Explicit: its Domain says "(3rd party)". Implied: an advertising vendor's cookie whose Domain is one of the
    vendor's domains (ad servers set their cookies where they serve). Otherwise first-party: OCD often writes
    the vendor's domain for a cookie its script sets on the site (Shopify's, Crazy Egg's)."""
    dom = row.get("Domain", "").strip().lower()
    if "3rd party" in dom:
        return True
    if not dom or vendor["category"] != "advertising" or row["Category"].strip() != "Marketing":
        return False
    dom = dom.lstrip(".")
    return any(dom == d or dom.endswith("." + d) for d in vendor.get("domains", []))


def derive_bulk(ctx, curated: dict, src, companies: list[dict], vendors: list[dict], notes: list[str]) -> Bulk:
    b = Bulk(ctx, curated, src, companies, vendors, notes)
    b.tpw()
    b.tpw_leftovers()
    b.wappalyzer()
    b.ocd()
    for v in b.vendors:
        if v["id"] in b.curated_ids:
            continue
        v["sources"] = [t for t in ctx.SOURCE_TAGS if t in v["sources"]]
        for f in ("domains", "script_patterns", "cookies", "third_party_cookies", "globals"):
            if f in v:
                v[f] = list(dict.fromkeys(v[f]))
    return b
