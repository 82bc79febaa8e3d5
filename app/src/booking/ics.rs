//! An appointment as an iCalendar event (RFC 5545), for the confirmation page and mail.

use super::slots::Slot;
use crate::dates::TAIPEI;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

fn utc_stamp(at: OffsetDateTime) -> String {
    let u = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        u.year(),
        u8::from(u.month()),
        u.day(),
        u.hour(),
        u.minute(),
        u.second()
    )
}

fn at(day: Date, minutes: u16) -> OffsetDateTime {
    let time = Time::from_hms(
        u8::try_from(minutes / 60).unwrap_or(0),
        u8::try_from(minutes % 60).unwrap_or(0),
        0,
    )
    .unwrap_or(Time::MIDNIGHT);
    PrimitiveDateTime::new(day, time).assume_offset(TAIPEI)
}

/// Escapes text for an iCalendar value and folds lines longer than 75 octets.
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        if len + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += c.len_utf8();
    }
    out
}

pub fn event(
    reference: &str,
    summary: &str,
    place: &str,
    address: &str,
    day: Date,
    slot: Slot,
    now: i64,
) -> String {
    let stamp = OffsetDateTime::from_unix_timestamp(now).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//household-registration-portal//booking//ZH-TW".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{reference}@household-registration-portal"),
        format!("DTSTAMP:{}", utc_stamp(stamp)),
        format!("DTSTART:{}", utc_stamp(at(day, slot.starts))),
        format!("DTEND:{}", utc_stamp(at(day, slot.ends))),
        format!("SUMMARY:{}", text(&format!("{summary} ({reference})"))),
        format!("LOCATION:{}", text(&format!("{place}, {address}"))),
        format!("DESCRIPTION:{}", text(reference)),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    lines
        .iter()
        .map(|l| fold(l))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_event_is_in_utc_and_well_formed() {
        let ics = event(
            "AB12C-DE34F",
            "預約結婚登記",
            "霧峰區戶政事務所",
            "中正路1128號, 霧峰區",
            date!(2027 - 02 - 14),
            Slot {
                starts: 540,
                ends: 570,
                capacity: 1,
            },
            0,
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(
            ics.contains("DTSTART:20270214T010000Z"),
            "09:00 in Taipei is 01:00 UTC: {ics}"
        );
        assert!(ics.contains("DTEND:20270214T013000Z"));
        assert!(ics.contains("中正路1128號\\, 霧峰區"));
        assert!(ics.lines().all(|l| l.len() <= 76), "lines are folded");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
