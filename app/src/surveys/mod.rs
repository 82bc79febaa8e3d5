//! Satisfaction surveys (plan item 8-1): after a visit or an online application (linked from the
//! confirmation and lookup pages with the visit's reference, one answer per reference, tied to
//! the service but not to the person) and a general one on the site. The questions are data
//! that editors change; each change is a new version and answers keep theirs, so results are
//! compared within a version. Free text is sealed and shown to staff only.

use crate::i18n::{L10n, Lang};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
pub mod ssr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// 1 (very unsatisfied) to 5 (very satisfied).
    Rating,
    Choice(Vec<L10n>),
    /// Free text, staff only.
    Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    pub text: L10n,
}

/// The questions given when no editor has written any.
pub const DEFAULT: &str = "rating | 整體而言，您對這次服務滿意嗎？ | Overall, how satisfied are you with this service?
rating | 服務人員的態度 | The staff's courtesy
rating | 等候時間 | The waiting time
choice | 您這次如何辦理？ | How did you come? | 線上預約=Booked online ; 現場抽號=Took a number ; 線上申請=Applied online
text | 其他意見或建議（選填） | Anything else? (optional)";

/// Reads questions written one per line: `kind | 中文 | English [| 選項=Option ; …]`, kinds
/// `rating`, `choice` (with its options) and `text`. The error names the line.
pub fn parse(text: &str) -> Result<Vec<Question>, String> {
    let mut questions = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let bad = |why: &str| format!("第 {} 行：{why}", n + 1);
        if parts.len() < 3 || parts[1].is_empty() {
            return Err(bad("格式為「種類 | 中文題目 | 英文題目」"));
        }
        let text = L10n::new(
            parts[1],
            if parts[2].is_empty() {
                parts[1]
            } else {
                parts[2]
            },
        );
        let kind = match (parts[0], parts.get(3)) {
            ("rating", None) => Kind::Rating,
            ("text", None) => Kind::Text,
            ("choice", Some(options)) => {
                let options: Vec<L10n> = options
                    .split(';')
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(|o| match o.split_once('=') {
                        Some((zh, en)) => L10n::new(zh.trim(), en.trim()),
                        None => L10n::new(o, o),
                    })
                    .collect();
                if options.len() < 2 {
                    return Err(bad("選擇題至少要有兩個選項"));
                }
                Kind::Choice(options)
            }
            _ => return Err(bad("種類須為 rating、choice（加選項）或 text")),
        };
        if text.zh.chars().count() > 100 || text.en.chars().count() > 200 {
            return Err(bad("題目太長"));
        }
        questions.push(Question {
            id: format!("q{}", questions.len() + 1),
            kind,
            text,
        });
    }
    if questions.is_empty() || questions.len() > 20 {
        return Err("請寫 1 到 20 題。".into());
    }
    if !questions.iter().any(|q| q.kind == Kind::Rating) {
        return Err("至少要有一題滿意度（rating）。".into());
    }
    Ok(questions)
}

/// The questions written back in the editors' format.
pub fn write(questions: &[Question]) -> String {
    questions
        .iter()
        .map(|q| match &q.kind {
            Kind::Rating => format!("rating | {} | {}", q.text.zh, q.text.en),
            Kind::Text => format!("text | {} | {}", q.text.zh, q.text.en),
            Kind::Choice(options) => format!(
                "choice | {} | {} | {}",
                q.text.zh,
                q.text.en,
                options
                    .iter()
                    .map(|o| format!("{}={}", o.zh, o.en))
                    .collect::<Vec<_>>()
                    .join(" ; ")
            ),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn rating_label(n: u8, lang: Lang) -> &'static str {
    match (n, lang) {
        (5, Lang::ZhTw) => "非常滿意",
        (4, Lang::ZhTw) => "滿意",
        (3, Lang::ZhTw) => "普通",
        (2, Lang::ZhTw) => "不滿意",
        (_, Lang::ZhTw) => "非常不滿意",
        (5, Lang::En) => "Very satisfied",
        (4, Lang::En) => "Satisfied",
        (3, Lang::En) => "Neutral",
        (2, Lang::En) => "Unsatisfied",
        (_, Lang::En) => "Very unsatisfied",
    }
}

/// One stored answer: the version, the service (visit surveys), the month and the choices made
/// (question id → the rating 1–5 or the option's number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub service: Option<String>,
    /// The counter that served the visit, or whose QR code was scanned: `location/counter`.
    pub counter: Option<String>,
    pub month: String,
    pub values: BTreeMap<String, u8>,
}

/// A question's results: how many gave each answer, and the mean of a rating.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionResult {
    pub question: Question,
    pub counts: Vec<(String, u32)>,
    pub mean: Option<f64>,
}

/// What the results page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub version: i64,
    pub answers: u32,
    pub questions: Vec<QuestionResult>,
    /// The first rating question's mean, by month.
    pub by_month: Vec<(String, f64)>,
    /// The first rating question's mean, by service (service name in the page's language).
    pub by_service: Vec<(String, f64)>,
    /// The first rating question's mean, by counter (place and counter in the page's language).
    pub by_counter: Vec<(String, f64)>,
}

