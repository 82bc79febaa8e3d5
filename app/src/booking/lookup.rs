//! Looking a booking up with its reference and the ID number, and cancelling it: what the
//! server hands the page to render.

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupBooking {
    pub reference: String,
    pub service: L10n,
    pub place: L10n,
    pub day: Date,
    pub starts: u16,
    pub ends: u16,
    pub active: bool,
    pub masked_id: String,
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
}
