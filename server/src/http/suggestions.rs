//! 創新服務及改進建議 over HTTP: the published list, a citizen's suggestion (checked, registered and
//! confirmed by mail in one transaction), its progress by number; for staff, the list, their own
//! suggestions, and the review group's scores, decision and published text.

use super::AppState;
use super::booking::{read_form, render_with};
use super::page_context::prefs_of;
use super::staff::{at, signed_in, signed_in_form, view};
use app::error::{AppError, FieldError};
use app::i18n::Lang;
use app::notify::ssr::OutgoingMail;
use app::staff::ssr as accounts;
use app::staff::{StaffPage, StaffUser};
use app::suggestions::ssr::{self as store, Decision, NewSuggestion, Outcome};
use app::suggestions::{AREAS, Score, SuggestionsView, TEXT_MAX, TITLE_MAX, Values};
use app::validate::{Email, free_text};
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn internal(error: AppError) -> Response {
    (error.status(), error.message(Lang::ZhTw)).into_response()
}

fn error(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// A suggestion as posted, checked: its cleaned texts and e-mail, or the errors to show.
struct Checked {
    title: String,
    current: String,
    proposal: String,
    name: String,
    email: Option<Email>,
}

fn check(
    form: &HashMap<String, String>,
    lang: Lang,
    citizen: bool,
) -> (Values, Result<Checked, Vec<FieldError>>) {
    let t = lang.t().suggestions;
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let values = Values {
        area: field("area"),
        title: field("title"),
        current: field("current"),
        proposal: field("proposal"),
        name: if citizen {
            field("name")
        } else {
            String::new()
        },
        email: if citizen {
            field("email")
        } else {
            String::new()
        },
    };
    let mut errors = Vec::new();
    if !AREAS.iter().any(|(code, _, _)| *code == values.area) {
        errors.push(error("area", t.choose_area));
    }
    let mut text = |name: &str, value: &str, max: usize, required: bool| match free_text(value, max)
    {
        Some(v) if v.is_empty() && required => {
            errors.push(error(name, t.required));
            v
        }
        Some(v) => v,
        None => {
            errors.push(error(name, t.too_long));
            String::new()
        }
    };
    let title = text("title", &values.title, TITLE_MAX, true);
    let current = text("current", &values.current, TEXT_MAX, false);
    let proposal = text("proposal", &values.proposal, TEXT_MAX, true);
    let name = text("name", &values.name, 50, false);
    let email = match values.email.trim() {
        "" => None,
        e => match Email::parse(e) {
            Ok(e) => Some(e),
            Err(invalid) => {
                errors.push(error("email", invalid.message(lang)));
                None
            }
        },
    };
    let checked = if errors.is_empty() {
        Ok(Checked {
            title,
            current,
            proposal,
            name,
            email,
        })
    } else {
        Err(errors)
    };
    (values, checked)
}

/// GET /suggestions: the adopted suggestions and the yearly figures.
pub async fn published(State(state): State<AppState>, request: Request) -> Response {
    let adopted = match store::published(&state.pool).await {
        Ok(a) => a,
        Err(e) => return internal(e),
    };
    match store::yearly(&state.pool).await {
        Ok(years) => {
            render_with(
                &state,
                request,
                SuggestionsView::Published { adopted, years },
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

/// GET /suggestions/new
pub async fn form(State(state): State<AppState>, request: Request) -> Response {
    let view = SuggestionsView::Form {
        values: Values::default(),
        errors: Vec::new(),
    };
    render_with(&state, request, view, StatusCode::OK).await
}

/// POST /suggestions/new: a citizen's suggestion (rate-limited with the mailbox and survey).
pub async fn send(State(state): State<AppState>, request: Request) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let t = lang.t().suggestions;
    let request = match super::limited(&state, super::limits::Class::Submission, request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let (request, form) = match read_form::<HashMap<String, String>>(
        request,
        super::booking::form_limit(
            app::suggestions::TITLE_MAX + 2 * app::suggestions::TEXT_MAX + 200,
        ),
    )
    .await
    {
        Ok(read) => read,
        Err(response) => return response,
    };
    let (values, checked) = check(&form, lang, true);
    let c = match checked {
        Ok(c) => c,
        Err(errors) => {
            let view = SuggestionsView::Form { values, errors };
            return render_with(&state, request, view, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let office = match state.office.office().await {
        Ok(o) => o,
        Err(e) => return internal(e),
    };
    let to = c.email.clone();
    let office_name = office.name.get(lang).to_string();
    let title = c.title.clone();
    let mail = move |number: &str| OutgoingMail {
        kind: "suggestion_received".into(),
        reference: Some(number.to_string()),
        to: to.clone().expect("only called with an address"),
        subject: format!("{}（{number}）", t.mail_subject),
        body: format!(
            "{}：{number}\n{}：{title}\n\n{}\n\n{office_name}\n",
            t.number, t.title, t.sent
        ),
        attachment: None,
    };
    let new = NewSuggestion {
        area: &values.area,
        title: &c.title,
        current: &c.current,
        proposal: &c.proposal,
        name: (!c.name.is_empty()).then_some(c.name.as_str()),
        email: c.email.as_ref(),
        staff_id: None,
        received: app::dates::today_in_taipei(),
    };
    let mailer: Option<&(dyn Fn(&str) -> OutgoingMail + Sync)> =
        if c.email.is_some() { Some(&mail) } else { None };
    match store::submit(&state.pool, &state.data_key, &new, mailer, now()).await {
        Ok(number) => {
            tracing::info!(suggestion = %number, area = %values.area, "suggestion received");
            if c.email.is_some() {
                state.mail_wake.notify_one();
            }
            let emailed = if c.email.is_some() { "1" } else { "0" };
            Redirect::to(&format!(
                "/suggestions/status?number={number}&sent=1&e={emailed}"
            ))
            .into_response()
        }
        Err(e) => internal(e),
    }
}

#[derive(Deserialize, Default)]
pub struct StatusQuery {
    #[serde(default)]
    number: String,
    #[serde(default)]
    sent: String,
    #[serde(default)]
    e: String,
}

/// GET /suggestions/status?number=…: the form, or a suggestion's progress.
pub async fn status(
    State(state): State<AppState>,
    Query(q): Query<StatusQuery>,
    request: Request,
) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let t = lang.t().suggestions;
    let number: String = q
        .number
        .trim()
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(20)
        .collect();
    let page = |notice: Option<String>, found| SuggestionsView::Status {
        number: number.clone(),
        notice,
        found,
    };
    if number.is_empty() {
        return render_with(&state, request, page(None, None), StatusCode::OK).await;
    }
    let request = match super::limited(&state, super::limits::Class::Lookup, request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    match store::status_of(&state.pool, &state.data_key, &number).await {
        Ok(Some(found)) => {
            let notice = (q.sent == "1").then(|| {
                if q.e == "1" {
                    format!("{} {}", t.sent, t.emailed)
                } else {
                    t.sent.to_string()
                }
            });
            render_with(
                &state,
                request,
                page(notice, Some(Box::new(found))),
                StatusCode::OK,
            )
            .await
        }
        Ok(None) => {
            render_with(
                &state,
                request,
                page(Some(t.not_found.into()), None),
                StatusCode::NOT_FOUND,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

async fn list_page(
    state: &AppState,
    request: Request,
    user: StaffUser,
    values: Values,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Response {
    match store::list(&state.pool, &state.data_key).await {
        Ok(rows) => {
            let mut v = view(Some(user), StaffPage::Suggestions { rows, values });
            v.errors = errors;
            render_with(state, at(request, "/staff/suggestions"), v, status).await
        }
        Err(e) => internal(e),
    }
}

/// GET /staff/suggestions: every staff member sees the list and may make a suggestion.
pub async fn staff_list(State(state): State<AppState>, request: Request) -> Response {
    let (request, _, user) = match signed_in(&state, request).await {
        Ok(s) => s,
        Err(response) => return response,
    };
    list_page(
        &state,
        request,
        user,
        Values::default(),
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// POST /staff/suggestions: a staff member's suggestion, registered in their name.
pub async fn staff_send(State(state): State<AppState>, request: Request) -> Response {
    let (request, user, form) = match signed_in_form(&state, request).await {
        Ok(f) => f,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let (values, checked) = check(&form, lang, false);
    let c = match checked {
        Ok(c) => c,
        Err(errors) => {
            return list_page(
                &state,
                request,
                user,
                values,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let new = NewSuggestion {
        area: &values.area,
        title: &c.title,
        current: &c.current,
        proposal: &c.proposal,
        name: Some(&user.display_name),
        email: None,
        staff_id: Some(&user.id),
        received: app::dates::today_in_taipei(),
    };
    match store::submit(&state.pool, &state.data_key, &new, None, now()).await {
        Ok(number) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "suggestion_made",
                Some(&number),
                "",
                now(),
            )
            .await;
            Redirect::to(&format!("/staff/suggestions/{number}?done=saved")).into_response()
        }
        Err(e) => internal(e),
    }
}

async fn one_page(
    state: &AppState,
    request: Request,
    user: StaffUser,
    number: &str,
    notice: Option<String>,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Response {
    match store::get(&state.pool, &state.data_key, number, &user.id).await {
        Ok(Some(detail)) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                "suggestion_viewed",
                Some(number),
                "",
                now(),
            )
            .await;
            let mut v = view(Some(user), StaffPage::Suggestion(Box::new(detail)));
            v.notice = notice;
            v.errors = errors;
            render_with(
                state,
                at(request, &format!("/staff/suggestions/{number}")),
                v,
                status,
            )
            .await
        }
        Ok(None) => super::not_found(state, request).await,
        Err(e) => internal(e),
    }
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

/// GET /staff/suggestions/{number}: one suggestion in full (the access is logged).
pub async fn staff_one(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Query(q): Query<DoneQuery>,
    request: Request,
) -> Response {
    let (request, _, user) = match signed_in(&state, request).await {
        Ok(s) => s,
        Err(response) => return response,
    };
    let notice = (q.done == "saved").then(|| {
        prefs_of(request.headers())
            .lang
            .t()
            .suggestions
            .saved
            .to_string()
    });
    one_page(
        &state,
        request,
        user,
        &number,
        notice,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// POST /staff/suggestions/{number}/{score|decide|publish}: the review group's work.
pub async fn staff_action(
    State(state): State<AppState>,
    Path((number, action)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (request, user, form) = match signed_in_form(&state, request).await {
        Ok(f) => f,
        Err(response) => return response,
    };
    let lang = prefs_of(request.headers()).lang;
    let t = lang.t().suggestions;
    if !matches!(action.as_str(), "score" | "decide" | "publish") {
        return super::not_found(&state, request).await;
    }
    if !user.reviews() {
        tracing::warn!(staff = %user.username, "suggestion review refused: not in the review group");
        return one_page(
            &state,
            request,
            user,
            &number,
            Some(t.only_reviewers.into()),
            Vec::new(),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let field = |name: &str| form.get(name).cloned();
    let text = |name: &str, max: usize| free_text(&field(name).unwrap_or_default(), max);
    let refuse = |errors: Vec<FieldError>| (None, errors, StatusCode::UNPROCESSABLE_ENTITY);
    let outcome = match action.as_str() {
        "score" => match Score::parse(&user.display_name, field) {
            Ok(score) => store::score(&state.pool, &number, &user.id, &score, now()).await,
            Err(code) => {
                let (n, e, s) = refuse(vec![error(code, t.choose_score)]);
                return one_page(&state, request, user, &number, n, e, s).await;
            }
        },
        "decide" => {
            let adopted = match field("decision").as_deref() {
                Some("adopt") => Some(true),
                Some("reject") => Some(false),
                _ => None,
            };
            let reason = text("reason", TEXT_MAX).unwrap_or_default();
            let public_title = text("public_title", TITLE_MAX).unwrap_or_default();
            let public_change = text("public_change", TEXT_MAX).unwrap_or_default();
            let mut errors = Vec::new();
            if adopted.is_none() {
                errors.push(error("decision", t.choose_decision));
            }
            if reason.is_empty() {
                errors.push(error("reason", t.required));
            }
            if adopted == Some(true) {
                if public_title.is_empty() {
                    errors.push(error("public_title", t.public_hint));
                }
                if public_change.is_empty() {
                    errors.push(error("public_change", t.public_hint));
                }
            }
            let Some(adopted) = adopted.filter(|_| errors.is_empty()) else {
                let (n, e, s) = refuse(errors);
                return one_page(&state, request, user, &number, n, e, s).await;
            };
            let to = match store::email_of(&state.pool, &state.data_key, &number).await {
                Ok(to) => to,
                Err(e) => return internal(e),
            };
            let office = match state.office.office().await {
                Ok(o) => o,
                Err(e) => return internal(e),
            };
            let verdict = if adopted { t.adopt } else { t.reject };
            let change = if adopted {
                format!("\n\n{}：{public_title}\n{public_change}", t.change)
            } else {
                String::new()
            };
            let mail = to.map(|to| OutgoingMail {
                kind: "suggestion_decided".into(),
                reference: Some(number.clone()),
                to,
                subject: format!("{}（{number}）", t.mail_decided_subject),
                body: format!(
                    "{}：{number}\n{}：{verdict}\n\n{}：\n{reason}{change}\n\n{}\n",
                    t.number,
                    t.decision,
                    t.reason,
                    office.name.get(lang)
                ),
                attachment: None,
            });
            let decision = Decision {
                adopted,
                reason: &reason,
                public: adopted.then_some((public_title.as_str(), public_change.as_str())),
                by: (&user.id, &user.display_name),
                day: app::dates::today_in_taipei(),
            };
            let done = store::decide(
                &state.pool,
                &state.data_key,
                &number,
                &decision,
                mail.as_ref(),
                now(),
            )
            .await;
            if matches!(done, Ok(Outcome::Done)) && mail.is_some() {
                state.mail_wake.notify_one();
            }
            done
        }
        _ => {
            let title = text("public_title", TITLE_MAX).unwrap_or_default();
            let change = text("public_change", TEXT_MAX).unwrap_or_default();
            let mut errors = Vec::new();
            if title.is_empty() {
                errors.push(error("public_title", t.required));
            }
            if change.is_empty() {
                errors.push(error("public_change", t.required));
            }
            if !errors.is_empty() {
                let (n, e, s) = refuse(errors);
                return one_page(&state, request, user, &number, n, e, s).await;
            }
            match store::publish(&state.pool, &number, &title, &change, now()).await {
                Ok(true) => Ok(Outcome::Done),
                Ok(false) => Ok(Outcome::NotFound),
                Err(e) => Err(e),
            }
        }
    };
    let conflict = |message: String| (Some(message), Vec::new(), StatusCode::CONFLICT);
    let (notice, errors, status) = match outcome {
        Ok(Outcome::Done) => {
            let _ = accounts::audit(
                &state.pool,
                Some(&user.id),
                &format!("suggestion_{action}"),
                Some(&number),
                "",
                now(),
            )
            .await;
            return Redirect::to(&format!("/staff/suggestions/{number}?done=saved"))
                .into_response();
        }
        Ok(Outcome::NotFound) => return super::not_found(&state, request).await,
        Ok(Outcome::AlreadyDecided) => conflict(t.already_decided.into()),
        Ok(Outcome::Own) => conflict(t.own_suggestion.into()),
        Ok(Outcome::TooFewScores(n)) => conflict(
            t.too_few
                .replace("{min}", &app::suggestions::MIN_SCORES.to_string())
                .replace("{n}", &n.to_string()),
        ),
        Err(e) => return internal(e),
    };
    one_page(&state, request, user, &number, notice, errors, status).await
}
