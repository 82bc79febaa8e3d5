//! Appointments and online applications: the booking rules and the slots they are made in.
//! (The citizen pages, storage and mail of the appointments issue build on these.)

pub mod challenge;
pub mod flow;
pub mod ics;
pub mod lookup;
pub mod rules;
pub mod slots;

#[cfg(feature = "ssr")]
pub mod ssr;
