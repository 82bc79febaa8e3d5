//! Innovation and improvement suggestions (創新服務及改進建議; plan items 10-1 and 10-2):
//! citizens and staff propose simpler procedures, forms, systems and services; the review group
//! (審查小組: staff accounts an administrator marks as reviewers) scores each on three criteria
//! and, once enough of them have, records a decision with its reason; adopted suggestions are
//! published with what changed, in words the reviewers write for the public.

use crate::i18n::Lang;
use time::Date;

#[cfg(feature = "ssr")]
pub mod ssr;

/// What a suggestion is about, as the plan lists it (戶籍行政、系統、便民服務、申請書表).
pub const AREAS: [(&str, &str, &str); 4] = [
    ("procedure", "戶籍行政作業流程", "Registration procedures"),
    ("form", "申請書表", "Application forms"),
    ("system", "資訊系統", "Information systems"),
    ("service", "便民服務", "Citizen services"),
];

pub fn area_name(code: &str, lang: Lang) -> &'static str {
    AREAS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| if lang == Lang::ZhTw { *zh } else { *en })
        .unwrap_or("")
}

/// The three things each reviewer scores, 1 (poor) to 5 (excellent).
pub const CRITERIA: [(&str, &str, &str); 3] = [
    ("innovation", "創新性", "Innovation"),
    ("feasibility", "可行性", "Feasibility"),
    (
        "benefit",
        "效益（簡化流程、縮短時限、減少書表）",
        "Benefit (simpler, faster, fewer forms)",
    ),
];

/// How many reviewers must have scored a suggestion before the group records its decision.
pub const MIN_SCORES: usize = 2;

/// The longest title, and the longest of the other texts, in characters.
pub const TITLE_MAX: usize = 100;
pub const TEXT_MAX: usize = 4000;

pub fn status_label(status: &str, scored: bool, lang: Lang) -> &'static str {
    match (status, scored, lang) {
        ("adopted", _, Lang::ZhTw) => "採納",
        ("adopted", _, Lang::En) => "Adopted",
        ("not_adopted", _, Lang::ZhTw) => "不採納",
        ("not_adopted", _, Lang::En) => "Not adopted",
        (_, true, Lang::ZhTw) => "審查中",
        (_, true, Lang::En) => "Under review",
        (_, false, Lang::ZhTw) => "已收件",
        (_, false, Lang::En) => "Received",
    }
}

/// One reviewer's scores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub reviewer: String,
    pub innovation: u8,
    pub feasibility: u8,
    pub benefit: u8,
    pub comment: String,
}

impl Score {
    pub fn total(&self) -> u32 {
        u32::from(self.innovation) + u32::from(self.feasibility) + u32::from(self.benefit)
    }

    /// The scores as posted: each 1 to 5, or which criterion is missing or out of range.
    pub fn parse(
        reviewer: &str,
        field: impl Fn(&str) -> Option<String>,
    ) -> Result<Score, &'static str> {
        let mut values = [0u8; 3];
        for (value, (code, _, _)) in values.iter_mut().zip(CRITERIA) {
            *value = field(code)
                .and_then(|v| v.trim().parse::<u8>().ok())
                .filter(|v| (1..=5).contains(v))
                .ok_or(code)?;
        }
        let comment: String = field("comment")
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(500)
            .collect();
        Ok(Score {
            reviewer: reviewer.to_string(),
            innovation: values[0],
            feasibility: values[1],
            benefit: values[2],
            comment: comment.trim().to_string(),
        })
    }
}

/// The mean of each criterion and of the total over the scores given (none: nothing to show).
pub fn means(scores: &[Score]) -> Option<[f64; 4]> {
    if scores.is_empty() {
        return None;
    }
    let n = scores.len() as f64;
    let mean = |f: &dyn Fn(&Score) -> u32| scores.iter().map(f).sum::<u32>() as f64 / n;
    Some([
        mean(&|s| u32::from(s.innovation)),
        mean(&|s| u32::from(s.feasibility)),
        mean(&|s| u32::from(s.benefit)),
        mean(&|s| s.total()),
    ])
}

/// One suggestion in the review list (proposer masked).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub number: String,
    pub area: String,
    /// `citizen` or `staff`.
    pub origin: String,
    pub title: String,
    pub masked_proposer: String,
    pub status: String,
    pub received: Date,
    pub scores: u32,
    pub mean_total: Option<f64>,
}

