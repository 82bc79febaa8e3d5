//! 意見信箱: sending a message (checked, registered with its due day and confirmed by mail in
//! one transaction), the case number page, the sender's lookup, and the published figures.

use super::AppState;
use super::booking::{read_form, render_with};
use super::page_context::prefs_of;
use app::error::{AppError, FieldError};
use app::i18n::{L10n, Lang};
use app::notify::ssr::OutgoingMail;
use app::petitions::ssr::{self as store, NewPetition};
use app::petitions::{MailboxView, Values};
use app::validate::{Email, Phone, free_text};
use axum::extract::{Query, Request, State};
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

fn categories(state: &AppState) -> Vec<(String, L10n, u32)> {
    state
        .petition_rules
        .categories
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                L10n::new(&c.name_zh, &c.name_en),
                c.working_days,
            )
        })
        .collect()
}

/// GET /mailbox
pub async fn form(State(state): State<AppState>, request: Request) -> Response {
    let view = MailboxView::Form {
        categories: categories(&state),
        values: Values::default(),
        errors: Vec::new(),
    };
    render_with(&state, request, view, StatusCode::OK).await
}

/// The form's values as posted.
fn values_of(form: &HashMap<String, String>) -> Values {
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    Values {
        category: field("category"),
        subject: field("subject"),
        message: field("message"),
        name: field("name"),
        email: field("email"),
        phone: field("phone"),
    }
}

