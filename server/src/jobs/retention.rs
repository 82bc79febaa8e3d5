//! The retention job: deletes personal data past its keeping time (`PORTAL_RETENTION_DAYS`,
//! and `PORTAL_AUDIT_RETENTION_DAYS` for the audit log), at start and every six hours. Every
//! instance may run it; a second pass finds nothing to do.

use app::crypto::DataKey;
use app::db::Pool;
use std::time::Duration;

/// One pass: what is older than `days` goes (nothing when 0), and audit log entries older
/// than `audit_days` (none when 0).
pub async fn purge_once(
    pool: &Pool,
    key: &DataKey,
    days: u32,
    audit_days: u32,
) -> Result<app::lifecycle::Purged, app::error::AppError> {
    let now = time::OffsetDateTime::now_utc();
    // The settings are at most a hundred years (config.rs), so none of this overflows.
    let ago = |days: u32| now - time::Duration::days(i64::from(days));
    let keep = app::lifecycle::Keeping {
        before_day: if days == 0 {
            time::Date::MIN
        } else {
            ago(days).to_offset(app::dates::TAIPEI).date()
        },
        before: if days == 0 {
            i64::MIN
        } else {
            ago(days).unix_timestamp()
        },
        audit_before: if audit_days == 0 {
            i64::MIN
        } else {
            ago(audit_days).unix_timestamp()
        },
        now: now.unix_timestamp(),
    };
    app::lifecycle::purge(pool, key, keep).await
}

pub async fn run(
    pool: Pool,
    key: DataKey,
    days: u32,
    audit_days: u32,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        match purge_once(&pool, &key, days, audit_days).await {
            Ok(purged) if purged != app::lifecycle::Purged::default() => tracing::info!(
                bookings = purged.bookings,
                applications = purged.applications,
                mails = purged.mails,
                petitions = purged.petitions,
                suggestions = purged.suggestions,
                survey_comments = purged.survey_comments,
                drafts = purged.drafts,
                audit_entries = purged.audit_entries,
                days,
                audit_days,
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
