//! Open data over HTTP: the disclosure and catalogue pages, each dataset's metadata and its
//! CSV / JSON / ODS, the statistics charts, the CKAN Action API's envelope and errors on both
//! addresses, the DCAT catalogue's paging, editors' CSV uploads with their checks, the feed; and
//! the real `ckanapi` client and `rdflib` (PyPI) against the running server.

use crate::helpers::{TestApp, multipart, without_markers};
use crate::on_both_engines;
use crate::staff::sign_in;
use app::staff::Role;
use serde_json::Value;

async fn json(app: &TestApp, path: &str) -> (u16, Value) {
    let r = app.get(path).await;
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON"))
}

on_both_engines! {
    async fn the_eight_categories_datasets_and_their_files_are_published(app) {
        let disclosure = app.page("/disclosure", &[]).await;
        for g in app::opendata::GROUPS {
            assert!(disclosure.contains(g.name.zh), "{}", g.code);
        }
        assert!(disclosure.contains(r#"href="/disclosure/service-plan""#));
        let plan = app.page("/disclosure/service-plan", &[]).await;
        assert!(plan.contains("提升服務品質執行計畫") && plan.contains("政府服務躍升方案"), "the plan, published under 施政計畫");

        let catalogue = app.page("/opendata", &[]).await;
        assert!(catalogue.contains(r#"href="/opendata/population-by-village""#) && catalogue.contains("範例資料"));
        assert!(catalogue.contains(r#"type="application/ld+json""#) && catalogue.contains(r#"href="https://data.gov.tw/license""#));
        let petitions = app.page("/opendata?group=petitions", &[]).await;
        assert!(petitions.contains("人民陳情案件統計") && !petitions.contains("出生登記數"));
        assert_eq!(app.get("/opendata?group=nothing").await.status(), 404);

        let page = app.page("/opendata/births-monthly", &[]).await;
        for field in ["資料集名稱", "描述", "主要欄位說明", "提供機關", "聯絡人", "更新頻率", "授權方式", "計費方式", "上架日期", "詮釋資料更新時間", "關鍵字", "服務分類", "相關網址", "檔案格式", "編碼", "資料量", "資源網址", "資源更新時間"] {
            assert!(page.contains(&format!(r#"<th scope="row">{field}</th>"#)), "{field}");
        }
        assert!(page.contains(r#"href="/opendata/births-monthly.ttl""#));

        let csv = app.get("/opendata/births-monthly/data.csv").await;
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let table = app::opendata::parse_csv(&csv.bytes().await.expect("csv")).expect("a sound CSV");
        assert_eq!(table.header, ["月份", "出生數", "男", "女"]);
        assert_eq!(table.rows.len(), 12);
        let (status, rows) = json(app, "/opendata/births-monthly/data.json").await;
        assert_eq!(status, 200);
        assert_eq!(rows.as_array().map(Vec::len), Some(12));
        assert_eq!(rows[0]["月份"], table.rows[0][0].as_str());
        let ods = app.get("/opendata/births-monthly/data.ods").await.bytes().await.expect("ods");
        assert_eq!(app::paper::odf::check_package("application/vnd.oasis.opendocument.spreadsheet", &ods), Ok(()));
        assert_eq!(app.get("/opendata/births-monthly/data.xls").await.status(), 404);
        assert_eq!(app.get("/opendata/nothing/data.csv").await.status(), 404);

        let stats = app.page("/statistics", &[]).await;
        assert_eq!(stats.matches("<svg").count(), 4, "four charts, drawn by the server");
        assert_eq!(stats.matches(r#"<table class="data chart-table">"#).count(), 4, "each with its table");
        assert!(stats.contains("本堂里"));

        let sitemap = app.page("/sitemap.xml", &[]).await;
        assert!(sitemap.contains("/opendata/births-monthly</loc>"));
        let feed = app.get("/feeds/opendata.atom").await.bytes().await.expect("feed");
        let feed = feed_rs::parser::parse(&feed[..]).expect("a valid feed");
        assert_eq!(feed.entries.len(), 8);
    }
}

on_both_engines! {
    async fn the_ckan_api_answers_like_ckan_on_both_addresses(app) {
        for prefix in ["/api/3/action", "/api/action"] {
            let (status, list) = json(app, &format!("{prefix}/package_list")).await;
            assert_eq!(status, 200);
            assert_eq!(list["success"], true);
            assert!(list["help"].as_str().is_some_and(|h| h.contains("help_show")));
            assert_eq!(list["result"].as_array().map(Vec::len), Some(8));
        }
        let (_, show) = json(app, "/api/3/action/package_show?id=population-by-village").await;
        let pkg = &show["result"];
        assert_eq!(pkg["license_id"], "OGDL-Taiwan-1.0");
        assert_eq!(pkg["groups"][0]["name"], "plans");
        assert_eq!(pkg["resources"].as_array().map(Vec::len), Some(3));
        assert!(pkg["resources"][0]["url"].as_str().is_some_and(|u| u.starts_with("http://") && u.ends_with("/opendata/population-by-village/data.csv")));

        // POST with a JSON body, as the ckanapi client sends it.
        let r = app.client.post(format!("{}/api/action/package_search", app.address))
            .header("content-type", "application/json")
            .body(r#"{"q": "出生", "rows": 5, "sort": "name asc"}"#)
            .send().await.expect("answer");
        assert_eq!(r.status(), 200);
        let found: Value = r.json().await.expect("json");
        assert_eq!(found["result"]["count"], 1);
        assert_eq!(found["result"]["results"][0]["name"], "births-monthly");
        let (_, fq) = json(app, "/api/3/action/package_search?fq=groups:petitions").await;
        assert_eq!(fq["result"]["count"], 1);
        let (_, paged) = json(app, "/api/3/action/package_search?rows=3&start=6&sort=name%20asc").await;
        assert_eq!(paged["result"]["results"].as_array().map(Vec::len), Some(2), "8 datasets: the third page has 2");

        let (_, groups) = json(app, "/api/3/action/group_list?all_fields=true").await;
        assert_eq!(groups["result"].as_array().map(Vec::len), Some(8));
        let (_, group) = json(app, "/api/3/action/group_show?id=plans").await;
        assert_eq!(group["result"]["package_count"], 5);
        let (_, orgs) = json(app, "/api/3/action/organization_list").await;
        let org = orgs["result"][0].as_str().expect("a name").to_string();
        let (status, _) = json(app, &format!("/api/3/action/organization_show?id={org}")).await;
        assert_eq!(status, 200);

        // Errors in CKAN's envelope and with its status codes.
        let (status, missing) = json(app, "/api/3/action/package_show?id=nothing").await;
        assert_eq!((status, missing["success"].clone(), missing["error"]["__type"].clone()), (404, Value::Bool(false), Value::from("Not Found Error")));
        let (status, no_id) = json(app, "/api/3/action/package_show").await;
        assert_eq!((status, no_id["error"]["__type"].clone()), (409, Value::from("Validation Error")));
        let (status, _) = json(app, "/api/3/action/package_search?rows=abc").await;
        assert_eq!(status, 409);
        let (status, _) = json(app, "/api/3/action/package_search?sort=secret%20desc").await;
        assert_eq!(status, 409);
        let (status, _) = json(app, "/api/3/action/package_search?q=secret:1").await;
        assert_eq!(status, 409);
        let (status, unknown) = json(app, "/api/3/action/package_create").await;
        assert_eq!((status, unknown["error"]["__type"].clone()), (400, Value::from("Bad request")));
        let r = app.client.post(format!("{}/api/action/package_show", app.address))
            .header("content-type", "application/json").body("[1, 2").send().await.expect("answer");
        assert_eq!(r.status(), 400);

        // DCAT, paged.
        let ttl = app.page("/catalog.ttl", &[]).await;
        assert!(ttl.contains("a dcat:Catalog") && ttl.contains("a hydra:PagedCollection") && ttl.contains("hydra:totalItems \"8\"^^xsd:integer"));
        let (status, ld) = json(app, "/catalog.jsonld?page=1").await;
        assert_eq!(status, 200);
        assert!(ld["@graph"].as_array().is_some_and(|g| g.iter().filter(|n| n["@type"] == serde_json::json!(["dcat:Dataset"])).count() == 8));
        assert_eq!(app.get("/catalog.ttl?page=0").await.status(), 400);
        assert_eq!(app.get("/catalog.ttl?page=x").await.status(), 400);
        let (status, _) = json(app, "/opendata/births-monthly.jsonld").await;
        assert_eq!(status, 200);
    }
}

on_both_engines! {
    async fn editors_upload_checked_csv_versions(app) {
        let editor = sign_in(app, "data1", Role::Editor).await;
        let csrf = editor.csrf().await;
        let upload = |name: &'static str, bytes: Vec<u8>, token: String, cookie: String| async move {
            let (content_type, body) = multipart(&[("csrf", &token)], name, &bytes);
            app.client.post(format!("{}/staff/opendata/marriages-monthly", app.address))
                .header("cookie", cookie).header("content-type", content_type).body(body)
                .send().await.expect("answer")
        };
        let page = editor.html("/staff/opendata").await;
        assert!(page.contains("結婚登記對數"));
        for (name, bytes, message) in [
            ("big5.csv", vec![0xa6, 0xe3, 0xa5, 0xf7, b',', b'1', b'\n', b'1', b',', b'2', b'\n'], "UTF-8"),
            ("ragged.csv", "月份,結婚對數\n2026-11,20\n2026-12\n".as_bytes().to_vec(), "第 3 列有 1 欄"),
            ("header.csv", "月份,\n2026-11,20\n".as_bytes().to_vec(), "第 1 列須為欄位名稱"),
            ("empty.csv", Vec::new(), "檔案是空的"),
            ("data.xlsx", b"PK\x03\x04".to_vec(), "不接受"),
        ] {
            let r = upload(name, bytes, csrf.clone(), editor.cookie.clone()).await;
            assert_eq!(r.status(), 422, "{name}");
            let body = without_markers(&r.text().await.expect("page"));
            assert!(body.contains(message), "{name}: {message}");
        }
        let forged = upload("ok.csv", b"a,b\n1,2\n".to_vec(), "0000".into(), editor.cookie.clone()).await;
        assert_eq!(forged.status(), 403);
        let clerk = sign_in(app, "clerk8", Role::Clerk).await;
        let clerk_csrf = clerk.csrf().await;
        assert_eq!(upload("ok.csv", b"a,b\n1,2\n".to_vec(), clerk_csrf, clerk.cookie.clone()).await.status(), 403);
        let (versions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM dataset_resources WHERE dataset = 'marriages-monthly'").fetch_one(&app.pool).await.expect("count");
        assert_eq!(versions, 1, "nothing refused was kept");

        let good = "\u{feff}月份,結婚對數\r\n2026-11,21\r\n2026-12,30\r\n";
        let ok = upload("marriages.csv", good.as_bytes().to_vec(), csrf.clone(), editor.cookie.clone()).await;
        assert_eq!(ok.status(), 303);
        let csv = app.get("/opendata/marriages-monthly/data.csv").await.text().await.expect("csv");
        assert_eq!(csv, "月份,結婚對數\r\n2026-11,21\r\n2026-12,30\r\n");
        let (_, show) = json(app, "/api/3/action/package_show?id=marriages-monthly").await;
        assert_eq!(show["result"]["version"], "2");
        let data_volume = show["result"]["extras"].as_array().and_then(|e| e.iter().find(|x| x["key"] == "資料量")).map(|x| x["value"].clone());
        assert_eq!(data_volume, Some(Value::from("2")));

        // A new dataset, with its metadata and first data, all or nothing.
        let create = |name: &'static str, email: &'static str, csv: &'static str| {
            let cookie = editor.cookie.clone();
            let csrf = csrf.clone();
            async move {
                let boundary = "----portal-new-dataset";
                let mut body = String::new();
                for (k, v) in [("csrf", csrf.as_str()), ("name", name), ("group", "plans"), ("title_zh", "<b>戶數</b>統計"), ("title_en", ""), ("notes_zh", "各里戶數。"), ("notes_en", ""), ("fields_zh", "里別、戶數"), ("frequency_zh", "每月"), ("keywords", "戶數、里"), ("contact", "研考"), ("contact_email", email), ("related_url", "/statistics")] {
                    body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"));
                }
                body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"h.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"));
                app.client.post(format!("{}/staff/opendata", app.address))
                    .header("cookie", cookie)
                    .header("content-type", format!("multipart/form-data; boundary={boundary}"))
                    .body(body).send().await.expect("answer")
            }
        };
        let bad = create("Bad Name!", "nobody", "里別,戶數\n本堂里,1\n").await;
        assert_eq!(bad.status(), 422);
        let page = without_markers(&bad.text().await.expect("page"));
        assert!(page.contains("3 到 60 個英文小寫字母") && page.contains("正確的電子郵件") && page.contains("&lt;b&gt;戶數&lt;/b&gt;統計"), "errors, and the typed title shown back escaped");
        assert_eq!(create("households", "data@example.gov.tw", "里別,戶數\n本堂里\n").await.status(), 422, "a broken CSV");
        let (datasets,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM datasets").fetch_one(&app.pool).await.expect("count");
        assert_eq!(datasets, 8, "nothing half-saved");
        assert_eq!(create("households", "data@example.gov.tw", "里別,戶數\n本堂里,1\n").await.status(), 303);
        assert_eq!(create("households", "data@example.gov.tw", "里別,戶數\n本堂里,1\n").await.status(), 409, "the name is taken");
        let (_, made) = json(app, "/api/3/action/package_show?id=households").await;
        assert_eq!(made["result"]["title"], "<b>戶數</b>統計");
        assert_eq!(made["result"]["tags"].as_array().map(Vec::len), Some(2));

        let withdraw = app.post_form("/staff/opendata/marriages-monthly/withdraw", &[("csrf", &csrf)], &[("cookie", &editor.cookie)]).await;
        assert_eq!(withdraw.status(), 303);
        assert_eq!(app.get("/opendata/marriages-monthly").await.status(), 404);
        assert_eq!(app.get("/opendata/marriages-monthly/data.csv").await.status(), 404);
        let (_, list) = json(app, "/api/3/action/package_list").await;
        assert_eq!(list["result"].as_array().map(Vec::len), Some(8), "9 datasets, one withdrawn");
    }
}

/// The real clients: ckanapi (POSTing JSON to /api/action) and rdflib reading the DCAT
/// catalogue, from PyPI (scripts/setup.sh --test puts them in tools/.venv).
#[tokio::test]
async fn ckanapi_and_rdflib_read_the_portal() {
    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/.venv/bin/python");
    assert!(
        python.exists(),
        "tools/.venv is missing: run scripts/setup.sh --test"
    );
    let app = crate::helpers::spawn_app(crate::helpers::Engine::Sqlite).await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/ckan_check.py");
    let address = app.address.clone();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python)
            .arg(script)
            .arg(address)
            .output()
    })
    .await
    .expect("joined")
    .expect("python runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("ok: 8 datasets"), "{text}");
}
