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
    /// Petitions whose personal data was erased (their rows stay for the figures).
    pub petitions: u64,
    /// Suggestions whose proposer's name and address were removed.
    pub suggestions: u64,
    pub survey_comments: u64,
    pub drafts: u64,
    pub audit_entries: u64,
}

/// What the retention job keeps, and until when.
#[derive(Clone, Copy, Debug)]
pub struct Keeping {
    /// Bookings whose day is before this day go.
    pub before_day: Date,
    /// Personal data whose case ended (or that was last touched) before this instant goes.
    pub before: i64,
    /// Audit log entries before this instant go (their own, longer period).
    pub audit_before: i64,
    /// Now, for bookings in progress (kept for their two hours only).
    pub now: i64,
}

/// What an erased petition's sealed text reads.
pub const ERASED: &str = "（已逾保存期限，個人資料已刪除）";

/// Deletes what is past its keeping time: bookings whose day is before `before_day`;
/// applications that ended (collected, closed, withdrawn) or were left ready or waiting for
/// documents before `before`; mail sent or given up, survey comments, suggestions' contact
/// details and the personal data of replied petitions (with their notes and files) from before
/// `before`; bookings in progress past their two hours; the audit log before `audit_before`.
/// Several instances may run it at once; a second pass finds nothing.
pub async fn purge(pool: &Pool, key: &DataKey, keep: Keeping) -> Result<Purged, AppError> {
    let Keeping {
        before_day,
        before,
        audit_before,
        now,
    } = keep;
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
    // Ended, or never collected nor completed: a case nobody touched for the keeping time.
    let applications = sqlx::query(
        "DELETE FROM applications WHERE status IN ('collected', 'closed', 'withdrawn', 'ready', 'missing_documents') AND updated_at < $1",
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
    let drafts = sqlx::query("DELETE FROM booking_drafts WHERE updated_at < $1")
        .bind(now - crate::booking::ssr::DRAFT_SECONDS)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    // Replied petitions keep their category, days and status for the published figures; who
    // wrote, what they wrote, the reply, notes and files go.
    let old_petitions = "SELECT number FROM petitions WHERE status = 'replied' AND erased_at IS NULL AND updated_at < $1";
    sqlx::query(AssertSqlSafe(format!(
        "DELETE FROM petition_notes WHERE petition IN ({old_petitions})"
    )))
    .bind(before)
    .execute(&mut *tx)
    .await?;
    sqlx::query(AssertSqlSafe(format!(
        "DELETE FROM petition_attachments WHERE petition IN ({old_petitions})"
    )))
    .bind(before)
    .execute(&mut *tx)
    .await?;
    let erased = key.seal(ERASED.as_bytes());
    let petitions = sqlx::query(
        "UPDATE petitions SET subject_sealed = $2, message_sealed = $2, name_sealed = $2, reply_sealed = $2, \
         email_sealed = NULL, phone_sealed = NULL, email_hash = NULL, phone_hash = NULL, erased_at = $3 \
         WHERE status = 'replied' AND erased_at IS NULL AND updated_at < $1",
    )
    .bind(before)
    .bind(&erased)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let suggestions = sqlx::query(
        "UPDATE suggestions SET name_sealed = NULL, email_sealed = NULL \
         WHERE status <> 'received' AND updated_at < $1 AND (name_sealed IS NOT NULL OR email_sealed IS NOT NULL)",
    )
    .bind(before)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let survey_comments = sqlx::query(
        "UPDATE survey_answers SET comment_sealed = NULL WHERE created_at < $1 AND comment_sealed IS NOT NULL",
    )
    .bind(before)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let audit_entries = sqlx::query("DELETE FROM audit_log WHERE at < $1")
        .bind(audit_before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(Purged {
        bookings,
        applications,
        mails,
        petitions,
        suggestions,
        survey_comments,
        drafts,
        audit_entries,
    })
}

/// How many rows of each table were re-sealed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rekeyed {
    pub rows: Vec<(&'static str, u64)>,
}

/// How a keyed-hash column gets its value under a new key.
enum Derived {
    /// The hash of a sealed column's plain text (lower-cased for e-mail addresses).
    Of {
        sealed: &'static str,
        purpose: &'static str,
        lower: bool,
    },
    /// The hash of the phone number inside a booking's sealed answers.
    BookingPhone,
    /// A survey answer's booking or application reference: found again by hashing the
    /// references still stored; one whose visit is gone gets a value nothing will match.
    SurveyReference,
    /// Cannot be recomputed (the client's address is never stored): cleared.
    Cleared,
}

/// A table holding sealed columns or keyed hashes: its key column, the sealed columns, and how
/// each keyed hash is made again.
struct Sealed {
    table: &'static str,
    key: &'static str,
    columns: &'static [&'static str],
    hashes: &'static [(&'static str, Derived)],
}

const ID_HASH: (&str, Derived) = (
    "id_hash",
    Derived::Of {
        sealed: "id_sealed",
        purpose: ID_HASH_PURPOSE,
        lower: false,
    },
);

