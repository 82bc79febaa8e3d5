//! `spawn_app`: the real application on port 0 with a fresh database per test. PostgreSQL tests
//! create their own database on the server named by `PORTAL_TEST_DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`) and drop it afterwards.

use server::config::Settings;
use server::startup::Application;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub database_url: String,
    pub client: reqwest::Client,
    pub pool: app::db::Pool,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _dir: tempfile::TempDir,
    postgres_db: Option<String>,
}

fn admin_url() -> String {
    std::env::var("PORTAL_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "portal_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

async fn admin_execute(sql: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&admin_url())
        .await
        .unwrap_or_else(|e| {
            panic!(
                "PostgreSQL is needed for these tests and did not answer at {}: {e}. \
             Start it (the README's test command does) or set PORTAL_TEST_DATABASE_URL.",
                admin_url()
            )
        });
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}

/// A database URL for a fresh database of the engine, and the PostgreSQL database to drop.
pub async fn fresh_database(engine: Engine, dir: &std::path::Path) -> (String, Option<String>) {
    match engine {
        Engine::Sqlite => (
            format!("sqlite://{}?mode=rwc", dir.join("portal.db").display()),
            None,
        ),
        Engine::Postgres => {
            let name = unique_name();
            admin_execute(&format!("CREATE DATABASE {name}")).await;
            (server::db::with_database(&admin_url(), &name), Some(name))
        }
    }
}

pub fn settings(database_url: &str, extra: &[(&str, &str)]) -> Settings {
    let mut env: HashMap<String, String> = [
        ("DATABASE_URL", database_url),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0"),
        ("LEPTOS_HASH_FILES", "false"),
        ("PORTAL_DATA_KEY", &"07".repeat(32)),
        ("PORTAL_KEY_CHECK_SECONDS", "1"),
        // The host name the tests use for absolute links (feeds, sitemap.xml).
        ("PORTAL_ALLOWED_HOSTS", "portal.example.gov.tw"),
        // Most tests act as one busy client: the per-client budgets are tested on their own
        // (safety.rs), with small values.
        ("PORTAL_STARTS_PER_10_MINUTES", "10000"),
        ("PORTAL_CONFIRMATIONS_PER_HOUR", "10000"),
        ("PORTAL_TICKETS_PER_10_MINUTES", "10000"),
        ("PORTAL_SIGN_INS_PER_10_MINUTES", "10000"),
        ("PORTAL_POSTS_PER_10_MINUTES", "100000"),
        ("PORTAL_BOOKINGS_PER_CONTACT_PER_DAY", "10000"),
        ("PORTAL_CHALLENGE_AFTER", "10000"),
        ("PORTAL_CHALLENGE_DAY_AFTER", "10000"),
        // The tests' own address is a kiosk; safety.rs enrolls devices from others.
        ("PORTAL_KIOSK_ADDRESSES", "127.0.0.1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    Settings::from_lookup(|key| env.get(key).cloned()).expect("test settings are valid")
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, &[]).await
}

pub async fn spawn_app_with(engine: Engine, extra: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (url, postgres_db) = fresh_database(engine, dir.path()).await;
    let mut app = start(&url, extra).await;
    app._dir = dir;
    app.postgres_db = postgres_db;
    app
}

/// Starts the application on an existing database (the restart test uses this directly).
pub async fn start(database_url: &str, extra: &[(&str, &str)]) -> TestApp {
    let application = Application::build(settings(database_url, extra))
        .await
        .expect("the application starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    let pool = application.pool().clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until(async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");
    TestApp {
        address,
        database_url: database_url.to_string(),
        client,
        pool,
        shutdown: Some(tx),
        server: Some(server),
        _dir: tempfile::tempdir().expect("a temporary folder"),
        postgres_db: None,
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.address));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        request.send().await.expect("the server answers")
    }

    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}{path}", self.address))
            .form(form);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        request.send().await.expect("the server answers")
    }

    /// A client whose connections come from another loopback address (127.0.0.x): to the
    /// server, another citizen.
    pub fn client_from(&self, last: u8) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .local_address(std::net::IpAddr::from([127, 0, 0, last]))
            .build()
            .expect("an HTTP client")
    }

    /// A form post from the loopback address 127.0.0.`last`.
    pub async fn post_form_from(
        &self,
        last: u8,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client_from(last)
            .post(format!("{}{path}", self.address))
            .form(form);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        request.send().await.expect("the server answers")
    }

    /// The page's HTML without Leptos's `<!>` text-node markers, after checking it answered 200.
    pub async fn page(&self, path: &str, headers: &[(&str, &str)]) -> String {
        let response = self.get_with(path, headers).await;
        assert_eq!(response.status(), 200, "GET {path}");
        without_markers(&response.text().await.expect("a body"))
    }

    /// Stops the server, letting requests in flight finish.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(name) = self.postgres_db.take() {
            // Drop runs inside the test's runtime, so the clean-up gets a thread of its own.
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(admin_execute(&format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )));
                }
            })
            .join();
        }
    }
}

/// Declares a test that runs once on SQLite and once on PostgreSQL, each with a fresh app.
#[macro_export]
macro_rules! on_both_engines {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::helpers::{spawn_app, Engine, TestApp};

            async fn body($app: &TestApp) $body

            #[tokio::test]
            async fn sqlite() {
                let app = spawn_app(Engine::Sqlite).await;
                body(&app).await;
            }

            #[tokio::test]
            async fn postgres() {
                let app = spawn_app(Engine::Postgres).await;
                body(&app).await;
            }
        }
    };
}

/// The text of the first `<title>`.
pub fn title_of(html: &str) -> String {
    html.split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(title, _)| title.to_string())
        .unwrap_or_default()
}

/// HTML without the empty comments Leptos puts between adjacent text nodes.
pub fn without_markers(html: &str) -> String {
    html.replace("<!>", "")
}

/// A multipart form with these fields and one file (`file`), as a browser sends it: its
/// content type and body.
pub fn multipart(fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----portal-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
