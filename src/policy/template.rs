//! Policies kept as source templates: the tags of Liquid (Jekyll, Shopify), Hugo and Go templates,
//! Jinja, Twig and Nunjucks, Blade, PHP, ERB and EJS, Handlebars and Mustache, and Svelte blocks are code,
//! not prose. They are blanked with spaces (newlines kept), so that for Markdown and text the report's
//! offsets still point into the file. Components (Vue, Svelte, Astro, JSX, MDX) are first reduced to their
//! markup by [`super::component`].
//!
//! What counts as a tag is deliberately narrow: `{%`…`%}`, `{{`…`}}`, `{#`…`#}`, `{!!`…`!!}`, `<?php`…`?>`
//! and `<%`…`%>` never occur in prose, but single braces and `@` do (“{optional}”, privacy@example.com,
//! “@acme”), so Blade’s `@directives` are only blanked in Blade files and single braces only in components.
//! A translation call with a sentence in it (`{% trans "We use Stripe." %}`, `{{ __('…') }}`) keeps the
//! sentence: it is the policy’s text.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::component::{self, Component};
use super::jsx;
use crate::model::TextFormat;

/// Longest template tag looked for; an opener without a closer this close is left alone.
const MAX_TAG: usize = 64 * 1024;
/// Longest block whose whole content is code (`{% comment %}`…`{% endcomment %}`, `@php`…`@endphp`).
const MAX_BLOCK: usize = 1024 * 1024;

/// A document with its template code found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The markup: the document itself, or for a component the markup left of it (code blanked).
    pub markup: String,
    /// The template tags in [`Prepared::markup`], in order.
    pub code: Vec<Range<usize>>,
    /// The format the file's name or kind implies (`.vue` is HTML, `.md.erb` Markdown), if it implies one.
    pub format: Option<TextFormat>,
    /// The component kind, if the document is one.
    pub component: Option<Component>,
    /// Whether the file is a server template (by extension, or because Blade directives were found); its
    /// format is then sniffed with a bias to HTML, since such a file is usually a fragment of a page.
    pub server: bool,
}

impl Prepared {
    /// The text to read as `format`: for Markdown and text the markup with its tags blanked with spaces
    /// (offsets kept); for HTML, whose offsets point into the extracted text anyway, with its tags removed,
    /// as the template engine would (“Adyen{% if k %}, and Klarna{% endif %}.” reads “Adyen, and Klarna.”).
    pub fn text(&self, format: TextFormat) -> String {
        if format == TextFormat::Html {
            let mut out = String::with_capacity(self.markup.len());
            let mut at = 0;
            for r in &self.code {
                out.push_str(&self.markup[at..r.start]);
                at = r.end;
            }
            out.push_str(&self.markup[at..]);
            out
        } else {
            let mut out = self.markup.as_bytes().to_vec();
            for r in &self.code {
                fill(&mut out, r.clone());
            }
            into_string(out)
        }
    }
}

/// Extensions of server-side template languages.
const SERVER_EXTENSIONS: &[&str] = &[
    "php",
    "phtml",
    "erb",
    "ejs",
    "twig",
    "njk",
    "nunjucks",
    "j2",
    "jinja",
    "jinja2",
    "liquid",
    "hbs",
    "handlebars",
    "mustache",
    "tmpl",
    "tpl",
    "gohtml",
    "gotmpl",
    "jsp",
];

/// Reads the template code out of `document`; `name` is the file name (or the last segment of a URL's
/// path), whose extensions say what the document is.
pub fn prepare(name: &str, document: &str) -> Prepared {
    let name = name.to_ascii_lowercase();
    let exts: Vec<&str> = name.split('.').skip(1).collect();
    let last = exts.last().copied().unwrap_or_default();
    let component = component::detect(last, document);
    let (text, mut format) = match component {
        Some(c) => (component::markup(c, document), Some(c.format())),
        None => (document.to_string(), None),
    };
    let server_ext = SERVER_EXTENSIONS.contains(&last);
    let blade = component.is_none() && (name.ends_with(".blade.php") || looks_blade(&text));
    if server_ext && format.is_none() {
        // `privacy.html.twig`, `privacy.md.erb`: the inner extension is the output format.
        format = exts.iter().rev().skip(1).find_map(|e| match *e {
            "html" | "htm" => Some(TextFormat::Html),
            "md" | "markdown" => Some(TextFormat::Markdown),
            "txt" | "text" => Some(TextFormat::Text),
            _ => None,
        });
    }
    let code = tags(&text, blade);
    Prepared { markup: text, code, format, component, server: server_ext || blade }
}

