//! Storing applications: made all or nothing with their confirmation mail and the end of the
//! draft they came from, found by reference and ID number, withdrawn while still untouched.

use crate::booking::flow::Answers;
use crate::booking::ssr::{ID_HASH_PURPOSE, create_draft, new_reference, save_draft};
use crate::crypto::DataKey;
use crate::db::{Pool, is_unique_violation};
use crate::error::AppError;
use crate::notify::ssr::{OutgoingMail, enqueue};
use crate::validate::{Email, NationalId};
use sqlx::Row;
use time::Date;

/// An application as it reaches the store (already validated).
pub struct NewApplication<'a> {
    pub service: &'a str,
    pub id: &'a NationalId,
    pub answers: &'a Answers,
    pub email: Option<&'a Email>,
    pub location_id: Option<&'a str>,
    pub pickup_day: Option<Date>,
    pub due_day: Date,
    /// The draft it comes from: marked done in the same transaction, and only once, so a
    /// second press of the button cannot make a second application.
    pub draft: &'a str,
    pub mail: Option<&'a (dyn Fn(&str) -> OutgoingMail + Send + Sync)>,
    /// An application of the same person this one replaces (withdrawn in the same transaction).
    pub replaces: Option<&'a str>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    #[error("the draft was already submitted")]
    AlreadySubmitted,
    #[error("the application to replace can no longer be changed")]
    NothingToReplace,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for SubmitError {
    fn from(error: sqlx::Error) -> Self {
        SubmitError::App(error.into())
    }
}

/// Stores the application and returns its reference.
pub async fn submit(
    pool: &Pool,
    key: &DataKey,
    a: &NewApplication<'_>,
    now: i64,
) -> Result<String, SubmitError> {
    let id_hash = key.lookup_hash(ID_HASH_PURPOSE, a.id.expose());
    let answers = serde_json::to_vec(a.answers).map_err(AppError::internal)?;
    for _ in 0..3 {
        let reference = new_reference();
        match try_submit(pool, key, a, &reference, &id_hash, &answers, now).await {
            // A reference collision (one in 10^15): draw another.
            Err(SubmitError::App(AppError::Conflict)) => continue,
            other => return other.map(|()| reference),
        }
    }
    Err(AppError::internal("three reference collisions in a row").into())
}

