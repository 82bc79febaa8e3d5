//! One routed page per file.

pub mod about;
pub mod accessibility;
pub mod apply;
pub mod book;
pub mod contact;
pub mod content;
pub mod counters;
pub mod feeds;
pub mod forms;
pub mod home;
pub mod hours;
pub mod lookup;
pub mod mailbox;
pub mod not_found;
pub mod opendata;
pub mod privacy;
pub mod queue;
pub mod search;
pub mod service;
pub mod services;
pub mod sitemap;
pub mod staff;
pub mod suggestions;
pub mod survey;

/// The date the fixed texts (accessibility statement, privacy policy) were last revised.
pub const STATIC_TEXTS_REVISED: time::Date = time::macros::date!(2026 - 11 - 26);
