//! Storing the forms editors upload to the catalogue.

use super::Upload;
use crate::db::Pool;
use crate::error::AppError;
use crate::i18n::L10n;
use sqlx::Row;
use time::Date;

const COLUMNS: &str = "id, topic, title_zh, title_en, description_zh, description_en, file_name, content_type, size, version, published, updated_at";

fn upload_of(row: &sqlx::any::AnyRow) -> Result<Upload, AppError> {
    let version: String = row.try_get(9)?;
    Ok(Upload {
        id: row.try_get(0)?,
        topic: row.try_get(1)?,
        title: L10n::new(row.try_get::<String, _>(2)?, row.try_get::<String, _>(3)?),
        description: L10n::new(row.try_get::<String, _>(4)?, row.try_get::<String, _>(5)?),
        file_name: row.try_get(6)?,
        content_type: row.try_get(7)?,
        size: row.try_get(8)?,
        version: crate::dates::parse_date(&version).unwrap_or(Date::MIN),
        published: row.try_get::<i64, _>(10)? != 0,
        updated_at: row.try_get(11)?,
    })
}

/// The uploaded forms, newest change first (only the published ones unless `all`).
pub async fn list(pool: &Pool, all: bool) -> Result<Vec<Upload>, AppError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM form_uploads WHERE published = 1 OR $1 = 1 ORDER BY updated_at DESC, id"
    )))
    .bind(i64::from(all))
    .fetch_all(pool)
    .await?;
    rows.iter().map(upload_of).collect()
}

/// A stored file: its name, type and bytes (only a published form's unless `any`).
pub async fn file(
    pool: &Pool,
    id: &str,
    any: bool,
) -> Result<Option<(String, String, Vec<u8>)>, AppError> {
    let row = sqlx::query(
        "SELECT file_name, content_type, bytes, published FROM form_uploads WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if !any && row.try_get::<i64, _>(3)? == 0 {
        return Ok(None);
    }
    Ok(Some((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))
}

/// A new uploaded form, or a new version of one.
pub struct NewUpload<'a> {
    pub topic: &'a str,
    pub title: &'a L10n,
    pub description: &'a L10n,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub version: Date,
}

/// Stores a new form (published at once); its id.
pub async fn create(
    pool: &Pool,
    u: &NewUpload<'_>,
    by: &str,
    now: i64,
) -> Result<String, AppError> {
    let id = crate::crypto::random_hex(8);
    sqlx::query(
        "INSERT INTO form_uploads (id, topic, title_zh, title_en, description_zh, description_en, file_name, content_type, size, bytes, version, published, created_at, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12, $13)",
    )
    .bind(&id)
    .bind(u.topic)
    .bind(&u.title.zh)
    .bind(&u.title.en)
    .bind(&u.description.zh)
    .bind(&u.description.en)
    .bind(u.file_name)
    .bind(u.content_type)
    .bind(u.bytes.len() as i64)
    .bind(u.bytes)
    .bind(crate::dates::iso_date(u.version))
    .bind(now)
    .bind(by)
    .execute(pool)
    .await?;
    Ok(id)
}

/// Replaces a form's file with a new version; false if there is no such form.
#[allow(clippy::too_many_arguments)]
pub async fn replace(
    pool: &Pool,
    id: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
    version: Date,
    by: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE form_uploads SET file_name = $2, content_type = $3, size = $4, bytes = $5, version = $6, updated_at = $7, updated_by = $8 WHERE id = $1",
    )
    .bind(id)
    .bind(file_name)
    .bind(content_type)
    .bind(bytes.len() as i64)
    .bind(bytes)
    .bind(crate::dates::iso_date(version))
    .bind(now)
    .bind(by)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Publishes or withdraws a form; false if there is no such form.
pub async fn set_published(
    pool: &Pool,
    id: &str,
    published: bool,
    by: &str,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE form_uploads SET published = $2, updated_at = $3, updated_by = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(i64::from(published))
    .bind(now)
    .bind(by)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
