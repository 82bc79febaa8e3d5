//! Slots: a location's opening periods on a date, cut into equal lengths, each with a capacity
//! from the counters that serve it.

use crate::calendar::Calendar;
use crate::office::Location;
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// Minutes after midnight.
    pub starts: u16,
    pub ends: u16,
    /// How many appointments the slot takes.
    pub capacity: u16,
}

/// How a location's appointments are cut: slot length, and appointments per counter per slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotPlan {
    pub minutes: u16,
    pub per_counter: u16,
    /// Counters serving appointments (the rest serve walk-ins).
    pub counters: u16,
}

/// Cuts opening periods into slots. A period's tail shorter than a slot is not offered, and a
/// slot never spans two periods (a lunch break is never booked).
fn cut(periods: impl IntoIterator<Item = (u16, u16)>, plan: SlotPlan) -> Vec<Slot> {
    if plan.minutes == 0 || plan.per_counter == 0 || plan.counters == 0 {
        return Vec::new();
    }
    let capacity = plan.per_counter.saturating_mul(plan.counters);
    let mut slots = Vec::new();
    for (opens, closes) in periods {
        let mut starts = opens;
        while starts + plan.minutes <= closes {
            slots.push(Slot {
                starts,
                ends: starts + plan.minutes,
                capacity,
            });
            starts += plan.minutes;
        }
    }
    slots
}

/// The slots of a location on a date, from its opening hours after the calendar.
pub fn slots_on(calendar: &Calendar, location: &Location, date: Date, plan: SlotPlan) -> Vec<Slot> {
    cut(
        calendar
            .opening_hours(location, date)
            .into_iter()
            .map(|h| (h.opens, h.closes)),
        plan,
    )
}

/// The slots for a service: on a day the office is closed, a service that takes holiday
/// appointments uses the location's holiday opening instead.
pub fn service_slots_on(
    calendar: &Calendar,
    location: &Location,
    date: Date,
    plan: SlotPlan,
    holidays_allowed: bool,
) -> Vec<Slot> {
    if !holidays_allowed || calendar.is_working_day(date) {
        return slots_on(calendar, location, date, plan);
    }
    cut(location.holiday_hours, plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::SpecialDay;
    use crate::i18n::L10n;
    use crate::office::OpeningHours;
    use time::macros::date;

    fn location(hours: Vec<OpeningHours>) -> Location {
        Location::with_hours(hours)
    }

    const PLAN: SlotPlan = SlotPlan {
        minutes: 30,
        per_counter: 1,
        counters: 3,
    };

    #[test]
    fn a_day_with_a_lunch_break_has_no_slot_across_it() {
        let l = location(vec![
            OpeningHours {
                weekday: 2,
                opens: 510,
                closes: 720,
            },
            OpeningHours {
                weekday: 2,
                opens: 810,
                closes: 1020,
            },
        ]);
        let slots = slots_on(&Calendar::default(), &l, date!(2026 - 12 - 15), PLAN); // a Tuesday
        assert_eq!(slots.len(), 14);
        assert_eq!(
            slots[0],
            Slot {
                starts: 510,
                ends: 540,
                capacity: 3
            }
        );
        assert!(slots.iter().all(|s| s.ends <= 720 || s.starts >= 810));
    }

    #[test]
    fn holiday_appointments_use_the_holiday_opening_only_for_services_that_take_them() {
        let mut l = location(
            (1..=5)
                .map(|weekday| OpeningHours {
                    weekday,
                    opens: 480,
                    closes: 1020,
                })
                .collect(),
        );
        l.holiday_hours = Some((540, 720));
        let saturday = date!(2026 - 12 - 19);
        let c = Calendar::default();
        assert_eq!(service_slots_on(&c, &l, saturday, PLAN, true).len(), 6);
        assert!(service_slots_on(&c, &l, saturday, PLAN, false).is_empty());
        assert_eq!(
            service_slots_on(&c, &l, date!(2026 - 12 - 18), PLAN, true).len(),
            18,
            "a Friday: ordinary hours"
        );
    }

    #[test]
    fn a_short_tail_is_not_offered() {
        let l = location(vec![OpeningHours {
            weekday: 2,
            opens: 480,
            closes: 545,
        }]);
        let slots = slots_on(&Calendar::default(), &l, date!(2026 - 12 - 15), PLAN);
        assert_eq!(
            slots.iter().map(|s| s.starts).collect::<Vec<_>>(),
            [480, 510]
        );
    }

    #[test]
    fn holidays_have_no_slots_and_make_up_days_have_the_weekdays() {
        let l = location(
            (1..=5)
                .map(|weekday| OpeningHours {
                    weekday,
                    opens: 480,
                    closes: 1020,
                })
                .collect(),
        );
        let mut c = Calendar::default();
        c.days
            .insert(date!(2026 - 12 - 25), SpecialDay::Holiday(L10n::default()));
        c.days.insert(
            date!(2026 - 12 - 19),
            SpecialDay::Workday {
                name: L10n::default(),
                hours_of: 5,
            },
        );
        assert!(slots_on(&c, &l, date!(2026 - 12 - 25), PLAN).is_empty());
        assert_eq!(slots_on(&c, &l, date!(2026 - 12 - 19), PLAN).len(), 18);
        assert!(slots_on(&c, &l, date!(2026 - 12 - 20), PLAN).is_empty());
    }
}
