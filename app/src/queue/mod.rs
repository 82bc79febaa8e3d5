//! The queue at the counters: tickets (checked-in appointments, walk-ins, priority and private
//! cases) and which one a counter calls next. The calling rules are data: an order of ticket
//! kinds per counter kind, read from the office file's `[calling]` table (defaults below).

use crate::i18n::Lang;
use crate::office::CounterKind;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// A booked appointment, checked in at the desk.
    Appointment,
    /// A walk-in with a numbered ticket from the kiosk.
    WalkIn,
    /// 愛心: elderly, pregnant or disabled, entered by staff (no ticket needed).
    Priority,
    /// 疼您: a case touching privacy or personal rights.
    Private,
}

impl TicketKind {
    pub const ALL: [TicketKind; 4] = [
        TicketKind::Appointment,
        TicketKind::WalkIn,
        TicketKind::Priority,
        TicketKind::Private,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TicketKind::Appointment => "appointment",
            TicketKind::WalkIn => "walk_in",
            TicketKind::Priority => "priority",
            TicketKind::Private => "private",
        }
    }

    pub fn from_code(code: &str) -> Option<TicketKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The letter before the number on the ticket and the call display.
    pub fn letter(self) -> char {
        match self {
            TicketKind::Appointment => 'A',
            TicketKind::WalkIn => 'B',
            TicketKind::Priority => 'C',
            TicketKind::Private => 'D',
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (TicketKind::Appointment, Lang::ZhTw) => "預約",
            (TicketKind::Appointment, Lang::En) => "Appointment",
            (TicketKind::WalkIn, Lang::ZhTw) => "現場",
            (TicketKind::WalkIn, Lang::En) => "Walk-in",
            (TicketKind::Priority, Lang::ZhTw) => "愛心",
            (TicketKind::Priority, Lang::En) => "Priority",
            (TicketKind::Private, Lang::ZhTw) => "疼您",
            (TicketKind::Private, Lang::En) => "Private",
        }
    }
}

/// What a walk-in comes for, chosen at the kiosk (for the statistics per service).
pub const WALK_IN_KINDS: [(&str, &str, &str); 4] = [
    (
        "registration",
        "戶籍登記（出生、遷徙、結婚、離婚等）",
        "Registration (birth, moving, marriage, divorce …)",
    ),
    (
        "certificate",
        "戶籍謄本、戶口名簿、印鑑證明",
        "Transcripts, household certificates, seal certificates",
    ),
    ("id_card", "國民身分證", "National ID card"),
    ("other", "其他或諮詢", "Something else, or a question"),
];

/// The label of a walk-in kind, if it is one.
pub fn walk_in_label(code: &str, lang: Lang) -> Option<&'static str> {
    WALK_IN_KINDS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| if lang == Lang::ZhTw { *zh } else { *en })
}

/// Waiting times of one group (a counter, a service): how many were served and how long they
/// waited from ticket to call, on average and at the 90th percentile, in minutes.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitStats {
    pub key: String,
    pub served: u32,
    pub average: f64,
    pub p90: f64,
}

/// The nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Groups (key, seconds waited) samples into statistics, in key order.
pub fn wait_stats(samples: &[(String, i64)]) -> Vec<WaitStats> {
    let mut groups: std::collections::BTreeMap<&str, Vec<i64>> = Default::default();
    for (key, seconds) in samples {
        groups
            .entry(key.as_str())
            .or_default()
            .push((*seconds).max(0));
    }
    groups
        .into_iter()
        .map(|(key, mut waits)| {
            waits.sort_unstable();
            let total: i64 = waits.iter().sum();
            WaitStats {
                key: key.to_string(),
                served: waits.len() as u32,
                average: total as f64 / waits.len() as f64 / 60.0,
                p90: percentile(&waits, 90.0) as f64 / 60.0,
            }
        })
        .collect()
}

/// A ticket's number as shown: its kind's letter and three digits (A007).
pub fn display_number(kind: TicketKind, number: i64) -> String {
    format!("{}{number:03}", kind.letter())
}

/// A ticket as the staff pages and the display show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket {
    pub id: String,
    pub number: String,
    pub kind: TicketKind,
    pub status: String,
    pub counter_id: Option<String>,
    pub booking_reference: Option<String>,
    pub service: Option<String>,
    pub due: Option<u16>,
    pub issued_at: i64,
    pub called_at: Option<i64>,
}

/// One appointment of the day, as the counters' board shows it: the name masked, the item and
/// the one-stop services asked for, so the counter can prepare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardRow {
    pub reference: String,
    pub starts: u16,
    pub ends: u16,
    pub service: String,
    pub item: Option<String>,
    pub options: Vec<String>,
    pub masked_name: String,
    pub status: String,
    pub ticket: Option<String>,
}

/// The calling rules of an office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRules {
    /// Per counter kind, the ticket kinds it calls, first to last.
    pub order: Vec<(CounterKind, Vec<TicketKind>)>,
    /// An appointment is called from this many minutes before its time.
    pub early_minutes: u16,
    /// More people waiting than this raises the alert and lets the mobile counter open.
    pub alert_waiting: u32,
}

