//! The rules of a service, as data an office edits: how far ahead one may book, the cut-off on
//! the day before, one booking per person per day, holiday marriage registrations, the lateness
//! grace and the suspension after repeated no-shows.

use crate::calendar::Calendar;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, Time};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// The earliest day one may book, counted in calendar days from today (1 = tomorrow).
    pub min_days_ahead: u16,
    /// The latest day one may book, in calendar days from today.
    pub max_days_ahead: u16,
    /// Bookings for a day close at this time (minutes after midnight) on the day before.
    pub cutoff_minutes: u16,
    /// One active booking per person per day.
    pub one_per_day: bool,
    /// Whether holidays may be booked, and how many working days ahead (marriage registration).
    pub holidays: Option<HolidayNotice>,
    /// How late a person may arrive and still be served, in minutes.
    pub grace_minutes: u16,
    /// Missed appointments that suspend online booking, and for how long.
    pub no_shows: NoShowRule,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayNotice {
    pub min_working_days: u32,
    pub max_working_days: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoShowRule {
    /// This many no-shows within `window_months`…
    pub limit: u32,
    pub window_months: u32,
    /// …suspend online booking for this many months after the last one.
    pub suspension_months: u32,
}

impl Default for Rules {
    /// The sample office's rules: 1 to 7 days ahead, closing at 15:00 the day before.
    fn default() -> Self {
        Rules {
            min_days_ahead: 1,
            max_days_ahead: 7,
            cutoff_minutes: 15 * 60,
            one_per_day: true,
            holidays: None,
            grace_minutes: 15,
            no_shows: NoShowRule {
                limit: 3,
                window_months: 6,
                suspension_months: 6,
            },
        }
    }
}

/// Why a date cannot be booked, with what to tell the citizen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateRefusal {
    InThePast,
    TooSoon { first: Date },
    TooFar { last: Date },
    PastCutoff,
    Closed,
    HolidayNoticeTooShort { min_working_days: u32 },
    HolidayNoticeTooLong { max_working_days: u32 },
}

impl DateRefusal {
    pub fn message(self, lang: Lang) -> String {
        let date = |d: Date| crate::dates::format_date(lang, d);
        match (self, lang) {
            (DateRefusal::InThePast, Lang::ZhTw) => "這一天已經過去了，請選擇其他日期。".into(),
            (DateRefusal::InThePast, Lang::En) => {
                "That day has passed; please choose another.".into()
            }
            (DateRefusal::TooSoon { first }, Lang::ZhTw) => format!("最早可預約 {}。", date(first)),
            (DateRefusal::TooSoon { first }, Lang::En) => {
                format!("The earliest day you can book is {}.", date(first))
            }
            (DateRefusal::TooFar { last }, Lang::ZhTw) => format!("最晚可預約到 {}。", date(last)),
            (DateRefusal::TooFar { last }, Lang::En) => {
                format!("The latest day you can book is {}.", date(last))
            }
            (DateRefusal::PastCutoff, Lang::ZhTw) => {
                "這一天的預約已於前一日截止，請選擇其他日期。".into()
            }
            (DateRefusal::PastCutoff, Lang::En) => {
                "Booking for that day closed the day before; please choose another.".into()
            }
            (DateRefusal::Closed, Lang::ZhTw) => "這一天本所不受理，請選擇其他日期。".into(),
            (DateRefusal::Closed, Lang::En) => {
                "The office is closed that day; please choose another.".into()
            }
            (DateRefusal::HolidayNoticeTooShort { min_working_days }, Lang::ZhTw) => {
                format!("假日辦理須於 {min_working_days} 個上班日前預約。")
            }
            (DateRefusal::HolidayNoticeTooShort { min_working_days }, Lang::En) => {
                format!(
                    "Holiday appointments must be booked at least {min_working_days} working days ahead."
                )
            }
            (DateRefusal::HolidayNoticeTooLong { max_working_days }, Lang::ZhTw) => {
                format!("假日辦理最早只能在 {max_working_days} 個上班日前預約。")
            }
            (DateRefusal::HolidayNoticeTooLong { max_working_days }, Lang::En) => {
                format!(
                    "Holiday appointments can be booked at most {max_working_days} working days ahead."
                )
            }
        }
    }
}

