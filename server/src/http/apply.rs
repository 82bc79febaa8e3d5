//! The online application pages over HTTP, made from each service's form definition. GET shows
//! a page; POST checks its answers and goes on (303) or shows it again with the errors (422);
//! the check page's POST stores the application with its confirmation mail, all or nothing.
//! The application in progress is a sealed draft found by an HttpOnly cookie.

use super::AppState;
use super::booking::{form_answers, read_form, render_with};
use super::page_context::prefs_of;
use app::apply::forms::{Form, form_of};
use app::apply::ssr::{self as store, NewApplication, StoredApplication, SubmitError};
use app::apply::{self, ApplyView, Context, Submitted};
use app::booking::flow::Answers;
use app::booking::ssr as drafts;
use app::dates::{TAIPEI, format_date};
use app::error::AppError;
use app::i18n::Lang;
use app::notify::ssr::OutgoingMail;
use app::office::Office;
use app::services::{Service, ServiceKind};
use app::validate::{Email, NationalId};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;
use time::OffsetDateTime;

const COOKIE: &str = "application";

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn today() -> time::Date {
    OffsetDateTime::now_utc().to_offset(TAIPEI).date()
}

fn internal(error: AppError) -> Response {
    (error.status(), error.message(Lang::ZhTw)).into_response()
}

fn draft_token(headers: &HeaderMap) -> Option<String> {
    super::hex_cookie(headers, COOKIE, 48)
}

fn application_service(state: &AppState, code: &str) -> Option<(Service, &'static Form)> {
    let service = state
        .services
        .service(code)
        .filter(|s| s.kind == ServiceKind::Application)?;
    Some((service.clone(), form_of(code)?))
}

/// A redirect into an application in progress, setting its cookie (HttpOnly, only sent to /apply).
pub fn to_draft(state: &AppState, token: &str, location: &str) -> Response {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{COOKIE}={token}; Path=/apply; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        drafts::DRAFT_SECONDS
    );
    let mut response = Redirect::to(location).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn to_start(code: &str) -> Response {
    Redirect::to(&format!("/services/{code}")).into_response()
}

fn next_page(form: &Form, code: &str, answers: &Answers) -> Response {
    let next = apply::first_unanswered(form, answers).map_or("check", |p| p.code);
    Redirect::to(&format!("/apply/{code}/{next}")).into_response()
}

/// POST /apply/{service}/start
pub async fn start(
    State(state): State<AppState>,
    Path(code): Path<String>,
    request: Request,
) -> Response {
    let Some((service, form)) = application_service(&state, &code) else {
        return super::not_found(&state, request).await;
    };
    if let Err(response) = super::limited(&state, super::limits::Class::Start, request).await {
        return response;
    }
    match drafts::create_draft(&state.pool, &state.data_key, &service.code, now()).await {
        Ok(token) => {
            let first = form.pages[0].code;
            to_draft(&state, &token, &format!("/apply/{code}/{first}"))
        }
        Err(e) => internal(e),
    }
}

struct Ctx {
    service: Service,
    form: &'static Form,
    office: Arc<Office>,
    calendar: Arc<app::calendar::Calendar>,
    lang: Lang,
    token: String,
    draft: drafts::Draft,
}

impl Ctx {
    fn validation(&self) -> Context<'_> {
        Context {
            service: &self.service,
            office: &self.office,
            calendar: &self.calendar,
            today: today(),
            lang: self.lang,
        }
    }
}

async fn context(
    state: &AppState,
    code: &str,
    headers: &HeaderMap,
) -> Result<Option<Ctx>, AppError> {
    let Some((service, form)) = application_service(state, code) else {
        return Ok(None);
    };
    let Some(token) = draft_token(headers) else {
        return Ok(None);
    };
    let Some(draft) =
        drafts::load_draft(&state.pool, &state.data_key, &token, &service.code, now()).await?
    else {
        return Ok(None);
    };
    Ok(Some(Ctx {
        service,
        form,
        office: state.office.office().await?,
        calendar: state.office.calendar().await?,
        lang: prefs_of(headers).lang,
        token,
        draft,
    }))
}

