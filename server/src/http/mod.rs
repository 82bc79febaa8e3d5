//! The HTTP application: Leptos pages, plain routes, static assets, and the layers around
//! them (security headers, caching, compression, tracing, panics).

pub mod apply;
pub mod booking;
pub mod client;
pub mod content;
pub mod forms;
pub mod headers;
pub mod health;
pub mod limits;
pub mod lookup;
pub mod mailbox;
pub mod office_cache;
pub mod opendata;
pub mod page_context;
pub mod prefs;
pub mod queue;
pub mod refusals;
pub mod site_url;
pub mod staff;
pub mod suggestions;
pub mod survey;

use app::db::Pool;
use axum::Router;
use axum::extract::FromRef;
use axum::routing::{get, post};
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, file_and_error_handler, generate_route_list};
use office_cache::OfficeCache;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// Waiting counts per service point, with when they were counted.
pub type WaitingCounts = (std::time::Instant, Vec<(String, i64)>);

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Pool,
    pub office: Arc<OfficeCache>,
    pub services: Arc<app::services::Catalogue>,
    /// Seals and hashes personal data.
    pub data_key: app::crypto::DataKey,
    /// Every path the Leptos router serves, for the site map.
    pub routes: Arc<[String]>,
    pub secure_cookies: bool,
    /// The proxies whose X-Forwarded-For tells the client's address.
    pub trusted_proxies: client::Networks,
    /// Addresses whose devices take kiosk tickets without being enrolled.
    pub kiosk_addresses: client::Networks,
    /// The per-client budgets every instance shares.
    pub limits: limits::Limits,
    /// Active bookings one phone, e-mail address or client may hold on one day.
    pub bookings_per_contact: u32,
    /// Bookings by one client in a day, and for one day in an hour, after which confirming
    /// needs the challenge.
    pub challenge_after: (u32, u32),
    /// Set when the data key was rotated under this running instance: it answers 503.
    pub key_stale: Arc<std::sync::atomic::AtomicBool>,
    /// The home page's waiting counts, with when they were counted.
    pub waiting_cache: Arc<std::sync::Mutex<Option<WaitingCounts>>>,
    /// This instance's search index.
    pub search: Arc<content::SearchState>,
    /// The public address for absolute links (feeds, sitemap.xml).
    pub public_url: Option<String>,
    /// Host names absolute links may be made from when no public address is set.
    pub allowed_hosts: Arc<[String]>,
    /// Who each kind of counter calls next.
    pub call_rules: Arc<app::queue::CallRules>,
    /// Wakes this instance's mail sender after a request queued mail.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// The CJK font PDFs are made with; `None` when none is installed (no PDFs offered).
    pub pdf_font: Option<Arc<app::paper::pdf::PdfFont>>,
    /// The opinion mailbox's categories and reply times.
    pub petition_rules: Arc<app::petitions::Rules>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The paths of the Leptos app's routes, written as the router declares them (`/services/:code`).
