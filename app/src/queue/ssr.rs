//! The queue in the database. Every change is one conditional UPDATE or INSERT that states
//! what it expects (a ticket still waiting, a counter still open), so two clerks, two pages or
//! two instances acting at once never both succeed: the loser is told what happened instead.

use super::{BoardRow, CallRules, Ticket, TicketKind, Waiting, display_number, pick};
use crate::crypto::DataKey;
use crate::db::{Pool, is_unique_violation};
use crate::error::AppError;
use crate::office::{CounterKind, Location};
use crate::staff::ssr::audit;
use sqlx::Row;
use time::Date;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueueError {
    #[error("no booking with this reference")]
    UnknownReference,
    #[error("the booking is for another day")]
    OtherDay(Date),
    #[error("the booking is at another place")]
    OtherPlace,
    #[error("the booking was cancelled")]
    Cancelled,
    #[error("already checked in")]
    AlreadyCheckedIn(String),
    #[error("the counter is closed")]
    CounterClosed,
    #[error("the counter is already open")]
    CounterOpen,
    #[error("the counter is still serving a ticket")]
    CounterBusy(String),
    #[error("nobody is waiting for this counter")]
    NobodyWaiting,
    #[error("the ticket changed meanwhile")]
    Stale,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for QueueError {
    fn from(error: sqlx::Error) -> Self {
        QueueError::App(error.into())
    }
}

fn ticket_of(row: &sqlx::any::AnyRow) -> Result<Ticket, AppError> {
    let kind: String = row.try_get("kind")?;
    let kind = TicketKind::from_code(&kind).ok_or_else(|| AppError::internal("ticket kind"))?;
    let due: Option<i64> = row.try_get("due")?;
    Ok(Ticket {
        id: row.try_get("id")?,
        number: display_number(kind, row.try_get("number")?),
        kind,
        status: row.try_get("status")?,
        counter_id: row.try_get("counter_id")?,
        booking_reference: row.try_get("booking_reference")?,
        service: row.try_get("service")?,
        due: due.and_then(|d| u16::try_from(d).ok()),
        issued_at: row.try_get("issued_at")?,
        called_at: row.try_get("called_at")?,
    })
}

const TICKET_COLUMNS: &str =
    "id, number, kind, status, counter_id, booking_reference, service, due, issued_at, called_at";

/// Issues the next number of the location's day. The number is taken inside the INSERT and
/// its uniqueness is the schema's; a clash (another ticket at the same instant) tries again.
async fn issue_in(
    conn: &mut sqlx::AnyConnection,
    location: &str,
    day: Date,
    kind: TicketKind,
    service: Option<&str>,
    booking: Option<(&str, u16)>,
    now: i64,
) -> Result<Ticket, QueueError> {
    let day = crate::dates::iso_date(day);
    for _ in 0..20 {
        let id = crate::crypto::random_hex(16);
        // Each try in a savepoint of its own (or a transaction, outside one): on PostgreSQL a
        // failed statement aborts the transaction around it, and the retry must not run there.
        let mut attempt = sqlx::Connection::begin(&mut *conn).await?;
        let inserted = sqlx::query(
            "INSERT INTO tickets (id, location_id, day, number, kind, service, booking_reference, due, status, issued_at) \
             SELECT $1, $2, $3, COALESCE(MAX(number), 0) + 1, $4, $5, $6, $7, 'waiting', $8 FROM tickets WHERE location_id = $2 AND day = $3",
        )
        .bind(&id)
        .bind(location)
        .bind(&day)
        .bind(kind.code())
        .bind(service)
        .bind(booking.map(|b| b.0))
        .bind(booking.map(|b| i64::from(b.1)))
        .bind(now)
        .execute(&mut *attempt)
        .await;
        match &inserted {
            Ok(_) => attempt.commit().await?,
            Err(_) => attempt.rollback().await?,
        }
        match inserted {
            Ok(_) => {
                let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE id = $1");
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(&id)
                    .fetch_one(&mut *conn)
                    .await?;
                return Ok(ticket_of(&row)?);
            }
            Err(e) if is_unique_violation(&e) => {
                if let Some((reference, _)) = booking {
                    let existing = sqlx::query(
                        "SELECT kind, number FROM tickets WHERE booking_reference = $1",
                    )
                    .bind(reference)
                    .fetch_optional(&mut *conn)
                    .await?;
                    if let Some(row) = existing {
                        let kind: String = row.try_get(0)?;
                        let kind = TicketKind::from_code(&kind).unwrap_or(TicketKind::Appointment);
                        return Err(QueueError::AlreadyCheckedIn(display_number(
                            kind,
                            row.try_get(1)?,
                        )));
                    }
                }
                continue;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("twenty ticket number clashes in a row").into())
}

/// A numbered ticket for a walk-in (the kiosk), or a priority or private entry made by staff.
pub async fn issue(
    pool: &Pool,
    location: &str,
    day: Date,
    kind: TicketKind,
    service: Option<&str>,
    now: i64,
) -> Result<Ticket, QueueError> {
    let mut conn = pool.acquire().await?;
    issue_in(&mut conn, location, day, kind, service, None, now).await
}

/// Checks a booked appointment in: the booking becomes `checked_in` and gets a ticket that is
/// called at its time, both or neither.
pub async fn check_in(
    pool: &Pool,
    location: &str,
    today: Date,
    reference: &str,
    staff_id: &str,
    now: i64,
) -> Result<Ticket, QueueError> {
    let row = sqlx::query(
        "SELECT b.status, b.day, s.location_id, s.starts, b.service FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.reference = $1",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Err(QueueError::UnknownReference);
    };
    let status: String = row.try_get(0)?;
    let day: String = row.try_get(1)?;
    let day = crate::dates::parse_date(&day).ok_or_else(|| AppError::internal("stored day"))?;
    let booked_at: String = row.try_get(2)?;
    let starts = u16::try_from(row.try_get::<i64, _>(3)?).unwrap_or(0);
    let service: String = row.try_get(4)?;
    if status == "cancelled" {
        return Err(QueueError::Cancelled);
    }
    if day != today {
        return Err(QueueError::OtherDay(day));
    }
    if booked_at != location {
        return Err(QueueError::OtherPlace);
    }
    let mut tx = pool.begin().await?;
    let updated = sqlx::query(
        "UPDATE bookings SET status = 'checked_in', updated_at = $2 WHERE reference = $1 AND status = 'booked'",
    )
    .bind(reference)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        tx.rollback().await?;
        let existing = sqlx::query("SELECT kind, number FROM tickets WHERE booking_reference = $1")
            .bind(reference)
            .fetch_optional(pool)
            .await?;
        return Err(match existing {
            Some(row) => {
                let kind: String = row.try_get(0)?;
                let kind = TicketKind::from_code(&kind).unwrap_or(TicketKind::Appointment);
                QueueError::AlreadyCheckedIn(display_number(kind, row.try_get(1)?))
            }
            None => QueueError::Stale,
        });
    }
    let ticket = issue_in(
        &mut tx,
        location,
        today,
        TicketKind::Appointment,
        Some(&service),
        Some((reference, starts)),
        now,
    )
    .await?;
    audit(
        &mut *tx,
        Some(staff_id),
        "check_in",
        Some(reference),
        &ticket.number,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ticket)
}

/// Opens a counter for a staff member; the schema allows one open session per counter.
pub async fn open_counter(
    pool: &Pool,
    location: &str,
    counter: &str,
    staff_id: &str,
    now: i64,
) -> Result<(), QueueError> {
    let inserted = sqlx::query(
        "INSERT INTO counter_sessions (id, location_id, counter_id, staff_id, opened_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(crate::crypto::random_hex(16))
    .bind(location)
    .bind(counter)
    .bind(staff_id)
    .bind(now)
    .execute(pool)
    .await;
    match inserted {
        Ok(_) => {
            audit(
                pool,
                Some(staff_id),
                "counter_opened",
                Some(counter),
                location,
                now,
            )
            .await?;
            Ok(())
        }
        Err(e) if is_unique_violation(&e) => Err(QueueError::CounterOpen),
        Err(e) => Err(e.into()),
    }
}

pub async fn close_counter(
    pool: &Pool,
    location: &str,
    counter: &str,
    staff_id: &str,
    now: i64,
) -> Result<(), QueueError> {
    let closed = sqlx::query(
        "UPDATE counter_sessions SET closed_at = $3 WHERE location_id = $1 AND counter_id = $2 AND closed_at IS NULL",
    )
    .bind(location)
    .bind(counter)
    .bind(now)
    .execute(pool)
    .await?;
    if closed.rows_affected() == 0 {
        return Err(QueueError::CounterClosed);
    }
    audit(
        pool,
        Some(staff_id),
        "counter_closed",
        Some(counter),
        location,
        now,
    )
    .await?;
    Ok(())
}

/// The counters of a location that are open now.
pub async fn open_counters(pool: &Pool, location: &str) -> Result<Vec<String>, AppError> {
    let rows = sqlx::query(
        "SELECT counter_id FROM counter_sessions WHERE location_id = $1 AND closed_at IS NULL",
    )
    .bind(location)
    .fetch_all(pool)
    .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// The tickets of a location's day, in number order.
pub async fn tickets(pool: &Pool, location: &str, day: Date) -> Result<Vec<Ticket>, AppError> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE location_id = $1 AND day = $2 ORDER BY number"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(location)
        .bind(crate::dates::iso_date(day))
        .fetch_all(pool)
        .await?;
    rows.iter().map(ticket_of).collect()
}

/// Calls the next ticket to a counter by the rules. The counter must be open and done with
/// its last ticket. If another counter takes the chosen ticket first, the next is chosen.
#[allow(clippy::too_many_arguments)]
pub async fn call_next(
    pool: &Pool,
    rules: &CallRules,
    location: &Location,
    counter_id: &str,
    staff_id: &str,
    today: Date,
    now_minutes: u16,
    now: i64,
) -> Result<Ticket, QueueError> {
    let kind = location
        .counters
        .iter()
        .find(|c| c.id == counter_id)
        .map(|c| c.kind)
        .unwrap_or(CounterKind::InformationDesk);
    if !open_counters(pool, &location.id)
        .await?
        .iter()
        .any(|c| c == counter_id)
    {
        return Err(QueueError::CounterClosed);
    }
    for _ in 0..10 {
        let all = tickets(pool, &location.id, today).await?;
        if let Some(current) = all.iter().find(|t| {
            t.counter_id.as_deref() == Some(counter_id)
                && (t.status == "called" || t.status == "serving")
        }) {
            return Err(QueueError::CounterBusy(current.number.clone()));
        }
        let waiting: Vec<Waiting> = all
            .iter()
            .filter(|t| t.status == "waiting")
            .map(|t| Waiting {
                id: t.id.clone(),
                kind: t.kind,
                number: t.number[1..].parse().unwrap_or(0),
                due: t.due,
            })
            .collect();
        let Some(next) = pick(rules, kind, &waiting, now_minutes) else {
            return Err(QueueError::NobodyWaiting);
        };
        let taken = sqlx::query(
            "UPDATE tickets SET status = 'called', counter_id = $2, called_at = $3 WHERE id = $1 AND status = 'waiting'",
        )
        .bind(&next.id)
        .bind(counter_id)
        .bind(now)
        .execute(pool)
        .await?;
        if taken.rows_affected() == 1 {
            audit(
                pool,
                Some(staff_id),
                "ticket_called",
                Some(&next.id),
                counter_id,
                now,
            )
            .await?;
            let mut ticket = all
                .into_iter()
                .find(|t| t.id == next.id)
                .ok_or_else(|| AppError::internal("called ticket"))?;
            ticket.status = "called".into();
            ticket.counter_id = Some(counter_id.to_string());
            ticket.called_at = Some(now);
            return Ok(ticket);
        }
        // Another counter called it first: choose again.
    }
    Err(QueueError::Stale)
}

/// Moves a ticket on: `serving` (from called), `done` (from called or serving), `no_show`
/// (from called), `waiting` again (recalled to the queue, from called). An appointment's
/// booking follows (done, or no_show, which counts toward the booking suspension).
pub async fn advance(
    pool: &Pool,
    ticket_id: &str,
    to: &str,
    staff_id: &str,
    now: i64,
) -> Result<(), QueueError> {
    let (from, set): (&[&str], &'static str) = match to {
        "serving" => (
            &["called"],
            "UPDATE tickets SET status = 'serving', served_at = $2 WHERE id = $1 AND status = $3",
        ),
        "done" => (
            &["called", "serving"],
            "UPDATE tickets SET status = 'done', done_at = $2 WHERE id = $1 AND status = $3",
        ),
        "no_show" => (
            &["called"],
            "UPDATE tickets SET status = 'no_show', done_at = $2 WHERE id = $1 AND status = $3",
        ),
        _ => return Err(QueueError::Stale),
    };
    let mut tx = pool.begin().await?;
    let mut moved = false;
    for status in from {
        let done = sqlx::query(set)
            .bind(ticket_id)
            .bind(now)
            .bind(*status)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 1 {
            moved = true;
            break;
        }
    }
    if !moved {
        tx.rollback().await?;
        return Err(QueueError::Stale);
    }
    if to == "done" || to == "no_show" {
        sqlx::query(
            "UPDATE bookings SET status = $2, updated_at = $3 WHERE reference = (SELECT booking_reference FROM tickets WHERE id = $1) AND status = 'checked_in'",
        )
        .bind(ticket_id)
        .bind(to)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    audit(
        &mut *tx,
        Some(staff_id),
        &format!("ticket_{to}"),
        Some(ticket_id),
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Bookings of a location's day that never checked in, past their time plus the grace: marked
/// as no-shows (they count toward the suspension rule). Returns how many.
pub async fn mark_no_shows(
    pool: &Pool,
    location: &str,
    today: Date,
    before_minutes: u16,
    staff_id: &str,
    now: i64,
) -> Result<u64, AppError> {
    let mut tx = pool.begin().await?;
    let marked = sqlx::query(
        "UPDATE bookings SET status = 'no_show', updated_at = $4 WHERE status = 'booked' AND day = $2 AND slot_id IN \
         (SELECT id FROM slots WHERE location_id = $1 AND day = $2 AND starts < $3)",
    )
    .bind(location)
    .bind(crate::dates::iso_date(today))
    .bind(i64::from(before_minutes))
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if marked > 0 {
        audit(
            &mut *tx,
            Some(staff_id),
            "no_shows_marked",
            Some(location),
            &marked.to_string(),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(marked)
}

/// A name with its middle hidden: 陳○美, W○○g.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "○".into(),
        2 => format!("{}○", chars[0]),
        n => format!("{}{}{}", chars[0], "○".repeat(n - 2), chars[n - 1]),
    }
}

/// The appointments of a location's day, by time. Reading them opens personal data, so it is
/// recorded in the audit log.
pub async fn board(
    pool: &Pool,
    key: &DataKey,
    location: &str,
    day: Date,
    staff_id: &str,
    now: i64,
) -> Result<Vec<BoardRow>, AppError> {
    let rows = sqlx::query(
        "SELECT b.reference, s.starts, s.ends, b.service, b.answers_sealed, b.status, t.kind, t.number \
         FROM bookings b JOIN slots s ON s.id = b.slot_id LEFT JOIN tickets t ON t.booking_reference = b.reference \
         WHERE s.location_id = $1 AND b.day = $2 AND b.status <> 'cancelled' ORDER BY s.starts, b.reference",
    )
    .bind(location)
    .bind(crate::dates::iso_date(day))
    .fetch_all(pool)
    .await?;
    let mut board = Vec::new();
    for row in rows {
        let sealed: Vec<u8> = row.try_get(4)?;
        let answers: crate::booking::flow::Answers = key
            .open(&sealed)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .unwrap_or_default();
        let kind: Option<String> = row.try_get(6)?;
        let number: Option<i64> = row.try_get(7)?;
        board.push(BoardRow {
            reference: row.try_get(0)?,
            starts: u16::try_from(row.try_get::<i64, _>(1)?).unwrap_or(0),
            ends: u16::try_from(row.try_get::<i64, _>(2)?).unwrap_or(0),
            service: row.try_get(3)?,
            item: answers.get("item").cloned(),
            options: answers
                .get("options")
                .map(|o| {
                    o.split(',')
                        .filter(|c| !c.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            masked_name: mask_name(answers.get("name").map(String::as_str).unwrap_or("")),
            status: row.try_get(5)?,
            ticket: kind
                .and_then(|k| TicketKind::from_code(&k))
                .zip(number)
                .map(|(k, n)| display_number(k, n)),
        });
    }
    audit(
        pool,
        Some(staff_id),
        "view_board",
        Some(location),
        &crate::dates::iso_date(day),
        now,
    )
    .await?;
    Ok(board)
}

/// How many wait at a location today (for the display and the home page).
pub async fn waiting_count(pool: &Pool, location: &str, day: Date) -> Result<i64, AppError> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM tickets WHERE location_id = $1 AND day = $2 AND status = 'waiting'",
    )
    .bind(location)
    .bind(crate::dates::iso_date(day))
    .fetch_one(pool)
    .await?;
    Ok(row.try_get(0)?)
}

/// Enrolls a device as a kiosk of the location: the token its browser keeps (only a hash of it
/// is stored), audited.
pub async fn enroll_kiosk(
    pool: &Pool,
    location: &str,
    staff_id: &str,
    now: i64,
) -> Result<String, AppError> {
    let token = crate::crypto::random_hex(32);
    let id = crate::crypto::random_hex(8);
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO kiosk_devices (id, location_id, token_hash, enrolled_by, enrolled_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(location)
    .bind(crate::staff::ssr::token_hash(&token))
    .bind(staff_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut *tx,
        Some(staff_id),
        "kiosk_enrolled",
        Some(&id),
        location,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The enrolled, not revoked kiosk with this token at the location: its id.
pub async fn kiosk_of(
    pool: &Pool,
    location: &str,
    token: &str,
) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM kiosk_devices WHERE token_hash = $1 AND location_id = $2 AND revoked_at IS NULL",
    )
    .bind(crate::staff::ssr::token_hash(token))
    .bind(location)
    .fetch_optional(pool)
    .await?)
}

/// The location's kiosks, newest first (revoked ones too, marked).
pub async fn kiosks(pool: &Pool, location: &str) -> Result<Vec<super::KioskDevice>, AppError> {
    let rows = sqlx::query(
        "SELECT k.id, k.enrolled_at, k.revoked_at, s.display_name FROM kiosk_devices k \
         LEFT JOIN staff s ON s.id = k.enrolled_by WHERE k.location_id = $1 ORDER BY k.enrolled_at DESC",
    )
    .bind(location)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(super::KioskDevice {
                id: row.try_get(0)?,
                enrolled_at: row.try_get(1)?,
                revoked: row.try_get::<Option<i64>, _>(2)?.is_some(),
                enrolled_by: row.try_get::<Option<String>, _>(3)?.unwrap_or_default(),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Revokes a kiosk of the location (its browser takes no more tickets), audited; false when
/// there was no such active kiosk.
pub async fn revoke_kiosk(
    pool: &Pool,
    location: &str,
    id: &str,
    staff_id: &str,
    now: i64,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE kiosk_devices SET revoked_at = $3 WHERE id = $1 AND location_id = $2 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(location)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        audit(
            &mut *tx,
            Some(staff_id),
            "kiosk_revoked",
            Some(id),
            location,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_in_the_middle() {
        assert_eq!(mask_name("陳小美"), "陳○美");
        assert_eq!(mask_name("歐陽小美"), "歐○○美");
        assert_eq!(mask_name("林立"), "林○");
        assert_eq!(mask_name(""), "");
    }
}
