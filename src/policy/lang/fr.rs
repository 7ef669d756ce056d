//! French. The negation surrounds the verb: "ne" before it and "pas", "jamais", "plus" or "aucun" after
//! ("Nous ne vendons pas vos données", "Ce site n'utilise aucun cookie"), or after the auxiliary in compound
//! tenses ("nous n'avons jamais vendu"). "ne … que" is not a negation but a restriction ("Nous ne partageons
//! vos données qu'avec…"): without a second particle nothing is promised.

use super::{CategoryVocab, ClaimVocab, rule, words};
use crate::model::{Category, ClaimKind};

/// "ne" before the verb, with the object pronouns that may sit between them.
const NE: &str = r"(?:ne |n')(?:(?:les|la|le|vous|leur|lui|y|en|se|te|nous) |[lsmt]')*";
/// The second particle.
const PAS: &str = r"(?:pas|jamais|plus|aucunement|nullement|point|en aucun cas|ni)";
/// Who promises: "nous" or the site.
const WE: &str = r"(?:nous|(?:ce|notre) (?:site(?: web| internet)?|application|service|blog|portail)|(?:cette|notre) (?:application|plateforme|boutique(?: en ligne)?|association|societe|entreprise))";
/// Auxiliaries and modals of compound tenses.
const AUX: &str = r"(?:avons|allons|a|va|pouvons|peut|devons|doit|sommes|est|serons|sera|souhaitons)";
/// Third parties as recipients.
const TIERS: &str = r"(?:tiers|tierces? parties?|d'autres (?:societes|entreprises|organismes|partenaires)|des (?:societes|entreprises|partenaires) (?:tierces|tiers|commerciaux|exterieures)|annonceurs|partenaires commerciaux|autres entreprises)";
/// The user's data.
const DATA: &str = r"(?:donnees|informations|coordonnees|adresses?|fichiers?|renseignements)";
const SHARE_FIN: &str = r"(?:partageons|partagerons|partage|partagera|transmettons|transmettrons|transmet|transmettra|communiquons|communiquerons|communique|communiquera|divulguons|divulguerons|divulgue|divulguera|cedons|cederons|cede|cedera|echangeons|fournissons|louons|louerons)";
const SHARE_INF: &str =
    r"(?:partage|partager|transmis|transmettre|communique|communiquer|divulgue|divulguer|cede|ceder|loue|louer)";
const SELL_FIN: &str = r"(?:vendons|vendrons|vend|vendra|louons|louerons|loue|louera|commercialisons|commercialiserons|commercialise|commercialisera|monnayons|monnaye)";
const SELL_INF: &str = r"(?:vendu|vendre|loue|louer|commercialise|commercialiser|monnayer|monnaye)";
const USE_FIN: &str = r"(?:utilisons|utiliserons|deposons|installons|placons|employons|stockons|inserons|integrons|utilise|utilisera|depose|installe|place|emploie|stocke|integre)";
/// Third-party cookies.
const TP_COOKIES: &str = r"(?:(?:cookies?|traceurs?) (?:tiers|de tiers|de tierces? parties?|tierces?)|cookies? (?:d'|des )?(?:partenaires|services) tiers|cookies? third[- ]party)";
/// Session recording and heatmap tools.
const REPLAY: &str = r"(?:(?:outils?|solutions?|logiciels?|services?) d')?(?:enregistrements? (?:de |des )?(?:sessions?|navigation|ecran)|rejeu de sessions?|session replay|cartes? de chaleur|heatmaps?)";
/// Browser fingerprinting.
const FINGERPRINT: &str = r"(?:fingerprinting|(?:techniques? de |prise d')?empreintes? (?:numeriques?|digitales?|du navigateur|de (?:l'appareil|navigateur|votre (?:navigateur|appareil|terminal)))|prise d'empreinte)";
/// Analytics services.
const ANALYTICS: &str = r"(?:(?:outils?|services?|solutions?|logiciels?|prestataires?|fournisseurs?|plateformes?) (?:d'analyse|de mesure d'audience|de statistiques?|d'analytique|de web ?analyse|analytiques?)(?: (?:d'audience|web|de frequentation))?(?: (?:tiers|externes?|de tiers|tierces?))?|outils? de mesure)";

