//! A citizen's booking over HTTP, page by page, without JavaScript.

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

pub struct Citizen<'a> {
    app: &'a TestApp,
    pub cookie: String,
    /// The last byte of the loopback address the citizen's requests come from.
    from: u8,
}

impl Citizen<'_> {
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.app
            .post_form_from(self.from, path, form, &[("cookie", &self.cookie)])
            .await
    }
    async fn get(&self, path: &str) -> reqwest::Response {
        self.app
            .client_from(self.from)
            .get(format!("{}{path}", self.app.address))
            .header("cookie", &self.cookie)
            .send()
            .await
            .expect("the server answers")
    }
    pub async fn html(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        without_markers(&response.text().await.expect("body"))
    }
}

async fn start<'a>(app: &'a TestApp, service: &str) -> Citizen<'a> {
    start_from(app, service, 1).await
}

async fn start_from<'a>(app: &'a TestApp, service: &str, from: u8) -> Citizen<'a> {
    let response = app
        .post_form_from(from, &format!("/book/{service}/start"), &[], &[])
        .await;
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("ASCII")
        .to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/book"));
    let cookie = cookie.split(';').next().expect("a value").to_string();
    Citizen { app, cookie, from }
}

/// A registration visit on the first day and time offered, from the loopback address
/// 127.0.0.`from` with this phone number and e-mail address, taken up to its check page.
pub async fn visit_to_check_from<'a>(
    app: &'a TestApp,
    from: u8,
    first_nine: &str,
    phone: &str,
    email: &str,
) -> Citizen<'a> {
    let c = start_from(app, "registration-visit", from).await;
    let base = "/book/registration-visit";
    c.post(&format!("{base}/item"), &[("item", "seal")]).await;
    first_day_and_time(&c, base).await;
    let id = format!(
        "{first_nine}{}",
        check_digit(first_nine).expect("check digit")
    );
    let r = c
        .post(
            &format!("{base}/details"),
            &[
                ("name", "林大同"),
                ("id", &id),
                ("phone", phone),
                ("email", email),
            ],
        )
        .await;
    assert_eq!(location(&r), format!("{base}/check"));
    c
}

/// The same visit confirmed: the answer to its confirmation (303 to the confirmation page
/// when booked) and the booking's cookie.
pub async fn confirm_visit_from(
    app: &TestApp,
    from: u8,
    first_nine: &str,
    phone: &str,
    email: &str,
) -> (reqwest::Response, String) {
    let c = visit_to_check_from(app, from, first_nine, phone, email).await;
    (
        c.post("/book/registration-visit/check", &[]).await,
        c.cookie.clone(),
    )
}

