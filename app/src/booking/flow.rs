//! The question pages of an appointment booking: which steps a service has, what each asks, how
//! answers are checked, and what the server hands the page to render (`BookingView`).
//! One thing per page; the check-your-answers page links back to each.

use crate::error::FieldError;
use crate::i18n::{L10n, Lang};
use crate::office::Office;
use crate::services::Service;
use crate::validate::{Email, NationalId, Phone};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

use super::slots::Slot;

/// What the citizen has answered so far, by field name.
pub type Answers = BTreeMap<String, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Item,
    Options,
    Place,
    Day,
    Time,
    Details,
    Partner,
    Check,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Item,
        Step::Options,
        Step::Place,
        Step::Day,
        Step::Time,
        Step::Details,
        Step::Partner,
        Step::Check,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Item => "item",
            Step::Options => "options",
            Step::Place => "place",
            Step::Day => "day",
            Step::Time => "time",
            Step::Details => "details",
            Step::Partner => "partner",
            Step::Check => "check",
        }
    }

    pub fn from_code(code: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The answers this step gives; a step is done when its required ones are present.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Step::Item => &["item"],
            Step::Options => &["options"],
            Step::Place => &["place"],
            Step::Day => &["day"],
            Step::Time => &["time"],
            Step::Details => &["name", "id", "phone", "email"],
            Step::Partner => &["partner_name", "partner_nationality", "partner_id"],
            Step::Check => &[],
        }
    }

    /// Whether the answers already hold this step's: options may be none, but must be given.
    fn answered(self, answers: &Answers) -> bool {
        let filled = |f: &str| answers.get(f).is_some_and(|v| !v.is_empty());
        match self {
            Step::Options => answers.contains_key("options"),
            Step::Details => ["name", "id", "phone"].into_iter().all(filled),
            Step::Partner => self.fields().iter().all(|f| filled(f)),
            Step::Check => false,
            other => other.fields().iter().all(|f| filled(f)),
        }
    }

    /// Answers that no longer hold when this step's answer changes.
    pub fn invalidates(self) -> &'static [&'static str] {
        match self {
            Step::Item => &["options"],
            Step::Place => &["day", "time"],
            Step::Day => &["time"],
            _ => &[],
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        let zh = lang == Lang::ZhTw;
        match self {
            Step::Item => {
                if zh {
                    "您要辦理什麼項目？"
                } else {
                    "What do you need to do?"
                }
            }
            Step::Options => {
                if zh {
                    "要同時辦理其他機關的服務嗎？"
                } else {
                    "Anything from other agencies at the same visit?"
                }
            }
            Step::Place => {
                if zh {
                    "您要到哪個服務地點？"
                } else {
                    "Where will you come?"
                }
            }
            Step::Day => {
                if zh {
                    "您要哪一天來？"
                } else {
                    "Which day?"
                }
            }
            Step::Time => {
                if zh {
                    "您要幾點來？"
                } else {
                    "What time?"
                }
            }
            Step::Details => {
                if zh {
                    "申請人資料"
                } else {
                    "About you"
                }
            }
            Step::Partner => {
                if zh {
                    "另一方當事人資料"
                } else {
                    "About the other party"
                }
            }
            Step::Check => {
                if zh {
                    "確認您的預約資料"
                } else {
                    "Check your answers"
                }
            }
        }
    }
}

/// The locations that take appointments.
pub fn appointment_places(office: &Office) -> Vec<&crate::office::Location> {
    office
        .locations
        .iter()
        .filter(|l| l.seats_per_slot() > 0 && !l.hours.is_empty())
        .collect()
}

/// The steps of this booking, given the answers so far (options only when the chosen item has
/// any; the place only when there is a choice).
pub fn steps(service: &Service, office: &Office, answers: &Answers) -> Vec<Step> {
    let mut steps = Vec::new();
    if !service.items.is_empty() {
        steps.push(Step::Item);
        let item = answers
            .get("item")
            .and_then(|code| service.items.iter().find(|i| &i.code == code));
        if item.is_some_and(|i| !i.one_stop.is_empty()) {
            steps.push(Step::Options);
        }
    }
    if appointment_places(office).len() > 1 {
        steps.push(Step::Place);
    }
    steps.extend([Step::Day, Step::Time, Step::Details]);
    if service.second_party {
        steps.push(Step::Partner);
    }
    steps.push(Step::Check);
    steps
}

