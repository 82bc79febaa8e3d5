//! The `portal` server: configuration, startup, plain HTTP routes, migrations.

// The page views' types are deep; building this crate's tests alone needs the same room as app.
#![recursion_limit = "256"]

pub mod commands;
pub mod config;
pub mod db;
pub mod http;
pub mod jobs;
pub mod startup;
pub mod telemetry;
