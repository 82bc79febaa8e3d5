use crate::book_flow::book_visit;
use crate::helpers::without_markers;
use crate::on_both_engines;

on_both_engines! {
    async fn a_booking_is_looked_up_and_cancelled_only_by_post_after_confirmation(app) {
        let (reference, id) = book_visit(app, "D21234567").await;
        let r = app.post_form("/bookings/lookup", &[("reference", &reference.to_lowercase()), ("id", &id)], &[]).await;
        assert_eq!(r.status(), 200);
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains("D21****") && !html.contains(&id), "masked");
        let link = html
            .split_once(r#"href="/bookings/"#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(l, _)| format!("/bookings/{}", l.replace("&amp;", "&")))
            .expect("a cancel link");

        // Following the link (as a mail scanner would) changes nothing.
        let confirm = app.get(&link).await;
        assert_eq!(confirm.status(), 200);
        let confirm = without_markers(&confirm.text().await.expect("body"));
        assert!(confirm.contains("確定要取消這筆預約嗎"));
        let (status,): (String,) = sqlx::query_as("SELECT status FROM bookings").fetch_one(&app.pool).await.expect("row");
        assert_eq!(status, "booked");

        let token = link.split_once("token=").map(|(_, t)| t.to_string()).expect("token");
        let r = app.post_form(&format!("/bookings/{reference}/cancel"), &[("token", &token)], &[]).await;
        assert_eq!(r.status(), 200);
        assert!(without_markers(&r.text().await.expect("body")).contains("預約已取消"));
        let (status,): (String,) = sqlx::query_as("SELECT status FROM bookings").fetch_one(&app.pool).await.expect("row");
        assert_eq!(status, "cancelled");
        let (booked,): (i64,) = sqlx::query_as("SELECT CAST(SUM(booked) AS BIGINT) FROM slots").fetch_one(&app.pool).await.expect("sum");
        assert_eq!(booked, 0, "the seat is given back");

        let again = app.post_form(&format!("/bookings/{reference}/cancel"), &[("token", &token)], &[]).await;
        assert_eq!(again.status(), 409);
        let change = app.post_form(&format!("/bookings/{reference}/change"), &[("token", &token)], &[]).await;
        assert_eq!(change.status(), 409, "a cancelled booking cannot be moved, and says why");
        let forged = app.post_form(&format!("/bookings/{reference}/cancel"), &[("token", "99999999999.00")], &[]).await;
        assert_eq!(forged.status(), 403);
    }
}

on_both_engines! {
    async fn wrong_or_malformed_lookups_get_clear_answers(app) {
        let (reference, _) = book_visit(app, "E21234567").await;
        let other = format!("E21234568{}", app::validate::check_digit("E21234568").expect("digit"));
        let r = app.post_form("/bookings/lookup", &[("reference", &reference), ("id", &other)], &[]).await;
        assert_eq!(r.status(), 404);
        assert!(without_markers(&r.text().await.expect("body")).contains("查無符合的預約"));
        let r = app.post_form("/bookings/lookup", &[("reference", "12"), ("id", "x")], &[("cookie", "lang=en")]).await;
        assert_eq!(r.status(), 422);
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains("Enter the 10-character reference") && html.contains("one letter and nine digits"));
    }
}

#[tokio::test]
async fn lookups_past_the_limit_get_a_429_page() {
    let app = crate::helpers::spawn_app_with(
        crate::helpers::Engine::Sqlite,
        &[("PORTAL_LOOKUPS_PER_10_MINUTES", "3")],
    )
    .await;
    for _ in 0..3 {
        let r = app
            .post_form(
                "/bookings/lookup",
                &[("reference", "AB12C-DE34F"), ("id", "A123456789")],
                &[],
            )
            .await;
        assert_eq!(r.status(), 404);
    }
    let r = app
        .post_form(
            "/bookings/lookup",
            &[("reference", "AB12C-DE34F"), ("id", "A123456789")],
            &[],
        )
        .await;
    assert_eq!(r.status(), 429);
    let retry: i64 = r.headers()["retry-after"]
        .to_str()
        .expect("ASCII")
        .parse()
        .expect("seconds");
    assert!((1..=1200).contains(&retry), "{retry}");
    let html = without_markers(&r.text().await.expect("body"));
    assert!(
        html.contains("請稍候再試") && html.contains("分鐘後再試"),
        "says when to try again"
    );
    // Another citizen (another address) is not held up by the first one's lookups.
    let other = app
        .post_form_from(
            9,
            "/bookings/lookup",
            &[("reference", "AB12C-DE34F"), ("id", "A123456789")],
            &[],
        )
        .await;
    assert_eq!(other.status(), 404);
}

on_both_engines! {
    async fn a_booking_moves_to_a_new_time_releasing_the_old_one_only_when_confirmed(app) {
        let (reference, id) = book_visit(app, "N21234567").await;
        let r = app.post_form("/bookings/lookup", &[("reference", &reference), ("id", &id)], &[]).await;
        let html = without_markers(&r.text().await.expect("body"));
        let token = html
            .split_once(r#"name="token" value=""#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(t, _)| t.to_string())
            .expect("a token in the change form");
        let r = app.post_form(&format!("/bookings/{reference}/change"), &[("token", &token)], &[]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/book/registration-visit/day");
        let cookie = r.headers()["set-cookie"].to_str().expect("ASCII").split(';').next().expect("cookie").to_string();
        let headers = [("cookie", cookie.as_str())];

        // The last day and time offered, so the booking really moves.
        let days = without_markers(&app.get_with("/book/registration-visit/day", &headers).await.text().await.expect("body"));
        let day = days.rsplit(r#"name="day" value=""#).next().and_then(|s| s.split_once('"')).map(|(d, _)| d.to_string()).expect("a day");
        app.post_form("/book/registration-visit/day", &[("day", &day)], &headers).await;
        let times = without_markers(&app.get_with("/book/registration-visit/time", &headers).await.text().await.expect("body"));
        let time = times.rsplit(r#"name="time" value=""#).next().and_then(|s| s.split_once('"')).map(|(t, _)| t.to_string()).expect("a time");
        let r = app.post_form("/book/registration-visit/time", &[("time", &time)], &headers).await;
        assert_eq!(r.headers()["location"], "/book/registration-visit/check", "the other answers are kept");

        // Until confirmed, the old booking stands.
        let (active,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bookings WHERE status = 'booked'").fetch_one(&app.pool).await.expect("count");
        assert_eq!(active, 1);
        let check = without_markers(&app.get_with("/book/registration-visit/check", &headers).await.text().await.expect("body"));
        assert!(check.contains(&format!("您正在更改預約 {reference}")));
        let r = app.post_form("/book/registration-visit/check", &[], &headers).await;
        assert_eq!(r.headers()["location"], "/book/registration-visit/done");

        let rows: Vec<(String, String)> = sqlx::query_as("SELECT reference, status FROM bookings ORDER BY created_at, status")
            .fetch_all(&app.pool)
            .await
            .expect("rows");
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().any(|(r, s)| *r == reference && s == "cancelled"));
        assert!(rows.iter().any(|(r, s)| *r != reference && s == "booked"));
        let (booked,): (i64,) = sqlx::query_as("SELECT CAST(SUM(booked) AS BIGINT) FROM slots").fetch_one(&app.pool).await.expect("sum");
        assert_eq!(booked, 1, "the old seat was released, the new one taken");
    }
}