impl Default for CallRules {
    fn default() -> Self {
        use TicketKind::*;
        CallRules {
            order: vec![
                (
                    CounterKind::FullService,
                    vec![Appointment, Priority, WalkIn],
                ),
                (CounterKind::Priority, vec![Priority, Appointment, WalkIn]),
                (CounterKind::Privacy, vec![Private, Appointment, WalkIn]),
                (CounterKind::Mobile, vec![Appointment, WalkIn]),
                (CounterKind::InformationDesk, vec![]),
            ],
            early_minutes: 10,
            alert_waiting: 5,
        }
    }
}

impl CallRules {
    pub fn order_for(&self, kind: CounterKind) -> &[TicketKind] {
        self.order
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, o)| o.as_slice())
            .unwrap_or(&[])
    }
}

/// A ticket waiting to be called, as the rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub id: String,
    pub kind: TicketKind,
    pub number: i64,
    /// For appointments: the slot's start, minutes after midnight.
    pub due: Option<u16>,
}

/// The ticket a counter of `kind` calls next at `now` (minutes after midnight), if any: the
/// first kind in its order that has someone waiting; appointments only from a little before
/// their time and earliest time first, everyone else in ticket order.
pub fn pick<'a>(
    rules: &CallRules,
    kind: CounterKind,
    waiting: &'a [Waiting],
    now: u16,
) -> Option<&'a Waiting> {
    for wanted in rules.order_for(kind) {
        let candidates = waiting.iter().filter(|w| w.kind == *wanted);
        let best = if *wanted == TicketKind::Appointment {
            candidates
                .filter(|w| w.due.is_none_or(|d| d <= now + rules.early_minutes))
                .min_by_key(|w| (w.due, w.number))
        } else {
            candidates.min_by_key(|w| w.number)
        };
        if best.is_some() {
            return best;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(id: &str, kind: TicketKind, number: i64, due: Option<u16>) -> Waiting {
        Waiting {
            id: id.into(),
            kind,
            number,
            due,
        }
    }

    #[test]
    fn appointments_at_their_time_come_first_then_priority_then_walk_ins_in_order() {
        let rules = CallRules::default();
        let waiting = vec![
            w("walk-2", TicketKind::WalkIn, 2, None),
            w("walk-1", TicketKind::WalkIn, 1, None),
            w("later", TicketKind::Appointment, 3, Some(11 * 60)),
        ];
        let full = CounterKind::FullService;
        assert_eq!(
            pick(&rules, full, &waiting, 9 * 60).map(|t| t.id.as_str()),
            Some("walk-1"),
            "the 11:00 appointment is not due at 9:00"
        );
        assert_eq!(
            pick(&rules, full, &waiting, 10 * 60 + 50).map(|t| t.id.as_str()),
            Some("later"),
            "ten minutes early it is"
        );
        let mut with_priority = waiting.clone();
        with_priority.push(w("elder", TicketKind::Priority, 9, None));
        assert_eq!(
            pick(&rules, full, &with_priority, 9 * 60).map(|t| t.id.as_str()),
            Some("elder"),
            "a priority arrival jumps the walk-ins"
        );
        assert_eq!(
            pick(&rules, CounterKind::Priority, &with_priority, 11 * 60).map(|t| t.id.as_str()),
            Some("elder"),
            "the priority counter takes them before appointments"
        );
        assert_eq!(
            pick(&rules, CounterKind::InformationDesk, &with_priority, 9 * 60),
            None
        );
    }

    #[test]
    fn private_cases_go_to_the_privacy_counter_only() {
        let rules = CallRules::default();
        let waiting = vec![w("p", TicketKind::Private, 1, None)];
        assert_eq!(pick(&rules, CounterKind::FullService, &waiting, 600), None);
        assert_eq!(
            pick(&rules, CounterKind::Privacy, &waiting, 600).map(|t| t.id.as_str()),
            Some("p")
        );
    }

    #[test]
    fn waits_are_summarised_per_group_with_the_90th_percentile() {
        let samples: Vec<(String, i64)> = (1..=10)
            .map(|m| ("c1".to_string(), m * 60))
            .chain([("c2".to_string(), 120)])
            .collect();
        let stats = wait_stats(&samples);
        assert_eq!(stats.len(), 2);
        assert_eq!(stats[0].key, "c1");
        assert_eq!(stats[0].served, 10);
        assert!((stats[0].average - 5.5).abs() < 1e-9);
        assert!((stats[0].p90 - 9.0).abs() < 1e-9);
        assert!((stats[1].p90 - 2.0).abs() < 1e-9);
        assert_eq!(percentile(&[], 90.0), 0);
        assert_eq!(percentile(&[7], 90.0), 7);
    }

    #[test]
    fn numbers_show_their_kind() {
        assert_eq!(display_number(TicketKind::WalkIn, 7), "B007");
        assert_eq!(display_number(TicketKind::Appointment, 112), "A112");
    }
}

/// What the public queue pages show: the kiosk (take a number) and the call display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueView {
    pub place_id: String,
    pub place: crate::i18n::L10n,
    /// The number just taken at the kiosk, and how many are ahead of it.
    pub ticket: Option<(String, i64)>,
    /// Each open counter with the number called to it.
    pub counters: Vec<(crate::i18n::L10n, Option<String>)>,
    pub waiting: i64,
    /// Whether this device is one of the location's kiosks (only they take tickets).
    pub kiosk: bool,
}

/// A device enrolled as a kiosk.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KioskDevice {
    pub id: String,
    pub enrolled_at: i64,
    pub enrolled_by: String,
    pub revoked: bool,
}
