//! Spanish. The negation comes right before the verb ("No vendemos sus datos", "Nunca compartimos tus
//! datos"), the subject is usually dropped and the verb's first person plural says who promises; the site
//! speaks in the third person ("Este sitio no utiliza cookies").

use super::{CategoryVocab, ClaimVocab, rule, words};
use crate::model::{Category, ClaimKind};

/// The negation, optionally with "nosotros" before it, and the object pronouns after it.
const NO: &str = r"(?:(?:nosotros )?(?:no|nunca|jamas|tampoco)) (?:(?:le|les|la|las|lo|los|te|se|nos|os) )?";
/// The site as the one who promises, speaking in the third person.
const SITE: &str = r"(?:(?:este|nuestro) (?:sitio(?: web)?|portal|servicio|blog)|(?:esta|nuestra) (?:web|pagina(?: web)?|aplicacion|app|tienda(?: online| en linea)?|plataforma|empresa)|la (?:web|aplicacion|app))";
/// Third parties as recipients.
const TERC: &str = r"(?:terceros|terceras (?:partes|empresas|personas)|otras (?:empresas|entidades|organizaciones)|empresas externas|anunciantes|nadie)";
const SHARE: &str = r"(?:compartimos|compartiremos|cedemos|cederemos|comunicamos|comunicaremos|transferimos|transferiremos|revelamos|revelaremos|divulgamos|divulgaremos|facilitamos|facilitaremos|proporcionamos|proporcionaremos|intercambiamos|alquilamos)";
const SHARE_3: &str = r"(?:comparte|cede|comunica|transfiere|revela|divulga|facilita)";
const USE: &str =
    r"(?:utilizamos|usamos|instalamos|empleamos|colocamos|almacenamos|utilizaremos|usaremos|instalaremos)";
const USE_3: &str = r"(?:utiliza|usa|instala|emplea|coloca|almacena)";
const TP_COOKIES: &str = r"(?:cookies? de terceros|cookies? de terceras (?:partes|empresas)|cookies? ajenas)";
const ANALYTICS: &str = r"(?:(?:servicios?|herramientas?|proveedor(?:es)?|soluciones?|plataformas?|programas?) de (?:analitica|analisis|medicion|estadisticas?)(?: web| de audiencia| de trafico)?(?: (?:de terceros|externos?|externas?|ajenos?))?|analitica (?:web )?de terceros|analitica externa)";

