//! The reader's preferences without JavaScript: the text-size and language forms post here,
//! get a cookie, and are sent back to the page they came from.

use super::AppState;
use super::page_context::prefs_of;
use app::i18n::Lang;
use app::site::{FONT_SIZE_COOKIE, FontSize, LANG_COOKIE, safe_local_path};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct FontSizeForm {
    #[serde(default)]
    size: String,
    #[serde(default)]
    back: String,
}

#[derive(Deserialize)]
pub struct LangForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

const ONE_YEAR: u32 = 365 * 24 * 60 * 60;

pub async fn set_font_size(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<FontSizeForm>,
) -> Response {
    let lang = prefs_of(&headers).lang;
    match FontSize::from_code(&form.size) {
        Some(size) => back_with_cookie(&state, FONT_SIZE_COOKIE, size.code(), &form.back),
        None => bad_request(lang, &form.back),
    }
}

pub async fn set_lang(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LangForm>,
) -> Response {
    match Lang::from_code(&form.lang) {
        Some(lang) => back_with_cookie(&state, LANG_COOKIE, lang.code(), &form.back),
        None => bad_request(prefs_of(&headers).lang, &form.back),
    }
}

fn back_with_cookie(state: &AppState, name: &str, value: &str, back: &str) -> Response {
    let target = safe_local_path(back).unwrap_or("/");
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie =
        format!("{name}={value}; Path=/; Max-Age={ONE_YEAR}; HttpOnly; SameSite=Lax{secure}");
    let mut response = Redirect::to(target).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// A form value that no button of ours sends: say so, and offer the way back.
fn bad_request(lang: Lang, back: &str) -> Response {
    let (title, text, link) = match lang {
        Lang::ZhTw => (
            "設定值無效",
            "無法辨識您選擇的設定，請回上一頁重新選擇。",
            "回上一頁",
        ),
        Lang::En => (
            "Setting not recognised",
            "We could not recognise that setting. Please go back and choose again.",
            "Go back",
        ),
    };
    let target = safe_local_path(back).unwrap_or("/");
    let target = target
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p><p><a href=\"{target}\">{link}</a></p></main></body></html>",
        lang.tag()
    );
    (StatusCode::BAD_REQUEST, Html(body)).into_response()
}
