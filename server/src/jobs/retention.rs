//! The retention job: deletes bookings, applications and mail past their keeping time
//! (`PORTAL_RETENTION_DAYS`), at start and every six hours. Every instance may run it.

use app::db::Pool;
use std::time::Duration;

/// One pass: what is older than `days` goes.
pub async fn purge_once(
    pool: &Pool,
    days: u32,
) -> Result<app::lifecycle::Purged, app::error::AppError> {
    let now = time::OffsetDateTime::now_utc();
    let keep = time::Duration::days(i64::from(days));
    let before_day = now.to_offset(app::dates::TAIPEI).date() - keep;
    app::lifecycle::purge(pool, before_day, (now - keep).unix_timestamp()).await
}

pub async fn run(pool: Pool, days: u32, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        match purge_once(&pool, days).await {
            Ok(purged) if purged != app::lifecycle::Purged::default() => tracing::info!(
                bookings = purged.bookings,
                applications = purged.applications,
                mails = purged.mails,
                days,
                "deleted personal data past its keeping time"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention: could not delete old records"),
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(6 * 60 * 60)) => {}
            _ = shutdown.changed() => return,
        }
    }
}
