use crate::on_both_engines;

on_both_engines! {
    async fn healthz_answers_200_with_json_while_the_database_answers(app) {
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        let body: serde_json::Value = response.json().await.expect("JSON");
        assert_eq!(body["status"], "ok");
        assert_eq!(body["database"], "ok");
    }
}

on_both_engines! {
    async fn healthz_answers_503_when_the_database_is_gone(app) {
        app.pool.close().await;
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 503);
        let body: serde_json::Value = response.json().await.expect("JSON");
        assert_eq!(body["status"], "unavailable");
    }
}