pub fn route_paths() -> Vec<String> {
    let mut paths: Vec<String> = generate_route_list(app::App)
        .iter()
        .map(|r| r.path().replace('{', ":").replace('}', ""))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    // The booking pages are rendered by their own handlers, which prepare what the page shows.
    let routes = leptos_axum::generate_route_list_with_exclusions(
        app::App,
        Some(vec![
            "/book/{service}/{step}".to_string(),
            "/apply/{service}/{page}".to_string(),
            "/staff".to_string(),
            "/staff/login".to_string(),
            "/staff/password".to_string(),
            "/staff/audit".to_string(),
            "/staff/board/{location}".to_string(),
            "/staff/cases".to_string(),
            "/staff/overview/{location}".to_string(),
            "/staff/cases/{reference}".to_string(),
            "/kiosk/{location}".to_string(),
            "/display/{location}".to_string(),
            "/news".to_string(),
            "/news/{slug}".to_string(),
            "/faq".to_string(),
            "/info".to_string(),
            "/info/{section}".to_string(),
            "/info/{section}/{slug}".to_string(),
            "/search".to_string(),
            "/staff/content".to_string(),
            "/staff/content/{id}".to_string(),
            "/staff/synonyms".to_string(),
            "/staff/accounts".to_string(),
            "/staff/forms".to_string(),
            "/staff/opendata".to_string(),
            "/staff/petitions".to_string(),
            "/staff/surveys".to_string(),
            "/survey".to_string(),
            "/survey/visit/{reference}".to_string(),
            "/survey/thanks".to_string(),
            "/survey/counter/{location}/{counter}".to_string(),
            "/survey/results".to_string(),
            "/staff/petitions/{number}".to_string(),
            "/mailbox".to_string(),
            "/mailbox/sent/{number}".to_string(),
            "/mailbox/lookup".to_string(),
            "/mailbox/statistics".to_string(),
            "/suggestions".to_string(),
            "/suggestions/new".to_string(),
            "/suggestions/status".to_string(),
            "/staff/suggestions".to_string(),
            "/staff/suggestions/{number}".to_string(),
            "/disclosure".to_string(),
            "/disclosure/service-plan".to_string(),
            "/opendata".to_string(),
            "/opendata/{name}".to_string(),
            "/statistics".to_string(),
            "/forms".to_string(),
            "/forms/{slug}".to_string(),
            "/bookings/lookup".to_string(),
            "/bookings/{reference}/cancel".to_string(),
        ]),
    );
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);

    let pages = Router::new()
        .leptos_routes(&state, routes, {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .route("/book/{service}/start", post(booking::start))
        .route(
            "/book/{service}/{step}",
            get(booking::show).post(booking::submit),
        )
        .route("/book/{service}/done/appointment.ics", get(booking::ics))
        .route("/apply/{service}/start", post(apply::start))
        .route(
            "/apply/{service}/{page}",
            get(apply::show).post(apply::submit),
        )
        .route("/bookings/lookup", get(lookup::form).post(lookup::lookup))
        .route(
            "/bookings/{reference}/cancel",
            get(lookup::confirm_cancel).post(lookup::cancel),
        )
        .route("/bookings/{reference}/change", post(lookup::change))
        .route("/staff", get(staff::home))
        .route("/staff/login", get(staff::login_form).post(staff::login))
        .route("/staff/logout", post(staff::logout))
        .route(
            "/staff/password",
            get(staff::password_form).post(staff::password),
        )
        .route("/staff/audit", get(staff::audit))
        .route("/staff/board/{location}", get(staff::board))
        .route("/staff/board/{location}/{action}", post(staff::act))
        .route("/staff/cases", get(staff::cases))
        .route("/staff/overview/{location}", get(staff::overview))
        .route(
            "/staff/cases/{reference}",
            get(staff::case).post(staff::move_case),
        )
        .route("/kiosk/{location}", get(queue::kiosk).post(queue::take))
        .route("/display/{location}", get(queue::display))
        .route("/news", get(content::news))
        .route("/news/{slug}", get(content::announcement))
        .route("/faq", get(content::faq))
        .route("/info", get(content::section))
        .route("/info/{section}", get(content::section))
        .route("/info/{section}/{slug}", get(content::page))
        .route("/search", get(content::search))
        .route("/staff/content", get(staff::content_list))
        .route(
            "/staff/content/{id}",
            get(staff::content_edit).post(staff::content_save),
        )
        .route(
            "/staff/synonyms",
            get(staff::synonyms).post(staff::save_synonyms),
        )
        .route("/staff/content/{id}/attachments", post(staff::attach))
        .route(
            "/staff/content/{id}/attachments/{file}/delete",
            post(staff::detach),
        )
        .route("/files/{id}/{name}", get(content::file))
        .route("/staff/content/{id}/files/{file}", get(staff::content_file))
        .route(
            "/staff/accounts",
            get(staff::accounts_list).post(staff::account_create),
        )
        .route("/staff/accounts/{id}/{action}", post(staff::account_action))
        .route("/disclosure", get(opendata::disclosure))
        .route("/disclosure/service-plan", get(opendata::plan))
        .route("/opendata", get(opendata::catalogue))
        .route("/opendata/{file}", get(opendata::dataset))
        .route("/opendata/{name}/{file}", get(opendata::resource))
        .route("/statistics", get(opendata::statistics))
        .route("/catalog.jsonld", get(opendata::catalog_jsonld))
        .route("/catalog.ttl", get(opendata::catalog_ttl))
        .route(
            "/api/3/action/{action}",
            get(opendata::action).post(opendata::action),
        )
        .route(
            "/api/action/{action}",
            get(opendata::action).post(opendata::action),
        )
        .route(
            "/staff/opendata",
            get(staff::datasets_list).post(staff::datasets_create),
        )
        .route("/staff/opendata/{name}", post(staff::datasets_upload))
        .route(
            "/staff/opendata/{name}/{action}",
            post(staff::datasets_action),
        )
        .route("/survey", get(survey::general).post(survey::send_general))
        .route(
            "/survey/visit/{reference}",
            get(survey::visit).post(survey::send_visit),
        )
        .route(
            "/survey/counter/{location}/{counter}",
            get(survey::counter).post(survey::send_counter),
        )
        .route(
            "/survey/counter/{location}/{counter}/qr.svg",
            get(survey::counter_qr),
        )
        .route("/survey/thanks", get(survey::thanks))
        .route("/survey/results", get(survey::results))
        .route(
            "/staff/surveys",
            get(staff::surveys).post(staff::surveys_save),
        )
        .route("/mailbox", get(mailbox::form).post(mailbox::send))
        .route("/mailbox/sent/{number}", get(mailbox::sent))
        .route(
            "/mailbox/lookup",
            get(mailbox::lookup_form).post(mailbox::lookup),
        )
        .route("/mailbox/statistics", get(mailbox::statistics))
        .route("/suggestions", get(suggestions::published))
        .route(
            "/suggestions/new",
            get(suggestions::form).post(suggestions::send),
        )
        .route("/suggestions/status", get(suggestions::status))
        .route(
            "/staff/suggestions",
            get(suggestions::staff_list).post(suggestions::staff_send),
        )
        .route("/staff/suggestions/{number}", get(suggestions::staff_one))
        .route(
            "/staff/suggestions/{number}/{action}",
            post(suggestions::staff_action),
        )
        .route("/staff/petitions", get(staff::petitions))
        .route("/staff/petitions/{number}", get(staff::petition))
        .route(
            "/staff/petitions/{number}/files/{id}",
            get(staff::petition_file),
        )
        .route(
            "/staff/petitions/{number}/{action}",
            post(staff::petition_action),
        )
        .route("/forms", get(forms::catalogue))
        .route("/forms/{file}", get(forms::form))
        .route("/forms/files/{id}/{name}", get(forms::upload))
        .route("/applications/{reference}/{file}", get(forms::filled))
        .route(
            "/staff/forms",
            get(staff::forms_list).post(staff::forms_upload),
        )
        .route("/staff/forms/{id}", post(staff::forms_upload))
        .route("/staff/forms/{id}/file", get(staff::forms_file))
        .route("/staff/forms/{id}/{action}", post(staff::forms_action))
        .route("/feeds/{name}", get(content::feed))
        .route("/sitemap.xml", get(content::sitemap_xml))
        .route("/robots.txt", get(content::robots))
        .fallback(file_and_error_handler::<AppState, _>(app::shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refusals::limit_public_posts,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refusals::render_too_large,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refusals::reject_impossible_paths,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_context::provide,
        ));

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/prefs/font-size", post(prefs::set_font_size))
        .route("/prefs/lang", post(prefs::set_lang))
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .merge(pages)
        .with_state(state.clone())
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(axum::middleware::from_fn_with_state(
            state,
            headers::security_and_caching,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(headers::request_span))
        .layer(CatchPanicLayer::custom(headers::panic_response))
}

/// The office's location with this id.
pub async fn location(
    state: &AppState,
    id: &str,
) -> Result<Option<app::office::Location>, app::error::AppError> {
    Ok(state
        .office
        .office()
        .await?
        .locations
        .iter()
        .find(|l| l.id == id)
        .cloned())
}

/// A cookie's value when it is `hex_len` hex digits (the random tokens this site sets).
pub fn hex_cookie(headers: &axum::http::HeaderMap, name: &str, hex_len: usize) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
        .filter(|v| v.len() == hex_len && v.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The 404 page for a request a handler cannot serve (an unknown service or step).
pub async fn not_found(
    state: &AppState,
    request: axum::extract::Request,
) -> axum::response::Response {
    let (parts, _) = request.into_parts();
    fallback_page(state, parts, axum::http::StatusCode::NOT_FOUND).await
}

/// Renders the router's fallback page (404, or the 429 and 413 pages that `app`'s
/// `NotFoundPage` shows when the request's extensions say so) for the request's reader.
pub async fn fallback_page(
    state: &AppState,
    mut parts: axum::http::request::Parts,
    status: axum::http::StatusCode,
) -> axum::response::Response {
    parts.method = axum::http::Method::GET;
    parts.uri = axum::http::Uri::from_static("/not-found");
    let options = state.leptos_options.clone();
    let handler =
        leptos_axum::render_app_async_with_context(|| {}, move || app::shell(options.clone()));
    let mut response = handler(axum::extract::Request::from_parts(
        parts,
        axum::body::Body::empty(),
    ))
    .await;
    *response.status_mut() = status;
    response
}

/// Counts the request against its class's budget: the request back when within it, the 429
/// page (saying when to try again, with `Retry-After`) when over it.
pub async fn limited(
    state: &AppState,
    class: limits::Class,
    request: axum::extract::Request,
) -> Result<axum::extract::Request, axum::response::Response> {
    let who = client::of(
        &state.trusted_proxies,
        request.extensions(),
        request.headers(),
    );
    match state.limits.check(class, &who).await {
        Ok(()) => Ok(request),
        Err(refused) => {
            tracing::warn!(limit = ?class, "rate limit reached");
            Err(too_many(state, request, refused).await)
        }
    }
}

/// The 429 page for a refused request.
pub async fn too_many(
    state: &AppState,
    request: axum::extract::Request,
    refused: limits::Refused,
) -> axum::response::Response {
    let (mut parts, _) = request.into_parts();
    parts.extensions.insert(app::pages::not_found::TooMany {
        retry_after_seconds: refused.retry_after,
    });
    let mut response = fallback_page(state, parts, axum::http::StatusCode::TOO_MANY_REQUESTS).await;
    response.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from(refused.retry_after),
    );
    response
}

/// A file as a download (or shown in the browser when `inline`), its name kept in
/// `filename*` (RFC 6266) with a percent-encoded ASCII fallback.
pub fn download(
    content_type: &str,
    name: &str,
    inline: bool,
    cache: &str,
    bytes: Vec<u8>,
) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let disposition = format!(
        "{}; filename=\"{encoded}\"; filename*=UTF-8''{encoded}",
        if inline { "inline" } else { "attachment" }
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, cache.to_string()),
        ],
        bytes,
    )
        .into_response()
}
