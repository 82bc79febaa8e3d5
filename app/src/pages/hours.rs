//! 服務時間: the week of every location.

use crate::calendar::SpecialDay;
use crate::components::{HoursTable, Page};
use crate::dates::{date_of_unix, format_date, iso_date};
use crate::site::page_context;
use leptos::prelude::*;

#[component]
pub fn HoursPage() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let office = ctx.office.clone();
    let weekday = ctx.today.weekday().number_from_monday();
    view! {
        <Page path="/about/hours" updated=date_of_unix(office.updated_at)>
            {office
                .locations
                .iter()
                .map(|l| {
                    let note = l.note.get(lang).to_string();
                    view! {
                        <section class="card">
                            <HoursTable location=l.clone() lang=lang today_weekday=weekday />
                            {(!note.is_empty()).then(|| view! { <p>{note}</p> })}
                        </section>
                    }
                })
                .collect_view()}
            <SpecialDays />
        </Page>
    }
}

/// The holidays and make-up working days of the next three months.
#[component]
fn SpecialDays() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let until = ctx.today + time::Duration::days(92);
    let days: Vec<_> = ctx
        .calendar
        .days
        .range(ctx.today..=until)
        .map(|(date, day)| (*date, day.clone()))
        .collect();
    (!days.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="special-days">
                <h2 id="special-days">{t.special_days}</h2>
                <ul>
                    {days
                        .into_iter()
                        .map(|(date, day)| {
                            let (kind, name) = match &day {
                                SpecialDay::Holiday(name) => (t.closed, name.get(lang).to_string()),
                                SpecialDay::Workday { name, .. } => (t.make_up_workday, name.get(lang).to_string()),
                            };
                            view! {
                                <li>
                                    <time datetime=iso_date(date)>{format_date(lang, date)}</time>
                                    " " {t.weekdays[usize::from(date.weekday().number_from_monday() - 1)]} "："
                                    {kind} {(!name.is_empty()).then(|| format!("（{name}）"))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
