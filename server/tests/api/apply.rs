//! The five online applications over HTTP, page by page, without JavaScript: each end to end,
//! bad answers, skipping ahead, a second press of the send button, lookup, change and withdrawal.

use crate::helpers::{TestApp, without_markers};
use crate::on_both_engines;
use app::validate::check_digit;

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("ASCII")
        .to_string()
}

fn first_value(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    html.split_once(&marker)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(value, _)| value.to_string())
        .unwrap_or_else(|| panic!("no {name} choice in the page"))
}

pub fn id_number(first_nine: &str) -> String {
    format!("{first_nine}{}", check_digit(first_nine).expect("digit"))
}

/// A working day a few weeks ahead, as the preferred day of a home visit.
fn working_day_ahead() -> String {
    let mut day = app::dates::today_in_taipei() + time::Duration::days(10);
    while matches!(
        day.weekday(),
        time::Weekday::Saturday | time::Weekday::Sunday
    ) {
        day = day.next_day().expect("a day");
    }
    app::dates::iso_date(day)
}

pub struct Applicant<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
    pub base: String,
}

impl Applicant<'_> {
    pub async fn post(&self, page: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.app
            .post_form(
                &format!("{}/{page}", self.base),
                form,
                &[("cookie", &self.cookie)],
            )
            .await
    }

    pub async fn get(&self, page: &str) -> reqwest::Response {
        self.app
            .get_with(
                &format!("{}/{page}", self.base),
                &[("cookie", &self.cookie)],
            )
            .await
    }

    pub async fn html(&self, page: &str) -> String {
        let response = self.get(page).await;
        assert_eq!(response.status(), 200, "GET {page}");
        without_markers(&response.text().await.expect("body"))
    }

    /// Posts a page and expects to be sent on to `next`.
    pub async fn answer(&self, page: &str, form: &[(&str, &str)], next: &str) {
        let r = self.post(page, form).await;
        let status = r.status();
        if status != 303 {
            let body = without_markers(&r.text().await.expect("body"));
            let errors = body
                .split_once("error-summary")
                .map(|(_, rest)| rest.chars().take(600).collect::<String>())
                .unwrap_or_default();
            panic!("POST {page}: {status}: {errors}");
        }
        assert_eq!(
            location(&r),
            format!("{}/{next}", self.base),
            "after {page}"
        );
    }

    /// Chooses the first collection place and day offered, then expects the check page.
    pub async fn pickup(&self) {
        let html = self.html("pickup").await;
        let place = first_value(&html, "place");
        let day = first_value(&html, "pickup_day");
        self.answer(
            "pickup",
            &[("place", &place), ("pickup_day", &day)],
            "check",
        )
        .await;
    }

    /// Sends the check page and returns the reference from the confirmation.
    pub async fn send(&self) -> String {
        let r = self.post("check", &[]).await;
        assert_eq!(
            (r.status().as_u16(), location(&r)),
            (303, format!("{}/done", self.base))
        );
        let done = self.html("done").await;
        done.split_once(r#"class="reference">"#)
            .and_then(|(_, rest)| rest.split_once('<'))
            .map(|(r, _)| r.to_string())
            .expect("a reference on the confirmation")
    }
}

pub async fn start<'a>(app: &'a TestApp, service: &str) -> Applicant<'a> {
    let response = app
        .post_form(&format!("/apply/{service}/start"), &[], &[])
        .await;
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("ASCII")
        .to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/apply"));
    Applicant {
        app,
        cookie: cookie.split(';').next().expect("a value").to_string(),
        base: format!("/apply/{service}"),
    }
}

fn applicant<'a>(id: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", "陳小美"),
        ("id", id),
        ("phone", "0912-345-678"),
        ("email", email),
    ]
}

/// A household transcript applied for start to finish; returns the reference and ID number.
pub async fn apply_for_transcript(
    app: &TestApp,
    first_nine: &str,
    email: &str,
) -> (String, String) {
    let id = id_number(first_nine);
    let a = start(app, "certificate").await;
    a.answer("applicant", &applicant(&id, email), "document")
        .await;
    a.answer(
        "document",
        &[("document", "transcript"), ("purpose", "銀行開戶")],
        "transcript",
    )
    .await;
    a.answer(
        "transcript",
        &[
            ("scope", "current_part"),
            ("people", "陳小美、陳大明"),
            ("notes", "brief"),
            ("copies", "2"),
        ],
        "pickup",
    )
    .await;
    a.pickup().await;
    (a.send().await, id)
}

