//! 查詢或取消預約: the lookup form, the booking found, the cancel confirmation (a GET that
//! changes nothing) and the result of the POST that cancels.

use crate::booking::lookup::{LookupStage, LookupView};
use crate::components::Page;
use crate::dates::{format_date, format_minutes, iso_date};
use crate::site::{from_request, page_context};
use leptos::prelude::*;

#[component]
pub fn LookupPage() -> impl IntoView {
    let view = from_request::<LookupView>().unwrap_or(LookupView {
        stage: LookupStage::Form,
        reference: String::new(),
        errors: Vec::new(),
        notice: None,
        booking: None,
        token: None,
    });
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let err = |field: &str| {
        view.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let (ref_error, id_error) = (err("reference"), err("id"));
    let booking = view.booking.clone();
    let token = view.token.clone().unwrap_or_default();
    view! {
        <Page path="/bookings/lookup">
            {(!view.errors.is_empty())
                .then(|| {
                    view! {
                        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                            <h2 id="error-summary-title">{t.error_summary}</h2>
                            <ul>
                                {view
                                    .errors
                                    .iter()
                                    .map(|e| view! { <li><a href=format!("#field-{}", e.field)>{e.message.clone()}</a></li> })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })}
            {view.notice.clone().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {booking
                .clone()
                .map(|b| {
                    view! {
                        <dl class="facts">
                            <dt>{t.reference}</dt>
                            <dd class="reference-inline">{b.reference.clone()}</dd>
                            <dt>{t.services.title}</dt>
                            <dd>{b.service.get(lang).to_string()}</dd>
                            <dt>{t.date_label}</dt>
                            <dd>
                                <time datetime=iso_date(b.day)>{format_date(lang, b.day)}</time>
                                " " {format_minutes(b.starts)} "–" {format_minutes(b.ends)}
                            </dd>
                            <dt>{t.place_label}</dt>
                            <dd>{b.place.get(lang).to_string()}</dd>
                            <dt>{t.id_label}</dt>
                            <dd>{b.masked_id.clone()}</dd>
                            <dt>{t.status_label}</dt>
                            <dd>{if b.active { t.status_active } else { t.status_inactive }}</dd>
                        </dl>
                    }
                })}
            {match view.stage {
                LookupStage::Form => {
                    view! {
                        <form method="post" action="/bookings/lookup" class="question" novalidate>
                            <div class="field" class:field-error=ref_error.is_some()>
                                <label for="field-reference">{t.reference}</label>
                                <p class="hint" id="field-reference-hint">{t.reference_hint}</p>
                                {ref_error.clone().map(|e| view! { <p class="error">{e}</p> })}
                                <input
                                    type="text"
                                    id="field-reference"
                                    name="reference"
                                    value=view.reference.clone()
                                    autocomplete="off"
                                    aria-describedby="field-reference-hint"
                                    aria-invalid=ref_error.is_some().then_some("true")
                                />
                            </div>
                            <div class="field" class:field-error=id_error.is_some()>
                                <label for="field-id">{t.id_label}</label>
                                {id_error.clone().map(|e| view! { <p class="error">{e}</p> })}
                                <input
                                    type="text"
                                    id="field-id"
                                    name="id"
                                    autocomplete="off"
                                    aria-invalid=id_error.is_some().then_some("true")
                                />
                            </div>
                            <button type="submit" class="primary">{t.lookup_button}</button>
                        </form>
                    }
                        .into_any()
                }
                LookupStage::Found => {
                    let active = booking.as_ref().is_some_and(|b| b.active);
                    let reference = booking.as_ref().map(|b| b.reference.clone()).unwrap_or_default();
                    view! {
                        {active
                            .then(|| {
                                view! {
                                    <p>{t.change_hint}</p>
                                    <form method="post" action=format!("/bookings/{reference}/change")>
                                        <input type="hidden" name="token" value=token.clone() />
                                        <button type="submit" class="primary">{t.change_booking}</button>
                                    </form>
                                    <p>
                                        <a
                                            class="button-link"
                                            href=format!("/bookings/{reference}/cancel?token={token}")
                                        >
                                            {t.cancel_booking}
                                        </a>
                                    </p>
                                }
                            })}
                    }
                        .into_any()
                }
                LookupStage::ConfirmCancel => {
                    let reference = booking.as_ref().map(|b| b.reference.clone()).unwrap_or_default();
                    view! {
                        <p>{t.cancel_question}</p>
                        <form method="post" action=format!("/bookings/{reference}/cancel")>
                            <input type="hidden" name="token" value=token.clone() />
                            <button type="submit" class="danger">{t.cancel_yes}</button>
                        </form>
                        <p>
                            <a href="/">{t.cancel_no}</a>
                        </p>
                    }
                        .into_any()
                }
                LookupStage::Cancelled => view! { <p>{t.cancelled}</p> }.into_any(),
            }}
        </Page>
    }
}
