//! The staff pages over HTTP. Every handler checks the session and the role at the server, and
//! every state-changing POST checks the session's CSRF token, before anything else happens.
//! The session cookie is HttpOnly, SameSite=Strict and only sent to /staff.

use super::AppState;
use super::booking::{read_form, render_with};
use super::page_context::prefs_of;
use app::dates::{TAIPEI, format_date};
use app::error::{AppError, FieldError};
use app::i18n::Lang;
use app::office::{CounterKind, Location};
use app::queue::TicketKind;
use app::queue::ssr::{self as queue, QueueError};
use app::staff::ssr::{self as accounts, Login};
use app::staff::{BoardView, CounterState, Role, StaffPage, StaffUser, StaffView};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use time::OffsetDateTime;

const COOKIE: &str = "staff";

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn today() -> time::Date {
    OffsetDateTime::now_utc().to_offset(TAIPEI).date()
}

fn now_minutes() -> u16 {
    let t = OffsetDateTime::now_utc().to_offset(TAIPEI);
    u16::from(t.hour()) * 60 + u16::from(t.minute())
}

fn internal(error: AppError) -> Response {
    (error.status(), error.message(Lang::ZhTw)).into_response()
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    super::hex_cookie(headers, COOKIE, 64)
}

fn cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/staff; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    ))
    .unwrap_or(HeaderValue::from_static(""))
}

/// The request, pointed at another page's address, to render that page for it (a POST's
/// answer shown on the page it came from).
pub(super) fn at(request: Request, path: &str) -> Request {
    let (mut parts, body) = request.into_parts();
    if let Ok(uri) = path.parse() {
        parts.uri = uri;
    }
    Request::from_parts(parts, body)
}

/// Equal strings, compared in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub(super) fn view(user: Option<StaffUser>, page: StaffPage) -> StaffView {
    StaffView {
        user,
        notice: None,
        errors: Vec::new(),
        page,
    }
}

/// To the sign-in page, coming back to this address after.
fn to_login(uri: &axum::http::Uri) -> Response {
    let next = uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/staff".into());
    let location = format!(
        "/staff/login?next={}",
        serde_urlencoded::to_string([("", next)])
            .unwrap_or_default()
            .trim_start_matches('=')
    );
    Redirect::to(&location).into_response()
}

/// The signed-in staff member, or the way to the sign-in page (303, coming back here after).
pub(super) async fn signed_in(
    state: &AppState,
    request: Request,
) -> Result<(Request, String, StaffUser), Response> {
    let token = session_token(request.headers());
    let user = match &token {
        Some(t) => accounts::session(&state.pool, t, now())
            .await
            .map_err(internal)?,
        None => None,
    };
    match (token, user) {
        (Some(token), Some(user)) => Ok((request, token, user)),
        _ => Err(to_login(request.uri())),
    }
}

/// `signed_in` with at least `role`; any other role gets a 403 page.
async fn require_page(
    state: &AppState,
    request: Request,
    role: Role,
) -> Result<(Request, String, StaffUser), Response> {
    let (request, token, user) = signed_in(state, request).await?;
    if !user.role.allows(role) {
        tracing::warn!(staff = %user.username, needed = role.code(), "staff page refused for role");
        let lang = prefs_of(request.headers()).lang;
        let mut v = view(Some(user), StaffPage::Home { places: Vec::new() });
        v.notice = Some(lang.t().staff.forbidden_role.to_string());
        return Err(render_with(state, at(request, "/staff"), v, StatusCode::FORBIDDEN).await);
    }
    Ok((request, token, user))
}

/// A state-changing form: the session with `role`, the form's fields, and its CSRF token checked.
async fn posted(
    state: &AppState,
    request: Request,
    role: Role,
) -> Result<(Request, String, StaffUser, HashMap<String, String>), Response> {
    let (request, token, user) = require_page(state, request, role).await?;
    let (request, user, form) = checked_form(state, request, user).await?;
    Ok((request, token, user, form))
}

/// A state-changing form any signed-in staff member may send: the session, the form's fields,
/// and its CSRF token checked.
pub(super) async fn signed_in_form(
    state: &AppState,
    request: Request,
) -> Result<(Request, StaffUser, HashMap<String, String>), Response> {
    let (request, _, user) = signed_in(state, request).await?;
    checked_form(state, request, user).await
}

/// The fields of a staff form whose CSRF token is the session's; otherwise the 403 page.
/// The largest staff form is a content item: its two bodies hold 100,000 bytes of UTF-8 in
/// all, each byte up to three when percent-encoded, beside a few short fields.
const STAFF_FORM_LIMIT: usize = 3 * 100_000 + 64 * 1024;

