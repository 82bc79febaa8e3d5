//! Content in the database, and Markdown made safe to show.

use super::{Item, Kind, Revision};
use crate::db::{Pool, is_unique_violation};
use crate::error::AppError;
use crate::i18n::L10n;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use sqlx::Row;

/// Markdown as HTML: raw HTML in the source is shown as text, and links and images keep only
/// safe targets (http, https, mailto, tel, or this site's own paths).
pub fn markdown(source: &str) -> String {
    fn safe(url: &str) -> bool {
        let lower = url.trim().to_ascii_lowercase();
        ["http://", "https://", "mailto:", "tel:"]
            .iter()
            .any(|s| lower.starts_with(s))
            || (lower.starts_with('/') && !lower.starts_with("//"))
            || lower.starts_with('#')
    }
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

/// Markdown as plain text (for search and feed summaries).
pub fn plain_text(source: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(source) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const COLUMNS: &str = "id, kind, slug, section, title_zh, title_en, body_zh, body_en, status, publish_at, updated_at, sample";

fn item_of(row: &sqlx::any::AnyRow) -> Result<Item, AppError> {
    let kind: String = row.try_get(1)?;
    Ok(Item {
        id: row.try_get(0)?,
        kind: Kind::from_code(&kind).ok_or_else(|| AppError::internal("content kind"))?,
        slug: row.try_get(2)?,
        section: row.try_get(3)?,
        title: L10n::new(row.try_get::<String, _>(4)?, row.try_get::<String, _>(5)?),
        body: L10n::new(row.try_get::<String, _>(6)?, row.try_get::<String, _>(7)?),
        status: row.try_get(8)?,
        publish_at: row.try_get(9)?,
        updated_at: row.try_get(10)?,
        sample: row.try_get::<i64, _>(11)? != 0,
        attachments: Vec::new(),
    })
}

/// Published items of a kind whose time has come, newest first (optionally one section).
pub async fn visible(
    pool: &Pool,
    kind: Kind,
    section: Option<&str>,
    now: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<Item>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM content WHERE kind = $1 AND status = 'published' AND publish_at <= $2 \
         AND ($3 = '' OR section = $3) ORDER BY publish_at DESC, id LIMIT $4 OFFSET $5"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(kind.code())
        .bind(now)
        .bind(section.unwrap_or(""))
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?;
    rows.iter().map(item_of).collect()
}

/// Every visible item of every kind (for the search index, the site map and feeds).
pub async fn all_visible(pool: &Pool, now: i64) -> Result<Vec<Item>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM content WHERE status = 'published' AND publish_at <= $1 ORDER BY publish_at DESC, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .fetch_all(pool)
        .await?;
    rows.iter().map(item_of).collect()
}

/// One visible item by kind and slug.
pub async fn visible_one(
    pool: &Pool,
    kind: Kind,
    slug: &str,
    now: i64,
) -> Result<Option<Item>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM content WHERE kind = $1 AND slug = $2 AND status = 'published' AND publish_at <= $3"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(kind.code())
        .bind(slug)
        .bind(now)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(item_of).transpose()
}

/// Any item by id (editors).
pub async fn by_id(pool: &Pool, id: &str) -> Result<Option<Item>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM content WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(item_of).transpose()
}

/// Every item, newest change first (the editors' list).
pub async fn all(pool: &Pool, kind: Option<Kind>) -> Result<Vec<Item>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM content WHERE ($1 = '' OR kind = $1) ORDER BY updated_at DESC, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(kind.map(Kind::code).unwrap_or(""))
        .fetch_all(pool)
        .await?;
    rows.iter().map(item_of).collect()
}

/// What an editor saves.
pub struct Draft<'a> {
    pub kind: Kind,
    pub slug: &'a str,
    pub section: &'a str,
    pub title: &'a L10n,
    pub body: &'a L10n,
    pub status: &'a str,
    pub publish_at: Option<i64>,
}

