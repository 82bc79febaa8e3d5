//! Storing survey versions and answers.

use super::{Answer, Question};
use crate::crypto::DataKey;
use crate::db::{Pool, is_unique_violation};
use crate::error::AppError;
use sqlx::Row;
use std::collections::BTreeMap;

pub const REF_PURPOSE: &str = "survey reference";

/// The current questions and their version (the default ones, stored, when there are none).
pub async fn current(pool: &Pool, now: i64) -> Result<(i64, Vec<Question>), AppError> {
    let row =
        sqlx::query("SELECT version, questions FROM survey_versions ORDER BY version DESC LIMIT 1")
            .fetch_optional(pool)
            .await?;
    if let Some(row) = row {
        let questions: Vec<Question> =
            serde_json::from_str(&row.try_get::<String, _>(1)?).map_err(AppError::internal)?;
        return Ok((row.try_get(0)?, questions));
    }
    let questions = super::parse(super::DEFAULT).map_err(AppError::internal)?;
    match save(pool, &questions, "default", now).await {
        Ok(v) => Ok((v, questions)),
        // Another instance stored them first.
        Err(_) => Box::pin(current(pool, now)).await,
    }
}

/// Stores a new version of the questions; its number.
pub async fn save(
    pool: &Pool,
    questions: &[Question],
    by: &str,
    now: i64,
) -> Result<i64, AppError> {
    let json = serde_json::to_string(questions).map_err(AppError::internal)?;
    let (next,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(version), 0) + 1 FROM survey_versions")
            .fetch_one(pool)
            .await?;
    sqlx::query("INSERT INTO survey_versions (version, questions, created_at, created_by) VALUES ($1, $2, $3, $4)")
        .bind(next)
        .bind(json)
        .bind(now)
        .bind(by)
        .execute(pool)
        .await?;
    Ok(next)
}

/// Why an answer was not stored.
#[derive(Debug)]
pub enum AnswerError {
    /// This visit has been answered for already.
    AlreadyAnswered,
    App(AppError),
}

/// Stores an answer; the visit's reference (if any) is kept only as a keyed hash.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    pool: &Pool,
    key: &DataKey,
    version: i64,
    reference: Option<&str>,
    service: Option<&str>,
    counter: Option<(&str, &str)>,
    values: &BTreeMap<String, u8>,
    comment: Option<&str>,
    now: i64,
) -> Result<(), AnswerError> {
    let json =
        serde_json::to_string(values).map_err(|e| AnswerError::App(AppError::internal(e)))?;
    let done = sqlx::query(
        "INSERT INTO survey_answers (id, version, ref_hash, service, location, counter, answers, comment_sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(crate::crypto::random_hex(8))
    .bind(version)
    .bind(reference.map(|r| key.lookup_hash(REF_PURPOSE, r)))
    .bind(service)
    .bind(counter.map(|(location, _)| location))
    .bind(counter.map(|(_, counter)| counter))
    .bind(json)
    .bind(comment.filter(|c| !c.is_empty()).map(|c| key.seal(c.as_bytes())))
    .bind(now)
    .execute(pool)
    .await;
    match done {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Err(AnswerError::AlreadyAnswered),
        Err(e) => Err(AnswerError::App(e.into())),
    }
}

/// Whether a visit has been answered for.
pub async fn answered(pool: &Pool, key: &DataKey, reference: &str) -> Result<bool, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM survey_answers WHERE ref_hash = $1")
        .bind(key.lookup_hash(REF_PURPOSE, reference))
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// The answers of one version.
pub async fn answers(pool: &Pool, version: i64) -> Result<Vec<Answer>, AppError> {
    let rows =
        sqlx::query("SELECT service, answers, created_at, location, counter FROM survey_answers WHERE version = $1")
            .bind(version)
            .fetch_all(pool)
            .await?;
    rows.iter()
        .map(|r| {
            let at: i64 = r.try_get(2)?;
            let day = crate::dates::date_of_unix(at);
            let location: Option<String> = r.try_get(3)?;
            let counter: Option<String> = r.try_get(4)?;
            Ok(Answer {
                service: r.try_get(0)?,
                counter: location.zip(counter).map(|(l, c)| format!("{l}/{c}")),
                month: format!("{:04}-{:02}", day.year(), u8::from(day.month())),
                values: serde_json::from_str(&r.try_get::<String, _>(1)?)
                    .map_err(AppError::internal)?,
            })
        })
        .collect()
}

/// The free-text comments, newest first (staff only).
pub async fn comments(
    pool: &Pool,
    key: &DataKey,
) -> Result<Vec<(i64, Option<String>, String)>, AppError> {
    let rows = sqlx::query("SELECT created_at, service, comment_sealed FROM survey_answers WHERE comment_sealed IS NOT NULL ORDER BY created_at DESC LIMIT 200")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            let sealed: Vec<u8> = r.try_get(2)?;
            let text = String::from_utf8(key.open(&sealed).map_err(AppError::internal)?)
                .map_err(AppError::internal)?;
            Ok((r.try_get(0)?, r.try_get(1)?, text))
        })
        .collect()
}
