//! `portal`: the household registration office's citizen portal.

use server::{commands, config::Settings, startup::Application, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    telemetry::init(&settings.log_format);
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await
        }
        ["import-calendar", file] => commands::import_calendar(&settings, file).await,
        ["rotate-data-key", file] => commands::rotate_data_key(&settings, file).await,
        ["last-mail", address] => commands::last_mail(&settings, address).await,
        ["create-staff", user, role] => commands::create_staff(&settings, user, role, None).await,
        ["create-staff", user, role, name] => {
            commands::create_staff(&settings, user, role, Some(name)).await
        }
        ["help" | "--help" | "-h"] => {
            println!("{}", commands::USAGE);
            Ok(())
        }
        _ => anyhow::bail!("unknown arguments {args:?}\n\n{}", commands::USAGE),
    }
}
