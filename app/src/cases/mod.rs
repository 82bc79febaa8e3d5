//! Cases: online applications as the counters work them, with their states (received →
//! processing → ready → collected or closed, "documents missing" on the side), the deadline
//! of each (辦理期限) and the flags for near-due and overdue cases. State changes send the
//! 三通 steps 2 (事中) and 3 (事後) mails; the citizen's lookup page shows the same history.

use crate::calendar::Calendar;
use crate::i18n::{L10n, Lang};
use time::Date;

#[cfg(feature = "ssr")]
pub mod ssr;

/// The states a case may move to from `status`.
pub fn next_states(status: &str) -> &'static [&'static str] {
    match status {
        "received" => &["processing", "missing_documents", "ready", "closed"],
        "processing" => &["missing_documents", "ready", "closed"],
        "missing_documents" => &["processing", "closed"],
        "ready" => &["collected", "closed"],
        _ => &[],
    }
}

/// Which 三通 step a state change is, if the citizen is told of it: 2 (during) or 3 (after).
pub fn notify_step(to: &str) -> Option<u8> {
    match to {
        "processing" | "missing_documents" => Some(2),
        "ready" | "closed" => Some(3),
        _ => None,
    }
}

/// Whether a case is still the office's to finish.
pub fn is_open(status: &str) -> bool {
    matches!(status, "received" | "processing" | "missing_documents")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// Past its deadline and not done.
    Overdue,
    /// Due today or on the next working day.
    NearDue,
}

impl Flag {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Flag::Overdue, Lang::ZhTw) => "逾期",
            (Flag::Overdue, Lang::En) => "Overdue",
            (Flag::NearDue, Lang::ZhTw) => "即將到期",
            (Flag::NearDue, Lang::En) => "Due soon",
        }
    }
}

/// The flag of an open case due on `due`, seen on `today`.
pub fn flag(calendar: &Calendar, status: &str, due: Date, today: Date) -> Option<Flag> {
    if !is_open(status) {
        return None;
    }
    if due < today {
        Some(Flag::Overdue)
    } else if due <= calendar.add_working_days(today, 1) {
        Some(Flag::NearDue)
    } else {
        None
    }
}

/// One case in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRow {
    pub reference: String,
    pub service: String,
    pub status: String,
    pub submitted: Date,
    pub due: Date,
    pub flag: Option<Flag>,
}

/// One step of a case's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseEvent {
    pub at: i64,
    pub status: String,
    pub message: String,
}

/// A case as a clerk works it: the answers (personal data shown to staff in full, recorded
/// in the audit log) and the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseDetail {
    pub row: CaseRow,
    /// The answers as label and value, in the form's order.
    pub answers: Vec<(String, String)>,
    pub history: Vec<CaseEvent>,
    pub pickup: Option<(L10n, Date)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn cases_move_forward_and_end() {
        assert!(next_states("received").contains(&"processing"));
        assert!(next_states("missing_documents").contains(&"processing"));
        assert!(!next_states("ready").contains(&"processing"));
        assert!(next_states("collected").is_empty());
        assert!(next_states("withdrawn").is_empty());
        assert_eq!(notify_step("missing_documents"), Some(2));
        assert_eq!(notify_step("ready"), Some(3));
        assert_eq!(notify_step("collected"), None);
    }

    #[test]
    fn open_cases_are_flagged_by_their_deadline_in_working_days() {
        let c = Calendar::default();
        // Thursday 26 November 2026.
        let today = date!(2026 - 11 - 26);
        assert_eq!(
            flag(&c, "received", date!(2026 - 11 - 25), today),
            Some(Flag::Overdue)
        );
        assert_eq!(flag(&c, "processing", today, today), Some(Flag::NearDue));
        assert_eq!(
            flag(&c, "received", date!(2026 - 11 - 27), today),
            Some(Flag::NearDue)
        );
        assert_eq!(flag(&c, "received", date!(2026 - 11 - 30), today), None);
        // On Friday, Monday is the next working day.
        assert_eq!(
            flag(&c, "received", date!(2026 - 11 - 30), date!(2026 - 11 - 27)),
            Some(Flag::NearDue)
        );
        assert_eq!(
            flag(&c, "ready", date!(2026 - 11 - 20), today),
            None,
            "done cases are not flagged"
        );
    }
}
