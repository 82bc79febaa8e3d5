//! Frees the seats of contended bookings whose code was not typed in time: every minute, on
//! every instance (each lapsed hold is released once, by whichever instance deletes it).

use app::db::Pool;
use std::time::Duration;

pub async fn run(pool: Pool, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(60)) => {}
            _ = shutdown.changed() => return,
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        match app::booking::ssr::release_expired_holds(&pool, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(released = n, "freed the seats of lapsed holds"),
            Err(e) => tracing::warn!(error = %e, "could not free lapsed holds"),
        }
    }
}
