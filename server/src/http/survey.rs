//! 滿意度調查: the general survey (rate-limited), the survey of one visit (its reference must
//! exist; one answer per reference; the counter that served it recorded), the survey of one
//! counter reached by the QR code printed for it (rate-limited like the general one), thanks,
//! and the published results.

use super::AppState;
use super::booking::{read_form, render_with};
use super::page_context::prefs_of;
use app::error::{AppError, FieldError};
use app::i18n::{L10n, Lang};
use app::surveys::ssr::{self as store, AnswerError};
use app::surveys::{Kind, Question, SurveyView};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::{BTreeMap, HashMap};

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn internal(error: AppError) -> Response {
    (error.status(), error.message(Lang::ZhTw)).into_response()
}

/// A location's counter by their ids: the place and counter name (`None`: no such counter).
async fn counter_name(
    state: &AppState,
    location: &str,
    counter: &str,
) -> Result<Option<L10n>, AppError> {
    let office = state.office.office().await?;
    Ok(office
        .locations
        .iter()
        .find(|l| l.id == location)
        .and_then(|l| {
            l.counters.iter().find(|c| c.id == counter).map(|c| {
                L10n::new(
                    format!("{} {}", l.name.get(Lang::ZhTw), c.name.get(Lang::ZhTw)),
                    format!("{}, {}", l.name.get(Lang::En), c.name.get(Lang::En)),
                )
            })
        }))
}

/// The counter that served a booking's visit, if it was called to one.
async fn counter_of(
    state: &AppState,
    reference: &str,
) -> Result<Option<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT location_id, counter_id FROM tickets WHERE booking_reference = $1 AND counter_id IS NOT NULL",
    )
    .bind(reference)
    .fetch_optional(&state.pool)
    .await?)
}

