//! Background jobs that run beside the HTTP server.

pub mod mailer;
pub mod retention;
pub mod statistics;