const SEALED: [Sealed; 10] = [
    Sealed {
        table: "bookings",
        key: "reference",
        columns: &["id_sealed", "answers_sealed", "email_sealed"],
        hashes: &[
            ID_HASH,
            ("phone_hash", Derived::BookingPhone),
            (
                "email_hash",
                Derived::Of {
                    sealed: "email_sealed",
                    purpose: crate::booking::ssr::EMAIL_PURPOSE,
                    lower: true,
                },
            ),
            ("client_hash", Derived::Cleared),
        ],
    },
    Sealed {
        table: "applications",
        key: "reference",
        columns: &["id_sealed", "answers_sealed", "email_sealed"],
        hashes: &[ID_HASH],
    },
    Sealed {
        table: "case_events",
        key: "id",
        columns: &["message_sealed"],
        hashes: &[],
    },
    Sealed {
        table: "booking_drafts",
        key: "id",
        columns: &["answers_sealed"],
        hashes: &[],
    },
    Sealed {
        table: "outbox",
        key: "id",
        columns: &["recipient_sealed", "body_sealed", "attachment_sealed"],
        hashes: &[],
    },
    Sealed {
        table: "petitions",
        key: "number",
        columns: &[
            "subject_sealed",
            "message_sealed",
            "name_sealed",
            "email_sealed",
            "phone_sealed",
            "reply_sealed",
        ],
        hashes: &[
            (
                "email_hash",
                Derived::Of {
                    sealed: "email_sealed",
                    purpose: crate::petitions::ssr::EMAIL_PURPOSE,
                    lower: true,
                },
            ),
            (
                "phone_hash",
                Derived::Of {
                    sealed: "phone_sealed",
                    purpose: crate::petitions::ssr::PHONE_PURPOSE,
                    lower: false,
                },
            ),
        ],
    },
    Sealed {
        table: "petition_notes",
        key: "id",
        columns: &["note_sealed"],
        hashes: &[],
    },
    Sealed {
        table: "petition_attachments",
        key: "id",
        columns: &["name_sealed", "bytes_sealed"],
        hashes: &[],
    },
    Sealed {
        table: "survey_answers",
        key: "id",
        columns: &["comment_sealed"],
        hashes: &[("ref_hash", Derived::SurveyReference)],
    },
    Sealed {
        table: "suggestions",
        key: "number",
        columns: &[
            "title_sealed",
            "current_sealed",
            "proposal_sealed",
            "name_sealed",
            "email_sealed",
            "decision_sealed",
        ],
        hashes: &[],
    },
];

/// Columns named like sealed data or keyed hashes that are neither: the rotation test checks
/// that every `*_sealed` and `*_hash` column of the schema is re-sealed or listed here.
pub const NOT_KEYED: [(&str, &str, &str); 3] = [
    (
        "staff",
        "password_hash",
        "Argon2id with its own salt, not the data key",
    ),
    (
        "staff_sessions",
        "token_hash",
        "SHA-256 of a random session token, not the data key",
    ),
    (
        "kiosk_devices",
        "token_hash",
        "SHA-256 of a random device token, not the data key",
    ),
];

/// Keyed-hash columns of short-lived rows that `rekey` deletes instead (their owners start
/// again): the seat holds' codes (ten minutes; the seats are freed).
pub const FORGOTTEN: [(&str, &str); 1] = [("seat_holds", "code_hash")];

/// Every (table, column) that `rekey` re-seals or recomputes.
pub fn rekeyed_columns() -> Vec<(&'static str, &'static str)> {
    SEALED
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .copied()
                .chain(t.hashes.iter().map(|(c, _)| *c))
                .map(move |c| (t.table, c))
        })
        .collect()
}

/// The name under which the data key's check value is kept in `portal_meta`.
pub const KEY_CHECK: &str = "data_key_check";

/// The check value stored for the installation's data key, if any.
pub async fn stored_key_check(pool: &Pool) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT value FROM portal_meta WHERE name = $1")
            .bind(KEY_CHECK)
            .fetch_optional(pool)
            .await?,
    )
}

