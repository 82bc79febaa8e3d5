//! Headers every response carries: the Content-Security-Policy with this request's script
//! nonce, the other security headers, and the caching rules (hashed assets for a year, HTML
//! never). Also the request span and the page shown after a panic.

use super::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Response, StatusCode, header};
use axum::middleware::Next;
use leptos::nonce::Nonce;

pub async fn security_and_caching(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response<Body> {
    if state.key_stale.load(std::sync::atomic::Ordering::Relaxed) {
        // The data key was rotated under this instance: anything it sealed now would be lost.
        let mut response = Response::new(Body::from(
            "此伺服器正在更新，請稍後再試。 This server is being updated: please try again shortly.",
        ));
        *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        set(
            response.headers_mut(),
            header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        );
        set(response.headers_mut(), header::RETRY_AFTER, "30");
        set(response.headers_mut(), header::CACHE_CONTROL, "no-store");
        return response;
    }
    let nonce = Nonce::new();
    let path = request.uri().path().to_string();
    let host_allowed = super::site_url::host_allowed(&state, request.headers());
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let pkg_prefix = format!("/{}/", state.leptos_options.site_pkg_dir);
    let cache = cache_control(
        &path,
        response.headers(),
        path.starts_with(&pkg_prefix),
        state.leptos_options.hash_files,
        host_allowed,
    );
    let headers = response.headers_mut();
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        &content_security_policy(&nonce),
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(
        headers,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    );
    set(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if state.secure_cookies {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000",
        );
    }
    let public_by_handler = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.starts_with("public"));
    match public_by_handler {
        None => set(headers, header::CACHE_CONTROL, cache),
        // A handler's public answer may carry links made from the Host: shared caches keep
        // it only when the Host is the office's own.
        Some(true) if !host_allowed => set(headers, header::CACHE_CONTROL, "private, no-store"),
        Some(_) => {}
    }
    response
}

/// Scripts only from this site or carrying this response's nonce; WebAssembly may compile;
/// no plugins, no framing, forms post only here.
pub fn content_security_policy(nonce: &Nonce) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Paths whose answers are the same for everyone (never a person's data, never chosen by a
/// cookie or token), which shared caches may keep for an hour. Everything else is private.
pub const PUBLIC_PATHS: [&str; 9] = [
    "/feeds/",
    "/sitemap.xml",
    "/robots.txt",
    "/favicon.svg",
    "/catalog.",
    "/opendata/",
    "/forms/",
    "/files/",
    "/survey/counter/",
];

fn cache_control(
    path: &str,
    headers: &HeaderMap,
    is_pkg: bool,
    hashed: bool,
    host_allowed: bool,
) -> &'static str {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if is_pkg {
        // Hashed names change with their content, so a year is safe; unhashed ones revalidate.
        if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }
    } else if content_type.starts_with("text/html")
        || content_type.starts_with("application/json")
        || path.starts_with("/prefs/")
    {
        "no-store"
    } else if host_allowed && PUBLIC_PATHS.iter().any(|p| path.starts_with(p)) {
        "public, max-age=3600"
    } else {
        "private, no-store"
    }
}

fn set(headers: &mut HeaderMap, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

/// The span of one request: method and path only. Query strings may carry personal data
/// (lookups by reference and ID), so they are never logged.
pub fn request_span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        "request",
        http.method = %request.method(),
        http.path = %request.uri().path(),
    )
}

/// What a person sees when the server panicked: no internals, both languages.
pub fn panic_response(_cause: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("a request handler panicked");
    let zh = app::i18n::Lang::ZhTw.t();
    let en = app::i18n::Lang::En.t();
    let body = format!(
        "<!DOCTYPE html><html lang=\"zh-Hant-TW\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title></head><body><main><h1>{}</h1><p>{}</p><p lang=\"en\">{}</p><p><a href=\"/\">{}</a></p></main></body></html>",
        zh.error.title, zh.error.title, zh.error_body, en.error_body, zh.back_home
    );
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(content_type: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        h
    }

    #[test]
    fn hashed_assets_are_cached_for_a_year_and_html_never() {
        let js = typed("text/javascript");
        assert_eq!(
            cache_control("/pkg/portal.abc.js", &js, true, true, false),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("/pkg/portal.js", &js, true, false, true),
            "no-cache"
        );
        let html = typed("text/html; charset=utf-8");
        assert_eq!(
            cache_control("/about", &html, false, true, true),
            "no-store"
        );
        let svg = typed("image/svg+xml");
        assert_eq!(
            cache_control("/favicon.svg", &svg, false, true, true),
            "public, max-age=3600"
        );
        // Only for the office's own host name.
        assert_eq!(
            cache_control("/favicon.svg", &svg, false, true, false),
            "private, no-store"
        );
        // A person's calendar file is never public, whatever the host.
        assert_eq!(
            cache_control(
                "/book/registration-visit/done/appointment.ics",
                &typed("text/calendar"),
                false,
                true,
                true
            ),
            "private, no-store"
        );
    }

    #[test]
    fn the_policy_allows_only_the_nonce_for_inline_scripts() {
        let nonce = Nonce::from_value("abc123");
        let csp = content_security_policy(&nonce);
        assert!(csp.contains("script-src 'self' 'nonce-abc123'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
