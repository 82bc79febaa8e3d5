//! Server side of the office: reading it from the database, and loading an office file
//! (TOML, the sample one shipped in `server/sample/office.toml`) into an empty database.

use super::{Counter, CounterKind, Location, LocationKind, Office, OpeningHours};
use crate::dates::parse_minutes;
use crate::db::Pool;
use crate::error::AppError;
use crate::i18n::L10n;
use serde::Deserialize;
use sqlx::Row;
use std::collections::HashSet;

/// Reads the office with its locations, hours and counters.
pub async fn load(pool: &Pool) -> Result<Option<Office>, AppError> {
    let Some(row) = sqlx::query(
        "SELECT name_zh, name_en, description_zh, description_en, phone, fax, email, sample, updated_at \
         FROM office WHERE id = 'office'",
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let mut office = Office {
        name: L10n::new(row.try_get::<String, _>(0)?, row.try_get::<String, _>(1)?),
        description: L10n::new(row.try_get::<String, _>(2)?, row.try_get::<String, _>(3)?),
        phone: row.try_get(4)?,
        fax: row.try_get(5)?,
        email: row.try_get(6)?,
        sample: row.try_get::<i64, _>(7)? != 0,
        updated_at: row.try_get(8)?,
        locations: Vec::new(),
    };

    let rows = sqlx::query(
        "SELECT id, kind, name_zh, name_en, address_zh, address_en, phone, map_url, note_zh, note_en, slot_minutes, holiday_opens, holiday_closes \
         FROM locations ORDER BY sort, id",
    )
    .fetch_all(pool)
    .await?;
    for row in rows {
        let kind: String = row.try_get(1)?;
        office.locations.push(Location {
            id: row.try_get(0)?,
            kind: LocationKind::from_code(&kind)
                .ok_or_else(|| AppError::internal(format!("unknown location kind {kind}")))?,
            name: L10n::new(row.try_get::<String, _>(2)?, row.try_get::<String, _>(3)?),
            address: L10n::new(row.try_get::<String, _>(4)?, row.try_get::<String, _>(5)?),
            phone: row.try_get(6)?,
            map_url: row.try_get(7)?,
            note: L10n::new(row.try_get::<String, _>(8)?, row.try_get::<String, _>(9)?),
            slot_minutes: small(row.try_get(10)?)?,
            holiday_hours: match (
                row.try_get::<Option<i64>, _>(11)?,
                row.try_get::<Option<i64>, _>(12)?,
            ) {
                (Some(o), Some(c)) => Some((small(o)?, small(c)?)),
                _ => None,
            },
            hours: Vec::new(),
            counters: Vec::new(),
        });
    }

    let rows = sqlx::query(
        "SELECT location_id, weekday, opens, closes FROM opening_hours ORDER BY weekday, opens",
    )
    .fetch_all(pool)
    .await?;
    for row in rows {
        let location_id: String = row.try_get(0)?;
        let hours = OpeningHours {
            weekday: small(row.try_get(1)?)?,
            opens: small(row.try_get(2)?)?,
            closes: small(row.try_get(3)?)?,
        };
        if let Some(location) = office.locations.iter_mut().find(|l| l.id == location_id) {
            location.hours.push(hours);
        }
    }

    let rows = sqlx::query(
        "SELECT id, location_id, kind, number, name_zh, name_en, description_zh, description_en, appointments \
         FROM counters ORDER BY sort, id",
    )
    .fetch_all(pool)
    .await?;
    for row in rows {
        let location_id: String = row.try_get(1)?;
        let kind: String = row.try_get(2)?;
        let number: Option<i64> = row.try_get(3)?;
        let counter = Counter {
            id: row.try_get(0)?,
            kind: CounterKind::from_code(&kind)
                .ok_or_else(|| AppError::internal(format!("unknown counter kind {kind}")))?,
            number: number.map(small).transpose()?,
            name: L10n::new(row.try_get::<String, _>(4)?, row.try_get::<String, _>(5)?),
            description: L10n::new(row.try_get::<String, _>(6)?, row.try_get::<String, _>(7)?),
            appointments: row.try_get::<i64, _>(8)? != 0,
        };
        if let Some(location) = office.locations.iter_mut().find(|l| l.id == location_id) {
            location.counters.push(counter);
        }
    }
    Ok(Some(office))
}

fn small<T: TryFrom<i64>>(value: i64) -> Result<T, AppError> {
    T::try_from(value).map_err(|_| AppError::internal(format!("value {value} out of range")))
}

/// An office as an office writes it down: the file format of `server/sample/office.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeFile {
    /// Marks the whole office as sample data; every page then says so.
    #[serde(default)]
    pub sample: bool,
    pub office: OfficeEntry,
    pub locations: Vec<LocationEntry>,
    /// Who each kind of counter calls first (the queue's rules); read at every start.
    #[serde(default)]
    pub calling: Option<CallingEntry>,
}

