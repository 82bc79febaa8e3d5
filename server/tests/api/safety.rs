//! Safety on the open internet, as an attacker would try it: budgets per client that hold
//! across instances, per-contact limits on a day's seats, no 5xx from hostile paths, private
//! answers never publicly cacheable, and links never taken from a forged Host.

use crate::book_flow::{
    confirm_visit_from, mailed_code, marriage_to_check_from, visit_to_check_from,
};
use crate::helpers::{Engine, TestApp, spawn_app_with, start, without_markers};

async fn both(extra: &[(&str, &str)], body: impl AsyncFn(&TestApp)) {
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let app = spawn_app_with(engine, extra).await;
        body(&app).await;
    }
}

fn lookup_form() -> [(&'static str, &'static str); 2] {
    [("reference", "AB12C-DE34F"), ("id", "A123456789")]
}

#[tokio::test]
async fn a_client_budget_is_shared_by_every_instance_and_other_clients_keep_theirs() {
    let limit = [("PORTAL_LOOKUPS_PER_10_MINUTES", "4")];
    both(&limit, async |app| {
        let mut second = start(&app.database_url, &limit).await;
        // Two lookups on each instance use up the one budget of this client…
        for instance in [app, &second, app, &second] {
            let r = instance
                .post_form_from(20, "/bookings/lookup", &lookup_form(), &[])
                .await;
            assert_eq!(r.status(), 404);
        }
        for instance in [app, &second] {
            let r = instance
                .post_form_from(20, "/bookings/lookup", &lookup_form(), &[])
                .await;
            assert_eq!(r.status(), 429, "three instances do not triple a budget");
            assert!(r.headers().contains_key("retry-after"));
        }
        // …and none of any other client's.
        let r = second
            .post_form_from(21, "/bookings/lookup", &lookup_form(), &[])
            .await;
        assert_eq!(r.status(), 404);
        second.stop().await;
    })
    .await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let settings = [
        ("PORTAL_LOOKUPS_PER_10_MINUTES", "2"),
        ("PORTAL_TRUSTED_PROXIES", "127.0.0.30"),
    ];
    both(&settings, async |app| {
        let from = |client: &'static str| [("x-forwarded-for", client)];
        for _ in 0..2 {
            let r = app
                .post_form_from(30, "/bookings/lookup", &lookup_form(), &from("203.0.113.5"))
                .await;
            assert_eq!(r.status(), 404);
        }
        let r = app
            .post_form_from(30, "/bookings/lookup", &lookup_form(), &from("203.0.113.5"))
            .await;
        assert_eq!(r.status(), 429);
        // Another citizen behind the same proxy, even one who forges a first hop.
        let r = app
            .post_form_from(
                30,
                "/bookings/lookup",
                &lookup_form(),
                &from("203.0.113.5, 198.51.100.7"),
            )
            .await;
        assert_eq!(
            r.status(),
            404,
            "the right-most untrusted hop is the client"
        );
        // A client that is not the proxy cannot choose its address with the header.
        for _ in 0..2 {
            app.post_form_from(31, "/bookings/lookup", &lookup_form(), &from("192.0.2.1"))
                .await;
        }
        let r = app
            .post_form_from(31, "/bookings/lookup", &lookup_form(), &from("192.0.2.2"))
            .await;
        assert_eq!(
            r.status(),
            429,
            "X-Forwarded-For from an untrusted peer is ignored"
        );
    })
    .await;
}

