//! The booking question pages over HTTP. GET shows a step; POST checks its answers and goes on
//! (303) or shows the page again with the errors (422); the check page's POST books, all or
//! nothing. The booking in progress is found by an HttpOnly cookie; nothing is a booking until
//! the check page is sent.

use super::AppState;
use super::page_context::prefs_of;
use app::booking::flow::{self, Answers, BookingView, Confirmation, DayChoice, Step};
use app::booking::slots::{Slot, SlotPlan, service_slots_on};
use app::booking::ssr::{self as store, BookError, NewBooking};
use app::dates::{TAIPEI, format_date, format_minutes, parse_date};
use app::error::{AppError, FieldError};
use app::i18n::Lang;
use app::notify::ssr::{Attachment, OutgoingMail};
use app::office::{Location, Office};
use app::services::{Service, ServiceKind};
use app::validate::{Email, NationalId, Phone};
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use time::{Date, Duration, OffsetDateTime};

const COOKIE: &str = "booking";

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn draft_token(headers: &HeaderMap) -> Option<String> {
    super::hex_cookie(headers, COOKIE, 48)
}

fn appointment_service(state: &AppState, code: &str) -> Option<Service> {
    state
        .services
        .service(code)
        .filter(|s| s.kind == ServiceKind::Appointment)
        .cloned()
}

fn internal(error: AppError) -> Response {
    (error.status(), error.message(Lang::ZhTw)).into_response()
}

/// POST /book/{service}/start: a new booking in progress, and on to its first question.
pub async fn start(
    State(state): State<AppState>,
    Path(code): Path<String>,
    request: Request,
) -> Response {
    let Some(service) = appointment_service(&state, &code) else {
        return super::not_found(&state, request).await;
    };
    if let Err(response) = super::limited(&state, super::limits::Class::Start, request).await {
        return response;
    }
    let token = match store::create_draft(&state.pool, &state.data_key, &service.code, now()).await
    {
        Ok(token) => token,
        Err(e) => return internal(e),
    };
    let office = match state.office.office().await {
        Ok(office) => office,
        Err(e) => return internal(e),
    };
    let first = flow::first_unanswered(
        &flow::steps(&service, &office, &Answers::new()),
        &Answers::new(),
    );
    to_draft(
        &state,
        &token,
        &format!("/book/{}/{}", service.code, first.code()),
    )
}

/// A redirect into a booking in progress, setting its cookie (HttpOnly, only sent to /book).
pub fn to_draft(state: &AppState, token: &str, location: &str) -> Response {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{COOKIE}={token}; Path=/book; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        store::DRAFT_SECONDS
    );
    let mut response = Redirect::to(location).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn client_of(state: &AppState, request: &Request) -> String {
    super::client::of(
        &state.trusted_proxies,
        request.extensions(),
        request.headers(),
    )
    .key()
}

/// Whether confirming a booking on `day` needs the challenge: the client already booked
/// (`PORTAL_CHALLENGE_AFTER` in a day), or the day is being booked fast
/// (`PORTAL_CHALLENGE_DAY_AFTER` in the last hour), as when a script is at work.
async fn challenge_needed(state: &AppState, ctx: &Ctx, day: Date) -> Result<bool, AppError> {
    let client_hash = state
        .data_key
        .lookup_hash(store::CLIENT_PURPOSE, &ctx.client);
    let (by_client, for_day) =
        store::recent_bookings(&state.pool, &client_hash, day, now()).await?;
    Ok(by_client >= i64::from(state.challenge_after.0)
        || for_day >= i64::from(state.challenge_after.1))
}

/// What the server knows for rendering a step.
struct Ctx {
    service: Service,
    office: std::sync::Arc<Office>,
    calendar: std::sync::Arc<app::calendar::Calendar>,
    lang: Lang,
    token: String,
    draft: store::Draft,
    /// Who the client is, as the limits count it.
    client: String,
}

async fn context(
    state: &AppState,
    code: &str,
    headers: &HeaderMap,
    client: String,
) -> Result<Option<Ctx>, AppError> {
    let Some(service) = appointment_service(state, code) else {
        return Ok(None);
    };
    let Some(token) = draft_token(headers) else {
        return Ok(None);
    };
    let Some(draft) =
        store::load_draft(&state.pool, &state.data_key, &token, &service.code, now()).await?
    else {
        return Ok(None);
    };
    Ok(Some(Ctx {
        service,
        office: state.office.office().await?,
        calendar: state.office.calendar().await?,
        lang: prefs_of(headers).lang,
        token,
        draft,
        client,
    }))
}

fn plan(location: &Location) -> SlotPlan {
    SlotPlan {
        minutes: location.slot_minutes,
        per_counter: 1,
        counters: location.seats_per_slot(),
    }
}

