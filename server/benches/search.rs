//! Search speed (figures, not a pass/fail test): building the index of 10,000 generated
//! documents in Traditional Chinese and English, and query latency p50/p95 over a fixed query
//! set (Traditional, Simplified, a word inside a longer word, a synonym, English, no match).
//! Run with `cargo bench -p server --bench search`.

use app::i18n::{L10n, Lang};
use app::search::DocType;
use app::search::index::{Doc, Index};
use std::time::Instant;

const DOCS: usize = 10_000;

/// Plausible sentences from the registration vocabulary, varied by the document number.
fn text(n: usize) -> (String, String) {
    let topics = [
        "出生登記",
        "死亡登記",
        "遷入登記",
        "結婚登記",
        "離婚登記",
        "初領國民身分證",
        "補領國民身分證",
        "印鑑登記",
        "戶籍謄本",
        "門牌整編",
        "英文戶籍謄本",
        "到府服務",
    ];
    let places = ["霧峰", "四德", "本所", "服務檯", "愛心櫃檯"];
    let verbs = ["申請", "辦理", "查詢", "預約", "領取"];
    let t = topics[n % topics.len()];
    let p = places[(n / 7) % places.len()];
    let v = verbs[(n / 3) % verbs.len()];
    let zh = format!(
        "{t}須知第{n}號：民眾可於{p}{v}{t}，請攜帶國民身分證及印章；待處理案件於三個工作天內完成，安裝簡單的線上服務也可{v}。"
    );
    let en = format!(
        "Notice {n}: residents may apply at {p} for registration number {n}; bring your ID card and seal. Opening hours are on working days."
    );
    (zh, en)
}

fn percentiles(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at =
        |p: f64| samples[((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len()) - 1];
    (at(0.50), at(0.95))
}

fn main() {
    let docs: Vec<Doc> = (0..DOCS)
        .map(|n| {
            let (zh, en) = text(n);
            Doc {
                title: L10n::new(
                    format!("公告 {n}：{}", &zh.chars().take(8).collect::<String>()),
                    format!("Notice {n}"),
                ),
                text: L10n::new(zh, en),
                path: format!("/news/item-{n}"),
                doc_type: if n % 3 == 0 {
                    DocType::Faq
                } else {
                    DocType::Announcement
                },
                date: Some(1_700_000_000 + n as i64),
            }
        })
        .collect();
    let synonyms = vec![vec!["身分證".to_string(), "身份證".to_string()]];
    let started = Instant::now();
    let index = Index::build(docs, &synonyms);
    let build = started.elapsed().as_secs_f64();
    println!("search index: {DOCS} documents built in {:.2} s", build);
    let queries = [
        "身分證",
        "身份证",
        "簡單",
        "處理",
        "結婚登記",
        "英文戶籍謄本",
        "霧峰 預約",
        "opening hours",
        "seal",
        "不存在的詞彙",
    ];
    let mut all = Vec::new();
    for query in queries {
        let mut samples = Vec::new();
        let mut found = 0;
        for _ in 0..50 {
            let started = Instant::now();
            let (total, _) = index
                .search_page(query, None, Lang::ZhTw, 0, 10)
                .unwrap_or_default();
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
            found = total;
        }
        let (p50, p95) = percentiles(samples.clone());
        println!("  {query:<14} {found:>6} hits   p50 {p50:7.2} ms   p95 {p95:7.2} ms");
        all.extend(samples);
    }
    let (p50, p95) = percentiles(all);
    println!(
        "  all queries                     p50 {p50:7.2} ms   p95 {p95:7.2} ms   (budget p95 ≤ 5 ms)"
    );
}
