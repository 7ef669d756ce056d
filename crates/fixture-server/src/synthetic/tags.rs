//! The third-party tags a synthetic site embeds, chosen per site, as real sites paste them.

use std::fmt::Write;

use super::text::Rng;

const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const VIDEO_ID: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// The tags of one site, with their account ids.
#[derive(Debug, Clone, Default)]
pub(crate) struct SiteTags {
    ga4: Option<String>,
    gtm: Option<String>,
    meta_pixel: Option<String>,
    linkedin: Option<String>,
    hotjar: Option<String>,
    criteo: bool,
    youtube: Option<String>,
    google_fonts: bool,
    jsdelivr: bool,
    dns_prefetch: bool,
    social: Option<String>,
    json_ld: bool,
    widget: Option<u64>,
}

impl SiteTags {
    /// Draw a site's tags, each with its own probability; `slug` names its social profiles.
    pub(crate) fn choose(rng: &mut Rng, slug: &str) -> SiteTags {
        let mut id = |p: u64, f: &mut dyn FnMut(&mut Rng) -> String| rng.percent(p).then(|| f(rng));
        let ga4 = id(60, &mut |r| format!("G-{}", r.token(UPPER_ALNUM, 10)));
        let gtm = id(40, &mut |r| format!("GTM-{}", r.token(UPPER_ALNUM, 7)));
        let meta_pixel = id(35, &mut |r| r.digits(15));
        let linkedin = id(20, &mut |r| r.digits(7));
        let hotjar = id(25, &mut |r| r.digits(7));
        let youtube = id(30, &mut |r| r.token(VIDEO_ID, 11));
        SiteTags {
            ga4,
            gtm,
            meta_pixel,
            linkedin,
            hotjar,
            youtube,
            criteo: rng.percent(15),
            google_fonts: rng.percent(50),
            jsdelivr: rng.percent(30),
            dns_prefetch: rng.percent(40),
            social: rng.percent(70).then(|| slug.to_owned()),
            json_ld: rng.percent(60),
            widget: rng.percent(30).then(|| rng.below(50)),
        }
    }

    /// The vendors present, as a privacy policy would name them.
    pub(crate) fn vendors(&self) -> Vec<&'static str> {
        [
            (self.ga4.is_some(), "Google Analytics"),
            (self.gtm.is_some(), "Google Tag Manager"),
            (self.meta_pixel.is_some(), "Meta Pixel"),
            (self.linkedin.is_some(), "LinkedIn Insight Tag"),
            (self.hotjar.is_some(), "Hotjar"),
            (self.criteo, "Criteo"),
            (self.youtube.is_some(), "YouTube"),
            (self.google_fonts, "Google Fonts"),
            (self.jsdelivr, "jsDelivr"),
        ]
        .into_iter()
        .filter_map(|(present, name)| present.then_some(name))
        .collect()
    }

    /// Tags that go in `<head>` (after the title).
    pub(crate) fn head(&self, out: &mut String, site_name: &str, host: &str) {
        if self.dns_prefetch {
            out.push_str(DNS_PREFETCH);
        }
        if self.google_fonts {
            out.push_str(GOOGLE_FONTS);
        }
        push_with_id(out, GTM_HEAD, self.gtm.as_deref());
        push_with_id(out, GTAG, self.ga4.as_deref());
        push_with_id(out, META_PIXEL, self.meta_pixel.as_deref());
        push_with_id(out, HOTJAR, self.hotjar.as_deref());
        if self.criteo {
            out.push_str(CRITEO);
        }
        if self.json_ld {
            let same_as = match &self.social {
                Some(slug) => format!(r#","sameAs":["https://www.facebook.com/{slug}","https://twitter.com/{slug}"]"#),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                r#"<script type="application/ld+json">{{"@context":"https://schema.org","@type":"Organization","name":"{site_name}","url":"https://{host}/","logo":"https://{host}/logo.png"{same_as}}}</script>"#
            );
        }
    }

    /// Tags right after `<body>`.
    pub(crate) fn body_start(&self, out: &mut String) {
        push_with_id(out, GTM_BODY, self.gtm.as_deref());
    }

    /// An embed placed inside the article.
    pub(crate) fn in_article(&self, out: &mut String) {
        push_with_id(out, YOUTUBE, self.youtube.as_deref());
    }

    /// Links to social profiles, for the footer.
    pub(crate) fn footer_links(&self, out: &mut String) {
        push_with_id(out, SOCIAL_LINKS, self.social.as_deref());
    }

    /// Scripts placed just before `</body>`.
    pub(crate) fn body_end(&self, out: &mut String) {
        if self.jsdelivr {
            out.push_str(JSDELIVR);
        }
        if let Some(m) = self.widget {
            let _ = writeln!(out, r#"<script src="https://cdn.widgetco{m}.example/widget.js" defer></script>"#);
        }
        push_with_id(out, LINKEDIN, self.linkedin.as_deref());
    }
}

/// Append `template` with every `%ID%` replaced by `id`, if there is an id.
fn push_with_id(out: &mut String, template: &str, id: Option<&str>) {
    if let Some(id) = id {
        out.push_str(&template.replace("%ID%", id));
    }
}

const DNS_PREFETCH: &str = r#"<link rel="dns-prefetch" href="//www.google-analytics.com">
<link rel="dns-prefetch" href="//connect.facebook.net">
"#;

const GOOGLE_FONTS: &str = r#"<link rel="preconnect" href="https://fonts.googleapis.com">
<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
<link href="https://fonts.googleapis.com/css2?family=Roboto:wght@400;700&display=swap" rel="stylesheet">
"#;

const GTM_HEAD: &str = r"<!-- Google Tag Manager -->
<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','%ID%');</script>
<!-- End Google Tag Manager -->
";

const GTM_BODY: &str = r#"<!-- Google Tag Manager (noscript) -->
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=%ID%"
height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
<!-- End Google Tag Manager (noscript) -->
"#;

const GTAG: &str = r#"<!-- Google tag (gtag.js) -->
<script async src="https://www.googletagmanager.com/gtag/js?id=%ID%"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());

  gtag('config', '%ID%');
