//! Storing the register: messages sealed, lookups by keyed hashes of the contact given, every
//! change a conditional update.

use super::{Detail, MonthStats, Row, flag};
use crate::calendar::Calendar;
use crate::crypto::DataKey;
use crate::db::{Pool, is_unique_violation};
use crate::error::AppError;
use crate::notify::ssr::{OutgoingMail, enqueue};
use crate::validate::{Email, Phone};
use sqlx::Row as _;
use time::Date;

pub const EMAIL_PURPOSE: &str = "petition email";
pub const PHONE_PURPOSE: &str = "petition phone";

fn text(key: &DataKey, sealed: &[u8]) -> Result<String, AppError> {
    key.open_text(sealed).map_err(AppError::internal)
}

/// A message to register.
pub struct NewPetition<'a> {
    pub category: &'a str,
    pub subject: &'a str,
    pub message: &'a str,
    pub name: &'a str,
    pub email: Option<&'a Email>,
    pub phone: Option<&'a Phone>,
    pub received: Date,
    pub due: Date,
    /// A file sent with it: its name, served type and bytes.
    pub attachment: Option<(&'a str, &'a str, &'a [u8])>,
}

/// Registers a message and queues its confirmation mail, all or nothing; its case number.
pub async fn submit(
    pool: &Pool,
    key: &DataKey,
    p: &NewPetition<'_>,
    mail: Option<&(dyn Fn(&str) -> OutgoingMail + Sync)>,
    now: i64,
) -> Result<String, AppError> {
    for _ in 0..5 {
        let number = format!("P{}", crate::booking::ssr::new_reference());
        let mut tx = pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO petitions (number, category, subject_sealed, message_sealed, name_sealed, email_sealed, phone_sealed, email_hash, phone_hash, status, received_day, due_day, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'received', $10, $11, $12, $12)",
        )
        .bind(&number)
        .bind(p.category)
        .bind(key.seal(p.subject.as_bytes()))
        .bind(key.seal(p.message.as_bytes()))
        .bind(key.seal(p.name.as_bytes()))
        .bind(p.email.map(|e| key.seal(e.as_str().as_bytes())))
        .bind(p.phone.map(|ph| key.seal(ph.expose().as_bytes())))
        .bind(p.email.map(|e| key.lookup_hash(EMAIL_PURPOSE, &e.as_str().to_lowercase())))
        .bind(p.phone.map(|ph| key.lookup_hash(PHONE_PURPOSE, &ph.expose())))
        .bind(crate::dates::iso_date(p.received))
        .bind(crate::dates::iso_date(p.due))
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
        if let Some((name, content_type, bytes)) = p.attachment {
            sqlx::query(
                "INSERT INTO petition_attachments (id, petition, name_sealed, content_type, size, bytes_sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(crate::crypto::random_hex(8))
            .bind(&number)
            .bind(key.seal(name.as_bytes()))
            .bind(content_type)
            .bind(bytes.len() as i64)
            .bind(key.seal(bytes))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(mail) = mail {
            enqueue(&mut *tx, key, &mail(&number), now).await?;
        }
        tx.commit().await?;
        return Ok(number);
    }
    Err(AppError::internal("no free case number"))
}

const COLUMNS: &str = "number, category, subject_sealed, name_sealed, status, handler, received_day, due_day, replied_day, message_sealed, email_sealed, phone_sealed, reply_sealed";

fn row_of(
    key: &DataKey,
    r: &sqlx::any::AnyRow,
    calendar: &Calendar,
    today: Date,
) -> Result<Row, AppError> {
    let day = |i: usize| -> Result<Option<Date>, AppError> {
        Ok(r.try_get::<Option<String>, _>(i)?
            .and_then(|d| crate::dates::parse_date(&d)))
    };
    let status: String = r.try_get(4)?;
    let due = day(7)?.unwrap_or(Date::MIN);
    let name = text(key, &r.try_get::<Vec<u8>, _>(3)?)?;
    Ok(Row {
        number: r.try_get(0)?,
        category: r.try_get(1)?,
        subject: text(key, &r.try_get::<Vec<u8>, _>(2)?)?,
        masked_name: mask_name(&name),
        flag: flag(calendar, &status, due, today),
        status,
        handler: r.try_get(5)?,
        received: day(6)?.unwrap_or(Date::MIN),
        due,
        replied: day(8)?,
    })
}

/// A name with all but its first character hidden (王○○).
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '○')).collect(),
        None => String::new(),
    }
}

/// The register, open messages first by due day, then the replied ones newest first.
pub async fn list(
    pool: &Pool,
    key: &DataKey,
    calendar: &Calendar,
    today: Date,
) -> Result<Vec<Row>, AppError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM petitions ORDER BY CASE WHEN status = 'replied' THEN 1 ELSE 0 END, due_day, created_at DESC LIMIT 500"
    )))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| row_of(key, r, calendar, today))
        .collect()
}