async fn stored(app: &TestApp) -> Vec<(String, String, String, Option<String>)> {
    sqlx::query_as(
        "SELECT reference, service, status, pickup_day FROM applications ORDER BY created_at",
    )
    .fetch_all(&app.pool)
    .await
    .expect("rows")
}

on_both_engines! {
    async fn a_transcript_is_applied_for_page_by_page_and_confirmed_by_mail(app) {
        let (reference, id) = apply_for_transcript(app, "A22345678", "mei@example.com").await;
        let rows = stored(app).await;
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].0.as_str(), rows[0].1.as_str(), rows[0].2.as_str()), (reference.as_str(), "certificate", "received"));
        assert!(rows[0].3.is_some(), "a collection day is stored");

        // Nothing personal is stored in clear.
        let (answers, id_hash): (Vec<u8>, String) = sqlx::query_as("SELECT answers_sealed, id_hash FROM applications")
            .fetch_one(&app.pool).await.expect("row");
        let raw = String::from_utf8_lossy(&answers);
        assert!(!raw.contains("陳小美") && !raw.contains(&id) && !id_hash.contains(&id));

        // 三通 step 1: the confirmation is queued with the application, masked.
        let (kind, subject, mail_reference): (String, String, String) =
            sqlx::query_as("SELECT kind, subject, reference FROM outbox").fetch_one(&app.pool).await.expect("a mail");
        assert_eq!((kind.as_str(), mail_reference.as_str()), ("application_received", reference.as_str()));
        assert!(subject.contains(&reference));
    }
}

on_both_engines! {
    async fn a_household_certificate_skips_the_transcript_questions(app) {
        let id = id_number("B12345678");
        let a = start(app, "certificate").await;
        a.answer("applicant", &applicant(&id, ""), "document").await;
        a.answer("document", &[("document", "household_certificate"), ("purpose", "")], "pickup").await;
        let r = a.get("transcript").await;
        assert_eq!(location(&r), "/apply/certificate/pickup", "a page not asked leads on to the next question");
        a.pickup().await;
        let check = a.html("check").await;
        assert!(check.contains("戶口名簿（補領或換領）") && !check.contains("謄本範圍"));
        assert!(check.contains("B12****") && !check.contains(&id), "the ID number is masked");
        a.send().await;
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox").fetch_one(&app.pool).await.expect("count");
        assert_eq!(count, 0, "no e-mail given, no mail");
    }
}