#[tokio::test]
async fn one_phone_or_client_holds_at_most_a_few_of_a_days_seats() {
    let settings = [("PORTAL_BOOKINGS_PER_CONTACT_PER_DAY", "2")];
    both(&settings, async |app| {
        // A family books two visits from home.
        for first_nine in ["P12345678", "P22345678"] {
            let (r, _) = confirm_visit_from(app, 40, first_nine, "0911222333", "").await;
            assert_eq!(r.status(), 303, "{first_nine}");
        }
        // A third from the same address, with another phone: refused, said plainly.
        let (r, _) = confirm_visit_from(app, 40, "P12345670", "0911000111", "").await;
        assert_eq!(r.status(), 429);
        let page = without_markers(&r.text().await.expect("page"));
        assert!(page.contains("最多只能預約 2 個時段"), "says why");
        // The same phone from another address: refused too.
        let (r, _) = confirm_visit_from(app, 41, "P22345670", "0911-222-333", "").await;
        assert_eq!(r.status(), 429, "per phone number");
        // The same e-mail address from a third address and phone.
        for first_nine in ["Q12345678", "Q22345678"] {
            let (r, _) =
                confirm_visit_from(app, 42, first_nine, "0922000111", "a@example.com").await;
            assert_eq!(r.status(), 303);
        }
        let (r, _) = confirm_visit_from(app, 43, "Q12345670", "0933000111", "A@Example.com").await;
        assert_eq!(r.status(), 429, "per e-mail address, whatever its case");
        // Someone else is not affected.
        let (r, _) = confirm_visit_from(app, 44, "R12345678", "0944000111", "").await;
        assert_eq!(r.status(), 303);
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bookings WHERE status = 'booked'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
        assert_eq!(n, 5);
    })
    .await;
}

