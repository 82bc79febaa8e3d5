//! Limits per client that hold across instances: every counted request is one atomic upsert
//! into the database's `rate_limits` table, so three instances share one budget and memory
//! stays bounded whatever the number of addresses. A window's count is estimated from the
//! current and the previous fixed window (a sliding window without keeping every request).
//! Clients are stored as keyed hashes, never as addresses.

use super::client::Client;
use app::crypto::DataKey;
use app::db::Pool;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// What a limit counts; each has its own budget (settings in `portal.env.example`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Looking up a booking, application, message or suggestion by reference.
    Lookup,
    /// Staff sign-in attempts from one client (per account there are growing delays too).
    SignIn,
    /// Mailbox messages, survey answers, suggestions.
    Submission,
    /// Starting a booking or an application (a new draft).
    Start,
    /// Confirming a booking or sending an application.
    Confirmation,
    /// Numbered tickets from a kiosk.
    Ticket,
    /// Any public form post (a generous budget under the ones above).
    Post,
}

impl Class {
    pub const ALL: [Class; 7] = [
        Class::Lookup,
        Class::SignIn,
        Class::Submission,
        Class::Start,
        Class::Confirmation,
        Class::Ticket,
        Class::Post,
    ];

    fn code(self) -> &'static str {
        match self {
            Class::Lookup => "lookup",
            Class::SignIn => "signin",
            Class::Submission => "submission",
            Class::Start => "start",
            Class::Confirmation => "confirm",
            Class::Ticket => "ticket",
            Class::Post => "post",
        }
    }
}

/// At most `max` requests in any `window_seconds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub max: u32,
    pub window_seconds: i64,
}

/// The budgets of every class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budgets {
    pub lookup: Budget,
    pub sign_in: Budget,
    pub submission: Budget,
    pub start: Budget,
    pub confirmation: Budget,
    pub ticket: Budget,
    pub post: Budget,
}

impl Budgets {
    pub fn of(&self, class: Class) -> Budget {
        match class {
            Class::Lookup => self.lookup,
            Class::SignIn => self.sign_in,
            Class::Submission => self.submission,
            Class::Start => self.start,
            Class::Confirmation => self.confirmation,
            Class::Ticket => self.ticket,
            Class::Post => self.post,
        }
    }
}

/// Over the limit: try again after this many seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    pub retry_after: i64,
}

#[derive(Clone)]
pub struct Limits {
    pool: Pool,
    key: DataKey,
    pub budgets: Budgets,
    calls: Arc<AtomicU32>,
}

/// How many calls between purges of old windows.
const PURGE_EVERY: u32 = 500;

impl Limits {
    pub fn new(pool: Pool, key: DataKey, budgets: Budgets) -> Limits {
        Limits {
            pool,
            key,
            budgets,
            calls: Arc::default(),
        }
    }

    /// Counts a request of `class` from `client`; refused when the client is over the budget.
    /// A database that does not answer lets the request through (the request itself will
    /// then fail on the same database), logged.
    pub async fn check(&self, class: Class, client: &Client) -> Result<(), Refused> {
        self.check_key(class, &client.key()).await
    }

    /// As `check`, for any key (an account name, a device).
    pub async fn check_key(&self, class: Class, key: &str) -> Result<(), Refused> {
        let budget = self.budgets.of(class);
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        match self.count(class, key, budget, now).await {
            Ok((previous, current)) => decide(budget, previous, current, now),
            Err(error) => {
                tracing::error!(%error, class = class.code(), "rate limit not counted");
                Ok(())
            }
        }
    }

    async fn count(
        &self,
        class: Class,
        key: &str,
        budget: Budget,
        now: i64,
    ) -> Result<(i64, i64), sqlx::Error> {
        let window = budget.window_seconds.max(1);
        let start = now - now.rem_euclid(window);
        let bucket = format!(
            "{}:{}",
            class.code(),
            &self.key.lookup_hash("rate limit", key)[..32]
        );
        let current: i64 = sqlx::query_scalar(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
             RETURNING hits",
        )
        .bind(&bucket)
        .bind(start)
        .fetch_one(&self.pool)
        .await?;
        let previous: Option<i64> = sqlx::query_scalar(
            "SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2",
        )
        .bind(&bucket)
        .bind(start - window)
        .fetch_optional(&self.pool)
        .await?;
        if self
            .calls
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(PURGE_EVERY)
        {
            self.purge(now).await?;
        }
        Ok((previous.unwrap_or(0), current))
    }

    /// Forgets windows that no budget looks at any more.
    pub async fn purge(&self, now: i64) -> Result<u64, sqlx::Error> {
        let longest = Class::ALL
            .iter()
            .map(|c| self.budgets.of(*c).window_seconds)
            .max()
            .unwrap_or(0);
        Ok(
            sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
                .bind(now - 2 * longest.max(1))
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }
}

/// The estimate of requests in the last window at `now`, given the previous and the current
/// fixed windows' counts (this request included), and when a refused client may try again.
fn decide(budget: Budget, previous: i64, current: i64, now: i64) -> Result<(), Refused> {
    let window = budget.window_seconds.max(1);
    let max = i64::from(budget.max);
    let elapsed = now.rem_euclid(window);
    // The previous window counts for the part of it still inside the sliding window.
    let estimate = previous * (window - elapsed) / window + current;
    if estimate <= max {
        return Ok(());
    }
    let retry_after = if current >= max {
        // Wait for the next window, then for enough of this one to slide out.
        let into_next = window - window * max / current.max(1);
        window - elapsed + into_next
    } else {
        // Wait for enough of the previous window to slide out.
        let keep = (max - current) * window / previous.max(1);
        (window - keep) - elapsed
    };
    Err(Refused {
        retry_after: retry_after.clamp(1, 2 * window),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN: Budget = Budget {
        max: 10,
        window_seconds: 600,
    };

    #[test]
    fn a_client_within_its_budget_passes_and_the_next_request_is_refused() {
        assert_eq!(decide(TEN, 0, 10, 6000), Ok(()));
        let refused = decide(TEN, 0, 11, 6000).expect_err("over the budget");
        // The window began at 6000: the count of 11 must slide under 10 in the next window.
        assert!(refused.retry_after > 600 && refused.retry_after <= 1200);
    }

    #[test]
    fn the_previous_window_counts_for_what_of_it_is_still_in_the_sliding_window() {
        // Halfway through a window after ten requests in the previous one: five still count.
        assert_eq!(decide(TEN, 10, 5, 6300), Ok(()));
        let refused = decide(TEN, 10, 6, 6300).expect_err("over the budget");
        assert!(refused.retry_after >= 1 && refused.retry_after <= 300);
        // At the end of the window the previous one has slid out.
        assert_eq!(decide(TEN, 10, 6, 6599), Ok(()));
    }

    #[test]
    fn the_retry_after_is_never_zero_nor_unbounded() {
        for previous in [0, 1, 10, 1_000_000] {
            for current in [1, 11, 1_000_000] {
                for now in [6000, 6001, 6599] {
                    if let Err(r) = decide(TEN, previous, current, now) {
                        assert!((1..=1200).contains(&r.retry_after), "{r:?}");
                    }
                }
            }
        }
    }
}
