//! Requests refused before or after their handler, answered with a page in the reader's
//! language: a path no route can have (404 before any handler builds a redirect or a header
//! from one of its parts), and a form body over its limit (413, rendered here for whichever
//! handler read it).

use super::AppState;
use app::pages::not_found::TooLarge;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, Response, StatusCode};
use axum::middleware::Next;

/// A path that no route can have (control characters or invalid UTF-8 once decoded) is the
/// 404 page at once, before any handler builds a redirect or a header from one of its parts.
pub async fn reject_impossible_paths(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    if impossible_path(request.uri().path()) {
        return super::not_found(&state, request).await;
    }
    next.run(request).await
}

fn impossible_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = bytes
                .get(i + 1..i + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    match String::from_utf8(decoded) {
        Ok(text) => text.chars().any(char::is_control),
        Err(_) => true,
    }
}

/// Every public form post counts against the client's general budget (the flows' own budgets
/// are tighter and come on top). Signed-in staff pages are not public; their sign-in has its
/// own budget.
pub async fn limit_public_posts(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let path = request.uri().path();
    if request.method() != Method::POST || path.starts_with("/staff/") || path == "/staff" {
        return next.run(request).await;
    }
    match super::limited(&state, super::limits::Class::Post, request).await {
        Ok(request) => next.run(request).await,
        Err(response) => response,
    }
}

/// Renders the 413 page for a body a handler found over its form's limit (`read_form` marks
/// its answer with [`TooLarge`]); the page says the limit and that the text is still in the
/// previous page.
pub async fn render_too_large(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    // What the page needs to render afterwards: the headers and the page context.
    let (mut copy, ()) = Request::new(()).into_parts();
    copy.headers = request.headers().clone();
    if let Some(ctx) = request.extensions().get::<app::site::PageContext>() {
        copy.extensions.insert(ctx.clone());
    }
    if let Some(nonce) = request.extensions().get::<leptos::nonce::Nonce>() {
        copy.extensions.insert(nonce.clone());
    }
    let response = next.run(request).await;
    let Some(too_large) = response.extensions().get::<TooLarge>().copied() else {
        return response;
    };
    copy.extensions.insert(too_large);
    super::fallback_page(&state, copy, StatusCode::PAYLOAD_TOO_LARGE).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_control_characters_or_broken_utf8_are_impossible() {
        assert!(impossible_path("/apply/a%0Cb/x"));
        assert!(impossible_path("/book/a%0ab/x"));
        assert!(impossible_path("/news/%ff%fe"));
        assert!(!impossible_path("/news/%E6%88%B6%E6%94%BF"));
        assert!(!impossible_path("/services/registration-visit"));
        assert!(!impossible_path("/search%"));
    }
}
