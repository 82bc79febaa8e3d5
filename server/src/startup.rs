//! Building the application from settings: database, migrations, the office, the router, and
//! a listener that knows its port (tests bind port 0).

use crate::config::Settings;
use crate::db;
use crate::http::{self, AppState, office_cache::OfficeCache};
use crate::jobs::mailer::Mailer;
use anyhow::Context;
use app::db::{Engine, Pool};
use axum::serve::ListenerExt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    port: u16,
    pool: Pool,
    engine: Engine,
    mailer: Option<Mailer>,
    retention_days: u32,
    audit_retention_days: u32,
    key_check_every: Duration,
    state: http::AppState,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let (pool, engine) =
            db::connect(&settings.database_url, settings.db_max_connections).await?;
        db::migrate(&pool, engine).await?;
        if db::seed_office(&pool, settings.office_file.as_deref()).await? {
            tracing::info!("loaded the office into the empty database");
        }
        if db::seed_calendar(&pool, settings.sample_content).await? {
            tracing::info!("loaded the sample calendar into the empty database");
        }
        let services = Arc::new(db::load_services(settings.services_file.as_deref())?);
        let call_rules = Arc::new(db::load_call_rules(settings.office_file.as_deref())?);
        let petition_rules = Arc::new(db::load_petition_rules(settings.petitions_file.as_deref())?);
        if db::seed_content(&pool, &services, settings.sample_content).await? {
            tracing::info!("loaded the sample content into the empty database");
        }
        if settings.sample_content {
            let office = app::office::ssr::load(&pool)
                .await
                .map_err(|e| anyhow::anyhow!("reading the office: {e}"))?;
            if let Some(office) = office {
                let base = settings.public_url.clone().unwrap_or_default();
                let now = time::OffsetDateTime::now_utc().unix_timestamp();
                if app::opendata::ssr::seed_sample(&pool, &office, base.trim_end_matches('/'), now)
                    .await
                    .map_err(|e| anyhow::anyhow!("loading the sample datasets: {e}"))?
                {
                    tracing::info!("loaded the sample datasets into the empty database");
                }
            }
        }
        let search = Arc::new(http::content::SearchState::default());
        search
            .refresh(&pool, &services)
            .await
            .map_err(|e| anyhow::anyhow!("building the search index: {e}"))?;
        let data_key = db::open_data_key(&settings, engine, &pool).await?;
        let mailer = match &settings.smtp_url {
            Some(url) => Some(Mailer::new(
                pool.clone(),
                data_key.clone(),
                url,
                &settings.mail_from,
            )?),
            None => {
                tracing::warn!("PORTAL_SMTP_URL is not set: mail waits in the outbox until it is");
                None
            }
        };
        let mail_wake = mailer
            .as_ref()
            .map(|m| m.wake.clone())
            .unwrap_or_else(|| Arc::new(tokio::sync::Notify::new()));
        let pdf_font = match app::paper::pdf::PdfFont::find(settings.pdf_font.as_deref()) {
            Ok(font) => {
                tracing::info!(font = %font.family, "PDF forms use this font");
                Some(Arc::new(font))
            }
            Err(e) if settings.pdf_font.is_some() => {
                return Err(anyhow::anyhow!("PORTAL_PDF_FONT: {e}"));
            }
            Err(e) => {
                tracing::warn!(error = %e, "no PDF forms: the catalogue offers ODF only");
                None
            }
        };
        let state = AppState {
            leptos_options: settings.leptos.clone(),
            pool: pool.clone(),
            office: Arc::new(OfficeCache::new(
                pool.clone(),
                Duration::from_secs(settings.office_cache_seconds),
            )),
            services,
            data_key: data_key.clone(),
            routes: http::route_paths().into(),
            secure_cookies: settings.secure_cookies,
            trusted_proxies: settings.trusted_proxies.clone(),
            kiosk_addresses: settings.kiosk_addresses.clone(),
            mail_wake,
            pdf_font,
            petition_rules,
            call_rules,
            search,
            public_url: settings.public_url.clone(),
            allowed_hosts: settings.allowed_hosts.clone().into(),
            waiting_cache: Arc::default(),
            bookings_per_contact: settings.bookings_per_contact_per_day,
            challenge_after: (settings.challenge_after, settings.challenge_day_after),
            key_stale: Arc::default(),
            limits: http::limits::Limits::new(pool.clone(), data_key.clone(), settings.budgets),
        };
        let router = http::router(state.clone());
        let listener = TcpListener::bind(settings.leptos.site_addr)
            .await
            .with_context(|| format!("binding {}", settings.leptos.site_addr))?;
        let port = listener.local_addr()?.port();
        tracing::info!(
            address = %listener.local_addr()?,
            engine = ?engine,
            "portal listening"
        );
        Ok(Application {
            listener,
            router,
            port,
            pool,
            engine,
            mailer,
            retention_days: settings.retention_days,
            audit_retention_days: settings.audit_retention_days,
            key_check_every: Duration::from_secs(settings.key_check_seconds.max(1)),
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Serves until SIGTERM or Ctrl-C, finishing requests in flight before returning.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` completes, then finishes requests in flight and closes the pool.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // Small responses go out at once instead of waiting on Nagle and delayed ACKs (~40 ms).
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::debug!(%error, "could not set TCP_NODELAY");
            }
        });
        let (stop_jobs, jobs_stopped) = tokio::sync::watch::channel(false);
        let retention = tokio::spawn(crate::jobs::retention::run(
            self.pool.clone(),
            self.state.data_key.clone(),
            self.retention_days,
            self.audit_retention_days,
            jobs_stopped.clone(),
        ));
        let refresher = tokio::spawn(http::content::run_refresher(
            self.state.clone(),
            jobs_stopped.clone(),
        ));
        let statistics = tokio::spawn(crate::jobs::statistics::run(
            self.state.clone(),
            jobs_stopped.clone(),
        ));
        let holds = tokio::spawn(crate::jobs::holds::run(
            self.pool.clone(),
            jobs_stopped.clone(),
        ));
        let key_watch = tokio::spawn(crate::jobs::key_watch::run(
            self.pool.clone(),
            self.state.data_key.clone(),
            self.state.key_stale.clone(),
            self.key_check_every,
            jobs_stopped.clone(),
        ));
        let mailer = self
            .mailer
            .map(|mailer| tokio::spawn(mailer.run(jobs_stopped)));
        let served = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("serving HTTP");
        let _ = stop_jobs.send(true);
        if let Some(mailer) = mailer {
            let _ = mailer.await;
        }
        let _ = retention.await;
        let _ = refresher.await;
        let _ = statistics.await;
        let _ = key_watch.await;
        let _ = holds.await;
        served?;
        self.pool.close().await;
        tracing::info!("portal stopped");
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
