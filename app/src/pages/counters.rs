//! 櫃檯服務: each counter and what it is for, per location.

use crate::components::Page;
use crate::dates::date_of_unix;
use crate::office::CounterKind;
use crate::site::page_context;
use leptos::prelude::*;

#[component]
pub fn CountersPage() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let office = ctx.office.clone();
    view! {
        <Page path="/about/counters" updated=date_of_unix(office.updated_at)>
            {office
                .locations
                .iter()
                .filter(|l| !l.counters.is_empty())
                .map(|l| {
                    let heading = format!("counters-{}", l.id);
                    let heading_id = heading.clone();
                    view! {
                        <section aria-labelledby=heading>
                            <h2 id=heading_id>{l.name.get(lang).to_string()}</h2>
                            {CounterKind::ALL
                                .into_iter()
                                .filter_map(|kind| {
                                    let counters: Vec<_> = l
                                        .counters
                                        .iter()
                                        .filter(|c| c.kind == kind)
                                        .cloned()
                                        .collect();
                                    let first = counters.first()?.clone();
                                    let numbers: Vec<String> = counters
                                        .iter()
                                        .filter_map(|c| c.number.map(|n| n.to_string()))
                                        .collect();
                                    Some(view! {
                                        <section class="card counter">
                                            <h3>
                                                {kind.label(lang)}
                                                {(counters.len() > 1)
                                                    .then(|| format!(" × {}", counters.len()))}
                                            </h3>
                                            {(!numbers.is_empty())
                                                .then(|| {
                                                    view! {
                                                        <p class="hint">
                                                            {t.counter_number} " " {numbers.join("、")}
                                                        </p>
                                                    }
                                                })}
                                            <p>{first.description.get(lang).to_string()}</p>
                                        </section>
                                    })
                                })
                                .collect_view()}
                        </section>
                    }
                })
                .collect_view()}
        </Page>
    }
}
