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

use serde::{Deserialize, Serialize};

/// What a group of bookings has in common: the same phone number, e-mail address or client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HolderKind {
    Phone,
    Email,
    Client,
}

impl HolderKind {
    pub const ALL: [HolderKind; 3] = [HolderKind::Phone, HolderKind::Email, HolderKind::Client];

    pub fn code(self) -> &'static str {
        match self {
            HolderKind::Phone => "phone",
            HolderKind::Email => "email",
            HolderKind::Client => "client",
        }
    }

    pub fn from_code(code: &str) -> Option<HolderKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The bookings column holding this kind's keyed hash.
    pub fn column(self) -> &'static str {
        match self {
            HolderKind::Phone => "phone_hash",
            HolderKind::Email => "email_hash",
            HolderKind::Client => "client_hash",
        }
    }
}

/// Active bookings that share one holder (its keyed hash): each booking's reference and day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolderGroup {
    pub kind: HolderKind,
    pub holder: String,
    pub bookings: Vec<(String, String)>,
}
