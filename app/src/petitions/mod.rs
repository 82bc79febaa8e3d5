//! The opinion mailbox and petitions register (plan item 9-1; 陸-三 設簿列管追蹤): a citizen
//! sends an opinion, petition, complaint or praise and gets a case number; the office keeps every
//! one in a register with a handler, a due day counted in working days from rules that are data,
//! internal notes and a reply (mailed and shown on the lookup page); supervisors see what is near
//! due or overdue, and monthly figures by category with the on-time rate are published.

use crate::calendar::Calendar;
use crate::cases::Flag;
use crate::i18n::{L10n, Lang};
use serde::Deserialize;
use time::Date;

#[cfg(feature = "ssr")]
pub mod ssr;

/// A category and its reply time.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Category {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub working_days: u32,
}

impl Category {
    pub fn name(&self, lang: Lang) -> &str {
        if lang == Lang::ZhTw {
            &self.name_zh
        } else {
            &self.name_en
        }
    }
}

/// The categories, from the petitions file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Rules {
    pub categories: Vec<Category>,
}

impl Rules {
    pub fn parse(text: &str) -> Result<Rules, String> {
        #[cfg(feature = "ssr")]
        {
            let rules: Rules = toml::from_str(text).map_err(|e| e.to_string())?;
            if rules.categories.is_empty() {
                return Err("no categories".into());
            }
            let mut seen = std::collections::HashSet::new();
            for c in &rules.categories {
                if c.code.is_empty() || !seen.insert(c.code.clone()) {
                    return Err(format!("category code {:?} empty or repeated", c.code));
                }
                if !(1..=60).contains(&c.working_days) {
                    return Err(format!("{}: working_days must be 1 to 60", c.code));
                }
            }
            Ok(rules)
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = text;
            Err("parsed on the server".into())
        }
    }

    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }

    /// The day a message received on `received` must be answered by: that many working days
    /// after it (a message sent on a holiday counts from the next working day).
    pub fn due(&self, calendar: &Calendar, category: &Category, received: Date) -> Date {
        calendar.add_working_days(received, category.working_days)
    }
}

pub const STATUSES: [&str; 3] = ["received", "assigned", "replied"];

pub fn status_label(status: &str, lang: Lang) -> &'static str {
    match (status, lang) {
        ("received", Lang::ZhTw) => "已收件",
        ("received", Lang::En) => "Received",
        ("assigned", Lang::ZhTw) => "處理中",
        ("assigned", Lang::En) => "Being handled",
        ("replied", Lang::ZhTw) => "已回覆",
        ("replied", Lang::En) => "Replied",
        (_, Lang::ZhTw) => "未知",
        (_, Lang::En) => "Unknown",
    }
}

/// Near-due and overdue flags, as for the application cases.
pub fn flag(calendar: &Calendar, status: &str, due: Date, today: Date) -> Option<Flag> {
    if status == "replied" {
        return None;
    }
    crate::cases::flag(calendar, "received", due, today)
}

/// One message in the register's list (contact masked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub number: String,
    pub category: String,
    pub subject: String,
    pub masked_name: String,
    pub status: String,
    pub handler: Option<String>,
    pub received: Date,
    pub due: Date,
    pub replied: Option<Date>,
    pub flag: Option<Flag>,
}

/// One message in full (staff, after the access is logged; or its sender, without the notes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    pub row: Row,
    pub message: String,
    pub name: String,
    pub masked_email: Option<String>,
    pub masked_phone: Option<String>,
    pub reply: Option<String>,
    pub notes: Vec<(String, i64, String)>,
    /// The files sent with it: id, name, size in bytes.
    pub attachments: Vec<(String, String, i64)>,
}

/// The kinds of file a citizen may send with a message (photos and scanned letters).
pub const ATTACHMENT_TYPES: [&str; 4] = ["pdf", "jpg", "jpeg", "png"];

/// The largest file a citizen may send with a message, in bytes.
pub const MAX_ATTACHMENT: usize = 5 * 1024 * 1024;

/// A file sent with a message, checked: its cleaned name and served type, or why it is refused
/// (`type`, `size`, `empty`, `content`).
pub fn check_attachment(name: &str, bytes: &[u8]) -> Result<(String, &'static str), &'static str> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !ATTACHMENT_TYPES.contains(&ext.as_str()) {
        return Err("type");
    }
    if bytes.len() > MAX_ATTACHMENT {
        return Err("size");
    }
    let content_type = crate::content::check_attachment(name, bytes)?;
    Ok((crate::content::clean_file_name(name), content_type))
}

/// A month's figures of one category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthStats {
    pub month: String,
    pub category: String,
    pub received: u32,
    pub on_time: u32,
    pub late: u32,
    pub open: u32,
}

impl MonthStats {
    /// Replied in time, out of those replied (none replied: none to rate).
    pub fn on_time_rate(&self) -> Option<f64> {
        let replied = self.on_time + self.late;
        (replied > 0).then(|| f64::from(self.on_time) * 100.0 / f64::from(replied))
    }
}

