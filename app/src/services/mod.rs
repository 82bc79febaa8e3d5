//! The online services (plan item 3-3): what each is for, who may use it, what to bring, fees,
//! how long it takes, and for the registration-visit booking the registration items with their
//! cross-agency one-stop options. Data an office edits (`server/sample/services.toml`).

use crate::booking::rules::Rules;
use crate::i18n::{L10n, Lang};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// A visit to the office at a booked time.
    Appointment,
    /// Applied for online; collected, visited or recorded later.
    Application,
}

/// A list written in both languages (bullet points on the page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct L10nList {
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

impl L10nList {
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.zh,
        }
    }
}

/// Something another agency does at the same visit (勞保生育給付, 健保卡補發 …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneStop {
    pub code: String,
    pub label: L10n,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub name: L10n,
    pub bring: L10nList,
    pub fees: L10n,
    pub limit: L10n,
    pub note: L10n,
    pub one_stop: Vec<OneStop>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// The service's address segment: `/services/{code}`.
    pub code: String,
    /// Its number in the office's plan (1–7).
    pub number: u8,
    pub kind: ServiceKind,
    pub name: L10n,
    pub summary: L10n,
    pub who: L10n,
    pub bring: L10nList,
    pub fees: L10n,
    pub time: L10n,
    /// 辦理期限 in working days (0: done at the visit).
    pub processing_days: u16,
    /// A second person books with the first (the other party of a marriage).
    pub second_party: bool,
    /// Its days are contended (popular wedding dates): a seat is held while the person
    /// confirms their e-mail address with a code, so scripts with made-up details get none.
    pub contended: bool,
    pub rules: Rules,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub services: Vec<Service>,
}

impl Catalogue {
    pub fn service(&self, code: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.code == code)
    }
}
