//! The office itself: its name, locations, opening hours and counters. All of it is data an
//! office edits (loaded from `server/sample/office.toml` for the sample office), never code.

use crate::i18n::{L10n, Lang};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Office {
    pub name: L10n,
    pub description: L10n,
    pub phone: String,
    pub fax: String,
    pub email: String,
    /// True while the office shows the shipped sample data; the site says so on every page.
    pub sample: bool,
    /// Unix seconds of the last change to any of the office's data.
    pub updated_at: i64,
    pub locations: Vec<Location>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    /// The office itself.
    Main,
    /// A further service point such as 四德便民辦公室.
    ServicePoint,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: String,
    pub kind: LocationKind,
    pub name: L10n,
    pub address: L10n,
    pub phone: String,
    pub map_url: String,
    pub note: L10n,
    /// Length of an appointment slot, in minutes.
    pub slot_minutes: u16,
    /// Opening on holidays for services that take holiday appointments (marriage), if any.
    pub holiday_hours: Option<(u16, u16)>,
    pub hours: Vec<OpeningHours>,
    pub counters: Vec<Counter>,
}

/// One opening period on one weekday. A weekday may have several (a lunch break, an evening).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    /// ISO weekday: 1 is Monday, 7 is Sunday.
    pub weekday: u8,
    /// Minutes after midnight.
    pub opens: u16,
    pub closes: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CounterKind {
    /// 全功能櫃檯: any registration item at any counter.
    FullService,
    /// 疼您櫃檯: cases touching privacy or personal rights.
    Privacy,
    /// 愛心櫃檯: priority for the elderly, pregnant and disabled; no ticket needed.
    Priority,
    /// 機動戶證特快車: opens when more than five people are waiting.
    Mobile,
    /// 服務檯: the information desk at the entrance.
    InformationDesk,
}

impl CounterKind {
    pub const ALL: [CounterKind; 5] = [
        CounterKind::FullService,
        CounterKind::Privacy,
        CounterKind::Priority,
        CounterKind::Mobile,
        CounterKind::InformationDesk,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CounterKind::FullService => "full_service",
            CounterKind::Privacy => "privacy",
            CounterKind::Priority => "priority",
            CounterKind::Mobile => "mobile",
            CounterKind::InformationDesk => "information_desk",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let index = Self::ALL.iter().position(|k| *k == self).unwrap_or(0);
        lang.t().counter_kinds[index]
    }
}

impl LocationKind {
    pub fn code(self) -> &'static str {
        match self {
            LocationKind::Main => "main",
            LocationKind::ServicePoint => "service_point",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "main" => Some(LocationKind::Main),
            "service_point" => Some(LocationKind::ServicePoint),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t().location_kinds[match self {
            LocationKind::Main => 0,
            LocationKind::ServicePoint => 1,
        }]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counter {
    pub id: String,
    pub kind: CounterKind,
    /// The number shown above the counter, when it has one.
    pub number: Option<u16>,
    pub name: L10n,
    pub description: L10n,
    /// Serves booked appointments (one per slot).
    pub appointments: bool,
}

impl Location {
    /// Appointments one slot takes: one per counter that serves appointments.
    pub fn seats_per_slot(&self) -> u16 {
        u16::try_from(self.counters.iter().filter(|c| c.appointments).count()).unwrap_or(u16::MAX)
    }

    /// The opening periods on an ISO weekday (1 = Monday), in time order.
    pub fn hours_on(&self, weekday: u8) -> Vec<OpeningHours> {
        let mut hours: Vec<_> = self
            .hours
            .iter()
            .copied()
            .filter(|h| h.weekday == weekday)
            .collect();
        hours.sort_by_key(|h| h.opens);
        hours
    }
}

/// A bare location with the given hours, for tests across the crate.
#[cfg(test)]
impl Location {
    pub fn with_hours(hours: Vec<OpeningHours>) -> Location {
        Location {
            id: "main".into(),
            kind: LocationKind::Main,
            name: L10n::default(),
            address: L10n::default(),
            phone: String::new(),
            map_url: String::new(),
            note: L10n::default(),
            slot_minutes: 30,
            holiday_hours: None,
            hours,
            counters: vec![],
        }
    }
}

/// An office with one location open on weekdays 08:00–17:00, for tests across the crate.
#[cfg(test)]
impl Office {
    pub fn sample_for_tests() -> Office {
        let mut main = Location::with_hours(
            (1..=5)
                .map(|weekday| OpeningHours {
                    weekday,
                    opens: 480,
                    closes: 1020,
                })
                .collect(),
        );
        main.name = L10n::new("本所", "Main office");
        Office {
            name: L10n::new("測試戶政事務所", "Test office"),
            description: L10n::default(),
            phone: String::new(),
            fax: String::new(),
            email: String::new(),
            sample: true,
            updated_at: 0,
            locations: vec![main],
        }
    }
}

impl Office {
    pub fn main_location(&self) -> Option<&Location> {
        self.locations
            .iter()
            .find(|l| l.kind == LocationKind::Main)
            .or(self.locations.first())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_kind_codes_round_trip() {
        for kind in CounterKind::ALL {
            assert_eq!(CounterKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(CounterKind::from_code("vip"), None);
    }

    #[test]
    fn a_weekday_lists_its_periods_in_time_order() {
        let location = Location::with_hours(vec![
            OpeningHours {
                weekday: 3,
                opens: 1080,
                closes: 1200,
            },
            OpeningHours {
                weekday: 3,
                opens: 480,
                closes: 1020,
            },
            OpeningHours {
                weekday: 4,
                opens: 480,
                closes: 1020,
            },
        ]);
        let wednesday = location.hours_on(3);
        assert_eq!(wednesday.len(), 2);
        assert_eq!(wednesday[0].opens, 480);
        assert!(location.hours_on(6).is_empty());
    }
}
