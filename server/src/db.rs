//! Connecting to the database, applying each engine's migrations, and loading the office into
//! an empty database on first start.

use anyhow::Context;
use app::db::{Engine, Pool};
use app::error::AppError;
use app::office::ssr::OfficeFile;
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The sample office shipped with the portal (臺中市霧峰區戶政事務所, marked as sample).
pub const SAMPLE_OFFICE: &str = include_str!("../sample/office.toml");

/// A few sample holidays around the present, so the calendar shows on a demo site.
pub const SAMPLE_CALENDAR: &str = include_str!("../sample/calendar.csv");

/// Loads the sample calendar into an empty calendar table, when sample content is on.
pub async fn seed_calendar(pool: &Pool, sample_content: bool) -> anyhow::Result<bool> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM calendar_days")
        .fetch_one(pool)
        .await?;
    if count > 0 || !sample_content {
        return Ok(false);
    }
    let calendar = app::calendar::ssr::parse_csv(SAMPLE_CALENDAR)
        .map_err(|e| anyhow::anyhow!("the sample calendar: {e:?}"))?;
    match app::calendar::ssr::store(pool, &calendar).await {
        Ok(()) => Ok(true),
        Err(AppError::Conflict) => Ok(false),
        Err(e) => Err(anyhow::anyhow!("loading the sample calendar: {e}")),
    }
}

/// The sample services of the office's plan (item 3-3).
pub const SAMPLE_SERVICES: &str = include_str!("../sample/services.toml");
pub const SAMPLE_PETITIONS: &str = include_str!("../sample/petitions.toml");

/// The mailbox's categories and reply times: the given file, or the sample's.
pub fn load_petition_rules(
    file: Option<&std::path::Path>,
) -> anyhow::Result<app::petitions::Rules> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("reading the petitions file {}", path.display()))?,
        None => SAMPLE_PETITIONS.to_string(),
    };
    app::petitions::Rules::parse(&text)
        .map_err(|e| anyhow::anyhow!("the petitions file is not valid: {e}"))
}

/// Reads the services file (or the sample one) into the catalogue the pages show.
pub fn load_services(file: Option<&std::path::Path>) -> anyhow::Result<app::services::Catalogue> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("reading the services file {}", path.display()))?,
        None => SAMPLE_SERVICES.to_string(),
    };
    app::services::ssr::parse(&text)
        .map_err(|e| anyhow::anyhow!("the services file is not valid: {e}"))
}

/// Opens the pool. A SQLite file (and its folder) is created on first start and runs in WAL
/// mode with a busy timeout, so readers never wait for the writer and writers queue.
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<(Pool, Engine)> {
    sqlx::any::install_default_drivers();
    let engine =
        Engine::of_url(url).context("DATABASE_URL must start with sqlite: or postgres://")?;
    let options = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5));
    let options = match engine {
        Engine::Sqlite => {
            if let Some(dir) = sqlite_file(url).and_then(|f| f.parent().map(|p| p.to_path_buf()))
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    Ok(())
                })
            })
        }
        Engine::Postgres => options,
    };
    let pool = options
        .connect(url)
        .await
        .with_context(|| format!("connecting to {}", crate::config::redact_url(url)))?;
    Ok((pool, engine))
}

/// The file of a `sqlite:` URL, or `None` for an in-memory database.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.contains(":memory:")).then(|| path.into())
}

