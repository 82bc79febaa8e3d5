//! Storing datasets and the versions of their data.

use super::{Dataset, Resource, Table, sample, to_csv};
use crate::db::{Pool, is_unique_violation};
use crate::error::AppError;
use crate::i18n::L10n;
use crate::office::Office;
use sqlx::Row;

const COLUMNS: &str = "d.name, d.grp, d.title_zh, d.title_en, d.notes_zh, d.notes_en, d.fields_zh, d.fields_en, \
     d.contact, d.contact_email, d.frequency_zh, d.frequency_en, d.keywords, d.service_category, d.related_url, \
     d.sample, d.published, d.created_at, d.modified_at, r.id, r.version, r.rows_count, r.uploaded_at, r.size";

/// The current version of each dataset's data, joined to it.
const FROM: &str = "FROM datasets d LEFT JOIN (SELECT id, dataset, version, rows_count, uploaded_at, CAST(LENGTH(csv) AS BIGINT) AS size FROM dataset_resources x \
     WHERE version = (SELECT MAX(version) FROM dataset_resources y WHERE y.dataset = x.dataset)) r ON r.dataset = d.name";

fn dataset_of(row: &sqlx::any::AnyRow) -> Result<Dataset, AppError> {
    let s = |i: usize| row.try_get::<String, _>(i);
    let resource = match row.try_get::<Option<String>, _>(19)? {
        Some(id) => Some(Resource {
            id,
            version: row.try_get(20)?,
            rows: row.try_get(21)?,
            uploaded_at: row.try_get(22)?,
            size: row.try_get(23)?,
        }),
        None => None,
    };
    Ok(Dataset {
        name: s(0)?,
        group: s(1)?,
        title: L10n::new(s(2)?, s(3)?),
        notes: L10n::new(s(4)?, s(5)?),
        fields: L10n::new(s(6)?, s(7)?),
        contact: s(8)?,
        contact_email: s(9)?,
        frequency: L10n::new(s(10)?, s(11)?),
        keywords: s(12)?
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(String::from)
            .collect(),
        service_category: s(13)?,
        related_url: s(14)?,
        sample: row.try_get::<i64, _>(15)? != 0,
        published: row.try_get::<i64, _>(16)? != 0,
        created_at: row.try_get(17)?,
        modified_at: row.try_get(18)?,
        resource,
    })
}

/// Every dataset (published only unless `all`), by name.
pub async fn list(pool: &Pool, all: bool) -> Result<Vec<Dataset>, AppError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} {FROM} WHERE d.published = 1 OR $1 = 1 ORDER BY d.name"
    )))
    .bind(i64::from(all))
    .fetch_all(pool)
    .await?;
    rows.iter().map(dataset_of).collect()
}

/// One dataset by name (published only unless `any`).
pub async fn get(pool: &Pool, name: &str, any: bool) -> Result<Option<Dataset>, AppError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} {FROM} WHERE d.name = $1 AND (d.published = 1 OR $2 = 1)"
    )))
    .bind(name)
    .bind(i64::from(any))
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(dataset_of).transpose()
}

/// The current CSV of a published dataset.
pub async fn csv(pool: &Pool, name: &str) -> Result<Option<Vec<u8>>, AppError> {
    let row = sqlx::query(
        "SELECT r.csv FROM dataset_resources r JOIN datasets d ON d.name = r.dataset \
         WHERE r.dataset = $1 AND d.published = 1 ORDER BY r.version DESC LIMIT 1",
    )
    .bind(name)
    .fetch_optional(pool)
    .await?;
    row.map(|r| r.try_get(0)).transpose().map_err(Into::into)
}