fn mean(values: impl Iterator<Item = u8>) -> Option<f64> {
    let (sum, n) = values.fold((0u32, 0u32), |(s, n), v| (s + u32::from(v), n + 1));
    (n > 0).then(|| f64::from(sum) / f64::from(n))
}

/// The results of one version's answers.
pub fn results(
    version: i64,
    questions: &[Question],
    answers: &[Answer],
    lang: Lang,
    service_name: &dyn Fn(&str) -> String,
    counter_name: &dyn Fn(&str) -> String,
) -> Results {
    let first = questions
        .iter()
        .find(|q| q.kind == Kind::Rating)
        .map(|q| q.id.clone())
        .unwrap_or_default();
    let per = |key: &dyn Fn(&Answer) -> Option<String>| {
        let mut groups: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for a in answers {
            if let (Some(k), Some(v)) = (key(a), a.values.get(&first)) {
                groups.entry(k).or_default().push(*v);
            }
        }
        groups
            .into_iter()
            .filter_map(|(k, v)| mean(v.into_iter()).map(|m| (k, m)))
            .collect::<Vec<_>>()
    };
    Results {
        version,
        answers: answers.len() as u32,
        questions: questions
            .iter()
            .filter(|q| q.kind != Kind::Text)
            .map(|q| {
                let values = answers.iter().filter_map(|a| a.values.get(&q.id).copied());
                let counts = match &q.kind {
                    Kind::Rating => (1..=5u8)
                        .rev()
                        .map(|n| {
                            (
                                rating_label(n, lang).to_string(),
                                values.clone().filter(|v| *v == n).count() as u32,
                            )
                        })
                        .collect(),
                    Kind::Choice(options) => options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| {
                            (
                                o.get(lang).to_string(),
                                values.clone().filter(|v| usize::from(*v) == i).count() as u32,
                            )
                        })
                        .collect(),
                    Kind::Text => Vec::new(),
                };
                QuestionResult {
                    question: q.clone(),
                    counts,
                    mean: if q.kind == Kind::Rating {
                        mean(values)
                    } else {
                        None
                    },
                }
            })
            .collect(),
        by_month: per(&|a| Some(a.month.clone())),
        by_service: per(&|a| a.service.as_deref().map(service_name)),
        by_counter: per(&|a| a.counter.as_deref().map(counter_name)),
    }
}

/// What a survey page shows.
#[derive(Clone, Debug, PartialEq)]
pub enum SurveyView {
    Form {
        version: i64,
        questions: Vec<Question>,
        /// The visit's reference (visit surveys), shown so the person knows which visit.
        reference: Option<String>,
        /// The counter whose QR code brought them here: location id, counter id, and its name.
        counter: Option<Box<(String, String, L10n)>>,
        service: Option<L10n>,
        errors: Vec<crate::error::FieldError>,
    },
    Thanks,
    Results(Box<Results>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_read_and_written_back() {
        let q = parse(DEFAULT).expect("the default questions");
        assert_eq!(q.len(), 5);
        assert_eq!(
            q[3].kind,
            Kind::Choice(vec![
                L10n::new("線上預約", "Booked online"),
                L10n::new("現場抽號", "Took a number"),
                L10n::new("線上申請", "Applied online")
            ])
        );
        assert_eq!(parse(&write(&q)), Ok(q));
        assert!(parse("rating | 只有中文").is_err());
        assert!(parse("choice | 單選 | One | 只有一個").is_err());
        assert!(
            parse("text | 意見 | Comments").is_err(),
            "no rating question"
        );
        assert!(
            parse("stars | 星等 | Stars")
                .expect_err("an unknown kind")
                .contains("第 1 行")
        );
    }

    #[test]
    fn results_count_and_average_within_a_version() {
        let q = parse(DEFAULT).expect("questions");
        let a = |service: &str, month: &str, overall: u8, how: u8| Answer {
            service: Some(service.into()),
            counter: (how == 0).then(|| "main/c1".to_string()),
            month: month.into(),
            values: [("q1".to_string(), overall), ("q4".to_string(), how)]
                .into_iter()
                .collect(),
        };
        let answers = vec![
            a("birth", "2026-11", 5, 0),
            a("birth", "2026-11", 3, 1),
            a("marriage", "2026-12", 4, 0),
        ];
        let r = results(1, &q, &answers, Lang::ZhTw, &|s| s.to_uppercase(), &|c| {
            format!("櫃檯 {c}")
        });
        assert_eq!(r.answers, 3);
        assert_eq!(r.questions[0].mean, Some(4.0));
        assert_eq!(r.questions[0].counts[0], ("非常滿意".to_string(), 1));
        assert_eq!(r.questions[3].counts[0], ("線上預約".to_string(), 2));
        assert_eq!(
            r.by_service,
            vec![("BIRTH".to_string(), 4.0), ("MARRIAGE".to_string(), 4.0)]
        );
        assert_eq!(r.by_counter, vec![("櫃檯 main/c1".to_string(), 4.5)]);
        assert_eq!(
            r.by_month,
            vec![("2026-11".to_string(), 4.0), ("2026-12".to_string(), 4.0)]
        );
    }
}