pub async fn migrate(pool: &Pool, engine: Engine) -> anyhow::Result<()> {
    let migrator = match engine {
        Engine::Sqlite => &SQLITE_MIGRATIONS,
        Engine::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.run(pool).await.context("applying migrations")?;
    Ok(())
}

pub const SAMPLE_CONTENT: &str = include_str!("../sample/content.toml");

#[derive(serde::Deserialize)]
struct ContentFile {
    synonyms: Vec<String>,
    items: Vec<ContentEntry>,
}

#[derive(serde::Deserialize)]
struct ContentEntry {
    kind: String,
    slug: String,
    section: String,
    #[serde(default)]
    days_ago: i64,
    title_zh: String,
    title_en: String,
    body_zh: String,
    body_en: String,
}

/// Loads the sample content (and the synonyms) into an empty content table, when sample content
/// is on; the 戶政資訊 page of each registration item is made from the services file.
pub async fn seed_content(
    pool: &Pool,
    services: &app::services::Catalogue,
    sample_content: bool,
) -> anyhow::Result<bool> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM content")
        .fetch_one(pool)
        .await?;
    if count > 0 || !sample_content {
        return Ok(false);
    }
    let file: ContentFile = toml::from_str(SAMPLE_CONTENT).context("the sample content file")?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let save = |kind: app::content::Kind,
                slug: String,
                section: String,
                title: app::i18n::L10n,
                body: app::i18n::L10n,
                at: i64| async move {
        let draft = app::content::ssr::Draft {
            kind,
            slug: &slug,
            section: &section,
            title: &title,
            body: &body,
            status: "published",
            publish_at: Some(at),
        };
        app::content::ssr::save(pool, None, &draft, None, true, now).await
    };
    for entry in file.items {
        let kind = app::content::Kind::from_code(&entry.kind)
            .ok_or_else(|| anyhow::anyhow!("sample content: unknown kind {}", entry.kind))?;
        match save(
            kind,
            entry.slug,
            entry.section,
            app::i18n::L10n::new(entry.title_zh, entry.title_en),
            app::i18n::L10n::new(entry.body_zh.trim(), entry.body_en.trim()),
            now - entry.days_ago * 86_400,
        )
        .await
        {
            Ok(_) => {}
            // Another instance seeding at the same moment: it wins, this one stops.
            Err(AppError::Conflict) => return Ok(false),
            Err(e) => anyhow::bail!("loading sample content: {e}"),
        }
    }
    if let Some(visit) = services.service("registration-visit") {
        for item in &visit.items {
            let list = |lang: app::i18n::Lang| {
                item.bring
                    .get(lang)
                    .iter()
                    .map(|b| format!("- {b}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let body = |lang: app::i18n::Lang, bring: &str, fees: &str, limit: &str, book: &str| {
                let mut text = format!("## {bring}\n\n{}\n", list(lang));
                if !item.fees.get(lang).is_empty() {
                    text.push_str(&format!("\n## {fees}\n\n{}\n", item.fees.get(lang)));
                }
                if !item.limit.get(lang).is_empty() {
                    text.push_str(&format!("\n## {limit}\n\n{}\n", item.limit.get(lang)));
                }
                if !item.note.get(lang).is_empty() {
                    text.push_str(&format!("\n{}\n", item.note.get(lang)));
                }
                text.push_str(&format!("\n[{book}](/services/registration-visit)\n"));
                text
            };
            let result = save(
                app::content::Kind::Page,
                item.code.clone(),
                "registration-info".into(),
                item.name.clone(),
                app::i18n::L10n::new(
                    body(
                        app::i18n::Lang::ZhTw,
                        "應備文件",
                        "規費",
                        "申請期限",
                        "網路預約辦理",
                    ),
                    body(
                        app::i18n::Lang::En,
                        "What to bring",
                        "Fees",
                        "Time limit",
                        "Book a visit online",
                    ),
                ),
                now - 30 * 86_400,
            )
            .await;
            if let Err(e) = result {
                anyhow::bail!("loading the registration pages: {e}");
            }
        }
    }
    let lines: Vec<String> = file.synonyms;
    app::content::ssr::set_synonyms(pool, &lines)
        .await
        .map_err(|e| anyhow::anyhow!("loading synonyms: {e}"))?;
    Ok(true)
}

/// The queue's calling rules from the office file (or the sample), read at every start.
pub fn load_call_rules(
    office_file: Option<&std::path::Path>,
) -> anyhow::Result<app::queue::CallRules> {
    let text = match office_file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("reading the office file {}", path.display()))?,
        None => SAMPLE_OFFICE.to_string(),
    };
    let file = OfficeFile::parse(&text)
        .map_err(|e| anyhow::anyhow!("the office file is not valid: {e}"))?;
    file.calling
        .unwrap_or_default()
        .rules()
        .map_err(|e| anyhow::anyhow!("the office file's [calling] table: {e}"))
}

/// Loads the office into an empty database. Several instances starting together on one
/// PostgreSQL database race here; the office's primary key lets exactly one of them win.
pub async fn seed_office(
    pool: &Pool,
    office_file: Option<&std::path::Path>,
) -> anyhow::Result<bool> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM office")
        .fetch_one(pool)
        .await?;
    if count > 0 {
        return Ok(false);
    }
    let text = match office_file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("reading the office file {}", path.display()))?,
        None => SAMPLE_OFFICE.to_string(),
    };
    let file = OfficeFile::parse(&text)
        .map_err(|e| anyhow::anyhow!("the office file is not valid: {e}"))?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match file.insert(pool, now).await {
        Ok(()) => Ok(true),
        Err(AppError::Conflict) => Ok(false),
        Err(e) => Err(anyhow::anyhow!("loading the office: {e}")),
    }
}

