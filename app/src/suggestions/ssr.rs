//! Storing suggestions, the review group's scores and its decisions. What the proposer wrote
//! and who they are is sealed; every change is a conditional update inside a transaction, so
//! two reviewers deciding at once, or a score arriving after the decision, change nothing.

use super::{Detail, Published, Row, Score, StatusOf, YearStats};
use crate::crypto::DataKey;
use crate::db::{Pool, is_unique_violation};
use crate::error::AppError;
use crate::notify::ssr::{OutgoingMail, enqueue};
use crate::petitions::ssr::mask_name;
use crate::validate::Email;
use sqlx::Row as _;
use std::collections::HashMap;
use time::Date;

fn text(key: &DataKey, sealed: &[u8]) -> Result<String, AppError> {
    key.open_text(sealed).map_err(AppError::internal)
}

fn sealed_text(key: &DataKey, r: &sqlx::any::AnyRow, i: usize) -> Result<Option<String>, AppError> {
    r.try_get::<Option<Vec<u8>>, _>(i)?
        .map(|s| text(key, &s))
        .transpose()
}

fn day(r: &sqlx::any::AnyRow, i: usize) -> Result<Option<Date>, AppError> {
    Ok(r.try_get::<Option<String>, _>(i)?
        .and_then(|d| crate::dates::parse_date(&d)))
}

/// A suggestion to register.
pub struct NewSuggestion<'a> {
    pub area: &'a str,
    pub title: &'a str,
    pub current: &'a str,
    pub proposal: &'a str,
    /// A citizen's name (optional) or the staff member's display name.
    pub name: Option<&'a str>,
    pub email: Option<&'a Email>,
    /// The proposing staff member's id (a staff suggestion).
    pub staff_id: Option<&'a str>,
    pub received: Date,
}

/// Registers a suggestion and queues its confirmation mail, all or nothing; its number.
pub async fn submit(
    pool: &Pool,
    key: &DataKey,
    s: &NewSuggestion<'_>,
    mail: Option<&(dyn Fn(&str) -> OutgoingMail + Sync)>,
    now: i64,
) -> Result<String, AppError> {
    for _ in 0..5 {
        let number = format!("S{}", crate::booking::ssr::new_reference());
        let mut tx = pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO suggestions (number, area, origin, staff_id, title_sealed, current_sealed, proposal_sealed, name_sealed, email_sealed, status, received_day, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'received', $10, $11, $11)",
        )
        .bind(&number)
        .bind(s.area)
        .bind(if s.staff_id.is_some() { "staff" } else { "citizen" })
        .bind(s.staff_id)
        .bind(key.seal(s.title.as_bytes()))
        .bind(key.seal(s.current.as_bytes()))
        .bind(key.seal(s.proposal.as_bytes()))
        .bind(s.name.map(|n| key.seal(n.as_bytes())))
        .bind(s.email.map(|e| key.seal(e.as_str().as_bytes())))
        .bind(crate::dates::iso_date(s.received))
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
        if let Some(mail) = mail {
            enqueue(&mut *tx, key, &mail(&number), now).await?;
        }
        tx.commit().await?;
        return Ok(number);
    }
    Err(AppError::internal("no free suggestion number"))
}

const COLUMNS: &str = "number, area, origin, title_sealed, name_sealed, status, received_day, \
     current_sealed, proposal_sealed, email_sealed, decided_day, decided_by, decision_sealed, public_title, public_change, staff_id";

/// Each suggestion's score totals.
async fn totals(pool: &Pool) -> Result<HashMap<String, Vec<i64>>, AppError> {
    let rows =
        sqlx::query("SELECT suggestion, innovation + feasibility + benefit FROM suggestion_scores")
            .fetch_all(pool)
            .await?;
    let mut by: HashMap<String, Vec<i64>> = HashMap::new();
    for r in rows {
        by.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
    }
    Ok(by)
}

