//! Looking a booking up with its reference and ID number (rate-limited per client, 429 past
//! the limit), and cancelling it: a GET that asks, a POST that does.

use super::AppState;
use super::booking::{read_form, render_with, to_draft};
use super::page_context::prefs_of;
use app::apply::ssr::{self as applications, StoredApplication};
use app::booking::lookup::{Found, LookupBooking, LookupStage, LookupView};
use app::booking::ssr::{self as store, StoredBooking};
use app::dates::{format_date, format_minutes};
use app::error::{AppError, FieldError};
use app::i18n::Lang;
use app::notify::ssr::OutgoingMail;
use app::validate::NationalId;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use time::OffsetDateTime;

const TOKEN_SECONDS: i64 = 30 * 60;

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn empty(stage: LookupStage) -> LookupView {
    LookupView {
        stage,
        reference: String::new(),
        errors: Vec::new(),
        notice: None,
        booking: None,
        token: None,
        filled_forms: Vec::new(),
    }
}

/// A booking or an application, as found by its reference.
enum Stored {
    Booking(StoredBooking),
    Application(StoredApplication),
}

impl Stored {
    fn reference(&self) -> &str {
        match self {
            Stored::Booking(b) => &b.reference,
            Stored::Application(a) => &a.reference,
        }
    }

    fn active(&self) -> bool {
        match self {
            Stored::Booking(b) => b.status == "booked",
            Stored::Application(a) => app::apply::can_withdraw(&a.status),
        }
    }
}

/// The booking or application with this reference; with an ID number, only if it is theirs.
async fn find(
    state: &AppState,
    reference: &str,
    id: Option<&NationalId>,
) -> Result<Option<Stored>, AppError> {
    let (pool, key) = (&state.pool, &state.data_key);
    let booking = match id {
        Some(id) => store::find(pool, key, reference, id).await?,
        None => store::find_by_reference(pool, key, reference).await?,
    };
    if let Some(b) = booking {
        return Ok(Some(Stored::Booking(b)));
    }
    let application = match id {
        Some(id) => applications::find(pool, key, reference, id).await?,
        None => applications::find_by_reference(pool, key, reference).await?,
    };
    Ok(application.map(Stored::Application))
}

async fn shown(state: &AppState, stored: &Stored) -> Result<LookupBooking, AppError> {
    let office = state.office.office().await?;
    let place_name = |id: &str| {
        office
            .locations
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.name.clone())
            .unwrap_or_default()
    };
    let history = match stored {
        Stored::Application(a) => {
            app::cases::ssr::history(&state.pool, &state.data_key, &a.reference).await?
        }
        Stored::Booking(_) => Vec::new(),
    };
    let (service, masked_id, found) = match stored {
        Stored::Booking(b) => (
            &b.service,
            &b.masked_id,
            Found::Visit {
                place: place_name(&b.location_id),
                day: b.day,
                starts: b.starts,
                ends: b.ends,
            },
        ),
        Stored::Application(a) => (
            &a.service,
            &a.masked_id,
            Found::Application {
                status: a.status.clone(),
                submitted: a.submitted,
                due: a.due,
                pickup: a
                    .location_id
                    .as_deref()
                    .zip(a.pickup_day)
                    .map(|(id, day)| (place_name(id), day)),
                history,
            },
        ),
    };
    Ok(LookupBooking {
        reference: stored.reference().to_string(),
        service: state
            .services
            .service(service)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        found,
        active: stored.active(),
        masked_id: masked_id.clone(),
    })
}

fn internal(e: AppError) -> Response {
    (e.status(), e.message(Lang::ZhTw)).into_response()
}

