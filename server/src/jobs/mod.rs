//! Background jobs that run beside the HTTP server.

pub mod holds;
pub mod key_watch;
pub mod mailer;
pub mod retention;
pub mod statistics;
