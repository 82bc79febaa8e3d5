//! Staff accounts in the database: Argon2id password hashes, login throttling, sessions kept
//! in the database (only a hash of the cookie's token is stored), and the audit log.

use super::{AuditEntry, Role, StaffUser};
use crate::crypto::random_hex;
use crate::db::{Pool, is_unique_violation};
use crate::error::AppError;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Failed sign-ins in a row (per account and client) before each try must wait.
pub const FREE_FAILURES: i64 = 3;
/// The longest wait between tries, in seconds.
pub const MAX_DELAY_SECONDS: i64 = 15 * 60;

/// How long the next try must wait after `failures` failures in a row: nothing for the first
/// few, then 15 s doubling up to 15 minutes. The wait runs from the last failure, and tries
/// during it are neither checked nor counted, so it never grows by itself.
pub fn sign_in_delay(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = u32::try_from(failures - FREE_FAILURES)
        .unwrap_or(u32::MAX)
        .min(16);
    (15_i64 << doublings).min(MAX_DELAY_SECONDS)
}
/// A session ends this long after sign-in, whatever happens.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
/// … or after this long without a request.
pub const IDLE_SECONDS: i64 = 2 * 60 * 60;

pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A user name: 3 to 32 lower-case letters, digits, dots, dashes or underscores.
pub fn valid_username(name: &str) -> bool {
    (3..=32).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

/// Creates an account; `Conflict` when the user name is taken.
pub async fn create(
    pool: &Pool,
    username: &str,
    display_name: &str,
    role: Role,
    password: &str,
    now: i64,
) -> Result<String, AppError> {
    let id = random_hex(16);
    let hash = hash_password(password)?;
    let inserted = sqlx::query(
        "INSERT INTO staff (id, username, display_name, role, password_hash, active, failed_logins, locked_until, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 1, 0, 0, $6, $6)",
    )
    .bind(&id)
    .bind(username)
    .bind(display_name)
    .bind(role.code())
    .bind(hash)
    .bind(now)
    .execute(pool)
    .await;
    match inserted {
        Ok(_) => Ok(id),
        Err(e) if is_unique_violation(&e) => Err(AppError::Conflict),
        Err(e) => Err(e.into()),
    }
}

pub async fn count(pool: &Pool) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT COUNT(*) FROM staff")
        .fetch_one(pool)
        .await?;
    Ok(row.try_get(0)?)
}

/// Every account, by user name.
pub async fn list(pool: &Pool) -> Result<Vec<super::Account>, AppError> {
    let rows = sqlx::query("SELECT id, username, display_name, role, active, locked_until, reviewer FROM staff ORDER BY username")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get(3)?;
            Ok(super::Account {
                id: r.try_get(0)?,
                username: r.try_get(1)?,
                display_name: r.try_get(2)?,
                role: Role::from_code(&role).ok_or_else(|| AppError::internal("stored role"))?,
                active: r.try_get::<i64, _>(4)? != 0,
                locked_until: r.try_get(5)?,
                reviewer: r.try_get::<i64, _>(6)? != 0,
            })
        })
        .collect()
}

