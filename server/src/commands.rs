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
portal last-mail ADDRESS        print the newest mail queued for ADDRESS (status, subject, body)
portal rotate-data-key FILE     re-seal all personal data under the new data key in FILE (64 hex
                                digits; make one with: openssl rand -hex 32), all or nothing. Stop
                                every instance first; afterwards point PORTAL_DATA_KEY_FILE (or
                                PORTAL_DATA_KEY) at the new key and start them again
portal create-staff USER ROLE [NAME]
                                create a staff account (ROLE: clerk, supervisor, editor, admin);
                                the password is read from the first line of standard input, e.g.
                                read -rs PW && printf '%s\n' \"$PW\" | portal create-staff amy admin 林美
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

/// Prints the newest mail queued for an address: its status, subject and body (an operator
/// checking why a citizen's code or confirmation did not arrive).
pub async fn last_mail(settings: &Settings, address: &str) -> anyhow::Result<()> {
    let (pool, engine) = db::connect(&settings.database_url, 2).await?;
    db::migrate(&pool, engine).await?;
    let key = db::open_data_key(settings, engine, &pool).await?;
    let found = app::notify::ssr::latest_to(&pool, &key, address)
        .await
        .map_err(|e| anyhow::anyhow!("reading the outbox: {e}"))?;
    pool.close().await;
    match found {
        Some((status, subject, body)) => {
            println!("status: {status}\nsubject: {subject}\n\n{body}");
            Ok(())
        }
        None => anyhow::bail!("no mail for {address} in the outbox"),
    }
}

/// Re-seals the stored personal data under a new data key.
pub async fn rotate_data_key(settings: &Settings, new_key_file: &str) -> anyhow::Result<()> {
    if settings.data_key.is_none() && !settings.data_key_file.exists() {
        anyhow::bail!(
            "no current data key: set PORTAL_DATA_KEY or PORTAL_DATA_KEY_FILE to the key the data is sealed with"
        );
    }
    let text =
        std::fs::read_to_string(new_key_file).with_context(|| format!("reading {new_key_file}"))?;
    let new = app::crypto::DataKey::parse(&text)
        .with_context(|| format!("the new data key in {new_key_file}"))?;
    let (pool, engine) = db::connect(&settings.database_url, 2).await?;
    db::migrate(&pool, engine).await?;
    let old = db::open_data_key(settings, engine, &pool).await?;
    let done = app::lifecycle::rekey(&pool, &old, &new)
        .await
        .map_err(|e| anyhow::anyhow!("nothing was changed: {e}"))?;
    pool.close().await;
    for (table, rows) in &done.rows {
        println!("{table}: {rows} row(s) re-sealed");
    }
    println!(
        "done: running instances now answer 503 until restarted; start them with PORTAL_DATA_KEY_FILE={new_key_file} (keep the old key until you have checked it)"
    );
    Ok(())
}

/// Creates a staff account, the password read from standard input (never from arguments, which
/// other users of the machine can see).
pub async fn create_staff(
    settings: &Settings,
    username: &str,
    role: &str,
    display_name: Option<&str>,
) -> anyhow::Result<()> {
    let username = username.trim().to_lowercase();
    if !app::staff::ssr::valid_username(&username) {
        anyhow::bail!(
            "a user name is 3 to 32 lower-case letters, digits, dots, dashes or underscores"
        );
    }
    let Some(role) = app::staff::Role::from_code(role) else {
        anyhow::bail!("ROLE must be clerk, supervisor, editor or admin, not {role:?}");
    };
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .context("reading the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']);
    if let Some(problem) = app::staff::password_problem(password, &username, app::i18n::Lang::En) {
        anyhow::bail!("{problem}");
    }
    let (pool, engine) = db::connect(&settings.database_url, 2).await?;
    db::migrate(&pool, engine).await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match app::staff::ssr::create(
        &pool,
        &username,
        display_name.unwrap_or(&username),
        role,
        password,
        now,
    )
    .await
    {
        Ok(_) => println!("created {username} ({})", role.code()),
        Err(app::error::AppError::Conflict) => anyhow::bail!("the user name {username} is taken"),
        Err(e) => anyhow::bail!("creating the account: {e}"),
    }
    pool.close().await;
    Ok(())
}
