//! The `portal` server: configuration, startup, plain HTTP routes, migrations.

pub mod commands;
pub mod config;
pub mod db;
pub mod http;
pub mod jobs;
pub mod startup;
pub mod telemetry;