on_both_engines! {
    async fn a_registration_visit_is_booked_page_by_page_without_javascript(app) {
        let c = start(app, "registration-visit").await;
        let base = "/book/registration-visit";

        // Nothing can be skipped.
        let skip = c.get(&format!("{base}/check")).await;
        assert_eq!((skip.status().as_u16(), location(&skip)), (303, format!("{base}/item")));

        let item = c.html(&format!("{base}/item")).await;
        assert!(item.contains("出生登記") && item.contains("補領國民身分證"));
        let r = c.post(&format!("{base}/item"), &[("item", "birth")]).await;
        assert_eq!(location(&r), format!("{base}/options"));
        let r = c.post(&format!("{base}/options"), &[("options_shown", "1"), ("options", "labor-maternity")]).await;
        assert_eq!(location(&r), format!("{base}/place"));
        let r = c.post(&format!("{base}/place"), &[("place", "main")]).await;
        assert_eq!(location(&r), format!("{base}/day"));

        let days = c.html(&format!("{base}/day")).await;
        let day = first_value(&days, "day");
        let r = c.post(&format!("{base}/day"), &[("day", &day)]).await;
        assert_eq!(location(&r), format!("{base}/time"));
        let times = c.html(&format!("{base}/time")).await;
        let time = first_value(&times, "time");
        let r = c.post(&format!("{base}/time"), &[("time", &time)]).await;
        assert_eq!(location(&r), format!("{base}/details"));

        // A mistyped ID: 422, an error summary linking to the field, nothing lost.
        let r = c.post(&format!("{base}/details"), &[("name", "陳小美"), ("id", "A123456788"), ("phone", "0912-345-678"), ("email", "")]).await;
        assert_eq!(r.status(), 422);
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains(r##"<a href="#field-id">這個號碼的檢查碼不正確"##), "{html}");
        assert!(html.contains(r#"value="陳小美""#), "what was typed is kept");

        let id = format!("B2{:07}{}", 1234567, check_digit("B21234567").expect("check digit"));
        let r = c.post(&format!("{base}/details"), &[("name", "陳小美"), ("id", &id), ("phone", "0912-345-678"), ("email", "")]).await;
        assert_eq!(location(&r), format!("{base}/check"));

        let check = c.html(&format!("{base}/check")).await;
        assert!(check.contains("B21****") && !check.contains(&id), "the ID is shown masked");
        assert!(check.contains("同時申請勞保生育給付"));
        assert!(check.contains("0912-***-678"));

        let r = c.post(&format!("{base}/check"), &[]).await;
        assert_eq!(location(&r), format!("{base}/done"));
        let done = c.html(&format!("{base}/done")).await;
        assert!(done.contains("預約完成") && done.contains("B21****"));
        assert!(done.contains("<svg") && done.contains(r#"role="img" aria-label="QR code: "#), "a QR code of the reference");
        let ics = c.get(&format!("{base}/done/appointment.ics")).await;
        assert_eq!(ics.headers()["content-type"], "text/calendar; charset=utf-8");
        assert!(ics.text().await.expect("body").contains("BEGIN:VEVENT"));

        // A second post of the check page books nothing more.
        let again = c.post(&format!("{base}/check"), &[]).await;
        assert_eq!(location(&again), format!("{base}/done"));
        let (count, status): (i64, String) = sqlx::query_as("SELECT COUNT(*), MIN(status) FROM bookings")
            .fetch_one(&app.pool)
            .await
            .expect("count");
        assert_eq!((count, status.as_str()), (1, "booked"));
    }
}

on_both_engines! {
    async fn a_booking_page_without_its_cookie_goes_back_to_the_start_page(app) {
        let r = app.get("/book/registration-visit/day").await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, "/services/registration-visit".to_string()));
        let r = app.post_form("/book/no-such-service/start", &[], &[]).await;
        assert_eq!(r.status(), 404);
        let r = app.post_form("/book/certificate/start", &[], &[]).await;
        assert_eq!(r.status(), 404, "applications have no booking flow yet");
    }
}

on_both_engines! {
    async fn a_day_outside_the_booking_window_is_refused_with_the_reason(app) {
        let c = start(app, "marriage").await;
        let base = "/book/marriage";
        let first = c.get(&format!("{base}/item")).await;
        assert_eq!(first.status(), 303, "marriage has no items: straight to the place or day");
        let r = c.post(&format!("{base}/place"), &[("place", "main")]).await;
        assert_eq!(r.status(), 303);
        let r = c.post(&format!("{base}/day"), &[("day", "2020-01-01")]).await;
        assert_eq!(r.status(), 422);
        let html = without_markers(&r.text().await.expect("body"));
        assert!(html.contains("這一天已經過去了"), "{html}");
    }
}

/// Books a registration visit through the pages and returns the reference and the ID used.
pub async fn book_visit(app: &TestApp, first_nine: &str) -> (String, String) {
    book_visit_with_email(app, first_nine, "").await
}

/// The same, giving an e-mail address for the confirmation.
pub async fn book_visit_with_email(
    app: &TestApp,
    first_nine: &str,
    email: &str,
) -> (String, String) {
    let (c, _, _) = walk_to_details(app).await;
    let base = "/book/registration-visit";
    let id = format!(
        "{first_nine}{}",
        check_digit(first_nine).expect("check digit")
    );
    let r = c
        .post(
            &format!("{base}/details"),
            &[
                ("name", "林大同"),
                ("id", &id),
                ("phone", "04-2339-3022"),
                ("email", email),
            ],
        )
        .await;
    assert_eq!(location(&r), format!("{base}/check"));
    let r = c.post(&format!("{base}/check"), &[]).await;
    assert_eq!(location(&r), format!("{base}/done"));
    let done = c.html(&format!("{base}/done")).await;
    let reference = done
        .split_once(r#"<p class="reference">"#)
        .and_then(|(_, rest)| rest.split_once('<'))
        .map(|(r, _)| r.to_string())
        .expect("a reference on the confirmation page");
    (reference, id)
}

/// Goes through the pages up to the day and time, and returns the first offered of each.
pub async fn book_visit_until_day(app: &TestApp) -> (String, String) {
    let (_, day, time) = walk_to_details(app).await;
    (day, time)
}

/// A registration visit (seal registration at the main office) taken through the item, place,
/// day and time pages, the first day and time offered chosen: the citizen, the day and the time.
async fn walk_to_details(app: &TestApp) -> (Citizen<'_>, String, String) {
    let c = start(app, "registration-visit").await;
    let base = "/book/registration-visit";
    c.post(&format!("{base}/item"), &[("item", "seal")]).await;
    let (day, time) = first_day_and_time(&c, base).await;
    (c, day, time)
}

/// The main office, and the first day and time it offers.
async fn first_day_and_time(c: &Citizen<'_>, base: &str) -> (String, String) {
    c.post(&format!("{base}/place"), &[("place", "main")]).await;
    let day = first_value(&c.html(&format!("{base}/day")).await, "day");
    c.post(&format!("{base}/day"), &[("day", &day)]).await;
    let time = first_value(&c.html(&format!("{base}/time")).await, "time");
    c.post(&format!("{base}/time"), &[("time", &time)]).await;
    (day, time)
}

on_both_engines! {
    async fn a_marriage_registration_asks_for_both_parties(app) {
        let c = start(app, "marriage").await;
        let base = "/book/marriage";
        c.post(&format!("{base}/place"), &[("place", "main")]).await;
        let day = first_value(&c.html(&format!("{base}/day")).await, "day");
        c.post(&format!("{base}/day"), &[("day", &day)]).await;
        let time = first_value(&c.html(&format!("{base}/time")).await, "time");
        c.post(&format!("{base}/time"), &[("time", &time)]).await;
        let id = format!("K1{:07}{}", 7654321, check_digit("K17654321").expect("digit"));
        // Popular days are confirmed by e-mail: the address is needed.
        let r = c.post(&format!("{base}/details"), &[("name", "張志明"), ("id", &id), ("phone", "0912345678"), ("email", "")]).await;
        assert_eq!(r.status(), 422);
        assert!(without_markers(&r.text().await.expect("page")).contains("熱門日期的預約須以電子郵件確認"));
        let r = c.post(&format!("{base}/details"), &[("name", "張志明"), ("id", &id), ("phone", "0912345678"), ("email", "zhang@example.com")]).await;
        assert_eq!(location(&r), format!("{base}/partner"));

        // A foreign partner without a resident number: the passport number is accepted.
        let r = c.post(&format!("{base}/partner"), &[("partner_name", "Marie DUPONT"), ("partner_nationality", "TW"), ("partner_id", "18AB12345")]).await;
        assert_eq!(r.status(), 422, "a citizen needs a national ID number");
        let r = c.post(&format!("{base}/partner"), &[("partner_name", "Marie DUPONT"), ("partner_nationality", "other"), ("partner_id", "18ab12345")]).await;
        assert_eq!(location(&r), format!("{base}/check"));
        let check = c.html(&format!("{base}/check")).await;
        assert!(check.contains("Marie DUPONT") && check.contains("18*****45") && !check.contains("18AB12345"));
        let r = c.post(&format!("{base}/check"), &[]).await;
        assert_eq!(location(&r), format!("{base}/code"), "the seat is held for the mailed code");
        let code = mailed_code(app, "zhang@example.com").await;
        let r = c.post(&format!("{base}/code"), &[("code", &code)]).await;
        assert_eq!(location(&r), format!("{base}/done"));
    }
}

/// The code in the newest mail to `address` (a contended booking's confirmation code).
pub async fn mailed_code(app: &TestApp, address: &str) -> String {
    let key = app::crypto::DataKey::parse(&"07".repeat(32)).expect("the tests' key");
    let (_, _, body) = app::notify::ssr::latest_to(&app.pool, &key, address)
        .await
        .expect("outbox")
        .expect("a mail to the address");
    body.split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 6)
        .expect("a six-digit code in the mail")
        .to_string()
}

/// A marriage registration (a contended service) from 127.0.0.`from`, up to its check page.
pub async fn marriage_to_check_from<'a>(
    app: &'a TestApp,
    from: u8,
    first_nine: &str,
    email: &str,
) -> Citizen<'a> {
    let c = start_from(app, "marriage", from).await;
    let base = "/book/marriage";
    first_day_and_time(&c, base).await;
    let id = format!(
        "{first_nine}{}",
        check_digit(first_nine).expect("check digit")
    );
    let details = [
        ("name", "張志明"),
        ("id", id.as_str()),
        ("phone", "0912345678"),
        ("email", email),
    ];
    c.post(&format!("{base}/details"), &details).await;
    let partner = [
        ("partner_name", "Marie DUPONT"),
        ("partner_nationality", "other"),
        ("partner_id", "18AB12345"),
    ];
    let r = c.post(&format!("{base}/partner"), &partner).await;
    assert_eq!(location(&r), format!("{base}/check"));
    c
}

on_both_engines! {
    async fn three_recent_no_shows_suspend_online_booking_with_the_date_it_ends(app) {
        use app::booking::slots::Slot;
        use app::booking::ssr::{book, NewBooking};
        let key = app::crypto::DataKey::from_bytes(&[7; 32]);
        let id = app::validate::NationalId::parse(&format!("M1{:07}{}", 2222222, check_digit("M12222222").expect("digit"))).expect("valid");
        let today = app::dates::today_in_taipei();
        for days_ago in [30, 20, 10] {
            let b = NewBooking {
                service: "registration-visit",
                location_id: "main",
                day: today - time::Duration::days(days_ago),
                slot: Slot { starts: 540, ends: 570, capacity: 4 },
                id: &id,
                answers_json: "{}",
                email: None,
                draft: None,
                mail: None,
                replaces: None,
                holders: &app::booking::ssr::UNCOUNTED,
                from_hold: None,
            };
            book(&app.pool, &key, &b, 1).await.expect("an old booking");
        }
        sqlx::query("UPDATE bookings SET status = 'no_show'").execute(&app.pool).await.expect("marked");

        let (c, _, _) = walk_to_details(app).await;
        let base = "/book/registration-visit";
        c.post(&format!("{base}/details"), &[("name", "黃大明"), ("id", id.expose()), ("phone", "0912345678"), ("email", "")]).await;
        let r = c.post(&format!("{base}/check"), &[]).await;
        assert_eq!(r.status(), 409, "said as any refusal for an ID number is");
        assert!(without_markers(&r.text().await.expect("body")).contains("線上預約暫停中"));
    }
}

async fn days_page(c: &Citizen<'_>, base: &str) -> String {
    c.post(&format!("{base}/place"), &[("place", "main")]).await;
    c.html(&format!("{base}/day")).await
}

on_both_engines! {
    async fn marriages_may_be_booked_on_holidays_with_notice_and_other_visits_may_not(app) {
        let marriage = start(app, "marriage").await;
        let html = days_page(&marriage, "/book/marriage").await;
        assert!(html.contains("星期六") || html.contains("星期日"), "a weekend day is offered for marriages");
        let visit = start(app, "registration-visit").await;
        visit.post("/book/registration-visit/item", &[("item", "seal")]).await;
        let html = days_page(&visit, "/book/registration-visit").await;
        assert!(!html.contains("星期六") && !html.contains("星期日"), "no weekend visits");
    }
}

on_both_engines! {
    async fn the_booking_pages_speak_english_too(app) {
        let response = app.post_form("/book/registration-visit/start", &[], &[("cookie", "lang=en")]).await;
        let cookie = response.headers()["set-cookie"].to_str().expect("ASCII").split(';').next().expect("value").to_string();
        let both = format!("{cookie}; lang=en");
        let html = without_markers(&app.get_with("/book/registration-visit/item", &[("cookie", &both)]).await.text().await.expect("body"));
        assert!(html.contains("<h1>What do you need to do?</h1>"));
        assert!(html.contains("Birth registration") && html.contains("Step 1 of"));
        let r = app.post_form("/book/registration-visit/item", &[], &[("cookie", &both)]).await;
        assert_eq!(r.status(), 422);
        assert!(without_markers(&r.text().await.expect("body")).contains("Please choose an item."));
    }
}

on_both_engines! {
    async fn a_post_cannot_slip_in_another_steps_answer(app) {
        let c = start(app, "registration-visit").await;
        let base = "/book/registration-visit";
        c.post(&format!("{base}/item"), &[("item", "birth")]).await;
        // The 健保卡 option belongs to 補領國民身分證, not to the birth registration chosen.
        let r = c.post(&format!("{base}/options"), &[("item", "id-replace"), ("options", "nhi-card")]).await;
        assert_eq!(r.status(), 422);
        let r = c.post(&format!("{base}/options"), &[("options", "labor-maternity")]).await;
        assert_eq!(r.status(), 303);
        let ticked = r#"value="labor-maternity" checked"#;
        assert!(c.html(&format!("{base}/options")).await.contains(ticked));
        // Unticking everything on a second visit clears the earlier choice.
        let r = c.post(&format!("{base}/options"), &[("options_shown", "1")]).await;
        assert_eq!(r.status(), 303);
        assert!(!c.html(&format!("{base}/options")).await.contains(ticked));
    }
}