static BLADE_SIGNAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)(?:^|[\s>])@(?:extends|section|yield|include|includeIf|foreach|forelse|push|stack|component|slot|lang|isset)\s*\(|(?:^|[\s>])@(?:endsection|endif|endforeach|endforelse|endpush|endcomponent|endslot|endisset|endphp|csrf|stop|show)\b",
    )
    .expect("static regex")
});

/// Whether a document uses Blade directives: two of them, to be sure it is not a “@handle” in prose.
fn looks_blade(text: &str) -> bool {
    text.contains('@') && BLADE_SIGNAL.find_iter(&text[..floor(text, 256 * 1024)]).nth(1).is_some()
}

/// Blade directives that take no arguments or optional ones (`@endif`, `@csrf`); other names in
/// [`BLADE_WITH_ARGS`] need their `(…)`.
const BLADE_BARE: &[&str] = &[
    "else",
    "endif",
    "endunless",
    "endisset",
    "endempty",
    "endfor",
    "endforeach",
    "endforelse",
    "endwhile",
    "endswitch",
    "break",
    "continue",
    "default",
    "endsection",
    "show",
    "stop",
    "append",
    "overwrite",
    "endpush",
    "endprepend",
    "endcomponent",
    "endslot",
    "endonce",
    "once",
    "csrf",
    "auth",
    "endauth",
    "guest",
    "endguest",
    "endcan",
    "endcannot",
    "endcanany",
    "endenv",
    "production",
    "endproduction",
    "endverbatim",
    "verbatim",
    "enderror",
    "endfragment",
    "endsession",
    "livewireStyles",
    "livewireScripts",
    "viteReactRefresh",
    "parent",
    "empty",
];

/// Blade directives with arguments.
const BLADE_WITH_ARGS: &[&str] = &[
    "extends",
    "section",
    "yield",
    "include",
    "includeIf",
    "includeWhen",
    "includeUnless",
    "includeFirst",
    "each",
    "if",
    "elseif",
    "unless",
    "isset",
    "empty",
    "for",
    "foreach",
    "forelse",
    "while",
    "switch",
    "case",
    "push",
    "prepend",
    "stack",
    "component",
    "slot",
    "lang",
    "choice",
    "can",
    "cannot",
    "canany",
    "env",
    "hasSection",
    "sectionMissing",
    "error",
    "props",
    "aware",
    "class",
    "style",
    "checked",
    "selected",
    "disabled",
    "readonly",
    "required",
    "json",
    "method",
    "inject",
    "vite",
    "livewire",
    "fragment",
    "session",
    "use",
    "dd",
    "dump",
    "auth",
    "guest",
    "production",
    "once",
    "break",
    "continue",
    "push",
    "pushOnce",
    "prependOnce",
    "includeFirst",
    "js",
];

static OPENERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(["{%", "{{", "{#", "{:", "{/", "{@", "{!!", "<?", "<%", "@"]).expect("static automaton")
});

/// `{% comment %}`-like blocks whose whole content is code or commented out.
static CODE_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\A\{%-?\s*(comment|schema|javascript|stylesheet|style|highlight)\b").expect("static regex")
});

/// A translation call with a literal: `trans "…"`, `_('…')`, `__("…")`, `$t('…')`, `'…'|trans`.
static TRANSLATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"\A[-=~#]?\s*(?:(?:_|__|t|\$t|i18n\.t|gettext|trans|translate|lang|@lang)\s*\(\s*|(?:trans|translate|blocktrans)\s+)"#,
        r#"(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"#,
        r#"|\A[-=~]?\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\|\s*(?:trans|t|translate)\b"#,
    ))
    .expect("static regex")
});