fn detail_of(
    key: &DataKey,
    r: &sqlx::any::AnyRow,
    calendar: &Calendar,
    today: Date,
) -> Result<Detail, AppError> {
    let row = row_of(key, r, calendar, today)?;
    let opt = |i: usize| -> Result<Option<String>, AppError> {
        r.try_get::<Option<Vec<u8>>, _>(i)?
            .map(|s| text(key, &s))
            .transpose()
    };
    Ok(Detail {
        message: text(key, &r.try_get::<Vec<u8>, _>(9)?)?,
        name: text(key, &r.try_get::<Vec<u8>, _>(3)?)?,
        masked_email: opt(10)?
            .and_then(|e| Email::parse(&e).ok())
            .map(|e| e.masked()),
        masked_phone: opt(11)?
            .and_then(|p| Phone::parse(&p).ok())
            .map(|p| p.masked()),
        reply: opt(12)?,
        notes: Vec::new(),
        attachments: Vec::new(),
        row,
    })
}

/// How many open messages are near due and how many overdue (the staff home's notice), read
/// from the status and due day alone: nothing is opened.
pub async fn flag_counts(
    pool: &Pool,
    calendar: &Calendar,
    today: Date,
) -> Result<(usize, usize), AppError> {
    let rows = sqlx::query("SELECT status, due_day FROM petitions WHERE status <> 'replied'")
        .fetch_all(pool)
        .await?;
    let (mut near, mut over) = (0, 0);
    for r in rows {
        let status: String = r.try_get(0)?;
        let due = crate::dates::parse_date(&r.try_get::<String, _>(1)?).unwrap_or(Date::MIN);
        match flag(calendar, &status, due, today) {
            Some(crate::cases::Flag::NearDue) => near += 1,
            Some(crate::cases::Flag::Overdue) => over += 1,
            None => {}
        }
    }
    Ok((near, over))
}

/// One message with its notes (for staff).
pub async fn get(
    pool: &Pool,
    key: &DataKey,
    number: &str,
    calendar: &Calendar,
    today: Date,
) -> Result<Option<Detail>, AppError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM petitions WHERE number = $1"
    )))
    .bind(number)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut detail = detail_of(key, &row, calendar, today)?;
    let notes = sqlx::query("SELECT author, created_at, note_sealed FROM petition_notes WHERE petition = $1 ORDER BY created_at, id")
        .bind(number)
        .fetch_all(pool)
        .await?;
    for n in notes {
        detail.notes.push((
            n.try_get(0)?,
            n.try_get(1)?,
            text(key, &n.try_get::<Vec<u8>, _>(2)?)?,
        ));
    }
    let files = sqlx::query("SELECT id, name_sealed, size FROM petition_attachments WHERE petition = $1 ORDER BY created_at, id")
        .bind(number)
        .fetch_all(pool)
        .await?;
    for f in files {
        detail.attachments.push((
            f.try_get(0)?,
            text(key, &f.try_get::<Vec<u8>, _>(1)?)?,
            f.try_get(2)?,
        ));
    }
    Ok(Some(detail))
}

/// A file sent with a message: its name, served type and bytes.
pub async fn attachment(
    pool: &Pool,
    key: &DataKey,
    number: &str,
    id: &str,
) -> Result<Option<(String, String, Vec<u8>)>, AppError> {
    let row = sqlx::query("SELECT name_sealed, content_type, bytes_sealed FROM petition_attachments WHERE petition = $1 AND id = $2")
        .bind(number)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some((
        text(key, &r.try_get::<Vec<u8>, _>(0)?)?,
        r.try_get(1)?,
        key.open(&r.try_get::<Vec<u8>, _>(2)?)
            .map_err(AppError::internal)?,
    )))
}

/// A message for its sender: the number and the e-mail or phone given with it must match.
pub async fn find_for_sender(
    pool: &Pool,
    key: &DataKey,
    number: &str,
    contact: &str,
    calendar: &Calendar,
    today: Date,
) -> Result<Option<Detail>, AppError> {
    let email = Email::parse(contact)
        .ok()
        .map(|e| key.lookup_hash(EMAIL_PURPOSE, &e.as_str().to_lowercase()));
    let phone = Phone::parse(contact)
        .ok()
        .map(|p| key.lookup_hash(PHONE_PURPOSE, &p.expose()));
    if email.is_none() && phone.is_none() {
        return Ok(None);
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM petitions WHERE number = $1 AND (email_hash = $2 OR phone_hash = $3)"
    )))
    .bind(number)
    .bind(email.unwrap_or_default())
    .bind(phone.unwrap_or_default())
    .fetch_optional(pool)
    .await?;
    row.map(|r| detail_of(key, &r, calendar, today)).transpose()
}

