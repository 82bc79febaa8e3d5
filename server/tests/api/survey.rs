//! Satisfaction surveys over HTTP: the general survey, one answer per visit reference (a real
//! application's), bad answers refused, results counted within a version, editors' new versions,
//! and free text shown to staff only.

use crate::apply::apply_for_transcript;
use crate::book_flow::book_visit;
use crate::helpers::{TestApp, without_markers};
use crate::on_both_engines;
use crate::staff::sign_in;
use app::staff::Role;

async fn answer(
    app: &TestApp,
    path: &str,
    version: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut all = vec![("version", version)];
    all.extend_from_slice(fields);
    app.post_form(path, &all, &[]).await
}

const GOOD: [(&str, &str); 5] = [
    ("q1", "5"),
    ("q2", "4"),
    ("q3", "3"),
    ("q4", "2"),
    ("q5", "櫃檯很親切"),
];

on_both_engines! {
    async fn surveys_take_one_answer_per_visit_and_publish_results_by_version(app) {
        let page = app.page("/survey", &[]).await;
        assert!(page.contains("整體而言，您對這次服務滿意嗎？") && page.contains(r#"name="version" value="1""#));

        // Bad answers: every question but the comment is needed, values must be offered ones.
        let bad = answer(app, "/survey", "1", &[("q1", "9"), ("q2", "4")]).await;
        assert_eq!(bad.status(), 422);
        assert!(without_markers(&bad.text().await.expect("page")).contains("請選擇一項"));
        let long = "長".repeat(1001);
        let mut too_long = GOOD.to_vec();
        too_long[4] = ("q5", long.as_str());
        assert_eq!(answer(app, "/survey", "1", &too_long).await.status(), 422);
        assert_eq!(answer(app, "/survey", "1", &GOOD).await.status(), 303);

        // A visit: its reference must exist, and it is answered once.
        let (reference, _) = apply_for_transcript(app, "A22345678", "").await;
        let lookup_page = app.page(&format!("/survey/visit/{reference}"), &[]).await;
        assert!(lookup_page.contains("戶口名簿") || lookup_page.contains("謄本"), "the visit's service is named");
        assert_eq!(app.get("/survey/visit/NOPE0-NOPE0").await.status(), 404);
        let visit = format!("/survey/visit/{reference}");
        assert_eq!(answer(app, &visit, "1", &GOOD).await.status(), 303);
        assert_eq!(answer(app, &visit, "1", &GOOD).await.status(), 409, "one answer per visit");
        assert_eq!(app.get(&visit).await.status(), 409);
        let (hash,): (String,) = sqlx::query_as("SELECT ref_hash FROM survey_answers WHERE ref_hash IS NOT NULL").fetch_one(&app.pool).await.expect("row");
        assert!(!hash.contains(&reference), "the reference is kept only as a keyed hash");

        let results = app.page("/survey/results", &[]).await;
        assert!(results.contains("2 份回答") && results.contains("平均 5.00 / 5"), "two answers, both 5");
        assert!(!results.contains("櫃檯很親切"), "free text is for staff only");

        // Editors change the questions: a new version, results start again.
        let editor = sign_in(app, "survey1", Role::Editor).await;
        let admin = editor.html("/staff/surveys").await;
        assert!(admin.contains("櫃檯很親切") && admin.contains("rating | 整體而言"));
        let csrf = editor.csrf().await;
        let broken = app.post_form("/staff/surveys", &[("csrf", &csrf), ("questions", "stars | 星等 | Stars")], &[("cookie", &editor.cookie)]).await;
        assert_eq!(broken.status(), 422);
        assert!(without_markers(&broken.text().await.expect("page")).contains("第 1 行"));
        let saved = app.post_form("/staff/surveys", &[("csrf", &csrf), ("questions", "rating | 您滿意嗎？ | Satisfied?\ntext | 建議 | Suggestions")], &[("cookie", &editor.cookie)]).await;
        assert_eq!(saved.status(), 200);
        assert!(without_markers(&saved.text().await.expect("page")).contains("第 2 版"));
        let clerk = sign_in(app, "survey2", Role::Clerk).await;
        assert_eq!(clerk.get("/staff/surveys").await.status(), 403);
        assert_eq!(answer(app, "/survey", "1", &GOOD).await.status(), 409, "a form of the old version is asked again");
        let v2 = app.page("/survey/results", &[]).await;
        assert!(v2.contains("題目版本 2") && v2.contains("這個版本還沒有人填寫"));
        assert_eq!(answer(app, "/survey", "2", &[("q1", "4")]).await.status(), 303);
    }
}

on_both_engines! {
    async fn each_counter_has_its_survey_and_its_results(app) {
        // The QR code of a counter points at its survey; unknown counters are not found.
        let qr = app.get("/survey/counter/main/c1/qr.svg").await;
        assert_eq!(qr.status(), 200);
        assert_eq!(qr.headers()["content-type"], "image/svg+xml");
        assert!(qr.text().await.expect("svg").starts_with("<svg"));
        assert_eq!(app.get("/survey/counter/main/nope/qr.svg").await.status(), 404);
        assert_eq!(app.get("/survey/counter/nowhere/c1").await.status(), 404);
        assert_eq!(answer(app, "/survey/counter/main/nope", "1", &GOOD).await.status(), 404);
        let page = app.page("/survey/counter/main/c1", &[]).await;
        assert!(page.contains("1 號櫃檯") && page.contains(r#"action="/survey/counter/main/c1""#));
        let bad = answer(app, "/survey/counter/main/c1", "1", &[("q1", "0")]).await;
        assert_eq!(bad.status(), 422);
        assert!(without_markers(&bad.text().await.expect("page")).contains("1 號櫃檯"), "asked again for the same counter");
        let mut poor = GOOD.to_vec();
        poor[0] = ("q1", "2");
        assert_eq!(answer(app, "/survey/counter/main/c1", "1", &poor).await.status(), 303);

        // A booked visit served at counter 2: its survey counts for that counter.
        let (reference, _) = book_visit(app, "A12345678").await;
        let (day,): (String,) = sqlx::query_as("SELECT day FROM bookings WHERE reference = $1").bind(&reference).fetch_one(&app.pool).await.expect("day");
        sqlx::query("INSERT INTO tickets (id, location_id, day, number, kind, booking_reference, status, counter_id, issued_at) VALUES ('t1', 'main', $1, 1, 'appointment', $2, 'done', 'c2', 0)")
            .bind(&day).bind(&reference).execute(&app.pool).await.expect("ticket");
        assert_eq!(answer(app, &format!("/survey/visit/{reference}"), "1", &GOOD).await.status(), 303);
        let (counters,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM survey_answers WHERE location = 'main' AND counter IN ('c1', 'c2')").fetch_one(&app.pool).await.expect("count");
        assert_eq!(counters, 2);

        let results = app.page("/survey/results", &[]).await;
        assert!(results.contains("各櫃檯滿意度"));
        let by_counter = results.split_once("各櫃檯滿意度").map(|(_, rest)| rest.to_string()).unwrap_or_default();
        assert!(by_counter.contains("1 號櫃檯") && by_counter.contains("2.0") && by_counter.contains("2 號櫃檯") && by_counter.contains("5.0"), "each counter's mean");

        // Editors find a printable QR code for every counter.
        let editor = sign_in(app, "editor.qr", Role::Editor).await;
        let admin = editor.html("/staff/surveys").await;
        assert!(admin.contains(r#"src="/survey/counter/main/c1/qr.svg""#));
    }
}
