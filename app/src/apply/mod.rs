//! Online applications (services 1 and 3–6): the question pages made from each service's form
//! definition ([`forms`]), how answers are checked, and what the server hands a page to render.
//! Like the bookings, one thing per page, a check-your-answers page, then a confirmation.

pub mod forms;

#[cfg(feature = "ssr")]
pub mod ssr;

use crate::booking::flow::Answers;
use crate::calendar::Calendar;
use crate::error::FieldError;
use crate::i18n::{L10n, Lang};
use crate::office::{Location, Office};
use crate::services::Service;
use crate::validate::{Email, Invalid, NationalId, Phone, half_width};
use forms::{Field, Form, Kind, Page, When};
use time::{Date, Duration};

/// The states of an application (the counters move them on; issue "cases").
pub const STATUSES: [&str; 7] = [
    "received",
    "processing",
    "missing_documents",
    "ready",
    "collected",
    "closed",
    "withdrawn",
];

/// What the citizen sees for a status.
pub fn status_label(status: &str, lang: Lang) -> &'static str {
    let (zh, en) = match status {
        "received" => ("已受理，等候辦理", "Received"),
        "processing" => ("辦理中", "Being processed"),
        "missing_documents" => (
            "待補件，請與本所聯絡",
            "Documents missing: please contact us",
        ),
        "ready" => ("已辦妥，可領取", "Ready"),
        "collected" => ("已領取", "Collected"),
        "closed" => ("已結案", "Closed"),
        "withdrawn" => ("已撤回", "Withdrawn"),
        _ => ("處理中", "In progress"),
    };
    if lang == Lang::ZhTw { zh } else { en }
}

/// An application can be withdrawn (or changed) by the citizen until the office starts on it.
pub fn can_withdraw(status: &str) -> bool {
    status == "received"
}

fn matches(when: Option<When>, answers: &Answers) -> bool {
    when.is_none_or(|w| {
        answers
            .get(w.field)
            .is_some_and(|v| v.split(',').any(|c| w.any_of.contains(&c)))
    })
}

/// Whether a page is asked, given the answers so far.
pub fn page_shown(page: &Page, answers: &Answers) -> bool {
    matches(page.when, answers)
}

/// Whether a field is asked, given the answers (including this page's own).
pub fn field_shown(field: &Field, answers: &Answers) -> bool {
    matches(field.when, answers)
}

/// The pages of this application, given the answers so far.
pub fn pages(form: &Form, answers: &Answers) -> Vec<&'static Page> {
    form.pages
        .iter()
        .filter(|p| page_shown(p, answers))
        .collect()
}

/// The first page with an answer missing, or `None` when the check page is next.
pub fn first_unanswered(form: &Form, answers: &Answers) -> Option<&'static Page> {
    pages(form, answers).into_iter().find(|p| {
        p.fields
            .iter()
            .filter(|f| field_shown(f, answers))
            .any(|f| !answers.contains_key(f.name))
    })
}

/// The service points where documents are collected.
pub fn pickup_places(office: &Office) -> Vec<&Location> {
    office
        .locations
        .iter()
        .filter(|l| !l.hours.is_empty())
        .collect()
}

/// The first day an application made today can be collected: `processing_days` working days
/// on (the next working day at the earliest).
pub fn ready_day(calendar: &Calendar, today: Date, processing_days: u16) -> Date {
    calendar.add_working_days(today, u32::from(processing_days.max(1)))
}

/// The days offered for collection: the working days from the ready day, up to 30 days after it.
pub fn pickup_days(
    calendar: &Calendar,
    place: Option<&Location>,
    today: Date,
    processing_days: u16,
) -> Vec<Date> {
    let first = ready_day(calendar, today, processing_days);
    (0..=30)
        .map(|n| first + Duration::days(n))
        .filter(|d| match place {
            Some(place) => !calendar.opening_hours(place, *d).is_empty(),
            None => calendar.is_working_day(*d),
        })
        .collect()
}

/// What validation needs besides the form.
pub struct Context<'a> {
    pub service: &'a Service,
    pub office: &'a Office,
    pub calendar: &'a Calendar,
    pub today: Date,
    pub lang: Lang,
}

fn message(lang: Lang, zh: &str, en: &str) -> String {
    if lang == Lang::ZhTw {
        zh.to_string()
    } else {
        en.to_string()
    }
}

