//! Settings: defaults in code, overridden by environment variables. Every variable is
//! documented in `portal.env.example`; secrets are never printed.

use crate::http::limits::{Budget, Budgets};
use anyhow::{Context, bail};
use leptos::config::LeptosOptions;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone)]
pub struct Settings {
    /// `sqlite://…` (default `sqlite://data/portal.db?mode=rwc`) or `postgres://…`.
    pub database_url: String,
    pub db_max_connections: u32,
    /// Where the site's assets are and where to listen (`LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`).
    pub leptos: LeptosOptions,
    /// An office file to load into an empty database; `None` loads the shipped sample office.
    pub office_file: Option<PathBuf>,
    /// The services file; `None` uses the shipped sample services.
    pub services_file: Option<PathBuf>,
    /// Whether sample content may be loaded. Off, an office file is required.
    pub sample_content: bool,
    /// Served over HTTPS: cookies get `Secure`, responses get HSTS.
    pub secure_cookies: bool,
    pub log_format: LogFormat,
    /// How long a loaded office stays cached before it is read again (several instances see an
    /// edit within this time).
    pub office_cache_seconds: u64,
    /// The data key that seals personal data (64 hex digits or base64). Never printed.
    pub data_key: Option<String>,
    /// Where the data key is kept when not given inline; made on first start for SQLite.
    pub data_key_file: PathBuf,
    /// The SMTP server mail goes out through, e.g. `smtps://user:password@mail.example:465` or
    /// `smtp://127.0.0.1:25`; unset, mail waits in the outbox.
    pub smtp_url: Option<String>,
    /// The From address of the office's mail.
    pub mail_from: String,
    /// The reverse proxies (`PORTAL_TRUSTED_PROXIES`, networks) whose X-Forwarded-For is read.
    pub trusted_proxies: crate::http::client::Networks,
    /// Addresses of kiosks that take tickets without being enrolled (`PORTAL_KIOSK_ADDRESSES`).
    pub kiosk_addresses: crate::http::client::Networks,
    /// The site's public address (`https://…`), for absolute links in feeds and sitemap.xml;
    /// unset, the request's Host is used.
    pub public_url: Option<String>,
    /// Without a public URL, the Host names (`PORTAL_ALLOWED_HOSTS`) absolute links may use.
    pub allowed_hosts: Vec<String>,
    /// What one client may do in a window, shared by every instance.
    pub budgets: crate::http::limits::Budgets,
    /// Active bookings one phone number, e-mail address or client may hold on one day.
    pub bookings_per_contact_per_day: u32,
    /// Bookings one client may make in a day before each further one needs the challenge.
    pub challenge_after: u32,
    /// Bookings for one day in the last hour after which every booking for it needs the
    /// challenge (a day being booked out fast).
    pub challenge_day_after: u32,
    /// Days the audit log (who opened or changed what) is kept; 0 keeps it forever.
    pub audit_retention_days: u32,
    /// How often each instance checks that its data key is still the installation's.
    pub key_check_seconds: u64,
    /// Days that bookings (after their day), finished applications and sent mail are kept
    /// before the retention job deletes them; 0 keeps them forever.
    pub retention_days: u32,
    /// A CJK TrueType font for the PDF forms (`PORTAL_PDF_FONT`); unset, Debian's usual places
    /// are searched (fonts-arphic-uming first).
    pub pdf_font: Option<PathBuf>,
    /// The opinion mailbox's categories and reply times (`PORTAL_PETITIONS_FILE`, TOML as
    /// `server/sample/petitions.toml`); unset, the sample's.
    pub petitions_file: Option<PathBuf>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("site_addr", &self.leptos.site_addr)
            .field("site_root", &self.leptos.site_root)
            .field("office_file", &self.office_file)
            .field("sample_content", &self.sample_content)
            .field("secure_cookies", &self.secure_cookies)
            .field("data_key", &self.data_key.as_ref().map(|_| "***"))
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .finish_non_exhaustive()
    }
}

/// A database URL with its password hidden, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/portal.db?mode=rwc";

