//! Watches the data key's check value in the database. After `portal rotate-data-key` the
//! stored value is the new key's, and an instance still holding the old key would seal new
//! data that nothing can open again: it stops serving (503, see `http::headers`) until it is
//! restarted with the new key.

use app::crypto::DataKey;
use app::db::Pool;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Compares once; true when the database holds another key's check value.
pub async fn key_changed(pool: &Pool, key: &DataKey) -> Result<bool, app::error::AppError> {
    Ok(app::lifecycle::stored_key_check(pool)
        .await?
        .is_some_and(|stored| stored != key.check_value()))
}

pub async fn run(
    pool: Pool,
    key: DataKey,
    stale: Arc<AtomicBool>,
    every: Duration,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => return,
        }
        match key_changed(&pool, &key).await {
            Ok(true) => {
                if !stale.swap(true, Ordering::SeqCst) {
                    tracing::error!(
                        "the data key was rotated: this instance stops serving until it is \
                         restarted with the new key"
                    );
                }
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "could not read the data key's check value"),
        }
    }
}