/// The view of a page (`None`: the check page) with the given answers shown back.
fn view(ctx: &Ctx, page: Option<&'static str>, shown: Answers) -> ApplyView {
    let answers = &ctx.draft.answers;
    let page = page.and_then(|p| ctx.form.page(p));
    let place = answers
        .get("place")
        .and_then(|id| ctx.office.locations.iter().find(|l| &l.id == id));
    ApplyView {
        service: ctx.service.clone(),
        form: ctx.form,
        page,
        pages: apply::pages(ctx.form, answers)
            .iter()
            .map(|p| p.code)
            .collect(),
        answers: shown,
        errors: Vec::new(),
        notice: match (page, answers.get("replaces")) {
            (None, Some(old)) => Some(ctx.lang.t().changing_application.replace("{}", old)),
            _ => None,
        },
        places: apply::pickup_places(&ctx.office)
            .iter()
            .map(|l| (l.id.clone(), l.name.clone()))
            .collect(),
        pickup_days: apply::pickup_days(&ctx.calendar, place, today(), ctx.service.processing_days),
        summary: if page.is_none() {
            apply::summary(ctx.form, answers, &ctx.service, &ctx.office, ctx.lang)
        } else {
            Vec::new()
        },
        submitted: None,
        filled_forms: Vec::new(),
    }
}

/// GET /apply/{service}/{page}
pub async fn show(
    State(state): State<AppState>,
    Path((code, page)): Path<(String, String)>,
    request: Request,
) -> Response {
    if application_service(&state, &code).is_none() {
        return super::not_found(&state, request).await;
    }
    let ctx = match context(&state, &code, request.headers()).await {
        Ok(Some(ctx)) => ctx,
        Ok(None) => return to_start(&code),
        Err(e) => return internal(e),
    };
    if page == "done" {
        return done(&state, &ctx, request).await;
    }
    if ctx.draft.reference.is_some() {
        return Redirect::to(&format!("/apply/{code}/done")).into_response();
    }
    let answers = &ctx.draft.answers;
    let pages = apply::pages(ctx.form, answers);
    let resume = apply::first_unanswered(ctx.form, answers);
    let position = |code: &str| pages.iter().position(|p| p.code == code);
    let allowed = match (page.as_str(), resume) {
        ("check", None) => true,
        ("check", Some(_)) => false,
        (p, Some(r)) => position(p).is_some_and(|i| Some(i) <= position(r.code)),
        (p, None) => position(p).is_some(),
    };
    if !allowed {
        if page != "check" && ctx.form.page(&page).is_none() {
            return super::not_found(&state, request).await;
        }
        // No skipping ahead past an unanswered question.
        return next_page(ctx.form, &code, answers);
    }
    let shown_page = ctx.form.page(&page).map(|p| p.code);
    let mut shown = answers.clone();
    // Never shown back in full: typed again when changed.
    for field in ctx.form.fields() {
        if field.kind == app::apply::forms::Kind::NationalId {
            shown.remove(field.name);
        }
    }
    let v = view(&ctx, shown_page, shown);
    render_with(&state, request, v, StatusCode::OK).await
}

