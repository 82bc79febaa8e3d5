//! Forms generation (figures, not a pass/fail test): for every form of the catalogue, blank and
//! filled in, the time to make its ODT, ODS (tabular forms) and PDF and the bytes of each, with
//! the sample office. Run with `cargo bench -p server --bench forms`.

use app::apply::forms::Kind;
use app::i18n::Lang;
use app::paper::{self, ENTRIES, Filled, Source};
use std::time::Instant;

const RUNS: usize = 30;

fn answers(entry: &paper::Entry) -> app::booking::flow::Answers {
    entry
        .form
        .fields()
        .map(|f| {
            let v = match f.kind {
                Kind::Choice(o) => o[0].code.to_string(),
                Kind::Multi(o) => o[0].code.to_string(),
                Kind::NationalId => "A123456789".into(),
                Kind::Phone => "0912345678".into(),
                Kind::People { .. } => "陳大明, CHEN, TA-MING".into(),
                Kind::Table { .. } => "王小明, B123456789, 民國60年1月1日, 換領身分證".into(),
                Kind::Day { .. } | Kind::PickupDay => "2026-12-01".into(),
                Kind::Count { .. } => "2".into(),
                _ => format!("{}範例", f.label.zh),
            };
            (f.name.to_string(), v)
        })
        .collect()
}

/// Median and 95th percentile in milliseconds, and the bytes of the last output.
fn measure(make: impl Fn() -> Vec<u8>) -> (f64, f64, usize) {
    let mut samples = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        bytes = make().len();
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(f64::total_cmp);
    (
        samples[RUNS / 2],
        samples[(RUNS * 95).div_ceil(100) - 1],
        bytes,
    )
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let (pool, engine) = server::db::connect(&url, 2)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    server::db::migrate(&pool, engine)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    server::db::seed_office(&pool, None)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    let office = app::office::ssr::load(&pool)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no office"));
    let services = server::db::load_services(None).unwrap_or_else(|e| panic!("{e:#}"));
    let start = Instant::now();
    let font = paper::pdf::PdfFont::find(None).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "Font {} read in {:.0} ms\n",
        font.family,
        start.elapsed().as_secs_f64() * 1000.0
    );
    println!(
        "{:<20} {:<7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "form", "variant", "ODT p50", "ODT KB", "PDF p50", "PDF p95", "PDF KB", "ODS KB"
    );
    let mut worst_pdf: f64 = 0.0;
    for entry in ENTRIES {
        let service = services.service(entry.slug).filter(|_| entry.online);
        let src = Source {
            office: &office,
            service,
        };
        let given = answers(&entry);
        for (variant, filled) in [
            ("blank", None),
            (
                "filled",
                Some(Filled {
                    answers: &given,
                    reference: "AP-BENCH-0001",
                }),
            ),
        ] {
            let doc = paper::build(&entry, &src, Lang::ZhTw, filled.as_ref());
            let (odt50, _, odt_bytes) = measure(|| paper::odf::odt(&doc));
            let (pdf50, pdf95, pdf_bytes) =
                measure(|| paper::pdf::pdf(&doc, &font).unwrap_or_else(|e| panic!("{e}")));
            worst_pdf = worst_pdf.max(pdf95);
            let ods = if entry.tabular {
                format!("{:.1}", paper::odf::ods(&doc).len() as f64 / 1024.0)
            } else {
                "-".into()
            };
            println!(
                "{:<20} {:<7} {:>9.2} {:>9.1} {:>9.2} {:>9.2} {:>9.1} {:>9}",
                entry.slug,
                variant,
                odt50,
                odt_bytes as f64 / 1024.0,
                pdf50,
                pdf95,
                pdf_bytes as f64 / 1024.0,
                ods
            );
        }
    }
    println!("\nSlowest PDF p95: {worst_pdf:.2} ms ({RUNS} runs each)");
}