/// Stores a new version of a dataset's data; its number. Two editors uploading at once both
/// get a version: the second retries with the next number.
pub async fn add_version(
    pool: &Pool,
    name: &str,
    table: &Table,
    by: &str,
    now: i64,
) -> Result<i64, AppError> {
    let csv = to_csv(table).into_bytes();
    for _ in 0..3 {
        let (next,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM dataset_resources WHERE dataset = $1",
        )
        .bind(name)
        .fetch_one(pool)
        .await?;
        let mut tx = pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO dataset_resources (id, dataset, version, csv, rows_count, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(crate::crypto::random_hex(8))
        .bind(name)
        .bind(next)
        .bind(&csv)
        .bind(table.rows.len() as i64)
        .bind(now)
        .bind(by)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {
                sqlx::query("UPDATE datasets SET modified_at = $2 WHERE name = $1")
                    .bind(name)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(next);
            }
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("no free version number"))
}

/// Publishes or withdraws a dataset; false if there is none.
pub async fn set_published(
    pool: &Pool,
    name: &str,
    published: bool,
    now: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE datasets SET published = $2, modified_at = $3 WHERE name = $1")
        .bind(name)
        .bind(i64::from(published))
        .bind(now)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The metadata of a dataset to create.
pub struct NewDataset<'a> {
    pub name: &'a str,
    pub group: &'a str,
    pub title: (&'a str, &'a str),
    pub notes: (&'a str, &'a str),
    pub fields: (&'a str, &'a str),
    pub frequency: (&'a str, &'a str),
    pub keywords: &'a str,
    pub contact: &'a str,
    pub contact_email: &'a str,
    pub related_url: &'a str,
    pub sample: bool,
}

/// Creates a dataset with its first data, in one transaction; false when the name is taken.
pub async fn create_with_data(
    pool: &Pool,
    d: &NewDataset<'_>,
    table: &Table,
    by: &str,
    now: i64,
) -> Result<bool, AppError> {
    let mut tx = pool.begin().await?;
    match insert(&mut tx, d, now).await {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    sqlx::query(
        "INSERT INTO dataset_resources (id, dataset, version, csv, rows_count, uploaded_at, uploaded_by) VALUES ($1, $2, 1, $3, $4, $5, $6)",
    )
    .bind(crate::crypto::random_hex(8))
    .bind(d.name)
    .bind(to_csv(table).into_bytes())
    .bind(table.rows.len() as i64)
    .bind(now)
    .bind(by)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    d: &NewDataset<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO datasets (name, grp, title_zh, title_en, notes_zh, notes_en, fields_zh, fields_en, contact, contact_email, \
         frequency_zh, frequency_en, keywords, service_category, related_url, sample, published, created_at, modified_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '戶政服務', $14, $15, 1, $16, $16)",
    )
    .bind(d.name)
    .bind(d.group)
    .bind(d.title.0)
    .bind(d.title.1)
    .bind(d.notes.0)
    .bind(d.notes.1)
    .bind(d.fields.0)
    .bind(d.fields.1)
    .bind(d.contact)
    .bind(d.contact_email)
    .bind(d.frequency.0)
    .bind(d.frequency.1)
    .bind(d.keywords)
    .bind(d.related_url)
    .bind(i64::from(d.sample))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn create(pool: &Pool, d: &NewDataset<'_>, now: i64) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    insert(&mut tx, d, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Loads the sample datasets into an empty table; true if it did.
pub async fn seed_sample(
    pool: &Pool,
    office: &Office,
    base: &str,
    now: i64,
) -> Result<bool, AppError> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM datasets")
        .fetch_one(pool)
        .await?;
    if count > 0 {
        return Ok(false);
    }
    let monthly = ("每月", "Monthly");
    let contact = "研考人員";
    let email = if office.email.is_empty() {
        "service@example.gov.tw"
    } else {
        office.email.as_str()
    };
    let sets: Vec<(NewDataset, Table)> = vec![
        (
            NewDataset {
                name: "population-by-village",
                group: "plans",
                title: (
                    "各里人口數（按月）（範例）",
                    "Population by village and month (sample)",
                ),
                notes: (
                    "本區各里每月底的戶數及男女人口數。本資料為範例。",
                    "Households and people by sex in each village at the end of each month. Sample data.",
                ),
                fields: (
                    "月份、里別、戶數、男、女、人口數",
                    "Month, village, households, men, women, population",
                ),
                frequency: monthly,
                keywords: "人口,里,戶數,人口統計",
                contact,
                contact_email: email,
                related_url: "/statistics",
                sample: true,
            },
            sample::population(),
        ),
        (
            NewDataset {
                name: "births-monthly",
                group: "plans",
                title: (
                    "出生登記數（按月）（範例）",
                    "Births registered by month (sample)",
                ),
                notes: (
                    "每月出生登記人數，按性別。本資料為範例。",
                    "Births registered each month, by sex. Sample data.",
                ),
                fields: ("月份、出生數、男、女", "Month, births, boys, girls"),
                frequency: monthly,
                keywords: "出生,出生登記,人口統計",
                contact,
                contact_email: email,
                related_url: "/statistics",
                sample: true,
            },
            sample::births(),
        ),
        (
            NewDataset {
                name: "deaths-monthly",
                group: "plans",
                title: (
                    "死亡登記數（按月）（範例）",
                    "Deaths registered by month (sample)",
                ),
                notes: (
                    "每月死亡登記人數，按性別。本資料為範例。",
                    "Deaths registered each month, by sex. Sample data.",
                ),
                fields: ("月份、死亡數、男、女", "Month, deaths, men, women"),
                frequency: monthly,
                keywords: "死亡,死亡登記,人口統計",
                contact,
                contact_email: email,
                related_url: "/statistics",
                sample: true,
            },
            sample::deaths(),
        ),
        (
            NewDataset {
                name: "marriages-monthly",
                group: "plans",
                title: (
                    "結婚登記對數（按月）（範例）",
                    "Marriages registered by month (sample)",
                ),
                notes: (
                    "每月結婚登記對數。本資料為範例。",
                    "Marriages registered each month. Sample data.",
                ),
                fields: ("月份、結婚對數", "Month, marriages"),
                frequency: monthly,
                keywords: "結婚,結婚登記",
                contact,
                contact_email: email,
                related_url: "/statistics",
                sample: true,
            },
            sample::marriages(),
        ),
        (
            NewDataset {
                name: "divorces-monthly",
                group: "plans",
                title: (
                    "離婚登記對數（按月）（範例）",
                    "Divorces registered by month (sample)",
                ),
                notes: (
                    "每月離婚登記對數。本資料為範例。",
                    "Divorces registered each month. Sample data.",
                ),
                fields: ("月份、離婚對數", "Month, divorces"),
                frequency: monthly,
                keywords: "離婚,離婚登記",
                contact,
                contact_email: email,
                related_url: "/statistics",
                sample: true,
            },
            sample::divorces(),
        ),
        (
            NewDataset {
                name: "counters-and-hours",
                group: "organisation",
                title: ("服務地點與服務時間", "Service points and opening hours"),
                notes: (
                    "本所及各便民服務據點的地址、電話與每週服務時間。",
                    "The office's service points with their address, phone and weekly hours.",
                ),
                fields: (
                    "服務地點、地址、電話、星期、開始、結束",
                    "Place, address, phone, weekday, opens, closes",
                ),
                frequency: ("不定期", "When it changes"),
                keywords: "服務時間,服務地點,櫃檯",
                contact,
                contact_email: email,
                related_url: "/hours",
                sample: office.sample,
            },
            sample::counters(office),
        ),
        (
            NewDataset {
                name: "forms-list",
                group: "guidance",
                title: ("申請書表清單", "Application forms"),
                notes: (
                    "本所提供下載的申請書表，含分類、版本日期與下載網址。",
                    "The office's application forms with topic, version and download addresses.",
                ),
                fields: (
                    "書表名稱、分類、版本日期、可線上申請、ODT網址、PDF網址",
                    "Form, topic, version, online, ODT address, PDF address",
                ),
                frequency: ("不定期", "When it changes"),
                keywords: "申請書,書表,ODF",
                contact,
                contact_email: email,
                related_url: "/forms",
                sample: false,
            },
            sample::forms(base),
        ),
        (
            NewDataset {
                name: "petition-statistics",
                group: "petitions",
                title: (
                    "人民陳情案件統計（按月）（範例）",
                    "Petitions and complaints by month (sample)",
                ),
                notes: (
                    "每月受理之陳情、意見反映及申訴件數與如期辦結情形。本資料為範例。",
                    "Petitions, opinions and complaints received each month and how many were answered in time. Sample data.",
                ),
                fields: (
                    "月份、類別、件數、如期辦結、逾期辦結",
                    "Month, category, received, answered in time, answered late",
                ),
                frequency: monthly,
                keywords: "陳情,請願,申訴,意見反映",
                contact,
                contact_email: email,
                related_url: "/disclosure",
                sample: true,
            },
            sample::petitions(),
        ),
    ];
    for (d, table) in &sets {
        create(pool, d, now).await?;
        add_version(pool, d.name, table, "sample", now).await?;
    }
    Ok(true)
}
