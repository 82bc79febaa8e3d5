//! Dates and times as the office shows them: Asia/Taipei (UTC+8, no daylight saving since 1979)
//! and 民國 (Republic of China) years on the Chinese pages.

use crate::i18n::Lang;
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Taiwan's offset. Asia/Taipei has had no daylight saving time since 1979, so a fixed
/// offset is exact for every date the portal deals with.
pub const TAIPEI: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// The 民國 year of a Gregorian year (1912 = 民國元年).
pub fn roc_year(year: i32) -> i32 {
    year - 1911
}

/// Today's date in Taipei.
pub fn today_in_taipei() -> Date {
    OffsetDateTime::now_utc().to_offset(TAIPEI).date()
}

/// The Taipei calendar date of a Unix timestamp in seconds.
pub fn date_of_unix(seconds: i64) -> Date {
    OffsetDateTime::from_unix_timestamp(seconds)
        .map(|t| t.to_offset(TAIPEI).date())
        .unwrap_or(Date::MIN)
}

/// A date as written on the page: `民國115年11月26日` or `26 November 2026`.
pub fn format_date(lang: Lang, date: Date) -> String {
    match lang {
        Lang::ZhTw => {
            let year = roc_year(date.year());
            let month = u8::from(date.month());
            let day = date.day();
            if year >= 1 {
                format!("民國{year}年{month}月{day}日")
            } else {
                format!("{}年{month}月{day}日", date.year())
            }
        }
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            month_name(date.month()),
            date.year()
        ),
    }
}

/// The ISO 8601 form for `<time datetime>`.
pub fn iso_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Parses `2026-10-09`, `2026/10/09`, `20261009` or the 民國 `115/10/09` and `115-10-09`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let parts: Vec<&str> = if text.len() == 8 && text.chars().all(|c| c.is_ascii_digit()) {
        vec![&text[..4], &text[4..6], &text[6..]]
    } else {
        text.split(['-', '/', '.']).collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let mut year: i32 = y.parse().ok()?;
    if y.len() <= 3 {
        year += 1911;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year, month, d.parse().ok()?).ok()
}

/// Minutes after midnight as `08:30`.
pub fn format_minutes(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses `08:30` into minutes after midnight.
pub fn parse_minutes(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

fn month_name(month: Month) -> &'static str {
    match month {
        Month::January => "January",
        Month::February => "February",
        Month::March => "March",
        Month::April => "April",
        Month::May => "May",
        Month::June => "June",
        Month::July => "July",
        Month::August => "August",
        Month::September => "September",
        Month::October => "October",
        Month::November => "November",
        Month::December => "December",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn roc_years_follow_the_founding_of_the_republic() {
        assert_eq!(roc_year(2019), 108);
        assert_eq!(roc_year(1912), 1);
        assert_eq!(roc_year(2026), 115);
    }

    #[test]
    fn dates_are_written_with_roc_years_in_chinese_and_gregorian_in_english() {
        let d = date!(2019 - 02 - 14);
        assert_eq!(format_date(Lang::ZhTw, d), "民國108年2月14日");
        assert_eq!(format_date(Lang::En, d), "14 February 2019");
        assert_eq!(iso_date(d), "2019-02-14");
    }

    #[test]
    fn a_utc_evening_is_already_the_next_day_in_taipei() {
        // 2026-11-25 16:30 UTC is 2026-11-26 00:30 in Taipei.
        let ts = date!(2026 - 11 - 25)
            .midnight()
            .assume_utc()
            .unix_timestamp()
            + 16 * 3600
            + 1800;
        assert_eq!(date_of_unix(ts), date!(2026 - 11 - 26));
    }

    #[test]
    fn clock_times_parse_and_print() {
        assert_eq!(parse_minutes("08:00"), Some(480));
        assert_eq!(parse_minutes("17:30"), Some(1050));
        assert_eq!(parse_minutes("24:00"), Some(1440));
        assert_eq!(parse_minutes("24:01"), None);
        assert_eq!(parse_minutes("8"), None);
        assert_eq!(parse_minutes("08:60"), None);
        assert_eq!(format_minutes(480), "08:00");
        assert_eq!(format_minutes(1050), "17:30");
    }
}