on_both_engines! {
    async fn an_english_transcript_needs_passport_spellings(app) {
        let id = id_number("C12345678");
        let a = start(app, "english-transcript").await;
        let mut form = applicant(&id, "");
        form.push(("english_name", "陳小美"));
        let r = a.post("applicant", &form).await;
        assert_eq!(r.status(), 422);
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains("error-summary") && html.contains(r##"href="#field-english_name""##));
        form.pop();
        form.push(("english_name", "chen, hsiao-mei"));
        a.answer("applicant", &form, "people").await;
        a.answer(
            "people",
            &[("scope", "current_part"), ("people", "陳小美, CHEN, HSIAO-MEI\n陳大明，chen ta-ming"), ("copies", "1")],
            "pickup",
        )
        .await;
        a.pickup().await;
        let check = a.html("check").await;
        assert!(check.contains("CHEN, HSIAO-MEI") && check.contains("陳大明, CHEN TA-MING"));
        a.send().await;
        assert_eq!(stored(app).await[0].1, "english-transcript");
    }
}

on_both_engines! {
    async fn a_home_visit_is_asked_for_with_its_kind_place_and_day(app) {
        let id = id_number("D12345678");
        let a = start(app, "home-visit").await;
        let visit = a.html("visit").await;
        assert!(visit.contains("到院服務") && visit.contains("到機關服務"));
        a.answer("visit", &[("visit_type", "hospital")], "person").await;
        let person = a.html("person").await;
        assert!(person.contains("person_id") && !person.contains("group_size"), "a hospital visit asks the person's ID");
        let patient = id_number("D22345678");
        a.answer(
            "person",
            &[("person_name", "陳阿嬤"), ("person_id", &patient), ("reason", "ill"), ("reason_detail", "住院中，5 樓 502 病房")],
            "place",
        )
        .await;
        let day = working_day_ahead();
        let r = a.post("place", &[("address", "臺中市霧峰區中正路 100 號 5 樓"), ("needs", "id_card"), ("needs", "seal"), ("preferred_day", "2020-01-01")]).await;
        assert_eq!(r.status(), 422, "a day in the past");
        a.answer(
            "place",
            &[("address", "臺中市霧峰區中正路 100 號 5 樓"), ("needs", "id_card"), ("needs", "seal"), ("preferred_day", &day)],
            "applicant",
        )
        .await;
        a.answer(
            "applicant",
            &[("name", "陳小美"), ("id", &id), ("relation", "孫女"), ("phone", "04-2339-3022"), ("email", "")],
            "check",
        )
        .await;
        let check = a.html("check").await;
        assert!(check.contains("請領國民身分證（初領、換領、補領）、印鑑登記或變更"));
        assert!(!check.contains(&patient), "the person's ID is masked too");
        a.send().await;
        let rows = stored(app).await;
        assert_eq!((rows[0].1.as_str(), rows[0].3.as_deref()), ("home-visit", None), "nothing to collect");
    }
}

on_both_engines! {
    async fn a_group_visit_asks_how_many_instead_of_an_id(app) {
        let a = start(app, "home-visit").await;
        a.answer("visit", &[("visit_type", "school")], "person").await;
        let person = a.html("person").await;
        assert!(person.contains("group_size") && !person.contains("person_id"));
        let r = a.post("person", &[("person_name", "霧峰國中"), ("group_size", "0"), ("reason", "group")]).await;
        assert_eq!(r.status(), 422, "at least one person");
        a.answer("person", &[("person_name", "霧峰國中"), ("group_size", "120"), ("reason", "group"), ("reason_detail", "")], "place").await;
    }
}

on_both_engines! {
    async fn a_house_number_certificate_and_a_delivery_address_are_applied_for(app) {
        let id = id_number("E12345678");
        let a = start(app, "house-number").await;
        a.answer("applicant", &applicant(&id, ""), "address").await;
        let r = a.post("address", &[("old_address", "霧峰"), ("new_address", ""), ("copies", "1")]).await;
        assert_eq!(r.status(), 422);
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains("請填寫完整地址") && html.contains("請填寫整編後門牌"));
        a.answer(
            "address",
            &[("old_address", "臺中市霧峰區樹仁路 5 號"), ("new_address", "臺中市霧峰區樹仁路 15 號"), ("copies", "3")],
            "pickup",
        )
        .await;
        a.pickup().await;
        a.send().await;

        let a = start(app, "delivery-address").await;
        a.answer("applicant", &applicant(&id, "e@example.com"), "address").await;
        let today = app::dates::iso_date(app::dates::today_in_taipei());
        a.answer("address", &[("delivery_address", "413 臺中市霧峰區中正路 1 號"), ("from_day", &today)], "check").await;
        let done_reference = a.send().await;
        let rows = stored(app).await;
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].0.as_str(), rows[1].1.as_str()), (done_reference.as_str(), "delivery-address"));
    }
}

on_both_engines! {
    async fn applications_refuse_skipping_ahead_and_a_second_send(app) {
        let id = id_number("F12345678");
        let a = start(app, "house-number").await;
        let r = a.get("check").await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, "/apply/house-number/applicant".to_string()));
        let r = a.get("pickup").await;
        assert_eq!(location(&r), "/apply/house-number/applicant");
        let r = a.post("check", &[]).await;
        assert_eq!(location(&r), "/apply/house-number/applicant", "sending early goes back to the first question");
        assert!(stored(app).await.is_empty());

        a.answer("applicant", &applicant(&id, ""), "address").await;
        a.answer("address", &[("old_address", "臺中市霧峰區樹仁路 5 號"), ("new_address", "臺中市霧峰區樹仁路 15 號"), ("copies", "1")], "pickup").await;
        a.pickup().await;
        let first = a.send().await;
        // The button pressed again (or the page reloaded): still one application.
        let r = a.post("check", &[]).await;
        assert_eq!(location(&r), "/apply/house-number/done");
        assert_eq!(stored(app).await.len(), 1);
        assert!(a.html("done").await.contains(&first));

        // Unknown services and pages are 404; a stale cookie goes back to the start page.
        assert_eq!(app.post_form("/apply/parking/start", &[], &[]).await.status(), 404);
        assert_eq!(app.post_form("/apply/marriage/start", &[], &[]).await.status(), 404, "an appointment is booked, not applied for");
        let r = app.get("/apply/house-number/applicant").await;
        assert_eq!(location(&r), "/services/house-number");
    }
}