/// The days that can be booked now, with seats left.
async fn available_days(
    state: &AppState,
    ctx: &Ctx,
    location: &Location,
) -> Result<Vec<DayChoice>, AppError> {
    let rules = &ctx.service.rules;
    let now = OffsetDateTime::now_utc();
    let today = now.to_offset(TAIPEI).date();
    let last = today + Duration::days(i64::from(rules.max_days_ahead));
    let booked = store::booked_between(&state.pool, &location.id, today, last).await?;
    let mut days = Vec::new();
    for ahead in 1..=i64::from(rules.max_days_ahead) {
        let day = today + Duration::days(ahead);
        if rules.check_date(&ctx.calendar, now, day).is_err() {
            continue;
        }
        let slots = service_slots_on(
            &ctx.calendar,
            location,
            day,
            plan(location),
            ctx.service.rules.holidays.is_some(),
        );
        let left: u32 = booked
            .remaining(day, &slots)
            .iter()
            .map(|(_, n)| u32::from(*n))
            .sum();
        if left > 0 {
            days.push(DayChoice {
                day,
                seats_left: left,
            });
        }
    }
    Ok(days)
}

async fn available_slots(
    state: &AppState,
    ctx: &Ctx,
    location: &Location,
    day: Date,
) -> Result<Vec<(Slot, u16)>, AppError> {
    let slots = service_slots_on(
        &ctx.calendar,
        location,
        day,
        plan(location),
        ctx.service.rules.holidays.is_some(),
    );
    Ok(store::remaining(&state.pool, &location.id, day, &slots)
        .await?
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect())
}

async fn view(
    state: &AppState,
    ctx: &Ctx,
    step: Step,
    answers: Answers,
) -> Result<BookingView, AppError> {
    let steps = flow::steps(&ctx.service, &ctx.office, &ctx.draft.answers);
    let place = flow::chosen_place(&ctx.office, &ctx.draft.answers).cloned();
    let mut v = BookingView {
        service: ctx.service.clone(),
        step,
        steps,
        answers,
        errors: Vec::new(),
        notice: None,
        places: flow::appointment_places(&ctx.office)
            .iter()
            .map(|l| (l.id.clone(), l.name.clone()))
            .collect(),
        days: Vec::new(),
        slots: Vec::new(),
        confirmation: None,
        challenge: None,
        code: None,
    };
    if let Some(place) = &place {
        match step {
            Step::Day => v.days = available_days(state, ctx, place).await?,
            Step::Time => {
                if let Some(day) = ctx.draft.answers.get("day").and_then(|d| parse_date(d)) {
                    v.slots = available_slots(state, ctx, place, day).await?;
                }
            }
            _ => {}
        }
    }
    if step == Step::Check
        && let Some(old) = ctx.draft.answers.get("replaces")
    {
        v.notice = Some(ctx.lang.t().changing.replace("{}", old));
    }
    if step == Step::Check
        && let Some(day) = ctx.draft.answers.get("day").and_then(|d| parse_date(d))
        && challenge_needed(state, ctx, day).await?
    {
        v.challenge = Some(app::booking::challenge::issue(
            &state.data_key,
            &ctx.token,
            ctx.lang,
            now(),
        ));
    }
    if step == Step::Check {
        // Shown back masked: the full number was typed once and stays sealed.
        if let Some(id) = v
            .answers
            .get("id")
            .and_then(|id| NationalId::parse(id).ok())
        {
            v.answers.insert("id".into(), id.masked());
        }
        if let Some(phone) = v.answers.get("phone").and_then(|p| Phone::parse(p).ok()) {
            v.answers.insert("phone".into(), phone.masked());
        }
        if let Some(number) = v.answers.get("partner_id").cloned() {
            let masked = match NationalId::parse(&number) {
                Ok(id) => id.masked(),
                Err(_) => mask_middle(&number),
            };
            v.answers.insert("partner_id".into(), masked);
        }
    }
    Ok(v)
}

/// Renders the booking page with the view in the request, as Leptos would for a GET.
async fn render(
    state: &AppState,
    request: Request,
    view: BookingView,
    status: StatusCode,
) -> Response {
    render_with(state, request, view, status).await
}

/// The body limit of a URL-encoded form whose text fields hold at most `max_chars`
/// characters in all: percent-encoding makes a character up to 12 bytes (a 4-byte UTF-8
/// character), plus room for the names and the short fields.
pub const fn form_limit(max_chars: usize) -> usize {
    max_chars * 12 + 8 * 1024
}

