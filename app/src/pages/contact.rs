//! 聯絡資訊與服務地點: every location with its address, phone and map.

use crate::components::Page;
use crate::components::layout::tel;
use crate::dates::date_of_unix;
use crate::site::page_context;
use leptos::prelude::*;

#[component]
pub fn ContactPage() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let office = ctx.office.clone();
    view! {
        <Page path="/about/contact" updated=date_of_unix(office.updated_at)>
            {(!office.email.is_empty())
                .then(|| {
                    view! {
                        <p>
                            {t.email} "："
                            <a href=format!("mailto:{}", office.email)>{office.email.clone()}</a>
                        </p>
                    }
                })}
            {office
                .locations
                .iter()
                .map(|l| {
                    let heading = format!("loc-{}", l.id);
                    let heading_id = heading.clone();
                    let note = l.note.get(lang).to_string();
                    let map = (!l.map_url.is_empty()).then(|| l.map_url.clone());
                    view! {
                        <section class="card" aria-labelledby=heading>
                            <h2 id=heading_id>
                                {l.name.get(lang).to_string()}
                                <span class="tag">{l.kind.label(lang)}</span>
                            </h2>
                            <dl class="facts">
                                <dt>{t.address}</dt>
                                <dd>{l.address.get(lang).to_string()}</dd>
                                <dt>{t.phone}</dt>
                                <dd>
                                    <a href=format!("tel:{}", tel(&l.phone))>{l.phone.clone()}</a>
                                </dd>
                            </dl>
                            {(!note.is_empty()).then(|| view! { <p>{note}</p> })}
                            {map
                                .map(|url| {
                                    view! {
                                        <p>
                                            <a href=url rel="noopener" target="_blank">
                                                {t.map_link}
                                                <span class="visually-hidden">{t.opens_new_window}</span>
                                            </a>
                                        </p>
                                    }
                                })}
                        </section>
                    }
                })
                .collect_view()}
        </Page>
    }
}