/// Blanks every template tag in `text` (and Blade directives when `blade`) with spaces.
pub fn blank_tags(text: &str, blade: bool) -> String {
    let mut out = text.as_bytes().to_vec();
    for r in tags(text, blade) {
        fill(&mut out, r);
    }
    into_string(out)
}

/// The template tags in `text` (and Blade directives when `blade`), in order; a translation call's
/// sentence is left out of its tag.
pub fn tags(text: &str, blade: bool) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    if !bytes.iter().any(|&b| matches!(b, b'{' | b'<' | b'@')) {
        return found;
    }
    let mut next = 0;
    for m in OPENERS.find_iter(text) {
        let at = m.start();
        if at < next {
            continue;
        }
        let tag = match &bytes[at..m.end()] {
            b"@" if blade => blade_directive(text, at),
            b"@" => None,
            b"<?" => php(text, at),
            b"<%" => closed(text, at, "%>"),
            b"{!!" => closed(text, at, "!!}"),
            b"{%" => liquid(text, at),
            b"{{" => mustache(text, at),
            b"{#" => hash(text, at),
            _ => svelte_block(text, at),
        };
        if let Some(range) = tag {
            match translated(&text[range.clone()]) {
                Some(k) => {
                    found.push(range.start..range.start + k.start);
                    found.push(range.start + k.end..range.end);
                }
                None => found.push(range.clone()),
            }
            next = range.end;
        }
    }
    found
}

/// The byte range, inside a tag, of the sentence its translation call holds, if it holds one.
fn translated(tag: &str) -> Option<Range<usize>> {
    let open = tag.find(|c: char| !matches!(c, '{' | '<' | '%' | '?' | '!')).unwrap_or(0);
    let open = if tag[open..].starts_with("php") { open + 3 } else { open };
    let inner = &tag[open..];
    let inner_start = open + (inner.len() - inner.trim_start().len());
    let caps = TRANSLATION.captures(&tag[inner_start..])?;
    let lit = (1..=4).find_map(|i| caps.get(i))?;
    let prose = lit.as_str().contains(' ') && lit.as_str().chars().any(char::is_alphabetic);
    prose.then(|| inner_start + lit.start()..inner_start + lit.end())
}

/// `open…close`, starting at `at`, if `close` follows within [`MAX_TAG`].
fn closed(text: &str, at: usize, close: &str) -> Option<Range<usize>> {
    let window = &text[at..floor(text, at + MAX_TAG)];
    window.get(2..)?.find(close).map(|p| at..at + 2 + p + close.len())
}

/// `<?php … ?>`, `<?= … ?>` or `<? … ?>` (to the end of the file without `?>`, as PHP reads it); not `<?xml`.
fn php(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = &text[at + 2..];
    let is_php = rest.starts_with('=')
        || rest.get(..3).is_some_and(|s| s.eq_ignore_ascii_case("php"))
        || rest.starts_with(char::is_whitespace);
    is_php.then(|| at..rest.find("?>").map_or(text.len(), |p| at + 2 + p + 2))
}

/// A Liquid/Jinja tag, or a whole comment or code block (`{% comment %}`…`{% endcomment %}`).
fn liquid(text: &str, at: usize) -> Option<Range<usize>> {
    let tag = closed(text, at, "%}")?;
    let Some(caps) = CODE_BLOCK.captures(&text[tag.clone()]) else { return Some(tag) };
    let end_name = format!("end{}", &caps[1]);
    let window = &text[tag.end..floor(text, tag.end + MAX_BLOCK)];
    let mut from = 0;
    while let Some(p) = window[from..].find("{%") {
        let open = tag.end + from + p;
        let inner = text[open + 2..].trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        if inner.starts_with(&end_name) {
            return closed(text, open, "%}").map(|end| at..end.end).or(Some(tag));
        }
        from += p + 2;
    }
    Some(tag)
}

/// `{{ … }}`, `{{{ … }}}` (Handlebars), `{{/* … */}}` (Go), `{{!-- … --}}` (Handlebars, Blade).
fn mustache(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = &text[at..];
    let close = if rest.starts_with("{{/*") {
        "*/}}"
    } else if rest.starts_with("{{!--") || rest.starts_with("{{--") {
        "--}}"
    } else if rest.starts_with("{{{") {
        "}}}"
    } else {
        "}}"
    };
    closed(text, at, close)
}

