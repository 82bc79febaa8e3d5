//! Reading the services file (TOML, the format of `server/sample/services.toml`).

use super::{Catalogue, Item, L10nList, OneStop, Service, ServiceKind};
use crate::booking::rules::{HolidayNotice, Rules};
use crate::dates::parse_minutes;
use crate::i18n::L10n;
use serde::Deserialize;
use std::collections::HashSet;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    services: Vec<ServiceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceEntry {
    code: String,
    number: u8,
    kind: ServiceKind,
    name_zh: String,
    #[serde(default)]
    name_en: String,
    summary_zh: String,
    #[serde(default)]
    summary_en: String,
    who_zh: String,
    #[serde(default)]
    who_en: String,
    #[serde(default)]
    bring_zh: Vec<String>,
    #[serde(default)]
    bring_en: Vec<String>,
    fees_zh: String,
    #[serde(default)]
    fees_en: String,
    time_zh: String,
    #[serde(default)]
    time_en: String,
    #[serde(default)]
    processing_days: u16,
    #[serde(default)]
    second_party: bool,
    #[serde(default)]
    contended: bool,
    #[serde(default)]
    min_days_ahead: Option<u16>,
    #[serde(default)]
    max_days_ahead: Option<u16>,
    #[serde(default)]
    cutoff: Option<String>,
    #[serde(default)]
    holiday_notice: Option<[u32; 2]>,
    #[serde(default)]
    items: Vec<ItemEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemEntry {
    code: String,
    name_zh: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    bring_zh: Vec<String>,
    #[serde(default)]
    bring_en: Vec<String>,
    #[serde(default)]
    fees_zh: String,
    #[serde(default)]
    fees_en: String,
    #[serde(default)]
    limit_zh: String,
    #[serde(default)]
    limit_en: String,
    #[serde(default)]
    note_zh: String,
    #[serde(default)]
    note_en: String,
    #[serde(default)]
    one_stop: Vec<OneStopEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OneStopEntry {
    code: String,
    zh: String,
    #[serde(default)]
    en: String,
}

fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parses and checks a services file; the error names the service and what is wrong.
pub fn parse(text: &str) -> Result<Catalogue, String> {
    let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut codes = HashSet::new();
    let mut services = Vec::new();
    for s in file.services {
        if !is_code(&s.code) {
            return Err(format!(
                "service code {:?} must be lower-case letters, digits and dashes",
                s.code
            ));
        }
        if !codes.insert(s.code.clone()) {
            return Err(format!("service {} appears twice", s.code));
        }
        if s.kind == ServiceKind::Application && crate::apply::forms::form_of(&s.code).is_none() {
            return Err(format!(
                "service {}: an application needs a form definition, and there is none for this code (the five are {})",
                s.code,
                crate::apply::forms::ALL.map(|f| f.service).join(", ")
            ));
        }
        let defaults = Rules::default();
        let cutoff_minutes = match &s.cutoff {
            Some(text) => parse_minutes(text)
                .ok_or_else(|| format!("service {}: bad cutoff {text}", s.code))?,
            None => defaults.cutoff_minutes,
        };
        let rules = Rules {
            min_days_ahead: s.min_days_ahead.unwrap_or(defaults.min_days_ahead),
            max_days_ahead: s.max_days_ahead.unwrap_or(defaults.max_days_ahead),
            cutoff_minutes,
            holidays: s.holiday_notice.map(|[min, max]| HolidayNotice {
                min_working_days: min,
                max_working_days: max,
            }),
            ..defaults
        };
        if rules.min_days_ahead > rules.max_days_ahead {
            return Err(format!(
                "service {}: min_days_ahead is after max_days_ahead",
                s.code
            ));
        }
        let mut item_codes = HashSet::new();
        let mut items = Vec::new();
        for i in s.items {
            if !is_code(&i.code) || !item_codes.insert(i.code.clone()) {
                return Err(format!(
                    "service {}: item code {:?} is not valid or repeats",
                    s.code, i.code
                ));
            }
            items.push(Item {
                code: i.code,
                name: L10n::new(i.name_zh, i.name_en),
                bring: L10nList {
                    zh: i.bring_zh,
                    en: i.bring_en,
                },
                fees: L10n::new(i.fees_zh, i.fees_en),
                limit: L10n::new(i.limit_zh, i.limit_en),
                note: L10n::new(i.note_zh, i.note_en),
                one_stop: i
                    .one_stop
                    .into_iter()
                    .map(|o| OneStop {
                        code: o.code,
                        label: L10n::new(o.zh, o.en),
                    })
                    .collect(),
            });
        }
        services.push(Service {
            code: s.code,
            number: s.number,
            kind: s.kind,
            name: L10n::new(s.name_zh, s.name_en),
            summary: L10n::new(s.summary_zh, s.summary_en),
            who: L10n::new(s.who_zh, s.who_en),
            bring: L10nList {
                zh: s.bring_zh,
                en: s.bring_en,
            },
            fees: L10n::new(s.fees_zh, s.fees_en),
            time: L10n::new(s.time_zh, s.time_en),
            processing_days: s.processing_days,
            second_party: s.second_party,
            contended: s.contended,
            rules,
            items,
        });
    }
    services.sort_by_key(|s| s.number);
    Ok(Catalogue { services })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_catalogue_has_the_seven_services_of_the_plan() {
        let catalogue = parse(include_str!("../../../server/sample/services.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            catalogue
                .services
                .iter()
                .map(|s| s.number)
                .collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6, 7]
        );
        let visit = catalogue
            .service("registration-visit")
            .map(|s| s.items.len());
        assert!(visit.is_some_and(|n| n >= 14), "the registration items");
        let birth = catalogue
            .service("registration-visit")
            .and_then(|s| s.items.iter().find(|i| i.code == "birth"))
            .map(|i| i.one_stop.len());
        assert_eq!(birth, Some(2), "勞保 and 國民年金 maternity benefits");
        let home = catalogue
            .service("home-visit")
            .map(|s| s.items.iter().map(|i| i.code.as_str()).collect::<Vec<_>>());
        assert_eq!(
            home,
            Some(vec![
                "home", "hospital", "school", "factory", "village", "agency"
            ])
        );
        let marriage = catalogue.service("marriage").and_then(|s| s.rules.holidays);
        assert_eq!(
            marriage,
            Some(HolidayNotice {
                min_working_days: 3,
                max_working_days: 30
            })
        );
        for service in &catalogue.services {
            assert!(
                !service.name.en.is_empty() && !service.bring.en.is_empty(),
                "{} has English",
                service.code
            );
        }
    }

    #[test]
    fn bad_files_are_refused_with_the_service_named() {
        let base = "[[services]]\ncode = \"certificate\"\nnumber = 1\nkind = \"application\"\nname_zh = \"甲\"\nsummary_zh = \"甲\"\nwho_zh = \"甲\"\nfees_zh = \"甲\"\ntime_zh = \"甲\"\n";
        assert!(parse(base).is_ok());
        assert!(
            parse(&format!("{base}{base}"))
                .err()
                .unwrap_or_default()
                .contains("twice")
        );
        assert!(parse(&base.replace("\"certificate\"", "\"X Y\"")).is_err());
        assert!(
            parse(&base.replace("\"certificate\"", "\"parking\""))
                .err()
                .unwrap_or_default()
                .contains("form definition"),
            "an application needs a form"
        );
        assert!(
            parse(&format!("{base}cutoff = \"25:00\"\n"))
                .err()
                .unwrap_or_default()
                .contains("cutoff")
        );
        assert!(parse(&base.replace("application", "party")).is_err());
    }
}
