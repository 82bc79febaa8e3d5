//! The forms catalogue over HTTP: every form's HTML view and files, the filled-in form for the
//! person who applied (and nobody else), editors' uploads with ODF checks, the feed and the site
//! map; and every ODF file the portal makes validated against the OASIS schema (jing) and opened
//! in LibreOffice, with the expected text found in what LibreOffice printed.

use crate::apply::{apply_for_transcript, start};
use crate::helpers::{TestApp, multipart, without_markers};
use crate::on_both_engines;
use crate::staff::sign_in;
use app::paper::{self, ENTRIES, Format};
use app::staff::Role;

async fn download(app: &TestApp, path: &str, lang: &str) -> (u16, String, Vec<u8>) {
    let r = app
        .get_with(path, &[("cookie", &format!("lang={lang}"))])
        .await;
    let status = r.status().as_u16();
    let content_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (
        status,
        content_type,
        r.bytes().await.expect("body").to_vec(),
    )
}

/// A part of an ODF package, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let parts = paper::zip::parts(bytes).expect("a zip");
    let p = parts.iter().find(|p| p.name == name).expect("the part");
    String::from_utf8(paper::zip::read(bytes, p, 1 << 24).expect("readable")).expect("utf-8")
}

on_both_engines! {
    async fn every_form_is_in_the_catalogue_with_its_files(app) {
        let catalogue = app.page("/forms", &[]).await;
        for e in ENTRIES {
            assert!(catalogue.contains(&format!(r#"href="/forms/{}""#, e.slug)), "{}", e.slug);
            for f in e.formats() {
                assert!(catalogue.contains(&format!(r#"href="/forms/{}.{}""#, e.slug, f.ext())), "{} {}", e.slug, f.ext());
            }
        }
        assert!(catalogue.contains(r#"href="/feeds/forms.rss""#), "feed autodiscovery");
        let topic = app.page("/forms?topic=identity", &[]).await;
        assert!(topic.contains("印鑑登記申請書") && !topic.contains("委託書"));
        assert_eq!(app.get("/forms?topic=nothing").await.status(), 404);

        let view = app.page("/forms/seal", &[]).await;
        assert!(view.contains(r#"<meta name="DC.identifier" content="urn:portal:form:seal:2026-11-01""#), "Dublin Core on the page");
        assert!(view.contains("印鑑（請於框內蓋章）") && view.contains("印鑑證明"), "the form's questions, from its definition");
        let english = app.page("/forms/seal", &[("cookie", "lang=en")]).await;
        assert!(english.contains("Seal registration application"));

        for e in ENTRIES {
            for f in e.formats() {
                let (status, content_type, bytes) = download(app, &format!("/forms/{}.{}", e.slug, f.ext()), "zh-TW").await;
                assert_eq!((status, content_type.as_str()), (200, f.content_type()), "{} {}", e.slug, f.ext());
                match f {
                    Format::Pdf => assert!(bytes.starts_with(b"%PDF-")),
                    _ => {
                        assert_eq!(paper::odf::check_package(f.content_type(), &bytes), Ok(()));
                        let meta = part(&bytes, "meta.xml");
                        assert!(meta.contains(&format!("<dc:title>{}</dc:title>", e.title.zh)), "{meta}");
                        assert!(meta.contains("<dc:language>zh-Hant-TW</dc:language>"));
                    }
                }
            }
        }
        assert_eq!(app.get("/forms/seal.ods").await.status(), 404, "not a tabular form");
        assert_eq!(app.get("/forms/seal.doc").await.status(), 404);
        assert_eq!(app.get("/forms/nothing.pdf").await.status(), 404);

        let sitemap = app.page("/sitemap.xml", &[]).await;
        assert!(sitemap.contains("/forms/registration</loc>"));
        let feed = app.get("/feeds/forms.atom").await.bytes().await.expect("feed");
        let feed = feed_rs::parser::parse(&feed[..]).expect("a valid feed");
        assert_eq!(feed.entries.len(), ENTRIES.len());
        assert!(feed.entries.iter().any(|e| e.id == "urn:portal:form:registration:2026-11-01"));
    }
}

on_both_engines! {
    async fn the_applicant_downloads_their_form_filled_in_and_nobody_else_does(app) {
        let (reference, id) = apply_for_transcript(app, "A22345678", "mei@example.com").await;
        let lookup = app.post_form("/bookings/lookup", &[("reference", &reference), ("id", &id)], &[]).await;
        assert_eq!(lookup.status(), 200);
        let page = without_markers(&lookup.text().await.expect("page"));
        let href = page
            .split_once(&format!(r#"href="/applications/{reference}/form.pdf?token="#))
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(token, _)| format!("/applications/{reference}/form.pdf?token={token}"))
            .expect("a link to the filled-in PDF on the lookup page");
        assert!(!page.contains(&id), "the page itself never shows the ID in full");

        let (status, content_type, pdf) = download(app, &href, "zh-TW").await;
        assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
        assert!(pdf.starts_with(b"%PDF-"));
        let odt_href = href.replace("form.pdf", "form.odt");
        let (status, _, odt) = download(app, &odt_href, "zh-TW").await;
        assert_eq!(status, 200);
        let content = part(&odt, "content.xml");
        assert!(content.contains(&reference) && content.contains(&id), "filled in, with the ID in full");
        assert!(content.contains("陳小美、陳大明") && content.contains("☑ 戶籍謄本"));
        assert!(!content.contains("戶口名簿（補領或換領）</text:p></table:table-cell><table:table-cell") , "only the answered pages");

        // Without the token, with a forged or stale one, or for another reference: refused.
        let bare = format!("/applications/{reference}/form.pdf");
        assert_eq!(app.get(&bare).await.status(), 403);
        assert_eq!(app.get(&format!("{bare}?token=9999999999.0000")).await.status(), 403);
        let token = href.split_once("token=").map(|(_, t)| t.to_string()).expect("token");
        let (other, _) = apply_for_transcript(app, "B12345678", "").await;
        assert_eq!(app.get(&format!("/applications/{other}/form.pdf?token={token}")).await.status(), 403);
        assert_eq!(app.get(&format!("/applications/{reference}/form.exe?token={token}")).await.status(), 404);

        // The confirmation page offers it too, to the browser that sent it.
        let a = start(app, "delivery-address").await;
        let id = crate::apply::id_number("C12345678");
        a.answer("applicant", &[("name", "林大同"), ("id", &id), ("phone", "0912-345-678"), ("email", "")], "address").await;
        let today = app::dates::iso_date(app::dates::today_in_taipei());
        a.answer("address", &[("delivery_address", "413 臺中市霧峰區中正路 1 號"), ("from_day", &today)], "check").await;
        let sent = a.send().await;
        let done = a.html("done").await;
        assert!(done.contains(&format!("/applications/{sent}/form.odt?token=")), "the confirmation links the filled-in form");
        assert!(!done.contains(&id));
    }
}

on_both_engines! {
    async fn editors_upload_forms_and_broken_odf_files_are_refused(app) {
        let editor = sign_in(app, "forms1", Role::Editor).await;
        let csrf = editor.csrf().await;
        let post = |path: &'static str, fields: Vec<(&'static str, String)>, name: &'static str, bytes: Vec<u8>, cookie: String| async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (content_type, body) = multipart(&fields, name, &bytes);
            app.client
                .post(format!("{}{path}", app.address))
                .header("cookie", cookie)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .expect("answer")
        };
        let fields = |csrf: &str, title: &str| vec![
            ("csrf", csrf.to_string()),
            ("topic", "registration".to_string()),
            ("title_zh", title.to_string()),
            ("title_en", "Adoption registration".to_string()),
            ("description_zh", "收養登記使用。".to_string()),
            ("description_en", String::new()),
            ("version", "2026-11-20".to_string()),
        ];
        let good = download(app, "/forms/authorisation.odt", "zh-TW").await.2;

        // A broken ODF file: a ZIP whose content is not well-formed.
        let mut z = paper::zip::ZipWriter::new();
        z.add("mimetype", Format::Odt.content_type().as_bytes(), false);
        z.add("META-INF/manifest.xml", part(&good, "META-INF/manifest.xml").as_bytes(), true);
        z.add("content.xml", b"<office:document-content><office:body>", true);
        z.add("styles.xml", b"<a/>", true);
        z.add("meta.xml", b"<a/>", true);
        let broken = post("/staff/forms", fields(&csrf, "收養登記申請書"), "adoption.odt", z.finish(), editor.cookie.clone()).await;
        assert_eq!(broken.status(), 422);
        assert!(without_markers(&broken.text().await.expect("page")).contains("ODF 檔案格式不正確"));
        let renamed = post("/staff/forms", fields(&csrf, "收養登記申請書"), "adoption.ods", good.clone(), editor.cookie.clone()).await;
        assert_eq!(renamed.status(), 422, "an ODT renamed .ods");
        let exe = post("/staff/forms", fields(&csrf, "收養登記申請書"), "adoption.exe", b"MZ".to_vec(), editor.cookie.clone()).await;
        assert_eq!(exe.status(), 422);
        let untitled = post("/staff/forms", fields(&csrf, ""), "adoption.odt", good.clone(), editor.cookie.clone()).await;
        assert_eq!(untitled.status(), 422);
        let script = post("/staff/forms", fields(&csrf, "<script>alert(1)</script>"), "adoption.odt", b"".to_vec(), editor.cookie.clone()).await;
        let script_page = script.text().await.expect("page");
        assert!(script_page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !script_page.contains("<script>alert(1)"), "shown back escaped");
        let forged = post("/staff/forms", fields("0000", "收養登記申請書"), "adoption.odt", good.clone(), editor.cookie.clone()).await;
        assert_eq!(forged.status(), 403);
        let clerk = sign_in(app, "clerk9", Role::Clerk).await;
        let csrf_clerk = clerk.csrf().await;
        let refused = post("/staff/forms", fields(&csrf_clerk, "收養登記申請書"), "adoption.odt", good.clone(), clerk.cookie.clone()).await;
        assert_eq!(refused.status(), 403);
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM form_uploads").fetch_one(&app.pool).await.expect("count");
        assert_eq!(count, 0, "nothing refused was kept");

        let ok = post("/staff/forms", fields(&csrf, "收養登記申請書"), "收養 登記.odt", good.clone(), editor.cookie.clone()).await;
        assert_eq!(ok.status(), 303);
        let catalogue = app.page("/forms?topic=registration", &[]).await;
        assert!(catalogue.contains("收養登記申請書"));
        let href = catalogue
            .split_once(r#"href="/forms/files/"#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(h, _)| format!("/forms/files/{h}"))
            .expect("a download link");
        let (status, content_type, bytes) = download(app, &href, "zh-TW").await;
        assert_eq!((status, content_type.as_str(), bytes.len()), (200, Format::Odt.content_type(), good.len()));
        let feed = app.page("/feeds/forms.rss", &[]).await;
        assert!(feed.contains("收養登記申請書"), "new forms appear in the feed");

        let (id,): (String,) = sqlx::query_as("SELECT id FROM form_uploads").fetch_one(&app.pool).await.expect("row");
        let (content_type, body) = multipart(&[("csrf", &csrf), ("version", "2026-12-01")], "v2.pdf", b"%PDF-1.4 new");
        let replaced = app.client.post(format!("{}/staff/forms/{id}", app.address))
            .header("cookie", editor.cookie.clone()).header("content-type", content_type).body(body)
            .send().await.expect("answer");
        assert_eq!(replaced.status(), 303);
        let (version, name): (String, String) = sqlx::query_as("SELECT version, file_name FROM form_uploads").fetch_one(&app.pool).await.expect("row");
        assert_eq!((version.as_str(), name.as_str()), ("2026-12-01", "v2.pdf"));

        let withdraw = app.post_form(&format!("/staff/forms/{id}/withdraw"), &[("csrf", &csrf)], &[("cookie", &editor.cookie)]).await;
        assert_eq!(withdraw.status(), 303);
        assert!(!app.page("/forms", &[]).await.contains("收養登記申請書"));
        assert_eq!(app.get(&format!("/forms/files/{id}/v2.pdf")).await.status(), 404);
        assert_eq!(editor.get(&format!("/staff/forms/{id}/file")).await.status(), 200, "editors still open it");
        let (actions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'form_%'").fetch_one(&app.pool).await.expect("audit");
        assert_eq!(actions, 3, "uploaded, replaced, withdrawn");
    }
}

fn tool(name: &str) -> String {
    let found = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    found.unwrap_or_else(|| {
        panic!("{name} is needed for the ODF tests: run scripts/setup.sh --test")
    })
}

fn run(command: &mut std::process::Command) -> String {
    let out = command.output().expect("the command runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{command:?} failed:\n{text}");
    text
}

/// Every ODF file the portal makes, blank and filled in, in both languages: each part valid
/// against the OASIS ODF 1.3 schema, each file opened by LibreOffice and printed to PDF with the
/// form's title (and, filled in, the reference) in it; and the portal's own PDFs carry the text.
#[tokio::test]
async fn every_odf_file_validates_and_opens_in_libreoffice() {
    let (jing, soffice, pdftotext) = (tool("jing"), tool("soffice"), tool("pdftotext"));
    let schemas = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/odf-schema/1.3");
    assert!(
        schemas.join("schema.rng").exists(),
        "the OASIS schemas at {}",
        schemas.display()
    );
    let dir = tempfile::tempdir().expect("dir");
    let portal = crate::helpers::spawn_app(crate::helpers::Engine::Sqlite).await;
    let office = app::office::ssr::load(&portal.pool)
        .await
        .expect("office")
        .expect("the sample office");
    let services =
        app::services::ssr::parse(include_str!("../../sample/services.toml")).expect("services");
    let font = paper::pdf::PdfFont::find(None).expect("a CJK font: run scripts/setup.sh");
    let mut expected: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut packages = Vec::new();
    for entry in ENTRIES {
        let service = services.service(entry.slug).filter(|_| entry.online);
        let src = paper::Source {
            office: &office,
            service,
        };
        let answers = crate::forms::sample_answers(&entry, service);
        for (variant, filled) in [
            ("blank", None),
            (
                "filled",
                Some(paper::Filled {
                    answers: &answers,
                    reference: "AP-ODF-0001",
                }),
            ),
        ] {
            for lang in app::i18n::Lang::ALL {
                let doc = paper::build(&entry, &src, lang, filled.as_ref());
                let stem = format!("{}-{variant}-{}", entry.slug, lang.code());
                let mut texts = vec![entry.title.get(lang).to_string()];
                if filled.is_some() {
                    texts.push("AP-ODF-0001".into());
                }
                let mut files = vec![(format!("{stem}.odt"), paper::odf::odt(&doc))];
                if entry.tabular {
                    files.push((format!("{stem}-sheet.ods"), paper::odf::ods(&doc)));
                }
                for (name, bytes) in files {
                    std::fs::write(dir.path().join(&name), &bytes).expect("write");
                    packages.push((name.clone(), bytes));
                    expected.push((name, stem.clone(), texts.clone()));
                }
                let pdf = paper::pdf::pdf(&doc, &font).expect("pdf");
                let own = dir.path().join(format!("{stem}.own.pdf"));
                std::fs::write(&own, pdf).expect("write");
                let text = run(std::process::Command::new(&pdftotext).arg(&own).arg("-"));
                for t in &texts {
                    assert!(
                        text.replace(['\n', ' '], "").contains(&t.replace(' ', "")),
                        "{stem}: our PDF lacks {t}:\n{text}"
                    );
                }
            }
        }
    }
    // The open datasets' spreadsheets too.
    for (name, table) in [
        ("population", app::opendata::sample::population()),
        ("births", app::opendata::sample::births()),
        ("petitions", app::opendata::sample::petitions()),
        ("counters", app::opendata::sample::counters(&office)),
    ] {
        let meta = paper::Meta {
            identifier: format!("urn:portal:dataset:{name}:1"),
            title: format!("資料集 {name}"),
            description: "範例".into(),
            subject: "施政計畫".into(),
            keywords: vec!["人口".into()],
            language: "zh-Hant-TW",
            creator: office.name.zh.clone(),
            date: time::macros::date!(2026 - 11 - 01),
        };
        let bytes =
            paper::odf::spreadsheet(meta, app::i18n::Lang::ZhTw, &table.header, &table.rows);
        let file = format!("dataset-{name}.ods");
        std::fs::write(dir.path().join(&file), &bytes).expect("write");
        packages.push((file.clone(), bytes));
        // A short cell of the first row: long ones may be cut at the column's edge in print.
        let cell = table.rows[0]
            .iter()
            .find(|c| c.chars().count() <= 8)
            .cloned()
            .unwrap_or_default();
        expected.push((file, name.to_string(), vec![table.header[0].clone(), cell]));
    }
    // Every part against the schema: content, styles and meta by schema.rng, the manifest by its own.
    let mut parts = Vec::new();
    let mut manifests = Vec::new();
    for (name, bytes) in &packages {
        assert_eq!(
            paper::zip::first_local_name(bytes),
            Some("mimetype"),
            "{name}"
        );
        for p in [
            "content.xml",
            "styles.xml",
            "meta.xml",
            "META-INF/manifest.xml",
        ] {
            let path = dir.path().join(format!("{name}.{}", p.replace('/', "_")));
            std::fs::write(&path, part(bytes, p)).expect("write");
            if p.starts_with("META-INF") {
                manifests.push(path)
            } else {
                parts.push(path)
            }
        }
    }
    run(std::process::Command::new(&jing)
        .arg("-i")
        .arg(schemas.join("schema.rng"))
        .args(&parts));
    run(std::process::Command::new(&jing)
        .arg("-i")
        .arg(schemas.join("manifest-schema.rng"))
        .args(&manifests));

    // LibreOffice opens each one and prints it.
    let out = dir.path().join("lo");
    let profile = dir.path().join("profile");
    run(std::process::Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .args(packages.iter().map(|(n, _)| dir.path().join(n))));
    for (name, _, texts) in &expected {
        let pdf = out.join(name.replace(".odt", ".pdf").replace(".ods", ".pdf"));
        assert!(pdf.exists(), "LibreOffice did not print {name}");
        let text = run(std::process::Command::new(&pdftotext).arg(&pdf).arg("-"));
        for t in texts {
            // A spreadsheet prints the title in a cell that may wrap; compare without spaces.
            assert!(
                text.replace(['\n', ' '], "").contains(&t.replace(' ', "")),
                "{name}: LibreOffice's PDF lacks {t}:\n{text}"
            );
        }
    }
}

/// Answers for every field of a form, as an applicant might give them.
pub fn sample_answers(
    entry: &paper::Entry,
    service: Option<&app::services::Service>,
) -> app::booking::flow::Answers {
    use app::apply::forms::Kind;
    let mut a = app::booking::flow::Answers::new();
    for f in entry.form.fields() {
        let v = match f.kind {
            Kind::Choice(o) => o[o.len() - 1].code.to_string(),
            Kind::Multi(o) => format!("{},{}", o[0].code, o[1].code),
            Kind::NationalId => "A123456789".into(),
            Kind::Phone => "0912345678".into(),
            Kind::Email => "mei@example.com".into(),
            Kind::People { .. } => "陳大明, CHEN, TA-MING\n林小美, LIN, HSIAO-MEI".into(),
            Kind::Table { .. } => "王小明, B123456789, 民國60年1月1日, 換領身分證".into(),
            Kind::Day { .. } | Kind::PickupDay => "2026-12-01".into(),
            Kind::Count { .. } => "2".into(),
            Kind::Place => "main".into(),
            Kind::Item => service
                .and_then(|s| s.items.first())
                .map(|i| i.code.clone())
                .unwrap_or_default(),
            _ => format!("{}範例", f.label.zh),
        };
        a.insert(f.name.to_string(), v);
    }
    a
}
