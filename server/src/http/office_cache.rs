//! Data every page shows and that changes rarely (the office, the calendar), read once and
//! kept for a few seconds. With several instances an edit shows everywhere within that time.

use app::calendar::Calendar;
use app::db::Pool;
use app::error::AppError;
use app::office::Office;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// One cached value with its loader. When the database fails, a stale copy is still served so
/// pages keep working; with no copy at all the error is returned.
pub struct Cached<T> {
    ttl: Duration,
    value: RwLock<Option<(Instant, Arc<T>)>>,
}

impl<T> Cached<T> {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            value: RwLock::new(None),
        }
    }

    pub async fn get<F, Fut>(&self, load: F) -> Result<Arc<T>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        if let Some((at, value)) = self.value.read().await.as_ref()
            && at.elapsed() < self.ttl
        {
            return Ok(value.clone());
        }
        let mut slot = self.value.write().await;
        if let Some((at, value)) = slot.as_ref()
            && at.elapsed() < self.ttl
        {
            return Ok(value.clone());
        }
        match load().await {
            Ok(value) => {
                let value = Arc::new(value);
                *slot = Some((Instant::now(), value.clone()));
                Ok(value)
            }
            Err(e) => match slot.as_ref() {
                Some((_, stale)) => Ok(stale.clone()),
                None => Err(e),
            },
        }
    }
}

pub struct OfficeCache {
    pool: Pool,
    office: Cached<Office>,
    calendar: Cached<Calendar>,
}

impl OfficeCache {
    pub fn new(pool: Pool, ttl: Duration) -> Self {
        Self {
            pool,
            office: Cached::new(ttl),
            calendar: Cached::new(ttl),
        }
    }

    pub async fn office(&self) -> Result<Arc<Office>, AppError> {
        self.office
            .get(|| async {
                app::office::ssr::load(&self.pool)
                    .await?
                    .ok_or_else(|| AppError::internal("the database has no office"))
            })
            .await
    }

    /// The special days from a week ago on (enough for today and every page that looks ahead).
    pub async fn calendar(&self) -> Result<Arc<Calendar>, AppError> {
        self.calendar
            .get(|| async {
                let from = app::dates::today_in_taipei() - time::Duration::days(7);
                app::calendar::ssr::load(&self.pool, from).await
            })
            .await
    }
}