/// The same PostgreSQL URL naming another database (keeping any `?host=…` and other options).
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let server = base.rsplit_once('/').map(|(s, _)| s).unwrap_or(base);
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

/// The data key: `PORTAL_DATA_KEY`, else the key file. On SQLite a missing key file is made
/// (mode 0600) on first start; with PostgreSQL every instance must share one key, so it must be
/// given rather than made.
pub fn data_key(
    settings: &crate::config::Settings,
    engine: Engine,
) -> anyhow::Result<app::crypto::DataKey> {
    use app::crypto::DataKey;
    if let Some(text) = &settings.data_key {
        return DataKey::parse(text).context("PORTAL_DATA_KEY");
    }
    let path = &settings.data_key_file;
    if path.exists() {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        return DataKey::parse(&text)
            .with_context(|| format!("the data key in {}", path.display()));
    }
    if engine == Engine::Postgres {
        anyhow::bail!(
            "no data key: set PORTAL_DATA_KEY (64 hex digits, the same on every instance) or \
             PORTAL_DATA_KEY_FILE; generate one with: openssl rand -hex 32"
        );
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let hex = DataKey::generate_hex();
    write_private(path, &hex).with_context(|| format!("writing {}", path.display()))?;
    tracing::warn!(
        path = %path.display(),
        "made a new data key for personal data; back it up with the database (without it the data cannot be read)"
    );
    DataKey::parse(&hex).context("the new data key")
}

/// The data key for this database: read (or, on a first SQLite start, made) as `data_key`
/// does, then checked against the check value stored in the database. An instance whose key
/// is not the one the data was sealed with refuses to start, and no new key file is made for
/// a database that already holds sealed data (a mistyped path would otherwise lose it all).
pub async fn open_data_key(
    settings: &crate::config::Settings,
    engine: Engine,
    pool: &Pool,
) -> anyhow::Result<app::crypto::DataKey> {
    use app::lifecycle;
    let internal = |e: app::error::AppError| anyhow::anyhow!("reading the data key's check: {e}");
    let stored = lifecycle::stored_key_check(pool).await.map_err(internal)?;
    let sealed = lifecycle::holds_sealed_data(pool).await.map_err(internal)?;
    if settings.data_key.is_none()
        && !settings.data_key_file.exists()
        && (stored.is_some() || sealed)
    {
        anyhow::bail!(
            "no data key at {}, but this database holds personal data sealed with one: \
             restore the key file from your backup (or point PORTAL_DATA_KEY_FILE at it); \
             a new key would make that data unreadable",
            settings.data_key_file.display()
        );
    }
    let key = data_key(settings, engine)?;
    match stored {
        Some(check) if check == key.check_value() => {}
        Some(_) => anyhow::bail!(
            "the data key given (PORTAL_DATA_KEY or {}) is not the key this database's personal \
             data is sealed with: start every instance with the same key, or, after \
             `portal rotate-data-key`, with the new one",
            settings.data_key_file.display()
        ),
        None => {
            // A database from before check values: the key must open what is sealed.
            if let Some(sample) = lifecycle::some_sealed_value(pool).await.map_err(internal)?
                && key.open(&sample).is_err()
            {
                anyhow::bail!(
                    "the data key given does not open the personal data in this database: \
                     start with the key it was sealed with"
                );
            }
            if lifecycle::record_key_check(pool, &key)
                .await
                .map_err(internal)?
            {
                tracing::info!("recorded the data key's check value in the database");
            }
        }
    }
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file;

    #[test]
    fn another_database_on_the_same_server_keeps_the_options() {
        use super::with_database;
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database(
                "postgres://me@localhost/postgres?host=/var/run/postgresql",
                "x"
            ),
            "postgres://me@localhost/x?host=/var/run/postgresql"
        );
    }

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_file("sqlite://data/portal.db?mode=rwc"),
            Some("data/portal.db".into())
        );
        assert_eq!(
            sqlite_file("sqlite:///var/lib/portal.db"),
            Some("/var/lib/portal.db".into())
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }
}
