//! Importing and storing the calendar. Two CSV formats are read (UTF-8, with a header row;
//! a byte-order mark is fine):
//!
//! 1. The portal's own, one row per special day:
//!    `date,kind,name_zh,name_en,hours_of` — `date` as `2026-10-09` or 民國 `115/10/09`,
//!    `kind` `holiday` or `workday`, `hours_of` (workdays only, optional, default 5) the
//!    weekday whose hours apply (1 = Monday).
//! 2. The Directorate-General of Personnel Administration's 政府行政機關辦公日曆表 as published
//!    on data.gov.tw, one row per day: `西元日期,星期,是否放假,備註` — `20261009`, `五`,
//!    `2` (off) or `0` (on), a remark. Only the days that differ from the ordinary week are kept.

use super::{Calendar, SpecialDay};
use crate::dates::parse_date;
use crate::db::Pool;
use crate::error::AppError;
use crate::i18n::L10n;
use sqlx::Row;
use time::{Date, Weekday};

/// A problem with one line of an imported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Reads either CSV format into special days; every bad line is reported, not just the first.
pub fn parse_csv(text: &str) -> Result<Calendar, Vec<LineError>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(vec![LineError {
            line: 1,
            message: "the file is empty".into(),
        }]);
    };
    let columns: Vec<String> = header.split(',').map(|c| c.trim().to_lowercase()).collect();
    let official = columns.first().is_some_and(|c| c.contains("西元日期"));
    if !official && columns.first().map(String::as_str) != Some("date") {
        return Err(vec![LineError {
            line: 1,
            message: "the header must start with date (or 西元日期 for the official calendar)"
                .into(),
        }]);
    }
    let mut calendar = Calendar::default();
    let mut errors = Vec::new();
    for (index, line) in lines {
        let number = index + 1;
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let result = if official {
            official_row(&cells)
        } else {
            own_row(&cells)
        };
        match result {
            Ok(Some((date, day))) => {
                if calendar.days.insert(date, day).is_some() {
                    errors.push(LineError {
                        line: number,
                        message: format!("{date} appears twice"),
                    });
                }
            }
            Ok(None) => {}
            Err(message) => errors.push(LineError {
                line: number,
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(calendar)
    } else {
        Err(errors)
    }
}

fn own_row(cells: &[&str]) -> Result<Option<(Date, SpecialDay)>, String> {
    let date = cells
        .first()
        .and_then(|d| parse_date(d))
        .ok_or_else(|| format!("not a date: {:?}", cells.first().unwrap_or(&"")))?;
    let name = L10n::new(
        cells.get(2).copied().unwrap_or_default(),
        cells.get(3).copied().unwrap_or_default(),
    );
    match cells.get(1).copied().unwrap_or_default() {
        "holiday" => Ok(Some((date, SpecialDay::Holiday(name)))),
        "workday" => {
            let hours_of = match cells.get(4).copied().unwrap_or_default() {
                "" => 5,
                text => text
                    .parse::<u8>()
                    .ok()
                    .filter(|d| (1..=7).contains(d))
                    .ok_or_else(|| format!("hours_of must be a weekday 1–7, not {text:?}"))?,
            };
            Ok(Some((date, SpecialDay::Workday { name, hours_of })))
        }
        other => Err(format!("kind must be holiday or workday, not {other:?}")),
    }
}

fn official_row(cells: &[&str]) -> Result<Option<(Date, SpecialDay)>, String> {
    let date = cells
        .first()
        .and_then(|d| parse_date(d))
        .ok_or_else(|| format!("not a date: {:?}", cells.first().unwrap_or(&"")))?;
    let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
    let remark = cells.get(3).copied().unwrap_or_default();
    match (cells.get(2).copied().unwrap_or_default(), weekend) {
        ("2", false) => Ok(Some((date, SpecialDay::Holiday(L10n::new(remark, ""))))),
        ("0", true) => Ok(Some((
            date,
            SpecialDay::Workday {
                name: L10n::new(
                    if remark.is_empty() {
                        "補行上班"
                    } else {
                        remark
                    },
                    "Make-up workday",
                ),
                hours_of: 5,
            },
        ))),
        ("0" | "2", _) => Ok(None),
        (other, _) => Err(format!("是否放假 must be 0 or 2, not {other:?}")),
    }
}

/// Replaces the stored special days in the years the imported calendar covers.
pub async fn store(pool: &Pool, calendar: &Calendar) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let years: std::collections::BTreeSet<i32> = calendar.days.keys().map(|d| d.year()).collect();
    for year in years {
        sqlx::query("DELETE FROM calendar_days WHERE day >= $1 AND day <= $2")
            .bind(format!("{year:04}-01-01"))
            .bind(format!("{year:04}-12-31"))
            .execute(&mut *tx)
            .await?;
    }
    for (date, day) in &calendar.days {
        let (kind, name, hours_of) = match day {
            SpecialDay::Holiday(name) => ("holiday", name, None),
            SpecialDay::Workday { name, hours_of } => ("workday", name, Some(i64::from(*hours_of))),
        };
        sqlx::query("INSERT INTO calendar_days (day, kind, name_zh, name_en, hours_of) VALUES ($1, $2, $3, $4, $5)")
            .bind(crate::dates::iso_date(*date))
            .bind(kind)
            .bind(&name.zh)
            .bind(&name.en)
            .bind(hours_of)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The special days from `from` on.
pub async fn load(pool: &Pool, from: Date) -> Result<Calendar, AppError> {
    let rows = sqlx::query("SELECT day, kind, name_zh, name_en, hours_of FROM calendar_days WHERE day >= $1 ORDER BY day")
        .bind(crate::dates::iso_date(from))
        .fetch_all(pool)
        .await?;
    let mut calendar = Calendar::default();
    for row in rows {
        let day: String = row.try_get(0)?;
        let date =
            parse_date(&day).ok_or_else(|| AppError::internal(format!("stored date {day}")))?;
        let kind: String = row.try_get(1)?;
        let name = L10n::new(row.try_get::<String, _>(2)?, row.try_get::<String, _>(3)?);
        let special = match kind.as_str() {
            "holiday" => SpecialDay::Holiday(name),
            _ => {
                let hours_of: Option<i64> = row.try_get(4)?;
                SpecialDay::Workday {
                    name,
                    hours_of: hours_of.and_then(|h| u8::try_from(h).ok()).unwrap_or(5),
                }
            }
        };
        calendar.days.insert(date, special);
    }
    Ok(calendar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn gregorian_compact_and_roc_dates_parse() {
        assert_eq!(parse_date("2026-10-09"), Some(date!(2026 - 10 - 09)));
        assert_eq!(parse_date("20261009"), Some(date!(2026 - 10 - 09)));
        assert_eq!(parse_date("115/10/09"), Some(date!(2026 - 10 - 09)));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("tomorrow"), None);
    }

    #[test]
    fn the_portals_own_format_is_read() {
        let csv = "\u{feff}date,kind,name_zh,name_en,hours_of\n2026-10-09,holiday,國慶日補假,National Day (observed)\n115/10/17,workday,補班,Make-up day,1\n";
        let calendar = parse_csv(csv).unwrap_or_default();
        assert_eq!(calendar.days.len(), 2);
        assert!(!calendar.is_working_day(date!(2026 - 10 - 09)));
        assert_eq!(
            calendar.days.get(&date!(2026 - 10 - 17)),
            Some(&SpecialDay::Workday {
                name: L10n::new("補班", "Make-up day"),
                hours_of: 1
            })
        );
    }

    #[test]
    fn the_official_government_calendar_is_read_keeping_only_the_exceptions() {
        let csv = "西元日期,星期,是否放假,備註\n20261008,四,0,\n20261009,五,2,國慶日補假\n20261010,六,2,國慶日\n20261017,六,0,補行上班\n";
        let calendar = parse_csv(csv).unwrap_or_default();
        assert_eq!(calendar.days.len(), 2, "{calendar:?}");
        assert!(!calendar.is_working_day(date!(2026 - 10 - 09)));
        assert!(calendar.is_working_day(date!(2026 - 10 - 17)));
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let csv = "date,kind,name_zh,name_en\n2026-13-01,holiday,x,x\n2026-10-09,party,x,x\n2026-10-10,holiday,x,x\n2026-10-10,holiday,y,y\n";
        let errors = parse_csv(csv).err().unwrap_or_default();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 3, 5]);
        assert!(parse_csv("").is_err());
        assert!(parse_csv("day,kind\n").is_err());
    }
}