</script>
"#;

const META_PIXEL: &str = r#"<!-- Meta Pixel Code -->
<script>
!function(f,b,e,v,n,t,s)
{if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';
n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '%ID%');
fbq('track', 'PageView');
</script>
<noscript><img height="1" width="1" style="display:none"
src="https://www.facebook.com/tr?id=%ID%&ev=PageView&noscript=1"
/></noscript>
<!-- End Meta Pixel Code -->
"#;

const HOTJAR: &str = r"<!-- Hotjar Tracking Code -->
<script>
    (function(h,o,t,j,a,r){
        h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};
        h._hjSettings={hjid:%ID%,hjsv:6};
        a=o.getElementsByTagName('head')[0];
        r=o.createElement('script');r.async=1;
        r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;
        a.appendChild(r);
    })(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');
</script>
";

const CRITEO: &str = r#"<script type="text/javascript" src="//static.criteo.net/js/ld/ld.js" async="true"></script>
"#;

const YOUTUBE: &str = r#"<iframe width="560" height="315" src="https://www.youtube.com/embed/%ID%" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>
"#;

const SOCIAL_LINKS: &str = r#"<p class="social"><a href="https://www.facebook.com/%ID%" rel="noopener">Facebook</a> <a href="https://twitter.com/%ID%" rel="noopener">Twitter</a></p>
"#;

const JSDELIVR: &str = r#"<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js" crossorigin="anonymous"></script>
"#;

const LINKEDIN: &str = r#"<script type="text/javascript">
_linkedin_partner_id = "%ID%";
window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [];
window._linkedin_data_partner_ids.push(_linkedin_partner_id);
</script><script type="text/javascript">
(function(l) {
if (!l){window.lintrk = function(a,b){window.lintrk.q.push([a,b])};
window.lintrk.q=[]}
var s = document.getElementsByTagName("script")[0];
var b = document.createElement("script");
b.type = "text/javascript";b.async = true;
b.src = "https://snap.licdn.com/li.lms-analytics/insight.min.js";
s.parentNode.insertBefore(b, s);})(window.lintrk);
</script>
<noscript>
<img height="1" width="1" style="display:none;" alt="" src="https://px.ads.linkedin.com/collect/?pid=%ID%&fmt=gif" />
</noscript>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_renders() {
        let tags = SiteTags {
            ga4: Some("G-ABCDEF1234".into()),
            gtm: Some("GTM-ABC1234".into()),
            meta_pixel: Some("123456789012345".into()),
            linkedin: Some("1234567".into()),
            hotjar: Some("7654321".into()),
            criteo: true,
            youtube: Some("dQw4w9WgXcQ".into()),
            google_fonts: true,
            jsdelivr: true,
            dns_prefetch: true,
            social: Some("lantern".into()),
            json_ld: true,
            widget: Some(7),
        };
        let mut out = String::new();
        tags.head(&mut out, "Site", "site0.bench.test");
        tags.body_start(&mut out);
        tags.in_article(&mut out);
        tags.footer_links(&mut out);
        tags.body_end(&mut out);
        for needle in [
            "gtag/js?id=G-ABCDEF1234",
            "gtm.js?id='+i+dl",
            "        h._hjSettings={hjid:7654321,hjsv:6};",
            "'GTM-ABC1234'",
            "ns.html?id=GTM-ABC1234",
            "fbq('init', '123456789012345')",
            "facebook.com/tr?id=123456789012345",
            "snap.licdn.com",
            "px.ads.linkedin.com/collect/?pid=1234567",
            "hjid:7654321",
            "//static.criteo.net/js/ld/ld.js",
            "youtube.com/embed/dQw4w9WgXcQ",
            "fonts.googleapis.com/css2",
            "cdn.jsdelivr.net",
            "dns-prefetch",
            "https://twitter.com/lantern",
            "application/ld+json",
            "cdn.widgetco7.example/widget.js",
        ] {
            assert!(out.contains(needle), "missing {needle}");
        }
        assert_eq!(tags.vendors().len(), 9);
    }
}
