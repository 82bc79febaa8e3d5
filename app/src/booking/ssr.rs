//! Storing bookings. The capacity of a slot is enforced by one conditional UPDATE inside the
//! booking's transaction and a CHECK in the schema, never by reading a count in Rust first;
//! one active booking per person per day is a partial unique index.

use super::slots::Slot;
use crate::crypto::DataKey;
use crate::db::{Pool, is_unique_violation};
use crate::error::AppError;
use crate::validate::{Email, NationalId};
use sqlx::Row;
use time::Date;

pub const ID_HASH_PURPOSE: &str = "national-id";
/// Keyed hashes of who holds a booking, for the per-contact limits.
pub const PHONE_PURPOSE: &str = "booking phone";
pub const EMAIL_PURPOSE: &str = "booking email";
pub const CLIENT_PURPOSE: &str = "booking client";

/// Who makes a booking, as keyed hashes: one phone number, e-mail address or client (network
/// address) may hold at most `per_day` of a day's active bookings.
#[derive(Clone, Debug, Default)]
pub struct Holders {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub client: Option<String>,
    pub per_day: u32,
}

impl Holders {
    pub fn new(
        key: &DataKey,
        phone: Option<&crate::validate::Phone>,
        email: Option<&Email>,
        client: &str,
        per_day: u32,
    ) -> Holders {
        Holders {
            phone: phone.map(|p| key.lookup_hash(PHONE_PURPOSE, &phone_digits(&p.expose()))),
            email: email.map(|e| key.lookup_hash(EMAIL_PURPOSE, &e.as_str().to_lowercase())),
            client: Some(key.lookup_hash(CLIENT_PURPOSE, client)),
            per_day,
        }
    }

    fn columns(&self) -> [(&'static str, Option<&String>); 3] {
        [
            ("phone_hash", self.phone.as_ref()),
            ("email_hash", self.email.as_ref()),
            ("client_hash", self.client.as_ref()),
        ]
    }
}

/// No holders: bookings made outside the citizen's flow (tests, benchmarks) count for no one.
pub static UNCOUNTED: Holders = Holders {
    phone: None,
    email: None,
    client: None,
    per_day: 0,
};

/// A phone number without its extension: extensions must not make one line many holders.
fn phone_digits(exposed: &str) -> String {
    exposed.split('#').next().unwrap_or_default().to_string()
}

/// The phone number in a booking's answers (JSON), as its holder hash is made from.
pub fn phone_in_answers(answers_json: &str) -> Option<String> {
    let answers: std::collections::BTreeMap<String, String> =
        serde_json::from_str(answers_json).ok()?;
    let phone = crate::validate::Phone::parse(answers.get("phone")?).ok()?;
    Some(phone_digits(&phone.expose()))
}

/// What a citizen booked, as it reaches the store (already validated).
pub struct NewBooking<'a> {
    pub service: &'a str,
    pub location_id: &'a str,
    pub day: Date,
    pub slot: Slot,
    pub id: &'a NationalId,
    /// The service's other answers as JSON; sealed before it is stored.
    pub answers_json: &'a str,
    pub email: Option<&'a Email>,
    /// The booking in progress this comes from; marked booked in the same transaction.
    pub draft: Option<&'a str>,
    /// The confirmation mail for a reference, queued in the same transaction.
    pub mail: Option<&'a (dyn Fn(&str) -> crate::notify::ssr::OutgoingMail + Send + Sync)>,
    /// A booking of the same person this one replaces (a change of time): cancelled in the
    /// same transaction, so either the new time is taken and the old released, or nothing.
    pub replaces: Option<&'a str>,
    /// Who makes it, for the per-contact limits.
    pub holders: &'a Holders,
    /// The seat hold (of a contended service) this booking is made from: its seat is already
    /// taken, and the hold ends with the booking.
    pub from_hold: Option<&'a str>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum BookError {
    #[error("the slot is full")]
    SlotFull,
    #[error("the person already has a booking that day")]
    AlreadyBookedThatDay,
    #[error("the booking to replace is no longer active")]
    NothingToReplace,
    #[error("this phone, e-mail address or client holds the most bookings allowed that day")]
    TooManyForContact(u32),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for BookError {
    fn from(error: sqlx::Error) -> Self {
        BookError::App(error.into())
    }
}

pub fn slot_id(location_id: &str, day: Date, starts: u16) -> String {
    format!("{location_id}/{}/{starts}", crate::dates::iso_date(day))
}

/// A reference a person can read out on the phone: ten characters of Crockford's base 32
/// (no I, L, O, U), grouped 5-5.
pub fn new_reference() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b % 32)] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// Books a seat in the slot, all or nothing, and returns the booking's reference.
pub async fn book(
    pool: &Pool,
    key: &DataKey,
    booking: &NewBooking<'_>,
    now: i64,
) -> Result<String, BookError> {
    let id_hash = key.lookup_hash(ID_HASH_PURPOSE, booking.id.expose());
    for _ in 0..3 {
        let reference = new_reference();
        match try_book(pool, key, booking, &reference, &id_hash, now).await {
            Err(BookError::App(AppError::Conflict)) => {
                // A unique index refused the booking: the person's day, or (rarely) the reference.
                if has_booking_on(pool, &id_hash, booking.day).await? {
                    return Err(BookError::AlreadyBookedThatDay);
                }
            }
            other => return other.map(|()| reference),
        }
    }
    Err(BookError::App(AppError::internal(
        "three reference collisions in a row",
    )))
}

