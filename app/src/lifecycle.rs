//! The life of stored personal data (個人資料保護法: keep it no longer than needed): deleting
//! old bookings, applications and mail on schedule, and re-sealing everything under a new data
//! key when the key is rotated.

use crate::booking::ssr::ID_HASH_PURPOSE;
use crate::crypto::DataKey;
use crate::db::Pool;
use crate::error::AppError;
use sqlx::{AssertSqlSafe, Row};
use time::Date;

/// What one pass of the retention job removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub bookings: u64,
    pub applications: u64,
    pub mails: u64,
}

/// Deletes what is past its keeping time: bookings whose day is before `before_day`,
/// applications that ended (collected, closed, withdrawn) before `before`, and mail that was
/// sent or gave up before `before`. Several instances may run it at once; deleting twice
/// deletes nothing the second time.
pub async fn purge(pool: &Pool, before_day: Date, before: i64) -> Result<Purged, AppError> {
    let mut tx = pool.begin().await?;
    let bookings = sqlx::query("DELETE FROM bookings WHERE day < $1")
        .bind(crate::dates::iso_date(before_day))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    // Their slots are past too; they only held the counts of those bookings.
    sqlx::query(
        "DELETE FROM slots WHERE day < $1 AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = slots.id)",
    )
    .bind(crate::dates::iso_date(before_day))
    .execute(&mut *tx)
    .await?;
    let applications = sqlx::query(
        "DELETE FROM applications WHERE status IN ('collected', 'closed', 'withdrawn') AND updated_at < $1",
    )
    .bind(before)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM case_events WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.reference = case_events.reference)")
        .execute(&mut *tx)
        .await?;
    let mails =
        sqlx::query("DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < $1")
            .bind(before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    tx.commit().await?;
    Ok(Purged {
        bookings,
        applications,
        mails,
    })
}

/// How many rows of each table were re-sealed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rekeyed {
    pub rows: Vec<(&'static str, u64)>,
}

/// A table holding sealed columns: its key column, the sealed columns, and whether its
/// `id_hash` is the keyed hash of the sealed `id_sealed` (recomputed with the new key).
struct Sealed {
    table: &'static str,
    key: &'static str,
    columns: &'static [&'static str],
    id_hash: bool,
}

const SEALED: [Sealed; 5] = [
    Sealed {
        table: "bookings",
        key: "reference",
        columns: &["id_sealed", "answers_sealed", "email_sealed"],
        id_hash: true,
    },
    Sealed {
        table: "applications",
        key: "reference",
        columns: &["id_sealed", "answers_sealed", "email_sealed"],
        id_hash: true,
    },
    Sealed {
        table: "case_events",
        key: "id",
        columns: &["message_sealed"],
        id_hash: false,
    },
    Sealed {
        table: "booking_drafts",
        key: "id",
        columns: &["answers_sealed"],
        id_hash: false,
    },
    Sealed {
        table: "outbox",
        key: "id",
        columns: &["recipient_sealed", "body_sealed", "attachment_sealed"],
        id_hash: false,
    },
];

/// Re-seals every sealed value under `new` (and recomputes the lookup hashes), in one
/// transaction: either all the data moves to the new key or none of it does. Fails, changing
/// nothing, if any value does not open with `old`.
pub async fn rekey(pool: &Pool, old: &DataKey, new: &DataKey) -> Result<Rekeyed, AppError> {
    let mut tx = pool.begin().await?;
    let mut done = Rekeyed::default();
    for t in &SEALED {
        // Identifiers come from the constant table above, never from input.
        let select = format!(
            "SELECT {}, {} FROM {}",
            t.key,
            t.columns.join(", "),
            t.table
        );
        let rows = sqlx::query(AssertSqlSafe(select))
            .fetch_all(&mut *tx)
            .await?;
        let sets: Vec<String> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ${}", i + 2))
            .chain(
                t.id_hash
                    .then(|| format!("id_hash = ${}", t.columns.len() + 2)),
            )
            .collect();
        let update = format!(
            "UPDATE {} SET {} WHERE {} = $1",
            t.table,
            sets.join(", "),
            t.key
        );
        for row in &rows {
            let key: String = row.try_get(0)?;
            let mut query = sqlx::query(AssertSqlSafe(update.clone())).bind(key.clone());
            let mut id_hash = None;
            for (i, column) in t.columns.iter().enumerate() {
                let sealed: Option<Vec<u8>> = row.try_get(i + 1)?;
                let resealed = match sealed {
                    Some(bytes) => {
                        let plain = old.open(&bytes).map_err(|e| {
                            AppError::internal(format!("{}.{column} of {key}: {e}", t.table))
                        })?;
                        if *column == "id_sealed" {
                            id_hash = Some(
                                new.lookup_hash(ID_HASH_PURPOSE, &String::from_utf8_lossy(&plain)),
                            );
                        }
                        Some(new.seal(&plain))
                    }
                    None => None,
                };
                query = query.bind(resealed);
            }
            if t.id_hash {
                query = query.bind(id_hash.unwrap_or_default());
            }
            query.execute(&mut *tx).await?;
        }
        done.rows.push((t.table, rows.len() as u64));
    }
    tx.commit().await?;
    Ok(done)
}
