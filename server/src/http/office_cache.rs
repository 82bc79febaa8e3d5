//! The office read once and kept for a few seconds: every page shows it, and it changes
//! rarely. With several instances an edit shows everywhere within the cache time.

use app::db::Pool;
use app::error::AppError;
use app::office::Office;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

pub struct OfficeCache {
    pool: Pool,
    ttl: Duration,
    cached: RwLock<Option<(Instant, Arc<Office>)>>,
}

impl OfficeCache {
    pub fn new(pool: Pool, ttl: Duration) -> Self {
        Self {
            pool,
            ttl,
            cached: RwLock::new(None),
        }
    }

    /// The office, from the cache while it is fresh. When the database fails, a stale copy is
    /// still served so pages keep working; with no copy at all the error is returned.
    pub async fn get(&self) -> Result<Arc<Office>, AppError> {
        if let Some((at, office)) = self.cached.read().await.as_ref()
            && at.elapsed() < self.ttl
        {
            return Ok(office.clone());
        }
        let mut slot = self.cached.write().await;
        if let Some((at, office)) = slot.as_ref()
            && at.elapsed() < self.ttl
        {
            return Ok(office.clone());
        }
        match app::office::ssr::load(&self.pool).await {
            Ok(Some(office)) => {
                let office = Arc::new(office);
                *slot = Some((Instant::now(), office.clone()));
                Ok(office)
            }
            Ok(None) => Err(AppError::internal("the database has no office")),
            Err(e) => match slot.as_ref() {
                Some((_, stale)) => Ok(stale.clone()),
                None => Err(e),
            },
        }
    }

    /// Forgets the cached copy, after this instance changed the office.
    pub async fn invalidate(&self) {
        *self.cached.write().await = None;
    }
}