async fn try_book(
    pool: &Pool,
    key: &DataKey,
    b: &NewBooking<'_>,
    reference: &str,
    id_hash: &str,
    now: i64,
) -> Result<(), BookError> {
    let slot_id = slot_id(b.location_id, b.day, b.slot.starts);
    let day = crate::dates::iso_date(b.day);
    if b.slot.capacity == 0 {
        return Err(BookError::SlotFull);
    }
    // One statement takes the seat: it creates the slot with its first booking, or adds one
    // while `booked < capacity`. PostgreSQL re-checks the WHERE under the row lock and SQLite
    // runs writers one at a time, so no two callers can both take the last seat. Writing
    // first also means SQLite takes its write lock here and never has to upgrade a read lock.
    let mut tx = pool.begin().await?;
    if let Some(old) = b.replaces {
        let released = sqlx::query(
            "UPDATE bookings SET status = 'cancelled', updated_at = $3 WHERE reference = $1 AND id_hash = $2 AND status = 'booked'",
        )
        .bind(old)
        .bind(id_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if released.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(BookError::NothingToReplace);
        }
        sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = (SELECT slot_id FROM bookings WHERE reference = $1)")
            .bind(old)
            .execute(&mut *tx)
            .await?;
    }
    let taken = match b.from_hold {
        // The hold took the seat; it ends here, if it has not lapsed.
        Some(hold) => {
            sqlx::query(
                "DELETE FROM seat_holds WHERE id = $1 AND slot_id = $2 AND expires_at >= $3",
            )
            .bind(hold)
            .bind(&slot_id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        }
        None => take_seat(&mut tx, &slot_id, b.location_id, b.day, b.slot).await?,
    };
    if !taken {
        tx.rollback().await?;
        return Err(BookError::SlotFull);
    }
    // At most `per_day` active bookings per phone, e-mail address and client on the day. The
    // count is exact under concurrency: SQLite holds its one write lock since the seat was
    // taken above, and PostgreSQL callers of the same holder and day queue on a lock.
    let postgres = tx.backend_name() == "PostgreSQL";
    for (column, hash) in b.holders.columns() {
        let Some(hash) = hash else { continue };
        if postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind(format!("{column}/{hash}/{day}"))
                .execute(&mut *tx)
                .await?;
        }
        // The column names come from `Holders::columns`, never from input.
        let sql = format!(
            "SELECT COUNT(*) FROM bookings WHERE day = $1 AND status = 'booked' AND {column} = $2"
        );
        let held: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(&day)
            .bind(hash)
            .fetch_one(&mut *tx)
            .await?;
        if held >= i64::from(b.holders.per_day) {
            tx.rollback().await?;
            return Err(BookError::TooManyForContact(b.holders.per_day));
        }
    }
    let inserted = sqlx::query(
        "INSERT INTO bookings (reference, service, slot_id, day, id_hash, id_sealed, answers_sealed, email_sealed, status, created_at, updated_at, phone_hash, email_hash, client_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'booked', $9, $9, $10, $11, $12)",
    )
    .bind(reference)
    .bind(b.service)
    .bind(&slot_id)
    .bind(&day)
    .bind(id_hash)
    .bind(key.seal(b.id.expose().as_bytes()))
    .bind(key.seal(b.answers_json.as_bytes()))
    .bind(b.email.map(|e| key.seal(e.as_str().as_bytes())))
    .bind(now)
    .bind(b.holders.phone.as_deref())
    .bind(b.holders.email.as_deref())
    .bind(b.holders.client.as_deref())
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {
            if let Some(draft) = b.draft {
                finish_draft(&mut *tx, draft, reference, now).await?;
            }
            if let Some(mail) = b.mail {
                crate::notify::ssr::enqueue(&mut *tx, key, &mail(reference), now).await?;
            }
            tx.commit().await?;
            Ok(())
        }
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            Err(BookError::App(AppError::Conflict))
        }
        Err(e) => Err(e.into()),
    }
}

