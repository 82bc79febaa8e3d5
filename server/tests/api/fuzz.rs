//! A bounded fuzz test: every route of the router (read from the router's own source, so a new
//! route is fuzzed too) is called with hostile path values and bodies (control characters,
//! invalid UTF-8, huge numbers, a 2 MB body, wrong content types), signed out and signed in as
//! an administrator. Nothing may answer 5xx, and the server must still be healthy afterwards.

use crate::helpers::{Engine, TestApp, spawn_app};
use crate::staff::sign_in;

/// Every `.route("…"` path in the router.
fn router_paths() -> Vec<String> {
    let source = include_str!("../../src/http/mod.rs");
    let mut paths = Vec::new();
    for piece in source.split(".route(").skip(1) {
        if let Some(path) = piece
            .trim_start()
            .strip_prefix('"')
            .and_then(|rest| rest.split_once('"'))
            .map(|(path, _)| path.to_string())
        {
            paths.push(path);
        }
    }
    paths.extend(server::http::route_paths().iter().map(|p| {
        // Leptos writes parameters as `:name`; make them `{name}` like axum's.
        p.split('/')
            .map(|s| match s.strip_prefix(':') {
                Some(name) => format!("{{{name}}}"),
                None => s.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/")
    }));
    paths.sort();
    paths.dedup();
    paths
}

const HOSTILE: [&str; 9] = [
    "%00",
    "a%0Cb",
    "%0D%0ASet-Cookie:%20x=1",
    "%FF%FE",
    "..%2F..%2Fetc%2Fpasswd",
    "99999999999999999999999",
    "-1",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "main",
];

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

/// Values a parameter of this name really takes, so the fuzzing reaches past the 404s.
fn real_values(name: &str) -> &'static [&'static str] {
    match name {
        "{service}" => &[
            "registration-visit",
            "marriage",
            "certificate",
            "home-visit",
        ],
        "{step}" | "{page}" => &["item", "details", "check", "done", "applicant", "address"],
        "{location}" => &["main", "side"],
        "{counter}" => &["c1", "c2"],
        "{action}" => &[
            "open", "close", "call", "note", "assign", "reply", "publish", "disable",
        ],
        "{section}" => &["news", "services"],
        "{file}" => &["seal.pdf", "seal.odt", "data.csv", "news.rss", "form.pdf"],
        "{name}" => &["news.rss", "population-by-village", "forms.atom"],
        _ => &["1", "new"],
    }
}

fn fill(path: &str, rng: &mut Lcg) -> String {
    fill_with(path, rng, true)
}

fn fill_with(path: &str, rng: &mut Lcg, hostile: bool) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                if hostile && rng.next().is_multiple_of(2) {
                    rng.pick(&HOSTILE).to_string()
                } else {
                    rng.pick(real_values(segment)).to_string()
                }
            } else {
                segment.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn bodies(rng: &mut Lcg, csrf: &str) -> Vec<(&'static str, Vec<u8>)> {
    let noise: Vec<u8> = (0..512).map(|_| (rng.next() & 0xff) as u8).collect();
    vec![
        (
            "application/x-www-form-urlencoded",
            format!(
                "csrf={csrf}&reference=%00%FF&id=A12345678%0A&day=99999-99-99&time=99999999999999999999&kind=%FF&q1=-1&version=18446744073709551616&email=%0D%0A&page=-1&number=%00"
            )
            .into_bytes(),
        ),
        ("application/x-www-form-urlencoded", noise.clone()),
        ("application/json", br#"{"id": [1, 2, {"x": null}], "help": 1e999}"#.to_vec()),
        ("multipart/form-data; boundary=nope", noise),
        ("text/plain", vec![b'x'; 2 * 1024 * 1024]),
    ]
}

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    cookie: &str,
    body: Option<(&str, Vec<u8>)>,
) -> u16 {
    let url = format!("{}{path}", app.address);
    let mut request = if method == "GET" {
        app.client.get(&url)
    } else {
        app.client.post(&url)
    };
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    if let Some((content_type, bytes)) = body {
        request = request.header("content-type", content_type).body(bytes);
    }
    match request.send().await {
        Ok(response) => response.status().as_u16(),
        // The server may close the connection on a body it will not read: not an answer.
        Err(_) => 0,
    }
}

async fn fuzz(engine: Engine, rounds: usize) {
    let app = spawn_app(engine).await;
    let admin = sign_in(&app, "fuzzer", app::staff::Role::Admin).await;
    let csrf = admin.csrf().await;
    let mut rng = Lcg(14);
    let paths = router_paths();
    assert!(paths.len() > 80, "the router's routes were read: {paths:?}");
    let mut failures = Vec::new();
    let mut answers: std::collections::BTreeMap<u16, usize> = Default::default();
    for template in &paths {
        for round in 0..rounds {
            let path = fill(template, &mut rng);
            let cookie = if round % 2 == 0 {
                ""
            } else {
                admin.cookie.as_str()
            };
            let status = call(&app, "GET", &path, cookie, None).await;
            *answers.entry(status).or_default() += 1;
            if status >= 500 {
                failures.push(format!(
                    "GET {path} ({template}) signed in: {}: {status}",
                    !cookie.is_empty()
                ));
            }
            for body in bodies(&mut rng, &csrf) {
                let kind = body.0;
                let status = call(&app, "POST", &path, cookie, Some(body)).await;
                *answers.entry(status).or_default() += 1;
                if status >= 500 {
                    failures.push(format!(
                        "POST {path} ({template}) {kind}, signed in: {}: {status}",
                        !cookie.is_empty()
                    ));
                }
            }
        }
    }
    println!("{} routes, answers by status: {answers:?}", paths.len());
    assert!(
        answers.values().sum::<usize>() >= paths.len() * rounds * 6,
        "every call was made"
    );
    assert!(
        failures.is_empty(),
        "{} answers were 5xx:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let health = app.get("/healthz").await;
    assert_eq!(
        health.status(),
        200,
        "the server is healthy after the fuzzing"
    );
    assert_eq!(app.get("/").await.status(), 200);
}

#[tokio::test]
async fn hostile_values_on_every_route_never_get_a_5xx_on_sqlite() {
    fuzz(Engine::Sqlite, 4).await;
}

#[tokio::test]
async fn hostile_values_on_every_route_never_get_a_5xx_on_postgres() {
    fuzz(Engine::Postgres, 3).await;
}

/// Walks every route of the router with real values as a citizen (with the office's host name)
/// and as staff: only the public files may be kept by shared caches, and pages never are.
#[tokio::test]
async fn only_public_files_may_be_kept_by_shared_caches() {
    let app = spawn_app(Engine::Sqlite).await;
    let admin = sign_in(&app, "cacher", app::staff::Role::Admin).await;
    let mut rng = Lcg(19);
    let mut public = 0;
    for template in router_paths() {
        for round in 0..4 {
            let path = fill_with(&template, &mut rng, false);
            let mut headers = vec![("host", "portal.example.gov.tw")];
            if round % 2 == 1 {
                headers.push(("cookie", admin.cookie.as_str()));
            }
            let response = app.get_with(&path, &headers).await;
            let cache = response
                .headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let html = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.starts_with("text/html"));
            if cache.starts_with("public") {
                public += 1;
                assert!(
                    server::http::headers::PUBLIC_PATHS
                        .iter()
                        .any(|p| path.starts_with(p)),
                    "{path} is public: {cache}"
                );
                assert!(!html, "{path}: a page is never public");
            } else {
                assert!(
                    cache == "no-store"
                        || cache == "private, no-store"
                        || response.status().is_redirection(),
                    "{path} ({}): {cache:?}",
                    response.status()
                );
            }
        }
    }
    assert!(public > 5, "the public files were reached");
}
