//! Portuguese (European and Brazilian). The negation comes right before the verb ("Não vendemos seus
//! dados", "Nunca partilhamos os seus dados"); the subject is usually dropped and the first person plural
//! says who promises; the site speaks in the third person ("Este sítio não utiliza cookies de terceiros").

use super::{CategoryVocab, ClaimVocab, rule, words};
use crate::model::{Category, ClaimKind};

/// The negation, with "nós" before it and object pronouns after it.
const NAO: &str = r"(?:(?:nos )?(?:nao|nunca|jamais)) (?:(?:os|as|lhe|lhes|te|vos|se|o|a) )?";
/// The site as the one who promises.
const SITE: &str = r"(?:(?:este|o nosso|nosso|o) (?:sitio|site|portal|servico|aplicativo)|(?:esta|a nossa|nossa|a) (?:aplicacao|loja|plataforma|pagina))";
/// Third parties as recipients.
const TERC: &str = r"(?:terceiros|terceiras partes|outras empresas|empresas terceiras|anunciantes|ninguem)";
const SHARE: &str = r"(?:compartilhamos|compartilharemos|partilhamos|partilharemos|cedemos|cederemos|transferimos|transferiremos|divulgamos|divulgaremos|fornecemos|forneceremos|repassamos|repassaremos|comunicamos)";
const USE: &str = r"(?:utilizamos|usamos|instalamos|colocamos|armazenamos|utilizaremos)";
const USE_3: &str = r"(?:utiliza|usa|instala|coloca|armazena)";
const TP_COOKIES: &str = r"(?:cookies? de terceiros|cookies? de terceiras partes)";
const ANALYTICS: &str = r"(?:(?:servicos?|ferramentas?|fornecedor(?:es)?|provedor(?:es)?|solucoes|solucao|plataformas?) de (?:analise|analitica|estatisticas?|medicao)(?: web| de audiencia)?(?: (?:de terceiros|externos?|externas?))?)";

