//! The public queue pages: the kiosk (walk-ins take a number, no personal data) and the call
//! display of each service point.

use super::AppState;
use super::booking::render_with;
use app::dates::TAIPEI;
use app::error::AppError;
use app::i18n::Lang;
use app::office::{CounterKind, Location};
use app::queue::ssr as queue;
use app::queue::{QueueView, TicketKind};
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

fn today() -> time::Date {
    OffsetDateTime::now_utc().to_offset(TAIPEI).date()
}

fn internal(error: AppError) -> Response {
    (error.status(), error.message(Lang::ZhTw)).into_response()
}

/// A location that has counters (the kiosk and the display mean nothing elsewhere).
async fn location(state: &AppState, id: &str) -> Result<Option<Location>, AppError> {
    Ok(super::location(state, id).await?.filter(|l| {
        l.counters
            .iter()
            .any(|c| c.kind != CounterKind::InformationDesk)
    }))
}

async fn queue_view(
    state: &AppState,
    place: &Location,
    ticket: Option<&str>,
) -> Result<QueueView, AppError> {
    let tickets = queue::tickets(&state.pool, &place.id, today()).await?;
    let open = queue::open_counters(&state.pool, &place.id).await?;
    let waiting = tickets.iter().filter(|t| t.status == "waiting").count() as i64;
    let taken = ticket
        .and_then(|id| tickets.iter().find(|t| t.id == id))
        .map(|t| {
            let ahead = tickets
                .iter()
                .filter(|o| o.status == "waiting" && o.issued_at <= t.issued_at && o.id != t.id)
                .count() as i64;
            (t.number.clone(), ahead)
        });
    let counters = place
        .counters
        .iter()
        .filter(|c| open.contains(&c.id))
        .map(|c| {
            let number = tickets
                .iter()
                .filter(|t| {
                    t.counter_id.as_deref() == Some(c.id.as_str())
                        && (t.status == "called" || t.status == "serving")
                })
                .map(|t| t.number.clone())
                .next();
            (c.name.clone(), number)
        })
        .collect();
    Ok(QueueView {
        place_id: place.id.clone(),
        place: place.name.clone(),
        ticket: taken,
        counters,
        waiting,
        kiosk: false,
    })
}

const KIOSK_COOKIE: &str = "kiosk";

/// What a request shows of being a kiosk: its client and its device cookie (read before any
/// await, since a request's body is not `Sync`).
fn kiosk_claim(state: &AppState, request: &Request) -> (super::client::Client, Option<String>) {
    let client = super::client::of(
        &state.trusted_proxies,
        request.extensions(),
        request.headers(),
    );
    (
        client,
        super::hex_cookie(request.headers(), KIOSK_COOKIE, 64),
    )
}

/// Which kiosk a claim is, as the key of its ticket budget: an address the office listed
/// (`PORTAL_KIOSK_ADDRESSES`) or an enrolled device; `None` for anyone else.
async fn kiosk_of(
    state: &AppState,
    place: &Location,
    (client, token): (super::client::Client, Option<String>),
) -> Result<Option<String>, AppError> {
    if state.kiosk_addresses.contains(client.0) {
        return Ok(Some(format!("address {}", client.key())));
    }
    let Some(token) = token else {
        return Ok(None);
    };
    Ok(queue::kiosk_of(&state.pool, &place.id, &token)
        .await?
        .map(|id| format!("device {id}")))
}

/// After a supervisor enrolled this device: its token in a long-lived cookie only the kiosk
/// pages see, and on to the kiosk.
pub fn to_enrolled_kiosk(state: &AppState, place: &str, token: &str) -> Response {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{KIOSK_COOKIE}={token}; Path=/kiosk; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        5 * 365 * 24 * 60 * 60
    );
    let mut response = Redirect::to(&format!("/kiosk/{place}")).into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize, Default)]
pub struct TicketQuery {
    #[serde(default)]
    ticket: String,
}

