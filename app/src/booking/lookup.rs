//! Looking a booking or an application up with its reference and the ID number, and
//! cancelling (withdrawing) it: what the server hands the page to render.

use crate::error::FieldError;
use crate::i18n::L10n;
use time::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupStage {
    /// The form (again, with errors or "not found").
    Form,
    /// The booking, with the way to cancel it.
    Found,
    /// "Are you sure?" — a GET that changes nothing.
    ConfirmCancel,
    /// Done.
    Cancelled,
}

/// What was found: a booked visit, or an online application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Visit {
        place: L10n,
        day: Date,
        starts: u16,
        ends: u16,
    },
    Application {
        /// The status code (`received`, `ready` …).
        status: String,
        submitted: Date,
        due: Date,
        pickup: Option<(L10n, Date)>,
        /// Every step so far, oldest first, with what the citizen was told.
        history: Vec<crate::cases::CaseEvent>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupBooking {
    pub reference: String,
    pub service: L10n,
    pub found: Found,
    /// Can still be changed or cancelled (withdrawn) by the citizen.
    pub active: bool,
    pub masked_id: String,
}

impl LookupBooking {
    pub fn is_application(&self) -> bool {
        matches!(self.found, Found::Application { .. })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupView {
    pub stage: LookupStage,
    /// The reference as typed, to fill the form again.
    pub reference: String,
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
    pub booking: Option<LookupBooking>,
    /// Proof for the cancel pages that the holder looked the booking up (short-lived).
    pub token: Option<String>,
    /// Links to the application's filled-in form (ODT, PDF …), for an application found.
    pub filled_forms: Vec<(crate::paper::Format, String)>,
}
