//! Staff accounts and a day at the counters over HTTP: sign-in and its throttling, roles and
//! CSRF on every staff route, check-in, the queue's rules, the alert, the display.

use crate::book_flow::book_visit;
use crate::helpers::{TestApp, without_markers};
use crate::on_both_engines;
use app::staff::Role;

const PASSWORD: &str = "correct horse battery";

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("ASCII")
        .to_string()
}

pub struct Staff<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
}

impl Staff<'_> {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.app.get_with(path, &[("cookie", &self.cookie)]).await
    }

    pub async fn html(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        without_markers(&r.text().await.expect("body"))
    }

    pub async fn csrf(&self) -> String {
        let html = self.html("/staff/password").await;
        html.split_once(r#"name="csrf" value=""#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(v, _)| v.to_string())
            .expect("a CSRF token in the page")
    }

    /// Posts a staff form with the session's CSRF token.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend_from_slice(form);
        self.app
            .post_form(path, &fields, &[("cookie", &self.cookie)])
            .await
    }

    /// Posts a board action with the session's CSRF token.
    async fn act(&self, action: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend_from_slice(form);
        self.app
            .post_form(
                &format!("/staff/board/main/{action}"),
                &fields,
                &[("cookie", &self.cookie)],
            )
            .await
    }

    /// Posts an action that must succeed (303 back to the board) and returns the notice shown.
    async fn ok(&self, action: &str, form: &[(&str, &str)]) -> String {
        let r = self.act(action, form).await;
        let status = r.status();
        if status != 303 {
            let body = without_markers(&r.text().await.expect("body"));
            let notice = body
                .split_once(r#"class="notice""#)
                .map(|(_, n)| n.chars().take(200).collect::<String>());
            panic!("{action}: {status}: {notice:?}");
        }
        let next = location(&r);
        let html = self.html(&next).await;
        html.split_once(r#"role="status" class="notice">"#)
            .and_then(|(_, rest)| rest.split_once('<'))
            .map(|(n, _)| n.to_string())
            .unwrap_or_default()
    }
}

pub async fn account(app: &TestApp, username: &str, role: Role) {
    app::staff::ssr::create(&app.pool, username, username, role, PASSWORD, 0)
        .await
        .expect("account");
}

pub async fn sign_in<'a>(app: &'a TestApp, username: &str, role: Role) -> Staff<'a> {
    account(app, username, role).await;
    let r = app
        .post_form(
            "/staff/login",
            &[
                ("username", username),
                ("password", PASSWORD),
                ("next", "/staff"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status(), 303, "signed in");
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .expect("ASCII")
        .to_string();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/staff")
    );
    Staff {
        app,
        cookie: cookie.split(';').next().expect("value").to_string(),
    }
}

/// A booking moved to today at 00:00 (so it is due), returning its reference.
async fn booked_for_today(app: &TestApp, first_nine: &str) -> String {
    let (reference, _) = book_visit(app, first_nine).await;
    let today = app::dates::iso_date(app::dates::today_in_taipei());
    let slot = format!("main/{today}/0/{reference}");
    sqlx::query("INSERT INTO slots (id, location_id, day, starts, ends, capacity, booked) VALUES ($1, 'main', $2, 0, 30, 1, 1)")
        .bind(&slot)
        .bind(&today)
        .execute(&app.pool)
        .await
        .expect("slot");
    sqlx::query("UPDATE bookings SET day = $2, slot_id = $3 WHERE reference = $1")
        .bind(&reference)
        .bind(&today)
        .bind(&slot)
        .execute(&app.pool)
        .await
        .expect("moved");
    reference
}

