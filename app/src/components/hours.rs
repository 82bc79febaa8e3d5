//! Opening hours: a location's week as a table, and today's hours in one line.

use crate::calendar::{Calendar, SpecialDay};
use crate::dates::format_minutes;
use crate::i18n::Lang;
use crate::office::{Location, OpeningHours};
use leptos::prelude::*;
use std::sync::Arc;
use time::Date;

fn periods(hours: &[OpeningHours]) -> String {
    hours
        .iter()
        .map(|h| format!("{}–{}", format_minutes(h.opens), format_minutes(h.closes)))
        .collect::<Vec<_>>()
        .join("、")
}

/// The week of one location, Monday first; today's row is marked.
#[component]
pub fn HoursTable(location: Location, lang: Lang, today_weekday: u8) -> impl IntoView {
    let t = lang.t();
    let caption = format!("{} {}", location.name.get(lang), t.hours);
    view! {
        <table class="hours">
            <caption>{caption}</caption>
            <tbody>
                {(1..=7u8)
                    .map(|weekday| {
                        let hours = location.hours_on(weekday);
                        let is_today = weekday == today_weekday;
                        let text = if hours.is_empty() { t.closed.to_string() } else { periods(&hours) };
                        view! {
                            <tr class:today=is_today>
                                <th scope="row">
                                    {t.weekdays[usize::from(weekday - 1)]}
                                    {is_today.then(|| format!("（{}）", t.today))}
                                </th>
                                <td>{text}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A location's hours on a date as text, after the calendar: `08:00–17:00`, `休息`, or
/// `休息（行憲紀念日）` on a holiday, and the make-up day's name on a 補班 day.
pub fn hours_text_on(location: &Location, lang: Lang, calendar: &Calendar, date: Date) -> String {
    let hours = calendar.opening_hours(location, date);
    let special = match calendar.days.get(&date) {
        Some(SpecialDay::Holiday(name)) | Some(SpecialDay::Workday { name, .. }) => {
            Some(name.get(lang).to_string()).filter(|n| !n.is_empty())
        }
        None => None,
    };
    let text = if hours.is_empty() {
        lang.t().closed.to_string()
    } else {
        periods(&hours)
    };
    match special {
        Some(name) => format!("{text}（{name}）"),
        None => text,
    }
}

/// One line per location with its hours on a date (today on the home page).
#[component]
pub fn TodayHours(
    locations: Vec<Location>,
    lang: Lang,
    calendar: Arc<Calendar>,
    date: Date,
) -> impl IntoView {
    view! {
        <dl class="today-hours">
            {locations
                .into_iter()
                .map(|l| {
                    let text = hours_text_on(&l, lang, &calendar, date);
                    view! {
                        <dt>{l.name.get(lang).to_string()}</dt>
                        <dd>{text}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// A location's week in a few words: weekdays with the same hours grouped, consecutive days as
/// ranges, e.g. `星期一至星期五 08:00–17:00`. Closed days are left out.
pub fn week_summary(location: &Location, lang: Lang) -> Vec<String> {
    let t = lang.t();
    let mut groups: Vec<(Vec<u8>, String)> = Vec::new();
    for weekday in 1..=7u8 {
        let hours = location.hours_on(weekday);
        if hours.is_empty() {
            continue;
        }
        let text = periods(&hours);
        match groups.iter_mut().find(|(_, t)| *t == text) {
            Some((days, _)) => days.push(weekday),
            None => groups.push((vec![weekday], text)),
        }
    }
    let (to, sep) = match lang {
        Lang::ZhTw => ("至", "、"),
        Lang::En => (" to ", ", "),
    };
    let name = |d: u8| t.weekdays[usize::from(d - 1)];
    groups
        .into_iter()
        .map(|(days, text)| {
            let mut runs: Vec<(u8, u8)> = Vec::new();
            for d in days {
                match runs.last_mut() {
                    Some((_, last)) if *last + 1 == d => *last = d,
                    _ => runs.push((d, d)),
                }
            }
            let days = runs
                .into_iter()
                .map(|(a, b)| match b - a {
                    0 => name(a).to_string(),
                    1 => format!("{}{sep}{}", name(a), name(b)),
                    _ => format!("{}{to}{}", name(a), name(b)),
                })
                .collect::<Vec<_>>()
                .join(sep);
            format!("{days} {text}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::L10n;

    fn location(hours: &[(u8, u16, u16)]) -> Location {
        Location::with_hours(
            hours
                .iter()
                .map(|&(weekday, opens, closes)| OpeningHours {
                    weekday,
                    opens,
                    closes,
                })
                .collect(),
        )
    }

    #[test]
    fn a_holiday_reads_as_closed_with_its_name() {
        let week = location(&[(5, 480, 1020)]);
        let mut calendar = Calendar::default();
        let day = time::macros::date!(2026 - 12 - 25);
        calendar.days.insert(
            day,
            SpecialDay::Holiday(L10n::new("行憲紀念日", "Constitution Day")),
        );
        assert_eq!(
            hours_text_on(&week, Lang::ZhTw, &calendar, day),
            "休息（行憲紀念日）"
        );
        assert_eq!(
            hours_text_on(&week, Lang::En, &calendar, day),
            "Closed（Constitution Day）"
        );
        let friday = time::macros::date!(2026 - 12 - 18);
        assert_eq!(
            hours_text_on(&week, Lang::ZhTw, &calendar, friday),
            "08:00–17:00"
        );
    }

    #[test]
    fn a_working_week_reads_as_one_range() {
        let week = location(&[
            (1, 480, 1020),
            (2, 480, 1020),
            (3, 480, 1020),
            (4, 480, 1020),
            (5, 480, 1020),
        ]);
        assert_eq!(
            week_summary(&week, Lang::ZhTw),
            ["星期一至星期五 08:00–17:00"]
        );
        assert_eq!(
            week_summary(&week, Lang::En),
            ["Monday to Friday 08:00–17:00"]
        );
    }

    #[test]
    fn a_longer_day_splits_the_week_into_groups() {
        let week = location(&[
            (1, 480, 1020),
            (2, 480, 1020),
            (3, 480, 1020),
            (3, 1020, 1200),
            (4, 480, 1020),
            (5, 480, 1020),
        ]);
        assert_eq!(
            week_summary(&week, Lang::ZhTw),
            [
                "星期一、星期二、星期四、星期五 08:00–17:00",
                "星期三 08:00–17:00、17:00–20:00"
            ]
        );
        let some = location(&[(2, 510, 720), (4, 510, 720)]);
        assert_eq!(
            week_summary(&some, Lang::ZhTw),
            ["星期二、星期四 08:30–12:00"]
        );
    }
}