/// Bookings made in the last day from this client (its keyed hash), and bookings for `day`
/// made in the last hour: how much pressure the booking pages are under.
pub async fn recent_bookings(
    pool: &Pool,
    client_hash: &str,
    day: Date,
    now: i64,
) -> Result<(i64, i64), AppError> {
    let by_client: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings WHERE client_hash = $1 AND created_at > $2",
    )
    .bind(client_hash)
    .bind(now - 24 * 60 * 60)
    .fetch_one(pool)
    .await?;
    let for_day: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE day = $1 AND created_at > $2")
            .bind(crate::dates::iso_date(day))
            .bind(now - 60 * 60)
            .fetch_one(pool)
            .await?;
    Ok((by_client, for_day))
}

/// Takes a seat of the slot in one statement: it creates the slot with its first seat taken,
/// or adds one while `booked < capacity`. PostgreSQL re-checks the WHERE under the row lock and
/// SQLite runs writers one at a time, so no two callers can both take the last seat. Writing
/// first also means SQLite takes its write lock here and never has to upgrade a read lock.
async fn take_seat(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    slot_id: &str,
    location_id: &str,
    day: Date,
    slot: Slot,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO slots (id, location_id, day, starts, ends, capacity, booked) VALUES ($1, $2, $3, $4, $5, $6, 1) \
         ON CONFLICT (location_id, day, starts) DO UPDATE SET booked = slots.booked + 1 \
         WHERE slots.booked < slots.capacity",
    )
    .bind(slot_id)
    .bind(location_id)
    .bind(crate::dates::iso_date(day))
    .bind(i64::from(slot.starts))
    .bind(i64::from(slot.ends))
    .bind(i64::from(slot.capacity))
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// How long a contended service's seat is held while its code is typed.
pub const HOLD_SECONDS: i64 = 10 * 60;
/// Wrong codes before the hold ends.
pub const HOLD_ATTEMPTS: i64 = 5;
const CODE_PURPOSE: &str = "hold code";

/// A one-time code of six digits.
pub fn new_code() -> String {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    format!("{:06}", u32::from_le_bytes(bytes) % 1_000_000)
}

fn code_hash(key: &DataKey, draft: &str, code: &str) -> String {
    key.lookup_hash(CODE_PURPOSE, &format!("{draft}|{}", code.trim()))
}

/// A seat to hold for a booking in progress while its code is confirmed.
pub struct NewHold<'a> {
    pub location_id: &'a str,
    pub day: Date,
    pub slot: Slot,
    pub draft: &'a str,
    pub code: &'a str,
    /// The mail with the code, queued in the same transaction.
    pub mail: &'a crate::notify::ssr::OutgoingMail,
}