/// Assigns a message that is not yet replied to a handler; false if there is none such.
pub async fn assign(pool: &Pool, number: &str, handler: &str, now: i64) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE petitions SET handler = $2, status = 'assigned', updated_at = $3 WHERE number = $1 AND status <> 'replied'",
    )
    .bind(number)
    .bind(handler)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn add_note(
    pool: &Pool,
    key: &DataKey,
    number: &str,
    author: &str,
    note: &str,
    now: i64,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await?;
    let exists = sqlx::query("UPDATE petitions SET updated_at = $2 WHERE number = $1")
        .bind(number)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if exists.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO petition_notes (id, petition, author, note_sealed, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(crate::crypto::random_hex(8))
        .bind(number)
        .bind(author)
        .bind(key.seal(note.as_bytes()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The reply's mail address of a message, if the sender gave one.
pub async fn email_of(pool: &Pool, key: &DataKey, number: &str) -> Result<Option<Email>, AppError> {
    let row = sqlx::query("SELECT email_sealed FROM petitions WHERE number = $1")
        .bind(number)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let sealed: Option<Vec<u8>> = row.try_get(0)?;
    Ok(sealed
        .map(|s| text(key, &s))
        .transpose()?
        .and_then(|e| Email::parse(&e).ok()))
}

/// Records the reply and queues its mail, once: false when already replied (or no such).
#[allow(clippy::too_many_arguments)]
pub async fn reply(
    pool: &Pool,
    key: &DataKey,
    number: &str,
    handler: &str,
    reply: &str,
    today: Date,
    mail: Option<&OutgoingMail>,
    now: i64,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE petitions SET reply_sealed = $2, replied_day = $3, status = 'replied', handler = COALESCE(handler, $4), updated_at = $5 \
         WHERE number = $1 AND status <> 'replied'",
    )
    .bind(number)
    .bind(key.seal(reply.as_bytes()))
    .bind(crate::dates::iso_date(today))
    .bind(handler)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some(mail) = mail {
        enqueue(&mut *tx, key, mail, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Monthly figures by category (from the received day's month).
pub async fn monthly(pool: &Pool) -> Result<Vec<MonthStats>, AppError> {
    let rows = sqlx::query("SELECT category, received_day, due_day, replied_day FROM petitions")
        .fetch_all(pool)
        .await?;
    let mut stats: Vec<MonthStats> = Vec::new();
    for r in rows {
        let category: String = r.try_get(0)?;
        let received: String = r.try_get(1)?;
        let due: String = r.try_get(2)?;
        let replied: Option<String> = r.try_get(3)?;
        let month = received.chars().take(7).collect::<String>();
        let i = match stats
            .iter()
            .position(|s| s.month == month && s.category == category)
        {
            Some(i) => i,
            None => {
                stats.push(MonthStats {
                    month,
                    category,
                    received: 0,
                    on_time: 0,
                    late: 0,
                    open: 0,
                });
                stats.len() - 1
            }
        };
        let s = &mut stats[i];
        s.received += 1;
        match replied {
            Some(day) if day <= due => s.on_time += 1,
            Some(_) => s.late += 1,
            None => s.open += 1,
        }
    }
    stats.sort_by(|a, b| b.month.cmp(&a.month).then(a.category.cmp(&b.category)));
    Ok(stats)
}

/// The open dataset the register's monthly figures are offered as (請願及訴願).
pub const DATASET: &str = "mailbox-statistics";

/// Offers the register's monthly figures to the open-data section: the dataset is made the
/// first time there are figures, and gets a new version whenever they have changed since its
/// last one (editors may still withdraw it). The new version's number, if one was stored.
pub async fn publish_statistics(
    pool: &Pool,
    rules: &super::Rules,
    contact_email: &str,
    now: i64,
) -> Result<Option<i64>, AppError> {
    let months = monthly(pool).await?;
    if months.is_empty() {
        return Ok(None);
    }
    let table = super::statistics_table(&months, rules);
    let latest: Option<Vec<u8>> = sqlx::query_scalar(
        "SELECT csv FROM dataset_resources WHERE dataset = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(DATASET)
    .fetch_optional(pool)
    .await?;
    if latest.is_some_and(|csv| csv == crate::opendata::to_csv(&table).into_bytes()) {
        return Ok(None);
    }
    let dataset = crate::opendata::ssr::NewDataset {
        name: DATASET,
        group: "petitions",
        title: ("意見信箱案件統計（按月）", "Opinion mailbox cases by month"),
        notes: (
            "本所意見信箱每月收件數（依類別），以及如期回覆、逾期回覆與處理中的件數；由陳情案件列管系統每小時更新，當月數字為暫定。",
            "Opinion mailbox messages received each month by category, and how many were answered in time, late, or are still open; updated hourly from the petitions register (the current month is provisional).",
        ),
        fields: (
            "月份、類別、件數、如期回覆、逾期回覆、處理中",
            "Month, category, received, answered in time, answered late, open",
        ),
        frequency: ("每小時更新", "Hourly"),
        keywords: "陳情,意見信箱,申訴,意見反映,如期回覆率",
        contact: "研考人員",
        contact_email,
        related_url: "/mailbox/statistics",
        sample: false,
    };
    if crate::opendata::ssr::create_with_data(pool, &dataset, &table, "mailbox", now).await? {
        return Ok(Some(1));
    }
    crate::opendata::ssr::add_version(pool, DATASET, &table, "mailbox", now)
        .await
        .map(Some)
}