/// The monthly figures as an open-data table (months oldest first, categories in the rules'
/// order, names in Chinese as the dataset's other tables).
pub fn statistics_table(months: &[MonthStats], rules: &Rules) -> crate::opendata::Table {
    let mut rows: Vec<&MonthStats> = months.iter().collect();
    let order = |code: &str| {
        rules
            .categories
            .iter()
            .position(|c| c.code == code)
            .unwrap_or(usize::MAX)
    };
    rows.sort_by(|a, b| {
        a.month
            .cmp(&b.month)
            .then(order(&a.category).cmp(&order(&b.category)))
    });
    crate::opendata::Table {
        header: ["月份", "類別", "件數", "如期回覆", "逾期回覆", "處理中"]
            .map(String::from)
            .to_vec(),
        rows: rows
            .into_iter()
            .map(|m| {
                vec![
                    m.month.clone(),
                    rules
                        .category(&m.category)
                        .map(|c| c.name_zh.clone())
                        .unwrap_or_else(|| m.category.clone()),
                    m.received.to_string(),
                    m.on_time.to_string(),
                    m.late.to_string(),
                    m.open.to_string(),
                ]
            })
            .collect(),
    }
}

/// The mailbox form as typed (shown again with errors).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    pub category: String,
    pub subject: String,
    pub message: String,
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// What a mailbox page shows, prepared by the server.
#[derive(Clone, Debug, PartialEq)]
pub enum MailboxView {
    Form {
        categories: Vec<(String, L10n, u32)>,
        values: Values,
        errors: Vec<crate::error::FieldError>,
    },
    Sent {
        number: String,
        due: Date,
        emailed: bool,
    },
    Lookup {
        number: String,
        errors: Vec<crate::error::FieldError>,
        notice: Option<String>,
        found: Option<Box<Detail>>,
    },
    Statistics {
        months: Vec<MonthStats>,
        categories: Vec<(String, L10n)>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rules() -> Rules {
        Rules::parse(include_str!("../../../server/sample/petitions.toml"))
            .expect("the sample rules")
    }

    #[test]
    fn due_days_count_working_days_over_weekends_holidays_and_make_up_days() {
        let mut calendar = Calendar::default();
        // 2026-12-25 (Friday) a holiday; 2026-12-26 (Saturday) a make-up working day.
        calendar.days.insert(
            date!(2026 - 12 - 25),
            crate::calendar::SpecialDay::Holiday(L10n::new("行憲紀念日", "Constitution Day")),
        );
        calendar.days.insert(
            date!(2026 - 12 - 26),
            crate::calendar::SpecialDay::Workday {
                name: L10n::new("補班", "Make-up day"),
                hours_of: 5,
            },
        );
        let r = rules();
        let opinion = r.category("opinion").expect("opinion");
        assert_eq!(opinion.working_days, 6);
        // From Tuesday 22 Dec: 23, 24, (25 off), 26 (make-up), 28, 29, 30.
        assert_eq!(
            r.due(&calendar, opinion, date!(2026 - 12 - 22)),
            date!(2026 - 12 - 30)
        );
        // Sent on a Sunday: counted from Monday.
        assert_eq!(
            r.due(&Calendar::default(), opinion, date!(2026 - 11 - 29)),
            date!(2026 - 12 - 07)
        );
        assert!(Rules::parse("").is_err());
        assert!(Rules::parse("[[categories]]\ncode = \"a\"\nname_zh = \"甲\"\nname_en = \"A\"\nworking_days = 0\n").is_err());
    }

    #[test]
    fn citizens_send_photos_and_pdfs_of_modest_size() {
        let pdf = b"%PDF-1.7 rest";
        assert_eq!(
            check_attachment("信件 掃描.PDF", pdf),
            Ok(("信件-掃描.PDF".to_string(), "application/pdf"))
        );
        assert_eq!(
            check_attachment("a.png", b"\x89PNG rest").map(|(_, t)| t),
            Ok("image/png")
        );
        assert_eq!(check_attachment("a.exe", b"MZ"), Err("type"));
        assert_eq!(
            check_attachment("a.docx", b"PK\x03\x04"),
            Err("type"),
            "office files are not taken from citizens"
        );
        assert_eq!(check_attachment("a.jpg", b"%PDF-"), Err("content"));
        assert_eq!(check_attachment("a.pdf", b""), Err("empty"));
        let big = [b"%PDF-".as_slice(), &vec![0u8; MAX_ATTACHMENT]].concat();
        assert_eq!(check_attachment("a.pdf", &big), Err("size"));
    }

    #[test]
    fn the_figures_become_a_table_by_month_and_category() {
        let m = |month: &str, category: &str, received| MonthStats {
            month: month.into(),
            category: category.into(),
            received,
            on_time: 1,
            late: 0,
            open: received - 1,
        };
        let t = statistics_table(
            &[
                m("2026-11", "complaint", 2),
                m("2026-10", "opinion", 1),
                m("2026-11", "opinion", 3),
            ],
            &rules(),
        );
        assert_eq!(t.header[0], "月份");
        let firsts: Vec<(&str, &str, &str)> = t
            .rows
            .iter()
            .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
            .collect();
        assert_eq!(
            firsts,
            vec![
                ("2026-10", "意見反映", "1"),
                ("2026-11", "意見反映", "3"),
                ("2026-11", "申訴", "2"),
            ]
        );
        let csv = crate::opendata::to_csv(&t);
        assert_eq!(crate::opendata::parse_csv(csv.as_bytes()).as_ref(), Ok(&t));
    }

    #[test]
    fn on_time_rate_counts_replied_messages() {
        let m = MonthStats {
            month: "2026-11".into(),
            category: "opinion".into(),
            received: 5,
            on_time: 3,
            late: 1,
            open: 1,
        };
        assert_eq!(m.on_time_rate(), Some(75.0));
        assert_eq!(
            MonthStats {
                on_time: 0,
                late: 0,
                ..m
            }
            .on_time_rate(),
            None
        );
    }
}
