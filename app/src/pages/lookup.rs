//! 查詢或取消預約: the lookup form, the booking found, the cancel confirmation (a GET that
//! changes nothing) and the result of the POST that cancels.

use crate::booking::lookup::{LookupStage, LookupView};
use crate::components::{ErrorSummary, Page, TextField};
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
            <ErrorSummary errors=view.errors.clone() />
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
                            <TextField
                                name="reference"
                                label=t.reference
                                hint=t.reference_hint
                                value=view.reference.clone()
                                error=ref_error.clone()
                            />
                            <TextField name="id" label=t.id_label value=String::new() error=id_error.clone() />
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