/// The first step with a required answer missing (the check page when none is).
pub fn first_unanswered(steps: &[Step], answers: &Answers) -> Step {
    steps
        .iter()
        .copied()
        .find(|s| !s.answered(answers))
        .unwrap_or(Step::Check)
}

/// The place chosen, or the only one.
pub fn chosen_place<'a>(
    office: &'a Office,
    answers: &Answers,
) -> Option<&'a crate::office::Location> {
    let places = appointment_places(office);
    match answers.get("place") {
        Some(id) => places.into_iter().find(|l| &l.id == id),
        None if places.len() == 1 => places.into_iter().next(),
        None => None,
    }
}

fn required_message(lang: Lang, what_zh: &str, what_en: &str) -> String {
    match lang {
        Lang::ZhTw => format!("請{what_zh}。"),
        Lang::En => format!("Please {what_en}."),
    }
}

fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Checks the fields of a step that need no database (the day and time are checked against
/// availability by the server). Returns the cleaned answers to keep.
pub fn validate(
    step: Step,
    form: &Answers,
    service: &Service,
    office: &Office,
    lang: Lang,
) -> Result<Answers, Vec<FieldError>> {
    let get = |k: &str| form.get(k).map(|v| v.trim()).unwrap_or_default();
    let mut out = Answers::new();
    let mut errors = Vec::new();
    match step {
        Step::Item => match service.items.iter().find(|i| i.code == get("item")) {
            Some(item) => {
                out.insert("item".into(), item.code.clone());
            }
            None => errors.push(error(
                "item",
                required_message(lang, "選擇一個項目", "choose an item"),
            )),
        },
        Step::Options => {
            let item = service
                .items
                .iter()
                .find(|i| Some(&i.code) == form.get("item"));
            let allowed: Vec<&str> = item
                .map(|i| i.one_stop.iter().map(|o| o.code.as_str()).collect())
                .unwrap_or_default();
            let chosen: Vec<&str> = get("options")
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            if chosen.iter().any(|c| !allowed.contains(c)) {
                errors.push(error(
                    "options",
                    required_message(lang, "從清單中選擇", "choose from the list"),
                ));
            } else {
                out.insert("options".into(), chosen.join(","));
            }
        }
        Step::Place => match appointment_places(office)
            .into_iter()
            .find(|l| l.id == get("place"))
        {
            Some(l) => {
                out.insert("place".into(), l.id.clone());
            }
            None => errors.push(error(
                "place",
                required_message(lang, "選擇服務地點", "choose a place"),
            )),
        },
        Step::Day => match crate::dates::parse_date(get("day")) {
            Some(day) => {
                out.insert("day".into(), crate::dates::iso_date(day));
            }
            None => errors.push(error(
                "day",
                required_message(lang, "選擇日期", "choose a day"),
            )),
        },
        Step::Time => match get("time").parse::<u16>() {
            Ok(minutes) if minutes < 24 * 60 => {
                out.insert("time".into(), minutes.to_string());
            }
            _ => errors.push(error(
                "time",
                required_message(lang, "選擇時段", "choose a time"),
            )),
        },
        Step::Details => {
            let name = get("name");
            if name.is_empty() {
                errors.push(error(
                    "name",
                    required_message(lang, "填寫姓名", "enter your name"),
                ));
            } else if name.chars().count() > 50 || name.chars().any(char::is_control) {
                errors.push(error(
                    "name",
                    crate::validate::Invalid::TooLong.message(lang),
                ));
            } else {
                out.insert("name".into(), name.to_string());
            }
            match NationalId::parse(get("id")) {
                Ok(id) => {
                    out.insert("id".into(), id.expose().to_string());
                }
                Err(e) => errors.push(error("id", e.message(lang))),
            }
            match Phone::parse(get("phone")) {
                Ok(phone) => {
                    out.insert("phone".into(), phone.expose());
                }
                Err(e) => errors.push(error("phone", e.message(lang))),
            }
            if !get("email").is_empty() {
                match Email::parse(get("email")) {
                    Ok(email) => {
                        out.insert("email".into(), email.as_str().to_string());
                    }
                    Err(e) => errors.push(error("email", e.message(lang))),
                }
            } else if service.contended {
                // The code that confirms a contended booking goes to this address.
                errors.push(error("email", lang.t().safety.email_for_code));
            } else {
                out.insert("email".into(), String::new());
            }
        }
        Step::Partner => {
            let name = get("partner_name");
            if name.is_empty() {
                errors.push(error(
                    "partner_name",
                    required_message(lang, "填寫姓名", "enter the name"),
                ));
            } else if name.chars().count() > 80 || name.chars().any(char::is_control) {
                errors.push(error(
                    "partner_name",
                    crate::validate::Invalid::TooLong.message(lang),
                ));
            } else {
                out.insert("partner_name".into(), name.to_string());
            }
            let nationality = get("partner_nationality");
            match nationality {
                "TW" | "other" => {
                    out.insert("partner_nationality".into(), nationality.to_string());
                }
                _ => errors.push(error(
                    "partner_nationality",
                    required_message(lang, "選擇國籍", "choose a nationality"),
                )),
            }
            // Citizens and residents give the ID or resident number; others their passport number.
            let number = get("partner_id");
            match NationalId::parse(number) {
                Ok(id) => {
                    out.insert("partner_id".into(), id.expose().to_string());
                }
                Err(e) if nationality != "other" => errors.push(error("partner_id", e.message(lang))),
                Err(_) => match crate::validate::passport_number(number) {
                    Some(passport) => {
                        out.insert("partner_id".into(), passport);
                    }
                    None => errors.push(error(
                        "partner_id",
                        match lang {
                            Lang::ZhTw => "請輸入居留證統一證號，或護照號碼（英文字母與數字）。",
                            Lang::En => "Enter the resident certificate number, or the passport number (letters and digits).",
                        },
                    )),
                },
            }
        }
        Step::Check => {}
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A day that can be booked, with the seats left on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayChoice {
    pub day: Date,
    pub seats_left: u32,
}

/// What a finished booking shows on its confirmation page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    pub reference: String,
    pub masked_id: String,
    pub place: L10n,
    pub address: L10n,
    pub day: Date,
    pub slot: Slot,
    pub item: Option<L10n>,
    pub emailed: bool,
    /// The reference as a QR code (an SVG made by the server), for check-in at the counter.
    pub qr_svg: String,
}

/// Everything a booking page shows, prepared by the server for this request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingView {
    pub service: Service,
    pub step: Step,
    pub steps: Vec<Step>,
    /// The answers to show back: in the form on an error, masked on the check page.
    pub answers: Answers,
    pub errors: Vec<FieldError>,
    /// A message above the form, e.g. that the time just chosen was taken.
    pub notice: Option<String>,
    pub places: Vec<(String, L10n)>,
    pub days: Vec<DayChoice>,
    pub slots: Vec<(Slot, u16)>,
    pub confirmation: Option<Confirmation>,
    /// On the check page, when the booking needs the challenge.
    pub challenge: Option<super::challenge::ChallengeView>,
    /// The page that asks for the code mailed for a held seat (a contended service).
    pub code: Option<CodeView>,
}

/// Where the code for a held seat went (masked) and until when (HH:MM, Taipei) it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeView {
    pub sent_to: String,
    pub until: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_codes_round_trip() {
        for step in Step::ALL {
            assert_eq!(Step::from_code(step.code()), Some(step));
        }
        assert_eq!(Step::from_code("pay"), None);
    }

    #[test]
    fn the_first_unanswered_step_is_where_a_booking_resumes() {
        let steps = [
            Step::Item,
            Step::Day,
            Step::Time,
            Step::Details,
            Step::Check,
        ];
        let mut answers = Answers::new();
        assert_eq!(first_unanswered(&steps, &answers), Step::Item);
        answers.insert("item".into(), "birth".into());
        answers.insert("day".into(), "2026-12-15".into());
        assert_eq!(first_unanswered(&steps, &answers), Step::Time);
        answers.insert("time".into(), "540".into());
        for (k, v) in [
            ("name", "陳小美"),
            ("id", "A123456789"),
            ("phone", "0912345678"),
        ] {
            answers.insert(k.into(), v.into());
        }
        assert_eq!(
            first_unanswered(&steps, &answers),
            Step::Check,
            "e-mail is optional"
        );
    }
}
