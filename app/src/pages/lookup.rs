//! 查詢預約與申請: the lookup form, the booking or application found, the cancel confirmation (a GET that
//! changes nothing) and the result of the POST that cancels.

use crate::apply::status_label;
use crate::booking::lookup::{Found, LookupBooking, LookupStage, LookupView};
use crate::components::{ErrorSummary, Page, TextField};
use crate::dates::{format_date, format_minutes, iso_date};
use crate::i18n::Lang;
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
        filled_forms: Vec::new(),
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
    let application = booking.as_ref().is_some_and(|b| b.is_application());
    let token = view.token.clone().unwrap_or_default();
    view! {
        <Page path="/bookings/lookup">
            <ErrorSummary errors=view.errors.clone() />
            {view.notice.clone().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {booking.clone().map(|b| view! {
                <Facts booking=b.clone() lang />
                <crate::pages::forms::SurveyInvite reference=b.reference.clone() />
            })}
            <crate::pages::forms::FilledForms links=view.filled_forms.clone() />
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
                    let (hint, change, cancel) = if application {
                        (t.application_hint, t.change_application, t.withdraw_application)
                    } else {
                        (t.change_hint, t.change_booking, t.cancel_booking)
                    };
                    view! {
                        {active
                            .then(|| {
                                view! {
                                    <p>{hint}</p>
                                    <form method="post" action=format!("/bookings/{reference}/change")>
                                        <input type="hidden" name="token" value=token.clone() />
                                        <button type="submit" class="primary">{change}</button>
                                    </form>
                                    <p>
                                        <a
                                            class="button-link"
                                            href=format!("/bookings/{reference}/cancel?token={token}")
                                        >
                                            {cancel}
                                        </a>
                                    </p>
                                }
                            })}
                    }
                        .into_any()
                }
                LookupStage::ConfirmCancel => {
                    let reference = booking.as_ref().map(|b| b.reference.clone()).unwrap_or_default();
                    let (question, yes) = if application {
                        (t.withdraw_question, t.withdraw_yes)
                    } else {
                        (t.cancel_question, t.cancel_yes)
                    };
                    view! {
                        <p>{question}</p>
                        <form method="post" action=format!("/bookings/{reference}/cancel")>
                            <input type="hidden" name="token" value=token.clone() />
                            <button type="submit" class="danger">{yes}</button>
                        </form>
                        <p>
                            <a href="/">{t.cancel_no}</a>
                        </p>
                    }
                        .into_any()
                }
                LookupStage::Cancelled => {
                    view! { <p>{if application { t.withdrawn } else { t.cancelled }}</p> }.into_any()
                }
            }}
        </Page>
    }
}

/// What was found, as a list of facts.
#[component]
fn Facts(booking: LookupBooking, lang: Lang) -> impl IntoView {
    let t = lang.t();
    let b = booking;
    let when = match b.found.clone() {
        Found::Visit {
            place,
            day,
            starts,
            ends,
        } => view! {
            <dt>{t.date_label}</dt>
            <dd>
                <time datetime=iso_date(day)>{format_date(lang, day)}</time>
                " " {format_minutes(starts)} "–" {format_minutes(ends)}
            </dd>
            <dt>{t.place_label}</dt>
            <dd>{place.get(lang).to_string()}</dd>
            <dt>{t.status_label}</dt>
            <dd>{if b.active { t.status_active } else { t.status_inactive }}</dd>
        }
        .into_any(),
        Found::Application {
            status,
            submitted,
            due,
            pickup,
            history,
        } => view! {
            <dt>{t.submitted_label}</dt>
            <dd>
                <time datetime=iso_date(submitted)>{format_date(lang, submitted)}</time>
            </dd>
            <dt>{t.due_label}</dt>
            <dd>
                <time datetime=iso_date(due)>{format_date(lang, due)}</time>
            </dd>
            {pickup
                .map(|(place, day)| {
                    view! {
                        <dt>{t.pickup_label}</dt>
                        <dd>
                            <time datetime=iso_date(day)>{format_date(lang, day)}</time>
                            " " {place.get(lang).to_string()}
                        </dd>
                    }
                })}
            <dt>{t.status_label}</dt>
            <dd>
                {status_label(&status, lang)}
                <ol class="history">
                    {history
                        .into_iter()
                        .map(|e| {
                            let day = crate::dates::date_of_unix(e.at);
                            view! {
                                <li>
                                    <time datetime=iso_date(day)>{format_date(lang, day)}</time>
                                    " " {status_label(&e.status, lang)}
                                    {(!e.message.is_empty()).then(|| view! { "：" {e.message.clone()} })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </dd>
        }
        .into_any(),
    };
    view! {
        <dl class="facts">
            <dt>{t.reference}</dt>
            <dd class="reference-inline">{b.reference.clone()}</dd>
            <dt>{t.services.title}</dt>
            <dd>{b.service.get(lang).to_string()}</dd>
            <dt>{t.id_label}</dt>
            <dd>{b.masked_id.clone()}</dd>
            {when}
        </dl>
    }
}