/// POST /mailbox
pub async fn send(State(state): State<AppState>, request: Request) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let m = lang.t().mailbox;
    let request = match super::limited(&state, super::limits::Class::Submission, request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    // With a file the form comes as multipart (the page sends it so); without, either way.
    let multipart = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (request, form, file) = if multipart {
        let limit = (app::petitions::MAX_ATTACHMENT + 64 * 1024) as u64;
        match super::staff::read_multipart_partly(request, limit).await {
            Ok((request, form, file, true)) => (request, form, file),
            Ok((request, form, _, false)) => {
                let view = MailboxView::Form {
                    categories: categories(&state),
                    values: values_of(&form),
                    errors: vec![FieldError {
                        field: "file".into(),
                        message: m.attach_size.into(),
                    }],
                };
                return render_with(&state, request, view, StatusCode::PAYLOAD_TOO_LARGE).await;
            }
            Err(response) => return response,
        }
    } else {
        match read_form::<HashMap<String, String>>(request, 64 * 1024).await {
            Ok((request, form)) => (request, form, None),
            Err(response) => return response,
        }
    };
    let values = values_of(&form);
    let mut errors = Vec::new();
    let mut error = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        })
    };
    let category = state.petition_rules.category(&values.category);
    if category.is_none() {
        error("category", m.choose_category);
    }
    let mut checked = |name: &str, value: &str, max: usize| match free_text(value, max) {
        Some(t) if t.is_empty() => {
            error(name, m.required);
            String::new()
        }
        Some(t) => t,
        None => {
            error(name, m.too_long);
            String::new()
        }
    };
    let subject = checked("subject", &values.subject, 100);
    let message = checked("message", &values.message, 4000);
    let name = checked("name", &values.name, 50);
    let email = (!values.email.trim().is_empty()).then(|| Email::parse(&values.email));
    let phone = (!values.phone.trim().is_empty()).then(|| Phone::parse(&values.phone));
    if let Some(Err(e)) = &email {
        errors.push(FieldError {
            field: "email".into(),
            message: e.message(lang).into(),
        });
    }
    if let Some(Err(e)) = &phone {
        errors.push(FieldError {
            field: "phone".into(),
            message: e.message(lang).into(),
        });
    }
    if email.is_none() && phone.is_none() {
        errors.push(FieldError {
            field: "email".into(),
            message: m.need_contact.into(),
        });
    }
    // A file input left empty still sends a part, with no name and no bytes.
    let file = file.filter(|(name, bytes)| !name.is_empty() || !bytes.is_empty());
    let attachment = match &file {
        Some((name, bytes)) => match app::petitions::check_attachment(name, bytes) {
            Ok((name, content_type)) => Some((name, content_type)),
            Err(why) => {
                errors.push(FieldError {
                    field: "file".into(),
                    message: match why {
                        "size" => m.attach_size,
                        "content" | "empty" => m.attach_content,
                        _ => m.attach_type,
                    }
                    .into(),
                });
                None
            }
        },
        None => None,
    };
    let (Some(category), true) = (category, errors.is_empty()) else {
        let view = MailboxView::Form {
            categories: categories(&state),
            values,
            errors,
        };
        return render_with(&state, request, view, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let email = email.and_then(Result::ok);
    let phone = phone.and_then(Result::ok);
    let calendar = match state.office.calendar().await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    let received = app::dates::today_in_taipei();
    let due = state.petition_rules.due(&calendar, category, received);
    let office = match state.office.office().await {
        Ok(o) => o,
        Err(e) => return internal(e),
    };
    let to = email.clone();
    let category_name = category.name(lang).to_string();
    let office_name = office.name.get(lang).to_string();
    let mail = move |number: &str| OutgoingMail {
        kind: "petition_received".into(),
        reference: Some(number.to_string()),
        to: to.clone().expect("only called with an address"),
        subject: format!("{}（{number}）", m.mail_subject),
        body: format!(
            "{}：{number}\n{}：{category_name}\n{}：{}\n\n{}\n\n{office_name}\n",
            m.number,
            m.category,
            m.due,
            app::dates::format_date(lang, due),
            m.sent_next
        ),
        attachment: None,
    };
    let new = NewPetition {
        category: &category.code,
        subject: &subject,
        message: &message,
        name: &name,
        email: email.as_ref(),
        phone: phone.as_ref(),
        received,
        due,
        attachment: attachment.as_ref().zip(file.as_ref()).map(
            |((name, content_type), (_, bytes))| (name.as_str(), *content_type, bytes.as_slice()),
        ),
    };
    let mailer: Option<&(dyn Fn(&str) -> OutgoingMail + Sync)> =
        if email.is_some() { Some(&mail) } else { None };
    match store::submit(&state.pool, &state.data_key, &new, mailer, now()).await {
        Ok(number) => {
            tracing::info!(petition = %number, category = %category.code, "mailbox message received");
            if email.is_some() {
                state.mail_wake.notify_one();
            }
            let emailed = if email.is_some() { "1" } else { "0" };
            Redirect::to(&format!("/mailbox/sent/{number}?e={emailed}")).into_response()
        }
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
pub struct SentQuery {
    #[serde(default)]
    e: String,
}

/// GET /mailbox/sent/{number}: the case number and the due day (nothing personal).
pub async fn sent(
    State(state): State<AppState>,
    axum::extract::Path(number): axum::extract::Path<String>,
    Query(q): Query<SentQuery>,
    request: Request,
) -> Response {
    let due: Option<String> =
        match sqlx::query_scalar("SELECT due_day FROM petitions WHERE number = $1")
            .bind(&number)
            .fetch_optional(&state.pool)
            .await
        {
            Ok(d) => d,
            Err(e) => return internal(e.into()),
        };
    let Some(due) = due.and_then(|d| app::dates::parse_date(&d)) else {
        return super::not_found(&state, request).await;
    };
    let view = MailboxView::Sent {
        number,
        due,
        emailed: q.e == "1",
    };
    render_with(&state, request, view, StatusCode::OK).await
}

/// GET /mailbox/lookup
pub async fn lookup_form(State(state): State<AppState>, request: Request) -> Response {
    let view = MailboxView::Lookup {
        number: String::new(),
        errors: Vec::new(),
        notice: None,
        found: None,
    };
    render_with(&state, request, view, StatusCode::OK).await
}

/// POST /mailbox/lookup: the number and the e-mail or phone given with it.
pub async fn lookup(State(state): State<AppState>, request: Request) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let m = lang.t().mailbox;
    let request = match super::limited(&state, super::limits::Class::Lookup, request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let (request, form) = match read_form::<HashMap<String, String>>(request, 16 * 1024).await {
        Ok(read) => read,
        Err(response) => return response,
    };
    let number = form
        .get("number")
        .map(|n| n.trim().to_uppercase())
        .unwrap_or_default();
    let contact = form
        .get("contact")
        .map(|c| c.trim().to_string())
        .unwrap_or_default();
    let mut errors = Vec::new();
    if number.is_empty() || number.chars().count() > 20 {
        errors.push(FieldError {
            field: "number".into(),
            message: m.required.into(),
        });
    }
    if contact.is_empty() {
        errors.push(FieldError {
            field: "contact".into(),
            message: m.need_contact.into(),
        });
    }
    if !errors.is_empty() {
        let view = MailboxView::Lookup {
            number,
            errors,
            notice: None,
            found: None,
        };
        return render_with(&state, request, view, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let calendar = match state.office.calendar().await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    let today = app::dates::today_in_taipei();
    match store::find_for_sender(
        &state.pool,
        &state.data_key,
        &number,
        &contact,
        &calendar,
        today,
    )
    .await
    {
        Ok(Some(found)) => {
            let view = MailboxView::Lookup {
                number,
                errors: Vec::new(),
                notice: None,
                found: Some(Box::new(found)),
            };
            render_with(&state, request, view, StatusCode::OK).await
        }
        Ok(None) => {
            let view = MailboxView::Lookup {
                number,
                errors: Vec::new(),
                notice: Some(m.not_found.into()),
                found: None,
            };
            render_with(&state, request, view, StatusCode::NOT_FOUND).await
        }
        Err(e) => internal(e),
    }
}

/// GET /mailbox/statistics
pub async fn statistics(State(state): State<AppState>, request: Request) -> Response {
    match store::monthly(&state.pool).await {
        Ok(months) => {
            let categories = categories(&state)
                .into_iter()
                .map(|(c, n, _)| (c, n))
                .collect();
            render_with(
                &state,
                request,
                MailboxView::Statistics { months, categories },
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}
