//! 服務時間: the week of every location.

use crate::components::{HoursTable, Page};
use crate::dates::date_of_unix;
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
        </Page>
    }
}