/// Whether anything is sealed in the database (so a new key must never be made for it).
pub async fn holds_sealed_data(pool: &Pool) -> Result<bool, AppError> {
    for t in &SEALED {
        // Identifiers come from the constant table above, never from input.
        let sql = format!("SELECT 1 FROM {} LIMIT 1", t.table);
        if sqlx::query(AssertSqlSafe(sql))
            .fetch_optional(pool)
            .await?
            .is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Some sealed value, to try a key on (an installation from before check values).
pub async fn some_sealed_value(pool: &Pool) -> Result<Option<Vec<u8>>, AppError> {
    for t in &SEALED {
        let sql = format!(
            "SELECT {} FROM {} WHERE {} IS NOT NULL LIMIT 1",
            t.columns[0], t.table, t.columns[0]
        );
        let value: Option<Vec<u8>> = sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_optional(pool)
            .await?;
        if value.is_some() {
            return Ok(value);
        }
    }
    Ok(None)
}

/// Records the check value of `key` when none is stored (first start); true when it was
/// stored now. An existing value is never overwritten here: only `rekey` changes it.
pub async fn record_key_check(pool: &Pool, key: &DataKey) -> Result<bool, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO portal_meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(KEY_CHECK)
    .bind(key.check_value())
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Re-seals every sealed value under `new` (and recomputes the keyed hashes), in one
/// transaction: either all the data moves to the new key or none of it does. Fails, changing
/// nothing, if any value does not open with `old`. The stored key check value moves with it,
/// which tells running instances that their key is no longer the installation's.
pub async fn rekey(pool: &Pool, old: &DataKey, new: &DataKey) -> Result<Rekeyed, AppError> {
    let mut tx = pool.begin().await?;
    if let Some(stored) =
        sqlx::query_scalar::<_, String>("SELECT value FROM portal_meta WHERE name = $1")
            .bind(KEY_CHECK)
            .fetch_optional(&mut *tx)
            .await?
        && stored != old.check_value()
    {
        return Err(AppError::internal(
            "the current key is not the one the data is sealed with",
        ));
    }
    // Survey answers name their visit by a keyed hash of its reference: map old to new.
    let mut references: std::collections::HashMap<String, String> = Default::default();
    for table in ["bookings", "applications"] {
        let sql = format!("SELECT reference FROM {table}");
        let rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
            .fetch_all(&mut *tx)
            .await?;
        for r in rows {
            references.insert(
                old.lookup_hash(crate::surveys::ssr::REF_PURPOSE, &r),
                new.lookup_hash(crate::surveys::ssr::REF_PURPOSE, &r),
            );
        }
    }
    let mut done = Rekeyed::default();
    for t in &SEALED {
        let hash_columns: Vec<&str> = t.hashes.iter().map(|(c, _)| *c).collect();
        let selected: Vec<&str> = t
            .columns
            .iter()
            .copied()
            .chain(hash_columns.iter().copied())
            .collect();
        // Identifiers come from the constant table above, never from input.
        let select = format!("SELECT {}, {} FROM {}", t.key, selected.join(", "), t.table);
        let rows = sqlx::query(AssertSqlSafe(select))
            .fetch_all(&mut *tx)
            .await?;
        let sets: Vec<String> = selected
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ${}", i + 2))
            .collect();
        let update = format!(
            "UPDATE {} SET {} WHERE {} = $1",
            t.table,
            sets.join(", "),
            t.key
        );
        for row in &rows {
            let key: String = row.try_get(0)?;
            let mut plain: Vec<Option<Vec<u8>>> = Vec::new();
            for (i, column) in t.columns.iter().enumerate() {
                let sealed: Option<Vec<u8>> = row.try_get(i + 1)?;
                plain.push(
                    sealed
                        .map(|bytes| {
                            old.open(&bytes).map_err(|e| {
                                AppError::internal(format!("{}.{column} of {key}: {e}", t.table))
                            })
                        })
                        .transpose()?,
                );
            }
            let text_of = |column: &str| -> Option<String> {
                let i = t.columns.iter().position(|c| *c == column)?;
                plain[i]
                    .as_ref()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
            };
            let mut query = sqlx::query(AssertSqlSafe(update.clone())).bind(key.clone());
            for p in &plain {
                query = query.bind(p.as_ref().map(|p| new.seal(p)));
            }
            for (i, (_, derived)) in t.hashes.iter().enumerate() {
                let current: Option<String> = row.try_get(1 + t.columns.len() + i)?;
                let value = match derived {
                    Derived::Of {
                        sealed,
                        purpose,
                        lower,
                    } => text_of(sealed).map(|text| {
                        let text = if *lower { text.to_lowercase() } else { text };
                        new.lookup_hash(purpose, &text)
                    }),
                    Derived::BookingPhone => text_of("answers_sealed")
                        .and_then(|json| crate::booking::ssr::phone_in_answers(&json))
                        .map(|phone| new.lookup_hash(crate::booking::ssr::PHONE_PURPOSE, &phone)),
                    Derived::SurveyReference => current.map(|old_hash| {
                        references.get(&old_hash).cloned().unwrap_or_else(|| {
                            new.lookup_hash("survey reference retired", &old_hash)
                        })
                    }),
                    Derived::Cleared => None,
                };
                query = query.bind(value);
            }
            query.execute(&mut *tx).await?;
        }
        done.rows.push((t.table, rows.len() as u64));
    }
    // Seats held for a code: the code's hash cannot be made again, so the holds end and their
    // seats are freed (a rotation is done with every instance stopped).
    sqlx::query(
        "UPDATE slots SET booked = booked - (SELECT COUNT(*) FROM seat_holds h WHERE h.slot_id = slots.id) \
         WHERE id IN (SELECT slot_id FROM seat_holds)",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM seat_holds")
        .execute(&mut *tx)
        .await?;
    // The buckets of the shared rate limits and sign-in delays are keyed hashes too; they only
    // count the last minutes, so they are forgotten.
    sqlx::query("DELETE FROM rate_limits")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sign_in_failures")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO portal_meta (name, value) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET value = $2",
    )
    .bind(KEY_CHECK)
    .bind(new.check_value())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done)
}
