//! The outbox in the database: queueing, claiming a due message (safely with several server
//! instances), and recording the outcome of an attempt.

use super::{MailStatus, retry_delay};
use crate::crypto::DataKey;
use crate::db::Pool;
use crate::error::AppError;
use crate::validate::Email;
use sqlx::Row;

pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub struct OutgoingMail {
    /// What the mail is about: `booking_confirmed`, `booking_changed`, `booking_cancelled` …
    pub kind: String,
    /// The booking or case it belongs to, for its history.
    pub reference: Option<String>,
    pub to: Email,
    pub subject: String,
    pub body: String,
    pub attachment: Option<Attachment>,
}

/// A message claimed for sending, opened with the data key.
pub struct ClaimedMail {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment: Option<Attachment>,
    pub attempts: u32,
}

/// Queues a mail. Takes any executor, so it joins the transaction of the change it reports.
pub async fn enqueue<'e, E>(
    executor: E,
    key: &DataKey,
    mail: &OutgoingMail,
    now: i64,
) -> Result<String, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let id = crate::crypto::random_hex(16);
    let attachment = mail.attachment.as_ref();
    sqlx::query(
        "INSERT INTO outbox (id, kind, reference, recipient_sealed, subject, body_sealed, attachment_name, attachment_type, attachment_sealed, status, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0, $10, $10)",
    )
    .bind(&id)
    .bind(&mail.kind)
    .bind(mail.reference.as_deref())
    .bind(key.seal(mail.to.as_str().as_bytes()))
    .bind(&mail.subject)
    .bind(key.seal(mail.body.as_bytes()))
    .bind(attachment.map(|a| a.name.clone()))
    .bind(attachment.map(|a| a.content_type.clone()))
    .bind(attachment.map(|a| key.seal(&a.bytes)))
    .bind(now)
    .execute(executor)
    .await?;
    Ok(id)
}

/// The newest mail queued for `address` (case ignored): its status, subject and body. For
/// the operator's `portal last-mail` (a citizen says no code came) and for tests; it opens
/// sealed mail, so only someone holding the data key can run it.
pub async fn latest_to(
    pool: &Pool,
    key: &DataKey,
    address: &str,
) -> Result<Option<(String, String, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT recipient_sealed, status, subject, body_sealed FROM outbox ORDER BY created_at DESC LIMIT 500",
    )
    .fetch_all(pool)
    .await?;
    for row in rows {
        let to = key
            .open_text(&row.try_get::<Vec<u8>, _>(0)?)
            .map_err(AppError::internal)?;
        if to.eq_ignore_ascii_case(address.trim()) {
            let body = key
                .open_text(&row.try_get::<Vec<u8>, _>(3)?)
                .map_err(AppError::internal)?;
            return Ok(Some((row.try_get(1)?, row.try_get(2)?, body)));
        }
    }
    Ok(None)
}

/// How long a claimed message is reserved before another instance may take it over (a sender
/// that died mid-send).
const CLAIM_SECONDS: i64 = 5 * 60;

/// Claims the next due message, if any. The UPDATE re-checks the status, so two instances
/// racing for one message cannot both win.
pub async fn claim_next(
    pool: &Pool,
    key: &DataKey,
    now: i64,
) -> Result<Option<ClaimedMail>, AppError> {
    loop {
        let candidate = sqlx::query(
            "SELECT id FROM outbox WHERE status IN ('queued', 'retrying', 'sending') AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, created_at LIMIT 1",
        )
        .bind(now)
        .fetch_optional(pool)
        .await?;
        let Some(row) = candidate else {
            return Ok(None);
        };
        let id: String = row.try_get(0)?;
        let claimed = sqlx::query(
            "UPDATE outbox SET status = 'sending', next_attempt_at = $2 \
             WHERE id = $1 AND status IN ('queued', 'retrying', 'sending') AND next_attempt_at <= $3",
        )
        .bind(&id)
        .bind(now + CLAIM_SECONDS)
        .bind(now)
        .execute(pool)
        .await?;
        if claimed.rows_affected() == 0 {
            continue; // another instance took it first
        }
        let row = sqlx::query(
            "SELECT recipient_sealed, subject, body_sealed, attachment_name, attachment_type, attachment_sealed, attempts \
             FROM outbox WHERE id = $1",
        )
        .bind(&id)
        .fetch_one(pool)
        .await?;
        let open = |sealed: Vec<u8>| -> Result<String, AppError> {
            let bytes = key.open(&sealed).map_err(AppError::internal)?;
            String::from_utf8(bytes).map_err(AppError::internal)
        };
        let attachment = match (
            row.try_get::<Option<String>, _>(3)?,
            row.try_get::<Option<String>, _>(4)?,
            row.try_get::<Option<Vec<u8>>, _>(5)?,
        ) {
            (Some(name), Some(content_type), Some(sealed)) => Some(Attachment {
                name,
                content_type,
                bytes: key.open(&sealed).map_err(AppError::internal)?,
            }),
            _ => None,
        };
        return Ok(Some(ClaimedMail {
            id,
            to: open(row.try_get(0)?)?,
            subject: row.try_get(1)?,
            body: open(row.try_get(2)?)?,
            attachment,
            attempts: u32::try_from(row.try_get::<i64, _>(6)?).unwrap_or(0),
        }));
    }
}

/// Records a successful send.
pub async fn mark_sent(pool: &Pool, id: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = NULL WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Records a failed attempt: retried later with back-off, or failed for good.
pub async fn mark_failed(
    pool: &Pool,
    mail: &ClaimedMail,
    error: &str,
    now: i64,
) -> Result<MailStatus, AppError> {
    let attempts = mail.attempts + 1;
    let (status, next) = match retry_delay(attempts) {
        Some(delay) => (MailStatus::Retrying, now + delay),
        None => (MailStatus::Failed, now),
    };
    let error: String = error.chars().take(500).collect();
    sqlx::query("UPDATE outbox SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5 WHERE id = $1")
        .bind(&mail.id)
        .bind(status.code())
        .bind(i64::from(attempts))
        .bind(next)
        .bind(error)
        .execute(pool)
        .await?;
    Ok(status)
}
