//! Policies kept as components: a Vue single-file component is read by its `<template>`, a Svelte
//! component by its markup (outside `<script>` and `<style>`), an Astro page by its markup (after the `---`
//! code fence), a JSX/TSX module by its JSX elements, and MDX as Markdown without its `import`/`export`
//! lines and `{…}` expressions.
//!
//! Code is blanked with spaces rather than removed, so that for MDX (read as Markdown) offsets still point
//! into the file; the others are read as HTML, whose offsets point into the extracted text. Component tags
//! (`<NuxtLink>`, `<Layout>`, `<SiteFooter/>`) become plain elements, so that the HTML reader sees a
//! footer as a footer and a self-closed tag does not swallow what follows it.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::jsx;
use super::template::{fill, into_string};
use crate::model::TextFormat;

/// A component format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    /// A Vue single-file component (`.vue`).
    Vue,
    /// A Svelte component (`.svelte`).
    Svelte,
    /// An Astro page or component (`.astro`).
    Astro,
    /// A React (or other JSX) module (`.jsx`, `.tsx`).
    Jsx,
    /// MDX: Markdown with JSX (`.mdx`).
    Mdx,
}

impl Component {
    /// The format its markup is read as.
    pub fn format(self) -> TextFormat {
        if self == Component::Mdx { TextFormat::Markdown } else { TextFormat::Html }
    }
}

static VUE_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\A\s*(<!--.*?-->\s*)*<(template|script|style)[\s>]").expect("static regex"));
static LINE_TEMPLATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^<template(\s[^>]*)?>").expect("static regex"));
static ASTRO_FENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\A\u{feff}?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\z)").expect("static regex"));
static ASTRO_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*(import\s|export\s|const\s|let\s)|\bAstro\.").expect("static regex"));
/// An MDX `import`/`export` statement's first line.
static ESM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?m)^(import\s+(["']|[\w*{][^\n]*\bfrom\s+["'])|export\s+(const|let|var|function|default|async|\{|\*))"#,
    )
    .expect("static regex")
});

/// The component kind of a document, from its last extension or, without one that says, its content.
pub fn detect(ext: &str, document: &str) -> Option<Component> {
    match ext {
        "vue" => Some(Component::Vue),
        "svelte" => Some(Component::Svelte),
        "astro" => Some(Component::Astro),
        "jsx" | "tsx" => Some(Component::Jsx),
        "mdx" => Some(Component::Mdx),
        "html" | "htm" | "xhtml" | "txt" | "text" => None,
        _ => {
            let head = &document[..super::template::floor(document, 65536)];
            if VUE_BLOCK.is_match(head) && LINE_TEMPLATE.is_match(head) && head.contains("</template>") {
                Some(Component::Vue)
            } else if ASTRO_FENCE.captures(head).is_some_and(|c| ASTRO_CODE.is_match(&c[1])) {
                Some(Component::Astro)
            } else if matches!(ext, "md" | "markdown") && !head.trim_start().starts_with('<') && ESM.is_match(head) {
                Some(Component::Mdx)
            } else {
                None
            }
        }
    }
}

/// The readable markup of a component.
pub fn markup(kind: Component, doc: &str) -> String {
    match kind {
        Component::Vue => vue(doc).map_or_else(String::new, |t| normalize_tags(&t, true)),
        Component::Svelte => normalize_tags(&svelte(doc), false),
        Component::Astro => {
            let mut out = doc.as_bytes().to_vec();
            let start = ASTRO_FENCE.find(doc).map_or(0, |m| m.end());
            fill(&mut out, 0..start);
            normalize_tags(&into_string(jsx::markup(doc.as_bytes(), out, start, false)), false)
        }
        Component::Jsx => normalize_tags(&into_string(jsx::module(doc.as_bytes())), false),
        Component::Mdx => mdx(doc),
    }
}