/// POST /apply/{service}/{page}
pub async fn submit(
    State(state): State<AppState>,
    Path((code, page)): Path<(String, String)>,
    request: Request,
) -> Response {
    if application_service(&state, &code).is_none() {
        return super::not_found(&state, request).await;
    }
    let (request, pairs) = match read_form::<Vec<(String, String)>>(request, 64 * 1024).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let ctx = match context(&state, &code, request.headers()).await {
        Ok(Some(ctx)) => ctx,
        Ok(None) => return to_start(&code),
        Err(e) => return internal(e),
    };
    if ctx.draft.reference.is_some() {
        return Redirect::to(&format!("/apply/{code}/done")).into_response();
    }
    if page == "check" {
        let request =
            match super::limited(&state, super::limits::Class::Confirmation, request).await {
                Ok(request) => request,
                Err(response) => return response,
            };
        return send(&state, &ctx, request).await;
    }
    let Some(form_page) = ctx
        .form
        .page(&page)
        .filter(|p| apply::page_shown(p, &ctx.draft.answers))
    else {
        return super::not_found(&state, request).await;
    };
    let posted = form_answers(pairs);
    // Only this page's fields come from the form: a post cannot slip in another page's answer.
    let mut merged = ctx.draft.answers.clone();
    for field in form_page.fields {
        merged.insert(
            field.name.to_string(),
            posted.get(field.name).cloned().unwrap_or_default(),
        );
    }
    match apply::validate(form_page, &merged, &ctx.validation()) {
        Err(errors) => {
            let mut v = view(&ctx, Some(form_page.code), posted);
            v.errors = errors;
            render_with(&state, request, v, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Ok(values) => {
            let mut answers = ctx.draft.answers.clone();
            for field in form_page.fields {
                answers.remove(field.name);
            }
            if form_page.fields.iter().any(|f| f.name == "place")
                && answers.get("place") != values.get("place")
            {
                // Another place may open on other days.
                answers.remove("pickup_day");
            }
            answers.extend(values);
            apply::prune(ctx.form, &mut answers);
            if let Err(e) =
                drafts::save_draft(&state.pool, &state.data_key, &ctx.token, &answers, now()).await
            {
                return internal(e);
            }
            next_page(ctx.form, &code, &answers)
        }
    }
}

/// POST /apply/{service}/check: the application itself.
async fn send(state: &AppState, ctx: &Ctx, request: Request) -> Response {
    let mut answers = ctx.draft.answers.clone();
    let code = &ctx.service.code;
    if apply::first_unanswered(ctx.form, &answers).is_some() {
        return next_page(ctx.form, code, &answers);
    }
    // Every page is checked again: the calendar or the office may have changed meanwhile
    // (a pickup day that is no longer offered, say).
    let validation = ctx.validation();
    for page in apply::pages(ctx.form, &answers) {
        if let Err(errors) = apply::validate(page, &answers, &validation) {
            let mut v = view(ctx, Some(page.code), answers.clone());
            v.errors = errors;
            return render_with(state, request, v, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    }
    let replaces = answers.remove("replaces");
    let Ok(id) = NationalId::parse(answers.get("id").map(String::as_str).unwrap_or_default())
    else {
        return to_start(code);
    };
    let email = answers.get("email").and_then(|e| Email::parse(e).ok());
    let place = answers
        .get("place")
        .and_then(|id| ctx.office.locations.iter().find(|l| &l.id == id))
        .cloned();
    let pickup_day = answers
        .get("pickup_day")
        .and_then(|d| app::dates::parse_date(d));
    let due = apply::ready_day(&ctx.calendar, today(), ctx.service.processing_days);
    let lang = ctx.lang;
    let mail_to = email.clone();
    let service = ctx.service.clone();
    let office_name = ctx.office.name.clone();
    let masked_id = id.masked();
    let pickup = place
        .as_ref()
        .zip(pickup_day)
        .map(|(p, d)| (p.name.clone(), p.address.clone(), d));
    let changed = replaces.is_some();
    let mail = move |reference: &str| {
        let submitted = Submitted {
            reference: reference.to_string(),
            masked_id: masked_id.clone(),
            due,
            pickup: pickup.clone(),
            emailed: true,
        };
        let mut mail = received_mail(
            &service,
            &office_name,
            &submitted,
            mail_to.clone().expect("only called with an address"),
            lang,
        );
        if changed {
            mail.kind = "application_changed".into();
        }
        mail
    };
    let new = NewApplication {
        service: code,
        id: &id,
        answers: &answers,
        email: email.as_ref(),
        location_id: place.as_ref().map(|p| p.id.as_str()),
        pickup_day,
        due_day: due,
        draft: &ctx.token,
        mail: if email.is_some() { Some(&mail) } else { None },
        replaces: replaces.as_deref(),
    };
    match store::submit(&state.pool, &state.data_key, &new, now()).await {
        Ok(reference) => {
            tracing::info!(application.reference = %reference, service = %code, "application received");
            if email.is_some() {
                state.mail_wake.notify_one();
            }
            Redirect::to(&format!("/apply/{code}/done")).into_response()
        }
        Err(SubmitError::AlreadySubmitted) => {
            Redirect::to(&format!("/apply/{code}/done")).into_response()
        }
        Err(SubmitError::NothingToReplace) => {
            let mut v = view(ctx, None, ctx.draft.answers.clone());
            v.notice = Some(lang.t().cannot_change_application.to_string());
            render_with(state, request, v, StatusCode::CONFLICT).await
        }
        Err(SubmitError::App(e)) => internal(e),
    }
}

/// What the confirmation and the lookup show of a stored application.
pub fn submitted_of(office: &Office, a: &StoredApplication) -> Submitted {
    let place = a
        .location_id
        .as_ref()
        .and_then(|id| office.locations.iter().find(|l| &l.id == id));
    Submitted {
        reference: a.reference.clone(),
        masked_id: a.masked_id.clone(),
        due: a.due,
        pickup: place
            .zip(a.pickup_day)
            .map(|(p, d)| (p.name.clone(), p.address.clone(), d)),
        emailed: a.email.is_some(),
    }
}

/// GET /apply/{service}/done: the confirmation, for the browser that sent the application.
async fn done(state: &AppState, ctx: &Ctx, request: Request) -> Response {
    let Some(reference) = ctx.draft.reference.clone() else {
        return Redirect::to(&format!("/apply/{}/check", ctx.service.code)).into_response();
    };
    let stored = match store::find_by_reference(&state.pool, &state.data_key, &reference).await {
        Ok(Some(stored)) => stored,
        Ok(None) => return to_start(&ctx.service.code),
        Err(e) => return internal(e),
    };
    let mut v = view(ctx, None, Answers::new());
    v.summary.clear();
    v.notice = None;
    v.submitted = Some(submitted_of(&ctx.office, &stored));
    let token = store::form_token(&state.data_key, &reference, now() + 30 * 60);
    v.filled_forms = app::paper::filled_links(
        &ctx.service.code,
        &reference,
        &token,
        state.pdf_font.is_some(),
    );
    render_with(state, request, v, StatusCode::OK).await
}

fn received_mail(
    service: &Service,
    office: &app::i18n::L10n,
    s: &Submitted,
    to: Email,
    lang: Lang,
) -> OutgoingMail {
    let t = lang.t();
    let bring: Vec<String> = service
        .bring
        .get(lang)
        .iter()
        .map(|b| format!("- {b}"))
        .collect();
    let pickup = s
        .pickup
        .as_ref()
        .map(|(place, address, day)| {
            format!(
                "{}: {} {} ({})\n",
                t.pickup_label,
                format_date(lang, *day),
                place.get(lang),
                address.get(lang)
            )
        })
        .unwrap_or_default();
    let next = if s.pickup.is_some() {
        t.applied_next
    } else {
        t.applied_next_no_pickup
    };
    let body = format!(
        "{office}\n\n{title}\n\n{reference_label}: {reference}\n{service_label}: {service_name}\n{id_label}: {id}\n{due_label}: {due}\n{pickup}\n{bring_label}:\n{bring}\n\n{next}\n",
        office = office.get(lang),
        title = t.applied_title,
        reference_label = t.reference,
        reference = s.reference,
        service_label = t.services.title,
        service_name = service.name.get(lang),
        id_label = t.id_label,
        id = s.masked_id,
        due_label = t.due_label,
        due = format_date(lang, s.due),
        bring_label = t.bring,
        bring = bring.join("\n"),
    );
    OutgoingMail {
        kind: "application_received".into(),
        reference: Some(s.reference.clone()),
        to,
        subject: format!(
            "{}：{} {}",
            t.applied_title,
            service.name.get(lang),
            s.reference
        ),
        body,
        attachment: None,
    }
}
