//! Puts the page context (preferences from cookies, the office, the route list, today's date)
//! into each page request before Leptos renders it.

use super::AppState;
use app::site::{PageContext, Prefs};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

pub async fn provide(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let prefs = prefs_of(request.headers());
    let (office, calendar) = match (state.office.office().await, state.office.calendar().await) {
        (Ok(office), Ok(calendar)) => (office, calendar),
        _ => return unavailable(prefs),
    };
    let today = app::dates::today_in_taipei();
    let waiting = if request.uri().path() == "/" {
        waiting_counts(&state, &office, today).await
    } else {
        Vec::new()
    };
    request.extensions_mut().insert(PageContext {
        prefs,
        office,
        calendar,
        services: state.services.clone(),
        routes: state.routes.clone(),
        today,
        waiting,
    });
    next.run(request).await
}

/// The queue at each service point, for the home page: counted at most once a second per
/// instance, so a busy home page does not count on every request.
async fn waiting_counts(
    state: &AppState,
    office: &app::office::Office,
    today: time::Date,
) -> Vec<(String, i64)> {
    let fresh = |cached: &Option<super::WaitingCounts>| {
        cached
            .as_ref()
            .filter(|(at, _)| at.elapsed() < std::time::Duration::from_secs(1))
            .map(|(_, counts)| counts.clone())
    };
    if let Some(counts) = fresh(
        &state
            .waiting_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner()),
    ) {
        return counts;
    }
    let mut counts = Vec::new();
    for location in office.locations.iter().filter(|l| l.seats_per_slot() > 0) {
        if let Ok(n) = app::queue::ssr::waiting_count(&state.pool, &location.id, today).await {
            counts.push((location.id.clone(), n));
        }
    }
    *state
        .waiting_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Some((std::time::Instant::now(), counts.clone()));
    counts
}

pub fn prefs_of(headers: &axum::http::HeaderMap) -> Prefs {
    let cookies: Vec<&str> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    Prefs::from_cookie_header(&cookies.join("; "))
}

/// The page shown when the office cannot be read at all (database down on a cold start).
fn unavailable(prefs: Prefs) -> Response {
    let t = prefs.lang.t();
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title></head><body><main><h1>{}</h1><p>{}</p></main></body></html>",
        prefs.lang.tag(),
        t.error.title,
        t.error.title,
        t.error_body
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "30")],
        Html(body),
    )
        .into_response()
}
