//! Improvement suggestions over HTTP: bad input refused with nothing saved, a citizen's
//! suggestion registered and confirmed by mail, its progress by number, the staff list (citizens
//! masked, access logged), the review group (set by an administrator) scoring and deciding, the
//! rules of the review (reviewers only, enough scores, not one's own, one decision), and the
//! published list.

use crate::helpers::{TestApp, without_markers};
use crate::on_both_engines;
use crate::staff::{Staff, sign_in};
use app::staff::Role;

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("ASCII")
        .to_string()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&app.pool)
        .await
        .expect("count");
    n
}

/// A staff form post with the session's CSRF token.
async fn post(staff: &Staff<'_>, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = staff.csrf().await;
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    staff
        .app
        .post_form(path, &all, &[("cookie", &staff.cookie)])
        .await
}

async fn text(response: reqwest::Response) -> String {
    without_markers(&response.text().await.expect("body"))
}

const SCORE: [(&str, &str); 4] = [
    ("innovation", "4"),
    ("feasibility", "5"),
    ("benefit", "4"),
    ("comment", "可行，成本低"),
];

on_both_engines! {
    async fn suggestions_are_scored_decided_and_published(app) {
        // Bad input: a clear message, a 4xx, nothing saved.
        let empty = app.post_form("/suggestions/new", &[("area", "form")], &[]).await;
        assert_eq!(empty.status(), 422);
        let page = text(empty).await;
        assert!(page.contains("請填寫此欄"), "title and proposal required");
        let script = app.post_form("/suggestions/new", &[("area", "nonsense"), ("title", "<script>alert(1)</script>"), ("proposal", "x"), ("email", "not-an-address")], &[]).await;
        assert_eq!(script.status(), 422);
        let page = script.text().await.expect("page");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert(1)"), "shown back escaped");
        assert!(page.contains("請選擇建議類別") && page.contains("name@example.com"));
        let long = "長".repeat(4001);
        assert_eq!(app.post_form("/suggestions/new", &[("area", "form"), ("title", "太長"), ("proposal", &long)], &[]).await.status(), 422);
        let huge = "x".repeat(200 * 1024);
        let too_big = app.post_form("/suggestions/new", &[("area", "form"), ("title", "大"), ("proposal", &huge)], &[]).await;
        assert_eq!(too_big.status(), 413);
        let page = without_markers(&too_big.text().await.expect("body"));
        assert!(page.contains("超過這個表單的上限") && page.contains("上一頁"), "said in the page's language");
        assert_eq!(count(app, "SELECT COUNT(*) FROM suggestions").await, 0);

        // A citizen's suggestion: registered, sealed, confirmed by mail, followed by number.
        let ok = app.post_form("/suggestions/new", &[
            ("area", "form"),
            ("title", "戶籍謄本申請書合併"),
            ("current", "現在要填兩張表。"),
            ("proposal", "把兩張申請書合併成一張，\n減少民眾填寫時間。"),
            ("name", "陳美玲"),
            ("email", "chen@example.com"),
        ], &[]).await;
        assert_eq!(ok.status(), 303);
        let to = location(&ok);
        assert!(to.starts_with("/suggestions/status?number=S") && to.ends_with("&sent=1&e=1"), "{to}");
        let number = to.trim_start_matches("/suggestions/status?number=").split('&').next().expect("number").to_string();
        let status = app.page(&to, &[]).await;
        assert!(status.contains(&number) && status.contains("已收件") && status.contains("已收到您的建議"));
        assert!(!status.contains("陳美玲") && !status.contains("合併成一張"), "nothing the proposer wrote");
        let (kind,): (String,) = sqlx::query_as("SELECT kind FROM outbox").fetch_one(&app.pool).await.expect("mail");
        assert_eq!(kind, "suggestion_received");
        let (sealed,): (Vec<u8>,) = sqlx::query_as("SELECT proposal_sealed FROM suggestions").fetch_one(&app.pool).await.expect("row");
        assert!(!String::from_utf8_lossy(&sealed).contains("合併"), "sealed");
        let unknown = app.get("/suggestions/status?number=S-NOTHING").await;
        assert_eq!(unknown.status(), 404);
        assert!(text(unknown).await.contains("查無這個建議編號"));

        // Staff who are not reviewers see the list (citizens masked) but may not score.
        assert_eq!(app.get("/staff/suggestions").await.status(), 303, "sign-in first");
        let clerk = sign_in(app, "clerk1", Role::Clerk).await;
        let list = clerk.html("/staff/suggestions").await;
        assert!(list.contains("陳○○") && !list.contains("陳美玲") && list.contains("戶籍謄本申請書合併"));
        let detail = clerk.html(&format!("/staff/suggestions/{number}")).await;
        assert!(detail.contains("合併成一張") && detail.contains("c***@example.com") && !detail.contains("chen@example.com"));
        assert_eq!(count(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'suggestion_viewed'").await, 1);
        let refused = post(&clerk, &format!("/staff/suggestions/{number}/score"), &SCORE).await;
        assert_eq!(refused.status(), 403);
        assert!(text(refused).await.contains("只有審查小組成員"));

        // An administrator puts two clerks into the review group.
        let admin = sign_in(app, "admin1", Role::Admin).await;
        let reviewer1 = sign_in(app, "review1", Role::Clerk).await;
        let reviewer2 = sign_in(app, "review2", Role::Supervisor).await;
        for name in ["review1", "review2"] {
            let (id,): (String,) = sqlx::query_as("SELECT id FROM staff WHERE username = $1").bind(name).fetch_one(&app.pool).await.expect("id");
            assert_eq!(post(&admin, &format!("/staff/accounts/{id}/review"), &[]).await.status(), 303);
        }
        assert_eq!(post(&clerk, "/staff/accounts/x/review", &[]).await.status(), 403, "administrators only");
        assert_eq!(count(app, "SELECT COUNT(*) FROM staff WHERE reviewer = 1").await, 2);
        assert!(reviewer1.html("/staff").await.contains("改進建議：1 件待審查"));
        assert_eq!(count(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'reviewer_added'").await, 2);

        // A reviewer's own suggestion, in their name, scored by the others only.
        let own = post(&reviewer1, "/staff/suggestions", &[("area", "system"), ("title", "叫號系統加簡訊通知"), ("proposal", "輪到前 3 號時傳簡訊。")]).await;
        assert_eq!(own.status(), 303);
        let own_number = location(&own).trim_start_matches("/staff/suggestions/").split('?').next().expect("number").to_string();
        assert!(clerk.html("/staff/suggestions").await.contains("review1（本所同仁）"));
        let mine = post(&reviewer1, &format!("/staff/suggestions/{own_number}/score"), &SCORE).await;
        assert_eq!(mine.status(), 409);
        assert!(text(mine).await.contains("這是您提出的建議"));
        assert_eq!(post(&reviewer1, &format!("/staff/suggestions/{own_number}/decide"), &[("decision", "reject"), ("reason", "自己不評")]).await.status(), 409, "nor decides on it");
        assert_eq!(post(&clerk, "/staff/suggestions", &[("area", "system"), ("title", "")]).await.status(), 422);

        // Scores: each criterion 1 to 5, one per reviewer (changed, not added).
        let path = format!("/staff/suggestions/{number}");
        let bad = post(&reviewer1, &format!("{path}/score"), &[("innovation", "6"), ("feasibility", "5"), ("benefit", "4")]).await;
        assert_eq!(bad.status(), 422);
        assert_eq!(post(&reviewer1, &format!("{path}/score"), &[("innovation", "3"), ("feasibility", "3"), ("benefit", "3")]).await.status(), 303);
        assert_eq!(post(&reviewer1, &format!("{path}/score"), &SCORE).await.status(), 303);
        assert_eq!(count(app, "SELECT COUNT(*) FROM suggestion_scores").await, 1);
        assert!(clerk.html(&path).await.contains("審查中"));

        // The decision waits for enough scores, needs the published words, and is made once.
        let adopt = [
            ("decision", "adopt"),
            ("reason", "審查小組認為可行，將於下季實施。"),
            ("public_title", "戶籍謄本與登記申請書合併為一張"),
            ("public_change", "自下季起，申請戶籍謄本只要填一張申請書。"),
        ];
        let early = post(&reviewer1, &format!("{path}/decide"), &adopt).await;
        assert_eq!(early.status(), 409);
        assert!(text(early).await.contains("目前 1 位"));
        assert_eq!(post(&reviewer2, &format!("{path}/score"), &[("innovation", "3"), ("feasibility", "4"), ("benefit", "5")]).await.status(), 303);
        let no_words = post(&reviewer2, &format!("{path}/decide"), &[("decision", "adopt"), ("reason", "可行")]).await;
        assert_eq!(no_words.status(), 422);
        assert_eq!(post(&reviewer2, &format!("{path}/decide"), &[("reason", "可行")]).await.status(), 422, "adopt or not");
        assert_eq!(count(app, "SELECT COUNT(*) FROM suggestions WHERE status = 'adopted'").await, 0);
        assert_eq!(post(&reviewer2, &format!("{path}/decide"), &adopt).await.status(), 303);
        assert_eq!(post(&reviewer1, &format!("{path}/decide"), &[("decision", "reject"), ("reason", "改變主意")]).await.status(), 409, "decided once");
        assert_eq!(post(&reviewer1, &format!("{path}/score"), &SCORE).await.status(), 409, "no scores after the decision");
        let (kind, reference): (String, String) = sqlx::query_as("SELECT kind, reference FROM outbox WHERE kind = 'suggestion_decided'").fetch_one(&app.pool).await.expect("decision mail");
        assert_eq!((kind.as_str(), reference.as_str()), ("suggestion_decided", number.as_str()));
        let review = reviewer1.html(&path).await;
        assert!(review.contains("12.5") && review.contains("3.5") && review.contains("可行，成本低"), "the means and the comments");

        // Published: the reviewers' words, never the proposer's.
        let published = app.page("/suggestions", &[]).await;
        assert!(published.contains("戶籍謄本與登記申請書合併為一張") && published.contains("只要填一張申請書"));
        assert!(!published.contains("陳美玲") && !published.contains("減少民眾填寫時間"));
        assert!(published.contains("民國") && published.contains("申請書表"));
        let status = app.page(&format!("/suggestions/status?number={}", number.to_lowercase()), &[]).await;
        assert!(status.contains("採納") && status.contains("將於下季實施"));

        // What changed is rewritten as it is carried out; only for adopted ones.
        assert_eq!(post(&reviewer1, &format!("{path}/publish"), &[("public_title", "申請書合併"), ("public_change", "已於 1 月起實施。")]).await.status(), 303);
        assert!(app.page("/suggestions", &[]).await.contains("已於 1 月起實施"));
        let rss = app.get("/feeds/suggestions.rss").await;
        assert_eq!(rss.status(), 200);
        let rss = rss.text().await.expect("feed");
        assert!(rss.contains("<title>申請書合併</title>") && rss.contains(&format!("/suggestions#{number}")) && !rss.contains("陳美玲"), "{rss}");
        let atom = app.get("/feeds/suggestions.atom").await.text().await.expect("feed");
        let parsed = feed_rs::parser::parse(atom.as_bytes()).expect("a valid Atom feed");
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(post(&reviewer1, &format!("/staff/suggestions/{own_number}/publish"), &[("public_title", "x"), ("public_change", "y")]).await.status(), 404);
        assert_eq!(post(&reviewer1, &format!("{path}/nonsense"), &[]).await.status(), 404);

        // In English too.
        let english = app.page("/suggestions", &[("cookie", "lang=en")]).await;
        assert!(english.contains("Adopted suggestions") && english.contains("Application forms"));
    }
}