pub(super) fn claims() -> ClaimVocab {
    let (w2, w3) = (words(2), words(3));
    let end = r"(?:\s*[.;!)]|\s*$|,? (?:ni|y|o) (?:ninguna |ningun |otras? )?(?:tecnologias?|similares|otros?)\b)";
    let data = r"(?:(?:sus|tus|los|vuestros) datos(?: personales)?)";
    let rules = vec![
        (
            ClaimKind::NoThirdPartyCookies,
            [
                format!(r"\b{NO}{USE}\b {w2}(?:ningun tipo de |ninguna |ningunas )?(?:[\w-]+ )?{TP_COOKIES}"),
                format!(r"\b{SITE} (?:no|nunca) {USE_3}\b {w2}(?:ningun tipo de |ninguna )?{TP_COOKIES}"),
                format!(r"\bno se (?:utilizan|usan|instalan|emplean|almacenan) (?:ningun tipo de )?{TP_COOKIES}"),
                format!(r"\bsin (?:ninguna |utilizar |usar )?{TP_COOKIES}"),
                format!(r"\b(?:bloqueamos|desactivamos) (?:todas las |las )?{TP_COOKIES}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoCookies,
            [
                format!(r"\b{NO}(?:utilizamos|usamos|instalamos|empleamos) (?:ninguna |ningun tipo de )?cookies?(?: (?:en (?:este|nuestro) sitio(?: web)?|en (?:esta|nuestra) (?:web|pagina|app|aplicacion)|de ningun tipo|en absoluto))?{end}"),
                format!(r"\b{SITE} (?:no|nunca) {USE_3} (?:ninguna |ningun tipo de )?cookies?(?: de ningun tipo| en absoluto)?{end}"),
                format!(r"\bno se (?:utilizan|usan|instalan|emplean) (?:ningun tipo de )?cookies?{end}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSharing,
            [
                format!(r"\b{NO}{SHARE}\b[^.;:]{{0,80}}?\b(?:con|a) {w2}{TERC}\b"),
                format!(r"\b{SITE} (?:no|nunca) (?:(?:le|les|la|las|lo|los|te|se) )?{SHARE_3}\b[^.;:]{{0,80}}?\b(?:con|a) {w2}{TERC}\b"),
                format!(r"\b{data} (?:no|nunca|jamas) (?:seran|son|van a ser|podran ser|se) (?:\w+ )?(?:compartidos|cedidos|comunicados|transferidos|revelados|divulgados|facilitados|cederan|comunicaran|compartiran|ceden|comparten|comunican)\b[^.;:]{{0,60}}?\b(?:con|a) {w2}{TERC}\b"),
                format!(r"\bno se (?:cederan|comunicaran|compartiran|ceden|comunican|comparten|facilitaran|transferiran) (?:sus |tus |los )?datos[^.;:]{{0,60}}?\b(?:a|con) {w2}{TERC}\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSelling,
            [
                format!(r"\b{NO}(?:vendemos|venderemos|alquilamos|alquilaremos|comercializamos|comercializaremos)\b[^.;:]{{0,40}}?\b(?:datos|informacion|informaciones|direcciones|listas)\b"),
                r"\b(?:no|nunca) (?:los|las) (?:vendemos|venderemos|alquilamos|comercializamos)\b".to_string(),
                format!(r"\b{data} (?:no|nunca|jamas) (?:seran|son|van a ser|han sido|se) (?:\w+ )?(?:vendidos|alquilados|comercializados|venderan|venden|alquilaran|comercializaran)\b"),
                r"\bno (?:hemos|vamos a) (?:\w+ )?(?:vendido|vender)[^.;:]{0,40}?\bdatos\b|\bninguna venta de (?:sus |tus )?datos\b".to_string(),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoTracking,
            [
                r"\b(?:no|nunca) (?:te|le|les|os|los|las) (?:rastreamos|seguimos|monitorizamos|rastrearemos|seguiremos)\b".to_string(),
                r"\b(?:no|nunca) (?:rastreamos|seguimos|monitorizamos) (?:tu|su|sus|tus) (?:actividad|navegacion|comportamiento)".to_string(),
                format!(r"\b{NO}(?:utilizamos|usamos|empleamos) (?:ningun |ninguna |ningunas |ningun tipo de )?(?:cookies? de (?:seguimiento|rastreo)|rastreadores|tecnologias? de (?:seguimiento|rastreo)|pixeles? de seguimiento|herramientas? de (?:seguimiento|rastreo))"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoThirdPartyAnalytics,
            [
                format!(r"\b{NO}(?:utilizamos|usamos|empleamos|integramos|recurrimos a|contratamos)\b {w3}(?:ningun |ninguna |ningunos |ningunas )?(?:tipo de )?{ANALYTICS}"),
                format!(r"\b{SITE} (?:no|nunca) {USE_3}\b {w2}(?:ningun |ninguna )?(?:tipo de )?{ANALYTICS}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::IgnoresDnt,
            [
                r"\b(?:no|nunca) (?:respondemos|respetamos|atendemos|reconocemos|seguimos|procesamos|admitimos|aceptamos|tenemos en cuenta)\b[^.;:]{0,60}?\bdnt\b".to_string(),
                format!(r"\b{SITE} (?:no|nunca) (?:responde|respeta|atiende|reconoce|admite)\b[^.;:]{{0,60}}?\bdnt\b"),
                r"\bdnt\b[^.;:]{0,30}? no (?:son|seran|se) (?:\w+ )?(?:respetadas|atendidas|tenidas en cuenta|respetan|atienden)|\bignoramos\b[^.;:]{0,40}?\bdnt\b".to_string(),
            ]
            .join("|"),
        ),
        (
            ClaimKind::HonoursDnt,
            format!(r"\b(?:respetamos|atendemos|reconocemos|seguimos|honramos|aceptamos|tenemos en cuenta)\b[^.;:]{{0,30}}?\bdnt\b|\b{SITE} (?:respeta|atiende|reconoce)\b[^.;:]{{0,30}}?\bdnt\b"),
        ),
    ];
    ClaimVocab {
        cue: r"(?i)\b(?:no|nunca|jam[aá]s|ning[uú]n\w*|tampoco|sin)\b|respet|bloque|desactiv|track|dnt".to_string(),
        rules,
        exceptions: Some(r"\b(?:excepto|salvo|a excepcion|con excepcion|exceptuando|a menos que|sin (?:su|tu|vuestro) (?:\w+ )?(?:consentimiento|autorizacion|permiso)|solo (?:con|a|cuando|si|en caso|en los casos|para)|solamente (?:con|a|cuando|si)|unicamente (?:con|a|cuando|si)|cuando (?:sea|resulte|lo exija)|si (?:usted|tu|nos|lo|la ley|es))\b".to_string()),
        others_at: None,
        others_before: None,
    }
}

pub(super) fn categories() -> CategoryVocab {
    let rules = vec![
        rule(
            Category::Analytics,
            r"(?:proveedor(?:es)?|prestador(?:es)?|herramientas?|servicios?|empresas|plataformas?|soluciones?|programas?|socios?) de (?:análisis|analítica|medición|estadísticas?)(?: web| de audiencia| de tráfico)?|cookies? (?:analíticas?|de análisis|de medición|estadísticas?|de rendimiento)|analítica web|medición de audiencias?|análisis web|analítica de terceros",
            None,
        ),
        rule(
            Category::Advertising,
            r"(?:socios?|redes|proveedor(?:es)?|empresas|plataformas?|agencias?|cookies?|servicios?|partners) (?:publicitari[oa]s|de publicidad)|socio publicitario|anunciantes|publicidad (?:personalizada|dirigida|comportamental|segmentada|basada en (?:sus|tus) intereses)|anuncios personalizados|cookies? (?:de publicidad|publicitarias|de marketing|de segmentación)|retargeting|remarketing|píxeles? de conversión",
            Some(r"publicidad|anuncios"),
        ),
        rule(
            Category::Social,
            r"redes sociales (?:como|tales como|incluidas)|(?:botones?|complementos?|plugins?|widgets?|módulos?) (?:sociales|de (?:las )?redes sociales|para compartir|de compartir)|botones? de (?:me gusta|compartir)",
            None,
        ),
        rule(Category::SessionReplay, r"grabaci(?:ón|ones) de (?:sesiones?|pantalla)|mapas? de calor|heatmaps?", None),
        rule(Category::TagManager, r"gestor(?:es)? de etiquetas|administrador(?:es)? de etiquetas|tag managers?", None),
        rule(
            Category::Consent,
            r"plataformas? de gestión del consentimiento|herramientas? de gestión (?:del consentimiento|de cookies)|gestor(?:es)? de consentimiento",
            None,
        ),
        rule(
            Category::CustomerSupport,
            r"chat en (?:vivo|directo|línea)|chatbots?|(?:herramientas?|proveedor(?:es)?|plataformas?|servicios?|software) de (?:atención al cliente|soporte|chat|asistencia)",
            Some(r"atención al cliente"),
        ),
        rule(
            Category::MarketingAutomation,
            r"(?:herramientas?|plataformas?|proveedor(?:es)?|servicios?|software) de (?:automatización del marketing|email marketing|marketing por correo|crm|gestión de (?:la relación con )?clientes|envío de boletines|newsletter)|automatización del marketing",
            None,
        ),
        rule(
            Category::Email,
            r"(?:proveedor(?:es)?|servicios?|plataformas?|herramientas?) de (?:envío|entrega) de (?:correos?(?: electrónicos?)?|e-?mails?|emails?)|correos? (?:electrónicos? )?transaccionales|e-?mails? transaccionales",
            None,
        ),
        rule(
            Category::Payments,
            r"(?:proveedor(?:es)?|prestador(?:es)?|pasarelas?|plataformas?|servicios?|entidades|procesador(?:es)?|socios?|sistemas?) de (?:servicios de )?pagos?(?: en línea| seguros?| online)?|procesamiento de (?:los )?pagos",
            Some(r"pagos con tarjeta|pagos en línea"),
        ),
        rule(Category::Cdn, r"redes? de (?:distribución|entrega) de contenidos?|cdns?", None),
        rule(
            Category::Fonts,
            r"(?:servicios?|proveedor(?:es)?|bibliotecas?) de (?:fuentes|tipografías)(?: web)?|fuentes web|tipografías web",
            None,
        ),
        rule(
            Category::Video,
            r"(?:plataformas?|reproductor(?:es)?|servicios?|proveedor(?:es)?) de (?:vídeos?|videos?)|vídeos (?:incrustados|insertados)",
            None,
        ),
        rule(
            Category::Hosting,
            r"(?:proveedor(?:es)?|prestador(?:es)?|servicios?|empresas?) de (?:alojamiento|hosting)(?: web)?|alojamiento web|proveedor(?:es)? (?:de servicios )?en la nube|servicios? (?:en la )?nube",
            Some(r"alojamiento|hosting"),
        ),
        rule(
            Category::Security,
            r"(?:prevención|detección) (?:del |de )?fraudes?|protección contra (?:bots|robots|spam)|captchas?",
            None,
        ),
        rule(Category::AbTesting, r"pruebas? a/b|tests? a/b", None),
        rule(
            Category::Affiliate,
            r"(?:programas?|redes|enlaces?|plataformas?|marketing) de afiliación|enlaces de afiliados",
            None,
        ),
        rule(Category::DataBroker, r"(?:corredores|intermediarios|brokers) de datos|data ?brokers?", None),
    ];
    CategoryVocab {
        rules,
        context: r"(?i)\b(?:terceros|proveedor(?:es)?|encargados? del tratamiento|socios?|prestador(?:es)?|destinatarios?|en nuestro nombre|por cuenta nuestra)\b".to_string(),
        negated_before: r"(?i)\b(?:no|ni|nunca|jamás|ningún|ninguna|ningunos|ningunas|sin|tampoco)(?:\s+[\w-]+){0,4}\s*$".to_string(),
        negated_after: None,
        negation_break: r"(?i)[;:.]|\b(?:excepto|salvo|pero|sino|solo|sólo|solamente|aunque)\b|\súnicamente".to_string(),
    }
}