/// `{# … #}` (Jinja, Twig comments), a Markdown anchor `{#id}`, or a Svelte block `{#if …}`.
fn hash(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = &text[at + 2..];
    let word = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_').len();
    if word > 0 && rest[word..].starts_with('}') {
        return Some(at..at + 2 + word + 1); // {#cookies}: a heading anchor
    }
    if svelte_keyword(rest) {
        return svelte_block(text, at);
    }
    closed(text, at, "#}")
}

fn svelte_keyword(rest: &str) -> bool {
    ["if ", "each ", "await ", "key ", "snippet ", "else", "then", "catch", "html ", "const ", "debug", "render "]
        .iter()
        .any(|k| rest.starts_with(k))
        || ["if}", "each}", "await}", "key}", "snippet}"].iter().any(|k| rest.starts_with(k))
}

/// A Svelte block tag (`{#if x}`, `{:else}`, `{/if}`, `{@html x}`) or a kramdown attribute list (`{:toc}`,
/// `{: .note}`), on one line.
fn svelte_block(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = &text[at + 2..];
    let sigil = text.as_bytes()[at + 1];
    let ok = match sigil {
        b':' => true,
        b'/' => rest.starts_with(|c: char| c.is_ascii_lowercase()),
        _ => svelte_keyword(rest),
    };
    if !ok {
        return None;
    }
    let end = jsx::balanced_brace(text.as_bytes(), at)?;
    (!text[at..end].contains('\n') || sigil != b':').then_some(at..end)
}

/// A Blade directive at `at` (the `@`): a known name at a word start, with its `(…)` arguments; `@php` and
/// `@verbatim` blocks in full.
fn blade_directive(text: &str, at: usize) -> Option<Range<usize>> {
    let before = text[..at].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+')) {
        return None; // an e-mail address, or `@@` (Blade's escape)
    }
    let rest = &text[at + 1..];
    let len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric()).len();
    let name = &rest[..len];
    let end = at + 1 + len;
    let after = &text[end..];
    let args = after.trim_start_matches([' ', '\t']);
    if name == "php" && !args.starts_with('(') {
        let close = text[end..floor(text, end + MAX_BLOCK)].find("@endphp")?;
        return Some(at..end + close + "@endphp".len());
    }
    if args.starts_with('(') && BLADE_WITH_ARGS.contains(&name) {
        let open = end + (after.len() - args.len());
        return jsx::balanced(text.as_bytes(), open, b'(', b')').map(|e| at..e);
    }
    let word_ends = !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
    (BLADE_BARE.contains(&name) && word_ends).then_some(at..end)
}