static SFC_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<!--.*?(-->|\z)|<script\b[^>]*>.*?(</script\s*>|\z)|<style\b[^>]*>.*?(</style\s*>|\z)")
        .expect("static regex")
});
static TEMPLATE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<template(\s(?:[^>"']|"[^"]*"|'[^']*')*)?>|</template\s*>"#).expect("static regex")
});
static LANG_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\blang\s*=\s*["']?([\w-]+)"#).expect("static regex"));

/// The inner HTML of a Vue component's top-level `<template>` block (`None` without one, or when it is in
/// another language such as Pug).
fn vue(doc: &str) -> Option<String> {
    let mut masked = doc.as_bytes().to_vec();
    for m in SFC_CODE.find_iter(doc) {
        fill(&mut masked, m.range());
    }
    let masked = into_string(masked);
    let mut tags = TEMPLATE_TAG.captures_iter(&masked);
    let open = tags.find(|c| !c[0].starts_with("</"))?;
    if let Some(lang) = open.get(1).and_then(|a| LANG_ATTR.captures(a.as_str()))
        && !lang[1].eq_ignore_ascii_case("html")
    {
        return None;
    }
    let start = open.get(0)?.end();
    let mut depth = 1;
    for c in tags {
        depth += if c[0].starts_with("</") { -1 } else { 1 };
        if depth == 0 {
            return Some(doc[start..c.get(0)?.start()].to_string());
        }
    }
    Some(doc[start..].to_string())
}

static SVELTE_HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<svelte:head\b.*?(</svelte:head\s*>|\z)").expect("static regex"));

/// A Svelte component's markup: `<script>`, `<style>` and `<svelte:head>` blanked, and every `{…}`
/// (blocks, expressions, `{@html …}`) blanked; an attribute's `={…}` becomes `=""`.
fn svelte(doc: &str) -> String {
    let mut out = doc.as_bytes().to_vec();
    for m in SFC_CODE.find_iter(doc).chain(SVELTE_HEAD.find_iter(doc)) {
        if !m.as_str().starts_with("<!--") {
            fill(&mut out, m.range());
        }
    }
    let s = into_string(out);
    let bytes = s.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"<!--") {
            i = s[i..].find("-->").map_or(bytes.len(), |p| i + p + 3);
        } else if bytes[i] == b'{' {
            let Some(end) = jsx::balanced_brace(bytes, i) else { break };
            jsx::blank_expression(&mut out, bytes, i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    into_string(out)
}

/// MDX: `import`/`export` statements and `{…}` expressions blanked, JSX inside expressions kept (the
/// Markdown reader then drops the tags).
fn mdx(doc: &str) -> String {
    let bytes = doc.as_bytes();
    let mut out = bytes.to_vec();
    let mut fence = false;
    let mut pos = 0;
    let mut esm_until = 0;
    for line in doc.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        if fence || start < esm_until {
            continue;
        }
        if ESM.is_match(line) {
            esm_until = jsx::esm_end(bytes, start);
            fill(&mut out, start..esm_until);
        }
    }
    // Expressions are scanned in what is left: import/export lines are already spaces.
    let blanked = out.clone();
    into_string(jsx::markup(&blanked, out, 0, true))
}

/// A start or end tag, attributes quoted or not.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"<(/?)([A-Za-z][A-Za-z0-9._:-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>"#,
    )
    .expect("static regex")
});

/// Component tags become plain elements (`<SiteFooter>` a `<footer>`, `<NuxtLink>` a `<span>`, others a
/// `<div>`, named in `class` for the cookie-banner test), self-closed elements get their end tag, and (in
/// Vue) `<template>` wrappers are unwrapped.
fn normalize_tags(text: &str, vue: bool) -> String {
    TAG.replace_all(text, |c: &Captures<'_>| {
        let (close, name, attrs, selfclose) = (&c[1] == "/", &c[2], &c[3], &c[4] == "/");
        let lower = name.to_ascii_lowercase();
        if vue && lower == "template" {
            return String::new();
        }
        let is_component = name.starts_with(|ch: char| ch.is_ascii_uppercase()) || name.contains(['.', ':', '-']);
        if !is_component {
            return if selfclose && !jsx::VOID.contains(&lower.as_str()) {
                format!("<{name}{attrs}></{name}>")
            } else {
                c[0].to_string()
            };
        }
        let plain = plain_element(&lower);
        let class: String = name.chars().filter(|ch| ch.is_ascii_alphanumeric() || *ch == '-').collect();
        match (close, selfclose) {
            (true, _) => format!("</{plain}>"),
            (false, true) => format!("<{plain} class=\"{class}\"></{plain}>"),
            (false, false) => format!("<{plain} class=\"{class}\">"),
        }
    })
    .into_owned()
}

