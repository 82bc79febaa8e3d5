//! Looking a booking up with its reference and ID number (rate-limited per client, 429 past
//! the limit), and cancelling it: a GET that asks, a POST that does.

use super::AppState;
use super::booking::{read_form, render_with, to_draft};
use super::page_context::prefs_of;
use app::booking::lookup::{LookupBooking, LookupStage, LookupView};
use app::booking::ssr::{self as store, StoredBooking};
use app::dates::{format_date, format_minutes};
use app::error::{AppError, FieldError};
use app::i18n::Lang;
use app::notify::ssr::OutgoingMail;
use app::validate::NationalId;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
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
    }
}

/// The client's address: the proxy's X-Forwarded-For when configured to trust it.
fn client(state: &AppState, request: &Request) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    if !state.trust_forwarded_for {
        return peer;
    }
    request
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next_back())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(peer)
}

async fn shown(state: &AppState, b: &StoredBooking) -> Result<LookupBooking, AppError> {
    let office = state.office.office().await?;
    let service = state
        .services
        .service(&b.service)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let place = office
        .locations
        .iter()
        .find(|l| l.id == b.location_id)
        .map(|l| l.name.clone())
        .unwrap_or_default();
    Ok(LookupBooking {
        reference: b.reference.clone(),
        service,
        place,
        day: b.day,
        starts: b.starts,
        ends: b.ends,
        active: b.status == "booked",
        masked_id: b.masked_id.clone(),
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
    if !state.lookups.allow(client(&state, &request)) {
        tracing::warn!("lookup rate limit reached");
        let mut view = empty(LookupStage::Form);
        view.notice = Some(AppError::TooManyRequests.message(lang).to_string());
        return render_with(&state, request, view, StatusCode::TOO_MANY_REQUESTS).await;
    }
    let (request, form) = match read_form::<LookupForm>(request, 16 * 1024).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let mut view = empty(LookupStage::Form);
    view.reference = form.reference.trim().chars().take(20).collect();
    let reference = store::normalise_reference(&form.reference);
    if reference.is_none() {
        let message = if lang == Lang::ZhTw {
            "請輸入 10 碼的預約編號。"
        } else {
            "Enter the 10-character booking reference."
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
    match store::find(&state.pool, &state.data_key, &reference, &id).await {
        Ok(Some(found)) => match shown(&state, &found).await {
            Ok(booking) => {
                view.stage = LookupStage::Found;
                view.token = Some(store::cancel_token(
                    &state.data_key,
                    &booking.reference,
                    now() + TOKEN_SECONDS,
                ));
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

/// The booking a cancel page is about, when its token is good.
async fn proven(
    state: &AppState,
    reference: &str,
    token: &str,
) -> Result<Option<StoredBooking>, AppError> {
    let Some(reference) = store::normalise_reference(reference) else {
        return Ok(None);
    };
    if !store::cancel_token_valid(&state.data_key, &reference, token, now()) {
        return Ok(None);
    }
    store::find_by_reference(&state.pool, &state.data_key, &reference).await
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
                    view.notice = Some(lang.t().already_cancelled.to_string());
                }
                view.token = Some(form.token);
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
) -> Result<(Request, Lang, StoredBooking), Response> {
    let lang = prefs_of(request.headers()).lang;
    let (request, form) = read_form::<TokenForm>(request, 16 * 1024).await?;
    match proven(state, reference, &form.token).await {
        Ok(Some(found)) => Ok((request, lang, found)),
        Ok(None) => Err(render_with(state, request, expired(lang), StatusCode::FORBIDDEN).await),
        Err(e) => Err(internal(e)),
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
    view.notice = Some(lang.t().already_cancelled.to_string());
    view.booking = Some(booking);
    render_with(state, request, view, StatusCode::CONFLICT).await
}

/// POST /bookings/{reference}/cancel: cancels, gives the seat back, mails the holder.
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
    let mail = found.email.clone().map(|to| {
        let t = lang.t();
        OutgoingMail {
            kind: "booking_cancelled".into(),
            reference: Some(found.reference.clone()),
            to,
            subject: format!("{}：{}", t.cancel_booking, found.reference),
            body: format!(
                "{}\n\n{}: {}\n{}: {}\n{}: {} {}–{}\n{}: {}\n",
                t.cancelled,
                t.reference,
                found.reference,
                t.services.title,
                booking.service.get(lang),
                t.date_label,
                format_date(lang, found.day),
                format_minutes(found.starts),
                format_minutes(found.ends),
                t.id_label,
                found.masked_id
            ),
            attachment: None,
        }
    });
    match store::cancel(
        &state.pool,
        &state.data_key,
        &found.reference,
        mail.as_ref(),
        now(),
    )
    .await
    {
        Ok(true) => {
            tracing::info!(booking.reference = %found.reference, "booking cancelled");
            if mail.is_some() {
                state.mail_wake.notify_one();
            }
            let mut view = empty(LookupStage::Cancelled);
            view.booking = Some(LookupBooking {
                active: false,
                ..booking
            });
            render_with(&state, request, view, StatusCode::OK).await
        }
        Ok(false) => already_over(&state, request, booking, lang).await,
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
    if found.status != "booked" {
        return match shown(&state, &found).await {
            Ok(booking) => already_over(&state, request, booking, lang).await,
            Err(e) => internal(e),
        };
    }
    match store::create_change_draft(&state.pool, &state.data_key, &found.reference, now()).await {
        Ok(Some((service, token))) => to_draft(&state, &token, &format!("/book/{service}/day")),
        Ok(None) => render_with(&state, request, expired(lang), StatusCode::CONFLICT).await,
        Err(e) => internal(e),
    }
}