impl Rules {
    /// Whether `date` may be booked at `now` (Taipei time), given the office calendar.
    pub fn check_date(
        &self,
        calendar: &Calendar,
        now: OffsetDateTime,
        date: Date,
    ) -> Result<(), DateRefusal> {
        let now = now.to_offset(crate::dates::TAIPEI);
        let today = now.date();
        if date <= today {
            return Err(DateRefusal::InThePast);
        }
        let working = calendar.is_working_day(date);
        if !working {
            let Some(notice) = self.holidays else {
                return Err(DateRefusal::Closed);
            };
            let days = calendar.working_days_between(today, date);
            if days < notice.min_working_days {
                return Err(DateRefusal::HolidayNoticeTooShort {
                    min_working_days: notice.min_working_days,
                });
            }
            if days > notice.max_working_days {
                return Err(DateRefusal::HolidayNoticeTooLong {
                    max_working_days: notice.max_working_days,
                });
            }
            return Ok(());
        }
        let first = today + Duration::days(i64::from(self.min_days_ahead));
        let last = today + Duration::days(i64::from(self.max_days_ahead));
        if date < first {
            return Err(DateRefusal::TooSoon { first });
        }
        if date > last {
            return Err(DateRefusal::TooFar { last });
        }
        let cutoff = Time::from_hms(
            u8::try_from(self.cutoff_minutes / 60).unwrap_or(23).min(23),
            u8::try_from(self.cutoff_minutes % 60).unwrap_or(0),
            0,
        )
        .unwrap_or(Time::MIDNIGHT);
        if date == today + Duration::days(1) && now.time() >= cutoff {
            return Err(DateRefusal::PastCutoff);
        }
        Ok(())
    }

    /// Until when a person with these no-show dates may not book online, if at all.
    pub fn suspended_until(&self, today: Date, no_shows: &[Date]) -> Option<Date> {
        let rule = self.no_shows;
        if rule.limit == 0 {
            return None;
        }
        let window_start = add_months(today, -(rule.window_months as i32));
        let mut recent: Vec<Date> = no_shows
            .iter()
            .copied()
            .filter(|d| *d > window_start && *d <= today)
            .collect();
        recent.sort();
        if (recent.len() as u32) < rule.limit {
            return None;
        }
        let last = *recent.last()?;
        let until = add_months(last, rule.suspension_months as i32);
        (until > today).then_some(until)
    }
}