fn clean_line(text: &str, max: usize) -> Result<String, Invalid> {
    // Control characters (a pasted tab or line break) are dropped, not refused.
    let text: String = text.trim().chars().filter(|c| !c.is_control()).collect();
    if text.chars().count() > max {
        Err(Invalid::TooLong)
    } else {
        Ok(text)
    }
}

/// A name as in a passport, upper-cased: letters, spaces, hyphens, commas, apostrophes, dots.
pub fn english_name(input: &str) -> Option<String> {
    let text = half_width(input)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase();
    let ok = (2..=60).contains(&text.len())
        && text.chars().any(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphabetic() || " ,-'.".contains(c));
    ok.then_some(text)
}

/// Checks one value of a field; `Ok(None)` means "left empty" (allowed when optional).
fn check(field: &Field, raw: &str, answers: &Answers, ctx: &Context) -> Result<String, String> {
    let lang = ctx.lang;
    let raw = raw.trim();
    let invalid = |e: Invalid| e.message(lang).to_string();
    match field.kind {
        Kind::Name => {
            let name = clean_line(raw, 50).map_err(invalid)?;
            if name.chars().any(|c| c.is_ascii_digit() || "<>{}[]@#$%^*=+|\\/".contains(c)) {
                return Err(message(
                    lang,
                    "姓名請只填寫文字，不含數字或符號。",
                    "A name has letters only, no digits or symbols.",
                ));
            }
            Ok(name)
        }
        Kind::EnglishName => english_name(raw).ok_or_else(|| {
            message(
                lang,
                "請依護照拼寫英文姓名，只能使用英文字母、空格、連字號與逗號，例如 CHEN, HSIAO-MEI。",
                "Spell the name as in the passport, with Latin letters, spaces, hyphens and commas only, for example CHEN, HSIAO-MEI.",
            )
        }),
        Kind::NationalId => NationalId::parse(raw)
            .map(|id| id.expose().to_string())
            .map_err(invalid),
        Kind::Phone => Phone::parse(raw).map(|p| p.expose()).map_err(invalid),
        Kind::Email => Email::parse(raw)
            .map(|e| e.as_str().to_string())
            .map_err(invalid),
        Kind::Text { max } => clean_line(raw, max).map_err(invalid),
        Kind::LongText { .. } | Kind::Table { .. } => {
            let max = match field.kind {
                Kind::LongText { max } => max,
                Kind::Table { columns, rows } => rows * (columns.len() * 40 + 1),
                _ => 0,
            };
            let text: String = raw
                .replace("\r\n", "\n")
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .collect();
            if text.chars().count() > max {
                return Err(invalid(Invalid::TooLong));
            }
            Ok(text)
        }
        Kind::Address => {
            let text = clean_line(&half_width(raw), 120).map_err(invalid)?;
            let has_number = text.chars().any(|c| c.is_ascii_digit())
                || text.contains('號')
                || text.contains("No");
            if text.chars().count() < 6 || !has_number {
                return Err(message(
                    lang,
                    "請填寫完整地址，包括縣市、區、路街與門牌號碼。",
                    "Give the full address, with the city, district, road and house number.",
                ));
            }
            Ok(text)
        }
        Kind::Count { min, max } => match half_width(raw).trim().parse::<u16>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
            _ => Err(match lang {
                Lang::ZhTw => format!("請填寫 {min} 到 {max} 之間的數字。"),
                Lang::En => format!("Enter a number from {min} to {max}."),
            }),
        },
        Kind::Choice(options) => options
            .iter()
            .find(|o| o.code == raw)
            .map(|o| o.code.to_string())
            .ok_or_else(|| message(lang, "請從清單中選擇一項。", "Choose one of the list.")),
        Kind::Multi(options) => {
            let chosen: Vec<&str> = raw
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            if chosen.iter().any(|c| !options.iter().any(|o| o.code == *c)) {
                return Err(message(lang, "請從清單中選擇。", "Choose from the list."));
            }
            // Kept in the list's order, each once.
            Ok(options
                .iter()
                .filter(|o| chosen.contains(&o.code))
                .map(|o| o.code)
                .collect::<Vec<_>>()
                .join(","))
        }
        Kind::Day {
            min_days,
            max_days,
            working,
        } => {
            let Some(day) = crate::dates::parse_date(&half_width(raw)) else {
                return Err(message(
                    lang,
                    "請輸入日期，例如 2026-12-01 或民國 115/12/01。",
                    "Enter a date such as 2026-12-01.",
                ));
            };
            let (first, last) = (
                ctx.today + Duration::days(min_days),
                ctx.today + Duration::days(max_days),
            );
            if day < first || day > last {
                return Err(match lang {
                    Lang::ZhTw => format!(
                        "請選擇 {} 到 {} 之間的日期。",
                        crate::dates::format_date(lang, first),
                        crate::dates::format_date(lang, last)
                    ),
                    Lang::En => format!(
                        "Choose a date from {} to {}.",
                        crate::dates::format_date(lang, first),
                        crate::dates::format_date(lang, last)
                    ),
                });
            }
            if working && !ctx.calendar.is_working_day(day) {
                return Err(message(
                    lang,
                    "這一天是假日，請選擇上班日。",
                    "That day is a holiday or weekend; choose a working day.",
                ));
            }
            Ok(crate::dates::iso_date(day))
        }
        Kind::Place => pickup_places(ctx.office)
            .into_iter()
            .find(|l| l.id == raw)
            .map(|l| l.id.clone())
            .ok_or_else(|| message(lang, "請選擇服務地點。", "Choose a place.")),
        Kind::PickupDay => {
            let place = answers
                .get("place")
                .and_then(|id| ctx.office.locations.iter().find(|l| &l.id == id));
            let offered = pickup_days(
                ctx.calendar,
                place,
                ctx.today,
                ctx.service.processing_days,
            );
            match crate::dates::parse_date(raw) {
                Some(day) if offered.contains(&day) => Ok(crate::dates::iso_date(day)),
                _ => Err(message(
                    lang,
                    "請從清單中選擇領取日期。",
                    "Choose a day from the list.",
                )),
            }
        }
        Kind::Item => ctx
            .service
            .items
            .iter()
            .find(|i| i.code == raw)
            .map(|i| i.code.clone())
            .ok_or_else(|| message(lang, "請選擇一項。", "Choose one.")),
        Kind::People { max } => {
            let lines: Vec<&str> = raw
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            if lines.len() > max {
                return Err(match lang {
                    Lang::ZhTw => format!("最多 {max} 人。"),
                    Lang::En => format!("At most {max} people."),
                });
            }
            let mut people = Vec::new();
            for line in lines {
                let line = half_width(line);
                let split = line.split_once([',', '，', '、']);
                let person = split.and_then(|(zh, en)| {
                    let zh = clean_line(zh, 50).ok().filter(|z| !z.is_empty())?;
                    Some(format!("{zh}, {}", english_name(en)?))
                });
                match person {
                    Some(p) => people.push(p),
                    None => {
                        return Err(match lang {
                            Lang::ZhTw => format!(
                                "「{}」：每行請寫中文姓名、逗號、護照英文姓名。",
                                line.chars().take(20).collect::<String>()
                            ),
                            Lang::En => format!(
                                "“{}”: write the Chinese name, a comma, then the passport name on each line.",
                                line.chars().take(20).collect::<String>()
                            ),
                        });
                    }
                }
            }
            Ok(people.join("\n"))
        }
    }
}