on_both_engines! {
    async fn every_staff_route_refuses_anonymous_and_wrong_role_users(app) {
        for path in ["/staff", "/staff/password", "/staff/audit", "/staff/board/main"] {
            let r = app.get(path).await;
            assert_eq!(r.status(), 303, "{path}");
            assert!(location(&r).starts_with("/staff/login?next="), "{path}");
        }
        for action in ["check-in", "enter", "open", "close", "call", "advance", "no-shows"] {
            let r = app.post_form(&format!("/staff/board/main/{action}"), &[("counter", "c1")], &[]).await;
            assert_eq!(r.status(), 303, "{action} without a session");
        }
        let r = app.post_form("/staff/logout", &[], &[]).await;
        assert_eq!(r.status(), 303);

        let editor = sign_in(app, "editor1", Role::Editor).await;
        assert_eq!(editor.get("/staff/board/main").await.status(), 403);
        assert_eq!(editor.get("/staff/audit").await.status(), 403);
        assert_eq!(editor.act("open", &[("counter", "c1")]).await.status(), 403);
        let clerk = sign_in(app, "clerk1", Role::Clerk).await;
        assert_eq!(clerk.get("/staff/audit").await.status(), 403, "the access log is for admins");
        assert_eq!(clerk.get("/staff/board/main").await.status(), 200);

        // Each role's home offers only the ways in it may use.
        let editor_home = editor.html("/staff").await;
        assert!(editor_home.contains(r#"href="/staff/content""#) && !editor_home.contains("/staff/board/"));
        let clerk_home = clerk.html("/staff").await;
        assert!(clerk_home.contains(r#"href="/staff/board/main""#) && !clerk_home.contains("/staff/overview/"));
        assert!(!clerk_home.contains(r#"href="/staff/content""#));

        // Every role may sign out, an editor too.
        let csrf = editor.csrf().await;
        let out = app.post_form("/staff/logout", &[("csrf", &csrf)], &[("cookie", &editor.cookie)]).await;
        assert_eq!((out.status().as_u16(), location(&out)), (303, "/staff/login".to_string()));
        assert_eq!(editor.get("/staff").await.status(), 303, "signed out");
    }
}

on_both_engines! {
    async fn sign_in_is_throttled_and_sign_out_ends_the_session(app) {
        account(app, "amy", Role::Clerk).await;
        let wrong = app.post_form("/staff/login", &[("username", "amy"), ("password", "wrong password!!")], &[]).await;
        assert_eq!(wrong.status(), 401);
        assert!(without_markers(&wrong.text().await.expect("body")).contains("帳號或密碼不正確"));
        let unknown = app.post_form("/staff/login", &[("username", "nobody"), ("password", "wrong password!!")], &[]).await;
        assert_eq!(unknown.status(), 401, "an unknown user reads the same");
        let disabled_body = without_markers(&unknown.text().await.expect("body"));
        assert!(disabled_body.contains("帳號或密碼不正確"));
        // Failures count per account and client: after three from this client, the right
        // password from it reads like a wrong one until the wait is over…
        for _ in 0..2 {
            app.post_form("/staff/login", &[("username", "amy"), ("password", "wrong password!!")], &[]).await;
        }
        let waiting = app.post_form("/staff/login", &[("username", "amy"), ("password", PASSWORD)], &[]).await;
        assert_eq!(waiting.status(), 401, "a waiting account answers as a wrong password does");
        assert!(without_markers(&waiting.text().await.expect("body")).contains("帳號或密碼不正確"));
        // …while a colleague at another client signs in as usual: a stranger cannot lock staff out.
        let other = app.post_form_from(7, "/staff/login", &[("username", "amy"), ("password", PASSWORD)], &[]).await;
        assert_eq!(other.status(), 303, "another client is not held up");
        // Tries during the wait are not counted, so the wait does not grow by itself.
        let (failures,): (i64,) = sqlx::query_as("SELECT MAX(failures) FROM sign_in_failures").fetch_one(&app.pool).await.expect("row");
        assert_eq!(failures, 3);
        sqlx::query("UPDATE sign_in_failures SET last_at = last_at - 16").execute(&app.pool).await.expect("wait over");

        let ok = app.post_form("/staff/login", &[("username", "amy"), ("password", PASSWORD), ("next", "//evil.example/")], &[]).await;
        assert_eq!((ok.status().as_u16(), location(&ok)), (303, "/staff".to_string()), "no redirect off the site");
        let cookie = ok.headers()["set-cookie"].to_str().expect("ASCII").split(';').next().expect("v").to_string();
        let staff = Staff { app, cookie };
        let csrf = staff.csrf().await;
        let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM staff_sessions").fetch_one(&app.pool).await.expect("row");
        assert!(!staff.cookie.contains(&stored), "only a hash of the token is stored");
        let r = app.post_form("/staff/logout", &[("csrf", &csrf)], &[("cookie", &staff.cookie)]).await;
        assert_eq!(location(&r), "/staff/login");
        assert_eq!(staff.get("/staff").await.status(), 303, "the old cookie no longer works");
        let actions: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_log ORDER BY at, action").fetch_all(&app.pool).await.expect("log");
        let actions: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
        assert!(actions.contains(&"login") && actions.contains(&"logout") && actions.contains(&"login_failed"), "{actions:?}");
    }
}

on_both_engines! {
    async fn forms_without_the_csrf_token_change_nothing(app) {
        let clerk = sign_in(app, "clerk2", Role::Clerk).await;
        let r = app.post_form("/staff/board/main/open", &[("counter", "c1")], &[("cookie", &clerk.cookie)]).await;
        assert_eq!(r.status(), 403);
        let r = app.post_form("/staff/board/main/open", &[("counter", "c1"), ("csrf", "0000")], &[("cookie", &clerk.cookie)]).await;
        assert_eq!(r.status(), 403);
        let (open,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM counter_sessions").fetch_one(&app.pool).await.expect("count");
        assert_eq!(open, 0);
        let r = app.post_form("/staff/password", &[("current", PASSWORD), ("new", "another long password")], &[("cookie", &clerk.cookie)]).await;
        assert_eq!(r.status(), 403);
    }
}

on_both_engines! {
    async fn a_day_at_the_counters_follows_the_calling_rules(app) {
        let reference = booked_for_today(app, "M12345678").await;
        let clerk = sign_in(app, "clerk3", Role::Clerk).await;

        // Check-in, by the reference as typed or scanned; a second time is refused.
        let notice = clerk.ok("check-in", &[("reference", &reference.to_lowercase())]).await;
        assert!(notice.contains("A001"), "{notice}");
        let again = clerk.act("check-in", &[("reference", &reference)]).await;
        assert_eq!(again.status(), 409);
        let body = without_markers(&again.text().await.expect("body"));
        assert!(body.contains("已經報到過"), "{}", &body[body.find("<main").unwrap_or(0)..].chars().take(1200).collect::<String>());
        let unknown = clerk.act("check-in", &[("reference", "ZZZZZ-ZZZZZ")]).await;
        assert_eq!(unknown.status(), 404);

        // A walk-in takes a number at the kiosk; a priority arrival is entered by staff.
        let r = app.post_form("/kiosk/main", &[], &[]).await;
        assert_eq!(r.status(), 303);
        let kiosk = without_markers(&app.get(&location(&r)).await.text().await.expect("body"));
        assert!(kiosk.contains("B002") && kiosk.contains("前面還有 1 人"), "the appointment waits ahead");
        assert!(clerk.ok("enter", &[("kind", "priority")]).await.contains("C003"));

        // Calling on a closed counter is refused.
        assert_eq!(clerk.act("call", &[("counter", "c1")]).await.status(), 409);
        clerk.ok("open", &[("counter", "c1")]).await;
        assert_eq!(clerk.act("open", &[("counter", "c1")]).await.status(), 409, "already open");

        // The appointment at its time first, then the priority arrival, then the walk-in.
        assert!(clerk.ok("call", &[("counter", "c1")]).await.contains("A001"));
        let busy = clerk.act("call", &[("counter", "c1")]).await;
        assert_eq!(busy.status(), 409, "finish the current one first");
        let display = without_markers(&app.get("/display/main").await.text().await.expect("body"));
        assert!(display.contains("A001") && display.contains(r#"http-equiv="refresh""#));
        let live: serde_json::Value = app.get("/display/main.json").await.json().await.expect("JSON");
        assert_eq!(live["waiting"], 2);
        assert!(live["counters"].to_string().contains("A001"), "{live}");
        let ticket = |number: &'static str| async move {
            let (id,): (String,) = sqlx::query_as("SELECT id FROM tickets WHERE number = $1")
                .bind(number[1..].parse::<i64>().expect("n"))
                .fetch_one(&app.pool).await.expect("ticket");
            id
        };
        let a1 = ticket("A001").await;
        clerk.ok("advance", &[("ticket", &a1), ("to", "serving")]).await;
        clerk.ok("advance", &[("ticket", &a1), ("to", "done")]).await;
        let (status,): (String,) = sqlx::query_as("SELECT status FROM bookings WHERE reference = $1").bind(&reference).fetch_one(&app.pool).await.expect("row");
        assert_eq!(status, "done", "the booking follows its ticket");
        let stale = clerk.act("advance", &[("ticket", &a1), ("to", "done")]).await;
        assert_eq!(stale.status(), 409, "a stale page acting on a finished ticket changes nothing");

        assert!(clerk.ok("call", &[("counter", "c1")]).await.contains("C003"), "priority jumps the walk-in");
        let c3 = ticket("C003").await;
        clerk.ok("advance", &[("ticket", &c3), ("to", "no_show")]).await;
        assert!(clerk.ok("call", &[("counter", "c1")]).await.contains("B002"));
        let b2 = ticket("B002").await;
        clerk.ok("advance", &[("ticket", &b2), ("to", "done")]).await;
        let nobody = clerk.act("call", &[("counter", "c1")]).await;
        assert_eq!(nobody.status(), 409);
        assert!(without_markers(&nobody.text().await.expect("body")).contains("目前沒有等候"));

        // The supervisor's overview counts the day, with charts and their tables.
        assert_eq!(clerk.get("/staff/overview/main").await.status(), 403, "supervisors only");
        let boss = sign_in(app, "boss3", Role::Supervisor).await;
        let overview = boss.html("/staff/overview/main").await;
        assert!(overview.contains("今日已服務：2 人"), "A001 and B002 were served; C003 did not come");
        assert!(overview.contains("各櫃檯平均等候時間") && overview.contains("<svg") && overview.contains("90 百分位"));
        assert!(overview.contains("其他或諮詢"), "the walk-in's kind is a row of the per-service table");

        // The board filters by service and by counter.
        assert!(!clerk.html("/staff/board/main?service=marriage").await.contains(&reference));
        assert!(clerk.html("/staff/board/main?service=registration-visit").await.contains(&reference));
        let c2 = clerk.html("/staff/board/main?counter=c2").await;
        assert!(c2.contains(r#"<option value="c2" selected"#) && !c2.contains("B002 現場"), "c1's tickets are filtered out");

        // The board shows the day with the name masked.
        let board = clerk.html("/staff/board/main").await;
        assert!(board.contains(&reference) && board.contains("林○同") && !board.contains("林大同"));
    }
}

on_both_engines! {
    async fn the_sixth_person_waiting_raises_the_alert_and_opens_the_mobile_counter(app) {
        let clerk = sign_in(app, "clerk4", Role::Clerk).await;
        for _ in 0..5 {
            app.post_form("/kiosk/main", &[], &[]).await;
        }
        assert!(!clerk.html("/staff/board/main").await.contains("可開設機動櫃檯"));
        let refused = clerk.act("open", &[("counter", "express")]).await;
        assert_eq!(refused.status(), 409, "five waiting: the mobile counter stays closed");
        app.post_form("/kiosk/main", &[], &[]).await;
        assert!(clerk.html("/staff/board/main").await.contains("等候人數已超過 5 人，可開設機動櫃檯"));
        clerk.ok("open", &[("counter", "express")]).await;
        let (opened,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'counter_opened' AND subject = 'express'")
            .fetch_one(&app.pool).await.expect("count");
        assert_eq!(opened, 1, "the opening is recorded");
        let home = app.page("/", &[]).await;
        assert!(home.contains("本所目前等候人數"), "the home page shows the queue");
    }
}

on_both_engines! {
    async fn late_appointments_are_marked_missed_and_admins_read_the_access_log(app) {
        let reference = booked_for_today(app, "N12345678").await;
        let clerk = sign_in(app, "clerk5", Role::Clerk).await;
        let notice = clerk.ok("no-shows", &[]).await;
        let (status,): (String,) = sqlx::query_as("SELECT status FROM bookings WHERE reference = $1").bind(&reference).fetch_one(&app.pool).await.expect("row");
        // 00:00 plus the 15-minute grace is past unless the test runs in the first quarter hour.
        let minutes = { let t = time::OffsetDateTime::now_utc().to_offset(app::dates::TAIPEI); u16::from(t.hour()) * 60 + u16::from(t.minute()) };
        if minutes >= 15 {
            assert_eq!(status, "no_show", "{notice}");
        }
        clerk.html("/staff/board/main").await;
        let admin = sign_in(app, "admin1", Role::Admin).await;
        let log = admin.html("/staff/audit").await;
        assert!(log.contains("view_board") && log.contains("clerk5"));
    }
}

on_both_engines! {
    async fn a_password_is_changed_only_with_the_current_one(app) {
        let clerk = sign_in(app, "clerk6", Role::Clerk).await;
        let csrf = clerk.csrf().await;
        let post = |current: &'static str, new: &'static str| {
            let csrf = csrf.clone();
            let cookie = clerk.cookie.clone();
            async move { app.post_form("/staff/password", &[("csrf", &csrf), ("current", current), ("new", new)], &[("cookie", &cookie)]).await }
        };
        assert_eq!(post(PASSWORD, "short").await.status(), 422);
        assert_eq!(post("not my password", "another long password").await.status(), 422);
        assert_eq!(post(PASSWORD, "another long password").await.status(), 200);
        let r = app.post_form("/staff/login", &[("username", "clerk6"), ("password", "another long password")], &[]).await;
        assert_eq!(r.status(), 303);
    }
}

on_both_engines! {
    async fn admins_add_disable_and_reset_staff_accounts(app) {
        let admin = sign_in(app, "admin9", Role::Admin).await;
        let csrf = admin.csrf().await;
        let post = |path: String, form: Vec<(&'static str, String)>| {
            let (csrf, cookie) = (csrf.clone(), admin.cookie.clone());
            async move {
                let mut fields: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
                fields.extend(form.iter().map(|(k, v)| (*k, v.as_str())));
                app.post_form(&path, &fields, &[("cookie", &cookie)]).await
            }
        };
        let weak = post("/staff/accounts".into(), vec![("username", "newclerk".into()), ("display_name", "新同仁".into()), ("role", "clerk".into()), ("new", "short".into())]).await;
        assert_eq!(weak.status(), 422);
        let ok = post("/staff/accounts".into(), vec![("username", "newclerk".into()), ("display_name", "新同仁".into()), ("role", "clerk".into()), ("new", PASSWORD.into())]).await;
        assert_eq!(ok.status(), 303);
        let taken = post("/staff/accounts".into(), vec![("username", "newclerk".into()), ("display_name", "x".into()), ("role", "clerk".into()), ("new", PASSWORD.into())]).await;
        assert_eq!(taken.status(), 409);
        assert!(admin.html("/staff/accounts").await.contains("新同仁"));

        // The new clerk signs in; disabled, their session ends and sign-in is refused.
        let r = app.post_form("/staff/login", &[("username", "newclerk"), ("password", PASSWORD)], &[]).await;
        assert_eq!(r.status(), 303);
        let cookie = r.headers()["set-cookie"].to_str().expect("ASCII").split(';').next().expect("v").to_string();
        let (id,): (String,) = sqlx::query_as("SELECT id FROM staff WHERE username = 'newclerk'").fetch_one(&app.pool).await.expect("id");
        assert_eq!(post(format!("/staff/accounts/{id}/disable"), vec![]).await.status(), 303);
        assert_eq!(app.get_with("/staff", &[("cookie", &cookie)]).await.status(), 303, "signed out");
        let refused = app.post_form("/staff/login", &[("username", "newclerk"), ("password", PASSWORD)], &[]).await;
        assert_eq!(refused.status(), 401);

        // Enabled again with a reset password.
        assert_eq!(post(format!("/staff/accounts/{id}/enable"), vec![]).await.status(), 303);
        assert_eq!(post(format!("/staff/accounts/{id}/password"), vec![("new", "a brand new long password".into())]).await.status(), 303);
        let r = app.post_form("/staff/login", &[("username", "newclerk"), ("password", "a brand new long password")], &[]).await;
        assert_eq!(r.status(), 303);

        // An admin cannot lock themselves out; clerks cannot manage accounts.
        let (me,): (String,) = sqlx::query_as("SELECT id FROM staff WHERE username = 'admin9'").fetch_one(&app.pool).await.expect("id");
        assert_eq!(post(format!("/staff/accounts/{me}/disable"), vec![]).await.status(), 409);
        let clerk = sign_in(app, "clerk10", Role::Clerk).await;
        assert_eq!(clerk.get("/staff/accounts").await.status(), 403);
    }
}