/// The same day `months` months later (or earlier), clamped to the month's last day.
pub fn add_months(date: Date, months: i32) -> Date {
    let total = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = time::Month::try_from(u8::try_from(month0 + 1).unwrap_or(1))
        .unwrap_or(time::Month::January);
    let mut day = date.day();
    loop {
        if let Ok(d) = Date::from_calendar_date(year, month, day) {
            return d;
        }
        day -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::SpecialDay;
    use crate::i18n::L10n;
    use time::macros::{date, datetime};

    fn taipei(dt: time::PrimitiveDateTime) -> OffsetDateTime {
        dt.assume_offset(crate::dates::TAIPEI)
    }

    fn calendar() -> Calendar {
        let mut c = Calendar::default();
        c.days.insert(
            date!(2026 - 12 - 25),
            SpecialDay::Holiday(L10n::new("行憲紀念日", "Constitution Day")),
        );
        c.days.insert(
            date!(2026 - 12 - 19),
            SpecialDay::Workday {
                name: L10n::new("補班", ""),
                hours_of: 5,
            },
        );
        c
    }

    #[test]
    fn one_to_seven_days_ahead_may_be_booked() {
        let rules = Rules::default();
        let now = taipei(datetime!(2026-12-14 09:00)); // a Monday
        assert_eq!(
            rules.check_date(&calendar(), now, date!(2026 - 12 - 14)),
            Err(DateRefusal::InThePast)
        );
        assert_eq!(
            rules.check_date(&calendar(), now, date!(2026 - 12 - 15)),
            Ok(())
        );
        assert_eq!(
            rules.check_date(&calendar(), now, date!(2026 - 12 - 21)),
            Ok(())
        );
        assert_eq!(
            rules.check_date(&calendar(), now, date!(2026 - 12 - 22)),
            Err(DateRefusal::TooFar {
                last: date!(2026 - 12 - 21)
            })
        );
    }

    #[test]
    fn tomorrow_closes_at_the_cut_off_time_today() {
        let rules = Rules::default();
        let tomorrow = date!(2026 - 12 - 15);
        assert_eq!(
            rules.check_date(&calendar(), taipei(datetime!(2026-12-14 14:59)), tomorrow),
            Ok(())
        );
        assert_eq!(
            rules.check_date(&calendar(), taipei(datetime!(2026-12-14 15:00)), tomorrow),
            Err(DateRefusal::PastCutoff)
        );
        // 07:30 UTC is 15:30 in Taipei: the cut-off is Taipei time whatever the server's zone.
        let utc = datetime!(2026-12-14 07:30).assume_utc();
        assert_eq!(
            rules.check_date(&calendar(), utc, tomorrow),
            Err(DateRefusal::PastCutoff)
        );
    }

    #[test]
    fn holidays_and_weekends_are_closed_but_make_up_days_open() {
        let rules = Rules {
            max_days_ahead: 14,
            ..Rules::default()
        };
        let now = taipei(datetime!(2026-12-14 09:00));
        assert_eq!(
            rules.check_date(&calendar(), now, date!(2026 - 12 - 25)),
            Err(DateRefusal::Closed)
        );
        assert_eq!(
            rules.check_date(&calendar(), now, date!(2026 - 12 - 20)),
            Err(DateRefusal::Closed),
            "a Sunday"
        );
        assert_eq!(
            rules.check_date(&calendar(), now, date!(2026 - 12 - 19)),
            Ok(()),
            "a make-up Saturday"
        );
    }

    #[test]
    fn holiday_marriage_registrations_need_three_to_thirty_working_days_notice() {
        let rules = Rules {
            max_days_ahead: 60,
            holidays: Some(HolidayNotice {
                min_working_days: 3,
                max_working_days: 30,
            }),
            ..Rules::default()
        };
        // Valentine's Day 2027 is a Sunday.
        let valentine = date!(2027 - 02 - 14);
        let c = Calendar::default();
        assert_eq!(
            rules.check_date(&c, taipei(datetime!(2027-02-10 09:00)), valentine),
            Err(DateRefusal::HolidayNoticeTooShort {
                min_working_days: 3
            })
        );
        assert_eq!(
            rules.check_date(&c, taipei(datetime!(2027-02-08 09:00)), valentine),
            Ok(())
        );
        assert_eq!(
            rules.check_date(&c, taipei(datetime!(2026-12-01 09:00)), valentine),
            Err(DateRefusal::HolidayNoticeTooLong {
                max_working_days: 30
            })
        );
    }

    #[test]
    fn three_no_shows_in_six_months_suspend_booking_for_six_months() {
        let rules = Rules::default();
        let today = date!(2026 - 11 - 26);
        let two = [date!(2026 - 09 - 01), date!(2026 - 10 - 01)];
        assert_eq!(rules.suspended_until(today, &two), None);
        let three = [
            date!(2026 - 09 - 01),
            date!(2026 - 10 - 01),
            date!(2026 - 11 - 20),
        ];
        assert_eq!(
            rules.suspended_until(today, &three),
            Some(date!(2027 - 05 - 20))
        );
        let old = [
            date!(2025 - 01 - 01),
            date!(2026 - 10 - 01),
            date!(2026 - 11 - 20),
        ];
        assert_eq!(
            rules.suspended_until(today, &old),
            None,
            "one is outside the window"
        );
    }

    #[test]
    fn months_are_added_with_month_end_clamping() {
        assert_eq!(add_months(date!(2026 - 08 - 31), 6), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 03 - 31), -1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 11 - 26), 2), date!(2027 - 01 - 26));
    }

    #[test]
    fn every_refusal_has_a_message_in_both_languages() {
        let d = date!(2026 - 12 - 15);
        for refusal in [
            DateRefusal::InThePast,
            DateRefusal::TooSoon { first: d },
            DateRefusal::TooFar { last: d },
            DateRefusal::PastCutoff,
            DateRefusal::Closed,
            DateRefusal::HolidayNoticeTooShort {
                min_working_days: 3,
            },
            DateRefusal::HolidayNoticeTooLong {
                max_working_days: 30,
            },
        ] {
            for lang in Lang::ALL {
                assert!(!refusal.message(lang).is_empty());
            }
        }
    }
}