/// GET /bookings/lookup
pub async fn form(State(state): State<AppState>, request: Request) -> Response {
    render_with(&state, request, empty(LookupStage::Form), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct LookupForm {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    id: String,
}

/// POST /bookings/lookup
pub async fn lookup(State(state): State<AppState>, request: Request) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let request = match super::limited(&state, super::limits::Class::Lookup, request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let (request, form) = match read_form::<LookupForm>(request, 16 * 1024).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let mut view = empty(LookupStage::Form);
    view.reference = form.reference.trim().chars().take(20).collect();
    let reference = store::normalise_reference(&form.reference);
    if reference.is_none() {
        let message = if lang == Lang::ZhTw {
            "請輸入 10 碼的預約或申請編號。"
        } else {
            "Enter the 10-character reference."
        };
        view.errors.push(FieldError {
            field: "reference".into(),
            message: message.into(),
        });
    }
    let id = NationalId::parse(&form.id);
    if let Err(e) = &id {
        view.errors.push(FieldError {
            field: "id".into(),
            message: e.message(lang).into(),
        });
    }
    let (Some(reference), Ok(id)) = (reference, id) else {
        return render_with(&state, request, view, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match find(&state, &reference, Some(&id)).await {
        Ok(Some(found)) => match shown(&state, &found).await {
            Ok(booking) => {
                view.stage = LookupStage::Found;
                view.token = Some(store::cancel_token(
                    &state.data_key,
                    &booking.reference,
                    now() + TOKEN_SECONDS,
                ));
                if let Stored::Application(a) = &found {
                    let token = applications::form_token(
                        &state.data_key,
                        &a.reference,
                        now() + TOKEN_SECONDS,
                    );
                    view.filled_forms = app::paper::filled_links(
                        &a.service,
                        &a.reference,
                        &token,
                        state.pdf_font.is_some(),
                    );
                }
                view.booking = Some(booking);
                render_with(&state, request, view, StatusCode::OK).await
            }
            Err(e) => internal(e),
        },
        Ok(None) => {
            view.notice = Some(lang.t().lookup_not_found.to_string());
            render_with(&state, request, view, StatusCode::NOT_FOUND).await
        }
        Err(e) => internal(e),
    }
}

#[derive(Deserialize, Default)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
}

/// The booking or application a cancel page is about, when its token is good.
async fn proven(
    state: &AppState,
    reference: &str,
    token: &str,
) -> Result<Option<Stored>, AppError> {
    let Some(reference) = store::normalise_reference(reference) else {
        return Ok(None);
    };
    if !store::cancel_token_valid(&state.data_key, &reference, token, now()) {
        return Ok(None);
    }
    find(state, &reference, None).await
}

fn expired(lang: Lang) -> LookupView {
    let mut view = empty(LookupStage::Form);
    view.notice = Some(lang.t().link_expired.to_string());
    view
}

/// GET /bookings/{reference}/cancel?token=…: asks; changes nothing.
pub async fn confirm_cancel(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    Query(form): Query<TokenForm>,
    request: Request,
) -> Response {
    let lang = prefs_of(request.headers()).lang;
    match proven(&state, &reference, &form.token).await {
        Ok(Some(found)) => match shown(&state, &found).await {
            Ok(booking) => {
                let stage = if booking.active {
                    LookupStage::ConfirmCancel
                } else {
                    LookupStage::Found
                };
                let mut view = empty(stage);
                if !booking.active {
                    view.notice = Some(no_longer_active(&booking, lang).to_string());
                }
                view.token = Some(form.token);
                if let Stored::Application(a) = &found {
                    let token = applications::form_token(
                        &state.data_key,
                        &a.reference,
                        now() + TOKEN_SECONDS,
                    );
                    view.filled_forms = app::paper::filled_links(
                        &a.service,
                        &a.reference,
                        &token,
                        state.pdf_font.is_some(),
                    );
                }
                view.booking = Some(booking);
                render_with(&state, request, view, StatusCode::OK).await
            }
            Err(e) => internal(e),
        },
        Ok(None) => render_with(&state, request, expired(lang), StatusCode::FORBIDDEN).await,
        Err(e) => internal(e),
    }
}

/// The booking a cancel or change form was posted for, when the form's token holds; otherwise
/// the answer to give (403 for an expired or forged token).
async fn posted_booking(
    state: &AppState,
    reference: &str,
    request: Request,
) -> Result<(Request, Lang, Stored), Response> {
    let lang = prefs_of(request.headers()).lang;
    let (request, form) = read_form::<TokenForm>(request, 16 * 1024).await?;
    match proven(state, reference, &form.token).await {
        Ok(Some(found)) => Ok((request, lang, found)),
        Ok(None) => Err(render_with(state, request, expired(lang), StatusCode::FORBIDDEN).await),
        Err(e) => Err(internal(e)),
    }
}

fn no_longer_active(booking: &LookupBooking, lang: Lang) -> &'static str {
    if booking.is_application() {
        lang.t().cannot_change_application
    } else {
        lang.t().already_cancelled
    }
}

/// The booking is no longer active (cancelled meanwhile, or served): say so, 409.
async fn already_over(
    state: &AppState,
    request: Request,
    booking: LookupBooking,
    lang: Lang,
) -> Response {
    let mut view = empty(LookupStage::Found);
    view.notice = Some(no_longer_active(&booking, lang).to_string());
    view.booking = Some(booking);
    render_with(state, request, view, StatusCode::CONFLICT).await
}

/// POST /bookings/{reference}/cancel: cancels a booking (its seat goes back) or withdraws an
/// application, and mails the holder.
pub async fn cancel(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    request: Request,
) -> Response {
    let (request, lang, found) = match posted_booking(&state, &reference, request).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    let booking = match shown(&state, &found).await {
        Ok(b) => b,
        Err(e) => return internal(e),
    };
    let t = lang.t();
    let done = match &found {
        Stored::Booking(b) => {
            let mail = b.email.clone().map(|to| OutgoingMail {
                kind: "booking_cancelled".into(),
                reference: Some(b.reference.clone()),
                to,
                subject: format!("{}：{}", t.cancel_booking, b.reference),
                body: format!(
                    "{}\n\n{}: {}\n{}: {}\n{}: {} {}–{}\n{}: {}\n",
                    t.cancelled,
                    t.reference,
                    b.reference,
                    t.services.title,
                    booking.service.get(lang),
                    t.date_label,
                    format_date(lang, b.day),
                    format_minutes(b.starts),
                    format_minutes(b.ends),
                    t.id_label,
                    b.masked_id
                ),
                attachment: None,
            });
            store::cancel(
                &state.pool,
                &state.data_key,
                &b.reference,
                mail.as_ref(),
                now(),
            )
            .await
            .map(|done| (done, mail.is_some()))
        }
        Stored::Application(a) => {
            let mail = a.email.clone().map(|to| OutgoingMail {
                kind: "application_withdrawn".into(),
                reference: Some(a.reference.clone()),
                to,
                subject: format!("{}：{}", t.withdraw_application, a.reference),
                body: format!(
                    "{}\n\n{}: {}\n{}: {}\n{}: {}\n",
                    t.withdrawn,
                    t.reference,
                    a.reference,
                    t.services.title,
                    booking.service.get(lang),
                    t.id_label,
                    a.masked_id
                ),
                attachment: None,
            });
            applications::withdraw(
                &state.pool,
                &state.data_key,
                &a.reference,
                mail.as_ref(),
                now(),
            )
            .await
            .map(|done| (done, mail.is_some()))
        }
    };
    match done {
        Ok((true, mailed)) => {
            tracing::info!(reference = %found.reference(), "cancelled or withdrawn");
            if mailed {
                state.mail_wake.notify_one();
            }
            let mut view = empty(LookupStage::Cancelled);
            view.booking = Some(LookupBooking {
                active: false,
                ..booking
            });
            render_with(&state, request, view, StatusCode::OK).await
        }
        Ok((false, _)) => already_over(&state, request, booking, lang).await,
        Err(e) => internal(e),
    }
}

/// POST /bookings/{reference}/change: starts choosing a new time for the booking (nothing
/// changes until the new time is confirmed on the check page).
pub async fn change(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    request: Request,
) -> Response {
    let (request, lang, found) = match posted_booking(&state, &reference, request).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    if !found.active() {
        return match shown(&state, &found).await {
            Ok(booking) => already_over(&state, request, booking, lang).await,
            Err(e) => internal(e),
        };
    }
    let (pool, key) = (&state.pool, &state.data_key);
    let started = match &found {
        Stored::Booking(b) => store::create_change_draft(pool, key, &b.reference, now())
            .await
            .map(|d| {
                d.map(|(service, token)| to_draft(&state, &token, &format!("/book/{service}/day")))
            }),
        Stored::Application(a) => applications::create_change_draft(pool, key, &a.reference, now())
            .await
            .map(|d| {
                d.map(|(service, token)| {
                    super::apply::to_draft(&state, &token, &format!("/apply/{service}/check"))
                })
            }),
    };
    match started {
        Ok(Some(response)) => response,
        Ok(None) => render_with(&state, request, expired(lang), StatusCode::CONFLICT).await,
        Err(e) => internal(e),
    }
}