fn row_of(
    key: &DataKey,
    r: &sqlx::any::AnyRow,
    totals: &HashMap<String, Vec<i64>>,
) -> Result<Row, AppError> {
    let number: String = r.try_get(0)?;
    let origin: String = r.try_get(2)?;
    let proposer = sealed_text(key, r, 4)?.unwrap_or_default();
    let scores = totals.get(&number).map(Vec::as_slice).unwrap_or_default();
    Ok(Row {
        area: r.try_get(1)?,
        title: text(key, &r.try_get::<Vec<u8>, _>(3)?)?,
        // Staff proposers are colleagues: their names are not personal data to hide here.
        masked_proposer: if origin == "staff" {
            proposer
        } else {
            mask_name(&proposer)
        },
        origin,
        status: r.try_get(5)?,
        received: day(r, 6)?.unwrap_or(Date::MIN),
        scores: scores.len() as u32,
        mean_total: (!scores.is_empty())
            .then(|| scores.iter().sum::<i64>() as f64 / scores.len() as f64),
        number,
    })
}

/// Every suggestion: those awaiting a decision first (oldest first), then the decided ones.
pub async fn list(pool: &Pool, key: &DataKey) -> Result<Vec<Row>, AppError> {
    let totals = totals(pool).await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM suggestions \
         ORDER BY CASE WHEN status = 'received' THEN 0 ELSE 1 END, \
         CASE WHEN status = 'received' THEN received_day ELSE '' END, decided_day DESC, created_at DESC LIMIT 500"
    )))
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| row_of(key, r, &totals)).collect()
}

/// How many suggestions await the review group's decision.
pub async fn awaiting(pool: &Pool) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM suggestions WHERE status = 'received'")
        .fetch_one(pool)
        .await?;
    Ok(n)
}

/// One suggestion in full, with every reviewer's scores and `me`'s own.
pub async fn get(
    pool: &Pool,
    key: &DataKey,
    number: &str,
    me: &str,
) -> Result<Option<Detail>, AppError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM suggestions WHERE number = $1"
    )))
    .bind(number)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let scored = sqlx::query(
        "SELECT x.reviewer, s.display_name, x.innovation, x.feasibility, x.benefit, x.comment \
         FROM suggestion_scores x JOIN staff s ON s.id = x.reviewer \
         WHERE x.suggestion = $1 ORDER BY x.scored_at, x.reviewer",
    )
    .bind(number)
    .fetch_all(pool)
    .await?;
    let mut scores = Vec::new();
    let mut mine = None;
    for s in scored {
        let score_of = |i: usize| -> Result<u8, AppError> {
            u8::try_from(s.try_get::<i64, _>(i)?).map_err(AppError::internal)
        };
        let score = Score {
            reviewer: s.try_get(1)?,
            innovation: score_of(2)?,
            feasibility: score_of(3)?,
            benefit: score_of(4)?,
            comment: s.try_get(5)?,
        };
        if s.try_get::<String, _>(0)? == me {
            mine = Some(score.clone());
        }
        scores.push(score);
    }
    let totals = HashMap::from([(
        number.to_string(),
        scores.iter().map(|s| i64::from(s.total())).collect(),
    )]);
    Ok(Some(Detail {
        row: row_of(key, &r, &totals)?,
        proposer: sealed_text(key, &r, 4)?.unwrap_or_default(),
        current: text(key, &r.try_get::<Vec<u8>, _>(7)?)?,
        proposal: text(key, &r.try_get::<Vec<u8>, _>(8)?)?,
        masked_email: sealed_text(key, &r, 9)?
            .and_then(|e| Email::parse(&e).ok())
            .map(|e| e.masked()),
        decided: day(&r, 10)?,
        decided_by: r.try_get(11)?,
        reason: sealed_text(key, &r, 12)?,
        public_title: r.try_get(13)?,
        public_change: r.try_get(14)?,
        own: r.try_get::<Option<String>, _>(15)?.as_deref() == Some(me),
        scores,
        mine,
    }))
}