/// Checks a page's fields. `answers` holds the earlier answers with this page's posted values
/// merged in. Returns the cleaned values of the page's fields (hidden ones removed, optional
/// ones left empty as "").
pub fn validate(page: &Page, answers: &Answers, ctx: &Context) -> Result<Answers, Vec<FieldError>> {
    let mut out = Answers::new();
    let mut errors = Vec::new();
    for field in page.fields {
        if !field_shown(field, answers) {
            continue;
        }
        let raw = answers.get(field.name).map(String::as_str).unwrap_or("");
        let empty = raw.trim().is_empty();
        if empty && !field.required {
            out.insert(field.name.into(), String::new());
            continue;
        }
        if empty {
            let choose = matches!(
                field.kind,
                Kind::Choice(_) | Kind::Multi(_) | Kind::Place | Kind::PickupDay | Kind::Item
            );
            let label = field.label.get(ctx.lang);
            errors.push(FieldError {
                field: field.name.into(),
                message: match (ctx.lang, choose) {
                    (Lang::ZhTw, true) => format!("請選擇{label}。"),
                    (Lang::ZhTw, false) => format!("請填寫{label}。"),
                    (Lang::En, true) => format!("Choose: {label}."),
                    (Lang::En, false) => format!("Enter: {label}."),
                },
            });
            continue;
        }
        match check(field, raw, answers, ctx) {
            Ok(value) => {
                out.insert(field.name.into(), value);
            }
            Err(message) => errors.push(FieldError {
                field: field.name.into(),
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Answers that no longer apply (their page or field is no longer asked) are dropped, so that
/// changing an earlier answer never leaves a stale one behind.
pub fn prune(form: &Form, answers: &mut Answers) {
    for page in form.pages {
        let page_on = page_shown(page, answers);
        for field in page.fields {
            if !page_on || !field_shown(field, answers) {
                answers.remove(field.name);
            }
        }
    }
}

/// A stored answer as the citizen reads it (choices by their label, days as dates). Personal
/// data is masked when `masked`.
pub fn display(
    field: &Field,
    value: &str,
    service: &Service,
    office: &Office,
    lang: Lang,
    masked: bool,
) -> String {
    match field.kind {
        Kind::Choice(options) => options
            .iter()
            .find(|o| o.code == value)
            .map(|o| o.label.get(lang).to_string())
            .unwrap_or_default(),
        Kind::Multi(options) => options
            .iter()
            .filter(|o| value.split(',').any(|c| c == o.code))
            .map(|o| o.label.get(lang))
            .collect::<Vec<_>>()
            .join(if lang == Lang::ZhTw { "、" } else { ", " }),
        Kind::Day { .. } | Kind::PickupDay => crate::dates::parse_date(value)
            .map(|d| crate::dates::format_date(lang, d))
            .unwrap_or_default(),
        Kind::Place => office
            .locations
            .iter()
            .find(|l| l.id == value)
            .map(|l| l.name.get(lang).to_string())
            .unwrap_or_default(),
        Kind::Item => service
            .items
            .iter()
            .find(|i| i.code == value)
            .map(|i| i.name.get(lang).to_string())
            .unwrap_or_default(),
        Kind::NationalId if masked => NationalId::parse(value)
            .map(|id| id.masked())
            .unwrap_or_default(),
        Kind::Phone if masked => Phone::parse(value).map(|p| p.masked()).unwrap_or_default(),
        _ if value.is_empty() => {
            if lang == Lang::ZhTw {
                "（未填）".into()
            } else {
                "(none)".into()
            }
        }
        _ => value.to_string(),
    }
}

/// One row of the check-your-answers list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryRow {
    pub page: &'static str,
    pub label: &'static str,
    pub value: String,
}

/// The rows of the check page: every answered field, personal data masked where it is an
/// identifier (the ID and phone numbers were typed once and stay sealed).
pub fn summary(
    form: &Form,
    answers: &Answers,
    service: &Service,
    office: &Office,
    lang: Lang,
) -> Vec<SummaryRow> {
    pages(form, answers)
        .into_iter()
        .flat_map(|page| {
            page.fields
                .iter()
                .filter(|f| field_shown(f, answers))
                .map(move |f| (page, f))
        })
        .map(|(page, f)| SummaryRow {
            page: page.code,
            label: f.label.get(lang),
            value: display(
                f,
                answers.get(f.name).map(String::as_str).unwrap_or(""),
                service,
                office,
                lang,
                true,
            ),
        })
        .collect()
}

/// What a finished application shows on its confirmation page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitted {
    pub reference: String,
    pub masked_id: String,
    /// The day it should be done by (辦理期限).
    pub due: Date,
    /// Where and when it is collected, for the services collected at the office.
    pub pickup: Option<(L10n, L10n, Date)>,
    pub emailed: bool,
}

/// Everything an application page shows, prepared by the server for this request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyView {
    pub service: Service,
    pub form: &'static Form,
    /// The page shown; `None` for the check page and the confirmation.
    pub page: Option<&'static Page>,
    /// The pages of this application, in order (for progress and the back link).
    pub pages: Vec<&'static str>,
    /// The answers to show back in the form (never the ID number).
    pub answers: Answers,
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
    pub places: Vec<(String, L10n)>,
    /// The collection days offered, on the pickup page.
    pub pickup_days: Vec<Date>,
    pub summary: Vec<SummaryRow>,
    pub submitted: Option<Submitted>,
    /// Links to the filled-in form, on the confirmation page.
    pub filled_forms: Vec<(crate::paper::Format, String)>,
}

#[cfg(test)]
mod tests {
    use super::forms::*;
    use super::*;
    use crate::booking::rules::Rules;
    use crate::services::{L10nList, ServiceKind};
    use time::macros::date;

    fn service(code: &str, processing_days: u16) -> Service {
        Service {
            code: code.into(),
            number: 1,
            kind: ServiceKind::Application,
            name: L10n::new("測試", "Test"),
            summary: L10n::default(),
            who: L10n::default(),
            bring: L10nList::default(),
            fees: L10n::default(),
            time: L10n::default(),
            processing_days,
            second_party: false,
            contended: false,
            rules: Rules::default(),
            items: Vec::new(),
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn with<T>(f: impl FnOnce(&Context) -> T) -> T {
        let office = Office::sample_for_tests();
        let calendar = Calendar::default();
        let svc = service("certificate", 1);
        let ctx = Context {
            service: &svc,
            office: &office,
            calendar: &calendar,
            // A Thursday.
            today: date!(2026 - 11 - 26),
            lang: Lang::ZhTw,
        };
        f(&ctx)
    }

    #[test]
    fn the_transcript_page_is_asked_only_for_a_transcript() {
        let a = answers(&[("document", "household_certificate")]);
        let codes: Vec<_> = pages(&CERTIFICATE, &a).iter().map(|p| p.code).collect();
        assert_eq!(codes, ["applicant", "document", "pickup"]);
        let a = answers(&[("document", "transcript")]);
        let codes: Vec<_> = pages(&CERTIFICATE, &a).iter().map(|p| p.code).collect();
        assert_eq!(codes, ["applicant", "document", "transcript", "pickup"]);
    }

    #[test]
    fn an_application_resumes_at_its_first_missing_answer_and_optional_fields_count_once_seen() {
        let mut a = answers(&[
            ("name", "陳小美"),
            ("id", "A123456789"),
            ("phone", "0912345678"),
        ]);
        assert_eq!(
            first_unanswered(&CERTIFICATE, &a).map(|p| p.code),
            Some("applicant"),
            "the e-mail was never asked"
        );
        a.insert("email".into(), String::new());
        assert_eq!(
            first_unanswered(&CERTIFICATE, &a).map(|p| p.code),
            Some("document")
        );
        a.insert("document".into(), "transcript".into());
        a.insert("purpose".into(), String::new());
        assert_eq!(
            first_unanswered(&CERTIFICATE, &a).map(|p| p.code),
            Some("transcript")
        );
    }

    #[test]
    fn a_page_reports_every_problem_at_once_in_the_page_language() {
        with(|ctx| {
            let page = CERTIFICATE.page("applicant").expect("present");
            let errors = validate(
                page,
                &answers(&[("name", ""), ("id", "A123456788"), ("phone", "12")]),
                ctx,
            )
            .expect_err("refused");
            let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["name", "id", "phone"]);
            assert_eq!(errors[0].message, "請填寫姓名。");
        });
    }

    #[test]
    fn conditional_fields_are_checked_only_when_asked() {
        with(|ctx| {
            let page = CERTIFICATE.page("transcript").expect("present");
            let ok = validate(
                page,
                &answers(&[
                    ("document", "transcript"),
                    ("scope", "current_all"),
                    ("people", "ignored"),
                    ("notes", "brief"),
                    ("copies", "２"),
                ]),
                ctx,
            )
            .expect("present");
            assert_eq!(ok.get("copies").map(String::as_str), Some("2"));
            assert!(!ok.contains_key("people"));
            let errors = validate(
                page,
                &answers(&[
                    ("document", "transcript"),
                    ("scope", "current_part"),
                    ("notes", "brief"),
                    ("copies", "11"),
                ]),
                ctx,
            )
            .expect_err("refused");
            let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["people", "copies"]);
        });
    }

    #[test]
    fn english_names_follow_the_passport_spelling_rules() {
        assert_eq!(
            english_name(" chen,  hsiao-mei "),
            Some("CHEN, HSIAO-MEI".into())
        );
        assert_eq!(english_name("O'NEIL, MARY"), Some("O'NEIL, MARY".into()));
        assert_eq!(english_name("陳小美"), None);
        assert_eq!(english_name("CHEN 2"), None);
        assert_eq!(english_name("--"), None);
    }

    #[test]
    fn people_lines_need_a_chinese_and_a_passport_name() {
        with(|ctx| {
            let page = ENGLISH_TRANSCRIPT.page("people").expect("present");
            let ok = validate(
                page,
                &answers(&[
                    ("scope", "current_part"),
                    (
                        "people",
                        "陳大明, chen, ta-ming\r\n\r\n林美華，LIN, MEI-HUA",
                    ),
                    ("copies", "1"),
                ]),
                ctx,
            )
            .expect("present");
            assert_eq!(ok["people"], "陳大明, CHEN, TA-MING\n林美華, LIN, MEI-HUA");
            let errors = validate(
                page,
                &answers(&[
                    ("scope", "current_part"),
                    ("people", "陳大明"),
                    ("copies", "1"),
                ]),
                ctx,
            )
            .expect_err("refused");
            assert_eq!(errors[0].field, "people");
        });
    }

    #[test]
    fn pickup_days_start_when_the_application_is_ready_and_skip_closed_days() {
        let calendar = Calendar::default();
        // Thursday 26 November with one working day to process: Friday is the first.
        let days = pickup_days(&calendar, None, date!(2026 - 11 - 26), 1);
        assert_eq!(days[0], date!(2026 - 11 - 27));
        assert_eq!(days[1], date!(2026 - 11 - 30), "the weekend is skipped");
        // Three working days from Thursday: Tuesday.
        assert_eq!(
            ready_day(&calendar, date!(2026 - 11 - 26), 3),
            date!(2026 - 12 - 01)
        );
        // Done at once still means the next working day at the earliest.
        assert_eq!(
            ready_day(&calendar, date!(2026 - 11 - 27), 0),
            date!(2026 - 11 - 30)
        );
    }

    #[test]
    fn days_outside_the_window_or_on_holidays_are_refused() {
        with(|ctx| {
            let page = HOME_VISIT.page("place").expect("present");
            let base = [
                ("address", "臺中市霧峰區中正路 1 號"),
                ("needs", "id_card,seal"),
            ];
            let day = |d: &str| {
                let mut a = answers(&base);
                a.insert("preferred_day".into(), d.into());
                validate(page, &a, ctx)
            };
            assert!(day("2026-12-01").is_ok());
            assert!(day("115/12/01").is_ok(), "民國 dates are read too");
            assert!(day("2026-11-27").is_err(), "too soon");
            assert!(day("2026-12-05").is_err(), "a Saturday");
            assert!(day("2027-03-01").is_err(), "too far");
            assert!(day("tomorrow").is_err());
        });
    }

    #[test]
    fn changing_an_answer_drops_the_ones_that_no_longer_apply() {
        let mut a = answers(&[
            ("document", "household_certificate"),
            ("scope", "current_part"),
            ("people", "陳大明"),
            ("copies", "2"),
        ]);
        prune(&CERTIFICATE, &mut a);
        assert_eq!(a.len(), 1);
    }

    #[test]
    fn the_check_page_masks_identifiers_and_names_choices() {
        let office = Office::sample_for_tests();
        let svc = service("certificate", 1);
        let a = answers(&[
            ("name", "陳小美"),
            ("id", "A123456789"),
            ("phone", "0912345678"),
            ("email", ""),
            ("document", "household_certificate"),
            ("purpose", ""),
        ]);
        let rows = summary(&CERTIFICATE, &a, &svc, &office, Lang::ZhTw);
        let value = |label: &str| {
            rows.iter()
                .find(|r| r.label == label)
                .expect("present")
                .value
                .clone()
        };
        assert_eq!(value("國民身分證統一編號"), "A12****789");
        assert!(!value("聯絡電話").contains("345"));
        assert_eq!(value("證明種類"), "戶口名簿（補領或換領）");
        assert_eq!(value("電子郵件（選填）"), "（未填）");
    }
}