/// Creates (id None) or updates an item, with a revision, all or nothing. `Conflict` when the
/// slug is taken by another item of the kind.
pub async fn save(
    pool: &Pool,
    id: Option<&str>,
    d: &Draft<'_>,
    staff_id: Option<&str>,
    sample: bool,
    now: i64,
) -> Result<String, AppError> {
    let mut tx = pool.begin().await?;
    let id = match id {
        Some(id) => {
            let updated = sqlx::query(
                "UPDATE content SET slug = $2, section = $3, title_zh = $4, title_en = $5, body_zh = $6, body_en = $7, \
                 status = $8, publish_at = $9, updated_at = $10, updated_by = $11 WHERE id = $1",
            )
            .bind(id)
            .bind(d.slug)
            .bind(d.section)
            .bind(&d.title.zh)
            .bind(&d.title.en)
            .bind(&d.body.zh)
            .bind(&d.body.en)
            .bind(d.status)
            .bind(d.publish_at)
            .bind(now)
            .bind(staff_id)
            .execute(&mut *tx)
            .await;
            match updated {
                Ok(r) if r.rows_affected() == 1 => id.to_string(),
                Ok(_) => return Err(AppError::NotFound),
                Err(e) if is_unique_violation(&e) => return Err(AppError::Conflict),
                Err(e) => return Err(e.into()),
            }
        }
        None => {
            let id = crate::crypto::random_hex(16);
            let inserted = sqlx::query(
                "INSERT INTO content (id, kind, slug, section, title_zh, title_en, body_zh, body_en, status, publish_at, sample, created_at, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)",
            )
            .bind(&id)
            .bind(d.kind.code())
            .bind(d.slug)
            .bind(d.section)
            .bind(&d.title.zh)
            .bind(&d.title.en)
            .bind(&d.body.zh)
            .bind(&d.body.en)
            .bind(d.status)
            .bind(d.publish_at)
            .bind(i64::from(sample))
            .bind(now)
            .bind(staff_id)
            .execute(&mut *tx)
            .await;
            match inserted {
                Ok(_) => id,
                Err(e) if is_unique_violation(&e) => return Err(AppError::Conflict),
                Err(e) => return Err(e.into()),
            }
        }
    };
    sqlx::query(
        "INSERT INTO content_revisions (id, content_id, at, staff_id, status, title_zh, title_en, body_zh, body_en) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(crate::crypto::random_hex(16))
    .bind(&id)
    .bind(now)
    .bind(staff_id)
    .bind(d.status)
    .bind(&d.title.zh)
    .bind(&d.title.en)
    .bind(&d.body.zh)
    .bind(&d.body.en)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An item's revisions, newest first.
pub async fn revisions(pool: &Pool, id: &str) -> Result<Vec<Revision>, AppError> {
    let rows = sqlx::query(
        "SELECT r.at, COALESCE(s.username, ''), r.status, r.title_zh FROM content_revisions r \
         LEFT JOIN staff s ON s.id = r.staff_id WHERE r.content_id = $1 ORDER BY r.at DESC, r.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Revision {
                at: r.try_get(0)?,
                who: r.try_get(1)?,
                status: r.try_get(2)?,
                title: r.try_get(3)?,
            })
        })
        .collect()
}

/// What changes when content a citizen can see changes: the search index and feeds are
/// rebuilt when this differs (on this instance at once, on the others at their next check).
pub async fn signature(pool: &Pool, now: i64) -> Result<(i64, i64, i64), AppError> {
    let row = sqlx::query(
        "SELECT COALESCE(MAX(updated_at), 0), COUNT(*), \
         COALESCE(SUM(CASE WHEN status = 'published' AND publish_at <= $1 THEN 1 ELSE 0 END), 0) FROM content",
    )
    .bind(now)
    .fetch_one(pool)
    .await?;
    let synonyms = sqlx::query("SELECT COUNT(*) FROM search_synonyms")
        .fetch_one(pool)
        .await?;
    let visible: i64 = row.try_get(2)?;
    Ok((
        row.try_get::<i64, _>(0)? + synonyms.try_get::<i64, _>(0)?,
        row.try_get(1)?,
        visible,
    ))
}