/// The service of a booking or an application with this reference.
async fn service_of(state: &AppState, reference: &str) -> Result<Option<String>, AppError> {
    for sql in [
        "SELECT service FROM bookings WHERE reference = $1",
        "SELECT service FROM applications WHERE reference = $1",
    ] {
        let found: Option<String> = sqlx::query_scalar(sql)
            .bind(reference)
            .fetch_optional(&state.pool)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

fn service_name(state: &AppState, code: &str) -> L10n {
    state
        .services
        .service(code)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| L10n::new(code, code))
}

async fn form(
    state: &AppState,
    request: Request,
    reference: Option<String>,
    counter: Option<(String, String)>,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Response {
    let (version, questions) = match store::current(&state.pool, now()).await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    let service = match &reference {
        Some(r) => match service_of(state, r).await {
            Ok(Some(code)) => Some(service_name(state, &code)),
            Ok(None) => return super::not_found(state, request).await,
            Err(e) => return internal(e),
        },
        None => None,
    };
    let counter = match counter {
        Some((location, counter)) => match counter_name(state, &location, &counter).await {
            Ok(Some(name)) => Some(Box::new((location, counter, name))),
            Ok(None) => return super::not_found(state, request).await,
            Err(e) => return internal(e),
        },
        None => None,
    };
    let view = SurveyView::Form {
        version,
        questions,
        reference,
        counter,
        service,
        errors,
    };
    render_with(state, request, view, status).await
}

/// GET /survey
pub async fn general(State(state): State<AppState>, request: Request) -> Response {
    form(&state, request, None, None, Vec::new(), StatusCode::OK).await
}

/// GET /survey/counter/{location}/{counter}: the survey of one counter (its QR code).
pub async fn counter(
    State(state): State<AppState>,
    Path((location, counter)): Path<(String, String)>,
    request: Request,
) -> Response {
    let at = Some((location, counter));
    form(&state, request, None, at, Vec::new(), StatusCode::OK).await
}

/// POST /survey/counter/{location}/{counter}
pub async fn send_counter(
    State(state): State<AppState>,
    Path((location, counter)): Path<(String, String)>,
    request: Request,
) -> Response {
    submit(state, None, Some((location, counter)), request).await
}

/// GET /survey/counter/{location}/{counter}/qr.svg: the QR code to print for the counter,
/// pointing at its survey on this site.
pub async fn counter_qr(
    State(state): State<AppState>,
    Path((location, counter)): Path<(String, String)>,
    request: Request,
) -> Response {
    match counter_name(&state, &location, &counter).await {
        Ok(Some(_)) => {}
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    }
    let url = format!(
        "{}/survey/counter/{location}/{counter}",
        super::content::base_url(&state, request.headers())
    );
    (
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        super::booking::qr_svg(&url),
    )
        .into_response()
}

/// GET /survey/visit/{reference}
pub async fn visit(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    request: Request,
) -> Response {
    let reference = reference.trim().to_uppercase();
    match store::answered(&state.pool, &state.data_key, &reference).await {
        Ok(true) => {
            let t = prefs_of(request.headers()).lang.t().survey;
            (StatusCode::CONFLICT, t.already).into_response()
        }
        Ok(false) => {
            form(
                &state,
                request,
                Some(reference),
                None,
                Vec::new(),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

/// The values chosen (question → rating or option) and the comment, if any.
type Checked = (BTreeMap<String, u8>, Option<String>);

/// The answers of a posted form, or what is wrong with them (every question but text needed).
fn checked(
    questions: &[Question],
    form: &HashMap<String, String>,
    lang: Lang,
) -> Result<Checked, Vec<FieldError>> {
    let t = lang.t().survey;
    let mut values = BTreeMap::new();
    let mut comment = None;
    let mut errors = Vec::new();
    for q in questions {
        let raw = form.get(&q.id).map(|v| v.trim()).unwrap_or("");
        match &q.kind {
            Kind::Rating => match raw.parse::<u8>() {
                Ok(n) if (1..=5).contains(&n) => {
                    values.insert(q.id.clone(), n);
                }
                _ => errors.push(FieldError {
                    field: q.id.clone(),
                    message: t.choose.into(),
                }),
            },
            Kind::Choice(options) => match raw.parse::<u8>() {
                Ok(n) if usize::from(n) < options.len() => {
                    values.insert(q.id.clone(), n);
                }
                _ => errors.push(FieldError {
                    field: q.id.clone(),
                    message: t.choose.into(),
                }),
            },
            Kind::Text => {
                let text: String = raw
                    .chars()
                    .filter(|c| !c.is_control() || *c == '\n')
                    .collect();
                if text.chars().count() > 1000 {
                    errors.push(FieldError {
                        field: q.id.clone(),
                        message: t.too_long.into(),
                    });
                } else if !text.is_empty() {
                    comment = Some(text);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok((values, comment))
    } else {
        Err(errors)
    }
}

async fn submit(
    state: AppState,
    reference: Option<String>,
    counter: Option<(String, String)>,
    request: Request,
) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let request = if reference.is_none() {
        match super::limited(&state, super::limits::Class::Submission, request).await {
            Ok(request) => request,
            Err(response) => return response,
        }
    } else {
        request
    };
    let (request, posted) = match read_form::<HashMap<String, String>>(
        request,
        super::booking::form_limit(1_200),
    )
    .await
    {
        Ok(read) => read,
        Err(response) => return response,
    };
    let (version, questions) = match store::current(&state.pool, now()).await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    let service = match &reference {
        Some(r) => match service_of(&state, r).await {
            Ok(Some(code)) => Some(code),
            Ok(None) => return super::not_found(&state, request).await,
            Err(e) => return internal(e),
        },
        None => None,
    };
    // The counter: the one whose QR code was scanned, or the one that served the visit.
    let counter = match (counter, &reference) {
        (Some((location, counter)), _) => match counter_name(&state, &location, &counter).await {
            Ok(Some(_)) => Some((location, counter)),
            Ok(None) => return super::not_found(&state, request).await,
            Err(e) => return internal(e),
        },
        (None, Some(r)) => match counter_of(&state, r).await {
            Ok(found) => found,
            Err(e) => return internal(e),
        },
        (None, None) => None,
    };
    let qr = counter.clone().filter(|_| reference.is_none());
    // The questions changed while the form was open: ask again with the current ones.
    if posted.get("version").and_then(|v| v.parse::<i64>().ok()) != Some(version) {
        return form(
            &state,
            request,
            reference,
            qr,
            Vec::new(),
            StatusCode::CONFLICT,
        )
        .await;
    }
    let (values, comment) = match checked(&questions, &posted, lang) {
        Ok(v) => v,
        Err(errors) => {
            return form(
                &state,
                request,
                reference,
                qr,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match store::answer(
        &state.pool,
        &state.data_key,
        version,
        reference.as_deref(),
        service.as_deref(),
        counter.as_ref().map(|(l, c)| (l.as_str(), c.as_str())),
        &values,
        comment.as_deref(),
        now(),
    )
    .await
    {
        Ok(()) => Redirect::to("/survey/thanks").into_response(),
        Err(AnswerError::AlreadyAnswered) => {
            (StatusCode::CONFLICT, lang.t().survey.already).into_response()
        }
        Err(AnswerError::App(e)) => internal(e),
    }
}

/// POST /survey
pub async fn send_general(State(state): State<AppState>, request: Request) -> Response {
    submit(state, None, None, request).await
}

/// POST /survey/visit/{reference}
pub async fn send_visit(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    request: Request,
) -> Response {
    submit(state, Some(reference.trim().to_uppercase()), None, request).await
}

/// GET /survey/thanks
pub async fn thanks(State(state): State<AppState>, request: Request) -> Response {
    render_with(&state, request, SurveyView::Thanks, StatusCode::OK).await
}

/// GET /survey/results: the current version's results.
pub async fn results(State(state): State<AppState>, request: Request) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let (version, questions) = match store::current(&state.pool, now()).await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    let answers = match store::answers(&state.pool, version).await {
        Ok(a) => a,
        Err(e) => return internal(e),
    };
    let name = |code: &str| service_name(&state, code).get(lang).to_string();
    let office = match state.office.office().await {
        Ok(o) => o,
        Err(e) => return internal(e),
    };
    let counter = |key: &str| {
        let (location, counter) = key.split_once('/').unwrap_or((key, ""));
        office
            .locations
            .iter()
            .find(|l| l.id == location)
            .and_then(|l| {
                l.counters
                    .iter()
                    .find(|c| c.id == counter)
                    .map(|c| format!("{} {}", l.name.get(lang), c.name.get(lang)))
            })
            .unwrap_or_else(|| key.to_string())
    };
    let results = app::surveys::results(version, &questions, &answers, lang, &name, &counter);
    render_with(
        &state,
        request,
        SurveyView::Results(Box::new(results)),
        StatusCode::OK,
    )
    .await
}
