//! The standard purposes of IAB Europe TCF v2.2, by id, with the names CMPs must show for them: English (the
//! Policies' Appendix A), German and French (IAB Europe's translations of the Global Vendor List's purposes).
//!
//! Data only: the names a consent banner is expected to show, so that a purpose consented but never named
//! can be told.

/// One standard purpose and its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandardPurpose {
    /// The purpose id (1 to 11), as TC strings and the Global Vendor List number it.
    pub id: u8,
    /// The English name.
    pub en: &'static str,
    /// The German name.
    pub de: &'static str,
    /// The French name.
    pub fr: &'static str,
}

impl StandardPurpose {
    /// The names in every language held.
    pub fn names(&self) -> [&'static str; 3] {
        [self.en, self.de, self.fr]
    }
}

/// The eleven purposes of TCF v2.2, in id order.
pub const STANDARD_PURPOSES: [StandardPurpose; 11] = [
    StandardPurpose {
        id: 1,
        en: "Store and/or access information on a device",
        de: "Speichern von oder Zugriff auf Informationen auf einem Endgerät",
        fr: "Stocker et/ou accéder à des informations sur un appareil",
    },
    StandardPurpose {
        id: 2,
        en: "Use limited data to select advertising",
        de: "Verwendung reduzierter Daten zur Auswahl von Werbeanzeigen",
        fr: "Utiliser des données limitées pour sélectionner la publicité",
    },
    StandardPurpose {
        id: 3,
        en: "Create profiles for personalised advertising",
        de: "Erstellung von Profilen für personalisierte Werbung",
        fr: "Créer des profils pour la publicité personnalisée",
    },
    StandardPurpose {
        id: 4,
        en: "Use profiles to select personalised advertising",
        de: "Verwendung von Profilen zur Auswahl personalisierter Werbung",
        fr: "Utiliser des profils pour sélectionner des publicités personnalisées",
    },
    StandardPurpose {
        id: 5,
        en: "Create profiles to personalise content",
        de: "Erstellung von Profilen zur Personalisierung von Inhalten",
        fr: "Créer des profils de contenus personnalisés",
    },
    StandardPurpose {
        id: 6,
        en: "Use profiles to select personalised content",
        de: "Verwendung von Profilen zur Auswahl personalisierter Inhalte",
        fr: "Utiliser des profils pour sélectionner des contenus personnalisés",
    },
    StandardPurpose {
        id: 7,
        en: "Measure advertising performance",
        de: "Messung der Werbeleistung",
        fr: "Mesurer la performance des publicités",
    },
    StandardPurpose {
        id: 8,
        en: "Measure content performance",
        de: "Messung der Performance von Inhalten",
        fr: "Mesurer la performance des contenus",
    },
    StandardPurpose {
        id: 9,
        en: "Understand audiences through statistics or combinations of data from different sources",
        de: "Analyse von Zielgruppen durch Statistiken oder Kombinationen von Daten aus verschiedenen Quellen",
        fr: "Comprendre les publics par le biais de statistiques ou de combinaisons de données provenant de \
             différentes sources",
    },
    StandardPurpose {
        id: 10,
        en: "Develop and improve services",
        de: "Entwicklung und Verbesserung der Angebote",
        fr: "Développer et améliorer les services",
    },
    StandardPurpose {
        id: 11,
        en: "Use limited data to select content",
        de: "Verwendung reduzierter Daten zur Auswahl von Inhalten",
        fr: "Utiliser des données limitées pour sélectionner le contenu",
    },
];

/// The standard purpose `id`, if it is one of the eleven.
pub fn standard_purpose(id: u8) -> Option<&'static StandardPurpose> {
    STANDARD_PURPOSES.iter().find(|p| p.id == id)
}

/// `text` in the form names are compared in: lower case, runs of anything but letters and digits as one
/// space, British and American spellings made one ("personalized" as "personalised"), with a space at
/// each end so that whole words can be looked for with `contains(" word ")`.
pub fn comparable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        out.push_str(&word.to_lowercase());
        out.push(' ');
    }
    out.replace("personaliz", "personalis")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_run_from_1_to_11_and_every_name_is_set() {
        for (i, p) in STANDARD_PURPOSES.iter().enumerate() {
            assert_eq!(usize::from(p.id), i + 1);
            assert!(p.names().iter().all(|n| n.len() > 10), "{p:?}");
        }
        assert_eq!(standard_purpose(1).unwrap().en, "Store and/or access information on a device");
        assert!(standard_purpose(12).is_none() && standard_purpose(0).is_none());
    }

    #[test]
    fn comparable_text_ignores_case_punctuation_and_spelling() {
        let banner =
            comparable("We and our partners:\n• Create profiles for PERSONALIZED advertising; • Store and/or access…");
        assert!(banner.contains(&comparable(STANDARD_PURPOSES[2].en)));
        assert!(banner.contains(&comparable("store and or access")));
        assert!(!banner.contains(&comparable("measure content performance")));
        assert_eq!(comparable("  "), " ");
    }
}
