//! Opening hours: a location's week as a table, and today's hours in one line.

use crate::dates::format_minutes;
use crate::i18n::Lang;
use crate::office::{Location, OpeningHours};
use leptos::prelude::*;

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

/// Today's hours of a location as text, e.g. `08:00–17:00` or `休息`.
pub fn today_hours_text(location: &Location, lang: Lang, today_weekday: u8) -> String {
    let hours = location.hours_on(today_weekday);
    if hours.is_empty() {
        lang.t().closed.to_string()
    } else {
        periods(&hours)
    }
}

/// One line per location with today's hours.
#[component]
pub fn TodayHours(locations: Vec<Location>, lang: Lang, today_weekday: u8) -> impl IntoView {
    view! {
        <dl class="today-hours">
            {locations
                .into_iter()
                .map(|l| {
                    let text = today_hours_text(&l, lang, today_weekday);
                    view! {
                        <dt>{l.name.get(lang).to_string()}</dt>
                        <dd>{text}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}
