//! The opinion mailbox and petitions register over HTTP: bad input refused with nothing saved,
//! a message registered with its due day in working days (the office calendar's holidays
//! counted) and its confirmation mail, the sender's lookup, the register for staff (masked,
//! logged, flagged), assignment, notes, one reply mailed and shown, and the published figures.

use crate::helpers::{TestApp, multipart, without_markers};
use crate::on_both_engines;
use crate::staff::sign_in;
use app::staff::Role;

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("ASCII")
        .to_string()
}

async fn send(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    app.post_form("/mailbox", fields, &[]).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&app.pool)
        .await
        .expect("count");
    n
}

on_both_engines! {
    async fn a_message_is_registered_tracked_and_answered_in_time(app) {
        // Tomorrow is made a holiday: the due day must step over it.
        let today = app::dates::today_in_taipei();
        let tomorrow = today.next_day().expect("tomorrow");
        sqlx::query("INSERT INTO calendar_days (day, kind, name_zh, name_en) VALUES ($1, 'holiday', '測試假日', 'Test holiday')")
            .bind(app::dates::iso_date(tomorrow)).execute(&app.pool).await.expect("holiday");

        // Bad input: a clear message, a 4xx, nothing saved.
        let empty = send(app, &[("category", "opinion")]).await;
        assert_eq!(empty.status(), 422);
        let page = without_markers(&empty.text().await.expect("page"));
        assert!(page.contains("請填寫此欄") && page.contains("請留下電子郵件或電話"));
        let script = send(app, &[("category", "nonsense"), ("subject", "<script>alert(1)</script>"), ("message", "x"), ("name", "王"), ("email", "not-an-address")]).await;
        assert_eq!(script.status(), 422);
        let page = script.text().await.expect("page");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert(1)"), "shown back escaped");
        assert!(page.contains("請選擇類別"));
        let long = "長".repeat(4001);
        assert_eq!(send(app, &[("category", "opinion"), ("subject", "太長"), ("message", &long), ("name", "王小明"), ("phone", "0912345678")]).await.status(), 422);
        assert_eq!(count(app, "SELECT COUNT(*) FROM petitions").await, 0);

        let ok = send(app, &[("category", "opinion"), ("subject", "停車位不足"), ("message", "週三晚上停車位不足，\n建議開放後方空地。"), ("name", "王小明"), ("email", "wang@example.com"), ("phone", "0912-345-678")]).await;
        assert_eq!(ok.status(), 303);
        let sent = location(&ok);
        assert!(sent.starts_with("/mailbox/sent/P"), "{sent}");
        let number = sent.trim_start_matches("/mailbox/sent/").split('?').next().expect("number").to_string();
        let page = app.page(&sent, &[]).await;
        assert!(page.contains(&number));
        let (due,): (String,) = sqlx::query_as("SELECT due_day FROM petitions").fetch_one(&app.pool).await.expect("due");
        let mut calendar = app::calendar::Calendar::default();
        calendar.days.insert(tomorrow, app::calendar::SpecialDay::Holiday(app::i18n::L10n::new("測試假日", "Test holiday")));
        assert_eq!(due, app::dates::iso_date(calendar.add_working_days(today, 6)), "six working days, the holiday not counted");
        let (kind, to_reference): (String, String) = sqlx::query_as("SELECT kind, reference FROM outbox").fetch_one(&app.pool).await.expect("mail");
        assert_eq!((kind.as_str(), to_reference.as_str()), ("petition_received", number.as_str()));
        let (message,): (Vec<u8>,) = sqlx::query_as("SELECT message_sealed FROM petitions").fetch_one(&app.pool).await.expect("row");
        assert!(!String::from_utf8_lossy(&message).contains("停車位"), "sealed");

        // The sender looks it up with the number and the e-mail or the phone; nobody else does.
        let wrong = app.post_form("/mailbox/lookup", &[("number", &number), ("contact", "other@example.com")], &[]).await;
        assert_eq!(wrong.status(), 404);
        assert_eq!(app.post_form("/mailbox/lookup", &[("number", "P-NOTHING"), ("contact", "wang@example.com")], &[]).await.status(), 404);
        let by_phone = app.post_form("/mailbox/lookup", &[("number", &number.to_lowercase()), ("contact", "0912345678")], &[]).await;
        assert_eq!(by_phone.status(), 200);
        assert!(without_markers(&by_phone.text().await.expect("page")).contains("尚未回覆"));

        // Staff: the register, masked; the message in full, logged.
        assert_eq!(app.get("/staff/petitions").await.status(), 303, "sign-in first");
        let clerk = sign_in(app, "handler1", Role::Clerk).await;
        let list = clerk.html("/staff/petitions").await;
        assert!(list.contains("王○○") && !list.contains("王小明"), "names masked in the list");
        assert!(!list.contains("wang@example.com"));
        let detail = clerk.html(&format!("/staff/petitions/{number}")).await;
        assert!(detail.contains("建議開放後方空地") && detail.contains("w***@example.com") && !detail.contains("0912345678"));
        assert_eq!(count(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'petition_viewed'").await, 1);

        let csrf = clerk.csrf().await;
        let post = |action: &'static str, fields: Vec<(&'static str, String)>| {
            let cookie = clerk.cookie.clone();
            let number = number.clone();
            async move {
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_form(&format!("/staff/petitions/{number}/{action}"), &fields, &[("cookie", &cookie)]).await
            }
        };
        assert_eq!(post("assign", vec![("csrf", "0000".into())]).await.status(), 403, "CSRF");
        assert_eq!(post("assign", vec![("csrf", csrf.clone())]).await.status(), 303);
        assert_eq!(post("note", vec![("csrf", csrf.clone()), ("note", "已請總務評估".into())]).await.status(), 303);
        assert_eq!(post("note", vec![("csrf", csrf.clone()), ("note", "  ".into())]).await.status(), 422);
        assert_eq!(post("reply", vec![("csrf", csrf.clone()), ("reply", "謝謝您的建議，本所已開放後方空地停車。".into())]).await.status(), 303);
        assert_eq!(post("reply", vec![("csrf", csrf.clone()), ("reply", "再一次".into())]).await.status(), 409, "one reply");
        assert_eq!(count(app, "SELECT COUNT(*) FROM outbox WHERE kind = 'petition_replied'").await, 1);
        let answered = app.post_form("/mailbox/lookup", &[("number", &number), ("contact", "wang@example.com")], &[]).await;
        let page = without_markers(&answered.text().await.expect("page"));
        assert!(page.contains("本所已開放後方空地停車") && page.contains("已回覆") && !page.contains("已請總務評估"), "the reply, never the notes");

        // An overdue message is flagged in the register.
        let late = send(app, &[("category", "complaint"), ("subject", "久候"), ("message", "等太久"), ("name", "林大同"), ("phone", "0922333444")]).await;
        assert_eq!(late.status(), 303);
        sqlx::query("UPDATE petitions SET due_day = '2020-01-02', received_day = '2020-01-01' WHERE category = 'complaint'").execute(&app.pool).await.expect("backdate");
        assert!(clerk.html("/staff/petitions").await.contains("逾期"));
        let supervisor = sign_in(app, "chief1", Role::Supervisor).await;
        assert!(supervisor.html("/staff").await.contains("件已逾期"), "flagged to supervisors");
        assert!(!clerk.html("/staff").await.contains("件已逾期"), "not to every clerk");

        let stats = app.page("/mailbox/statistics", &[]).await;
        assert!(stats.contains("100%") && stats.contains("<svg"), "one answered in time");

        // The figures offered as open data (請願及訴願): a version only when they change.
        let rules = app::petitions::Rules::parse(include_str!("../../sample/petitions.toml")).expect("rules");
        let publish = || app::petitions::ssr::publish_statistics(&app.pool, &rules, "office@example.gov.tw", 1);
        assert_eq!(publish().await.expect("published"), Some(1));
        assert_eq!(publish().await.expect("unchanged"), None);
        let dataset = app.page("/opendata/mailbox-statistics", &[]).await;
        assert!(dataset.contains("意見信箱案件統計"));
        let csv_path = dataset.split("href=\"").filter_map(|s| s.split_once('"')).map(|(href, _)| href).find(|h| h.ends_with(".csv")).expect("a CSV link").to_string();
        let csv = app.get(&csv_path).await.text().await.expect("csv");
        assert!(csv.starts_with("月份,類別,件數,如期回覆,逾期回覆,處理中") && csv.contains(",申訴,1,0,0,1") && csv.contains(",意見反映,1,1,0,0"), "{csv}");
        sqlx::query("UPDATE petitions SET replied_day = '2020-01-03', status = 'replied' WHERE category = 'complaint'").execute(&app.pool).await.expect("late reply");
        assert_eq!(publish().await.expect("changed"), Some(2));
    }
}

async fn send_with_file(
    app: &TestApp,
    fields: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let (content_type, body) = multipart(fields, name, bytes);
    app.client
        .post(format!("{}/mailbox", app.address))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("answer")
}

on_both_engines! {
    async fn a_message_may_carry_one_checked_file_that_only_staff_open(app) {
        let fields = [("category", "opinion"), ("subject", "路口積水"), ("message", "附上照片。"), ("name", "張三"), ("phone", "0933444555")];
        let wrong = send_with_file(app, &fields, "photo.exe", b"MZ...").await;
        assert_eq!(wrong.status(), 422);
        let page = without_markers(&wrong.text().await.expect("page"));
        assert!(page.contains("只能附 PDF、JPG 或 PNG 檔") && page.contains("路口積水"), "said, and the message kept");
        let disguised = send_with_file(app, &fields, "photo.jpg", b"%PDF-1.4").await;
        assert_eq!(disguised.status(), 422);
        assert!(without_markers(&disguised.text().await.expect("page")).contains("附件內容與副檔名不符"));
        let huge = [b"%PDF-1.4".as_slice(), &vec![b'x'; 6 * 1024 * 1024]].concat();
        let big = send_with_file(app, &fields, "big.pdf", &huge).await;
        assert_eq!(big.status(), 413);
        let page = without_markers(&big.text().await.expect("page"));
        assert!(page.contains("附件超過 5 MB") && page.contains("路口積水") && page.contains("附上照片。"), "said, and what was typed kept");
        assert_eq!(count(app, "SELECT COUNT(*) FROM petitions").await, 0, "nothing half-saved");

        // An empty file input is no attachment at all.
        assert_eq!(send_with_file(app, &fields, "", b"").await.status(), 303);
        assert_eq!(count(app, "SELECT COUNT(*) FROM petition_attachments").await, 0);

        let pdf = b"%PDF-1.4 a scanned letter".to_vec();
        let ok = send_with_file(app, &fields, "信件.pdf", &pdf).await;
        assert_eq!(ok.status(), 303);
        let number = location(&ok).trim_start_matches("/mailbox/sent/").split('?').next().expect("number").to_string();
        let (id, sealed): (String, Vec<u8>) = sqlx::query_as("SELECT id, bytes_sealed FROM petition_attachments").fetch_one(&app.pool).await.expect("file");
        assert!(!sealed.windows(7).any(|w| w == b"scanned"), "sealed");

        let file = format!("/staff/petitions/{number}/files/{id}");
        assert_eq!(app.get(&file).await.status(), 303, "sign-in first");
        let clerk = sign_in(app, "files1", Role::Clerk).await;
        let detail = clerk.html(&format!("/staff/petitions/{number}")).await;
        assert!(detail.contains("信件.pdf") && detail.contains(&file));
        let got = clerk.get(&file).await;
        assert_eq!(got.status(), 200);
        assert_eq!(got.headers()["content-type"], "application/pdf");
        assert!(got.headers()["content-disposition"].to_str().expect("ASCII").starts_with("attachment"));
        assert_eq!(got.bytes().await.expect("bytes").to_vec(), pdf);
        assert_eq!(count(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'petition_file'").await, 1);
        assert_eq!(clerk.get(&format!("/staff/petitions/{number}/files/nope")).await.status(), 404);
    }
}
