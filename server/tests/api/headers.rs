use crate::on_both_engines;

on_both_engines! {
    async fn pages_carry_the_security_headers_and_the_csp_nonce_of_their_scripts(app) {
        let response = app.get("/").await;
        let headers = response.headers().clone();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
        assert!(headers["permissions-policy"].to_str().expect("ASCII").contains("camera=()"));
        assert_eq!(headers["cache-control"], "no-store");
        let csp = headers["content-security-policy"].to_str().expect("ASCII").to_string();
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in the policy")
            .to_string();
        let html = response.text().await.expect("body");
        // Every inline script carries the nonce of this response, and no other.
        let scripts = html.matches("<script").count();
        assert!(scripts >= 1);
        assert_eq!(html.matches(&format!(r#"nonce="{nonce}""#)).count(), scripts);
        // A second response has a different nonce.
        let again = app.get("/").await;
        assert!(!again.headers()["content-security-policy"].to_str().expect("ASCII").contains(&nonce));
    }
}

on_both_engines! {
    async fn html_is_compressed_with_brotli_or_gzip_as_the_client_asks(app) {
        let plain = app.get("/about").await;
        assert!(plain.headers().get("content-encoding").is_none());
        let br = app.get_with("/about", &[("accept-encoding", "br")]).await;
        assert_eq!(br.headers()["content-encoding"], "br");
        let gzip = app.get_with("/about", &[("accept-encoding", "gzip")]).await;
        assert_eq!(gzip.headers()["content-encoding"], "gzip");
        let both = app.get_with("/about", &[("accept-encoding", "gzip, deflate, br")]).await;
        assert!(both.headers().get("content-encoding").is_some());
        assert!(both.headers()["vary"].to_str().expect("ASCII").contains("accept-encoding"));
    }
}
