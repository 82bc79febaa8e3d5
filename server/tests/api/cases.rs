//! Online applications worked as cases: the list with deadline flags, a case opened (and
//! recorded), state changes with the 三通 mails, and the citizen's lookup showing the history.

use crate::apply::apply_for_transcript;
use crate::helpers::without_markers;
use crate::on_both_engines;
use crate::staff::sign_in;
use app::staff::Role;

on_both_engines! {
    async fn a_case_moves_through_its_states_telling_the_citizen(app) {
        let (reference, id) = apply_for_transcript(app, "P12345678", "p@example.com").await;
        let clerk = sign_in(app, "clerk7", Role::Clerk).await;
        let list = clerk.html("/staff/cases").await;
        assert!(list.contains(&reference) && list.contains("已受理"));

        let page = clerk.html(&format!("/staff/cases/{reference}")).await;
        assert!(page.contains("陳小美") && page.contains("現戶部分"), "the clerk sees the answers");
        let (viewed,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'view_case' AND subject = $1")
            .bind(&reference).fetch_one(&app.pool).await.expect("count");
        assert_eq!(viewed, 1, "opening a case is recorded");

        let csrf = clerk.csrf().await;
        let post = |from: &'static str, to: &'static str, message: &'static str| {
            let (csrf, cookie, reference) = (csrf.clone(), clerk.cookie.clone(), reference.clone());
            async move {
                app.post_form(&format!("/staff/cases/{reference}"), &[("csrf", &csrf), ("from", from), ("to", to), ("message", message)], &[("cookie", &cookie)]).await
            }
        };
        assert_eq!(post("received", "missing_documents", "請補附委託書").await.status(), 303);
        let stale = post("received", "processing", "").await;
        assert_eq!(stale.status(), 409, "a page showing the old state changes nothing");
        assert_eq!(post("missing_documents", "collected", "").await.status(), 422);
        assert_eq!(post("missing_documents", "processing", "").await.status(), 303);
        let sealed: Vec<(Option<Vec<u8>>,)> = sqlx::query_as("SELECT message_sealed FROM case_events WHERE reference = $1")
            .bind(&reference).fetch_all(&app.pool).await.expect("events");
        assert!(sealed.iter().filter_map(|(m,)| m.as_ref()).all(|m| !String::from_utf8_lossy(m).contains("委託書")), "messages are sealed");
        assert_eq!(post("processing", "ready", "").await.status(), 303);
        assert_eq!(post("ready", "collected", "").await.status(), 303);

        let kinds: Vec<(String,)> = sqlx::query_as("SELECT kind FROM outbox WHERE reference = $1 ORDER BY created_at, kind")
            .bind(&reference).fetch_all(&app.pool).await.expect("mails");
        let kinds: Vec<&str> = kinds.iter().map(|k| k.0.as_str()).collect();
        assert_eq!(kinds.len(), 4, "{kinds:?}");
        for kind in ["application_received", "case_missing_documents", "case_processing", "case_ready"] {
            assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
        }

        // The citizen sees the same history, with what they were told.
        let r = app.post_form("/bookings/lookup", &[("reference", &reference), ("id", &id)], &[]).await;
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains("待補件") && html.contains("請補附委託書") && html.contains("已領取"));
        assert!(!html.contains("撤回這筆申請"), "a case being worked cannot be withdrawn online");
    }
}

on_both_engines! {
    async fn overdue_and_near_due_cases_are_flagged(app) {
        let (late, _) = apply_for_transcript(app, "Q12345678", "").await;
        let (soon, _) = apply_for_transcript(app, "Q22345678", "").await;
        sqlx::query("UPDATE applications SET due_day = '2020-01-02' WHERE reference = $1").bind(&late).execute(&app.pool).await.expect("update");
        let today = app::dates::iso_date(app::dates::today_in_taipei());
        sqlx::query("UPDATE applications SET due_day = $2 WHERE reference = $1").bind(&soon).bind(&today).execute(&app.pool).await.expect("update");
        let supervisor = sign_in(app, "boss", Role::Supervisor).await;
        let list = supervisor.html("/staff/cases").await;
        assert!(list.contains("逾期 1 件、即將到期 1 件"), "the counts lead the list");
        let late_at = list.find(&late).expect("listed");
        let soon_at = list.find(&soon).expect("listed");
        assert!(late_at < soon_at, "by deadline");
        assert!(list.contains("逾期") && list.contains("即將到期"));
        let overview = supervisor.html("/staff/overview/main").await;
        assert!(overview.contains("逾期 1 件、即將到期 1 件"), "the overview counts them too");
        let editor = sign_in(app, "writer", Role::Editor).await;
        assert_eq!(editor.get("/staff/cases").await.status(), 403);
        assert_eq!(app.get(&format!("/staff/cases/{late}")).await.status(), 303);
    }
}
