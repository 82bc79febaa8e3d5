//! A service's start page: who it is for, what to bring, fees, how long it takes, and for the
//! registration-visit booking and the home visits, their items.

use crate::components::Page;
use crate::pages::not_found::NotFoundPage;
use crate::services::{Service, ServiceKind};
use crate::site::page_context;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ServicePage() -> impl IntoView {
    let ctx = page_context();
    let code = use_params_map().with_untracked(|p| p.get("code").unwrap_or_default());
    match ctx.services.service(&code).cloned() {
        Some(service) => Either::Left(view! { <ServiceStart service /> }),
        None => Either::Right(view! { <NotFoundPage /> }),
    }
}

#[component]
fn ServiceStart(service: Service) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let heading = (
        service.name.get(lang).to_string(),
        service.summary.get(lang).to_string(),
    );
    let list = |items: &[String]| {
        let items = items.to_vec();
        view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
    };
    let has_bring = service.items.iter().any(|i| !i.bring.zh.is_empty());
    let items_heading = if has_bring {
        t.items_heading
    } else {
        t.visit_types
    };
    view! {
        <Page path="/services/:code" heading>
            <script type="application/ld+json" nonce=crate::site::nonce() inner_html=crate::site::json_ld(&serde_json::json!({
                "@context": "https://schema.org",
                "@type": "GovernmentService",
                "name": service.name.get(lang),
                "description": service.summary.get(lang),
                "serviceOperator": { "@type": "GovernmentOrganization", "name": ctx.office.name.get(lang) },
                "url": format!("/services/{}", service.code),
            }))></script>
            <p class="lead">{service.summary.get(lang).to_string()}</p>
            <h2>{t.who}</h2>
            <p>{service.who.get(lang).to_string()}</p>
            <h2>{t.bring}</h2>
            {list(service.bring.get(lang))}
            <h2>{t.fees}</h2>
            <p>{service.fees.get(lang).to_string()}</p>
            <h2>{t.how_long}</h2>
            <p>{service.time.get(lang).to_string()}</p>
            {(service.processing_days > 0)
                .then(|| view! { <p>{t.processing_days.replace("{}", &service.processing_days.to_string())}</p> })}
            {(!service.items.is_empty())
                .then(|| {
                    view! {
                        <h2>{items_heading}</h2>
                        {service
                            .items
                            .iter()
                            .map(|item| {
                                let id = format!("item-{}", item.code);
                                let heading_id = id.clone();
                                let bring = item.bring.get(lang).to_vec();
                                let fees = item.fees.get(lang).to_string();
                                let limit = item.limit.get(lang).to_string();
                                let note = item.note.get(lang).to_string();
                                let one_stop: Vec<String> = item
                                    .one_stop
                                    .iter()
                                    .map(|o| o.label.get(lang).to_string())
                                    .collect();
                                view! {
                                    <section class="card item" aria-labelledby=id>
                                        <h3 id=heading_id>{item.name.get(lang).to_string()}</h3>
                                        {(!bring.is_empty())
                                            .then(|| view! { <h4>{t.bring}</h4> {list(&bring)} })}
                                        <dl class="facts">
                                            {(!fees.is_empty())
                                                .then(|| view! { <dt>{t.fees}</dt> <dd>{fees}</dd> })}
                                            {(!limit.is_empty())
                                                .then(|| view! { <dt>{t.time_limit}</dt> <dd>{limit}</dd> })}
                                        </dl>
                                        {(!note.is_empty()).then(|| view! { <p>{note}</p> })}
                                        {(!one_stop.is_empty())
                                            .then(|| view! { <h4>{t.one_stop}</h4> {list(&one_stop)} })}
                                    </section>
                                }
                            })
                            .collect_view()}
                    }
                })}
            {if service.kind == ServiceKind::Appointment {
                Either::Left(view! {
                    <form method="post" action=format!("/book/{}/start", service.code)>
                        <button type="submit" class="primary">{t.start_booking}</button>
                    </form>
                })
            } else {
                Either::Right(view! {
                    <form method="post" action=format!("/apply/{}/start", service.code)>
                        <button type="submit" class="primary">{t.start_application}</button>
                    </form>
                })
            }}
        </Page>
    }
}