/// The challenge's token on a check page, and the sum its question asks for.
fn challenge_in(page: &str) -> Option<(String, u32)> {
    let token = page
        .split_once(r#"name="challenge" value=""#)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(token, _)| token.to_string())?;
    let question = page
        .split_once(r#"<label for="field-challenge_answer">"#)
        .and_then(|(_, rest)| rest.split_once('<'))
        .map(|(q, _)| q.to_string())?;
    let words = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (a, b) = question.split_once('加')?;
    let term = |s: &str, last: bool| {
        words
            .iter()
            .position(|w| {
                if last {
                    s.ends_with(w)
                } else {
                    s.starts_with(w)
                }
            })
            .map(|i| i as u32 + 1)
    };
    let a = term(a, true)?;
    let b = term(b, false)?;
    Some((token, a + b))
}

#[tokio::test]
async fn past_the_soft_budget_a_booking_needs_the_challenge_which_a_person_passes() {
    let settings = [
        ("PORTAL_CHALLENGE_AFTER", "1"),
        ("PORTAL_CHALLENGE_DAY_AFTER", "100"),
    ];
    both(&settings, async |app| {
        let check = "/book/registration-visit/check";
        // A client's first booking of the day: no challenge.
        let c = visit_to_check_from(app, 80, "P13345678", "0961000111", "").await;
        assert!(challenge_in(&c.html(check).await).is_none());
        assert_eq!(c.post(check, &[]).await.status(), 303);
        // The second: the check page asks, and confirming without an answer is refused.
        let c = visit_to_check_from(app, 80, "P23345678", "0961000222", "").await;
        let page = c.html(check).await;
        let (token, _) = challenge_in(&page).expect("a challenge on the check page");
        assert!(page.contains("等於多少"));
        let r = c.post(check, &[("challenge", &token)]).await;
        assert_eq!(r.status(), 422);
        assert!(without_markers(&r.text().await.expect("page")).contains("請回答這個問題"));
        // A wrong answer, then the right one (each page has a fresh question).
        let (token, sum) = challenge_in(&c.html(check).await).expect("a challenge");
        let wrong = (sum + 1).to_string();
        let r = c
            .post(
                check,
                &[("challenge", &token), ("challenge_answer", &wrong)],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(without_markers(&r.text().await.expect("page")).contains("答案不正確"));
        let (token, sum) = challenge_in(&c.html(check).await).expect("a challenge");
        let right = sum.to_string();
        let r = c
            .post(
                check,
                &[("challenge", &token), ("challenge_answer", &right)],
            )
            .await;
        assert_eq!(r.status(), 303, "a person who answers books");
        // Another booking's challenge cannot be reused for this one.
        let other = visit_to_check_from(app, 80, "P14345678", "0961000333", "").await;
        let r = other
            .post(
                check,
                &[("challenge", &token), ("challenge_answer", &right)],
            )
            .await;
        assert_eq!(r.status(), 422);
        // The browser's proof of work passes by itself.
        let (token, _) = challenge_in(&other.html(check).await).expect("a challenge");
        let nonce = app::booking::challenge::solve(&token, app::booking::challenge::DIFFICULTY);
        let r = other
            .post(check, &[("challenge", &token), ("pow", &nonce.to_string())])
            .await;
        assert_eq!(r.status(), 303, "JavaScript's proof of work passes");
    })
    .await;
}

#[tokio::test]
async fn a_day_booked_fast_asks_everyone_for_the_challenge() {
    let settings = [
        ("PORTAL_CHALLENGE_AFTER", "100"),
        ("PORTAL_CHALLENGE_DAY_AFTER", "2"),
    ];
    both(&settings, async |app| {
        // Fifty scripted clients with a booking each: only the first two get a seat of the day.
        let mut booked = 0;
        for from in 100..150_u8 {
            let id = format!("U1{:07}", u32::from(from) * 1000);
            let phone = format!("09710{:05}", from);
            let (r, _) = confirm_visit_from(app, from, &id, &phone, "").await;
            if r.status() == 303 {
                booked += 1;
            } else {
                assert_eq!(r.status(), 422, "held for the challenge");
            }
        }
        assert_eq!(
            booked, 2,
            "a script that does not solve the challenge gets no more of the day"
        );
    })
    .await;
}

async fn booked_seats(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT CAST(COALESCE(SUM(booked), 0) AS BIGINT) FROM slots")
        .fetch_one(&app.pool)
        .await
        .expect("seats");
    n
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&app.pool)
        .await
        .expect("count");
    n
}

#[tokio::test]
async fn a_contended_seat_is_held_for_the_mailed_code_and_freed_when_it_lapses() {
    both(&[], async |app| {
        let base = "/book/marriage";
        // The couple confirms: the seat is held, a code is mailed, nothing is booked yet.
        let c = marriage_to_check_from(app, 90, "K17654321", "couple@example.com").await;
        let r = c.post(&format!("{base}/check"), &[]).await;
        assert_eq!(r.headers()["location"], format!("{base}/code"));
        assert_eq!(
            (
                booked_seats(app).await,
                count(app, "SELECT COUNT(*) FROM bookings").await
            ),
            (1, 0)
        );
        let page = c.html(&format!("{base}/code")).await;
        assert!(
            page.contains("輸入確認碼") && page.contains("c***@example.com"),
            "{page}"
        );
        assert!(
            !page.contains("couple@example.com"),
            "the address is shown masked"
        );
        // A wrong code says how many tries are left; the right one books.
        let r = c
            .post(&format!("{base}/code"), &[("code", "000000x")])
            .await;
        assert_eq!(r.status(), 422);
        assert!(without_markers(&r.text().await.expect("page")).contains("還可以再試 4 次"));
        let code = mailed_code(app, "couple@example.com").await;
        let r = c.post(&format!("{base}/code"), &[("code", &code)]).await;
        assert_eq!(r.headers()["location"], format!("{base}/done"));
        assert_eq!(
            (
                booked_seats(app).await,
                count(app, "SELECT COUNT(*) FROM bookings").await
            ),
            (1, 1)
        );
        assert_eq!(count(app, "SELECT COUNT(*) FROM seat_holds").await, 0);

        // A script with made-up addresses holds seats that lapse and come back.
        let bot = marriage_to_check_from(app, 91, "K27654321", "nobody@example.invalid").await;
        bot.post(&format!("{base}/check"), &[]).await;
        assert_eq!(booked_seats(app).await, 2);
        sqlx::query("UPDATE seat_holds SET expires_at = 0")
            .execute(&app.pool)
            .await
            .expect("lapse");
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let freed = app::booking::ssr::release_expired_holds(&app.pool, now)
            .await
            .expect("released");
        assert_eq!(
            (freed, booked_seats(app).await),
            (1, 1),
            "the lapsed seat is free again"
        );
        let r = bot
            .post(&format!("{base}/code"), &[("code", "123456")])
            .await;
        assert_eq!(r.status(), 410, "a lapsed hold books nothing");

        // Five wrong codes end a hold too.
        let guesser = marriage_to_check_from(app, 92, "K18654321", "guess@example.com").await;
        guesser.post(&format!("{base}/check"), &[]).await;
        let mut last = 0;
        for _ in 0..5 {
            last = guesser
                .post(&format!("{base}/code"), &[("code", "999999x")])
                .await
                .status()
                .as_u16();
        }
        assert_eq!(last, 410);
        assert_eq!(
            (
                booked_seats(app).await,
                count(app, "SELECT COUNT(*) FROM seat_holds").await
            ),
            (1, 0)
        );
    })
    .await;
}

#[tokio::test]
async fn a_stranger_with_someones_id_number_learns_nothing_about_their_bookings() {
    both(&[], async |app| {
        let (r, _) = confirm_visit_from(app, 95, "V12345678", "0955111222", "").await;
        assert_eq!(r.status(), 303);
        // Someone else types the same number for the same day.
        let (r, _) = confirm_visit_from(app, 96, "V12345678", "0955333444", "").await;
        assert_eq!(r.status(), 409);
        let page = without_markers(&r.text().await.expect("page"));
        assert!(
            page.contains("這一天可能已有預約，或線上預約暫停中"),
            "a refusal that says nothing certain"
        );
        assert!(!page.contains("您當天已經有一筆預約"));
    })
    .await;
}

#[tokio::test]
async fn supervisors_see_bulk_bookings_and_cancel_them_with_a_reason() {
    both(&[], async |app| {
        // Three bookings with one phone number from three addresses (one with an e-mail).
        for (from, first_nine, email) in [
            (110, "W12345678", "w@example.com"),
            (111, "W22345678", ""),
            (112, "W13345678", ""),
        ] {
            let (r, _) = confirm_visit_from(app, from, first_nine, "0988777666", email).await;
            assert_eq!(r.status(), 303);
        }
        let (r, _) = confirm_visit_from(app, 113, "W23345678", "0988000111", "").await;
        assert_eq!(r.status(), 303, "someone else");
        let clerk = crate::staff::sign_in(app, "clerk110", app::staff::Role::Clerk).await;
        assert!(
            !clerk
                .html("/staff/board/main")
                .await
                .contains("疑似大量預約"),
            "for supervisors"
        );
        let supervisor = crate::staff::sign_in(app, "super110", app::staff::Role::Supervisor).await;
        let board = supervisor.html("/staff/board/main").await;
        assert!(
            board.contains("疑似大量預約") && board.contains("同一個電話：3 筆預約"),
            "{board}"
        );
        let holder = board
            .split_once(r#"name="holder" value=""#)
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(h, _)| h.to_string())
            .expect("the group's holder");
        let group = [("kind", "phone"), ("holder", holder.as_str())];
        // A clerk cannot; a reason is needed.
        assert_eq!(
            clerk
                .post(
                    "/staff/board/main/cancel-group",
                    &[group[0], group[1], ("reason", "x")]
                )
                .await
                .status(),
            403
        );
        assert_eq!(
            supervisor
                .post(
                    "/staff/board/main/cancel-group",
                    &[group[0], group[1], ("reason", "")]
                )
                .await
                .status(),
            422
        );
        let r = supervisor
            .post(
                "/staff/board/main/cancel-group",
                &[
                    group[0],
                    group[1],
                    ("reason", "同一支電話大量預約，疑似代訂轉售"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            count(app, "SELECT COUNT(*) FROM bookings WHERE status = 'booked'").await,
            1,
            "the other person's stays"
        );
        assert_eq!(booked_seats(app).await, 1, "the seats are free again");
        assert_eq!(
            count(
                app,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'booking_cancelled_in_bulk'"
            )
            .await,
            3
        );
        let key = app::crypto::DataKey::parse(&"07".repeat(32)).expect("key");
        let (subject, body): (String, Vec<u8>) = sqlx::query_as(
            "SELECT subject, body_sealed FROM outbox WHERE kind = 'booking_cancelled'",
        )
        .fetch_one(&app.pool)
        .await
        .expect("the holder with an address is told");
        let body = key.open_text(&body).expect("opens");
        assert!(
            subject.contains("已取消") && body.contains("疑似代訂轉售"),
            "{subject} {body}"
        );
        assert!(
            !supervisor
                .html("/staff/board/main")
                .await
                .contains("同一個電話")
        );
    })
    .await;
}

#[tokio::test]
async fn every_public_post_counts_against_a_general_budget() {
    both(&[("PORTAL_POSTS_PER_10_MINUTES", "3")], async |app| {
        let staff = crate::staff::sign_in(app, "poster", app::staff::Role::Clerk).await;
        for _ in 0..3 {
            let r = app
                .post_form_from(120, "/book/registration-visit/start", &[], &[])
                .await;
            assert_eq!(r.status(), 303);
        }
        let r = app
            .post_form_from(120, "/survey", &[("version", "1")], &[])
            .await;
        assert_eq!(r.status(), 429, "any public form");
        let r = app
            .post_form_from(121, "/book/registration-visit/start", &[], &[])
            .await;
        assert_eq!(r.status(), 303, "another client");
        // Signed-in staff work is not public: not counted.
        for _ in 0..4 {
            let r = staff.post("/staff/board/main/no-shows", &[]).await;
            assert_eq!(r.status(), 303);
        }
    })
    .await;
}

#[tokio::test]
async fn a_script_cannot_start_or_confirm_without_end() {
    let settings = [
        ("PORTAL_STARTS_PER_10_MINUTES", "3"),
        ("PORTAL_CONFIRMATIONS_PER_HOUR", "100"),
    ];
    both(&settings, async |app| {
        for _ in 0..3 {
            let r = app
                .post_form_from(50, "/book/registration-visit/start", &[], &[])
                .await;
            assert_eq!(r.status(), 303);
        }
        let r = app
            .post_form_from(50, "/apply/certificate/start", &[], &[])
            .await;
        assert_eq!(
            r.status(),
            429,
            "booking and application starts share the budget"
        );
        let (drafts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM booking_drafts")
            .fetch_one(&app.pool)
            .await
            .expect("count");
        assert_eq!(drafts, 3, "a refused start makes no draft");
        let r = app
            .post_form_from(51, "/book/registration-visit/start", &[], &[])
            .await;
        assert_eq!(r.status(), 303);
    })
    .await;
}

#[tokio::test]
async fn only_enrolled_kiosks_issue_numbers_each_at_a_bounded_rate() {
    both(&[("PORTAL_TICKETS_PER_10_MINUTES", "2")], async |app| {
        let take = async |cookie: &str| {
            app.post_form_from(
                60,
                "/kiosk/main",
                &[("kind", "other")],
                &[("cookie", cookie)],
            )
            .await
        };
        // Anyone on the internet: no number, and the page says where numbers are taken.
        let r = take("").await;
        assert_eq!(r.status(), 403);
        assert!(without_markers(&r.text().await.expect("page")).contains("抽號機"));
        let page = without_markers(
            &app.client_from(60)
                .get(format!("{}/kiosk/main", app.address))
                .send()
                .await
                .expect("page")
                .text()
                .await
                .expect("page"),
        );
        assert!(
            !page.contains(r#"name="kind""#),
            "no ticket buttons off a kiosk"
        );
        // A clerk cannot make a device a kiosk; a supervisor can.
        let clerk = crate::staff::sign_in(app, "clerk60", app::staff::Role::Clerk).await;
        assert_eq!(
            clerk
                .post("/staff/board/main/kiosk-enroll", &[])
                .await
                .status(),
            403
        );
        let supervisor = crate::staff::sign_in(app, "super60", app::staff::Role::Supervisor).await;
        let enrolled = supervisor.post("/staff/board/main/kiosk-enroll", &[]).await;
        assert_eq!(enrolled.status(), 303);
        assert_eq!(enrolled.headers()["location"], "/kiosk/main");
        let set = enrolled.headers()["set-cookie"]
            .to_str()
            .expect("ASCII")
            .to_string();
        assert!(set.contains("Path=/kiosk") && set.contains("HttpOnly"));
        let cookie = set.split(';').next().expect("value").to_string();
        // The kiosk takes numbers, at its own bounded rate.
        for _ in 0..2 {
            assert_eq!(take(&cookie).await.status(), 303);
        }
        assert_eq!(take(&cookie).await.status(), 429);
        // Not at another service point.
        let r = app
            .post_form_from(
                60,
                "/kiosk/side",
                &[("kind", "other")],
                &[("cookie", &cookie)],
            )
            .await;
        assert_eq!(r.status(), 403);
        // Revoked, it takes none; the board lists it as revoked.
        let (id,): (String,) = sqlx::query_as("SELECT id FROM kiosk_devices")
            .fetch_one(&app.pool)
            .await
            .expect("device");
        assert_eq!(
            supervisor
                .post("/staff/board/main/kiosk-revoke", &[("kiosk", &id)])
                .await
                .status(),
            303
        );
        sqlx::query("DELETE FROM rate_limits")
            .execute(&app.pool)
            .await
            .expect("fresh budget");
        assert_eq!(take(&cookie).await.status(), 403);
        assert!(
            supervisor
                .html("/staff/board/main")
                .await
                .contains("已停用")
        );
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('kiosk_enrolled', 'kiosk_revoked')",
        )
        .fetch_one(&app.pool)
        .await
        .expect("count");
        assert_eq!(n, 2);
    })
    .await;
}

#[tokio::test]
async fn hostile_paths_are_404_never_500() {
    both(&[], async |app| {
        for path in [
            "/apply/a%0Cb/x",
            "/book/a%0Ab/x",
            "/book/nope/details",
            "/apply/nope/check",
            "/news/%ff%fe",
            "/staff/petitions/%00",
            "/bookings/%0d%0aSet-Cookie:x/cancel",
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status(), 404, "{path}");
            let r = app.post_form(path, &[("x", "1")], &[]).await;
            assert!(r.status().is_client_error(), "POST {path}: {}", r.status());
        }
    })
    .await;
}

#[tokio::test]
async fn private_answers_are_never_cacheable_by_others() {
    both(
        &[("PORTAL_ALLOWED_HOSTS", "portal.example.gov.tw")],
        async |app| {
            let host = [("host", "portal.example.gov.tw")];
            // Public files of the office's own host: shared caches may keep them.
            for path in [
                "/feeds/news.rss",
                "/sitemap.xml",
                "/robots.txt",
                "/catalog.ttl",
            ] {
                let r = app.get_with(path, &host).await;
                assert_eq!(r.status(), 200, "{path}");
                assert!(
                    r.headers()["cache-control"]
                        .to_str()
                        .expect("ASCII")
                        .starts_with("public"),
                    "{path}"
                );
            }
            // A person's appointment file, chosen by a cookie: never.
            let (done, cookie) = confirm_visit_from(app, 70, "S12345678", "0955000111", "").await;
            assert_eq!(done.status(), 303);
            let ics = app
                .get_with(
                    "/book/registration-visit/done/appointment.ics",
                    &[host[0], ("cookie", &cookie)],
                )
                .await;
            assert_eq!(ics.status(), 200);
            assert_eq!(ics.headers()["cache-control"], "private, no-store");
            // Every page is no-store, every other answer private.
            for path in app::site::PAGES
                .iter()
                .map(|p| p.path)
                .filter(|p| !p.contains(':'))
            {
                let r = app.get_with(path, &host).await;
                let cache = r.headers()["cache-control"]
                    .to_str()
                    .expect("ASCII")
                    .to_string();
                assert!(
                    cache == "no-store" || cache == "private, no-store",
                    "{path}: {cache}"
                );
            }
            // A forged Host: relative links, and not cacheable.
            let evil = [("host", "evil.example")];
            let r = app.get_with("/feeds/news.rss", &evil).await;
            assert_eq!(r.headers()["cache-control"], "private, no-store");
            let feed = r.text().await.expect("feed");
            assert!(
                !feed.contains("evil.example"),
                "no links to the forged host"
            );
            let r = app.get_with("/sitemap.xml", &evil).await;
            assert_eq!(r.headers()["cache-control"], "private, no-store");
            assert!(!r.text().await.expect("xml").contains("evil.example"));
        },
    )
    .await;
}
