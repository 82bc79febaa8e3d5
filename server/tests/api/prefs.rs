use crate::on_both_engines;

on_both_engines! {
    async fn the_font_size_switch_works_without_javascript_and_is_remembered(app) {
        let response = app.post_form("/prefs/font-size", &[("size", "l"), ("back", "/about/hours")], &[]).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/about/hours");
        let cookie = response.headers()["set-cookie"].to_str().expect("ASCII").to_string();
        assert!(cookie.starts_with("font_size=l;"), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"));
        assert!(!cookie.contains("Secure"), "not configured for HTTPS");

        for path in ["/about/hours", "/privacy"] {
            let html = app.page(path, &[("cookie", "font_size=l")]).await;
            assert!(html.contains(r#"class="fs-l""#), "{path}");
            assert!(html.contains(r#"value="l" aria-pressed="true" class="fs-button fs-button-l""#), "{path}");
        }

        let response = app.post_form("/prefs/font-size", &[("size", "s"), ("back", "/privacy")], &[("cookie", "font_size=l")]).await;
        assert_eq!(response.status(), 303);
        assert!(response.headers()["set-cookie"].to_str().expect("ASCII").starts_with("font_size=s;"));
        let html = app.page("/privacy", &[("cookie", "font_size=s")]).await;
        assert!(html.contains(r#"class="fs-s""#));
    }
}

on_both_engines! {
    async fn the_language_switch_works_without_javascript(app) {
        let html = app.page("/about", &[]).await;
        assert!(html.contains(r#"<button type="submit" name="lang" value="en" lang="en">English</button>"#));
        let response = app.post_form("/prefs/lang", &[("lang", "en"), ("back", "/about")], &[]).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/about");
        assert!(response.headers()["set-cookie"].to_str().expect("ASCII").starts_with("lang=en;"));
        let html = app.page("/about", &[("cookie", "lang=en")]).await;
        assert!(html.contains("<h1>About the office</h1>"));
        assert!(html.contains(r#"value="zh-TW" lang="zh-Hant-TW">中文</button>"#));
    }
}

on_both_engines! {
    async fn a_bad_preference_gets_a_400_in_the_readers_language(app) {
        let response = app.post_form("/prefs/font-size", &[("size", "huge"), ("back", "/about")], &[]).await;
        assert_eq!(response.status(), 400);
        assert!(response.headers().get("set-cookie").is_none());
        assert!(response.text().await.expect("body").contains("設定值無效"));
        let response = app.post_form("/prefs/lang", &[("lang", "xx")], &[("cookie", "lang=en")]).await;
        assert_eq!(response.status(), 400);
        assert!(response.text().await.expect("body").contains("Setting not recognised"));
    }
}

on_both_engines! {
    async fn the_way_back_never_leaves_the_site(app) {
        for back in ["//evil.example/", "https://evil.example/", "/\\evil.example", ""] {
            let response = app.post_form("/prefs/lang", &[("lang", "en"), ("back", back)], &[]).await;
            assert_eq!(response.status(), 303);
            assert_eq!(response.headers()["location"], "/", "back={back}");
        }
    }
}

#[tokio::test]
async fn cookies_are_secure_when_served_over_https() {
    let app = crate::helpers::spawn_app_with(
        crate::helpers::Engine::Sqlite,
        &[("PORTAL_SECURE_COOKIES", "true")],
    )
    .await;
    let response = app
        .post_form("/prefs/lang", &[("lang", "en"), ("back", "/")], &[])
        .await;
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .expect("ASCII")
            .contains("; Secure")
    );
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}
