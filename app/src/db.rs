//! The database handle shared by every capability: one sqlx `Any` pool that is either SQLite
//! (the embedded default) or PostgreSQL, driven by the same `$1`-placeholder SQL.
//!
//! The `Any` driver maps only booleans, integers, floats, text and blobs, so instants are stored
//! as Unix seconds (`BIGINT`) and ids as text; row values become domain types at the edge.

pub type Pool = sqlx::AnyPool;

/// Which engine a pool talks to, for the few places where the SQL must differ (migrations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine named by a `DATABASE_URL`.
    pub fn of_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }
}

/// True when the error is a violated unique or primary-key constraint: the one place that
/// turns a constraint doing its job into a conflict.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                // SQLite primary-key and unique failures, PostgreSQL unique_violation.
                || matches!(db.code().as_deref(), Some("2067") | Some("1555") | Some("23505"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_are_recognised_from_database_urls() {
        assert_eq!(
            Engine::of_url("sqlite://data/portal.db?mode=rwc"),
            Some(Engine::Sqlite)
        );
        assert_eq!(Engine::of_url("sqlite::memory:"), Some(Engine::Sqlite));
        assert_eq!(
            Engine::of_url("postgres://postgres@127.0.0.1/portal"),
            Some(Engine::Postgres)
        );
        assert_eq!(Engine::of_url("postgresql://x/y"), Some(Engine::Postgres));
        assert_eq!(Engine::of_url("mysql://x/y"), None);
    }
}