/// Replaces `out[range]` with spaces, keeping line breaks.
pub(crate) fn fill(out: &mut [u8], range: Range<usize>) {
    for b in &mut out[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Bytes back to text: blanking replaced whole characters, so they are still UTF-8.
pub(crate) fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `i` moved back to a character boundary of `s`, at most `s.len()`.
pub(crate) fn floor(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(text: &str) -> String {
        let out = blank_tags(text, false);
        assert_eq!(out.len(), text.len(), "offsets kept");
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn server_tags_are_blanked_and_prose_kept() {
        let t = "{% include toc.html %}\nWe ({{ site.company_name }}) use Stripe.{% if x %} Ads.{% endif %}\n\
                 <?php include 'nav.php'; ?><p>Mail privacy@example.com or @acme.</p><?= $x ?>\n\
                 <%= render 'nav' %><%# old %>{# {% include 'hotjar.html' %} #}{{< notice >}}Note{{< /notice >}}\n\
                 {{/* we used Criteo */}}{{!-- gone --}}{{{ raw }}}{{> partial}}{{#if a}}Yes{{/if}}";
        assert_eq!(blanked(t), "We ( ) use Stripe. Ads. <p>Mail privacy@example.com or @acme.</p> Note Yes", "{t}");
    }

    #[test]
    fn comment_and_code_blocks_go_whole() {
        let t = "A.{% comment %}We use Criteo.{% endcomment %} B.{%- schema -%}{\"name\": \"x\"}{%- endschema -%} C.";
        assert_eq!(blanked(t), "A. B. C.");
    }

    #[test]
    fn svelte_blocks_and_kramdown_attributes() {
        let t = "{#if ads}We use Criteo.{:else if x}No.{/if}{@html footer}\n* TOC\n{:toc}\n## Cookies {#cookies}\n";
        assert_eq!(blanked(t), "We use Criteo. No. * TOC ## Cookies");
    }

    #[test]
    fn prose_with_braces_and_unclosed_openers_survives() {
        let t = "Send a request {optional} to privacy@example.com; 50% <% or {{ never closed. {/ here";
        assert_eq!(blank_tags(t, false), t);
        assert_eq!(blank_tags("<?xml version=\"1.0\"?><p>x</p>", false), "<?xml version=\"1.0\"?><p>x</p>");
    }

    #[test]
    fn translation_calls_keep_their_sentence() {
        let t = "{% trans \"We use Stripe for payments.\" %} {{ _('We use Sentry.') }} {{ t('.intro') }} \
                 {{ 'We never sell data.'|trans }} <%= t(\"We use Plausible.\") %>";
        assert_eq!(blanked(t), "We use Stripe for payments. We use Sentry. We never sell data. We use Plausible.");
    }

    #[test]
    fn blade_directives_only_in_blade() {
        let t = "@extends('layouts.app')\n@section('content')\n@include('partials.nav', ['x' => fn() => 1])\n\
                 <p>Write to privacy@acme.test or @acme.</p>\n@if(config('services.stripe.key'))\n<p>We use Stripe.</p>\n\
                 @endif\n{!! $footer !!}{{-- Hotjar removed --}}@php $x = 1; @endphp\n@endsection\n";
        let p = prepare("privacy.blade.php", t);
        let text = p.text(TextFormat::Text);
        assert_eq!(text.len(), t.len());
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words, "<p>Write to privacy@acme.test or @acme.</p> <p>We use Stripe.</p>");
        assert!(p.server);
        // Sniffed without the extension, and left alone in prose.
        assert!(prepare("privacy.html", t).text(TextFormat::Text).split_whitespace().eq(text.split_whitespace()));
        let prose = "Follow @include on X. Mail us at section@acme.test.";
        assert_eq!(prepare("p.txt", prose).text(TextFormat::Text), prose);
        // For HTML the tags are removed, as the template engine would.
        let html = prepare("p.html.twig", "<p>Card payments by Adyen{% if k %}, and Klarna{% endif %}.</p>");
        assert_eq!(html.text(TextFormat::Html), "<p>Card payments by Adyen, and Klarna.</p>");
    }

    #[test]
    fn inner_extension_gives_the_format() {
        assert_eq!(prepare("privacy.md.erb", "x").format, Some(TextFormat::Markdown));
        assert_eq!(prepare("privacy.html.twig", "x").format, Some(TextFormat::Html));
        assert_eq!(prepare("privacy.njk", "x").format, None);
        assert!(prepare("privacy.njk", "x").server);
        assert!(!prepare("privacy.md", "x").server);
    }

    #[test]
    fn malformed_input_never_panics() {
        let deep_jsx = "return (".to_string() + &"<div>{a && (".repeat(3000) + "x";
        let deep_vue = "<template>".repeat(3000) + "é";
        let cases = [
            "{{{{",
            "{%",
            "<%",
            "<?",
            "{#if",
            "{:",
            "{/",
            "@if(",
            "@php",
            "{#é}",
            "é{{é}}é",
            "<template",
            "---\n---",
            "import x from 'y'\nexport const a = {",
            "<a b={\"}\">",
            "`${",
            "/*",
            "<script",
            "{{< x",
            "<p/>é<Foo/>",
            deep_jsx.as_str(),
            deep_vue.as_str(),
        ];
        for name in ["p.vue", "p.svelte", "p.astro", "p.tsx", "p.mdx", "p.md", "p.blade.php", "p.php", "p.txt"] {
            for c in cases {
                let p = prepare(name, c);
                for f in [TextFormat::Html, TextFormat::Markdown] {
                    let _ = p.text(f);
                }
            }
        }
    }
}
