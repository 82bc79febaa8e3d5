//! 資訊公開 and 資料開放專區: the disclosure page, the catalogue by category, each dataset with
//! its metadata and its data as CSV, JSON and ODS, population statistics, the CKAN Action API
//! (`/api/3/action/…` and `/api/action/…`, GET or POST with JSON) and the DCAT catalogue.

use super::AppState;
use super::booking::render_with;
use super::content::base_url;
use super::page_context::prefs_of;
use app::error::AppError;
use app::i18n::Lang;
use app::opendata::api::{self, Search};
use app::opendata::ssr as store;
use app::opendata::{Dataset, OpenDataView, Statistics, dcat, parse_csv};
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

fn internal(error: AppError) -> Response {
    (error.status(), error.message(Lang::ZhTw)).into_response()
}

/// GET /disclosure
pub async fn disclosure(State(state): State<AppState>, request: Request) -> Response {
    match store::list(&state.pool, false).await {
        Ok(all) => {
            let counts = api::group_counts(&all)
                .into_iter()
                .map(|(g, n)| (g.code.to_string(), n))
                .collect();
            render_with(
                &state,
                request,
                OpenDataView::Disclosure { counts },
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

/// GET /disclosure/service-plan: the office's service-quality plan (施政計畫).
pub async fn plan(State(state): State<AppState>, request: Request) -> Response {
    let paragraphs = include_str!("../../sample/service-plan.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    render_with(
        &state,
        request,
        OpenDataView::Plan { paragraphs },
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct GroupQuery {
    #[serde(default)]
    group: String,
}

/// GET /opendata and /opendata?group=…
pub async fn catalogue(
    State(state): State<AppState>,
    Query(q): Query<GroupQuery>,
    request: Request,
) -> Response {
    let group = match q.group.as_str() {
        "" => None,
        code => match app::opendata::group_of(code) {
            Some(g) => Some(g.code.to_string()),
            None => return super::not_found(&state, request).await,
        },
    };
    match store::list(&state.pool, false).await {
        Ok(mut datasets) => {
            if let Some(g) = &group {
                datasets.retain(|d| &d.group == g);
            }
            render_with(
                &state,
                request,
                OpenDataView::Catalogue { group, datasets },
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

fn typed(content_type: &str, body: impl Into<axum::body::Body>) -> Response {
    (
        [(header::CONTENT_TYPE, content_type.to_string())],
        body.into(),
    )
        .into_response()
}

/// GET /opendata/{name}, /opendata/{name}.jsonld and /opendata/{name}.ttl
pub async fn dataset(
    State(state): State<AppState>,
    Path(file): Path<String>,
    request: Request,
) -> Response {
    let (name, ext) = match file.rsplit_once('.') {
        Some((name, ext @ ("jsonld" | "ttl"))) => (name.to_string(), Some(ext)),
        Some(_) => return super::not_found(&state, request).await,
        None => (file.clone(), None),
    };
    let found = match store::get(&state.pool, &name, false).await {
        Ok(Some(d)) => d,
        Ok(None) => return super::not_found(&state, request).await,
        Err(e) => return internal(e),
    };
    let office = match state.office.office().await {
        Ok(o) => o,
        Err(e) => return internal(e),
    };
    let base = base_url(&state, request.headers());
    match ext {
        Some("jsonld") => typed(
            "application/ld+json",
            dcat::one(&found, &office, &base).json_ld().to_string(),
        ),
        Some(_) => typed(
            "text/turtle; charset=utf-8",
            dcat::one(&found, &office, &base).turtle(),
        ),
        None => {
            render_with(
                &state,
                request,
                OpenDataView::Dataset(Box::new(found)),
                StatusCode::OK,
            )
            .await
        }
    }
}

/// GET /opendata/{name}/data.{csv,json,ods}: the current data.
pub async fn resource(
    State(state): State<AppState>,
    Path((name, file)): Path<(String, String)>,
    request: Request,
) -> Response {
    let Some(ext) = file.strip_prefix("data.") else {
        return super::not_found(&state, request).await;
    };
    let Some((_, content_type)) = app::opendata::FORMATS.iter().find(|(e, _)| *e == ext) else {
        return super::not_found(&state, request).await;
    };
    let (found, csv) = match (
        store::get(&state.pool, &name, false).await,
        store::csv(&state.pool, &name).await,
    ) {
        (Ok(Some(d)), Ok(Some(csv))) => (d, csv),
        (Ok(_), Ok(_)) => return super::not_found(&state, request).await,
        (Err(e), _) | (_, Err(e)) => return internal(e),
    };
    let disposition = format!("attachment; filename=\"{name}.{ext}\"");
    let headers = |body: Vec<u8>| {
        (
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (header::CONTENT_DISPOSITION, disposition.clone()),
                (header::CACHE_CONTROL, "public, max-age=300".to_string()),
            ],
            body,
        )
            .into_response()
    };
    if ext == "csv" {
        return headers(csv);
    }
    let table = match parse_csv(&csv) {
        Ok(t) => t,
        Err(_) => return internal(AppError::internal("a stored CSV no longer parses")),
    };
    match ext {
        "json" => {
            let rows: Vec<Value> = table
                .rows
                .iter()
                .map(|r| {
                    Value::Object(
                        table
                            .header
                            .iter()
                            .cloned()
                            .zip(r.iter().map(|c| Value::from(c.clone())))
                            .collect(),
                    )
                })
                .collect();
            headers(serde_json::to_vec(&rows).unwrap_or_default())
        }
        _ => {
            let lang = prefs_of(request.headers()).lang;
            let meta = app::paper::Meta {
                identifier: format!(
                    "urn:portal:dataset:{}:{}",
                    found.name,
                    found.resource.as_ref().map(|r| r.version).unwrap_or(0)
                ),
                title: found.title.get(lang).to_string(),
                description: found.notes.get(lang).to_string(),
                subject: app::opendata::group_of(&found.group)
                    .map(|g| g.name.get(lang).to_string())
                    .unwrap_or_default(),
                keywords: found.keywords.clone(),
                language: lang.tag(),
                creator: state
                    .office
                    .office()
                    .await
                    .map(|o| o.name.get(lang).to_string())
                    .unwrap_or_default(),
                date: app::dates::date_of_unix(
                    found
                        .resource
                        .as_ref()
                        .map(|r| r.uploaded_at)
                        .unwrap_or(found.modified_at),
                ),
            };
            headers(app::paper::odf::spreadsheet(
                meta,
                lang,
                &table.header,
                &table.rows,
            ))
        }
    }
}

/// GET /statistics: population statistics, from the datasets.
pub async fn statistics(State(state): State<AppState>, request: Request) -> Response {
    let load = |name: &'static str| {
        let pool = state.pool.clone();
        async move {
            store::csv(&pool, name)
                .await
                .map(|c| c.and_then(|c| parse_csv(&c).ok()))
        }
    };
    let (population, births, deaths) = match (
        load("population-by-village").await,
        load("births-monthly").await,
        load("deaths-monthly").await,
    ) {
        (Ok(p), Ok(b), Ok(d)) => (p, b, d),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return internal(e),
    };
    let sample = match store::get(&state.pool, "population-by-village", false).await {
        Ok(d) => d.is_some_and(|d| d.sample),
        Err(e) => return internal(e),
    };
    let column = |t: &app::opendata::Table, name: &str| t.header.iter().position(|h| h == name);
    let mut stats = Statistics {
        month: String::new(),
        trend: Vec::new(),
        by_village: Vec::new(),
        births: Vec::new(),
        deaths: Vec::new(),
        sample,
    };
    if let Some(t) = &population
        && let (Some(m), Some(v), Some(n)) =
            (column(t, "月份"), column(t, "里別"), column(t, "人口數"))
    {
        let mut months: Vec<String> = t.rows.iter().map(|r| r[m].clone()).collect();
        months.sort();
        months.dedup();
        for month in &months {
            let total: f64 = t
                .rows
                .iter()
                .filter(|r| &r[m] == month)
                .filter_map(|r| r[n].parse::<f64>().ok())
                .sum();
            stats.trend.push((month.clone(), total));
        }
        if let Some(last) = months.last() {
            stats.month = last.clone();
            stats.by_village = t
                .rows
                .iter()
                .filter(|r| &r[m] == last)
                .map(|r| (r[v].clone(), r[n].parse::<f64>().unwrap_or(0.0)))
                .collect();
        }
    }
    let monthly = |t: &Option<app::opendata::Table>, name: &str| -> Vec<(String, f64)> {
        t.as_ref()
            .and_then(|t| Some((t, column(t, "月份")?, column(t, name)?)))
            .map(|(t, m, n)| {
                t.rows
                    .iter()
                    .map(|r| (r[m].clone(), r[n].parse().unwrap_or(0.0)))
                    .collect()
            })
            .unwrap_or_default()
    };
    stats.births = monthly(&births, "出生數");
    stats.deaths = monthly(&deaths, "死亡數");
    render_with(
        &state,
        request,
        OpenDataView::Statistics(Box::new(stats)),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<String>,
}

/// GET /catalog.jsonld (?page=N): the DCAT catalogue, paged.
pub async fn catalog_jsonld(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    catalog(state, q, headers, "jsonld").await
}

/// GET /catalog.ttl (?page=N)
pub async fn catalog_ttl(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    catalog(state, q, headers, "ttl").await
}

async fn catalog(state: AppState, q: PageQuery, headers: HeaderMap, ext: &str) -> Response {
    let page = match q.page.as_deref().map(str::parse::<usize>) {
        None => 1,
        Some(Ok(n)) if (1..=100_000).contains(&n) => n,
        Some(_) => return (StatusCode::BAD_REQUEST, "page: a number from 1").into_response(),
    };
    let (all, office) = match (
        store::list(&state.pool, false).await,
        state.office.office().await,
    ) {
        (Ok(a), Ok(o)) => (a, o),
        (Err(e), _) | (_, Err(e)) => return internal(e),
    };
    let base = base_url(&state, &headers);
    let graph = dcat::catalog(&all, page, &office, &base, ext);
    if ext == "jsonld" {
        typed("application/ld+json", graph.json_ld().to_string())
    } else {
        typed("text/turtle; charset=utf-8", graph.turtle())
    }
}

/// CKAN's answer envelope.
fn ckan(status: StatusCode, help: String, outcome: Result<Value, (&str, String)>) -> Response {
    let body = match outcome {
        Ok(result) => json!({"help": help, "success": true, "result": result}),
        Err((kind, message)) => {
            json!({"help": help, "success": false, "error": {"__type": kind, "message": message}})
        }
    };
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json;charset=utf-8"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body.to_string(),
    )
        .into_response()
}

fn param_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// GET or POST /api/3/action/{action} and /api/action/{action}: the read-only actions of CKAN's
/// Action API that harvesters and clients use.
pub async fn action(
    State(state): State<AppState>,
    Path(action): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let base = base_url(&state, &headers);
    let help = api::help(&base, &action);
    let mut params: HashMap<String, String> = query;
    if method == Method::POST && !body.is_empty() {
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(map)) => {
                params.extend(map.into_iter().map(|(k, v)| (k, param_text(&v))));
            }
            _ => {
                return ckan(
                    StatusCode::BAD_REQUEST,
                    help,
                    Err(("Bad request", "Bad request - JSON Error: Request data JSON decoded to is not a dictionary".into())),
                );
            }
        }
    }
    let (all, office) = match (
        store::list(&state.pool, false).await,
        state.office.office().await,
    ) {
        (Ok(a), Ok(o)) => (a, o),
        _ => {
            return ckan(
                StatusCode::INTERNAL_SERVER_ERROR,
                help,
                Err(("Internal Server Error", "Internal server error".into())),
            );
        }
    };
    let not_found = |what: &str| {
        ckan(
            StatusCode::NOT_FOUND,
            help.clone(),
            Err(("Not Found Error", format!("Not found: {what}"))),
        )
    };
    let missing = |field: &str| {
        ckan(
            StatusCode::CONFLICT,
            help.clone(),
            Err(("Validation Error", format!("Missing value: {field}"))),
        )
    };
    let number = |name: &str, default: usize, max: usize| -> Result<usize, Box<Response>> {
        match params.get(name).map(|v| v.trim()) {
            None | Some("") => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| {
                    Box::new(ckan(
                        StatusCode::CONFLICT,
                        help.clone(),
                        Err(("Validation Error", format!("{name}: Invalid integer"))),
                    ))
                }),
        }
    };
    let find = |id: &str| -> Option<&Dataset> { all.iter().find(|d| d.name == id) };
    match action.as_str() {
        "package_list" => {
            let (limit, offset) = match (
                number("limit", usize::MAX, usize::MAX),
                number("offset", 0, usize::MAX),
            ) {
                (Ok(l), Ok(o)) => (l, o),
                (Err(r), _) | (_, Err(r)) => return *r,
            };
            let names: Vec<&str> = all
                .iter()
                .map(|d| d.name.as_str())
                .skip(offset)
                .take(limit)
                .collect();
            ckan(StatusCode::OK, help, Ok(json!(names)))
        }
        "package_show" => {
            let Some(id) = params.get("id").filter(|v| !v.is_empty()) else {
                return missing("id");
            };
            match find(id) {
                Some(d) => ckan(StatusCode::OK, help, Ok(api::package(d, &office, &base))),
                None => not_found("Dataset"),
            }
        }
        "package_search" => {
            let (rows, start) = match (number("rows", 10, 1000), number("start", 0, usize::MAX)) {
                (Ok(r), Ok(s)) => (r, s),
                (Err(r), _) | (_, Err(r)) => return *r,
            };
            let search = Search {
                q: params.get("q").cloned().unwrap_or_default(),
                fq: params.get("fq").cloned().unwrap_or_default(),
                rows,
                start,
                sort: params.get("sort").cloned().unwrap_or_default(),
            };
            match api::search(&all, &search) {
                Ok((count, found)) => {
                    let results: Vec<Value> = found
                        .iter()
                        .map(|d| api::package(d, &office, &base))
                        .collect();
                    ckan(
                        StatusCode::OK,
                        help,
                        Ok(
                            json!({"count": count, "results": results, "sort": if search.sort.is_empty() { "score desc, metadata_modified desc" } else { search.sort.as_str() }, "facets": {}, "search_facets": {}}),
                        ),
                    )
                }
                Err(api::Invalid(message)) => ckan(
                    StatusCode::CONFLICT,
                    help,
                    Err(("Validation Error", message)),
                ),
            }
        }
        "group_list" => {
            let all_fields = params
                .get("all_fields")
                .is_some_and(|v| v == "true" || v == "True" || v == "1");
            let counts = api::group_counts(&all);
            let result: Vec<Value> = counts
                .iter()
                .map(|(g, n)| {
                    if all_fields {
                        api::group(g, *n)
                    } else {
                        json!(g.code)
                    }
                })
                .collect();
            ckan(StatusCode::OK, help, Ok(json!(result)))
        }
        "group_show" => {
            let Some(id) = params.get("id").filter(|v| !v.is_empty()) else {
                return missing("id");
            };
            match app::opendata::group_of(id) {
                Some(g) => {
                    let members: Vec<&Dataset> = all.iter().filter(|d| d.group == g.code).collect();
                    let mut value = api::group(g, members.len());
                    if params
                        .get("include_datasets")
                        .is_some_and(|v| v == "true" || v == "True")
                    {
                        value["packages"] = json!(
                            members
                                .iter()
                                .map(|d| api::package(d, &office, &base))
                                .collect::<Vec<_>>()
                        );
                    }
                    ckan(StatusCode::OK, help, Ok(value))
                }
                None => not_found("Group"),
            }
        }
        "organization_list" => {
            let all_fields = params
                .get("all_fields")
                .is_some_and(|v| v == "true" || v == "True" || v == "1");
            let result = if all_fields {
                json!([api::organization(&office, &base, all.len())])
            } else {
                json!([api::ORGANIZATION])
            };
            ckan(StatusCode::OK, help, Ok(result))
        }
        "organization_show" => {
            let Some(id) = params.get("id").filter(|v| !v.is_empty()) else {
                return missing("id");
            };
            if id != api::ORGANIZATION {
                return not_found("Organization");
            }
            let mut value = api::organization(&office, &base, all.len());
            if params
                .get("include_datasets")
                .is_some_and(|v| v == "true" || v == "True")
            {
                value["packages"] = json!(
                    all.iter()
                        .map(|d| api::package(d, &office, &base))
                        .collect::<Vec<_>>()
                );
            }
            ckan(StatusCode::OK, help, Ok(value))
        }
        "status_show" => ckan(
            StatusCode::OK,
            help,
            Ok(
                json!({"ckan_version": "2.10.0", "site_title": office.name.zh, "site_url": base, "site_description": office.description.zh, "locale_default": "zh_Hant_TW", "extensions": ["dcat"]}),
            ),
        ),
        "license_list" => ckan(
            StatusCode::OK,
            help,
            Ok(
                json!([{"id": app::opendata::LICENSE_ID, "title": app::opendata::LICENSE_TITLE.zh, "url": app::opendata::LICENSE_URL, "od_conformance": "approved", "status": "active"}]),
            ),
        ),
        other => ckan(
            StatusCode::BAD_REQUEST,
            help,
            Err((
                "Bad request",
                format!("Bad request - Action name not known: {other}"),
            )),
        ),
    }
}