/// The e-mail address a citizen gave with the suggestion, if any.
pub async fn email_of(pool: &Pool, key: &DataKey, number: &str) -> Result<Option<Email>, AppError> {
    let sealed: Option<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT email_sealed FROM suggestions WHERE number = $1")
            .bind(number)
            .fetch_optional(pool)
            .await?;
    Ok(sealed
        .flatten()
        .map(|s| text(key, &s))
        .transpose()?
        .and_then(|e| Email::parse(&e).ok()))
}

/// What became of a score or a decision.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    NotFound,
    /// The group has decided already: scores and the decision stay as they are.
    AlreadyDecided,
    /// Fewer reviewers than `MIN_SCORES` have scored it (how many have).
    TooFewScores(usize),
    /// A reviewer does not score or decide on their own suggestion.
    Own,
}

async fn state_of(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    number: &str,
    now: i64,
) -> Result<Option<Outcome>, AppError> {
    // Touching the row first holds it (PostgreSQL row lock, SQLite write lock) until commit.
    let touched = sqlx::query(
        "UPDATE suggestions SET updated_at = $2 WHERE number = $1 AND status = 'received'",
    )
    .bind(number)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if touched.rows_affected() == 1 {
        return Ok(None);
    }
    let exists: Option<String> =
        sqlx::query_scalar("SELECT status FROM suggestions WHERE number = $1")
            .bind(number)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(Some(if exists.is_some() {
        Outcome::AlreadyDecided
    } else {
        Outcome::NotFound
    }))
}

async fn proposed_by(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    number: &str,
    staff_id: &str,
) -> Result<bool, AppError> {
    let proposer: Option<String> =
        sqlx::query_scalar("SELECT staff_id FROM suggestions WHERE number = $1")
            .bind(number)
            .fetch_one(&mut **tx)
            .await?;
    Ok(proposer.as_deref() == Some(staff_id))
}

/// A reviewer's scores, given or changed while the suggestion awaits its decision.
pub async fn score(
    pool: &Pool,
    number: &str,
    reviewer_id: &str,
    score: &Score,
    now: i64,
) -> Result<Outcome, AppError> {
    let mut tx = pool.begin().await?;
    if let Some(outcome) = state_of(&mut tx, number, now).await? {
        return Ok(outcome);
    }
    if proposed_by(&mut tx, number, reviewer_id).await? {
        return Ok(Outcome::Own);
    }
    sqlx::query(
        "INSERT INTO suggestion_scores (suggestion, reviewer, innovation, feasibility, benefit, comment, scored_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (suggestion, reviewer) DO UPDATE SET innovation = excluded.innovation, \
         feasibility = excluded.feasibility, benefit = excluded.benefit, comment = excluded.comment, scored_at = excluded.scored_at",
    )
    .bind(number)
    .bind(reviewer_id)
    .bind(i64::from(score.innovation))
    .bind(i64::from(score.feasibility))
    .bind(i64::from(score.benefit))
    .bind(&score.comment)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Outcome::Done)
}

/// The group's decision.
pub struct Decision<'a> {
    pub adopted: bool,
    pub reason: &'a str,
    /// For an adopted suggestion: the title and the change, as published.
    pub public: Option<(&'a str, &'a str)>,
    /// The deciding reviewer's id and name.
    pub by: (&'a str, &'a str),
    pub day: Date,
}