async fn try_submit(
    pool: &Pool,
    key: &DataKey,
    a: &NewApplication<'_>,
    reference: &str,
    id_hash: &str,
    answers: &[u8],
    now: i64,
) -> Result<(), SubmitError> {
    let mut tx = pool.begin().await?;
    let finished = sqlx::query(
        "UPDATE booking_drafts SET reference = $2, updated_at = $3 WHERE id = $1 AND reference IS NULL",
    )
    .bind(a.draft)
    .bind(reference)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if finished.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(SubmitError::AlreadySubmitted);
    }
    if let Some(old) = a.replaces {
        let withdrawn = sqlx::query(
            "UPDATE applications SET status = 'withdrawn', updated_at = $3 WHERE reference = $1 AND id_hash = $2 AND status = 'received'",
        )
        .bind(old)
        .bind(id_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if withdrawn.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(SubmitError::NothingToReplace);
        }
        crate::cases::ssr::record(&mut *tx, key, old, "withdrawn", "", None, now).await?;
    }
    let inserted = sqlx::query(
        "INSERT INTO applications (reference, service, id_hash, id_sealed, answers_sealed, email_sealed, location_id, pickup_day, due_day, status, replaces, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'received', $10, $11, $11)",
    )
    .bind(reference)
    .bind(a.service)
    .bind(id_hash)
    .bind(key.seal(a.id.expose().as_bytes()))
    .bind(key.seal(answers))
    .bind(a.email.map(|e| key.seal(e.as_str().as_bytes())))
    .bind(a.location_id)
    .bind(a.pickup_day.map(crate::dates::iso_date))
    .bind(crate::dates::iso_date(a.due_day))
    .bind(a.replaces)
    .bind(now)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            return Err(AppError::Conflict.into());
        }
        Err(e) => return Err(e.into()),
    }
    crate::cases::ssr::record(&mut *tx, key, reference, "received", "", None, now).await?;
    if let Some(mail) = a.mail {
        enqueue(&mut *tx, key, &mail(reference), now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A stored application as its holder sees it after proving who they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredApplication {
    pub reference: String,
    pub service: String,
    pub status: String,
    pub submitted: Date,
    pub due: Date,
    pub location_id: Option<String>,
    pub pickup_day: Option<Date>,
    pub email: Option<Email>,
    pub masked_id: String,
}

/// The application with this reference, if it belongs to this ID number.
pub async fn find(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
    id: &NationalId,
) -> Result<Option<StoredApplication>, AppError> {
    let id_hash = key.lookup_hash(ID_HASH_PURPOSE, id.expose());
    find_where(pool, key, reference, Some(&id_hash)).await
}

/// The application with this reference, for a holder already proven by a token.
pub async fn find_by_reference(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
) -> Result<Option<StoredApplication>, AppError> {
    find_where(pool, key, reference, None).await
}

async fn find_where(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
    id_hash: Option<&str>,
) -> Result<Option<StoredApplication>, AppError> {
    let row = sqlx::query(
        "SELECT reference, service, status, created_at, due_day, location_id, pickup_day, email_sealed, id_sealed, id_hash \
         FROM applications WHERE reference = $1",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if let Some(expected) = id_hash
        && row.try_get::<String, _>(9)? != expected
    {
        return Ok(None);
    }
    let id_bytes = key
        .open(&row.try_get::<Vec<u8>, _>(8)?)
        .map_err(AppError::internal)?;
    let id = NationalId::parse(&String::from_utf8_lossy(&id_bytes))
        .map_err(|_| AppError::internal("stored ID"))?;
    let email: Option<Vec<u8>> = row.try_get(7)?;
    let email = key
        .open_email(email.as_deref())
        .map_err(AppError::internal)?;
    let due: String = row.try_get(4)?;
    let pickup: Option<String> = row.try_get(6)?;
    Ok(Some(StoredApplication {
        reference: row.try_get(0)?,
        service: row.try_get(1)?,
        status: row.try_get(2)?,
        submitted: crate::dates::date_of_unix(row.try_get(3)?),
        due: crate::dates::parse_date(&due).ok_or_else(|| AppError::internal("stored day"))?,
        location_id: row.try_get(5)?,
        pickup_day: pickup.as_deref().and_then(crate::dates::parse_date),
        email,
        masked_id: id.masked(),
    }))
}

/// Withdraws an application the office has not started on, with its mail, all or nothing.
/// Returns false when it could no longer be withdrawn.
pub async fn withdraw(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
    mail: Option<&OutgoingMail>,
    now: i64,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query(
        "UPDATE applications SET status = 'withdrawn', updated_at = $2 WHERE reference = $1 AND status = 'received'",
    )
    .bind(reference)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    crate::cases::ssr::record(&mut *tx, key, reference, "withdrawn", "", None, now).await?;
    if let Some(mail) = mail {
        enqueue(&mut *tx, key, mail, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Starts a change of an application: a draft holding its answers and the reference it
/// replaces, opened at the check page. Nothing changes until that page is sent.
pub async fn create_change_draft(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
    now: i64,
) -> Result<Option<(String, String)>, AppError> {
    let row = sqlx::query(
        "SELECT service, answers_sealed FROM applications WHERE reference = $1 AND status = 'received'",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let json = key
        .open(&row.try_get::<Vec<u8>, _>(1)?)
        .map_err(AppError::internal)?;
    let mut answers: Answers = serde_json::from_slice(&json).map_err(AppError::internal)?;
    // The collection day is chosen again: the one given may have passed.
    answers.remove("pickup_day");
    answers.insert("replaces".into(), reference.to_string());
    let service: String = row.try_get(0)?;
    let token = create_draft(pool, key, &service, now).await?;
    save_draft(pool, key, &token, &answers, now).await?;
    Ok(Some((service, token)))
}

/// Proof, for a link to the filled-in form, that its holder looked the application up with
/// its reference and ID number (or just sent it): `{expires}.{mac}`.
pub fn form_token(key: &DataKey, reference: &str, expires: i64) -> String {
    format!(
        "{expires}.{}",
        &key.lookup_hash("form download", &format!("{reference}|{expires}"))[..32]
    )
}

pub fn form_token_valid(key: &DataKey, reference: &str, token: &str, now: i64) -> bool {
    let Some((expires, _)) = token.split_once('.') else {
        return false;
    };
    let Ok(expires) = expires.parse::<i64>() else {
        return false;
    };
    expires >= now && crate::crypto::same_token(&form_token(key, reference, expires), token)
}

/// An application's service and answers (with the ID number), for its filled-in form; not for
/// a withdrawn one.
pub async fn answers_of(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
) -> Result<Option<(String, Answers)>, AppError> {
    let row = sqlx::query(
        "SELECT service, answers_sealed FROM applications WHERE reference = $1 AND status <> 'withdrawn'",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let json = key
        .open(&row.try_get::<Vec<u8>, _>(1)?)
        .map_err(AppError::internal)?;
    let answers: Answers = serde_json::from_slice(&json).map_err(AppError::internal)?;
    Ok(Some((row.try_get(0)?, answers)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_tokens_expire_and_belong_to_one_reference() {
        let key = DataKey::from_bytes(&[7; 32]);
        let token = form_token(&key, "AP-1", 1_000);
        assert!(form_token_valid(&key, "AP-1", &token, 999));
        assert!(form_token_valid(&key, "AP-1", &token, 1_000));
        assert!(!form_token_valid(&key, "AP-1", &token, 1_001), "expired");
        assert!(
            !form_token_valid(&key, "AP-2", &token, 999),
            "another reference"
        );
        assert!(
            !form_token_valid(&DataKey::from_bytes(&[8; 32]), "AP-1", &token, 999),
            "another key"
        );
        let forged = token.replace(token.split_once('.').map(|(e, _)| e).unwrap_or(""), "2000");
        assert!(
            !form_token_valid(&key, "AP-1", &forged, 999),
            "a later expiry cannot be written in"
        );
        assert!(!form_token_valid(&key, "AP-1", "", 0));
        // Not a cancel token either.
        assert_ne!(
            token,
            crate::booking::ssr::cancel_token(&key, "AP-1", 1_000)
        );
    }
}