/// Holds a seat (taking it from the slot's capacity) and queues the code's mail; a hold the
/// same booking in progress had before is released first.
pub async fn hold(pool: &Pool, key: &DataKey, h: &NewHold<'_>, now: i64) -> Result<(), BookError> {
    release_expired_holds(pool, now).await?;
    let slot_id = slot_id(h.location_id, h.day, h.slot.starts);
    let mut tx = pool.begin().await?;
    release_in(&mut tx, h.draft).await?;
    if !take_seat(&mut tx, &slot_id, h.location_id, h.day, h.slot).await? {
        tx.rollback().await?;
        return Err(BookError::SlotFull);
    }
    sqlx::query(
        "INSERT INTO seat_holds (id, slot_id, draft, code_hash, attempts, expires_at, created_at) VALUES ($1, $2, $3, $4, 0, $5, $6)",
    )
    .bind(crate::crypto::random_hex(16))
    .bind(&slot_id)
    .bind(h.draft)
    .bind(code_hash(key, h.draft, h.code))
    .bind(now + HOLD_SECONDS)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    crate::notify::ssr::enqueue(&mut *tx, key, h.mail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Until when the booking in progress holds its seat, if it does.
pub async fn hold_of(pool: &Pool, draft: &str, now: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT expires_at FROM seat_holds WHERE draft = $1 AND expires_at >= $2",
    )
    .bind(draft)
    .bind(now)
    .fetch_optional(pool)
    .await?)
}

/// What a typed code did.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right: the hold to book from.
    Confirmed(String),
    /// Wrong, with this many tries left.
    Wrong { left: i64 },
    /// No hold any more (lapsed, too many wrong codes, or never): the seat is free again.
    Gone,
}

/// Checks a code typed for the booking in progress's hold (compared in constant time); the
/// hold ends after `HOLD_ATTEMPTS` wrong codes.
pub async fn check_code(
    pool: &Pool,
    key: &DataKey,
    draft: &str,
    code: &str,
    now: i64,
) -> Result<CodeCheck, AppError> {
    let row = sqlx::query(
        "SELECT id, code_hash, attempts FROM seat_holds WHERE draft = $1 AND expires_at >= $2",
    )
    .bind(draft)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        release_hold(pool, draft).await?;
        return Ok(CodeCheck::Gone);
    };
    let id: String = row.try_get(0)?;
    let stored: String = row.try_get(1)?;
    let attempts: i64 = row.try_get(2)?;
    if crate::crypto::same_token(&stored, &code_hash(key, draft, code)) {
        return Ok(CodeCheck::Confirmed(id));
    }
    let left = HOLD_ATTEMPTS - attempts - 1;
    if left <= 0 {
        release_hold(pool, draft).await?;
        return Ok(CodeCheck::Gone);
    }
    sqlx::query("UPDATE seat_holds SET attempts = attempts + 1 WHERE id = $1")
        .bind(&id)
        .execute(pool)
        .await?;
    Ok(CodeCheck::Wrong { left })
}

async fn release_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    draft: &str,
) -> Result<bool, sqlx::Error> {
    let slot: Option<String> =
        sqlx::query_scalar("DELETE FROM seat_holds WHERE draft = $1 RETURNING slot_id")
            .bind(draft)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(slot) = &slot {
        sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = $1")
            .bind(slot)
            .execute(&mut **tx)
            .await?;
    }
    Ok(slot.is_some())
}

/// Ends the booking in progress's hold, freeing its seat.
pub async fn release_hold(pool: &Pool, draft: &str) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    release_in(&mut tx, draft).await?;
    tx.commit().await?;
    Ok(())
}

/// Frees the seats of holds whose time ran out; how many. Several instances may run it at
/// once: each hold is released by whichever deletes it.
pub async fn release_expired_holds(pool: &Pool, now: i64) -> Result<u64, AppError> {
    let drafts: Vec<String> =
        sqlx::query_scalar("SELECT draft FROM seat_holds WHERE expires_at < $1")
            .bind(now)
            .fetch_all(pool)
            .await?;
    let mut released = 0;
    for draft in drafts {
        let mut tx = pool.begin().await?;
        let slot: Option<String> = sqlx::query_scalar(
            "DELETE FROM seat_holds WHERE draft = $1 AND expires_at < $2 RETURNING slot_id",
        )
        .bind(&draft)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(slot) = slot {
            sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = $1")
                .bind(&slot)
                .execute(&mut *tx)
                .await?;
            released += 1;
        }
        tx.commit().await?;
    }
    Ok(released)
}

