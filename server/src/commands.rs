//! The `portal` subcommands an administrator runs beside the server.

use crate::config::Settings;
use crate::db;
use anyhow::Context;

pub const USAGE: &str = "\
portal                          run the portal (settings from the environment, see portal.env.example)
portal import-calendar FILE     import holidays and make-up working days from a CSV file: the
                                portal's own format (date,kind,name_zh,name_en,hours_of) or the
                                government's 政府行政機關辦公日曆表 (西元日期,星期,是否放假,備註);
                                replaces the stored special days of the years the file covers
portal help                     show this text";

/// Imports a calendar file; prints what was stored, or every bad line.
pub async fn import_calendar(settings: &Settings, path: &str) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let calendar = match app::calendar::ssr::parse_csv(&text) {
        Ok(calendar) => calendar,
        Err(errors) => {
            for error in &errors {
                eprintln!("{path}: {error}");
            }
            anyhow::bail!(
                "{path}: {} line(s) could not be read; nothing was imported",
                errors.len()
            );
        }
    };
    let (pool, engine) = db::connect(&settings.database_url, 2).await?;
    db::migrate(&pool, engine).await?;
    app::calendar::ssr::store(&pool, &calendar)
        .await
        .map_err(|e| anyhow::anyhow!("storing the calendar: {e}"))?;
    let holidays = calendar
        .days
        .values()
        .filter(|d| matches!(d, app::calendar::SpecialDay::Holiday(_)))
        .count();
    println!(
        "imported {} special days ({holidays} holidays, {} make-up working days)",
        calendar.days.len(),
        calendar.days.len() - holidays
    );
    pool.close().await;
    Ok(())
}