impl Settings {
    pub fn from_env() -> anyhow::Result<Settings> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads settings through `lookup`, so tests can give their own environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Settings> {
        let output_name = lookup("LEPTOS_OUTPUT_NAME")
            .or_else(|| option_env!("LEPTOS_OUTPUT_NAME").map(String::from))
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "portal".into());
        let env = match lookup("LEPTOS_ENV")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("dev" | "development") => leptos::config::Env::DEV,
            _ => leptos::config::Env::PROD,
        };
        let site_addr: std::net::SocketAddr = lookup("LEPTOS_SITE_ADDR")
            .as_deref()
            .unwrap_or("127.0.0.1:3000")
            .parse()
            .context("LEPTOS_SITE_ADDR must be an address and port such as 127.0.0.1:3000")?;
        // cargo-leptos writes hash.txt beside the binary when it hashes asset names; leptos
        // panics when told to use hashes that are not there, so follow the file unless told.
        let hash_files = match lookup("LEPTOS_HASH_FILES").as_deref() {
            Some("true") => true,
            Some("false") => false,
            Some(other) => bail!("LEPTOS_HASH_FILES must be true or false, not {other:?}"),
            None => std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
                .is_some_and(|path| path.exists()),
        };
        let leptos = LeptosOptions::builder()
            .output_name(output_name)
            .site_root(lookup("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()))
            .site_pkg_dir(lookup("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".into()))
            .env(env)
            .site_addr(site_addr)
            .hash_files(hash_files)
            .build();
        let flag = |key: &str, default: bool| -> anyhow::Result<bool> {
            match lookup(key).as_deref().map(str::trim) {
                None | Some("") => Ok(default),
                Some("1" | "true" | "yes" | "on") => Ok(true),
                Some("0" | "false" | "no" | "off") => Ok(false),
                Some(other) => bail!("{key} must be true or false, not {other:?}"),
            }
        };
        let number = |key: &str, default: u64| -> anyhow::Result<u64> {
            lookup(key)
                .map(|v| {
                    v.trim()
                        .parse()
                        .with_context(|| format!("{key} must be a number"))
                })
                .transpose()
                .map(|v| v.unwrap_or(default))
        };
        let settings = Settings {
            database_url: lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            db_max_connections: u32::try_from(number("PORTAL_DB_MAX_CONNECTIONS", 10)?)
                .context("PORTAL_DB_MAX_CONNECTIONS")?,
            leptos,
            office_file: lookup("PORTAL_OFFICE_FILE")
                .filter(|v| !v.trim().is_empty())
                .map(PathBuf::from),
            services_file: lookup("PORTAL_SERVICES_FILE")
                .filter(|v| !v.trim().is_empty())
                .map(PathBuf::from),
            sample_content: flag("PORTAL_SAMPLE_CONTENT", true)?,
            secure_cookies: flag("PORTAL_SECURE_COOKIES", false)?,
            log_format: match lookup("PORTAL_LOG_FORMAT").as_deref() {
                None | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(other) => bail!("PORTAL_LOG_FORMAT must be text or json, not {other:?}"),
            },
            office_cache_seconds: number("PORTAL_OFFICE_CACHE_SECONDS", 10)?,
            data_key: lookup("PORTAL_DATA_KEY").filter(|v| !v.trim().is_empty()),
            data_key_file: lookup("PORTAL_DATA_KEY_FILE")
                .filter(|v| !v.trim().is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data/portal.key")),
            smtp_url: lookup("PORTAL_SMTP_URL").filter(|v| !v.trim().is_empty()),
            trusted_proxies: crate::http::client::Networks::parse(
                &lookup("PORTAL_TRUSTED_PROXIES").unwrap_or_default(),
            )
            .map_err(|e| anyhow::anyhow!("PORTAL_TRUSTED_PROXIES: {e}"))?,
            kiosk_addresses: crate::http::client::Networks::parse(
                &lookup("PORTAL_KIOSK_ADDRESSES").unwrap_or_default(),
            )
            .map_err(|e| anyhow::anyhow!("PORTAL_KIOSK_ADDRESSES: {e}"))?,
            public_url: lookup("PORTAL_PUBLIC_URL").filter(|v| !v.trim().is_empty()),
            allowed_hosts: lookup("PORTAL_ALLOWED_HOSTS")
                .unwrap_or_default()
                .split([',', ' '])
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .map(str::to_string)
                .collect(),
            budgets: {
                let budget = |key: &str, default: u64, window_seconds: i64| {
                    anyhow::Ok(Budget {
                        max: u32::try_from(number(key, default)?)
                            .with_context(|| format!("{key} is too large"))?,
                        window_seconds,
                    })
                };
                Budgets {
                    lookup: budget("PORTAL_LOOKUPS_PER_10_MINUTES", 10, 600)?,
                    sign_in: budget("PORTAL_SIGN_INS_PER_10_MINUTES", 30, 600)?,
                    submission: budget("PORTAL_SUBMISSIONS_PER_10_MINUTES", 20, 600)?,
                    start: budget("PORTAL_STARTS_PER_10_MINUTES", 30, 600)?,
                    confirmation: budget("PORTAL_CONFIRMATIONS_PER_HOUR", 10, 3600)?,
                    ticket: budget("PORTAL_TICKETS_PER_10_MINUTES", 60, 600)?,
                    post: budget("PORTAL_POSTS_PER_10_MINUTES", 300, 600)?,
                }
            },
            bookings_per_contact_per_day: u32::try_from(number(
                "PORTAL_BOOKINGS_PER_CONTACT_PER_DAY",
                4,
            )?)
            .context("PORTAL_BOOKINGS_PER_CONTACT_PER_DAY is too large")?,
            challenge_after: u32::try_from(number("PORTAL_CHALLENGE_AFTER", 1)?)
                .context("PORTAL_CHALLENGE_AFTER is too large")?,
            challenge_day_after: u32::try_from(number("PORTAL_CHALLENGE_DAY_AFTER", 2)?)
                .context("PORTAL_CHALLENGE_DAY_AFTER is too large")?,
            retention_days: u32::try_from(number("PORTAL_RETENTION_DAYS", 365)?)
                .ok()
                .filter(|days| *days <= 36_500)
                .context("PORTAL_RETENTION_DAYS must be at most 36500 (a hundred years)")?,
            audit_retention_days: u32::try_from(number("PORTAL_AUDIT_RETENTION_DAYS", 1825)?)
                .ok()
                .filter(|days| *days <= 36_500)
                .context("PORTAL_AUDIT_RETENTION_DAYS must be at most 36500 (a hundred years)")?,
            key_check_seconds: number("PORTAL_KEY_CHECK_SECONDS", 10)?,
            petitions_file: lookup("PORTAL_PETITIONS_FILE")
                .filter(|v| !v.trim().is_empty())
                .map(PathBuf::from),
            pdf_font: lookup("PORTAL_PDF_FONT")
                .filter(|v| !v.trim().is_empty())
                .map(PathBuf::from),
            mail_from: lookup("PORTAL_MAIL_FROM")
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| "戶政事務所 <no-reply@example.gov.tw>".into()),
        };
        if flag("PORTAL_TRUST_FORWARDED_FOR", false)? {
            bail!(
                "PORTAL_TRUST_FORWARDED_FOR is replaced by PORTAL_TRUSTED_PROXIES: list the \
                 addresses of your reverse proxies (such as 127.0.0.1 or 10.0.0.0/24), and \
                 X-Forwarded-For is read only from them"
            );
        }
        if !settings.sample_content && settings.office_file.is_none() {
            bail!(
                "PORTAL_SAMPLE_CONTENT is off, so the sample office is not loaded: \
                 set PORTAL_OFFICE_FILE to your office's file (see server/sample/office.toml)"
            );
        }
        if !settings.sample_content && settings.services_file.is_none() {
            bail!(
                "PORTAL_SAMPLE_CONTENT is off, so the sample services are not used: \
                 set PORTAL_SERVICES_FILE to your office's file (see server/sample/services.toml)"
            );
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|key| env.get(key).cloned())
    }

    #[test]
    fn defaults_give_the_sqlite_file_and_the_sample_office() -> anyhow::Result<()> {
        let s = settings(&[])?;
        assert_eq!(s.database_url, DEFAULT_DATABASE_URL);
        assert!(s.sample_content);
        assert!(s.office_file.is_none());
        assert!(!s.secure_cookies);
        Ok(())
    }

    #[test]
    fn turning_sample_content_off_requires_an_office_file() {
        let err = settings(&[("PORTAL_SAMPLE_CONTENT", "false")]).err();
        assert!(err.is_some_and(|e| e.to_string().contains("PORTAL_OFFICE_FILE")));
        assert!(
            settings(&[
                ("PORTAL_SAMPLE_CONTENT", "false"),
                ("PORTAL_OFFICE_FILE", "/x.toml")
            ])
            .is_err_and(|e| e.to_string().contains("PORTAL_SERVICES_FILE"))
        );
        assert!(
            settings(&[
                ("PORTAL_SAMPLE_CONTENT", "false"),
                ("PORTAL_OFFICE_FILE", "/x.toml"),
                ("PORTAL_SERVICES_FILE", "/y.toml"),
            ])
            .is_ok()
        );
    }

    #[test]
    fn keeping_times_past_a_hundred_years_are_refused_not_a_panic() {
        assert!(settings(&[("PORTAL_RETENTION_DAYS", "36500")]).is_ok());
        assert!(settings(&[("PORTAL_RETENTION_DAYS", "99999999999")]).is_err());
        assert!(settings(&[("PORTAL_AUDIT_RETENTION_DAYS", "4294967295")]).is_err());
    }

    #[test]
    fn the_old_forwarded_for_switch_says_what_replaced_it() {
        let error = settings(&[("PORTAL_TRUST_FORWARDED_FOR", "true")]).err();
        assert!(error.is_some_and(|e| e.to_string().contains("PORTAL_TRUSTED_PROXIES")));
        assert!(settings(&[("PORTAL_TRUSTED_PROXIES", "10.0.0.0/8, ::1")]).is_ok());
        assert!(settings(&[("PORTAL_TRUSTED_PROXIES", "proxy.local")]).is_err());
    }

    #[test]
    fn a_misspelt_flag_is_an_error_not_a_silent_default() {
        assert!(settings(&[("PORTAL_SECURE_COOKIES", "ture")]).is_err());
        assert!(settings(&[("LEPTOS_SITE_ADDR", "nowhere")]).is_err());
    }

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://portal:s3cret@db.internal:5432/portal"),
            "postgres://portal:***@db.internal:5432/portal"
        );
        assert_eq!(
            redact_url("sqlite://data/portal.db"),
            "sqlite://data/portal.db"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
    }
}
