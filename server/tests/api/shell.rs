use crate::helpers::title_of;
use crate::on_both_engines;
use app::i18n::Lang;
use app::site::PAGES;

const OFFICE: &str = "臺中市霧峰區戶政事務所";

#[test]
fn the_page_table_and_the_router_list_the_same_pages() {
    let routes = server::http::route_paths();
    let mut table: Vec<String> = PAGES.iter().map(|p| p.path.to_string()).collect();
    table.sort();
    assert_eq!(
        routes, table,
        "app::site::PAGES must list exactly the routes of app::App"
    );
}

on_both_engines! {
    async fn every_shell_page_answers_200_with_its_own_title_in_chinese(app) {
        let mut titles = std::collections::HashSet::new();
        for page in PAGES.iter().filter(|p| !p.path.contains(':') && !app::site::is_staff(p.path)) {
            let html = app.page(page.path, &[]).await;
            let title = title_of(&html);
            let expected = (page.text)(Lang::ZhTw.t()).title;
            if page.path == "/" {
                assert_eq!(title, OFFICE);
            } else {
                assert_eq!(title, format!("{expected} | {OFFICE}"), "{}", page.path);
            }
            assert!(html.contains(r#"<html lang="zh-Hant-TW""#), "{}", page.path);
            assert!(html.contains(r#"<meta name="description""#), "{}", page.path);
            assert!(html.contains(&format!("<h1>{expected}</h1>")), "{}", page.path);
            assert!(html.contains(r#"accesskey="U""#) && html.contains(r#"accesskey="C""#) && html.contains(r#"accesskey="Z""#));
            assert!(html.contains("本站目前顯示的是範例資料"), "the sample office is marked as sample");
            assert!(titles.insert(title), "{} repeats another page's title", page.path);
        }
    }
}

on_both_engines! {
    async fn every_shell_page_has_an_english_version(app) {
        for page in PAGES.iter().filter(|p| !p.path.contains(':') && !app::site::is_staff(p.path)) {
            let html = app.page(page.path, &[("cookie", "lang=en")]).await;
            assert!(html.contains(r#"<html lang="en""#), "{}", page.path);
            let expected = (page.text)(Lang::En.t()).title;
            assert!(html.contains(&format!("<h1>{expected}</h1>")), "{}", page.path);
            assert!(title_of(&html).ends_with("Wufeng District Household Registration Office, Taichung City"));
        }
    }
}

on_both_engines! {
    async fn an_unknown_address_answers_404_with_a_helpful_page(app) {
        let response = app.get("/no/such/page").await;
        assert_eq!(response.status(), 404);
        let html = crate::helpers::without_markers(&response.text().await.expect("a body"));
        assert!(title_of(&html).starts_with("找不到網頁"));
        assert!(html.contains(r#"href="/sitemap""#));
    }
}

on_both_engines! {
    async fn the_office_pages_show_the_office_from_the_database(app) {
        let counters = app.page("/about/counters", &[]).await;
        for kind in ["全功能櫃檯 × 9", "疼您櫃檯", "愛心櫃檯", "機動櫃檯", "服務檯"] {
            assert!(counters.contains(kind), "counters page lacks {kind}");
        }
        let contact = app.page("/about/contact", &[]).await;
        assert!(contact.contains("四德便民辦公室"));
        assert!(contact.contains("tel:+886423393022"));
        let hours = app.page("/about/hours", &[]).await;
        assert!(hours.contains("08:00–17:00"));
        assert!(hours.contains("17:00–20:00"), "the Wednesday evening hours");
        assert!(hours.contains("<caption>"));
    }
}

on_both_engines! {
    async fn the_site_map_and_navigation_come_from_the_route_table(app) {
        let html = app.page("/sitemap", &[]).await;
        for page in PAGES.iter().filter(|p| !p.path.contains(':') && !app::site::is_staff(p.path)) {
            assert!(html.contains(&format!(r#"href="{}""#, page.path)), "site map lacks {}", page.path);
        }
        let about = app.page("/about/hours", &[]).await;
        assert!(about.contains(r#"<a href="/about" aria-current="page">機關簡介</a>"#), "the section is marked current");
    }
}

on_both_engines! {
    async fn pages_show_their_last_updated_date_with_a_roc_year(app) {
        let html = app.page("/privacy", &[]).await;
        assert!(html.contains(r#"<time datetime="2026-11-26">民國115年11月26日</time>"#));
        let html = app.page("/privacy", &[("cookie", "lang=en")]).await;
        assert!(html.contains("26 November 2026"));
    }
}

on_both_engines! {
    async fn each_online_service_has_a_start_page_listed_in_the_catalogue_and_site_map(app) {
        let list = app.page("/services", &[]).await;
        let sitemap = app.page("/sitemap", &[]).await;
        for code in ["certificate", "marriage", "english-transcript", "home-visit", "house-number", "delivery-address", "registration-visit"] {
            let href = format!(r#"href="/services/{code}""#);
            assert!(list.contains(&href), "the list lacks {code}");
            assert!(sitemap.contains(&href), "the site map lacks {code}");
            let html = app.page(&format!("/services/{code}"), &[]).await;
            for heading in ["適用對象", "應備文件", "規費", "辦理時間"] {
                assert!(html.contains(heading), "{code} lacks {heading}");
            }
        }
        let visit = app.page("/services/registration-visit", &[]).await;
        assert!(visit.contains("出生登記") && visit.contains("同時申請勞保生育給付"));
        assert!(visit.contains("健保署"), "death registration says the record goes to the NHI");
        let home = app.page("/services/home-visit", &[("cookie", "lang=en")]).await;
        assert!(home.contains("In hospital") && home.contains("At school"));
        assert_eq!(title_of(&app.page("/services/marriage", &[]).await), format!("預約結婚登記 | {OFFICE}"));
    }
}

on_both_engines! {
    async fn an_unknown_service_is_a_404(app) {
        let response = app.get("/services/no-such-service").await;
        assert_eq!(response.status(), 404);
    }
}
