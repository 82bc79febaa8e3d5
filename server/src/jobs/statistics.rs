//! The register's monthly figures offered to the open-data section: at start and every hour,
//! a new version of the `mailbox-statistics` dataset when they have changed. Every instance may
//! run it; a version is only added when the figures differ from the last one.

use crate::http::AppState;
use std::time::Duration;

/// One pass: the new version's number, if the figures changed.
pub async fn publish_once(state: &AppState) -> Result<Option<i64>, app::error::AppError> {
    let office = state.office.office().await?;
    let email = if office.email.is_empty() {
        "service@example.gov.tw"
    } else {
        office.email.as_str()
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    app::petitions::ssr::publish_statistics(&state.pool, &state.petition_rules, email, now).await
}

pub async fn run(state: AppState, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        match publish_once(&state).await {
            Ok(Some(version)) => {
                tracing::info!(version, "mailbox figures published as open data")
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "could not publish the mailbox figures"),
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(60 * 60)) => {}
            _ = shutdown.changed() => return,
        }
    }
}