/// One suggestion in full, for staff (the access is logged).
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    pub row: Row,
    pub current: String,
    pub proposal: String,
    pub proposer: String,
    pub masked_email: Option<String>,
    pub scores: Vec<Score>,
    /// The signed-in reviewer's own scores, to change them.
    pub mine: Option<Score>,
    /// Proposed by the signed-in staff member (who then does not score it).
    pub own: bool,
    pub decided: Option<Date>,
    pub decided_by: Option<String>,
    pub reason: Option<String>,
    pub public_title: Option<String>,
    pub public_change: Option<String>,
}

/// An adopted suggestion as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub number: String,
    pub area: String,
    pub origin: String,
    pub title: String,
    pub change: String,
    pub adopted: Date,
    /// Unix seconds of the last change to what is published.
    pub updated_at: i64,
}

/// A year's figures: received, adopted, not adopted, still under review.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearStats {
    pub year: i32,
    pub received: u32,
    pub adopted: u32,
    pub not_adopted: u32,
    pub open: u32,
}

/// The suggestion form as typed (shown again with errors).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    pub area: String,
    pub title: String,
    pub current: String,
    pub proposal: String,
    pub name: String,
    pub email: String,
}

/// What a suggestions page shows, prepared by the server.
#[derive(Clone, Debug, PartialEq)]
pub enum SuggestionsView {
    /// The adopted suggestions and the yearly figures.
    Published {
        adopted: Vec<Published>,
        years: Vec<YearStats>,
    },
    Form {
        values: Values,
        errors: Vec<crate::error::FieldError>,
    },
    /// A suggestion's progress by its number (nothing the proposer wrote, nothing personal).
    Status {
        number: String,
        notice: Option<String>,
        found: Option<Box<StatusOf>>,
    },
}

/// What the status page tells about one suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusOf {
    pub area: String,
    pub status: String,
    pub scored: bool,
    pub received: Date,
    pub decided: Option<Date>,
    pub reason: Option<String>,
    pub public_title: Option<String>,
    pub public_change: Option<String>,
}

/// Labels of the areas, for a choice list.
pub fn areas(lang: Lang) -> Vec<(&'static str, &'static str)> {
    AREAS
        .iter()
        .map(|(c, zh, en)| (*c, if lang == Lang::ZhTw { *zh } else { *en }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn scores_are_one_to_five_on_every_criterion() {
        let ok = Score::parse(
            "甲",
            posted(&[
                ("innovation", "4"),
                ("feasibility", " 5 "),
                ("benefit", "3"),
                ("comment", " 可行 "),
            ]),
        )
        .expect("valid scores");
        assert_eq!(ok.total(), 12);
        assert_eq!(ok.comment, "可行");
        assert_eq!(
            Score::parse(
                "甲",
                posted(&[("innovation", "4"), ("feasibility", "6"), ("benefit", "3")])
            ),
            Err("feasibility")
        );
        assert_eq!(
            Score::parse("甲", posted(&[("innovation", "4"), ("feasibility", "2")])),
            Err("benefit")
        );
        assert_eq!(
            Score::parse(
                "甲",
                posted(&[("innovation", "0"), ("feasibility", "2"), ("benefit", "x")])
            ),
            Err("innovation")
        );
    }

    #[test]
    fn means_average_each_criterion_and_the_total() {
        assert_eq!(means(&[]), None);
        let a = Score {
            reviewer: "甲".into(),
            innovation: 4,
            feasibility: 5,
            benefit: 3,
            comment: String::new(),
        };
        let b = Score {
            innovation: 2,
            feasibility: 4,
            benefit: 5,
            ..a.clone()
        };
        assert_eq!(means(&[a, b]), Some([3.0, 4.5, 4.0, 11.5]));
    }

    #[test]
    fn every_status_has_words_in_both_languages() {
        assert_eq!(status_label("received", false, Lang::ZhTw), "已收件");
        assert_eq!(status_label("received", true, Lang::ZhTw), "審查中");
        assert_eq!(status_label("adopted", true, Lang::En), "Adopted");
        assert_eq!(area_name("form", Lang::ZhTw), "申請書表");
        assert_eq!(area_name("nope", Lang::En), "");
    }
}
