//! `portal`: the household registration office's citizen portal.

use server::{config::Settings, startup::Application, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    telemetry::init(&settings.log_format);
    let app = Application::build(settings).await?;
    app.run_until_stopped().await
}