/// GET /kiosk/{location}
pub async fn kiosk(
    State(state): State<AppState>,
    Path(place): Path<String>,
    Query(query): Query<TicketQuery>,
    request: Request,
) -> Response {
    let place = match location(&state, &place).await {
        Ok(Some(place)) => place,
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    };
    let ticket = Some(query.ticket.as_str())
        .filter(|t| t.len() == 32 && t.chars().all(|c| c.is_ascii_hexdigit()));
    let kiosk = match kiosk_of(&state, &place, kiosk_claim(&state, &request)).await {
        Ok(kiosk) => kiosk.is_some(),
        Err(e) => return internal(e),
    };
    match queue_view(&state, &place, ticket).await {
        Ok(v) => render_with(&state, request, QueueView { kiosk, ..v }, StatusCode::OK).await,
        Err(e) => internal(e),
    }
}

#[derive(Deserialize, Default)]
pub struct KindForm {
    #[serde(default)]
    kind: String,
}

/// POST /kiosk/{location}: a walk-in number for what they came for, then back to the kiosk
/// page showing it.
pub async fn take(
    State(state): State<AppState>,
    Path(place): Path<String>,
    request: Request,
) -> Response {
    let (request, form) = match super::booking::read_form::<KindForm>(request, 1024).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    // An unknown or missing choice counts as "something else": a ticket is never refused.
    let kind = app::queue::WALK_IN_KINDS
        .iter()
        .find(|(code, _, _)| *code == form.kind)
        .map_or("other", |(code, _, _)| *code);
    let place = match location(&state, &place).await {
        Ok(Some(place)) => place,
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    };
    // Only the office's kiosks give out numbers, each at a bounded rate: a script elsewhere
    // cannot fill the waiting room's queue.
    let device = match kiosk_of(&state, &place, kiosk_claim(&state, &request)).await {
        Ok(Some(device)) => device,
        Ok(None) => {
            tracing::warn!(location = %place.id, "ticket refused: not a kiosk");
            return match queue_view(&state, &place, None).await {
                Ok(v) => render_with(&state, request, v, StatusCode::FORBIDDEN).await,
                Err(e) => internal(e),
            };
        }
        Err(e) => return internal(e),
    };
    if let Err(refused) = state
        .limits
        .check_key(super::limits::Class::Ticket, &device)
        .await
    {
        return super::too_many(&state, request, refused).await;
    }
    let now = OffsetDateTime::now_utc().unix_timestamp();
    match queue::issue(
        &state.pool,
        &place.id,
        today(),
        TicketKind::WalkIn,
        Some(kind),
        now,
    )
    .await
    {
        Ok(ticket) => {
            Redirect::to(&format!("/kiosk/{}?ticket={}", place.id, ticket.id)).into_response()
        }
        Err(queue::QueueError::App(e)) => internal(e),
        Err(_) => StatusCode::CONFLICT.into_response(),
    }
}

/// GET /display/{location}
pub async fn display(
    State(state): State<AppState>,
    Path(place): Path<String>,
    request: Request,
) -> Response {
    if place.ends_with(".json") {
        let headers = request.headers().clone();
        return display_json(State(state), Path(place), headers).await;
    }
    let place = match location(&state, &place).await {
        Ok(Some(place)) => place,
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    };
    match queue_view(&state, &place, None).await {
        Ok(v) => render_with(&state, request, v, StatusCode::OK).await,
        Err(e) => internal(e),
    }
}

/// GET /display/{location}.json: the display's numbers, for the live island.
async fn display_json(
    State(state): State<AppState>,
    Path(place): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    let lang = super::page_context::prefs_of(&headers).lang;
    let Some(place) = place.strip_suffix(".json") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let place = match location(&state, place).await {
        Ok(Some(place)) => place,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return internal(e),
    };
    match queue_view(&state, &place, None).await {
        Ok(v) => (
            [(axum::http::header::CACHE_CONTROL, "no-store")],
            axum::Json(app::pages::queue::display_state(&v, lang)),
        )
            .into_response(),
        Err(e) => internal(e),
    }
}