/// Records the decision (and queues the mail to the proposer), once, only after enough
/// reviewers have scored, and never by the suggestion's own proposer.
pub async fn decide(
    pool: &Pool,
    key: &DataKey,
    number: &str,
    d: &Decision<'_>,
    mail: Option<&OutgoingMail>,
    now: i64,
) -> Result<Outcome, AppError> {
    let mut tx = pool.begin().await?;
    if let Some(outcome) = state_of(&mut tx, number, now).await? {
        return Ok(outcome);
    }
    if proposed_by(&mut tx, number, d.by.0).await? {
        return Ok(Outcome::Own);
    }
    let (scored,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM suggestion_scores WHERE suggestion = $1")
            .bind(number)
            .fetch_one(&mut *tx)
            .await?;
    let scored = usize::try_from(scored).unwrap_or(0);
    if scored < super::MIN_SCORES {
        return Ok(Outcome::TooFewScores(scored));
    }
    sqlx::query(
        "UPDATE suggestions SET status = $2, decision_sealed = $3, decided_day = $4, decided_by = $5, \
         public_title = $6, public_change = $7, updated_at = $8 WHERE number = $1 AND status = 'received'",
    )
    .bind(number)
    .bind(if d.adopted { "adopted" } else { "not_adopted" })
    .bind(key.seal(d.reason.as_bytes()))
    .bind(crate::dates::iso_date(d.day))
    .bind(d.by.1)
    .bind(d.public.map(|(t, _)| t))
    .bind(d.public.map(|(_, c)| c))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if let Some(mail) = mail {
        enqueue(&mut *tx, key, mail, now).await?;
    }
    tx.commit().await?;
    Ok(Outcome::Done)
}

/// Rewrites what is published about an adopted suggestion (as the change is carried out).
pub async fn publish(
    pool: &Pool,
    number: &str,
    title: &str,
    change: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE suggestions SET public_title = $2, public_change = $3, updated_at = $4 WHERE number = $1 AND status = 'adopted'",
    )
    .bind(number)
    .bind(title)
    .bind(change)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A suggestion's progress, for whoever has its number.
pub async fn status_of(
    pool: &Pool,
    key: &DataKey,
    number: &str,
) -> Result<Option<StatusOf>, AppError> {
    let row = sqlx::query(
        "SELECT area, status, received_day, decided_day, decision_sealed, public_title, public_change, \
         (SELECT COUNT(*) FROM suggestion_scores WHERE suggestion = number) FROM suggestions WHERE number = $1",
    )
    .bind(number)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(StatusOf {
        area: r.try_get(0)?,
        status: r.try_get(1)?,
        received: day(&r, 2)?.unwrap_or(Date::MIN),
        decided: day(&r, 3)?,
        reason: sealed_text(key, &r, 4)?,
        public_title: r.try_get(5)?,
        public_change: r.try_get(6)?,
        scored: r.try_get::<i64, _>(7)? > 0,
    }))
}

/// The adopted suggestions, newest decision first.
pub async fn published(pool: &Pool) -> Result<Vec<Published>, AppError> {
    let rows = sqlx::query(
        "SELECT number, area, origin, public_title, public_change, decided_day, updated_at FROM suggestions \
         WHERE status = 'adopted' ORDER BY decided_day DESC, number LIMIT 500",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Published {
                number: r.try_get(0)?,
                area: r.try_get(1)?,
                origin: r.try_get(2)?,
                title: r.try_get::<Option<String>, _>(3)?.unwrap_or_default(),
                change: r.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
                adopted: day(r, 5)?.unwrap_or(Date::MIN),
                updated_at: r.try_get(6)?,
            })
        })
        .collect()
}

/// Received, adopted, not adopted and open suggestions by the year they came in, newest first.
pub async fn yearly(pool: &Pool) -> Result<Vec<YearStats>, AppError> {
    let rows = sqlx::query("SELECT received_day, status FROM suggestions")
        .fetch_all(pool)
        .await?;
    let mut years: Vec<YearStats> = Vec::new();
    for r in rows {
        let received: String = r.try_get(0)?;
        let status: String = r.try_get(1)?;
        let Some(year) = received.get(..4).and_then(|y| y.parse::<i32>().ok()) else {
            continue;
        };
        let i = match years.iter().position(|y| y.year == year) {
            Some(i) => i,
            None => {
                years.push(YearStats {
                    year,
                    ..YearStats::default()
                });
                years.len() - 1
            }
        };
        let y = &mut years[i];
        y.received += 1;
        match status.as_str() {
            "adopted" => y.adopted += 1,
            "not_adopted" => y.not_adopted += 1,
            _ => y.open += 1,
        }
    }
    years.sort_by_key(|y| std::cmp::Reverse(y.year));
    Ok(years)
}