/// Turns an account on or off; turning it off ends its sessions. An admin cannot turn
/// themselves off (so an office is never left without one by a slip).
pub async fn set_active(
    pool: &Pool,
    by: &StaffUser,
    id: &str,
    active: bool,
    now: i64,
) -> Result<bool, AppError> {
    if by.id == id && !active {
        return Ok(false);
    }
    let mut tx = pool.begin().await?;
    let done = sqlx::query("UPDATE staff SET active = $2, failed_logins = 0, locked_until = 0, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(active))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if !active {
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    audit(
        &mut *tx,
        Some(&by.id),
        if active {
            "account_enabled"
        } else {
            "account_disabled"
        },
        Some(id),
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Puts an account into the suggestions review group or takes it out.
pub async fn set_reviewer(
    pool: &Pool,
    by: &StaffUser,
    id: &str,
    reviewer: bool,
    now: i64,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query("UPDATE staff SET reviewer = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(reviewer))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut *tx,
        Some(&by.id),
        if reviewer {
            "reviewer_added"
        } else {
            "reviewer_removed"
        },
        Some(id),
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a new password for an account (an admin's reset), unlocking it and ending its sessions.
pub async fn reset_password(
    pool: &Pool,
    by: &StaffUser,
    id: &str,
    password: &str,
    now: i64,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query("UPDATE staff SET password_hash = $2, failed_logins = 0, locked_until = 0, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(hash_password(password)?)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit(&mut *tx, Some(&by.id), "password_reset", Some(id), "", now).await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Login {
    /// Signed in: the cookie's token and who it is.
    Ok(String, StaffUser),
    /// Not signed in. A wrong password, an unknown user, a disabled account and one that must
    /// wait are not told apart, and take the same time.
    Refused,
}

/// Checks a user name and password. Failures are counted per account and client (`bucket`,
/// a keyed hash of both made by the caller), with growing delays between tries.
pub async fn login(
    pool: &Pool,
    username: &str,
    password: &str,
    bucket: &str,
    now: i64,
) -> Result<Login, AppError> {
    let waiting = sqlx::query("SELECT failures, last_at FROM sign_in_failures WHERE bucket = $1")
        .bind(bucket)
        .fetch_optional(pool)
        .await?
        .map(|row| -> Result<i64, sqlx::Error> {
            let failures: i64 = row.try_get(0)?;
            let last_at: i64 = row.try_get(1)?;
            Ok(last_at + sign_in_delay(failures))
        })
        .transpose()?
        .is_some_and(|until| until > now);
    let row = sqlx::query(
        "SELECT id, password_hash, display_name, role, active, reviewer FROM staff WHERE username = $1",
    )
    .bind(username)
    .fetch_optional(pool)
    .await?;
    let id: Option<String> = row.as_ref().map(|r| r.try_get(0)).transpose()?;
    let hash: Option<String> = row.as_ref().map(|r| r.try_get(1)).transpose()?;
    let active = row
        .as_ref()
        .map(|r| r.try_get::<i64, _>(4))
        .transpose()?
        .is_some_and(|a| a != 0);
    // Always one password check, against a dummy hash when there is nothing to check, so the
    // time taken does not tell which user names exist, or which are waiting or disabled.
    let matches = verify_password(hash.as_deref().unwrap_or(DUMMY_HASH), password);
    if waiting {
        audit(pool, id.as_deref(), "login_refused_waiting", None, "", now).await?;
        return Ok(Login::Refused);
    }
    let failed_id = id.clone();
    let (Some(row), Some(id), true, true) = (row, id, active, matches) else {
        sqlx::query(
            "INSERT INTO sign_in_failures (bucket, failures, last_at) VALUES ($1, 1, $2) \
             ON CONFLICT (bucket) DO UPDATE SET failures = sign_in_failures.failures + 1, last_at = $2",
        )
        .bind(bucket)
        .bind(now)
        .execute(pool)
        .await?;
        // The name typed is not recorded: people type passwords into the user name field.
        let reason = if failed_id.is_some() {
            ""
        } else {
            "unknown user"
        };
        audit(
            pool,
            failed_id.as_deref(),
            "login_failed",
            None,
            reason,
            now,
        )
        .await?;
        return Ok(Login::Refused);
    };
    sqlx::query("DELETE FROM sign_in_failures WHERE bucket = $1")
        .bind(bucket)
        .execute(pool)
        .await?;
    // Failures of other clients long past their waits go whenever someone signs in.
    sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1")
        .bind(now - 24 * 60 * 60)
        .execute(pool)
        .await?;
    let token = random_hex(32);
    let csrf = random_hex(16);
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, staff_id, csrf, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(&id)
    .bind(&csrf)
    .bind(now)
    .bind(now + SESSION_SECONDS)
    .execute(pool)
    .await?;
    // Sessions long over go whenever someone signs in: no separate clean-up job.
    sqlx::query("DELETE FROM staff_sessions WHERE expires_at < $1 OR last_seen_at < $2")
        .bind(now)
        .bind(now - IDLE_SECONDS)
        .execute(pool)
        .await?;
    audit(pool, Some(&id), "login", None, "", now).await?;
    let role: String = row.try_get(3)?;
    Ok(Login::Ok(
        token,
        StaffUser {
            id,
            username: username.to_string(),
            display_name: row.try_get(2)?,
            role: Role::from_code(&role).ok_or_else(|| AppError::internal("stored role"))?,
            reviewer: row.try_get::<i64, _>(5)? != 0,
            csrf,
        },
    ))
}

/// A valid Argon2id hash of a random password, to spend the same time on unknown user names.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$7dW2p9v7lqf1cN3E1mO0Vh6f4m6yY7k3rJtTq0Qk1wE";

/// The staff member signed in with this cookie token, if the session still holds.
pub async fn session(pool: &Pool, token: &str, now: i64) -> Result<Option<StaffUser>, AppError> {
    let hash = token_hash(token);
    let row = sqlx::query(
        "SELECT s.id, s.username, s.display_name, s.role, x.csrf, x.last_seen_at, s.reviewer \
         FROM staff_sessions x JOIN staff s ON s.id = x.staff_id \
         WHERE x.token_hash = $1 AND x.expires_at > $2 AND x.last_seen_at > $3 AND s.active = 1",
    )
    .bind(&hash)
    .bind(now)
    .bind(now - IDLE_SECONDS)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let last_seen: i64 = row.try_get(5)?;
    if now - last_seen > 60 {
        // Written at most once a minute per session, not on every request.
        sqlx::query("UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(&hash)
            .bind(now)
            .execute(pool)
            .await?;
    }
    let role: String = row.try_get(3)?;
    Ok(Some(StaffUser {
        id: row.try_get(0)?,
        username: row.try_get(1)?,
        display_name: row.try_get(2)?,
        role: Role::from_code(&role).ok_or_else(|| AppError::internal("stored role"))?,
        reviewer: row.try_get::<i64, _>(6)? != 0,
        csrf: row.try_get(4)?,
    }))
}

pub async fn logout(pool: &Pool, token: &str, now: i64) -> Result<(), AppError> {
    let hash = token_hash(token);
    let staff: Option<String> =
        sqlx::query("SELECT staff_id FROM staff_sessions WHERE token_hash = $1")
            .bind(&hash)
            .fetch_optional(pool)
            .await?
            .map(|row| row.try_get(0))
            .transpose()?;
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(&hash)
        .execute(pool)
        .await?;
    if let Some(staff) = staff {
        audit(pool, Some(&staff), "logout", None, "", now).await?;
    }
    Ok(())
}

/// Changes a password after checking the current one; every other session of the account ends.
/// Returns false when the current password is wrong.
pub async fn change_password(
    pool: &Pool,
    user: &StaffUser,
    current: &str,
    new: &str,
    keep_token: &str,
    now: i64,
) -> Result<bool, AppError> {
    let row = sqlx::query("SELECT password_hash FROM staff WHERE id = $1")
        .bind(&user.id)
        .fetch_one(pool)
        .await?;
    if !verify_password(&row.try_get::<String, _>(0)?, current) {
        audit(
            pool,
            Some(&user.id),
            "password_change_refused",
            None,
            "",
            now,
        )
        .await?;
        return Ok(false);
    }
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE staff SET password_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(&user.id)
        .bind(hash_password(new)?)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash <> $2")
        .bind(&user.id)
        .bind(token_hash(keep_token))
        .execute(&mut *tx)
        .await?;
    audit(&mut *tx, Some(&user.id), "password_changed", None, "", now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Records who did what to which record. Takes any executor, so it joins the transaction of
/// the change it records.
pub async fn audit<'e, E>(
    executor: E,
    staff_id: Option<&str>,
    action: &str,
    subject: Option<&str>,
    detail: &str,
    now: i64,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO audit_log (id, at, staff_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(random_hex(16))
        .bind(now)
        .bind(staff_id)
        .bind(action)
        .bind(subject)
        .bind(detail)
        .execute(executor)
        .await?;
    Ok(())
}

/// The newest entries first.
pub async fn audit_entries(
    pool: &Pool,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditEntry>, AppError> {
    let rows = sqlx::query(
        "SELECT a.at, COALESCE(s.username, ''), a.action, COALESCE(a.subject, ''), a.detail \
         FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id ORDER BY a.at DESC, a.id LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                at: r.try_get(0)?,
                who: r.try_get(1)?,
                action: r.try_get(2)?,
                subject: r.try_get(3)?,
                detail: r.try_get(4)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").expect("hashed");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse batterz"));
        assert!(!verify_password("not a hash", "x"));
        assert!(
            PasswordHash::new(DUMMY_HASH).is_ok(),
            "the dummy hash parses, so it costs a real check"
        );
    }

    #[test]
    fn sign_in_waits_grow_from_the_fourth_failure_and_stop_at_fifteen_minutes() {
        assert_eq!(sign_in_delay(0), 0);
        assert_eq!(sign_in_delay(2), 0);
        assert_eq!(sign_in_delay(3), 15);
        assert_eq!(sign_in_delay(4), 30);
        assert_eq!(sign_in_delay(8), 480);
        assert_eq!(sign_in_delay(9), MAX_DELAY_SECONDS);
        assert_eq!(sign_in_delay(i64::MAX), MAX_DELAY_SECONDS);
    }

    #[test]
    fn user_names_are_plain() {
        assert!(valid_username("chen.mei"));
        assert!(!valid_username("Chen"));
        assert!(!valid_username("ab"));
        assert!(!valid_username("a b c"));
    }
}