/// The plain element a component tag stands for.
fn plain_element(lower: &str) -> &'static str {
    let last = lower.rsplit(['.', ':']).next().unwrap_or(lower).replace('-', "");
    if last.ends_with("header") {
        "header"
    } else if last.ends_with("footer") {
        "footer"
    } else if ["nav", "navbar", "navigation", "menu", "sidebar", "breadcrumbs"].iter().any(|n| last.ends_with(n)) {
        "nav"
    } else if last.contains("link") || ["trans", "t", "i18nt", "icon", "strong", "em"].contains(&last.as_str()) {
        "span"
    } else {
        "div"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn vue_template_block_is_the_text() {
        let doc = "<script setup>\nconst t = '<template>x</template>';\nimport { useGtag } from 'vue-gtag'\n</script>\n\
                   <template>\n  <NuxtLayout>\n    <template #header><SiteHeader/></template>\n    \
                   <p>We use <NuxtLink to=\"/x\">Plausible</NuxtLink>.</p>\n    <template v-if=\"ads\"><p>Ads.</p></template>\n  \
                   </NuxtLayout>\n</template>\n<style scoped>p { color: red }</style>\n";
        assert_eq!(detect("vue", doc), Some(Component::Vue));
        assert_eq!(detect("", doc), Some(Component::Vue), "sniffed");
        let m = markup(Component::Vue, doc);
        assert_eq!(
            words(&m),
            "<div class=\"NuxtLayout\"> <header class=\"SiteHeader\"></header> <p>We use <span class=\"NuxtLink\">Plausible</span>.</p> <p>Ads.</p> </div>"
        );
        assert_eq!(markup(Component::Vue, "<template lang=\"pug\">p Hello</template>"), "");
    }

    #[test]
    fn svelte_markup_without_code() {
        let doc = "<script>\n  export let data;\n  const v = ['Mixpanel'];\n</script>\n<svelte:head><title>Hotjar</title></svelte:head>\n\
                   <h1>Privacy</h1>\n{#if data.ads}\n<p class={cls} on:click={() => a > b}>We use Criteo.</p>\n{:else}\n<p>No ads.</p>\n{/if}\n\
                   {#each items as item}<li>{item.name}</li>{/each}\n{@html data.footer}\n<style>h1 { x: 1 }</style>";
        let m = markup(Component::Svelte, doc);
        assert_eq!(
            words(&m),
            "<h1>Privacy</h1> <p class=\" \" on:click=\" \">We use Criteo.</p> <p>No ads.</p> <li> </li>"
        );
    }

    #[test]
    fn astro_and_jsx_keep_elements_drop_code() {
        let doc = "---\nimport Layout from '../layouts/Layout.astro';\nconst company = \"Segment\";\n---\n\
                   <Layout title=\"Privacy\">\n<p>{company} uses Stripe.</p>\n{chat && <p>We use Intercom's chat.</p>}\n\
                   {list.map((v) => <li>{v}</li>)}\n<img src={logo}>\n<p>Done.</p>\n</Layout>\n<script>if (a<b) {}</script>";
        assert_eq!(detect("", doc), Some(Component::Astro));
        let m = markup(Component::Astro, doc);
        assert_eq!(
            words(&m),
            "<div class=\"Layout\"> <p> uses Stripe.</p> <p>We use Intercom's chat.</p> <li> </li> <img src=\" \"> <p>Done.</p> </div> <script>if (a<b) {}</script>"
        );
        let tsx = "import x from 'y';\nexport default function P(): JSX.Element {\n  const a: Array<string> = [];\n  \
                   if (a.length < 2) {}\n  return (\n    <main className={s.main}>\n      <h1>Privacy</h1>\n      \
                   <p>We use Sentry{' '}for errors.</p>\n      {ads ? <p>We use Criteo.</p> : null}\n    </main>\n  );\n}\n";
        let m = markup(Component::Jsx, tsx);
        assert_eq!(
            words(&m),
            "<main className=\" \"> <h1>Privacy</h1> <p>We use Sentry for errors.</p> <p>We use Criteo.</p> </main>"
        );
    }

    #[test]
    fn mdx_drops_esm_and_expressions_keeping_offsets() {
        let doc = "import Callout from '../components/Callout'\nexport const meta = {\n  title: 'Privacy',\n}\n\n\
                   # Privacy\n\nWe use {props.x} Plausible.\n\n<Callout type={kind}>We use Stripe.</Callout>\n\n```js\nconst a = {b};\n```\n";
        assert_eq!(detect("md", doc), Some(Component::Mdx));
        let m = markup(Component::Mdx, doc);
        assert_eq!(m.len(), doc.len());
        assert_eq!(m.find("Plausible"), doc.find("Plausible"));
        assert_eq!(
            words(&m),
            "# Privacy We use Plausible. <Callout type=\" \">We use Stripe.</Callout> ```js const a = {b}; ```"
        );
    }

    #[test]
    fn plain_self_closing_and_void() {
        assert_eq!(normalize_tags("<div/><br/><p class=\"a\" />", false), "<div></div><br/><p class=\"a\"></p>");
    }
}
