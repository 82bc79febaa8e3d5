//! Integration tests: each starts the real application on port 0 with a fresh database and
//! talks HTTP to it, on SQLite and on PostgreSQL.

mod helpers;

mod apply;
mod book_flow;
mod booking;
mod calendar;
mod cases;
mod content;
mod data_key;
mod forms;
mod fuzz;
mod headers;
mod health;
mod lifecycle;
mod lookup;
mod mail;
mod mailbox;
mod opendata;
mod prefs;
mod race;
mod restart;
mod safety;
mod shell;
mod staff;
mod suggestions;
mod survey;
