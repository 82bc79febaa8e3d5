//! Cases in the database: the list, one case opened for a clerk (recorded in the audit log),
//! and state changes made all or nothing with their history entry and mail.

use super::{CaseDetail, CaseEvent, CaseRow, flag, next_states};
use crate::booking::flow::Answers;
use crate::calendar::Calendar;
use crate::crypto::DataKey;
use crate::db::Pool;
use crate::error::AppError;
use crate::notify::ssr::{OutgoingMail, enqueue};
use crate::staff::ssr::audit;
use sqlx::Row;
use time::Date;

/// Records a step of a case's history. Takes any executor, to join the change's transaction.
pub async fn record<'e, E>(
    executor: E,
    key: &DataKey,
    reference: &str,
    status: &str,
    message: &str,
    staff_id: Option<&str>,
    now: i64,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO case_events (id, reference, at, status, message_sealed, staff_id) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(crate::crypto::random_hex(16))
        .bind(reference)
        .bind(now)
        .bind(status)
        .bind((!message.is_empty()).then(|| key.seal(message.as_bytes())))
        .bind(staff_id)
        .execute(executor)
        .await?;
    Ok(())
}

fn row_of(row: &sqlx::any::AnyRow, calendar: &Calendar, today: Date) -> Result<CaseRow, AppError> {
    let status: String = row.try_get(2)?;
    let due: String = row.try_get(4)?;
    let due = crate::dates::parse_date(&due).ok_or_else(|| AppError::internal("stored day"))?;
    Ok(CaseRow {
        reference: row.try_get(0)?,
        service: row.try_get(1)?,
        submitted: crate::dates::date_of_unix(row.try_get(3)?),
        due,
        flag: flag(calendar, &status, due, today),
        status,
    })
}

/// Cases by deadline: the open ones (received, processing, documents missing), or all of one
/// status. At most `limit`.
pub async fn list(
    pool: &Pool,
    calendar: &Calendar,
    status: Option<&str>,
    today: Date,
    limit: i64,
) -> Result<Vec<CaseRow>, AppError> {
    let rows = match status {
        Some(status) => {
            sqlx::query("SELECT reference, service, status, created_at, due_day FROM applications WHERE status = $1 ORDER BY due_day, created_at LIMIT $2")
                .bind(status)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
        None => {
            sqlx::query("SELECT reference, service, status, created_at, due_day FROM applications WHERE status IN ('received', 'processing', 'missing_documents') ORDER BY due_day, created_at LIMIT $1")
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
    };
    rows.iter().map(|r| row_of(r, calendar, today)).collect()
}

/// How many open cases are overdue and how many near-due (the same rule as `flag`), counted
/// by the database rather than by listing them.
pub async fn flag_counts(
    pool: &Pool,
    calendar: &Calendar,
    today: Date,
) -> Result<(i64, i64), AppError> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN due_day < $1 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN due_day >= $1 AND due_day <= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM applications WHERE status IN ('received', 'processing', 'missing_documents')",
    )
    .bind(crate::dates::iso_date(today))
    .bind(crate::dates::iso_date(calendar.add_working_days(today, 1)))
    .fetch_one(pool)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// The history of a case, oldest first.
pub async fn history(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
) -> Result<Vec<CaseEvent>, AppError> {
    let rows = sqlx::query(
        "SELECT at, status, message_sealed FROM case_events WHERE reference = $1 ORDER BY at, id",
    )
    .bind(reference)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CaseEvent {
                at: r.try_get(0)?,
                status: r.try_get(1)?,
                message: match r.try_get::<Option<Vec<u8>>, _>(2)? {
                    Some(sealed) => {
                        String::from_utf8_lossy(&key.open(&sealed).map_err(AppError::internal)?)
                            .into_owned()
                    }
                    None => String::new(),
                },
            })
        })
        .collect()
}

/// A case opened by a clerk, with its answers; the opening is recorded in the audit log.
#[allow(clippy::too_many_arguments)]
pub async fn open(
    pool: &Pool,
    key: &DataKey,
    calendar: &Calendar,
    office: &crate::office::Office,
    services: &crate::services::Catalogue,
    reference: &str,
    staff_id: &str,
    today: Date,
    lang: crate::i18n::Lang,
    now: i64,
) -> Result<Option<CaseDetail>, AppError> {
    let row = sqlx::query(
        "SELECT reference, service, status, created_at, due_day, answers_sealed, location_id, pickup_day FROM applications WHERE reference = $1",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let case = row_of(&row, calendar, today)?;
    let json = key
        .open(&row.try_get::<Vec<u8>, _>(5)?)
        .map_err(AppError::internal)?;
    let answers: Answers = serde_json::from_slice(&json).map_err(AppError::internal)?;
    let mut shown = Vec::new();
    if let (Some(form), Some(service)) = (
        crate::apply::forms::form_of(&case.service),
        services.service(&case.service),
    ) {
        for field in form.fields() {
            if let Some(value) = answers.get(field.name) {
                shown.push((
                    field.label.get(lang).to_string(),
                    crate::apply::display(field, value, service, office, lang, false),
                ));
            }
        }
    }
    let location: Option<String> = row.try_get(6)?;
    let pickup: Option<String> = row.try_get(7)?;
    let pickup = location
        .and_then(|id| office.locations.iter().find(|l| l.id == id))
        .zip(pickup.as_deref().and_then(crate::dates::parse_date))
        .map(|(l, d)| (l.name.clone(), d));
    audit(pool, Some(staff_id), "view_case", Some(reference), "", now).await?;
    Ok(Some(CaseDetail {
        row: case,
        answers: shown,
        history: history(pool, key, reference).await?,
        pickup,
    }))
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    #[error("the case is not in the state the page showed")]
    Stale,
    #[error("that state does not follow this one")]
    NotAllowed,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for MoveError {
    fn from(error: sqlx::Error) -> Self {
        MoveError::App(error.into())
    }
}

/// Moves a case from `from` (the state the clerk's page showed) to `to`, with its history
/// entry, the citizen's mail and the audit entry, all or nothing.
#[allow(clippy::too_many_arguments)]
pub async fn advance(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
    from: &str,
    to: &str,
    message: &str,
    mail: Option<&OutgoingMail>,
    staff_id: &str,
    now: i64,
) -> Result<(), MoveError> {
    if !next_states(from).contains(&to) {
        return Err(MoveError::NotAllowed);
    }
    let mut tx = pool.begin().await?;
    let moved = sqlx::query(
        "UPDATE applications SET status = $3, updated_at = $4 WHERE reference = $1 AND status = $2",
    )
    .bind(reference)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(MoveError::Stale);
    }
    record(&mut *tx, key, reference, to, message, Some(staff_id), now).await?;
    if let Some(mail) = mail {
        enqueue(&mut *tx, key, mail, now).await?;
    }
    audit(
        &mut *tx,
        Some(staff_id),
        "case_status",
        Some(reference),
        &format!("{from} → {to}"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
