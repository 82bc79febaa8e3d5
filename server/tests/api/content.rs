//! Content, search and feeds over HTTP: the sample content on the pages, search quality on a
//! fixed query set, odd queries, feeds read by a real feed parser, sitemap.xml and robots.txt,
//! and an editor's edit reaching the pages, the search and the feed without a restart.

use crate::helpers::{TestApp, multipart, without_markers};
use crate::on_both_engines;
use crate::staff::sign_in;
use app::staff::Role;

async fn search(app: &TestApp, query: &str, lang: &str) -> String {
    let url = format!(
        "/search?q={}",
        query
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    let r = app
        .get_with(&url, &[("cookie", &format!("lang={lang}"))])
        .await;
    assert_eq!(r.status(), 200, "{query}");
    without_markers(&r.text().await.expect("body"))
}

/// The links of the results, in order.
fn result_links(html: &str) -> Vec<String> {
    html.split(r#"<li><h2><a href=""#)
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(href, _)| href.to_string()))
        .collect()
}

on_both_engines! {
    async fn the_sample_content_is_on_the_pages(app) {
        let news = app.page("/news", &[]).await;
        assert!(news.contains("春節連假期間服務時間調整") && !news.contains("排程公告範例"), "scheduled items wait");
        assert!(news.contains(r#"type="application/rss+xml""#), "feed autodiscovery");
        let hours = app.page("/news?category=hours", &[]).await;
        assert!(hours.contains("颱風停班") && !hours.contains("線上申請戶籍謄本"));
        let item = app.page("/news/wednesday-evening-service", &[]).await;
        assert!(item.contains("<h1>每週三夜間延長服務至晚上 8 時（範例）</h1>") && item.contains(r#"<a href="/services/registration-visit">"#));
        assert_eq!(app.get("/news/future-schedule-example").await.status(), 404);
        assert_eq!(app.get("/news/no-such-thing").await.status(), 404);
        let faq = app.page("/faq", &[]).await;
        assert!(faq.contains("出生登記要在多久內辦理？") && faq.contains("<details"));
        let info = app.page("/info/registration-info", &[]).await;
        assert!(info.contains(r#"href="/info/registration-info/birth""#), "a page per registration item, made from the services");
        let birth = app.page("/info/registration-info/birth", &[]).await;
        assert!(birth.contains("應備文件"));
        assert_eq!(app.get("/info/local/birth").await.status(), 404, "a page lives in its own section");
        let home = app.page("/", &[]).await;
        assert!(home.contains(r#"<script type="application/ld+json" nonce="#) && home.contains(r#""@type":"GovernmentOffice""#));
        assert!(home.contains(r#"accesskey="S""#), "the search box has the 導盲磚 S key");
        let service = app.page("/services/marriage", &[]).await;
        assert!(service.contains(r#""@type":"GovernmentService""#));
        let english = app.page("/news/wednesday-evening-service", &[("cookie", "lang=en")]).await;
        assert!(english.contains("Open until 8 pm every Wednesday"));
    }
}

on_both_engines! {
    async fn search_finds_what_people_type(app) {
        // (query, language, a path that must be among the first three results)
        let cases = [
            ("身分證遺失", "zh", "/faq#id-card-replacement"),
            ("身份證遺失", "zh", "/faq#id-card-replacement"),
            ("身份证遗失", "zh", "/faq#id-card-replacement"),
            ("國民身分證", "zh", "/faq#id-card-first"),
            ("謄本", "zh", "/services/certificate"),
            ("誰可以申請謄本", "zh", "/faq#who-can-get-transcript"),
            ("搬家", "zh", "/faq#move-in-where"),
            ("出生", "zh", "/faq#birth-time-limit"),
            ("結婚登記", "zh", "/services/marriage"),
            ("夜間", "zh", "/news/wednesday-evening-service"),
            ("颱風", "zh", "/news/typhoon-closure-notice"),
            ("志工", "zh", "/info/volunteers/join-us"),
            ("transcript", "en", "/services/certificate"),
            ("who may apply for a transcript", "en", "/faq#who-can-get-transcript"),
            ("change a booking", "en", "/faq#booking-change"),
            ("volunteers", "en", "/info/volunteers/join-us"),
        ];
        for (query, lang, expected) in cases {
            let html = search(app, query, lang).await;
            let links = result_links(&html);
            assert!(links.iter().take(3).any(|l| l == expected), "{query}: {expected} not in the top three of {links:?}");
        }
        let html = search(app, "夜間", "zh").await;
        assert!(html.contains("<mark>夜間</mark>"), "matches are highlighted");
        let only_faq = search(app, "身分證", "zh").await;
        let url = "/search?q=%E8%BA%AB%E5%88%86%E8%AD%89&type=faq";
        let filtered = without_markers(&app.get(url).await.text().await.expect("body"));
        assert!(result_links(&filtered).iter().all(|l| l.starts_with("/faq")));
        assert!(result_links(&only_faq).len() >= result_links(&filtered).len());
    }
}

on_both_engines! {
    async fn odd_searches_get_a_page_never_an_error(app) {
        for query in ["", "   ", "！？", "\"*:()", "<script>alert(1)</script>", "a AND b OR", "😀", &"處理".repeat(2000), "ｓｅａｒｃｈ 搜尋"] {
            let html = search(app, query, "zh").await;
            assert!(!html.contains("<script>alert"), "the query is shown escaped");
        }
        let none = search(app, "完全不存在的詞彙組合", "zh").await;
        assert!(none.contains("找不到符合") && none.contains(r#"href="/sitemap""#), "a helpful zero-results page");
        // The catalogue's forms are found by title and by their keywords, and filtered by type.
        let found = search(app, "委託書", "zh-TW").await;
        assert!(result_links(&found).contains(&"/forms/authorisation".to_string()), "{:?}", result_links(&found));
        let by_keyword = app.get("/search?q=%E9%81%B7%E5%85%A5&type=form").await.text().await.expect("page");
        assert_eq!(result_links(&without_markers(&by_keyword)), vec!["/forms/registration".to_string()], "遷入 finds the registration form only among forms");
        let r = app.get("/search?q=%E8%BA%AB&page=9999").await;
        assert_eq!(r.status(), 200, "a page past the end shows the last");
        let r = app.get("/search?q=%FF%FE").await;
        assert!(r.status().as_u16() < 500, "broken encoding is a 4xx at worst");
    }
}

on_both_engines! {
    async fn feeds_parse_and_link_absolutely(app) {
        for (path, kind) in [("/feeds/news.rss", "rss"), ("/feeds/news.atom", "atom"), ("/feeds/pages.atom", "atom"), ("/feeds/pages.rss", "rss"), ("/feeds/news.rss?category=hours", "rss")] {
            let r = app.get_with(path, &[("host", "portal.example.gov.tw")]).await;
            assert_eq!(r.status(), 200, "{path}");
            let content_type = r.headers()["content-type"].to_str().expect("ASCII").to_string();
            assert!(content_type.contains(kind), "{path}: {content_type}");
            let body = r.text().await.expect("body");
            let feed = feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(!feed.entries.is_empty(), "{path}");
            for entry in &feed.entries {
                assert!(entry.links[0].href.starts_with("http://portal.example.gov.tw/"), "{path}: {}", entry.links[0].href);
                assert!(entry.id.starts_with("urn:portal:"), "stable ids");
            }
            assert!(body.contains("+08:00") || body.contains("+0800"), "{path}: Taipei time");
        }
        let hours = app.get("/feeds/news.rss?category=hours").await.text().await.expect("body");
        assert!(hours.contains("颱風") && !hours.contains("志工"));
        assert_eq!(app.get("/feeds/news.json").await.status(), 404);
        let page = app.page("/feeds", &[]).await;
        assert!(page.contains(r#"href="/feeds/news.rss""#) && page.contains(r#"href="/feeds/news.atom?category=hours""#));
    }
}

on_both_engines! {
    async fn sitemap_xml_and_robots_txt_list_the_public_site(app) {
        let xml = app.get_with("/sitemap.xml", &[("host", "portal.example.gov.tw")]).await.text().await.expect("body");
        assert!(xml.contains("<loc>http://portal.example.gov.tw/news/wednesday-evening-service</loc>"));
        assert!(xml.contains("<loc>http://portal.example.gov.tw/services/marriage</loc>"));
        assert!(!xml.contains("/staff") && !xml.contains("future-schedule-example"));
        let robots = app.get_with("/robots.txt", &[("host", "portal.example.gov.tw")]).await.text().await.expect("body");
        assert!(robots.contains("Sitemap: http://portal.example.gov.tw/sitemap.xml") && robots.contains("Disallow: /staff"));
    }
}

on_both_engines! {
    async fn an_edit_reaches_the_pages_search_and_feed_without_a_restart(app) {
        let editor = sign_in(app, "writer1", Role::Editor).await;
        let csrf = editor.csrf().await;
        let post = |path: String, fields: Vec<(&'static str, String)>| {
            let (csrf, cookie) = (csrf.clone(), editor.cookie.clone());
            async move {
                let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
                form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
                app.post_form(&path, &form, &[("cookie", &cookie)]).await
            }
        };
        let fields = |slug: &str, title: &str, action: &str| {
            vec![
                ("kind", "announcement".to_string()),
                ("section", "news".to_string()),
                ("slug", slug.to_string()),
                ("title_zh", title.to_string()),
                ("title_en", String::new()),
                ("body_zh", "本所新增**櫻花季**假日服務。<script>alert(1)</script>".to_string()),
                ("body_en", String::new()),
                ("publish_at", String::new()),
                ("action", action.to_string()),
            ]
        };
        // Bad input comes back with the errors and nothing saved.
        let bad = post("/staff/content/new".into(), fields("Bad Slug", "", "publish")).await;
        assert_eq!(bad.status(), 422);
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM content WHERE slug = 'bad-slug'").fetch_one(&app.pool).await.expect("count");
        assert_eq!(count, 0);

        // A draft is not on the site.
        let r = post("/staff/content/new".into(), fields("sakura-season", "櫻花季假日服務", "draft")).await;
        assert_eq!(r.status(), 303);
        let edit_path = r.headers()["location"].to_str().expect("ASCII").split('?').next().expect("path").to_string();
        assert_eq!(app.get("/news/sakura-season").await.status(), 404);
        assert!(result_links(&search(app, "櫻花季", "zh").await).is_empty());

        // Published: on the page (script escaped), in search at once, in the feed.
        let r = post(edit_path.clone(), fields("sakura-season", "櫻花季假日服務", "publish")).await;
        assert_eq!(r.status(), 303);
        let page = app.page("/news/sakura-season", &[]).await;
        assert!(page.contains("<strong>櫻花季</strong>") && !page.contains("<script>alert"));
        assert_eq!(result_links(&search(app, "樱花季", "zh").await), ["/news/sakura-season"], "Simplified finds it too");
        let feed = app.get("/feeds/news.atom").await.text().await.expect("body");
        assert!(feed.contains("櫻花季假日服務"));

        // A slug taken by another item is refused; the history keeps every save.
        let clash = post("/staff/content/new".into(), fields("sakura-season", "另一則", "draft")).await;
        assert_eq!(clash.status(), 409);
        let history = editor.html(&edit_path).await;
        assert!(history.contains("修訂紀錄") && history.matches("writer1").count() >= 2);

        // Unpublished: gone from the page and the search.
        let r = post(edit_path.clone(), fields("sakura-season", "櫻花季假日服務", "unpublish")).await;
        assert_eq!(r.status(), 303);
        assert_eq!(app.get("/news/sakura-season").await.status(), 404);
        assert!(result_links(&search(app, "櫻花季", "zh").await).is_empty());

        // Clerks cannot edit content.
        let clerk = sign_in(app, "clerk9", Role::Clerk).await;
        assert_eq!(clerk.get("/staff/content").await.status(), 403);
    }
}

on_both_engines! {
    async fn editors_extend_the_synonyms(app) {
        assert!(result_links(&search(app, "換證", "zh").await).iter().all(|l| !l.contains("id-card")));
        let editor = sign_in(app, "writer2", Role::Editor).await;
        let csrf = editor.csrf().await;
        let r = app
            .post_form("/staff/synonyms", &[("csrf", &csrf), ("lines", "身分證, 身份證\n換證, 補領")], &[("cookie", &editor.cookie)])
            .await;
        assert_eq!(r.status(), 200);
        let links = result_links(&search(app, "換證", "zh").await);
        assert!(links.iter().any(|l| l == "/faq#id-card-replacement"), "{links:?}");
    }
}

on_both_engines! {
    async fn editors_attach_checked_files_that_citizens_download(app) {
        let editor = sign_in(app, "writer3", Role::Editor).await;
        let csrf = editor.csrf().await;
        let (id,): (String,) = sqlx::query_as("SELECT id FROM content WHERE slug = 'wednesday-evening-service'")
            .fetch_one(&app.pool).await.expect("sample item");
        let upload = |name: &'static str, bytes: Vec<u8>, token: String| {
            let cookie = editor.cookie.clone();
            let id = id.clone();
            async move {
                let (content_type, body) = multipart(&[("csrf", &token)], name, &bytes);
                app.client
                    .post(format!("{}/staff/content/{id}/attachments", app.address))
                    .header("cookie", cookie)
                    .header("content-type", content_type)
                    .body(body)
                    .send()
                    .await
                    .expect("answer")
            }
        };
        let bad = upload("tool.exe", b"MZ....".to_vec(), csrf.clone()).await;
        assert_eq!(bad.status(), 422);
        assert!(without_markers(&bad.text().await.expect("body")).contains("不接受這種檔案"));
        let renamed = upload("夜間服務.pdf", b"MZ not a pdf".to_vec(), csrf.clone()).await;
        assert_eq!(renamed.status(), 422, "a renamed file is refused by its contents");
        let forged = upload("夜間服務.pdf", b"%PDF-1.4 x".to_vec(), "0000".into()).await;
        assert_eq!(forged.status(), 403, "CSRF");
        let too_big = upload("big.pdf", [b"%PDF".as_slice(), &vec![b'x'; 11 * 1024 * 1024]].concat(), csrf.clone()).await;
        assert_eq!(too_big.status(), 413);
        let ok = upload("夜間 服務.pdf", b"%PDF-1.4 sample".to_vec(), csrf.clone()).await;
        assert_eq!(ok.status(), 303);
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM content_attachments").fetch_one(&app.pool).await.expect("count");
        assert_eq!(count, 1, "nothing refused was kept");

        let page = app.page("/news/wednesday-evening-service", &[]).await;
        let href = page
            .split_once(r#"href="/files/"#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(h, _)| format!("/files/{h}"))
            .expect("the attachment is listed");
        assert!(href.ends_with("夜間-服務.pdf"));
        let file = app.get(&href).await;
        assert_eq!(file.status(), 200);
        assert_eq!(file.headers()["content-type"], "application/pdf");
        assert_eq!(file.bytes().await.expect("bytes").as_ref(), b"%PDF-1.4 sample");
        assert_eq!(app.get("/files/0123456789abcdef0123456789abcdef/x.pdf").await.status(), 404);

        // Editors open the files of items citizens cannot see yet, from the edit page.
        sqlx::query("UPDATE content SET status = 'draft' WHERE id = $1").bind(&id).execute(&app.pool).await.expect("draft");
        assert_eq!(app.get(&href).await.status(), 404, "a draft's file is not public");
        let edit = editor.html(&format!("/staff/content/{id}")).await;
        let staff_href = edit
            .split_once(&format!(r#"href="/staff/content/{id}/files/"#))
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(f, _)| format!("/staff/content/{id}/files/{f}"))
            .expect("the edit page links the file");
        assert_eq!(editor.get(&staff_href).await.status(), 200);
        assert_eq!(app.get(&staff_href).await.status(), 303, "signed-in editors only");
    }
}

on_both_engines! {
    async fn a_long_announcement_is_saved_and_an_over_long_one_is_refused_with_a_page(app) {
        let editor = sign_in(app, "writer3", Role::Editor).await;
        let csrf = editor.csrf().await;
        let save = |body: String| {
            let (csrf, cookie) = (csrf.clone(), editor.cookie.clone());
            async move {
                let form = [
                    ("csrf", csrf.as_str()),
                    ("kind", "announcement"),
                    ("section", "news"),
                    ("slug", "long-notice"),
                    ("title_zh", "長公告"),
                    ("title_en", ""),
                    ("body_zh", body.as_str()),
                    ("body_en", ""),
                    ("publish_at", ""),
                    ("action", "publish"),
                ];
                app.post_form("/staff/content/new", &form, &[("cookie", &cookie)]).await
            }
        };
        // 3,000 Chinese characters: 9,000 bytes, 27,000 once percent-encoded.
        let r = save("戶".repeat(3000)).await;
        assert_eq!(r.status(), 303, "a long announcement is saved");
        assert!(app.page("/news/long-notice", &[]).await.contains(&"戶".repeat(100)));
        // Far over the form's limit: a page in the editor's language, not a bare 413.
        let r = save("x".repeat(1024 * 1024)).await;
        assert_eq!(r.status(), 413);
        assert!(r.headers()["content-type"].to_str().expect("ASCII").starts_with("text/html"));
        let page = without_markers(&r.text().await.expect("page"));
        assert!(page.contains("超過這個表單的上限") && page.contains("上一頁"));
    }
}
