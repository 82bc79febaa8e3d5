//! The sample office's datasets, marked as sample: population by 里 and month, births, deaths,
//! marriages, divorces, petitions (made up, but plausible and the same on every start), and the
//! counters and hours and the forms list (from the office's own data).

use super::Table;
use crate::office::Office;

/// 霧峰區's villages (里).
pub const VILLAGES: [&str; 16] = [
    "本堂里",
    "萬豐里",
    "舊正里",
    "六股里",
    "四德里",
    "甲寅里",
    "五福里",
    "北柳里",
    "南柳里",
    "丁台里",
    "峰谷里",
    "桐林里",
    "中正里",
    "本鄉里",
    "錦榮里",
    "吉峰里",
];

/// The twelve sample months, oldest first.
pub fn months() -> Vec<String> {
    (0..12)
        .map(|i| {
            let m = 10 + i; // November 2025 is month 10 counted from January 2025 (0).
            format!("{}-{:02}", 2025 + m / 12, m % 12 + 1)
        })
        .collect()
}

/// A small deterministic generator, so the sample is the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

fn table(header: &[&str], rows: Vec<Vec<String>>) -> Table {
    Table {
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

pub fn population() -> Table {
    let mut rng = Lcg(108);
    let mut rows = Vec::new();
    let base: Vec<u64> = VILLAGES.iter().map(|_| 1_800 + rng.next(3_400)).collect();
    for (m, month) in months().into_iter().enumerate() {
        for (v, village) in VILLAGES.iter().enumerate() {
            let people = base[v] + (m as u64 * (v as u64 % 3)) - (m as u64 % 2);
            let men = people / 2 + rng.next(40);
            let households = people * 10 / 27 + rng.next(15);
            rows.push(vec![
                month.clone(),
                village.to_string(),
                households.to_string(),
                men.to_string(),
                (people - men).to_string(),
                people.to_string(),
            ]);
        }
    }
    table(&["月份", "里別", "戶數", "男", "女", "人口數"], rows)
}

fn monthly(seed: u64, header: &[&str], low: u64, spread: u64, split: bool) -> Table {
    let mut rng = Lcg(seed);
    let rows = months()
        .into_iter()
        .map(|month| {
            let total = low + rng.next(spread);
            let mut row = vec![month, total.to_string()];
            if split {
                let men = total / 2 + rng.next(total / 4 + 1);
                let men = men.min(total);
                row.push(men.to_string());
                row.push((total - men).to_string());
            }
            row
        })
        .collect();
    table(header, rows)
}

pub fn births() -> Table {
    monthly(1, &["月份", "出生數", "男", "女"], 28, 22, true)
}

pub fn deaths() -> Table {
    monthly(2, &["月份", "死亡數", "男", "女"], 35, 25, true)
}

pub fn marriages() -> Table {
    monthly(3, &["月份", "結婚對數"], 15, 20, false)
}

pub fn divorces() -> Table {
    monthly(4, &["月份", "離婚對數"], 5, 9, false)
}

pub fn petitions() -> Table {
    let mut rng = Lcg(5);
    let mut rows = Vec::new();
    for month in months() {
        for category in ["陳情", "意見反映", "申訴"] {
            let total = rng.next(6);
            let late = if total > 3 { rng.next(2) } else { 0 };
            rows.push(vec![
                month.clone(),
                category.to_string(),
                total.to_string(),
                (total - late).to_string(),
                late.to_string(),
            ]);
        }
    }
    table(&["月份", "類別", "件數", "如期辦結", "逾期辦結"], rows)
}

pub fn counters(office: &Office) -> Table {
    const DAYS: [&str; 7] = [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ];
    let mut rows = Vec::new();
    for l in &office.locations {
        for h in &l.hours {
            rows.push(vec![
                l.name.zh.clone(),
                l.address.zh.clone(),
                l.phone.clone(),
                DAYS.get(usize::from(h.weekday).saturating_sub(1))
                    .copied()
                    .unwrap_or("")
                    .to_string(),
                crate::dates::format_minutes(h.opens),
                crate::dates::format_minutes(h.closes),
            ]);
        }
    }
    table(&["服務地點", "地址", "電話", "星期", "開始", "結束"], rows)
}

pub fn forms(base: &str) -> Table {
    let rows = crate::paper::ENTRIES
        .iter()
        .map(|e| {
            vec![
                e.title.zh.to_string(),
                crate::paper::topic(e.topic)
                    .map(|t| t.name.zh)
                    .unwrap_or("")
                    .to_string(),
                e.version.to_string(),
                if e.online { "是" } else { "否" }.to_string(),
                format!("{base}/forms/{}.odt", e.slug),
                format!("{base}/forms/{}.pdf", e.slug),
            ]
        })
        .collect();
    table(
        &[
            "書表名稱",
            "分類",
            "版本日期",
            "可線上申請",
            "ODT網址",
            "PDF網址",
        ],
        rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_tables_are_sound_and_stable() {
        for t in [
            population(),
            births(),
            deaths(),
            marriages(),
            divorces(),
            petitions(),
            forms(""),
        ] {
            let csv = super::super::to_csv(&t);
            assert_eq!(super::super::parse_csv(csv.as_bytes()).as_ref(), Ok(&t));
        }
        assert_eq!(population().rows.len(), 12 * VILLAGES.len());
        assert_eq!(population(), population(), "the same every time");
        assert_eq!(months().first().map(String::as_str), Some("2025-11"));
        assert_eq!(months().last().map(String::as_str), Some("2026-10"));
        for row in population().rows {
            let n = |i: usize| row[i].parse::<u64>().expect("number");
            assert_eq!(n(3) + n(4), n(5), "men and women add up");
        }
    }
}