pub(super) async fn checked_form(
    state: &AppState,
    request: Request,
    user: StaffUser,
) -> Result<(Request, StaffUser, HashMap<String, String>), Response> {
    let (request, form) = read_form::<HashMap<String, String>>(request, STAFF_FORM_LIMIT).await?;
    if !form.get("csrf").is_some_and(|c| same(c, &user.csrf)) {
        tracing::warn!(staff = %user.username, "staff form refused: CSRF token missing or wrong");
        let lang = prefs_of(request.headers()).lang;
        let mut v = view(Some(user), StaffPage::Home { places: Vec::new() });
        v.notice = Some(lang.t().staff.csrf_failed.to_string());
        return Err(render_with(state, at(request, "/staff"), v, StatusCode::FORBIDDEN).await);
    }
    Ok((request, user, form))
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

fn safe_next(next: &str) -> String {
    app::site::safe_local_path(next)
        .filter(|p| app::site::is_staff(p.split('?').next().unwrap_or("")))
        .unwrap_or("/staff")
        .to_string()
}

/// GET /staff/login
pub async fn login_form(
    State(state): State<AppState>,
    Query(query): Query<NextQuery>,
    request: Request,
) -> Response {
    let v = view(
        None,
        StaffPage::Login {
            username: String::new(),
            next: safe_next(&query.next),
        },
    );
    render_with(&state, request, v, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// POST /staff/login
pub async fn login(State(state): State<AppState>, request: Request) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let s = lang.t().staff;
    let who = super::client::of(
        &state.trusted_proxies,
        request.extensions(),
        request.headers(),
    );
    let request = match super::limited(&state, super::limits::Class::SignIn, request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let (request, form) = match read_form::<LoginForm>(request, 8 * 1024).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let username = form.username.trim().to_lowercase();
    let next = safe_next(&form.next);
    let again = |message: &str, field: &str| {
        let mut v = view(
            None,
            StaffPage::Login {
                username: username.chars().take(32).collect(),
                next: next.clone(),
            },
        );
        v.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
        v
    };
    if !accounts::valid_username(&username)
        || form.password.is_empty()
        || form.password.len() > 1024
    {
        return render_with(
            &state,
            request,
            again(s.wrong_login, "username"),
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
    // Failures count per account and client: a stranger guessing cannot make a colleague wait.
    let bucket = state
        .data_key
        .lookup_hash("sign-in", &format!("{username}|{}", who.key()));
    match accounts::login(&state.pool, &username, &form.password, &bucket, now()).await {
        Ok(Login::Ok(token, user)) => {
            tracing::info!(staff = %user.username, "staff signed in");
            let mut response = Redirect::to(&next).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                cookie(&state, &token, accounts::SESSION_SECONDS),
            );
            response
        }
        Ok(Login::Refused) => {
            render_with(
                &state,
                request,
                again(s.wrong_login, "username"),
                StatusCode::UNAUTHORIZED,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

/// POST /staff/logout
pub async fn logout(State(state): State<AppState>, request: Request) -> Response {
    // Every role may sign out.
    let (request, token, user) = match signed_in(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    if let Err(response) = checked_form(&state, request, user).await {
        return response;
    }
    if let Err(e) = accounts::logout(&state.pool, &token, now()).await {
        return internal(e);
    }
    let mut response = Redirect::to("/staff/login").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookie(&state, "", 0));
    response
}

/// GET /staff: the service points, with how many wait at each.
pub async fn home(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user) = match signed_in(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let office = match state.office.office().await {
        Ok(o) => o,
        Err(e) => return internal(e),
    };
    let mut places = Vec::new();
    for l in &office.locations {
        let waiting = queue::waiting_count(&state.pool, &l.id, today())
            .await
            .unwrap_or(0);
        places.push((l.id.clone(), l.name.clone(), waiting));
    }
    let lang = prefs_of(request.headers()).lang;
    let notice = match attention(&state, &user, lang).await {
        Ok(n) => n,
        Err(e) => return internal(e),
    };
    let mut v = view(Some(user), StaffPage::Home { places });
    v.notice = notice;
    render_with(&state, request, v, StatusCode::OK).await
}

/// What needs a supervisor's or reviewer's attention: petitions near due or overdue, and
/// suggestions awaiting the review group.
async fn attention(
    state: &AppState,
    user: &StaffUser,
    lang: Lang,
) -> Result<Option<String>, AppError> {
    let mut lines = Vec::new();
    if user.role.allows(Role::Supervisor) {
        let calendar = state.office.calendar().await?;
        let (near, over) =
            app::petitions::ssr::flag_counts(&state.pool, &calendar, today()).await?;
        if near + over > 0 {
            lines.push(
                lang.t()
                    .mailbox
                    .flags_notice
                    .replace("{near}", &near.to_string())
                    .replace("{over}", &over.to_string()),
            );
        }
    }
    if user.reviews() {
        let waiting = app::suggestions::ssr::awaiting(&state.pool).await?;
        if waiting > 0 {
            lines.push(
                lang.t()
                    .suggestions
                    .waiting_notice
                    .replace("{}", &waiting.to_string()),
            );
        }
    }
    Ok((!lines.is_empty()).then(|| lines.join(" ")))
}

/// GET /staff/password
pub async fn password_form(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user) = match signed_in(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    render_with(
        &state,
        request,
        view(Some(user), StaffPage::Password),
        StatusCode::OK,
    )
    .await
}

/// POST /staff/password
pub async fn password(State(state): State<AppState>, request: Request) -> Response {
    let (request, token, user) = match signed_in(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let (request, user, form) = match checked_form(&state, request, user).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let s = lang.t().staff;
    let current = form.get("current").map(String::as_str).unwrap_or("");
    let new = form.get("new").map(String::as_str).unwrap_or("");
    let mut v = view(Some(user.clone()), StaffPage::Password);
    if let Some(problem) = app::staff::password_problem(new, &user.username, lang) {
        v.errors.push(FieldError {
            field: "new".into(),
            message: problem.into(),
        });
        return render_with(&state, request, v, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match accounts::change_password(&state.pool, &user, current, new, &token, now()).await {
        Ok(true) => {
            v.notice = Some(s.password_changed.to_string());
            render_with(&state, request, v, StatusCode::OK).await
        }
        Ok(false) => {
            v.errors.push(FieldError {
                field: "current".into(),
                message: s.wrong_current_password.into(),
            });
            render_with(&state, request, v, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => internal(e),
    }
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    page: i64,
}

/// GET /staff/audit (admins)
pub async fn audit(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Admin).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let offset = query.page.clamp(0, 10_000) * 100;
    match accounts::audit_entries(&state.pool, 100, offset).await {
        Ok(entries) => {
            render_with(
                &state,
                request,
                view(Some(user), StaffPage::Audit { entries }),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

/// Coming bookings of one holder at a service point from which the board flags them.
const SUSPICIOUS_AT_LEAST: i64 = 3;

async fn board_view(
    state: &AppState,
    place: &Location,
    user: &StaffUser,
    filters: (Option<String>, Option<String>),
) -> Result<BoardView, AppError> {
    let (counter_filter, service_filter) = filters;
    let day = today();
    let tickets = queue::tickets(&state.pool, &place.id, day).await?;
    let open = queue::open_counters(&state.pool, &place.id).await?;
    let waiting = tickets.iter().filter(|t| t.status == "waiting").count() as i64;
    let counters = place
        .counters
        .iter()
        .filter(|c| c.kind != CounterKind::InformationDesk)
        .map(|c| CounterState {
            id: c.id.clone(),
            name: c.name.clone(),
            kind: c.kind,
            open: open.contains(&c.id),
            current: tickets
                .iter()
                .find(|t| {
                    t.counter_id.as_deref() == Some(c.id.as_str())
                        && (t.status == "called" || t.status == "serving")
                })
                .cloned(),
        })
        .collect();
    let mut appointments = queue::board(
        &state.pool,
        &state.data_key,
        &place.id,
        day,
        &user.id,
        now(),
    )
    .await?;
    if let Some(service) = &service_filter {
        appointments.retain(|a| &a.service == service);
    }
    let tickets = match &counter_filter {
        Some(counter) => tickets
            .into_iter()
            .filter(|t| t.counter_id.as_deref() == Some(counter.as_str()))
            .collect(),
        None => tickets,
    };
    let threshold = state.call_rules.alert_waiting;
    Ok(BoardView {
        place_id: place.id.clone(),
        place: place.name.clone(),
        day,
        appointments,
        tickets,
        counters,
        waiting,
        alert_over: (waiting > i64::from(threshold)).then_some(threshold),
        counter_filter,
        service_filter,
        kiosks: if user.role.allows(Role::Supervisor) {
            Some(queue::kiosks(&state.pool, &place.id).await?)
        } else {
            None
        },
        suspicious: if user.role.allows(Role::Supervisor) {
            app::booking::ssr::suspicious(&state.pool, &place.id, day, SUSPICIOUS_AT_LEAST).await?
        } else {
            Vec::new()
        },
    })
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
    #[serde(default)]
    n: String,
    #[serde(default)]
    counter: String,
    #[serde(default)]
    service: String,
}

/// GET /staff/board/{location}
pub async fn board(
    State(state): State<AppState>,
    Path(place): Path<String>,
    Query(done): Query<DoneQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Clerk).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let s = lang.t().staff;
    let place = match super::location(&state, &place).await {
        Ok(Some(place)) => place,
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    };
    let n: String = done
        .n
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(8)
        .collect();
    let notice = match done.done.as_str() {
        "checked_in" => Some(s.checked_in.replace("{}", &n)),
        "entered" => Some(s.entered.replace("{}", &n)),
        "called" => Some(s.called.replace("{}", &n)),
        "no_shows" => Some(s.no_shows_marked.replace("{}", &n)),
        "kiosk_revoked" => Some(s.kiosk_revoked.to_string()),
        "cancelled_group" => Some(s.cancelled_group.replace("{}", &n)),
        _ => None,
    };
    // Only filters that name a real counter or service are applied.
    let counter = place
        .counters
        .iter()
        .find(|c| c.id == done.counter)
        .map(|c| c.id.clone());
    let service = state
        .services
        .service(&done.service)
        .map(|s| s.code.clone());
    match board_view(&state, &place, &user, (counter, service)).await {
        Ok(b) => {
            let mut v = view(Some(user), StaffPage::Board(Box::new(b)));
            v.notice = notice;
            render_with(&state, request, v, StatusCode::OK).await
        }
        Err(e) => internal(e),
    }
}

/// The board again with a message, after an action that could not be done (4xx).
async fn board_refusal(
    state: &AppState,
    request: Request,
    place: &Location,
    user: StaffUser,
    message: String,
    field: Option<&str>,
    status: StatusCode,
) -> Response {
    match board_view(state, place, &user, (None, None)).await {
        Ok(b) => {
            let mut v = view(Some(user), StaffPage::Board(Box::new(b)));
            match field {
                Some(field) => v.errors.push(FieldError {
                    field: field.into(),
                    message,
                }),
                None => v.notice = Some(message),
            }
            let path = format!("/staff/board/{}", place.id);
            render_with(state, at(request, &path), v, status).await
        }
        Err(e) => internal(e),
    }
}

fn queue_message(error: &QueueError, lang: Lang) -> (String, StatusCode) {
    let s = lang.t().staff;
    match error {
        QueueError::UnknownReference => (s.unknown_reference.into(), StatusCode::NOT_FOUND),
        QueueError::OtherDay(day) => (
            s.other_day.replace("{}", &format_date(lang, *day)),
            StatusCode::CONFLICT,
        ),
        QueueError::OtherPlace => (s.other_place.into(), StatusCode::CONFLICT),
        QueueError::Cancelled => (s.booking_cancelled.into(), StatusCode::CONFLICT),
        QueueError::AlreadyCheckedIn(n) => {
            (s.already_checked_in.replace("{}", n), StatusCode::CONFLICT)
        }
        QueueError::CounterClosed => (s.counter_closed_error.into(), StatusCode::CONFLICT),
        QueueError::CounterOpen => (s.counter_already_open.into(), StatusCode::CONFLICT),
        QueueError::CounterBusy(n) => (s.counter_busy.replace("{}", n), StatusCode::CONFLICT),
        QueueError::NobodyWaiting => (s.nobody_waiting.into(), StatusCode::CONFLICT),
        QueueError::Stale => (s.stale_ticket.into(), StatusCode::CONFLICT),
        QueueError::App(_) => (String::new(), StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn back(place: &str, done: &str, n: &str) -> Response {
    Redirect::to(&format!("/staff/board/{place}?done={done}&n={n}")).into_response()
}

/// POST /staff/board/{location}/{action}: check-in, enter, open, close, call, advance, no-shows.
pub async fn act(
    State(state): State<AppState>,
    Path((place, action)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (request, _, user, form) = match posted(&state, request, Role::Clerk).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let place = match super::location(&state, &place).await {
        Ok(Some(place)) => place,
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    };
    let field = |name: &str| {
        form.get(name)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let counter = field("counter");
    let known_counter = place.counters.iter().find(|c| c.id == counter).cloned();
    let (pool, day, at) = (&state.pool, today(), now());
    let result: Result<Response, QueueError> = match action.as_str() {
        "check-in" => match app::booking::ssr::normalise_reference(&field("reference")) {
            Some(reference) => queue::check_in(pool, &place.id, day, &reference, &user.id, at)
                .await
                .map(|t| back(&place.id, "checked_in", &t.number)),
            None => Err(QueueError::UnknownReference),
        },
        "enter" => match TicketKind::from_code(&field("kind")) {
            Some(kind @ (TicketKind::Priority | TicketKind::Private)) => {
                queue::issue(pool, &place.id, day, kind, None, at)
                    .await
                    .map(|t| back(&place.id, "entered", &t.number))
            }
            _ => Err(QueueError::Stale),
        },
        "open" => match known_counter {
            Some(c) if c.kind == CounterKind::InformationDesk => Err(QueueError::CounterClosed),
            Some(c) => {
                let waiting = queue::waiting_count(pool, &place.id, day)
                    .await
                    .unwrap_or(0);
                if c.kind == CounterKind::Mobile
                    && waiting <= i64::from(state.call_rules.alert_waiting)
                    && !user.role.allows(Role::Supervisor)
                {
                    // The mobile counter opens when the queue is long, or on a supervisor's word.
                    let n = state.call_rules.alert_waiting.to_string();
                    return board_refusal(
                        &state,
                        request,
                        &place,
                        user,
                        lang.t().staff.mobile_not_needed.replace("{}", &n),
                        None,
                        StatusCode::CONFLICT,
                    )
                    .await;
                } else {
                    queue::open_counter(pool, &place.id, &c.id, &user.id, at)
                        .await
                        .map(|()| back(&place.id, "opened", ""))
                }
            }
            None => Err(QueueError::CounterClosed),
        },
        "close" => queue::close_counter(pool, &place.id, &counter, &user.id, at)
            .await
            .map(|()| back(&place.id, "closed", "")),
        "call" => match known_counter {
            Some(c) => queue::call_next(
                pool,
                &state.call_rules,
                &place,
                &c.id,
                &user.id,
                day,
                now_minutes(),
                at,
            )
            .await
            .map(|t| back(&place.id, "called", &t.number)),
            None => Err(QueueError::CounterClosed),
        },
        "advance" => queue::advance(pool, &field("ticket"), &field("to"), &user.id, at)
            .await
            .map(|()| back(&place.id, "advanced", "")),
        "no-shows" => {
            // Appointments more than the grace time late (the booking rules' grace) are missed.
            let grace = state
                .services
                .services
                .iter()
                .map(|s| s.rules.grace_minutes)
                .max()
                .unwrap_or(15);
            let before = now_minutes().saturating_sub(grace);
            queue::mark_no_shows(pool, &place.id, day, before, &user.id, at)
                .await
                .map(|n| back(&place.id, "no_shows", &n.to_string()))
                .map_err(QueueError::App)
        }
        "kiosk-enroll" | "kiosk-revoke" | "cancel-group" if !user.role.allows(Role::Supervisor) => {
            return board_refusal(
                &state,
                request,
                &place,
                user,
                AppError::Forbidden.message(lang).to_string(),
                None,
                StatusCode::FORBIDDEN,
            )
            .await;
        }
        "kiosk-enroll" => queue::enroll_kiosk(pool, &place.id, &user.id, at)
            .await
            .map(|token| super::queue::to_enrolled_kiosk(&state, &place.id, &token))
            .map_err(QueueError::App),
        "cancel-group" => {
            let reason: String = field("reason").chars().take(500).collect();
            let Some(kind) = app::booking::HolderKind::from_code(&field("kind")) else {
                return super::not_found(&state, request).await;
            };
            if reason.is_empty() {
                let message = lang.t().staff.reason_needed.to_string();
                return board_refusal(
                    &state,
                    request,
                    &place,
                    user,
                    message,
                    None,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            let office = match state.office.office().await {
                Ok(office) => office,
                Err(e) => return internal(e),
            };
            let s = lang.t().staff;
            let office_name = office.name.get(lang).to_string();
            let mail = |reference: &str, day: &str, to: app::validate::Email| {
                let day = app::dates::parse_date(day)
                    .map(|d| app::dates::format_date(lang, d))
                    .unwrap_or_else(|| day.to_string());
                app::notify::ssr::OutgoingMail {
                    kind: "booking_cancelled".into(),
                    reference: Some(reference.to_string()),
                    to,
                    subject: s.bulk_cancel_subject.replace("{0}", &office_name),
                    body: s
                        .bulk_cancel_body
                        .replace("{0}", &office_name)
                        .replace("{1}", reference)
                        .replace("{2}", &day)
                        .replace("{3}", &reason),
                    attachment: None,
                }
            };
            let cancelled = app::booking::ssr::cancel_group(
                pool,
                &state.data_key,
                &place.id,
                day,
                kind,
                &field("holder"),
                &reason,
                &user.id,
                &mail,
                at,
            )
            .await;
            if cancelled.as_ref().is_ok_and(|n| *n > 0) {
                state.mail_wake.notify_one();
            }
            cancelled
                .map(|n| back(&place.id, "cancelled_group", &n.to_string()))
                .map_err(QueueError::App)
        }
        "kiosk-revoke" => queue::revoke_kiosk(pool, &place.id, &field("kiosk"), &user.id, at)
            .await
            .map(|_| back(&place.id, "kiosk_revoked", ""))
            .map_err(QueueError::App),
        _ => return super::not_found(&state, request).await,
    };
    match result {
        Ok(response) => response,
        Err(QueueError::App(e)) => internal(e),
        Err(e) => {
            let (message, status) = queue_message(&e, lang);
            let field = (action == "check-in").then_some("reference");
            board_refusal(&state, request, &place, user, message, field, status).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct CasesQuery {
    #[serde(default)]
    status: String,
}

/// GET /staff/cases
pub async fn cases(
    State(state): State<AppState>,
    Query(query): Query<CasesQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Clerk).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let status = app::apply::STATUSES
        .iter()
        .find(|s| **s == query.status)
        .map(|s| s.to_string());
    let calendar = match state.office.calendar().await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    match app::cases::ssr::list(&state.pool, &calendar, status.as_deref(), today(), 500).await {
        Ok(rows) => {
            render_with(
                &state,
                request,
                view(Some(user), StaffPage::Cases { rows, status }),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

async fn case_page(
    state: &AppState,
    request: Request,
    user: StaffUser,
    reference: &str,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let (office, calendar) = match (state.office.office().await, state.office.calendar().await) {
        (Ok(o), Ok(c)) => (o, c),
        (Err(e), _) | (_, Err(e)) => return internal(e),
    };
    let opened = app::cases::ssr::open(
        &state.pool,
        &state.data_key,
        &calendar,
        &office,
        &state.services,
        reference,
        &user.id,
        today(),
        lang,
        now(),
    )
    .await;
    match opened {
        Ok(Some(case)) => {
            let mut v = view(Some(user), StaffPage::Case(Box::new(case)));
            v.notice = notice;
            let path = format!("/staff/cases/{reference}");
            render_with(state, at(request, &path), v, status).await
        }
        Ok(None) => super::not_found(state, request).await,
        Err(e) => internal(e),
    }
}

/// GET /staff/cases/{reference}
pub async fn case(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    Query(done): Query<DoneQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Clerk).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let Some(reference) = app::booking::ssr::normalise_reference(&reference) else {
        return super::not_found(&state, request).await;
    };
    let lang = prefs_of(request.headers()).lang;
    let notice = app::apply::STATUSES
        .iter()
        .find(|s| **s == done.done)
        .map(|s| {
            lang.t()
                .staff
                .case_moved
                .replace("{}", app::apply::status_label(s, lang))
        });
    case_page(&state, request, user, &reference, notice, StatusCode::OK).await
}

/// POST /staff/cases/{reference}: moves the case on, telling the citizen (三通 steps 2 and 3).
pub async fn move_case(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    request: Request,
) -> Response {
    let (request, _, user, form) = match posted(&state, request, Role::Clerk).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let Some(reference) = app::booking::ssr::normalise_reference(&reference) else {
        return super::not_found(&state, request).await;
    };
    let lang = prefs_of(request.headers()).lang;
    let s = lang.t().staff;
    let from = form.get("from").cloned().unwrap_or_default();
    let to = form.get("to").cloned().unwrap_or_default();
    let message: String = form
        .get("message")
        .map(|m| m.trim().replace("\r\n", "\n"))
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(500)
        .collect();
    let mail = match app::cases::notify_step(&to) {
        Some(_) => match progress_mail(&state, &reference, &to, &message, lang).await {
            Ok(mail) => mail,
            Err(e) => return internal(e),
        },
        None => None,
    };
    match app::cases::ssr::advance(
        &state.pool,
        &state.data_key,
        &reference,
        &from,
        &to,
        &message,
        mail.as_ref(),
        &user.id,
        now(),
    )
    .await
    {
        Ok(()) => {
            if mail.is_some() {
                state.mail_wake.notify_one();
            }
            Redirect::to(&format!("/staff/cases/{reference}?done={to}")).into_response()
        }
        Err(app::cases::ssr::MoveError::Stale) => {
            case_page(
                &state,
                request,
                user,
                &reference,
                Some(s.case_stale.into()),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(app::cases::ssr::MoveError::NotAllowed) => {
            case_page(
                &state,
                request,
                user,
                &reference,
                Some(s.case_not_allowed.into()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(app::cases::ssr::MoveError::App(e)) => internal(e),
    }
}

/// The 三通 mail of a state change, when the citizen gave an address.
async fn progress_mail(
    state: &AppState,
    reference: &str,
    to: &str,
    message: &str,
    lang: Lang,
) -> Result<Option<app::notify::ssr::OutgoingMail>, AppError> {
    let Some(case) =
        app::apply::ssr::find_by_reference(&state.pool, &state.data_key, reference).await?
    else {
        return Ok(None);
    };
    let Some(email) = case.email else {
        return Ok(None);
    };
    let t = lang.t();
    let office = state.office.office().await?;
    let service = state
        .services
        .service(&case.service)
        .map(|s| s.name.get(lang).to_string())
        .unwrap_or_default();
    let body = format!(
        "{office}\n\n{subject}\n\n{reference_label}: {reference}\n{service_label}: {service}\n{status_label}: {status}\n{message}\n{lookup}: /bookings/lookup\n",
        office = office.name.get(lang),
        subject = t.staff.progress_subject,
        reference_label = t.reference,
        service_label = t.services.title,
        status_label = t.status_label,
        status = app::apply::status_label(to, lang),
        message = if message.is_empty() {
            String::new()
        } else {
            format!("{}: {message}\n", t.staff.message_label)
        },
        lookup = t.lookup.title,
    );
    Ok(Some(app::notify::ssr::OutgoingMail {
        kind: format!("case_{to}"),
        reference: Some(reference.to_string()),
        to: email,
        subject: format!(
            "{}：{} {}",
            t.staff.progress_subject,
            app::apply::status_label(to, lang),
            reference
        ),
        body,
        attachment: None,
    }))
}

/// GET /staff/overview/{location} (supervisors): the day in numbers and charts.
pub async fn overview(
    State(state): State<AppState>,
    Path(place): Path<String>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Supervisor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let place = match super::location(&state, &place).await {
        Ok(Some(place)) => place,
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    };
    match overview_view(&state, &place, lang).await {
        Ok(o) => {
            render_with(
                &state,
                request,
                view(Some(user), StaffPage::Overview(Box::new(o))),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

async fn overview_view(
    state: &AppState,
    place: &Location,
    lang: Lang,
) -> Result<app::staff::OverviewView, AppError> {
    use app::queue::wait_stats;
    let day = today();
    let tickets = queue::tickets(&state.pool, &place.id, day).await?;
    let waiting = tickets.iter().filter(|t| t.status == "waiting").count() as i64;
    let served = tickets.iter().filter(|t| t.status == "done").count() as u32;
    let called: Vec<_> = tickets
        .iter()
        .filter_map(|t| t.called_at.map(|c| (t, c - t.issued_at)))
        .collect();
    let counter_name = |id: &str| {
        place
            .counters
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let service_name = |code: &str| {
        app::queue::walk_in_label(code, lang)
            .map(String::from)
            .or_else(|| {
                state
                    .services
                    .service(code)
                    .map(|s| s.name.get(lang).to_string())
            })
            .unwrap_or_else(|| TicketKind::WalkIn.label(lang).to_string())
    };
    let all = wait_stats(
        &called
            .iter()
            .map(|(_, w)| (String::new(), *w))
            .collect::<Vec<_>>(),
    )
    .into_iter()
    .next();
    let per_counter = wait_stats(
        &called
            .iter()
            .map(|(t, w)| (counter_name(t.counter_id.as_deref().unwrap_or("")), *w))
            .collect::<Vec<_>>(),
    );
    let per_service = wait_stats(
        &called
            .iter()
            .map(|(t, w)| (service_name(t.service.as_deref().unwrap_or("")), *w))
            .collect::<Vec<_>>(),
    );
    let calendar = state.office.calendar().await?;
    let (overdue, near_due) = app::cases::ssr::flag_counts(&state.pool, &calendar, day).await?;
    let threshold = state.call_rules.alert_waiting;
    Ok(app::staff::OverviewView {
        place_id: place.id.clone(),
        place: place.name.clone(),
        day,
        waiting,
        served,
        all,
        per_counter,
        per_service,
        alert_over: (waiting > i64::from(threshold)).then_some(threshold),
        overdue_cases: overdue as usize,
        near_due_cases: near_due as usize,
    })
}

#[derive(Deserialize, Default)]
pub struct KindQuery {
    #[serde(default)]
    kind: String,
}

/// GET /staff/content (editors)
pub async fn content_list(
    State(state): State<AppState>,
    Query(query): Query<KindQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let kind = app::content::Kind::from_code(&query.kind);
    match app::content::ssr::all(&state.pool, kind).await {
        Ok(items) => {
            render_with(
                &state,
                request,
                view(Some(user), StaffPage::Content { items, kind }),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

fn form_of_item(
    item: &app::content::Item,
    revisions: Vec<app::content::Revision>,
) -> app::staff::ContentForm {
    let now = now();
    app::staff::ContentForm {
        id: Some(item.id.clone()),
        kind: item.kind,
        section: item.section.clone(),
        slug: item.slug.clone(),
        title: item.title.clone(),
        body: item.body.clone(),
        publish_at: item
            .publish_at
            .filter(|p| *p > now)
            .map(|p| {
                let t = OffsetDateTime::from_unix_timestamp(p)
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH)
                    .to_offset(TAIPEI);
                format!(
                    "{} {:02}:{:02}",
                    app::dates::iso_date(t.date()),
                    t.hour(),
                    t.minute()
                )
            })
            .unwrap_or_default(),
        status: item.status.clone(),
        live_path: (item.status == "published" && item.publish_at.is_some_and(|p| p <= now))
            .then(|| item.path()),
        revisions,
        attachments: Vec::new(),
    }
}

/// GET /staff/content/{id} (or `new?kind=…`)
pub async fn content_edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<KindQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let form = if id == "new" {
        let kind =
            app::content::Kind::from_code(&query.kind).unwrap_or(app::content::Kind::Announcement);
        app::staff::ContentForm {
            id: None,
            kind,
            section: kind.sections()[0].code.to_string(),
            slug: String::new(),
            title: app::i18n::L10n::default(),
            body: app::i18n::L10n::default(),
            publish_at: String::new(),
            status: "draft".into(),
            live_path: None,
            revisions: Vec::new(),
            attachments: Vec::new(),
        }
    } else {
        match app::content::ssr::by_id(&state.pool, &id).await {
            Ok(Some(item)) => {
                let revisions = match app::content::ssr::revisions(&state.pool, &id).await {
                    Ok(r) => r,
                    Err(e) => return internal(e),
                };
                let mut form = form_of_item(&item, revisions);
                form.attachments = match app::content::ssr::attachments(&state.pool, &id).await {
                    Ok(a) => a,
                    Err(e) => return internal(e),
                };
                form
            }
            Ok(None) => return super::not_found(&state, request).await,
            Err(e) => return internal(e),
        }
    };
    let lang = prefs_of(request.headers()).lang;
    let saved = request
        .uri()
        .query()
        .is_some_and(|q| q.contains("saved=1"))
        .then(|| lang.t().staff.content_saved.replace("{}", &form.title.zh));
    let mut v = view(Some(user), StaffPage::ContentEdit(Box::new(form)));
    v.notice = saved;
    render_with(&state, request, v, StatusCode::OK).await
}

/// Reads `2026-12-01 09:00` (or with a `T`, or a date alone) as Taipei time.
fn parse_local_time(text: &str) -> Option<i64> {
    let text = text.trim().replace('T', " ");
    let (day, clock) = text.split_once(' ').unwrap_or((text.as_str(), "00:00"));
    let day = app::dates::parse_date(day)?;
    let minutes = app::dates::parse_minutes(clock)?;
    let time = time::Time::from_hms((minutes / 60) as u8 % 24, (minutes % 60) as u8, 0).ok()?;
    Some(
        time::PrimitiveDateTime::new(day, time)
            .assume_offset(TAIPEI)
            .unix_timestamp(),
    )
}

/// POST /staff/content/{id} (or `new`): save as a draft, publish (now or at a later time), or
/// unpublish; then the search index and feeds follow.
pub async fn content_save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (request, _, user, form) = match posted(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let s = lang.t().staff;
    let field = |name: &str| {
        form.get(name)
            .map(|v| v.replace("\r\n", "\n"))
            .unwrap_or_default()
    };
    let existing = if id == "new" {
        None
    } else {
        match app::content::ssr::by_id(&state.pool, &id).await {
            Ok(Some(item)) => Some(item),
            Ok(None) => return super::not_found(&state, request).await,
            Err(e) => return internal(e),
        }
    };
    let kind = existing
        .as_ref()
        .map(|i| i.kind)
        .or_else(|| app::content::Kind::from_code(&field("kind")))
        .unwrap_or(app::content::Kind::Announcement);
    let slug = field("slug").trim().to_lowercase();
    let section = field("section");
    let title = app::i18n::L10n::new(field("title_zh").trim(), field("title_en").trim());
    let body = app::i18n::L10n::new(field("body_zh").trim(), field("body_en").trim());
    let publish_text = field("publish_at");
    let mut errors = Vec::new();
    let mut error = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        })
    };
    if app::content::find_section(kind, &section).is_none() {
        error("section", s.bad_section);
    }
    if !app::content::valid_slug(&slug) {
        error("slug", s.bad_slug);
    }
    if title.zh.is_empty() {
        error("title_zh", s.need_title);
    } else if title.zh.chars().count() > 200 || title.en.chars().count() > 200 {
        error("title_zh", s.too_long);
    }
    if body.zh.is_empty() {
        error("body_zh", s.need_body);
    } else if body.zh.len() + body.en.len() > 100_000 {
        error("body_zh", s.too_long);
    }
    let publish_at = if publish_text.trim().is_empty() {
        None
    } else {
        match parse_local_time(&publish_text) {
            Some(at) => Some(at),
            None => {
                error("publish_at", s.bad_time);
                None
            }
        }
    };
    let (status, publish_at) = match field("action").as_str() {
        "publish" => ("published", Some(publish_at.unwrap_or_else(now))),
        "unpublish" => ("unpublished", existing.as_ref().and_then(|i| i.publish_at)),
        _ => (
            "draft",
            publish_at.or(existing.as_ref().and_then(|i| i.publish_at)),
        ),
    };
    let again = |errors: Vec<FieldError>| {
        let form = app::staff::ContentForm {
            id: existing.as_ref().map(|i| i.id.clone()),
            kind,
            section: section.clone(),
            slug: slug.clone(),
            title: title.clone(),
            body: body.clone(),
            publish_at: publish_text.clone(),
            status: existing
                .as_ref()
                .map(|i| i.status.clone())
                .unwrap_or_else(|| "draft".into()),
            live_path: None,
            revisions: Vec::new(),
            attachments: Vec::new(),
        };
        let mut v = view(Some(user.clone()), StaffPage::ContentEdit(Box::new(form)));
        v.errors = errors;
        v
    };
    let path = format!("/staff/content/{id}");
    if !errors.is_empty() {
        return render_with(
            &state,
            at(request, &path),
            again(errors),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let draft = app::content::ssr::Draft {
        kind,
        slug: &slug,
        section: &section,
        title: &title,
        body: &body,
        status,
        publish_at,
    };
    let saved = app::content::ssr::save(
        &state.pool,
        existing.as_ref().map(|i| i.id.as_str()),
        &draft,
        Some(&user.id),
        existing.as_ref().is_some_and(|i| i.sample),
        now(),
    )
    .await;
    match saved {
        Ok(id) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "content_saved",
                Some(&id),
                status,
                now(),
            )
            .await;
            if let Err(e) = state.search.refresh(&state.pool, &state.services).await {
                tracing::warn!(error = %e, "search: could not refresh the index after an edit");
            }
            Redirect::to(&format!("/staff/content/{id}?saved=1")).into_response()
        }
        Err(AppError::Conflict) => {
            let errors = vec![FieldError {
                field: "slug".into(),
                message: s.slug_taken.into(),
            }];
            render_with(
                &state,
                at(request, &path),
                again(errors),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

/// GET /staff/synonyms (editors)
pub async fn synonyms(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    match app::content::ssr::synonyms(&state.pool).await {
        Ok(groups) => {
            let lines = groups
                .iter()
                .map(|g| g.join(", "))
                .collect::<Vec<_>>()
                .join("\n");
            render_with(
                &state,
                request,
                view(Some(user), StaffPage::Synonyms { lines }),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

/// POST /staff/synonyms: replaces the list and rebuilds the index.
pub async fn save_synonyms(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user, form) = match posted(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let lines: Vec<String> = form
        .get("lines")
        .map(String::as_str)
        .unwrap_or("")
        .lines()
        .map(|l| l.trim().chars().take(300).collect::<String>())
        .filter(|l| l.contains([',', '，', '、', '/']))
        .take(500)
        .collect();
    if let Err(e) = app::content::ssr::set_synonyms(&state.pool, &lines).await {
        return internal(e);
    }
    let _ = accounts::audit(
        &state.pool,
        Some(&user.id),
        "synonyms_saved",
        None,
        &lines.len().to_string(),
        now(),
    )
    .await;
    // The count of groups may not change: rebuild regardless.
    let _ = state
        .search
        .force_refresh(&state.pool, &state.services)
        .await;
    let mut v = view(
        Some(user),
        StaffPage::Synonyms {
            lines: lines.join("\n"),
        },
    );
    v.notice = Some(lang.t().staff.synonyms_saved.to_string());
    render_with(&state, at(request, "/staff/synonyms"), v, StatusCode::OK).await
}

/// The edit page again with an attachment refused (a field error, 4xx).
async fn attachment_answer(
    state: &AppState,
    request: Request,
    user: StaffUser,
    id: &str,
    (message, status): (&str, StatusCode),
) -> Response {
    let item = match app::content::ssr::by_id(&state.pool, id).await {
        Ok(Some(item)) => item,
        Ok(None) => return super::not_found(state, request).await,
        Err(e) => return internal(e),
    };
    let (revisions, attachments) = match (
        app::content::ssr::revisions(&state.pool, id).await,
        app::content::ssr::attachments(&state.pool, id).await,
    ) {
        (Ok(r), Ok(a)) => (r, a),
        (Err(e), _) | (_, Err(e)) => return internal(e),
    };
    let mut form = form_of_item(&item, revisions);
    form.attachments = attachments;
    let mut v = view(Some(user), StaffPage::ContentEdit(Box::new(form)));
    v.errors.push(FieldError {
        field: "file".into(),
        message: message.into(),
    });
    let path = format!("/staff/content/{id}");
    render_with(state, at(request, &path), v, status).await
}

/// POST /staff/content/{id}/attachments (multipart): attaches a checked file.
pub async fn attach(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let s = lang.t().staff;
    let limit = app::content::MAX_ATTACHMENT as u64 + 64 * 1024;
    let (request, fields, file, complete) = match read_multipart_partly(request, limit).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let too_big = !complete;
    let csrf = fields.get("csrf").cloned().unwrap_or_default();
    if !same(&csrf, &user.csrf) && !too_big {
        let mut v = view(Some(user), StaffPage::Home { places: Vec::new() });
        v.notice = Some(s.csrf_failed.to_string());
        return render_with(&state, at(request, "/staff"), v, StatusCode::FORBIDDEN).await;
    }
    if too_big {
        return attachment_answer(
            &state,
            request,
            user,
            &id,
            (s.attach_size, StatusCode::PAYLOAD_TOO_LARGE),
        )
        .await;
    }
    let Some((raw_name, bytes)) = file.filter(|(n, b)| !n.is_empty() || !b.is_empty()) else {
        return attachment_answer(
            &state,
            request,
            user,
            &id,
            (s.attach_empty, StatusCode::UNPROCESSABLE_ENTITY),
        )
        .await;
    };
    let name = app::content::clean_file_name(&raw_name);
    let content_type = match checked_upload(&name, &bytes, lang) {
        Ok(t) => t,
        Err(message) => {
            return attachment_answer(
                &state,
                request,
                user,
                &id,
                (message, StatusCode::UNPROCESSABLE_ENTITY),
            )
            .await;
        }
    };
    match app::content::ssr::by_id(&state.pool, &id).await {
        Ok(Some(_)) => {}
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    }
    match app::content::ssr::attach(&state.pool, &id, &name, content_type, &bytes, now()).await {
        Ok(file_id) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "attachment_added",
                Some(&id),
                &file_id,
                now(),
            )
            .await;
            let _ = request;
            Redirect::to(&format!("/staff/content/{id}")).into_response()
        }
        Err(e) => internal(e),
    }
}

/// POST /staff/content/{id}/attachments/{file}/delete
pub async fn detach(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (request, _, user, _) = match posted(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    match app::content::ssr::detach(&state.pool, &id, &file, now()).await {
        Ok(_) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "attachment_removed",
                Some(&id),
                &file,
                now(),
            )
            .await;
            Redirect::to(&format!("/staff/content/{id}")).into_response()
        }
        Err(e) => {
            let _ = request;
            internal(e)
        }
    }
}

async fn accounts_page(
    state: &AppState,
    request: Request,
    user: StaffUser,
    notice: Option<String>,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Response {
    match accounts::list(&state.pool).await {
        Ok(list) => {
            let mut v = view(Some(user), StaffPage::Accounts { accounts: list });
            v.notice = notice;
            v.errors = errors;
            render_with(state, at(request, "/staff/accounts"), v, status).await
        }
        Err(e) => internal(e),
    }
}

/// GET /staff/accounts (admins)
pub async fn accounts_list(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Admin).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let notice = request
        .uri()
        .query()
        .is_some_and(|q| q.contains("done=1"))
        .then(|| lang.t().staff.account_updated.to_string());
    accounts_page(&state, request, user, notice, Vec::new(), StatusCode::OK).await
}

/// POST /staff/accounts: a new account.
pub async fn account_create(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user, form) = match posted(&state, request, Role::Admin).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let s = lang.t().staff;
    let field = |n: &str| {
        form.get(n)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let username = field("username").to_lowercase();
    let display_name: String = field("display_name")
        .chars()
        .filter(|c| !c.is_control())
        .take(50)
        .collect();
    let password = form.get("new").cloned().unwrap_or_default();
    let role = Role::from_code(&field("role"));
    let mut errors = Vec::new();
    if !accounts::valid_username(&username) {
        errors.push(FieldError {
            field: "username".into(),
            message: s.bad_username.into(),
        });
    }
    if let Some(problem) = app::staff::password_problem(&password, &username, lang) {
        errors.push(FieldError {
            field: "new".into(),
            message: problem.into(),
        });
    }
    let Some(role) = role else {
        return accounts_page(
            &state,
            request,
            user,
            None,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    if !errors.is_empty() {
        return accounts_page(
            &state,
            request,
            user,
            None,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let name = if display_name.is_empty() {
        username.clone()
    } else {
        display_name
    };
    match accounts::create(&state.pool, &username, &name, role, &password, now()).await {
        Ok(id) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "account_created",
                Some(&id),
                role.code(),
                now(),
            )
            .await;
            Redirect::to("/staff/accounts?done=1").into_response()
        }
        Err(AppError::Conflict) => {
            let errors = vec![FieldError {
                field: "username".into(),
                message: s.username_taken.into(),
            }];
            accounts_page(&state, request, user, None, errors, StatusCode::CONFLICT).await
        }
        Err(e) => internal(e),
    }
}

/// POST /staff/accounts/{id}/{action}: enable, disable, password, review (into the suggestions
/// review group), unreview (out of it).
pub async fn account_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (request, _, user, form) = match posted(&state, request, Role::Admin).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let s = lang.t().staff;
    let result = match action.as_str() {
        "enable" | "disable" => {
            if action == "disable" && id == user.id {
                return accounts_page(
                    &state,
                    request,
                    user,
                    Some(s.cannot_disable_self.into()),
                    Vec::new(),
                    StatusCode::CONFLICT,
                )
                .await;
            }
            accounts::set_active(&state.pool, &user, &id, action == "enable", now()).await
        }
        "review" | "unreview" => {
            accounts::set_reviewer(&state.pool, &user, &id, action == "review", now()).await
        }
        "password" => {
            let password = form.get("new").cloned().unwrap_or_default();
            let username = accounts::list(&state.pool)
                .await
                .ok()
                .and_then(|l| l.into_iter().find(|a| a.id == id))
                .map(|a| a.username)
                .unwrap_or_default();
            if let Some(problem) = app::staff::password_problem(&password, &username, lang) {
                return accounts_page(
                    &state,
                    request,
                    user,
                    Some(problem.into()),
                    Vec::new(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            accounts::reset_password(&state.pool, &user, &id, &password, now()).await
        }
        _ => return super::not_found(&state, request).await,
    };
    match result {
        Ok(true) => Redirect::to("/staff/accounts?done=1").into_response(),
        Ok(false) => super::not_found(&state, request).await,
        Err(e) => internal(e),
    }
}

/// GET /staff/content/{id}/files/{file}: an attachment for its editors, published or not.
pub async fn content_file(
    State(state): State<AppState>,
    Path((_id, file)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (request, _, _) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    super::content::serve_file(&state, &file, true, request).await
}

/// The text fields and the file of a multipart form, at most `limit` bytes in all; `None` for
/// the fields when the body is too big or broken.
pub(super) async fn read_multipart(
    request: Request,
    limit: u64,
) -> Result<
    (
        Request,
        Option<(HashMap<String, String>, Option<(String, Vec<u8>)>)>,
    ),
    Response,
> {
    let (request, fields, file, complete) = read_multipart_partly(request, limit).await?;
    Ok((request, complete.then_some((fields, file))))
}

/// The fields and file of a multipart form read until the end, or until it went over `limit`
/// or broke (then `false`, with the fields read before that: those sent ahead of the file, so
/// that a form refused for its file's size keeps what was typed).
pub(super) async fn read_multipart_partly(
    request: Request,
    limit: u64,
) -> Result<
    (
        Request,
        HashMap<String, String>,
        Option<(String, Vec<u8>)>,
        bool,
    ),
    Response,
> {
    let (parts, body) = request.into_parts();
    let boundary = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok());
    let Some(boundary) = boundary else {
        return Err(StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response());
    };
    let limits =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(limit));
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, limits);
    let mut fields = HashMap::new();
    let mut file = None;
    let mut broken = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                let file_name = field.file_name().map(String::from);
                match field.bytes().await {
                    Ok(bytes) if name == "file" => {
                        file = Some((file_name.unwrap_or_default(), bytes.to_vec()))
                    }
                    Ok(bytes) => {
                        fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
                    }
                    Err(_) => {
                        broken = true;
                        break;
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                broken = true;
                break;
            }
        }
    }
    let request = Request::from_parts(parts, axum::body::Body::empty());
    Ok((request, fields, file, !broken))
}

#[derive(Deserialize, Default)]
pub struct FormsQuery {
    #[serde(default)]
    done: String,
}

/// GET /staff/forms: the uploaded forms and the upload form (editors).
pub async fn forms_list(
    State(state): State<AppState>,
    Query(q): Query<FormsQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let f = prefs_of(request.headers()).lang.t().forms;
    let notice = match q.done.as_str() {
        "uploaded" => Some(f.uploaded_ok.to_string()),
        "changed" => Some(f.changed_ok.to_string()),
        _ => None,
    };
    let values = app::paper::UploadValues {
        version: app::dates::iso_date(today()),
        ..Default::default()
    };
    forms_page(
        &state,
        request,
        user,
        values,
        Vec::new(),
        notice,
        StatusCode::OK,
    )
    .await
}

async fn forms_page(
    state: &AppState,
    request: Request,
    user: StaffUser,
    values: app::paper::UploadValues,
    errors: Vec<FieldError>,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    match app::paper::ssr::list(&state.pool, true).await {
        Ok(uploads) => {
            let mut v = view(Some(user), StaffPage::Forms { uploads, values });
            v.errors = errors;
            v.notice = notice;
            render_with(state, at(request, "/staff/forms"), v, status).await
        }
        Err(e) => internal(e),
    }
}

/// An uploaded file's type, or the message why it is refused: the attachment rules (type by
/// extension and content, size) and, for ODF, a sound package.
fn checked_upload(name: &str, bytes: &[u8], lang: Lang) -> Result<&'static str, &'static str> {
    let s = lang.t().staff;
    let content_type = app::content::check_attachment(name, bytes).map_err(|why| match why {
        "size" => s.attach_size,
        "empty" => s.attach_empty,
        "content" => s.attach_content,
        _ => s.attach_type,
    })?;
    if content_type.starts_with("application/vnd.oasis.opendocument.") {
        app::paper::odf::check_package(content_type, bytes).map_err(|why| {
            tracing::info!(reason = why, "ODF upload refused");
            lang.t().forms.odf_invalid
        })?;
    }
    Ok(content_type)
}

/// POST /staff/forms (a new form) and /staff/forms/{id} (a new version of one): multipart.
pub async fn forms_upload(
    State(state): State<AppState>,
    id: Option<Path<String>>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let (s, f) = (lang.t().staff, lang.t().forms);
    let (request, read) =
        match read_multipart(request, app::content::MAX_ATTACHMENT as u64 + 64 * 1024).await {
            Ok(r) => r,
            Err(response) => return response,
        };
    let Some((fields, file)) = read else {
        let values = app::paper::UploadValues::default();
        let errors = vec![FieldError {
            field: "file".into(),
            message: s.attach_size.into(),
        }];
        return forms_page(
            &state,
            request,
            user,
            values,
            errors,
            None,
            StatusCode::PAYLOAD_TOO_LARGE,
        )
        .await;
    };
    let field = |name: &str| {
        fields
            .get(name)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    if !same(&field("csrf"), &user.csrf) {
        tracing::warn!(staff = %user.username, "form upload refused: CSRF token missing or wrong");
        let mut v = view(Some(user), StaffPage::Home { places: Vec::new() });
        v.notice = Some(s.csrf_failed.to_string());
        return render_with(&state, at(request, "/staff"), v, StatusCode::FORBIDDEN).await;
    }
    let values = app::paper::UploadValues {
        topic: field("topic"),
        title_zh: field("title_zh"),
        title_en: field("title_en"),
        description_zh: field("description_zh"),
        description_en: field("description_en"),
        version: field("version"),
    };
    let mut errors = Vec::new();
    let mut error = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        })
    };
    let version = app::dates::parse_date(&values.version);
    if version.is_none() {
        error("version", f.bad_date);
    }
    if id.is_none() {
        if app::paper::topic(&values.topic).is_none() {
            error("topic", f.required);
        }
        for (name, value, max) in [
            ("title_zh", &values.title_zh, 100),
            ("title_en", &values.title_en, 100),
            ("description_zh", &values.description_zh, 500),
        ] {
            if value.is_empty() {
                error(name, f.required);
            } else if value.chars().count() > max || value.chars().any(char::is_control) {
                error(name, s.attach_type);
            }
        }
        if values.description_en.chars().count() > 500 {
            error("description_en", f.required);
        }
    }
    let file = file.filter(|(n, b)| !n.is_empty() || !b.is_empty());
    let checked = match &file {
        None => {
            error("file", s.attach_empty);
            None
        }
        Some((raw, bytes)) => {
            let name = app::content::clean_file_name(raw);
            match checked_upload(&name, bytes, lang) {
                Ok(t) => Some((name, t)),
                Err(message) => {
                    error("file", message);
                    None
                }
            }
        }
    };
    let (Some(version), Some((name, content_type)), Some((_, bytes)), true) =
        (version, checked, &file, errors.is_empty())
    else {
        return forms_page(
            &state,
            request,
            user,
            values,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let result = match &id {
        Some(Path(id)) => app::paper::ssr::replace(
            &state.pool,
            id,
            &name,
            content_type,
            bytes,
            version,
            &user.id,
            now(),
        )
        .await
        .map(|found| found.then(|| id.clone())),
        None => {
            let title = app::i18n::L10n::new(&values.title_zh, &values.title_en);
            let description = app::i18n::L10n::new(
                &values.description_zh,
                if values.description_en.is_empty() {
                    &values.description_zh
                } else {
                    &values.description_en
                },
            );
            app::paper::ssr::create(
                &state.pool,
                &app::paper::ssr::NewUpload {
                    topic: &values.topic,
                    title: &title,
                    description: &description,
                    file_name: &name,
                    content_type,
                    bytes,
                    version,
                },
                &user.id,
                now(),
            )
            .await
            .map(Some)
        }
    };
    match result {
        Ok(Some(form_id)) => {
            let action = if id.is_some() {
                "form_replaced"
            } else {
                "form_uploaded"
            };
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                action,
                Some(&form_id),
                &name,
                now(),
            )
            .await;
            let done = if id.is_some() { "changed" } else { "uploaded" };
            Redirect::to(&format!("/staff/forms?done={done}")).into_response()
        }
        Ok(None) => (StatusCode::NOT_FOUND, f.not_found).into_response(),
        Err(e) => internal(e),
    }
}

/// POST /staff/forms/{id}/{publish|withdraw}
pub async fn forms_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (request, _, user, _) = match posted(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let published = match action.as_str() {
        "publish" => true,
        "withdraw" => false,
        _ => return super::not_found(&state, request).await,
    };
    match app::paper::ssr::set_published(&state.pool, &id, published, &user.id, now()).await {
        Ok(true) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                if published {
                    "form_published"
                } else {
                    "form_withdrawn"
                },
                Some(&id),
                "",
                now(),
            )
            .await;
            Redirect::to("/staff/forms?done=changed").into_response()
        }
        Ok(false) => super::not_found(&state, request).await,
        Err(e) => internal(e),
    }
}

/// GET /staff/forms/{id}/file: an uploaded form, published or not (editors).
pub async fn forms_file(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (request, _, _) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    super::forms::serve_upload(&state, &id, true, request).await
}

/// GET /staff/opendata: the datasets, each with the way to upload a new version (editors).
pub async fn datasets_list(
    State(state): State<AppState>,
    Query(q): Query<FormsQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let notice = (q.done == "uploaded" || q.done == "changed").then(|| {
        prefs_of(request.headers())
            .lang
            .t()
            .forms
            .changed_ok
            .to_string()
    });
    let values = app::opendata::DatasetValues::default();
    datasets_page(
        &state,
        request,
        user,
        values,
        Vec::new(),
        notice,
        StatusCode::OK,
    )
    .await
}

async fn datasets_page(
    state: &AppState,
    request: Request,
    user: StaffUser,
    values: app::opendata::DatasetValues,
    errors: Vec<FieldError>,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    match app::opendata::ssr::list(&state.pool, true).await {
        Ok(datasets) => {
            let mut v = view(Some(user), StaffPage::Datasets { datasets, values });
            v.errors = errors;
            v.notice = notice;
            render_with(state, at(request, "/staff/opendata"), v, status).await
        }
        Err(e) => internal(e),
    }
}

/// POST /staff/opendata/{name} (multipart): a new version of a dataset's data, a CSV file that
/// is checked (UTF-8, a header, every row as wide) before it is taken.
pub async fn datasets_upload(
    State(state): State<AppState>,
    Path(name): Path<String>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let s = lang.t().staff;
    let (request, read) =
        match read_multipart(request, app::content::MAX_ATTACHMENT as u64 + 64 * 1024).await {
            Ok(r) => r,
            Err(response) => return response,
        };
    let field_error = |message: String| {
        vec![FieldError {
            field: format!("file-{name}"),
            message,
        }]
    };
    let Some((fields, file)) = read else {
        let errors = field_error(s.attach_size.into());
        return datasets_page(
            &state,
            request,
            user,
            Default::default(),
            errors,
            None,
            StatusCode::PAYLOAD_TOO_LARGE,
        )
        .await;
    };
    if !fields
        .get("csrf")
        .is_some_and(|c| same(c.trim(), &user.csrf))
    {
        tracing::warn!(staff = %user.username, "dataset upload refused: CSRF token missing or wrong");
        let mut v = view(Some(user), StaffPage::Home { places: Vec::new() });
        v.notice = Some(s.csrf_failed.to_string());
        return render_with(&state, at(request, "/staff"), v, StatusCode::FORBIDDEN).await;
    }
    match app::opendata::ssr::get(&state.pool, &name, true).await {
        Ok(Some(_)) => {}
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    }
    let Some((file_name, bytes)) = file.filter(|(n, b)| !n.is_empty() || !b.is_empty()) else {
        let errors = field_error(s.attach_empty.into());
        return datasets_page(
            &state,
            request,
            user,
            Default::default(),
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    if !file_name.to_ascii_lowercase().ends_with(".csv") {
        let errors = field_error(s.attach_type.into());
        return datasets_page(
            &state,
            request,
            user,
            Default::default(),
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let table = match app::opendata::parse_csv(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let errors = field_error(e.message(lang));
            return datasets_page(
                &state,
                request,
                user,
                Default::default(),
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match app::opendata::ssr::add_version(&state.pool, &name, &table, &user.id, now()).await {
        Ok(version) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "dataset_version",
                Some(&name),
                &version.to_string(),
                now(),
            )
            .await;
            Redirect::to("/staff/opendata?done=uploaded").into_response()
        }
        Err(e) => internal(e),
    }
}

/// POST /staff/opendata/{name}/{publish|withdraw}
pub async fn datasets_action(
    State(state): State<AppState>,
    Path((name, action)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (request, _, user, _) = match posted(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let published = match action.as_str() {
        "publish" => true,
        "withdraw" => false,
        _ => return super::not_found(&state, request).await,
    };
    match app::opendata::ssr::set_published(&state.pool, &name, published, now()).await {
        Ok(true) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                if published {
                    "dataset_published"
                } else {
                    "dataset_withdrawn"
                },
                Some(&name),
                "",
                now(),
            )
            .await;
            Redirect::to("/staff/opendata?done=changed").into_response()
        }
        Ok(false) => super::not_found(&state, request).await,
        Err(e) => internal(e),
    }
}

/// POST /staff/opendata (multipart): a new dataset with its metadata and first data.
pub async fn datasets_create(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let (s, o) = (lang.t().staff, lang.t().opendata);
    let (request, read) =
        match read_multipart(request, app::content::MAX_ATTACHMENT as u64 + 64 * 1024).await {
            Ok(r) => r,
            Err(response) => return response,
        };
    let Some((fields, file)) = read else {
        let errors = vec![FieldError {
            field: "file".into(),
            message: s.attach_size.into(),
        }];
        return datasets_page(
            &state,
            request,
            user,
            Default::default(),
            errors,
            None,
            StatusCode::PAYLOAD_TOO_LARGE,
        )
        .await;
    };
    let field = |name: &str| {
        fields
            .get(name)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    if !same(&field("csrf"), &user.csrf) {
        tracing::warn!(staff = %user.username, "dataset creation refused: CSRF token missing or wrong");
        let mut v = view(Some(user), StaffPage::Home { places: Vec::new() });
        v.notice = Some(s.csrf_failed.to_string());
        return render_with(&state, at(request, "/staff"), v, StatusCode::FORBIDDEN).await;
    }
    let values = app::opendata::DatasetValues {
        name: field("name"),
        group: field("group"),
        title_zh: field("title_zh"),
        title_en: field("title_en"),
        notes_zh: field("notes_zh"),
        notes_en: field("notes_en"),
        fields_zh: field("fields_zh"),
        frequency_zh: field("frequency_zh"),
        keywords: field("keywords"),
        contact: field("contact"),
        contact_email: field("contact_email"),
        related_url: field("related_url"),
    };
    let mut errors = Vec::new();
    let mut error = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let required = lang.t().forms.required;
    if !app::opendata::valid_name(&values.name) {
        error("name", o.name_invalid.into());
    }
    if app::opendata::group_of(&values.group).is_none() {
        error("group", required.into());
    }
    for (name, value, max, needed) in [
        ("title_zh", &values.title_zh, 100, true),
        ("title_en", &values.title_en, 100, false),
        ("notes_zh", &values.notes_zh, 1000, true),
        ("notes_en", &values.notes_en, 1000, false),
        ("fields_zh", &values.fields_zh, 500, true),
        ("frequency_zh", &values.frequency_zh, 20, true),
        ("keywords", &values.keywords, 200, false),
        ("contact", &values.contact, 50, true),
    ] {
        if needed && value.is_empty() {
            error(name, required.into());
        } else if value.chars().count() > max
            || value
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r')
        {
            error(name, s.attach_type.into());
        }
    }
    if app::validate::Email::parse(&values.contact_email).is_err() {
        error("contact_email", o.email_invalid.into());
    }
    let url = &values.related_url;
    let url_ok = url.is_empty()
        || url.starts_with("https://")
        || (url.starts_with('/') && !url.starts_with("//"));
    if !url_ok || url.chars().any(char::is_whitespace) {
        error("related_url", o.url_invalid.into());
    }
    let table = match file.filter(|(n, b)| !n.is_empty() || !b.is_empty()) {
        None => {
            error("file", s.attach_empty.into());
            None
        }
        Some((name, _)) if !name.to_ascii_lowercase().ends_with(".csv") => {
            error("file", s.attach_type.into());
            None
        }
        Some((_, bytes)) => match app::opendata::parse_csv(&bytes) {
            Ok(t) => Some(t),
            Err(e) => {
                error("file", e.message(lang));
                None
            }
        },
    };
    let (Some(table), true) = (table, errors.is_empty()) else {
        return datasets_page(
            &state,
            request,
            user,
            values,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let title_en = if values.title_en.is_empty() {
        &values.title_zh
    } else {
        &values.title_en
    };
    let notes_en = if values.notes_en.is_empty() {
        &values.notes_zh
    } else {
        &values.notes_en
    };
    let new = app::opendata::ssr::NewDataset {
        name: &values.name,
        group: &values.group,
        title: (&values.title_zh, title_en),
        notes: (&values.notes_zh, notes_en),
        fields: (&values.fields_zh, &values.fields_zh),
        frequency: (&values.frequency_zh, &values.frequency_zh),
        keywords: &values.keywords.replace(['、', '，'], ","),
        contact: &values.contact,
        contact_email: &values.contact_email,
        related_url: &values.related_url,
        sample: false,
    };
    match app::opendata::ssr::create_with_data(&state.pool, &new, &table, &user.id, now()).await {
        Ok(true) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "dataset_created",
                Some(&values.name),
                "",
                now(),
            )
            .await;
            Redirect::to("/staff/opendata?done=uploaded").into_response()
        }
        Ok(false) => {
            let errors = vec![FieldError {
                field: "name".into(),
                message: o.name_taken.into(),
            }];
            datasets_page(
                &state,
                request,
                user,
                values,
                errors,
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

/// GET /staff/petitions: the register (clerks and up), contact masked, flags shown.
pub async fn petitions(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Clerk).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let calendar = match state.office.calendar().await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    match app::petitions::ssr::list(&state.pool, &state.data_key, &calendar, today()).await {
        Ok(rows) => {
            render_with(
                &state,
                request,
                view(Some(user), StaffPage::Petitions { rows }),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

async fn petition_page(
    state: &AppState,
    request: Request,
    user: StaffUser,
    number: &str,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let calendar = match state.office.calendar().await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    match app::petitions::ssr::get(&state.pool, &state.data_key, number, &calendar, today()).await {
        Ok(Some(detail)) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "petition_viewed",
                Some(number),
                "",
                now(),
            )
            .await;
            let mut v = view(Some(user), StaffPage::Petition(Box::new(detail)));
            v.notice = notice;
            render_with(
                state,
                at(request, &format!("/staff/petitions/{number}")),
                v,
                status,
            )
            .await
        }
        Ok(None) => super::not_found(state, request).await,
        Err(e) => internal(e),
    }
}

/// GET /staff/petitions/{number}: one message in full (the access is logged).
pub async fn petition(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Query(q): Query<FormsQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Clerk).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let notice = (q.done == "saved").then(|| {
        prefs_of(request.headers())
            .lang
            .t()
            .mailbox
            .saved
            .to_string()
    });
    petition_page(&state, request, user, &number, notice, StatusCode::OK).await
}

/// GET /staff/petitions/{number}/files/{id}: a file sent with a message (clerks; logged).
pub async fn petition_file(
    State(state): State<AppState>,
    Path((number, id)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Clerk).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    match app::petitions::ssr::attachment(&state.pool, &state.data_key, &number, &id).await {
        Ok(Some((name, content_type, bytes))) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "petition_file",
                Some(&number),
                &id,
                now(),
            )
            .await;
            super::download(&content_type, &name, false, "private, no-store", bytes)
        }
        Ok(None) => super::not_found(&state, request).await,
        Err(e) => internal(e),
    }
}

/// POST /staff/petitions/{number}/{assign|note|reply}
pub async fn petition_action(
    State(state): State<AppState>,
    Path((number, action)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (request, _, user, form) = match posted(&state, request, Role::Clerk).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let m = lang.t().mailbox;
    let text = |name: &str, max: usize| {
        app::validate::free_text(form.get(name).map(String::as_str).unwrap_or_default(), max)
            .filter(|t| !t.is_empty())
    };
    let back = Redirect::to(&format!("/staff/petitions/{number}?done=saved")).into_response();
    let result = match action.as_str() {
        "assign" => {
            app::petitions::ssr::assign(&state.pool, &number, &user.display_name, now()).await
        }
        "note" => match text("note", 2000) {
            Some(note) => {
                app::petitions::ssr::add_note(
                    &state.pool,
                    &state.data_key,
                    &number,
                    &user.display_name,
                    &note,
                    now(),
                )
                .await
            }
            None => {
                return petition_page(
                    &state,
                    request,
                    user,
                    &number,
                    Some(m.required.into()),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        },
        "reply" => {
            let Some(reply) = text("reply", 4000) else {
                return petition_page(
                    &state,
                    request,
                    user,
                    &number,
                    Some(m.required.into()),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            };
            let to =
                match app::petitions::ssr::email_of(&state.pool, &state.data_key, &number).await {
                    Ok(to) => to,
                    Err(e) => return internal(e),
                };
            let office = match state.office.office().await {
                Ok(o) => o,
                Err(e) => return internal(e),
            };
            let mail = to.map(|to| app::notify::ssr::OutgoingMail {
                kind: "petition_replied".into(),
                reference: Some(number.clone()),
                to,
                subject: format!("{}（{number}）", m.mail_reply_subject),
                body: format!(
                    "{}：{number}\n\n{reply}\n\n{}\n",
                    m.number,
                    office.name.get(lang)
                ),
                attachment: None,
            });
            let done = app::petitions::ssr::reply(
                &state.pool,
                &state.data_key,
                &number,
                &user.display_name,
                &reply,
                today(),
                mail.as_ref(),
                now(),
            )
            .await;
            if matches!(done, Ok(true)) && mail.is_some() {
                state.mail_wake.notify_one();
            }
            match done {
                Ok(false) => {
                    return petition_page(
                        &state,
                        request,
                        user,
                        &number,
                        Some(m.already_replied.into()),
                        StatusCode::CONFLICT,
                    )
                    .await;
                }
                other => other,
            }
        }
        _ => return super::not_found(&state, request).await,
    };
    match result {
        Ok(true) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                &format!("petition_{action}"),
                Some(&number),
                "",
                now(),
            )
            .await;
            back
        }
        Ok(false) if action == "assign" => {
            petition_page(
                &state,
                request,
                user,
                &number,
                Some(m.already_replied.into()),
                StatusCode::CONFLICT,
            )
            .await
        }
        Ok(false) => super::not_found(&state, request).await,
        Err(e) => internal(e),
    }
}

async fn surveys_page(
    state: &AppState,
    request: Request,
    user: StaffUser,
    questions: Option<String>,
    errors: Vec<FieldError>,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let current = match app::surveys::ssr::current(&state.pool, now()).await {
        Ok((_, q)) => q,
        Err(e) => return internal(e),
    };
    let lang = prefs_of(request.headers()).lang;
    let counters = match state.office.office().await {
        Ok(office) => office
            .locations
            .iter()
            .flat_map(|l| {
                l.counters.iter().map(move |c| {
                    (
                        format!("/survey/counter/{}/{}", l.id, c.id),
                        format!("{} {}", l.name.get(lang), c.name.get(lang)),
                    )
                })
            })
            .collect(),
        Err(e) => return internal(e),
    };
    match app::surveys::ssr::comments(&state.pool, &state.data_key).await {
        Ok(comments) => {
            let questions = questions.unwrap_or_else(|| app::surveys::write(&current));
            let mut v = view(
                Some(user),
                StaffPage::Surveys {
                    questions,
                    comments,
                    counters,
                },
            );
            v.errors = errors;
            v.notice = notice;
            render_with(state, at(request, "/staff/surveys"), v, status).await
        }
        Err(e) => internal(e),
    }
}

/// GET /staff/surveys (editors)
pub async fn surveys(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user) = match require_page(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    surveys_page(
        &state,
        request,
        user,
        None,
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// POST /staff/surveys: the questions as a new version.
pub async fn surveys_save(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user, form) = match posted(&state, request, Role::Editor).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let text = form.get("questions").cloned().unwrap_or_default();
    match app::surveys::parse(&text) {
        Ok(questions) => {
            match app::surveys::ssr::save(&state.pool, &questions, &user.id, now()).await {
                Ok(version) => {
                    let _ = accounts::audit(
                        &state.pool,
                        Some(&user.id),
                        "survey_version",
                        None,
                        &version.to_string(),
                        now(),
                    )
                    .await;
                    let t = prefs_of(request.headers()).lang.t().survey;
                    surveys_page(
                        &state,
                        request,
                        user,
                        None,
                        Vec::new(),
                        Some(t.saved.replace("{}", &version.to_string())),
                        StatusCode::OK,
                    )
                    .await
                }
                Err(e) => internal(e),
            }
        }
        Err(message) => {
            let errors = vec![FieldError {
                field: "questions".into(),
                message,
            }];
            surveys_page(
                &state,
                request,
                user,
                Some(text),
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
