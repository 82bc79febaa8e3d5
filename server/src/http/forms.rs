//! 申請書表下載: the catalogue, each form in HTML, its ODT / ODS / PDF made on request from the
//! form's definition, the forms editors uploaded, and an application's filled-in form for the
//! person who sent it.

use super::AppState;
use super::booking::render_with;
use super::page_context::prefs_of;
use app::apply::ssr as applications;
use app::error::AppError;
use app::i18n::Lang;
use app::paper::{self, Doc, Entry, Filled, Format, FormsView, Source};
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn internal(error: AppError) -> Response {
    (error.status(), error.message(Lang::ZhTw)).into_response()
}

#[derive(Deserialize)]
pub struct TopicQuery {
    #[serde(default)]
    topic: String,
}

/// GET /forms and /forms?topic=…
pub async fn catalogue(
    State(state): State<AppState>,
    Query(q): Query<TopicQuery>,
    request: Request,
) -> Response {
    let topic = match q.topic.as_str() {
        "" => None,
        code => match paper::topic(code) {
            Some(t) => Some(t.code.to_string()),
            None => return super::not_found(&state, request).await,
        },
    };
    match paper::ssr::list(&state.pool, false).await {
        Ok(uploads) => {
            let view = FormsView::Catalogue {
                topic,
                uploads,
                pdf: state.pdf_font.is_some(),
            };
            render_with(&state, request, view, StatusCode::OK).await
        }
        Err(e) => internal(e),
    }
}

/// The printable form of a catalogue entry, blank or filled in.
async fn doc(
    state: &AppState,
    entry: &Entry,
    lang: Lang,
    filled: Option<&Filled<'_>>,
) -> Result<Doc, AppError> {
    let office = state.office.office().await?;
    let service = entry
        .online
        .then(|| state.services.service(entry.slug))
        .flatten();
    let src = Source {
        office: &office,
        service,
    };
    Ok(paper::build(entry, &src, lang, filled))
}

/// The file of a form in a format, or `None` when the format is not offered.
fn render(state: &AppState, entry: &Entry, doc: &Doc, format: Format) -> Option<Vec<u8>> {
    if !entry.formats().contains(&format) {
        return None;
    }
    match format {
        Format::Odt => Some(paper::odf::odt(doc)),
        Format::Ods => Some(paper::odf::ods(doc)),
        Format::Pdf => {
            let font = state.pdf_font.as_ref()?;
            match paper::pdf::pdf(doc, font) {
                Ok(bytes) => Some(bytes),
                Err(e) => {
                    tracing::error!(error = %e, form = entry.slug, "making a PDF");
                    None
                }
            }
        }
    }
}

fn attachment(format: Format, file_name: &str, bytes: Vec<u8>, cache: &str) -> Response {
    super::download(format.content_type(), file_name, false, cache, bytes)
}

/// GET /forms/{slug} (the form in HTML) and /forms/{slug}.{odt,ods,pdf} (the file).
pub async fn form(
    State(state): State<AppState>,
    Path(file): Path<String>,
    request: Request,
) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let (slug, format) = match file.rsplit_once('.') {
        Some((slug, ext)) => match Format::from_ext(ext) {
            Some(format) => (slug, Some(format)),
            None => return super::not_found(&state, request).await,
        },
        None => (file.as_str(), None),
    };
    let Some(entry) = paper::entry(slug) else {
        return super::not_found(&state, request).await;
    };
    let doc = match doc(&state, entry, lang, None).await {
        Ok(doc) => doc,
        Err(e) => return internal(e),
    };
    match format {
        None => {
            let view = FormsView::Form {
                entry,
                doc: Box::new(doc),
                pdf: state.pdf_font.is_some(),
            };
            render_with(&state, request, view, StatusCode::OK).await
        }
        Some(format) => match render(&state, entry, &doc, format) {
            Some(bytes) => attachment(
                format,
                &format!("{}-{}.{}", entry.slug, lang.code(), format.ext()),
                bytes,
                "public, max-age=3600",
            ),
            None => super::not_found(&state, request).await,
        },
    }
}

/// GET /forms/files/{id}/{name}: a form an editor uploaded.
pub async fn upload(
    State(state): State<AppState>,
    Path((id, _name)): Path<(String, String)>,
    request: Request,
) -> Response {
    serve_upload(&state, &id, false, request).await
}

pub async fn serve_upload(state: &AppState, id: &str, any: bool, request: Request) -> Response {
    match paper::ssr::file(&state.pool, id, any).await {
        Ok(Some((name, content_type, bytes))) => {
            super::download(&content_type, &name, false, "public, max-age=600", bytes)
        }
        Ok(None) => super::not_found(state, request).await,
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// GET /applications/{reference}/form.{odt,ods,pdf}?token=…: the application's form filled in
/// with its answers (the ID number in full), only with the token its lookup or confirmation
/// page gave (30 minutes). Never cached, never logged with the reference's answers.
pub async fn filled(
    State(state): State<AppState>,
    Path((reference, file)): Path<(String, String)>,
    Query(q): Query<TokenQuery>,
    request: Request,
) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let format = file.strip_prefix("form.").and_then(Format::from_ext);
    let Some(format) = format else {
        return super::not_found(&state, request).await;
    };
    if !applications::form_token_valid(&state.data_key, &reference, &q.token, now()) {
        let t = lang.t();
        return (StatusCode::FORBIDDEN, t.forms.filled_expired).into_response();
    }
    let (service, answers) =
        match applications::answers_of(&state.pool, &state.data_key, &reference).await {
            Ok(Some(found)) => found,
            Ok(None) => return super::not_found(&state, request).await,
            Err(e) => return internal(e),
        };
    let Some(entry) = paper::entry_of_service(&service) else {
        return super::not_found(&state, request).await;
    };
    let filled = Filled {
        answers: &answers,
        reference: &reference,
    };
    let doc = match doc(&state, entry, lang, Some(&filled)).await {
        Ok(doc) => doc,
        Err(e) => return internal(e),
    };
    match render(&state, entry, &doc, format) {
        Some(bytes) => {
            tracing::info!(application.reference = %reference, format = format.ext(), "filled-in form downloaded");
            attachment(
                format,
                &format!("{}-{reference}.{}", entry.slug, format.ext()),
                bytes,
                "no-store",
            )
        }
        None => super::not_found(&state, request).await,
    }
}
