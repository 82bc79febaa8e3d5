//! 線上服務: the seven online services, each with its summary.

use crate::components::Page;
use crate::site::page_context;
use leptos::prelude::*;

#[component]
pub fn ServicesPage() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let services = ctx.services.clone();
    view! {
        <Page path="/services">
            <p class="lead">{t.services_intro}</p>
            <p>
                <a href="/bookings/lookup">{t.lookup.title}</a>
                " · "
                <a href="/forms">{t.forms.page.title}</a>
            </p>
            <p>
                {t.suggestions.interaction} {lang.colon()}
                <a href="/mailbox">{t.mailbox.page.title}</a>
                " · "
                <a href="/survey">{t.survey.page.title}</a>
                " · "
                <a href="/suggestions">{t.suggestions.page.title}</a>
            </p>
            <ol class="service-list">
                {services
                    .services
                    .iter()
                    .map(|s| {
                        view! {
                            <li class="card">
                                <h2>
                                    <a href=format!("/services/{}", s.code)>{s.name.get(lang).to_string()}</a>
                                </h2>
                                <p>{s.summary.get(lang).to_string()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </Page>
    }
}