async fn has_booking_on(pool: &Pool, id_hash: &str, day: Date) -> Result<bool, AppError> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM bookings WHERE id_hash = $1 AND day = $2 AND status = 'booked'",
    )
    .bind(id_hash)
    .bind(crate::dates::iso_date(day))
    .fetch_one(pool)
    .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// Seats taken in a location's slots from `from` to `to` (inclusive), by day and start, in
/// one query: a day list of several weeks costs one round trip, not one per day.
pub async fn booked_between(
    pool: &Pool,
    location_id: &str,
    from: Date,
    to: Date,
) -> Result<Booked, AppError> {
    let rows = sqlx::query(
        "SELECT day, starts, booked FROM slots WHERE location_id = $1 AND day >= $2 AND day <= $3",
    )
    .bind(location_id)
    .bind(crate::dates::iso_date(from))
    .bind(crate::dates::iso_date(to))
    .fetch_all(pool)
    .await?;
    let mut booked = Booked::default();
    for row in rows {
        let day: String = row.try_get(0)?;
        booked
            .0
            .insert((day, row.try_get::<i64, _>(1)?), row.try_get::<i64, _>(2)?);
    }
    Ok(booked)
}

/// Seats taken per (ISO day, start minute).
#[derive(Default)]
pub struct Booked(std::collections::HashMap<(String, i64), i64>);

impl Booked {
    /// Each slot of the day with the seats left in it.
    pub fn remaining(&self, day: Date, slots: &[Slot]) -> Vec<(Slot, u16)> {
        let iso = crate::dates::iso_date(day);
        slots
            .iter()
            .map(|s| {
                let taken = self
                    .0
                    .get(&(iso.clone(), i64::from(s.starts)))
                    .copied()
                    .unwrap_or(0);
                let left = i64::from(s.capacity).saturating_sub(taken).max(0);
                (*s, u16::try_from(left).unwrap_or(0))
            })
            .collect()
    }
}

/// How many seats are left in each of the given slots of a location's day.
pub async fn remaining(
    pool: &Pool,
    location_id: &str,
    day: Date,
    slots: &[Slot],
) -> Result<Vec<(Slot, u16)>, AppError> {
    Ok(booked_between(pool, location_id, day, day)
        .await?
        .remaining(day, slots))
}

/// A stored booking as its holder sees it after proving who they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredBooking {
    pub reference: String,
    pub service: String,
    pub location_id: String,
    pub day: Date,
    pub starts: u16,
    pub ends: u16,
    pub status: String,
    pub email: Option<Email>,
    pub masked_id: String,
}

/// Normalises a typed reference: upper case, ambiguous letters read as digits, dash optional.
pub fn normalise_reference(input: &str) -> Option<String> {
    let chars: String = input
        .trim()
        .to_ascii_uppercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let ok = chars.len() == 10
        && chars
            .chars()
            .all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c));
    ok.then(|| format!("{}-{}", &chars[..5], &chars[5..]))
}

/// The booking with this reference, if it belongs to this ID number.
pub async fn find(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
    id: &NationalId,
) -> Result<Option<StoredBooking>, AppError> {
    let id_hash = key.lookup_hash(ID_HASH_PURPOSE, id.expose());
    find_where(pool, key, reference, Some(&id_hash)).await
}

/// The booking with this reference, for a holder already proven by a cancel token.
pub async fn find_by_reference(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
) -> Result<Option<StoredBooking>, AppError> {
    find_where(pool, key, reference, None).await
}