pub(super) fn claims() -> ClaimVocab {
    let (w2, w3) = (words(2), words(3));
    let end = r"(?:\s*[.;!)]|\s*$|,? (?:ni|et|ou) (?:aucun |d'autres |autres )?(?:traceurs?|technologies?|autres?)\b)";
    let passive_data = format!(
        r"(?:(?:vos|tes|ces) {DATA}(?: personnelles| a caractere personnel)?|les {DATA} (?:personnelles|a caractere personnel)|aucune (?:de vos )?(?:donnee|information)s?(?: personnelles?| a caractere personnel)?)"
    );
    let rules = vec![
        (
            ClaimKind::NoThirdPartyCookies,
            [
                format!(r"\b{WE} {NE}{USE_FIN}\b {w2}(?:{PAS} (?:de |d')|aucun |aucune )(?:[\w-]+ )?{TP_COOKIES}"),
                format!(r"\baucun (?:cookie|traceur) (?:tiers|de tiers|de tierce partie)\b {w3}(?:n'est|ne sera|ne sont|n'y est|n'est jamais|ne seront) (?:\w+ )?(?:depose|utilise|installe|place|stocke|enregistre)"),
                format!(r"\bles {TP_COOKIES} ne sont (?:pas|jamais) (?:\w+ )?(?:deposes|utilises|autorises|installes)"),
                format!(r"\bsans (?:aucun )?{TP_COOKIES}"),
                format!(r"\b{WE} (?:bloquons|bloque|desactivons|desactive) (?:tous les |les )?{TP_COOKIES}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoCookies,
            [
                format!(r"\b{WE} {NE}{USE_FIN}\b {w2}(?:{PAS} (?:de |d')|aucun )(?:cookies?|traceurs?)(?: (?:sur (?:ce|notre) site(?: web| internet)?|de quelque (?:sorte|nature) que ce soit|du tout))?{end}"),
                format!(r"\baucun (?:cookie|traceur) (?:n'est|ne sera|n'y est)(?: \w+)? (?:depose|utilise|installe|place|stocke)(?: (?:sur (?:ce|notre|votre) \w+|lors de \w+ \w+))?{end}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSharing,
            [
                format!(r"\b{WE} {NE}{SHARE_FIN} (?:(?:donc|d'ailleurs|actuellement|absolument|evidemment|volontairement) )?{PAS}\b[^.;:]{{0,80}}?\b{TIERS}\b"),
                format!(r"\b{WE} {NE}{AUX} {PAS} {w2}{SHARE_INF}\b[^.;:]{{0,80}}?\b{TIERS}\b"),
                format!(r"\b{passive_data} (?:ne |n')(?:sont|seront|sera|est|peuvent|pourront|ont)(?: (?:{PAS}|ete))+ {w2}(?:partagees|transmises|communiquees|divulguees|cedees|echangees|louees)\b[^.;:]{{0,60}}?\b{TIERS}\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSelling,
            [
                format!(r"\b{WE} {NE}{SELL_FIN}\b(?:,? (?:ne |n')?{SELL_FIN}|,? (?:ne |n')?{SHARE_FIN})* (?:(?:donc|d'ailleurs|absolument|evidemment) )?(?:{PAS}|aucune?s?)\b[^.;:]{{0,60}}?\b{DATA}\b"),
                format!(r"\b{WE} {NE}{AUX} {PAS} {w2}{SELL_INF}\b[^.;:]{{0,50}}?\b{DATA}\b"),
                format!(r"\b{passive_data} (?:ne |n')(?:sont|seront|sera|est|peuvent|pourront|ont)(?: (?:{PAS}|ete))+ {w2}(?:vendues|louees|commercialisees|monnayees|vendus|loues)\b"),
                format!(r"\baucune (?:vente|location|commercialisation|monetisation) de (?:vos |tes |des )?{DATA}\b|\bvos donnees ne font (?:l'objet d'aucune|jamais l'objet d'une) (?:vente|commercialisation)"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoTracking,
            [
                format!(r"\b{WE} (?:ne |n')(?:vous |les |te )(?:suivons|pistons|tracons|traquons|surveillons|suit|piste|trace|surveille) {PAS}\b"),
                format!(r"\b{WE} {NE}(?:suivons|pistons|tracons|traquons|surveillons|suit|piste) {PAS} (?:vos|les|tes) (?:activites|deplacements|navigation|utilisateurs|visiteurs|faits et gestes)"),
                format!(r"\b{WE} {NE}{USE_FIN}\b {w2}(?:{PAS} (?:de |d')|aucun |aucune )(?:cookies? de (?:pistage|tracage|suivi)|traceurs? publicitaires|technologies? de (?:suivi|pistage|tracage)|outils? de (?:suivi|pistage|tracage)|pixels? (?:de suivi|espions?))"),
                r"\baucun (?:pistage|suivi|tracage)\b(?: de (?:votre|vos) \w+)? (?:n'est|ne sera)".to_string(),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoThirdPartyAnalytics,
            [
                format!(r"\b{WE} {NE}(?:{USE_FIN}|faisons|fait|avons|a|recourons|recourt)\b {w3}(?:{PAS} (?:de |d'|a |aux? )|aucune? |a aucune? )(?:[\w-]+ )?{ANALYTICS}"),
                format!(r"\b{WE} (?:utilisons|employons) (?:uniquement|seulement|exclusivement) (?:un |une |notre propre |nos propres )?(?:outils? |solutions? |logiciels? )?(?:de mesure d'audience |d'analyse |de statistiques )?(?:auto-?heberge\w*|interne\w*|sur nos (?:propres )?serveurs)"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::IgnoresDnt,
            [
                format!(r"\b{WE} {NE}(?:repondons|repond|respectons|respecte|tenons|tient|prenons|prend|reconnaissons|reconnait|suivons|suit|honorons|honore|traitons|traite|donnons|donne|appliquons|applique)\b(?: \w+)? {PAS}\b[^.;:]{{0,60}}?\bdnt\b"),
                r"\b(?:signaux|demandes|requetes|parametres|signal) dnt (?:ne sont|n'est) (?:pas|jamais) (?:\w+ )?(?:pris en compte|respectes?|honores?|traites?|reconnus?)".to_string(),
                format!(r"\b{WE} ignor(?:ons|e)\b[^.;:]{{0,40}}?\bdnt\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::HonoursDnt,
            format!(r"\b{WE} (?:respectons|respecte|honorons|honore|prenons en compte|prend en compte|tenons compte|tient compte|reconnaissons|reconnait|appliquons|applique|suivons)\b[^.;:]{{0,30}}?\bdnt\b"),
        ),
        (
            ClaimKind::NoSessionRecording,
            [
                // "Nous n'enregistrons pas vos sessions", "… ni vos mouvements de souris".
                format!(r"\b{WE} {NE}(?:enregistrons|enregistre|filmons|rejouons)\b {w3}{PAS}\b {w3}(?:sessions?|navigations?|mouvements de (?:la )?souris|ecrans?|visites?|frappes)\b"),
                format!(r"\b{WE} {NE}(?:{USE_FIN}|faisons|fait|avons|a|recourons|recourt)\b {w3}(?:{PAS} (?:recours )?(?:de |d'|a |aux? |a des )|aucune? |a aucune? )(?:[\w'-]+ ){{0,3}}?{REPLAY}"),
                format!(r"\baucune? (?:[\w-]+ ){{0,3}}?{REPLAY} (?:[\w-]+ ){{0,3}}?n'est (?:\w+ )?(?:utilise|realise|effectue|pratique)e?s?\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoFingerprinting,
            [
                format!(r"\b{WE} {NE}(?:{USE_FIN}|pratiquons|pratique|faisons|fait|avons|a|recourons|recourt|procedons|procede)\b {w3}(?:{PAS}\b (?:[\w-]+ |[dl]'){{0,3}}?|aucune? (?:[\w-]+ ){{0,2}}?|a aucune? (?:[\w-]+ ){{0,2}}?){FINGERPRINT}"),
                format!(r"\b(?:le |la |aucune? )?{FINGERPRINT} (?:[\w-]+ ){{0,3}}?n'est (?:\w+ )?(?:pas |jamais )?(?:utilise|realise|effectue|pratique|mis en oeuvre)e?s?\b"),
            ]
            .join("|"),
        ),
    ];
    ClaimVocab {
        cue: r"(?i)\b(?:ne|n['’]|aucun\w*|jamais|sans|respect\w*|honor\w*|ignor\w*|uniquement|seulement|exclusivement|bloqu\w*|d[ée]sactiv\w*|track|dnt)".to_string(),
        rules,
        exceptions: Some(r"\b(?:sauf|excepte|hormis|a l'exception|a moins qu|hors (?:les|le|la|des|du)|si ce n'est|sans (?:votre|ton|leur) (?:\w+ )?(?:consentement|accord|autorisation)|avec votre (?:\w+ )?(?:consentement|accord)|sous reserve)".to_string()),
        others_at: None,
        others_before: None,
    }
}

pub(super) fn categories() -> CategoryVocab {
    let ap = "['’]";
    let rules = vec![
        rule(
            Category::Analytics,
            &format!(
                r"(?:prestataires?|fournisseurs?|partenaires?|outils?|services?|solutions?|plateformes?|sociétés|logiciels?) (?:d{ap}analyse|de mesure d{ap}audience|de statistiques?|d{ap}analytique|de web ?analyse|analytiques?)(?: (?:web|d{ap}audience|de fréquentation))?|mesure d{ap}audience|cookies? (?:analytiques?|de mesure d{ap}audience|d{ap}analyse|de statistiques?|statistiques)|traceurs? (?:de mesure d{ap}audience|analytiques?)|analyse (?:d{ap}audience|de (?:la )?fréquentation)|statistiques de (?:fréquentation|visite)"
            ),
            Some(r"statistiques de navigation|analyse du trafic"),
        ),
        rule(
            Category::Advertising,
            &format!(
                r"(?:partenaires?|régies?|réseaux|prestataires?|plateformes?|cookies?|traceurs?|services?|outils?|sociétés) publicitaires?|annonceurs|publicités? (?:ciblées?|personnalisées?|comportementales?|basées? sur (?:vos|les) centres d{ap}intérêt)|(?:re)?ciblage publicitaire|reciblage|retargeting|remarketing|cookies? (?:de ciblage|marketing)|pixels? de (?:conversion|suivi publicitaire)|suivi des conversions"
            ),
            Some(r"publicités?"),
        ),
        rule(
            Category::Social,
            &format!(
                r"réseaux sociaux (?:tels que|comme|notamment)|(?:boutons?|modules?|plug-?ins?|widgets?) (?:de partage|sociaux|de réseaux sociaux|des réseaux sociaux)|plug-?ins? sociaux|boutons? (?:j{ap}aime|like|partager)|connexion (?:via|avec) (?:les )?réseaux sociaux"
            ),
            None,
        ),
        rule(
            Category::SessionReplay,
            r"enregistrements? (?:de|des) sessions?|cartes? (?:de chaleur|thermiques)|heatmaps?|rejeu de sessions?|session replay",
            None,
        ),
        rule(Category::TagManager, r"gestionnaires? de balises|gestion des balises|tag managers?", None),
        rule(
            Category::Consent,
            r"plateformes? de gestion du consentement|outils? de gestion (?:du consentement|des cookies)|solutions? de gestion du consentement|gestionnaires? de consentement",
            None,
        ),
        rule(
            Category::CustomerSupport,
            r"(?:outils?|prestataires?|logiciels?|plateformes?|solutions?) (?:de|du) (?:support|service client|chat|tchat|ticketing)|chat en (?:direct|ligne)|tchat en (?:direct|ligne)|chatbots?|agents? conversationnels?",
            Some(r"service client(?:èle)?|support client|assistance client(?:èle)?"),
        ),
        rule(
            Category::MarketingAutomation,
            &format!(
                r"(?:outils?|plateformes?|logiciels?|prestataires?|solutions?) (?:de |d{ap})(?:marketing automation|automatisation (?:du )?marketing|crm|gestion de la relation client|e-?mailing|emailing|newsletter)|automatisation du marketing|gestion de la relation client"
            ),
            None,
        ),
        rule(
            Category::Email,
            &format!(
                r"(?:prestataires?|services?|fournisseurs?|solutions?|plateformes?|outils?) d{ap}envoi (?:d{ap}e-?mails|de courriels|de courriers électroniques|des e-?mails|d{ap}emails)|(?:prestataires?|services?) de (?:routage|messagerie électronique)|e-?mails? transactionnels?|courriels? transactionnels?"
            ),
            Some(r"envoi (?:des|de nos|de) (?:e-?mails|courriels|emails)"),
        ),
        rule(
            Category::Payments,
            r"(?:prestataires?|fournisseurs?|services?|solutions?|plateformes?|partenaires?|systèmes?|passerelles?|intermédiaires?) de (?:services de )?paiements?(?: en ligne| sécurisés?)?|traitement des paiements",
            Some(r"paiements? en ligne|paiements? par carte"),
        ),
        rule(Category::Cdn, r"réseaux? de (?:diffusion|distribution) de contenus?|cdns?", None),
        rule(
            Category::Fonts,
            r"polices? (?:web|de caractères (?:hébergées|externes|en ligne))|(?:services?|bibliothèques?) de polices(?: de caractères)?(?: web)?|webfonts?",
            None,
        ),
        rule(
            Category::Video,
            r"(?:plateformes?|lecteurs?|services?|hébergeurs?) (?:de )?vidéos?|vidéos intégrées|hébergement de vidéos",
            None,
        ),
        rule(
            Category::Hosting,
            &format!(
                r"hébergeurs?(?: web)?|(?:prestataires?|fournisseurs?|sociétés?|services?|partenaires?) (?:d{ap})?hébergement|hébergement (?:web|cloud|du site|de (?:notre|ce) site)|(?:services?|fournisseurs?|prestataires?) (?:de )?cloud|informatique en nuage"
            ),
            Some(r"hébergement"),
        ),
        rule(
            Category::Security,
            r"(?:prévention|détection|lutte contre) (?:de |des |la )?(?:la )?fraudes?|protection contre les (?:robots|bots|spams?)|captchas?|services? anti-?(?:fraude|spam|robots?)",
            None,
        ),
        rule(
            Category::AbTesting,
            &format!(r"tests? a/b|a/b tests?|tests? (?:multivariés|fractionnés)|plateformes? d{ap}expérimentation"),
            None,
        ),
        rule(
            Category::Affiliate,
            &format!(
                r"(?:programmes?|réseaux|partenaires?|plateformes?|liens?) d{ap}affiliation|partenaires affiliés|liens affiliés"
            ),
            None,
        ),
        rule(Category::DataBroker, r"courtiers? (?:en|de) données|revendeurs? de données|data ?brokers?", None),
    ];
    CategoryVocab {
        rules,
        context: r"(?i)\b(?:tiers|prestataires?|sous-traitants?|partenaires?|fournisseurs?|pour notre compte|en notre nom|destinataires?)\b".to_string(),
        negated_before: r"(?i)(?:\b(?:aucun|aucune|aucuns|aucunes|pas|jamais|sans|ni|ne)|\bn['’]\w+)(?:\s+[\w'’-]+){0,4}\s*$".to_string(),
        negated_after: Some(r"(?i)^\s*(?:[\w'’-]+\s+){0,3}?(?:ne\s+|n['’])(?:sont|est|seront|sera)\s+(?:pas|jamais|plus)\s+(?:utilisé|déposé|installé|intégré|employé)".to_string()),
        negation_break: r"(?i)[;:.]|\b(?:sauf|excepté|hormis|mais|seulement|uniquement|que\b|qu['’])".to_string(),
    }
}
