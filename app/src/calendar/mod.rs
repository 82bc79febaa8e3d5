//! The office calendar: which days are working days. Saturdays and Sundays are off and the
//! other days on, except the special days an office records: public holidays (國定假日, 補假)
//! and make-up working days (補班). Opening hours per location then say when a working day opens.

use crate::i18n::L10n;
use crate::office::{Location, OpeningHours};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, Weekday};

#[cfg(feature = "ssr")]
pub mod ssr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpecialDay {
    /// Closed on a day that would be a working day.
    Holiday(L10n),
    /// Open on a Saturday or Sunday, with the hours of the weekday given (1 = Monday).
    Workday { name: L10n, hours_of: u8 },
}

/// The special days of the office, by date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    pub days: BTreeMap<Date, SpecialDay>,
}

impl Calendar {
    pub fn is_working_day(&self, date: Date) -> bool {
        match self.days.get(&date) {
            Some(SpecialDay::Holiday(_)) => false,
            Some(SpecialDay::Workday { .. }) => true,
            None => !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday),
        }
    }

    /// When a location is open on a date: none on a holiday, the substituted weekday's hours
    /// on a make-up working day, its own weekday's hours otherwise.
    pub fn opening_hours(&self, location: &Location, date: Date) -> Vec<OpeningHours> {
        let weekday = match self.days.get(&date) {
            Some(SpecialDay::Holiday(_)) => return Vec::new(),
            Some(SpecialDay::Workday { hours_of, .. }) => *hours_of,
            None => date.weekday().number_from_monday(),
        };
        location.hours_on(weekday)
    }

    /// The `n`th working day after `from` (`from` itself when `n` is 0).
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            let Some(next) = day.next_day() else { break };
            day = next;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The working days after `from` (exclusive) up to and including `to`.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            let Some(next) = day.next_day() else { break };
            day = next;
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn calendar() -> Calendar {
        let mut days = BTreeMap::new();
        days.insert(
            date!(2026 - 10 - 09),
            SpecialDay::Holiday(L10n::new("國慶日補假", "National Day (observed)")),
        );
        days.insert(
            date!(2026 - 10 - 17),
            SpecialDay::Workday {
                name: L10n::new("補班", "Make-up workday"),
                hours_of: 5,
            },
        );
        Calendar { days }
    }

    fn office_week() -> Location {
        Location::with_hours(
            (1..=5)
                .map(|weekday| OpeningHours {
                    weekday,
                    opens: 480,
                    closes: 1020,
                })
                .collect(),
        )
    }

    #[test]
    fn working_days_are_counted_past_holidays_and_onto_make_up_days() {
        let c = calendar();
        assert_eq!(
            c.add_working_days(date!(2026 - 10 - 08), 0),
            date!(2026 - 10 - 08)
        );
        // Friday the 9th is a holiday, then a weekend.
        assert_eq!(
            c.add_working_days(date!(2026 - 10 - 08), 1),
            date!(2026 - 10 - 12)
        );
        // Saturday the 17th is a make-up working day.
        assert_eq!(
            c.add_working_days(date!(2026 - 10 - 16), 1),
            date!(2026 - 10 - 17)
        );
        assert_eq!(
            c.add_working_days(date!(2026 - 10 - 16), 2),
            date!(2026 - 10 - 19)
        );
    }

    #[test]
    fn weekends_are_off_and_weekdays_on_unless_recorded_otherwise() {
        let c = calendar();
        assert!(c.is_working_day(date!(2026 - 10 - 08)), "a Thursday");
        assert!(!c.is_working_day(date!(2026 - 10 - 09)), "a Friday holiday");
        assert!(!c.is_working_day(date!(2026 - 10 - 10)), "a Saturday");
        assert!(
            c.is_working_day(date!(2026 - 10 - 17)),
            "a make-up Saturday"
        );
    }

    #[test]
    fn a_make_up_saturday_opens_with_the_substituted_weekdays_hours() {
        let c = calendar();
        let location = office_week();
        assert_eq!(c.opening_hours(&location, date!(2026 - 10 - 17)).len(), 1);
        assert!(c.opening_hours(&location, date!(2026 - 10 - 09)).is_empty());
        assert!(
            c.opening_hours(&location, date!(2026 - 10 - 18)).is_empty(),
            "a Sunday"
        );
    }

    #[test]
    fn working_days_are_counted_over_weekends_holidays_and_make_up_days() {
        let c = calendar();
        // Thu 8 Oct → Mon 12 Oct: Fri 9 is a holiday, Sat/Sun off, Mon on.
        assert_eq!(
            c.working_days_between(date!(2026 - 10 - 08), date!(2026 - 10 - 12)),
            1
        );
        // Thu 15 → Mon 19: Fri 16, make-up Sat 17, Mon 19.
        assert_eq!(
            c.working_days_between(date!(2026 - 10 - 15), date!(2026 - 10 - 19)),
            3
        );
        assert_eq!(
            c.working_days_between(date!(2026 - 10 - 19), date!(2026 - 10 - 19)),
            0
        );
    }
}