on_both_engines! {
    async fn errors_come_back_in_english_for_english_readers(app) {
        let a = start(app, "certificate").await;
        let r = app
            .post_form("/apply/certificate/applicant", &[("name", ""), ("id", "A123"), ("phone", "1"), ("email", "x")], &[("cookie", &format!("{}; lang=en", a.cookie))])
            .await;
        assert_eq!(r.status(), 422);
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains("Enter: Full name.") && html.contains("one letter and nine digits") && html.contains("name@example.com"));
        assert!(html.contains(r#"value="A123""#), "what was typed is kept to correct it");
    }
}

on_both_engines! {
    async fn an_application_is_looked_up_changed_and_withdrawn(app) {
        let (reference, id) = apply_for_transcript(app, "G12345678", "g@example.com").await;
        let r = app.post_form("/bookings/lookup", &[("reference", &reference), ("id", &id)], &[]).await;
        assert_eq!(r.status(), 200);
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains("已受理") && html.contains("預計辦妥日") && html.contains("G12****"));
        assert!(!html.contains(&id));
        let token = html
            .split_once(r#"name="token" value=""#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(t, _)| t.to_string())
            .expect("a token");

        // Change: a new application replaces the old one only when sent.
        let r = app.post_form(&format!("/bookings/{reference}/change"), &[("token", &token)], &[]).await;
        assert_eq!(r.status(), 303);
        let cookie = r.headers()["set-cookie"].to_str().expect("ASCII").split(';').next().expect("value").to_string();
        let a = Applicant { app, cookie, base: "/apply/certificate".into() };
        let r = a.get("check").await;
        assert_eq!(location(&r), "/apply/certificate/pickup", "the collection day is chosen again");
        a.pickup().await;
        let check = a.html("check").await;
        assert!(check.contains(&reference) && check.contains("原申請即撤回"));
        assert_eq!(stored(app).await.iter().filter(|r| r.2 == "received").count(), 1, "nothing changed yet");
        let new_reference = a.send().await;
        assert_ne!(new_reference, reference);
        let rows = stored(app).await;
        assert_eq!(rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(), ["withdrawn", "received"]);

        // The old one can no longer be withdrawn; the new one can, by POST after a GET that asks.
        let old = app.post_form(&format!("/bookings/{reference}/cancel"), &[("token", &token)], &[]).await;
        assert_eq!(old.status(), 409);
        assert!(without_markers(&old.text().await.expect("body")).contains("無法線上修改或撤回"));
        let r = app.post_form("/bookings/lookup", &[("reference", &new_reference), ("id", &id)], &[]).await;
        let html = without_markers(&r.text().await.expect("body"));
        let link = html
            .split_once(r#"href="/bookings/"#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(l, _)| format!("/bookings/{}", l.replace("&amp;", "&")))
            .expect("a withdraw link");
        let confirm = without_markers(&app.get(&link).await.text().await.expect("body"));
        assert!(confirm.contains("確定要撤回這筆申請嗎"));
        assert_eq!(stored(app).await[1].2, "received", "the GET changed nothing");
        let token = link.split_once("token=").map(|(_, t)| t.to_string()).expect("token");
        let r = app.post_form(&format!("/bookings/{new_reference}/cancel"), &[("token", &token)], &[]).await;
        assert_eq!(r.status(), 200);
        assert!(without_markers(&r.text().await.expect("body")).contains("申請已撤回"));
        assert_eq!(stored(app).await[1].2, "withdrawn");
        let kinds: Vec<(String,)> = sqlx::query_as("SELECT kind FROM outbox ORDER BY created_at, kind").fetch_all(&app.pool).await.expect("mails");
        let kinds: Vec<&str> = kinds.iter().map(|k| k.0.as_str()).collect();
        assert!(kinds.contains(&"application_changed") && kinds.contains(&"application_withdrawn"), "{kinds:?}");
    }
}

on_both_engines! {
    async fn an_application_started_by_the_office_cannot_be_withdrawn_online(app) {
        let (reference, id) = apply_for_transcript(app, "H12345678", "").await;
        sqlx::query("UPDATE applications SET status = 'processing'").execute(&app.pool).await.expect("update");
        let r = app.post_form("/bookings/lookup", &[("reference", &reference), ("id", &id)], &[]).await;
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains("辦理中") && !html.contains("撤回這筆申請"));
    }
}