/// The synonym groups, one line of comma-separated words each.
pub async fn synonyms(pool: &Pool) -> Result<Vec<Vec<String>>, AppError> {
    let rows = sqlx::query("SELECT words FROM search_synonyms ORDER BY id")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            let words: String = r.try_get(0)?;
            Ok(words
                .split([',', '，', '、', '/'])
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect())
        })
        .collect()
}

/// Replaces the synonym list (one group per line).
pub async fn set_synonyms(pool: &Pool, lines: &[String]) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM search_synonyms")
        .execute(&mut *tx)
        .await?;
    for (n, line) in lines.iter().enumerate() {
        sqlx::query("INSERT INTO search_synonyms (id, words) VALUES ($1, $2)")
            .bind(format!("{n:05}"))
            .bind(line)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The files of an item, oldest first.
pub async fn attachments(
    pool: &Pool,
    content_id: &str,
) -> Result<Vec<super::Attachment>, AppError> {
    let rows = sqlx::query("SELECT id, name, content_type, size FROM content_attachments WHERE content_id = $1 ORDER BY created_at, id")
        .bind(content_id)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(super::Attachment {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                content_type: r.try_get(2)?,
                size: r.try_get(3)?,
            })
        })
        .collect()
}

/// Attaches a file (already checked) to an item.
pub async fn attach(
    pool: &Pool,
    content_id: &str,
    name: &str,
    content_type: &str,
    bytes: &[u8],
    now: i64,
) -> Result<String, AppError> {
    let id = crate::crypto::random_hex(16);
    sqlx::query("INSERT INTO content_attachments (id, content_id, name, content_type, size, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(&id)
        .bind(content_id)
        .bind(name)
        .bind(content_type)
        .bind(bytes.len() as i64)
        .bind(bytes)
        .bind(now)
        .execute(pool)
        .await?;
    sqlx::query("UPDATE content SET updated_at = $2 WHERE id = $1")
        .bind(content_id)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(id)
}

pub async fn detach(pool: &Pool, content_id: &str, id: &str, now: i64) -> Result<bool, AppError> {
    let done = sqlx::query("DELETE FROM content_attachments WHERE id = $1 AND content_id = $2")
        .bind(id)
        .bind(content_id)
        .execute(pool)
        .await?;
    sqlx::query("UPDATE content SET updated_at = $2 WHERE id = $1")
        .bind(content_id)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A file for download, when its item is visible to citizens now (or `any` for editors).
pub async fn file(
    pool: &Pool,
    id: &str,
    now: i64,
    any: bool,
) -> Result<Option<(String, String, Vec<u8>)>, AppError> {
    let row = sqlx::query(
        "SELECT a.name, a.content_type, a.bytes, c.status, c.publish_at FROM content_attachments a JOIN content c ON c.id = a.content_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status: String = row.try_get(3)?;
    let publish_at: Option<i64> = row.try_get(4)?;
    let visible = status == "published" && publish_at.is_some_and(|p| p <= now);
    if !(any || visible) {
        return Ok(None);
    }
    Ok(Some((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_formatting_and_drops_script() {
        let html = markdown(
            "# 標題\n\n**粗體** [連結](/services) [壞](javascript:alert(1))\n\n<script>alert(1)</script>",
        );
        assert!(html.contains("<h1>標題</h1>") && html.contains("<strong>粗體</strong>"));
        assert!(html.contains(r#"href="/services""#));
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    }

    #[test]
    fn plain_text_reads_like_the_page() {
        assert_eq!(
            plain_text("# 標題\n\n第一段 **粗體**。\n\n- 一\n- 二"),
            "標題 第一段 粗體 。 一 二"
        );
    }
}