/// Splits a form post into the request (to render a page from) and its decoded form; a body
/// over `limit` bytes is answered with the 413 page in the reader's language (rendered by
/// `refusals::render_too_large`).
pub async fn read_form<T: serde::de::DeserializeOwned + Default>(
    request: Request,
    limit: usize,
) -> Result<(Request, T), Response> {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        tracing::warn!(limit, "form body over its limit");
        let mut response = StatusCode::PAYLOAD_TOO_LARGE.into_response();
        response
            .extensions_mut()
            .insert(app::pages::not_found::TooLarge {
                kib: u32::try_from(limit / 1024).unwrap_or(u32::MAX),
            });
        return Err(response);
    };
    let form = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    Ok((Request::from_parts(parts, Body::empty()), form))
}

/// Renders the page at the request's address with a value the server prepared for it.
pub async fn render_with<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    request: Request,
    view: T,
    status: StatusCode,
) -> Response {
    let (mut parts, _) = request.into_parts();
    parts.method = Method::GET;
    parts.extensions.insert(view);
    let options = state.leptos_options.clone();
    let handler =
        leptos_axum::render_app_async_with_context(|| {}, move || app::shell(options.clone()));
    let mut response = handler(Request::from_parts(parts, Body::empty())).await;
    if status != StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

fn to_start(code: &str) -> Response {
    Redirect::to(&format!("/services/{code}")).into_response()
}

/// GET /book/{service}/{step}
pub async fn show(
    State(state): State<AppState>,
    Path((code, step)): Path<(String, String)>,
    request: Request,
) -> Response {
    if appointment_service(&state, &code).is_none() {
        return super::not_found(&state, request).await;
    }
    let client = client_of(&state, &request);
    let ctx = match context(&state, &code, request.headers(), client).await {
        Ok(Some(ctx)) => ctx,
        Ok(None) => return to_start(&code),
        Err(e) => return internal(e),
    };
    if step == "done" {
        return done(&state, &ctx, request).await;
    }
    if step == "code" && ctx.service.contended && ctx.draft.reference.is_none() {
        return code_page(&state, &ctx, request, None, StatusCode::OK).await;
    }
    let Some(step) = Step::from_code(&step) else {
        return super::not_found(&state, request).await;
    };
    if ctx.draft.reference.is_some() {
        return Redirect::to(&format!("/book/{code}/done")).into_response();
    }
    let steps = flow::steps(&ctx.service, &ctx.office, &ctx.draft.answers);
    let resume = flow::first_unanswered(&steps, &ctx.draft.answers);
    let position = |s: Step| steps.iter().position(|x| *x == s);
    if position(step).is_none() || position(step) > position(resume) {
        // No skipping ahead past an unanswered question.
        return Redirect::to(&format!("/book/{code}/{}", resume.code())).into_response();
    }
    let mut answers = ctx.draft.answers.clone();
    if step == Step::Details || step == Step::Partner {
        // Never shown back in full; typed again when changed.
        answers.remove("id");
        answers.remove("partner_id");
    }
    match view(&state, &ctx, step, answers).await {
        Ok(v) => render(&state, request, v, StatusCode::OK).await,
        Err(e) => internal(e),
    }
}

/// The submitted form as answers (checkbox lists joined by commas).
pub(super) fn form_answers(pairs: Vec<(String, String)>) -> Answers {
    let mut answers = Answers::new();
    for (k, v) in pairs {
        answers
            .entry(k)
            .and_modify(|existing: &mut String| {
                existing.push(',');
                existing.push_str(&v);
            })
            .or_insert(v);
    }
    answers
}

/// POST /book/{service}/{step}
pub async fn submit(
    State(state): State<AppState>,
    Path((code, step)): Path<(String, String)>,
    request: Request,
) -> Response {
    if appointment_service(&state, &code).is_none() {
        return super::not_found(&state, request).await;
    }
    let (request, pairs) = match read_form::<Vec<(String, String)>>(request, 64 * 1024).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let client = client_of(&state, &request);
    let ctx = match context(&state, &code, request.headers(), client).await {
        Ok(Some(ctx)) => ctx,
        Ok(None) => return to_start(&code),
        Err(e) => return internal(e),
    };
    if ctx.draft.reference.is_some() {
        return Redirect::to(&format!("/book/{code}/done")).into_response();
    }
    if step == "code" && ctx.service.contended {
        let request =
            match super::limited(&state, super::limits::Class::Confirmation, request).await {
                Ok(request) => request,
                Err(response) => return response,
            };
        return confirm_code(&state, &ctx, request, &form_answers(pairs)).await;
    }
    let Some(step) = Step::from_code(&step) else {
        return super::not_found(&state, request).await;
    };
    if step == Step::Check {
        let request =
            match super::limited(&state, super::limits::Class::Confirmation, request).await {
                Ok(request) => request,
                Err(response) => return response,
            };
        return book(&state, &ctx, request, &form_answers(pairs)).await;
    }
    let form = form_answers(pairs);
    // Only this step's fields come from the form: a post cannot slip in another step's answer
    // (say a different item to check the options against). A field left out (no box ticked)
    // counts as empty, so unticking everything clears earlier choices.
    let mut merged = ctx.draft.answers.clone();
    for field in step.fields() {
        merged.insert(
            field.to_string(),
            form.get(*field).cloned().unwrap_or_default(),
        );
    }
    let lang = ctx.lang;
    let checked = flow::validate(step, &merged, &ctx.service, &ctx.office, lang);
    let checked = match checked {
        Ok(values) => availability_errors(&state, &ctx, step, &values)
            .await
            .map(|errors| (values, errors)),
        Err(errors) => Ok((Answers::new(), errors)),
    };
    let (values, errors) = match checked {
        Ok(pair) => pair,
        Err(e) => return internal(e),
    };
    if !errors.is_empty() {
        return match view(&state, &ctx, step, form).await {
            Ok(mut v) => {
                v.errors = errors;
                render(&state, request, v, StatusCode::UNPROCESSABLE_ENTITY).await
            }
            Err(e) => internal(e),
        };
    }
    let mut answers = ctx.draft.answers.clone();
    let changed = step
        .fields()
        .iter()
        .any(|f| answers.get(*f) != values.get(*f));
    if changed {
        for field in step.invalidates() {
            answers.remove(*field);
        }
    }
    answers.extend(values);
    if let Err(e) =
        store::save_draft(&state.pool, &state.data_key, &ctx.token, &answers, now()).await
    {
        return internal(e);
    }
    let steps = flow::steps(&ctx.service, &ctx.office, &answers);
    let next = flow::first_unanswered(&steps, &answers);
    Redirect::to(&format!("/book/{code}/{}", next.code())).into_response()
}

/// The day and time must be ones offered right now.
async fn availability_errors(
    state: &AppState,
    ctx: &Ctx,
    step: Step,
    values: &Answers,
) -> Result<Vec<FieldError>, AppError> {
    let t = ctx.lang.t();
    let Some(place) = flow::chosen_place(&ctx.office, &ctx.draft.answers) else {
        return Ok(Vec::new());
    };
    match step {
        Step::Day => {
            let day = values.get("day").and_then(|d| parse_date(d));
            let days = available_days(state, ctx, place).await?;
            if day.is_some_and(|d| days.iter().any(|c| c.day == d)) {
                Ok(Vec::new())
            } else {
                let message = match day {
                    Some(d) => match ctx.service.rules.check_date(
                        &ctx.calendar,
                        OffsetDateTime::now_utc(),
                        d,
                    ) {
                        Err(refusal) => refusal.message(ctx.lang),
                        Ok(()) => t.no_times.to_string(),
                    },
                    None => t.no_days.to_string(),
                };
                Ok(vec![FieldError {
                    field: "day".into(),
                    message,
                }])
            }
        }
        Step::Time => {
            let day = ctx.draft.answers.get("day").and_then(|d| parse_date(d));
            let starts = values.get("time").and_then(|t| t.parse::<u16>().ok());
            let slots = match day {
                Some(day) => available_slots(state, ctx, place, day).await?,
                None => Vec::new(),
            };
            if slots.iter().any(|(s, _)| Some(s.starts) == starts) {
                Ok(Vec::new())
            } else {
                Ok(vec![FieldError {
                    field: "time".into(),
                    message: t.slot_taken.to_string(),
                }])
            }
        }
        _ => Ok(Vec::new()),
    }
}

/// POST /book/{service}/check: the booking itself.
/// What the booking in progress chose, checked against the calendar and rules as they are now.
struct Chosen {
    place: Location,
    day: Date,
    slot: Slot,
    id: NationalId,
    email: Option<Email>,
    item: Option<app::services::Item>,
}

enum NotChosen {
    /// Something is missing: back to the start of the booking.
    Incomplete,
    /// The time is no longer offered.
    Gone,
}

fn chosen(ctx: &Ctx) -> Result<Chosen, NotChosen> {
    let a = &ctx.draft.answers;
    let (Some(place), Some(day), Some(starts), Ok(id)) = (
        flow::chosen_place(&ctx.office, a).cloned(),
        a.get("day").and_then(|d| parse_date(d)),
        a.get("time").and_then(|t| t.parse::<u16>().ok()),
        NationalId::parse(a.get("id").map(String::as_str).unwrap_or_default()),
    ) else {
        return Err(NotChosen::Incomplete);
    };
    let slot = service_slots_on(
        &ctx.calendar,
        &place,
        day,
        plan(&place),
        ctx.service.rules.holidays.is_some(),
    )
    .into_iter()
    .find(|s| s.starts == starts);
    let rules_ok = ctx
        .service
        .rules
        .check_date(&ctx.calendar, OffsetDateTime::now_utc(), day)
        .is_ok();
    let slot = slot.filter(|_| rules_ok).ok_or(NotChosen::Gone)?;
    Ok(Chosen {
        email: a.get("email").and_then(|e| Email::parse(e).ok()),
        item: ctx
            .service
            .items
            .iter()
            .find(|i| Some(&i.code) == a.get("item"))
            .cloned(),
        place,
        day,
        slot,
        id,
    })
}

async fn book(state: &AppState, ctx: &Ctx, request: Request, posted: &Answers) -> Response {
    let a = &ctx.draft.answers;
    let lang = ctx.lang;
    let steps = flow::steps(&ctx.service, &ctx.office, a);
    if flow::first_unanswered(&steps, a) != Step::Check {
        return Redirect::to(&format!(
            "/book/{}/{}",
            ctx.service.code,
            flow::first_unanswered(&steps, a).code()
        ))
        .into_response();
    }
    let c = match chosen(ctx) {
        Ok(c) => c,
        Err(NotChosen::Incomplete) => return to_start(&ctx.service.code),
        Err(NotChosen::Gone) => return slot_gone(state, ctx, request, a).await,
    };
    let day = c.day;
    // Under pressure (this client booked already, or the day is booked fast) a person shows
    // they are one: the browser's proof of work, or the sum answered.
    match challenge_needed(state, ctx, day).await {
        Ok(false) => {}
        Ok(true) => {
            let field = |k: &str| posted.get(k).map(String::as_str).unwrap_or_default();
            let checked = app::booking::challenge::verify(
                &state.data_key,
                &ctx.token,
                field("challenge"),
                field("challenge_answer"),
                field("pow"),
                now(),
            );
            if let Err(failed) = checked {
                let s = lang.t().safety;
                tracing::info!(service = %ctx.service.code, ?failed, "booking held for the challenge");
                return match view(state, ctx, Step::Check, a.clone()).await {
                    Ok(mut v) => {
                        v.errors.push(FieldError {
                            field: "challenge_answer".into(),
                            message: match failed {
                                app::booking::challenge::Failed::Missing => s.challenge_missing,
                                app::booking::challenge::Failed::Wrong => s.challenge_wrong,
                            }
                            .into(),
                        });
                        render(state, request, v, StatusCode::UNPROCESSABLE_ENTITY).await
                    }
                    Err(e) => internal(e),
                };
            }
        }
        Err(e) => return internal(e),
    }
    if ctx.service.contended {
        // A contended day's seat is held while the person confirms their e-mail address.
        return hold_seat(state, ctx, request, c).await;
    }
    finish(state, ctx, request, c, None).await
}

/// Books what was chosen (`from_hold`: the seat this booking in progress already holds).
async fn finish(
    state: &AppState,
    ctx: &Ctx,
    request: Request,
    c: Chosen,
    from_hold: Option<String>,
) -> Response {
    let a = &ctx.draft.answers;
    let lang = ctx.lang;
    let Chosen {
        place,
        day,
        slot,
        id,
        email,
        item,
    } = c;
    // Repeated no-shows suspend online booking for a while (the counters still serve).
    let today = OffsetDateTime::now_utc().to_offset(TAIPEI).date();
    let suspended = match store::no_show_days(&state.pool, &state.data_key, &id).await {
        Ok(days) => ctx.service.rules.suspended_until(today, &days),
        Err(e) => return internal(e),
    };
    if let Some(until) = suspended {
        let specific = lang.t().suspended.replace("{}", &format_date(lang, until));
        return refuse_for_id(
            state,
            ctx,
            request,
            from_hold,
            specific,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let answers_json = serde_json::to_string(a).unwrap_or_default();
    let confirmation = Confirmation {
        reference: String::new(),
        masked_id: id.masked(),
        place: place.name.clone(),
        address: place.address.clone(),
        day,
        slot,
        item: item.as_ref().map(|i| i.name.clone()),
        emailed: email.is_some(),
        qr_svg: String::new(),
    };
    let service = ctx.service.clone();
    let office_name = ctx.office.name.clone();
    let mail_to = email.clone();
    let changed = a.contains_key("replaces");
    let mail = move |reference: &str| {
        let mut c = confirmation.clone();
        c.reference = reference.to_string();
        let mut mail = confirmation_mail(
            &service,
            &office_name,
            &c,
            mail_to.clone().expect("only called with an address"),
            lang,
        );
        if changed {
            // The same confirmation, recorded as the change it reports (三通 step 1 again).
            mail.kind = "booking_changed".into();
        }
        mail
    };
    let who = super::client::of(
        &state.trusted_proxies,
        request.extensions(),
        request.headers(),
    );
    let holders = store::Holders::new(
        &state.data_key,
        a.get("phone").and_then(|p| Phone::parse(p).ok()).as_ref(),
        email.as_ref(),
        &who.key(),
        state.bookings_per_contact,
    );
    let booking = NewBooking {
        service: &ctx.service.code,
        location_id: &place.id,
        day,
        slot,
        id: &id,
        answers_json: &answers_json,
        email: email.as_ref(),
        draft: Some(&ctx.token),
        mail: if email.is_some() { Some(&mail) } else { None },
        replaces: a.get("replaces").map(String::as_str),
        holders: &holders,
        from_hold: from_hold.as_deref(),
    };
    match store::book(&state.pool, &state.data_key, &booking, now()).await {
        Ok(reference) => {
            tracing::info!(booking.reference = %reference, service = %ctx.service.code, "booked");
            if email.is_some() {
                state.mail_wake.notify_one();
            }
            Redirect::to(&format!("/book/{}/done", ctx.service.code)).into_response()
        }
        Err(BookError::SlotFull) => slot_gone(state, ctx, request, a).await,
        Err(BookError::AlreadyBookedThatDay) => {
            // A second press of "confirm" racing the first: show the booking the first made.
            if let Ok(Some(draft)) = store::load_draft(
                &state.pool,
                &state.data_key,
                &ctx.token,
                &ctx.service.code,
                now(),
            )
            .await
                && draft.reference.is_some()
            {
                return Redirect::to(&format!("/book/{}/done", ctx.service.code)).into_response();
            }
            let specific = lang.t().already_booked.to_string();
            refuse_for_id(
                state,
                ctx,
                request,
                from_hold,
                specific,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(BookError::TooManyForContact(most)) => {
            tracing::warn!(service = %ctx.service.code, "booking refused: per-contact limit");
            if from_hold.is_some()
                && let Err(e) = store::release_hold(&state.pool, &ctx.token).await
            {
                return internal(e);
            }
            match view(state, ctx, Step::Check, a.clone()).await {
                Ok(mut v) => {
                    v.notice = Some(
                        lang.t()
                            .safety
                            .too_many_bookings
                            .replace("{}", &most.to_string()),
                    );
                    render(state, request, v, StatusCode::TOO_MANY_REQUESTS).await
                }
                Err(e) => internal(e),
            }
        }
        Err(BookError::NothingToReplace) => match view(state, ctx, Step::Check, a.clone()).await {
            Ok(mut v) => {
                v.notice = Some(lang.t().already_cancelled.to_string());
                render(state, request, v, StatusCode::CONFLICT).await
            }
            Err(e) => internal(e),
        },
        Err(BookError::App(e)) => internal(e),
    }
}

/// A booking refused because of the ID number (already booked that day, or suspended). What
/// exactly is said only once the person confirmed their contact (`from_hold`): before that the
/// page would tell whoever typed someone else's number about that person.
async fn refuse_for_id(
    state: &AppState,
    ctx: &Ctx,
    request: Request,
    from_hold: Option<String>,
    specific: String,
    status: StatusCode,
) -> Response {
    let (notice, status) = if from_hold.is_some() {
        if let Err(e) = store::release_hold(&state.pool, &ctx.token).await {
            return internal(e);
        }
        (specific, status)
    } else {
        (
            ctx.lang.t().safety.cannot_book_this_id.to_string(),
            StatusCode::CONFLICT,
        )
    };
    match view(state, ctx, Step::Check, ctx.draft.answers.clone()).await {
        Ok(mut v) => {
            v.notice = Some(notice);
            render(state, request, v, status).await
        }
        Err(e) => internal(e),
    }
}

/// Holds the chosen seat for a contended service and mails a one-time code to the address
/// given: the seat is the person's once the code is typed on the next page, within
/// `HOLD_SECONDS`; otherwise the hold lapses and the seat is free again.
async fn hold_seat(state: &AppState, ctx: &Ctx, request: Request, c: Chosen) -> Response {
    let lang = ctx.lang;
    let Some(email) = c.email.clone() else {
        // The details page asks for it on a contended service; a draft without it goes back.
        return Redirect::to(&format!("/book/{}/details", ctx.service.code)).into_response();
    };
    let code = store::new_code();
    let s = lang.t().safety;
    let mail = OutgoingMail {
        kind: "booking_code".into(),
        reference: None,
        to: email,
        subject: s.code_mail_subject.replace("{}", ctx.office.name.get(lang)),
        body: s
            .code_mail_body
            .replace("{0}", &code)
            .replace("{1}", &(store::HOLD_SECONDS / 60).to_string())
            .replace("{2}", ctx.service.name.get(lang)),
        attachment: None,
    };
    let hold = store::NewHold {
        location_id: &c.place.id,
        day: c.day,
        slot: c.slot,
        draft: &ctx.token,
        code: &code,
        mail: &mail,
    };
    match store::hold(&state.pool, &state.data_key, &hold, now()).await {
        Ok(()) => {
            state.mail_wake.notify_one();
            tracing::info!(service = %ctx.service.code, "seat held for the contact's code");
            Redirect::to(&format!("/book/{}/code", ctx.service.code)).into_response()
        }
        Err(BookError::SlotFull) => slot_gone(state, ctx, request, &ctx.draft.answers).await,
        Err(e) => internal(match e {
            BookError::App(e) => e,
            other => AppError::internal(other),
        }),
    }
}

/// The page that asks for the code mailed for a held seat.
async fn code_page(
    state: &AppState,
    ctx: &Ctx,
    request: Request,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let hold = match store::hold_of(&state.pool, &ctx.token, now()).await {
        Ok(hold) => hold,
        Err(e) => return internal(e),
    };
    let Some(expires_at) = hold else {
        return Redirect::to(&format!("/book/{}/check", ctx.service.code)).into_response();
    };
    let masked = ctx
        .draft
        .answers
        .get("email")
        .and_then(|e| Email::parse(e).ok())
        .map(|e| e.masked())
        .unwrap_or_default();
    let until = OffsetDateTime::from_unix_timestamp(expires_at)
        .map(|t| {
            let t = t.to_offset(TAIPEI);
            format!("{:02}:{:02}", t.hour(), t.minute())
        })
        .unwrap_or_default();
    let mut v = match view(state, ctx, Step::Check, ctx.draft.answers.clone()).await {
        Ok(v) => v,
        Err(e) => return internal(e),
    };
    v.challenge = None;
    v.code = Some(flow::CodeView {
        sent_to: masked,
        until,
    });
    if let Some(message) = error {
        v.errors.push(FieldError {
            field: "code".into(),
            message,
        });
    }
    render(state, request, v, status).await
}

/// POST /book/{service}/code: the code typed; the booking made from the held seat when right.
async fn confirm_code(state: &AppState, ctx: &Ctx, request: Request, posted: &Answers) -> Response {
    let s = ctx.lang.t().safety;
    let typed = posted.get("code").map(String::as_str).unwrap_or_default();
    match store::check_code(&state.pool, &state.data_key, &ctx.token, typed, now()).await {
        Ok(store::CodeCheck::Confirmed(hold)) => match chosen(ctx) {
            Ok(c) => finish(state, ctx, request, c, Some(hold)).await,
            Err(_) => {
                if let Err(e) = store::release_hold(&state.pool, &ctx.token).await {
                    return internal(e);
                }
                slot_gone(state, ctx, request, &ctx.draft.answers).await
            }
        },
        Ok(store::CodeCheck::Wrong { left }) => {
            let message = s.code_wrong.replace("{}", &left.to_string());
            code_page(
                state,
                ctx,
                request,
                Some(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Ok(store::CodeCheck::Gone) => {
            let a = ctx.draft.answers.clone();
            let mut response = slot_gone(state, ctx, request, &a).await;
            *response.status_mut() = StatusCode::GONE;
            response
        }
        Err(e) => internal(e),
    }
}

/// The chosen time was taken (or closed) meanwhile: back to the times, saying so, with 409.
async fn slot_gone(state: &AppState, ctx: &Ctx, request: Request, answers: &Answers) -> Response {
    let mut kept = answers.clone();
    kept.remove("time");
    if let Err(e) = store::save_draft(&state.pool, &state.data_key, &ctx.token, &kept, now()).await
    {
        return internal(e);
    }
    let ctx = Ctx {
        draft: store::Draft {
            answers: kept.clone(),
            reference: None,
        },
        ..ctx.clone_shallow()
    };
    match view(state, &ctx, Step::Time, kept).await {
        Ok(mut v) => {
            v.notice = Some(ctx.lang.t().slot_taken.to_string());
            render(state, request, v, StatusCode::CONFLICT).await
        }
        Err(e) => internal(e),
    }
}

impl Ctx {
    fn clone_shallow(&self) -> Ctx {
        Ctx {
            service: self.service.clone(),
            office: self.office.clone(),
            calendar: self.calendar.clone(),
            lang: self.lang,
            client: self.client.clone(),
            token: self.token.clone(),
            draft: store::Draft {
                answers: self.draft.answers.clone(),
                reference: self.draft.reference.clone(),
            },
        }
    }
}

fn confirmation_of(ctx: &Ctx, reference: &str) -> Option<Confirmation> {
    let a = &ctx.draft.answers;
    let place = flow::chosen_place(&ctx.office, a)?;
    let day = a.get("day").and_then(|d| parse_date(d))?;
    let starts: u16 = a.get("time")?.parse().ok()?;
    let slot = Slot {
        starts,
        ends: starts + place.slot_minutes,
        capacity: 0,
    };
    Some(Confirmation {
        reference: reference.to_string(),
        masked_id: NationalId::parse(a.get("id")?).ok()?.masked(),
        place: place.name.clone(),
        address: place.address.clone(),
        day,
        slot,
        item: ctx
            .service
            .items
            .iter()
            .find(|i| Some(&i.code) == a.get("item"))
            .map(|i| i.name.clone()),
        emailed: a.get("email").is_some_and(|e| !e.is_empty()),
        qr_svg: qr_svg(reference),
    })
}

/// GET /book/{service}/done: the confirmation, for the browser that made the booking.
async fn done(state: &AppState, ctx: &Ctx, request: Request) -> Response {
    let Some(reference) = ctx.draft.reference.clone() else {
        return Redirect::to(&format!("/book/{}/check", ctx.service.code)).into_response();
    };
    let Some(confirmation) = confirmation_of(ctx, &reference) else {
        return to_start(&ctx.service.code);
    };
    match view(state, ctx, Step::Check, Answers::new()).await {
        Ok(mut v) => {
            v.confirmation = Some(confirmation);
            render(state, request, v, StatusCode::OK).await
        }
        Err(e) => internal(e),
    }
}

/// GET /book/{service}/done/appointment.ics
pub async fn ics(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let ctx = match context(&state, &code, &headers, String::new()).await {
        Ok(Some(ctx)) => ctx,
        Ok(None) => return to_start(&code),
        Err(e) => return internal(e),
    };
    let Some(c) = ctx
        .draft
        .reference
        .as_deref()
        .and_then(|r| confirmation_of(&ctx, r))
    else {
        return to_start(&code);
    };
    let body = app::booking::ics::event(
        &c.reference,
        ctx.service.name.get(ctx.lang),
        c.place.get(ctx.lang),
        c.address.get(ctx.lang),
        c.day,
        c.slot,
        now(),
    );
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"appointment.ics\"",
            ),
        ],
        body,
    )
        .into_response()
}

fn confirmation_mail(
    service: &Service,
    office: &app::i18n::L10n,
    c: &Confirmation,
    to: Email,
    lang: Lang,
) -> OutgoingMail {
    let t = lang.t();
    let when = format!(
        "{} {}–{}",
        format_date(lang, c.day),
        format_minutes(c.slot.starts),
        format_minutes(c.slot.ends)
    );
    let bring: Vec<String> = service
        .bring
        .get(lang)
        .iter()
        .map(|b| format!("- {b}"))
        .collect();
    let body = format!(
        "{office}\n\n{done}\n\n{reference_label}: {reference}\n{service_label}: {service_name}{item}\n{date_label}: {when}\n{place_label}: {place} ({address})\n{id_label}: {id}\n\n{bring_label}:\n{bring}\n\n{what_next}\n",
        office = office.get(lang),
        done = t.done_title,
        reference_label = t.reference,
        reference = c.reference,
        service_label = t.services.title,
        service_name = service.name.get(lang),
        item = c
            .item
            .as_ref()
            .map(|i| format!(" / {}", i.get(lang)))
            .unwrap_or_default(),
        date_label = t.date_label,
        place_label = t.place_label,
        place = c.place.get(lang),
        address = c.address.get(lang),
        id_label = t.id_label,
        id = c.masked_id,
        bring_label = t.bring,
        bring = bring.join("\n"),
        what_next = t.what_next_body,
    );
    OutgoingMail {
        kind: "booking_confirmed".into(),
        reference: Some(c.reference.clone()),
        to,
        subject: format!(
            "{}：{} {}",
            t.done_title,
            service.name.get(lang),
            c.reference
        ),
        body,
        attachment: Some(Attachment {
            name: "appointment.ics".into(),
            content_type: "text/calendar; charset=utf-8".into(),
            bytes: app::booking::ics::event(
                &c.reference,
                service.name.get(lang),
                c.place.get(lang),
                c.address.get(lang),
                c.day,
                c.slot,
                now(),
            )
            .into_bytes(),
        }),
    }
}

/// The reference as a QR code in SVG: dark modules as one path, a quiet zone of four modules.
pub fn qr_svg(text: &str) -> String {
    use qrcodegen::{QrCode, QrCodeEcc};
    let Ok(qr) = QrCode::encode_text(text, QrCodeEcc::Medium) else {
        return String::new();
    };
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    let full = size + 8;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full} {full}" width="176" height="176" aria-hidden="true" focusable="false"><rect width="{full}" height="{full}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    )
}

/// A passport number as shown: its first two and last two characters.
fn mask_middle(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 4))
}