pub(super) fn claims() -> ClaimVocab {
    let w2 = words(2);
    let end = r"(?:\s*[.;!)]|\s*$|,? (?:nem|e|ou) (?:outras? |quaisquer )?(?:tecnologias?|semelhantes)\b)";
    let data = r"(?:(?:os |as )?(?:seus|teus|vossos|suas) dados(?: pessoais)?)";
    let rules = vec![
        (
            ClaimKind::NoThirdPartyCookies,
            [
                format!(r"\b{NAO}{USE}\b {w2}(?:nenhum |quaisquer |qualquer )?{TP_COOKIES}"),
                format!(r"\b{SITE} (?:nao|nunca) {USE_3}\b {w2}(?:nenhum |quaisquer )?{TP_COOKIES}"),
                format!(r"\bsem (?:utilizar |usar )?{TP_COOKIES}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoCookies,
            [
                format!(r"\b{NAO}{USE} (?:nenhum |quaisquer |qualquer )?cookies?(?: (?:neste|no nosso|em nosso) (?:sitio|site))?{end}"),
                format!(r"\b{SITE} (?:nao|nunca) {USE_3} (?:nenhum |quaisquer )?cookies?{end}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSharing,
            [
                format!(r"\b{NAO}{SHARE}\b[^.;:]{{0,80}}?\b(?:com|a|as|aos|para) {w2}{TERC}\b"),
                format!(r"\b{data} (?:nao|nunca|jamais) (?:serao|sao|vao ser) (?:\w+ )?(?:compartilhados|partilhados|cedidos|transferidos|divulgados|fornecidos|repassados)\b[^.;:]{{0,60}}?\b(?:com|a|aos|para) {w2}{TERC}\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSelling,
            [
                format!(r"\b{NAO}(?:vendemos|venderemos|alugamos|alugaremos|comercializamos|comercializaremos)\b[^.;:]{{0,40}}?\b(?:dados|informacoes|informacao)\b"),
                format!(r"\b{data} (?:nao|nunca|jamais) (?:serao|sao|vao ser|foram) (?:\w+ )?(?:vendidos|alugados|comercializados)\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoTracking,
            [
                r"\b(?:nao|nunca) (?:o|a|te|os|as|lhe|vos) (?:rastreamos|seguimos|monitorizamos|monitoramos)\b".to_string(),
                r"\b(?:nao|nunca) (?:rastreamos|monitoramos|monitorizamos) (?:a sua|sua|as suas|suas) (?:atividade|navegacao)".to_string(),
                format!(r"\b{NAO}(?:utilizamos|usamos) (?:nenhum |nenhuma )?(?:cookies? de rastreamento|rastreadores|tecnologias? de rastreamento|pixels? de rastreamento)"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoThirdPartyAnalytics,
            [
                format!(r"\b{NAO}(?:{USE}|recorremos a)\b {w2}(?:nenhum |nenhuma )?{ANALYTICS}"),
                format!(r"\b{SITE} (?:nao|nunca) {USE_3}\b {w2}(?:nenhum |nenhuma )?{ANALYTICS}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::IgnoresDnt,
            [
                r"\b(?:nao|nunca) (?:respondemos|respeitamos|atendemos|reconhecemos|seguimos|honramos|aceitamos|processamos)\b[^.;:]{0,60}?\bdnt\b".to_string(),
                format!(r"\b{SITE} (?:nao|nunca) (?:responde|respeita|atende|reconhece)\b[^.;:]{{0,60}}?\bdnt\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::HonoursDnt,
            format!(r"\b(?:respeitamos|honramos|atendemos|reconhecemos|seguimos)\b[^.;:]{{0,30}}?\bdnt\b|\b{SITE} (?:respeita|atende|reconhece)\b[^.;:]{{0,30}}?\bdnt\b"),
        ),
    ];
    ClaimVocab {
        cue: r"(?i)\b(?:n[aã]o|nunca|jamais|nenhu\w*|nem|sem)\b|respeit|bloque|track|dnt".to_string(),
        rules,
        exceptions: Some(r"\b(?:exceto|salvo|com excecao|a excecao|a menos que|sem o (?:seu|teu) (?:\w+ )?consentimento|sem (?:seu|sua|o seu|a sua) (?:\w+ )?(?:consentimento|autorizacao)|apenas (?:com|a|aos|quando|se|para|mediante)|somente (?:com|a|aos|quando|se|para|mediante)|exclusivamente (?:com|a|aos|para)|quando (?:necessario|exigido|a lei)|mediante)\b".to_string()),
        others_at: None,
        others_before: None,
    }
}

pub(super) fn categories() -> CategoryVocab {
    let rules = vec![
        rule(
            Category::Analytics,
            r"(?:ferramentas?|serviços?|fornecedor(?:es)?|provedor(?:es)?|soluções|solução|plataformas?|parceiros?|empresas) de (?:análise|analítica|estatísticas?|medição)(?: web| de audiência| de tráfego)?|cookies? (?:analíticos|de análise|de desempenho|estatísticos|de medição)|análise web|analítica web|medição de audiência",
            None,
        ),
        rule(
            Category::Advertising,
            r"(?:parceiros?|redes|fornecedor(?:es)?|empresas|plataformas?|agências|cookies?|serviços?) (?:de publicidade|publicitári[oa]s|de anúncios|de marketing)|anunciantes|publicidade (?:personalizada|direcionada|comportamental|segmentada|dirigida)|anúncios personalizados|cookies? de (?:publicidade|marketing|segmentação)|retargeting|remarketing|pixels? de conversão",
            Some(r"publicidade|anúncios"),
        ),
        rule(
            Category::Social,
            r"redes sociais (?:como|tais como)|(?:botões|plugins?|widgets?|módulos?) (?:sociais|de (?:redes sociais|partilha|compartilhamento))|botões? de (?:partilha|compartilhamento|curtir|gosto)",
            None,
        ),
        rule(Category::SessionReplay, r"gravaç(?:ão|ões) de sess(?:ão|ões)|mapas? de calor|heatmaps?", None),
        rule(
            Category::TagManager,
            r"gestor(?:es)? de (?:tags|etiquetas)|gerenciador(?:es)? de tags|tag managers?",
            None,
        ),
        rule(
            Category::Consent,
            r"plataformas? de gestão (?:do|de) consentimento|ferramentas? de gestão de (?:consentimento|cookies)",
            None,
        ),
        rule(
            Category::CustomerSupport,
            r"chat (?:ao vivo|em tempo real)|chatbots?|(?:ferramentas?|plataformas?|fornecedor(?:es)?|serviços?) de (?:atendimento|suporte|apoio)(?: ao cliente)?",
            Some(r"atendimento ao cliente|apoio ao cliente"),
        ),
        rule(
            Category::MarketingAutomation,
            r"(?:ferramentas?|plataformas?|fornecedor(?:es)?|serviços?) de (?:automação de marketing|e-?mail marketing|crm|gestão de relacionamento)|automação de marketing",
            None,
        ),
        rule(
            Category::Email,
            r"(?:fornecedor(?:es)?|serviços?|provedor(?:es)?|plataformas?) de (?:envio|entrega) de (?:e-?mails?|correio eletrónico|correio eletrônico|mensagens)|e-?mails? transacionais",
            None,
        ),
        rule(
            Category::Payments,
            r"(?:provedor(?:es)?|fornecedor(?:es)?|prestador(?:es)?|processador(?:es)?|serviços?|plataformas?|intermediador(?:es)?|gateways?|meios?|parceiros?) de (?:serviços de )?pagamentos?(?: online| eletrónicos| eletrônicos)?|processamento de pagamentos",
            Some(r"pagamentos"),
        ),
        rule(Category::Cdn, r"redes? de (?:distribuição|entrega) de conteúdos?|cdns?", None),
        rule(
            Category::Fonts,
            r"(?:serviços?|bibliotecas?|fornecedor(?:es)?) de (?:fontes|tipos de letra)(?: web)?|fontes web",
            None,
        ),
        rule(
            Category::Video,
            r"(?:plataformas?|leitor(?:es)?|reprodutor(?:es)?|serviços?|fornecedor(?:es)?) de vídeos?|vídeos incorporados|player de vídeo",
            None,
        ),
        rule(
            Category::Hosting,
            r"(?:provedor(?:es)?|fornecedor(?:es)?|prestador(?:es)?|serviços?|empresas?) de (?:alojamento|hospedagem)(?: web| de sites)?|hospedagem (?:web|de sites)|alojamento web|serviços? (?:de |na )?nuvem|provedor(?:es)? de nuvem",
            Some(r"hospedagem|alojamento"),
        ),
        rule(
            Category::Security,
            r"(?:prevenção|deteção|detecção) (?:de |da )?fraudes?|proteção contra (?:bots|robôs|spam)|captchas?",
            None,
        ),
        rule(Category::AbTesting, r"testes? a/b", None),
        rule(
            Category::Affiliate,
            r"(?:programas?|redes|parceiros?|links?|marketing) de afiliados|programas? de afiliação",
            None,
        ),
        rule(Category::DataBroker, r"corretores de dados|data ?brokers?", None),
    ];
    CategoryVocab {
        rules,
        context: r"(?i)\b(?:terceiros|fornecedor(?:es)?|prestador(?:es)?|operador(?:es)?|subcontratantes?|parceiros?|subcontratados?|em nosso nome)\b".to_string(),
        negated_before: r"(?i)(?:\b(?:nem|nunca|jamais|nenhum|nenhuma|nenhuns|nenhumas|sem)|\bnão)(?:\s+[\w-]+){0,4}\s*$".to_string(),
        negated_after: None,
        negation_break: r"(?i)[;:.]|\b(?:exceto|salvo|mas|apenas|somente|exclusivamente|porém)\b".to_string(),
    }
}