async fn find_where(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
    id_hash: Option<&str>,
) -> Result<Option<StoredBooking>, AppError> {
    let row = sqlx::query(
        "SELECT b.reference, b.service, s.location_id, b.day, s.starts, s.ends, b.status, b.email_sealed, b.id_sealed, b.id_hash \
         FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.reference = $1",
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
    let day: String = row.try_get(3)?;
    let email: Option<Vec<u8>> = row.try_get(7)?;
    let email = key
        .open_email(email.as_deref())
        .map_err(AppError::internal)?;
    Ok(Some(StoredBooking {
        reference: row.try_get(0)?,
        service: row.try_get(1)?,
        location_id: row.try_get(2)?,
        day: crate::dates::parse_date(&day).ok_or_else(|| AppError::internal("stored day"))?,
        starts: u16::try_from(row.try_get::<i64, _>(4)?).unwrap_or(0),
        ends: u16::try_from(row.try_get::<i64, _>(5)?).unwrap_or(0),
        status: row.try_get(6)?,
        email,
        masked_id: id.masked(),
    }))
}

/// Cancels an active booking and gives its seat back, with its mail, all or nothing. Returns
/// false when it was not active (already cancelled, say).
pub async fn cancel(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
    mail: Option<&crate::notify::ssr::OutgoingMail>,
    now: i64,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query("UPDATE bookings SET status = 'cancelled', updated_at = $2 WHERE reference = $1 AND status = 'booked'")
        .bind(reference)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = (SELECT slot_id FROM bookings WHERE reference = $1)")
        .bind(reference)
        .execute(&mut *tx)
        .await?;
    if let Some(mail) = mail {
        crate::notify::ssr::enqueue(&mut *tx, key, mail, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Active bookings at a location from `from` on that share one holder (the same phone, e-mail
/// address or client), when there are at least `at_least` of them: what a script booking in
/// bulk leaves behind. Shown to supervisors, who may cancel a group.
pub async fn suspicious(
    pool: &Pool,
    location: &str,
    from: Date,
    at_least: i64,
) -> Result<Vec<crate::booking::HolderGroup>, AppError> {
    let mut groups = Vec::new();
    for kind in crate::booking::HolderKind::ALL {
        let column = kind.column();
        // The column comes from `HolderKind::column`, never from input.
        let sql = format!(
            "SELECT b.{column}, b.reference, b.day FROM bookings b JOIN slots s ON s.id = b.slot_id \
             WHERE s.location_id = $1 AND b.day >= $2 AND b.status = 'booked' AND b.{column} IN ( \
               SELECT b2.{column} FROM bookings b2 JOIN slots s2 ON s2.id = b2.slot_id \
               WHERE s2.location_id = $1 AND b2.day >= $2 AND b2.status = 'booked' AND b2.{column} IS NOT NULL \
               GROUP BY b2.{column} HAVING COUNT(*) >= $3) \
             ORDER BY b.{column}, b.day, b.reference"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(location)
            .bind(crate::dates::iso_date(from))
            .bind(at_least)
            .fetch_all(pool)
            .await?;
        for row in rows {
            let hash: String = row.try_get(0)?;
            let reference: String = row.try_get(1)?;
            let day: String = row.try_get(2)?;
            match groups
                .iter_mut()
                .find(|g: &&mut crate::booking::HolderGroup| g.kind == kind && g.holder == hash)
            {
                Some(group) => group.bookings.push((reference, day)),
                None => groups.push(crate::booking::HolderGroup {
                    kind,
                    holder: hash,
                    bookings: vec![(reference, day)],
                }),
            }
        }
    }
    Ok(groups)
}

/// Cancels every active booking at the location from `from` on of one holder, with the
/// reason, in one transaction: the seats are freed, each cancellation audited with the reason,
/// and each holder who gave an e-mail address told (`mail` makes the message for a reference
/// and day). How many were cancelled.
#[expect(
    clippy::too_many_arguments,
    reason = "the group, the reason and who cancels are all needed"
)]
pub async fn cancel_group(
    pool: &Pool,
    key: &DataKey,
    location: &str,
    from: Date,
    kind: crate::booking::HolderKind,
    holder: &str,
    reason: &str,
    staff_id: &str,
    mail: &(dyn Fn(&str, &str, crate::validate::Email) -> crate::notify::ssr::OutgoingMail + Sync),
    now: i64,
) -> Result<usize, AppError> {
    let column = kind.column();
    let mut tx = pool.begin().await?;
    // The column comes from `HolderKind::column`, never from input.
    let sql = format!(
        "SELECT b.reference, b.day, b.email_sealed FROM bookings b JOIN slots s ON s.id = b.slot_id \
         WHERE s.location_id = $1 AND b.day >= $2 AND b.status = 'booked' AND b.{column} = $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(location)
        .bind(crate::dates::iso_date(from))
        .bind(holder)
        .fetch_all(&mut *tx)
        .await?;
    for row in &rows {
        let reference: String = row.try_get(0)?;
        let day: String = row.try_get(1)?;
        let email: Option<Vec<u8>> = row.try_get(2)?;
        sqlx::query("UPDATE bookings SET status = 'cancelled', updated_at = $2 WHERE reference = $1 AND status = 'booked'")
            .bind(&reference)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = (SELECT slot_id FROM bookings WHERE reference = $1)")
            .bind(&reference)
            .execute(&mut *tx)
            .await?;
        crate::staff::ssr::audit(
            &mut *tx,
            Some(staff_id),
            "booking_cancelled_in_bulk",
            Some(&reference),
            reason,
            now,
        )
        .await?;
        if let Some(address) = email
            .and_then(|sealed| key.open_text(&sealed).ok())
            .and_then(|text| crate::validate::Email::parse(&text).ok())
        {
            crate::notify::ssr::enqueue(&mut *tx, key, &mail(&reference, &day, address), now)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// A short-lived proof, for the cancel pages, that the holder looked the booking up.
pub fn cancel_token(key: &DataKey, reference: &str, expires: i64) -> String {
    format!(
        "{expires}.{}",
        &key.lookup_hash("cancel", &format!("{reference}|{expires}"))[..32]
    )
}

pub fn cancel_token_valid(key: &DataKey, reference: &str, token: &str, now: i64) -> bool {
    let Some((expires, _)) = token.split_once('.') else {
        return false;
    };
    let Ok(expires) = expires.parse::<i64>() else {
        return false;
    };
    expires >= now && crate::crypto::same_token(&cancel_token(key, reference, expires), token)
}

/// The answers a booking was made with (to prefill a change of its time).
pub async fn answers_of(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
) -> Result<Option<(String, super::flow::Answers)>, AppError> {
    let row = sqlx::query(
        "SELECT service, answers_sealed FROM bookings WHERE reference = $1 AND status = 'booked'",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let json = key
        .open(&row.try_get::<Vec<u8>, _>(1)?)
        .map_err(AppError::internal)?;
    let answers = serde_json::from_slice(&json).map_err(AppError::internal)?;
    Ok(Some((row.try_get(0)?, answers)))
}

/// Starts a change of a booking's time: a booking in progress holding the booking's answers
/// except the day and time, and the reference it replaces.
pub async fn create_change_draft(
    pool: &Pool,
    key: &DataKey,
    reference: &str,
    now: i64,
) -> Result<Option<(String, String)>, AppError> {
    let Some((service, mut answers)) = answers_of(pool, key, reference).await? else {
        return Ok(None);
    };
    answers.remove("day");
    answers.remove("time");
    answers.insert("replaces".into(), reference.to_string());
    let token = create_draft(pool, key, &service, now).await?;
    save_draft(pool, key, &token, &answers, now).await?;
    Ok(Some((service, token)))
}

/// The days this person missed a booked appointment (marked by the counters as no-shows).
pub async fn no_show_days(
    pool: &Pool,
    key: &DataKey,
    id: &NationalId,
) -> Result<Vec<Date>, AppError> {
    let rows = sqlx::query("SELECT day FROM bookings WHERE id_hash = $1 AND status = 'no_show'")
        .bind(key.lookup_hash(ID_HASH_PURPOSE, id.expose()))
        .fetch_all(pool)
        .await?;
    let mut days = Vec::new();
    for row in rows {
        if let Some(day) = crate::dates::parse_date(&row.try_get::<String, _>(0)?) {
            days.push(day);
        }
    }
    Ok(days)
}

/// How long a booking in progress is kept without activity.
pub const DRAFT_SECONDS: i64 = 2 * 60 * 60;

/// A booking in progress.
pub struct Draft {
    pub answers: super::flow::Answers,
    /// Set once the booking is made: the draft then shows its confirmation.
    pub reference: Option<String>,
}

fn seal_answers(key: &DataKey, answers: &super::flow::Answers) -> Result<Vec<u8>, AppError> {
    let json = serde_json::to_vec(answers).map_err(AppError::internal)?;
    Ok(key.seal(&json))
}

/// Starts a booking in progress and returns the token for the citizen's cookie.
pub async fn create_draft(
    pool: &Pool,
    key: &DataKey,
    service: &str,
    now: i64,
) -> Result<String, AppError> {
    // Old drafts go whenever a new one starts: no separate clean-up job needed.
    sqlx::query("DELETE FROM booking_drafts WHERE updated_at < $1")
        .bind(now - DRAFT_SECONDS)
        .execute(pool)
        .await?;
    let id = crate::crypto::random_hex(24);
    sqlx::query("INSERT INTO booking_drafts (id, service, answers_sealed, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
        .bind(&id)
        .bind(service)
        .bind(seal_answers(key, &super::flow::Answers::new())?)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(id)
}

/// The booking in progress for this token and service, unless it expired.
pub async fn load_draft(
    pool: &Pool,
    key: &DataKey,
    id: &str,
    service: &str,
    now: i64,
) -> Result<Option<Draft>, AppError> {
    let row = sqlx::query(
        "SELECT answers_sealed, reference FROM booking_drafts WHERE id = $1 AND service = $2 AND updated_at >= $3",
    )
    .bind(id)
    .bind(service)
    .bind(now - DRAFT_SECONDS)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let sealed: Vec<u8> = row.try_get(0)?;
    let json = key.open(&sealed).map_err(AppError::internal)?;
    let answers = serde_json::from_slice(&json).map_err(AppError::internal)?;
    Ok(Some(Draft {
        answers,
        reference: row.try_get(1)?,
    }))
}

pub async fn save_draft(
    pool: &Pool,
    key: &DataKey,
    id: &str,
    answers: &super::flow::Answers,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE booking_drafts SET answers_sealed = $2, updated_at = $3 WHERE id = $1 AND reference IS NULL")
        .bind(id)
        .bind(seal_answers(key, answers)?)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Marks the draft as booked, inside the booking's transaction.
pub async fn finish_draft<'e, E>(
    executor: E,
    id: &str,
    reference: &str,
    now: i64,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE booking_drafts SET reference = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(reference)
        .bind(now)
        .execute(executor)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_references_are_forgiving() {
        assert_eq!(
            normalise_reference(" ab12c de34f "),
            Some("AB12C-DE34F".into())
        );
        assert_eq!(
            normalise_reference("AB12C-DE34F"),
            Some("AB12C-DE34F".into())
        );
        assert_eq!(
            normalise_reference("0O1IL-23456"),
            Some("00111-23456".into())
        );
        assert_eq!(normalise_reference("AB12C"), None);
        assert_eq!(normalise_reference("AB12C-DE34U"), None);
    }

    #[test]
    fn cancel_tokens_expire_and_bind_to_their_reference() {
        let key = DataKey::from_bytes(&[3; 32]);
        let token = cancel_token(&key, "AB12C-DE34F", 1000);
        assert!(cancel_token_valid(&key, "AB12C-DE34F", &token, 999));
        assert!(!cancel_token_valid(&key, "AB12C-DE34F", &token, 1001));
        assert!(!cancel_token_valid(&key, "ZZ12C-DE34F", &token, 999));
        assert!(!cancel_token_valid(
            &key,
            "AB12C-DE34F",
            "2000.deadbeef",
            999
        ));
    }

    #[test]
    fn references_are_readable_and_unambiguous() {
        let r = new_reference();
        assert_eq!(r.len(), 11);
        assert_eq!(&r[5..6], "-");
        assert!(
            r.chars()
                .filter(|c| *c != '-')
                .all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c))
        );
        assert_ne!(new_reference(), new_reference());
    }
}