/// The `[calling]` table: per counter kind, the ticket kinds it calls in order
/// (appointment, priority, private, walk_in), and the queue's two numbers.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallingEntry {
    pub full_service: Option<Vec<String>>,
    pub priority: Option<Vec<String>>,
    pub privacy: Option<Vec<String>>,
    pub mobile: Option<Vec<String>>,
    pub early_minutes: Option<u16>,
    pub alert_waiting: Option<u32>,
}

impl CallingEntry {
    /// The rules, defaults filled in; an unknown ticket kind is an error naming it.
    pub fn rules(&self) -> Result<crate::queue::CallRules, String> {
        use crate::queue::TicketKind;
        let mut rules = crate::queue::CallRules::default();
        for (kind, list) in [
            (CounterKind::FullService, &self.full_service),
            (CounterKind::Priority, &self.priority),
            (CounterKind::Privacy, &self.privacy),
            (CounterKind::Mobile, &self.mobile),
        ] {
            let Some(list) = list else { continue };
            let order = list
                .iter()
                .map(|code| {
                    TicketKind::from_code(code).ok_or_else(|| {
                        format!("calling.{}: unknown ticket kind {code:?}", kind.code())
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(entry) = rules.order.iter_mut().find(|(k, _)| *k == kind) {
                entry.1 = order;
            }
        }
        if let Some(m) = self.early_minutes {
            rules.early_minutes = m;
        }
        if let Some(n) = self.alert_waiting {
            rules.alert_waiting = n;
        }
        Ok(rules)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeEntry {
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    #[serde(default)]
    pub description_en: String,
    pub phone: String,
    #[serde(default)]
    pub fax: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationEntry {
    pub id: String,
    pub kind: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    pub address_zh: String,
    #[serde(default)]
    pub address_en: String,
    pub phone: String,
    #[serde(default)]
    pub map_url: String,
    #[serde(default)]
    pub note_zh: String,
    #[serde(default)]
    pub note_en: String,
    /// Length of an appointment slot in minutes (default 30).
    #[serde(default)]
    pub slot_minutes: Option<u16>,
    /// Holiday opening for holiday appointments, e.g. `"09:00-12:00"`.
    #[serde(default)]
    pub holiday_hours: Option<String>,
    #[serde(default)]
    pub hours: Vec<HoursEntry>,
    #[serde(default)]
    pub counters: Vec<CounterEntry>,
}

/// `days` is a list of ISO weekdays (1 = Monday) or ranges: `"1-5"`, `"1,3,5"`, `"3"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursEntry {
    pub days: String,
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterEntry {
    pub id: String,
    pub kind: String,
    #[serde(default)]
    pub number: Option<u16>,
    /// Serves booked appointments (default: full-service counters do, others not).
    #[serde(default)]
    pub appointments: Option<bool>,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub description_zh: String,
    #[serde(default)]
    pub description_en: String,
}

impl OfficeFile {
    /// Parses and checks an office file; the error says what is wrong and where.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: OfficeFile = toml::from_str(text).map_err(|e| e.to_string())?;
        file.check()?;
        Ok(file)
    }

    fn check(&self) -> Result<(), String> {
        if self.office.name_zh.trim().is_empty() {
            return Err("office.name_zh is empty".into());
        }
        if self.locations.is_empty() {
            return Err("an office needs at least one location".into());
        }
        let mut location_ids = HashSet::new();
        let mut counter_ids = HashSet::new();
        for location in &self.locations {
            if !location_ids.insert(location.id.as_str()) {
                return Err(format!("location id {} appears twice", location.id));
            }
            LocationKind::from_code(&location.kind).ok_or_else(|| {
                format!("location {}: unknown kind {}", location.id, location.kind)
            })?;
            for hours in &location.hours {
                expand(hours).map_err(|e| format!("location {}: {e}", location.id))?;
            }
            holiday_hours(location).map_err(|_| {
                format!(
                    "location {}: holiday_hours must look like 09:00-12:00",
                    location.id
                )
            })?;
            for counter in &location.counters {
                if !counter_ids.insert(counter.id.as_str()) {
                    return Err(format!("counter id {} appears twice", counter.id));
                }
                CounterKind::from_code(&counter.kind).ok_or_else(|| {
                    format!("counter {}: unknown kind {}", counter.id, counter.kind)
                })?;
            }
        }
        Ok(())
    }

    /// Writes the office into an empty database, all or nothing.
    pub async fn insert(&self, pool: &Pool, now: i64) -> Result<(), AppError> {
        let mut tx = pool.begin().await?;
        let o = &self.office;
        sqlx::query(
            "INSERT INTO office (id, name_zh, name_en, description_zh, description_en, phone, fax, email, sample, updated_at) \
             VALUES ('office', $1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&o.name_zh)
        .bind(&o.name_en)
        .bind(&o.description_zh)
        .bind(&o.description_en)
        .bind(&o.phone)
        .bind(&o.fax)
        .bind(&o.email)
        .bind(i64::from(self.sample))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for (sort, l) in self.locations.iter().enumerate() {
            sqlx::query(
                "INSERT INTO locations (id, sort, kind, name_zh, name_en, address_zh, address_en, phone, map_url, note_zh, note_en, slot_minutes, holiday_opens, holiday_closes) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(&l.id)
            .bind(sort as i64)
            .bind(&l.kind)
            .bind(&l.name_zh)
            .bind(&l.name_en)
            .bind(&l.address_zh)
            .bind(&l.address_en)
            .bind(&l.phone)
            .bind(&l.map_url)
            .bind(&l.note_zh)
            .bind(&l.note_en)
            .bind(i64::from(l.slot_minutes.unwrap_or(30)))
            .bind(holiday_hours(l)?.map(|(o, _)| i64::from(o)))
            .bind(holiday_hours(l)?.map(|(_, c)| i64::from(c)))
            .execute(&mut *tx)
            .await?;
            for entry in &l.hours {
                for h in expand(entry).map_err(AppError::internal)? {
                    sqlx::query(
                        "INSERT INTO opening_hours (location_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&l.id)
                    .bind(i64::from(h.weekday))
                    .bind(i64::from(h.opens))
                    .bind(i64::from(h.closes))
                    .execute(&mut *tx)
                    .await?;
                }
            }
            for (csort, c) in l.counters.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO counters (id, location_id, sort, kind, number, name_zh, name_en, description_zh, description_en, appointments) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(&c.id)
                .bind(&l.id)
                .bind(csort as i64)
                .bind(&c.kind)
                .bind(c.number.map(i64::from))
                .bind(&c.name_zh)
                .bind(&c.name_en)
                .bind(&c.description_zh)
                .bind(&c.description_en)
                .bind(i64::from(c.appointments.unwrap_or(c.kind == "full_service")))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// A location's holiday opening, `"09:00-12:00"`, as minutes.
fn holiday_hours(location: &LocationEntry) -> Result<Option<(u16, u16)>, AppError> {
    let Some(text) = &location.holiday_hours else {
        return Ok(None);
    };
    let parsed = text
        .split_once('-')
        .and_then(|(o, c)| Some((parse_minutes(o)?, parse_minutes(c)?)))
        .filter(|(o, c)| o < c);
    parsed.map(Some).ok_or_else(|| {
        AppError::internal(format!(
            "location {}: bad holiday_hours {text}",
            location.id
        ))
    })
}

/// Turns one `days`/`opens`/`closes` entry into a period per weekday.
fn expand(entry: &HoursEntry) -> Result<Vec<OpeningHours>, String> {
    let opens = parse_minutes(&entry.opens).ok_or_else(|| format!("bad time {}", entry.opens))?;
    let closes =
        parse_minutes(&entry.closes).ok_or_else(|| format!("bad time {}", entry.closes))?;
    if opens >= closes {
        return Err(format!("{} is not before {}", entry.opens, entry.closes));
    }
    let mut days = Vec::new();
    for part in entry.days.split(',') {
        let part = part.trim();
        let (first, last) = part.split_once('-').unwrap_or((part, part));
        let (first, last): (u8, u8) = (
            first
                .trim()
                .parse()
                .map_err(|_| format!("bad days {}", entry.days))?,
            last.trim()
                .parse()
                .map_err(|_| format!("bad days {}", entry.days))?,
        );
        if !(1..=7).contains(&first) || !(1..=7).contains(&last) || first > last {
            return Err(format!("bad days {}", entry.days));
        }
        days.extend(first..=last);
    }
    Ok(days
        .into_iter()
        .map(|weekday| OpeningHours {
            weekday,
            opens,
            closes,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(days: &str, opens: &str, closes: &str) -> HoursEntry {
        HoursEntry {
            days: days.into(),
            opens: opens.into(),
            closes: closes.into(),
        }
    }

    #[test]
    fn day_ranges_and_lists_expand_to_one_period_per_weekday() {
        let week = expand(&hours("1-5", "08:00", "17:00")).unwrap_or_default();
        assert_eq!(
            week.iter().map(|h| h.weekday).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        let some = expand(&hours("2,4", "08:30", "12:00")).unwrap_or_default();
        assert_eq!(some.iter().map(|h| h.weekday).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(some[0].opens, 510);
    }

    #[test]
    fn impossible_hours_are_refused() {
        assert!(expand(&hours("0-5", "08:00", "17:00")).is_err());
        assert!(expand(&hours("5-1", "08:00", "17:00")).is_err());
        assert!(expand(&hours("1", "17:00", "08:00")).is_err());
        assert!(expand(&hours("1", "8am", "17:00")).is_err());
    }

    #[test]
    fn the_shipped_sample_office_parses() {
        let file = OfficeFile::parse(include_str!("../../../server/sample/office.toml"));
        let file = match file {
            Ok(file) => file,
            Err(e) => panic!("sample office: {e}"),
        };
        assert!(file.sample);
        assert!(file.office.name_zh.contains("霧峰"));
        assert_eq!(file.locations.len(), 2);
        let counters = &file.locations[0].counters;
        let full = counters.iter().filter(|c| c.kind == "full_service").count();
        assert_eq!(
            full, 9,
            "the plan names nine full-service counters at the office"
        );
        for kind in ["privacy", "priority", "mobile", "information_desk"] {
            assert!(counters.iter().any(|c| c.kind == kind), "no {kind} counter");
        }
    }

    #[test]
    fn a_duplicate_counter_id_is_refused_with_its_name() {
        let text = r#"
            [office]
            name_zh = "測試戶政事務所"
            name_en = "Test"
            description_zh = "測試"
            phone = "02-0000-0000"
            [[locations]]
            id = "main"
            kind = "main"
            name_zh = "本所"
            address_zh = "某路1號"
            phone = "02-0000-0000"
            [[locations.counters]]
            id = "c1"
            kind = "full_service"
            name_zh = "一號櫃檯"
            [[locations.counters]]
            id = "c1"
            kind = "privacy"
            name_zh = "疼您櫃檯"
        "#;
        let err = OfficeFile::parse(text).err().unwrap_or_default();
        assert!(err.contains("c1"), "{err}");
    }
}
