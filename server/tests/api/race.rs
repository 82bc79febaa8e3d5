//! The last seat of a popular slot, raced for over HTTP by 50 citizens, across two server
//! instances sharing one database.

use crate::book_flow::book_visit_until_day;
use crate::helpers::{Engine, TestApp, spawn_app, start};
use app::booking::flow::Answers;
use app::booking::slots::Slot;
use app::booking::ssr::{NewBooking, book, create_draft, save_draft};
use app::crypto::DataKey;
use app::validate::{NationalId, check_digit};

fn person(n: u32) -> String {
    let first_nine = format!("F2{n:07}");
    format!("{first_nine}{}", check_digit(&first_nine).expect("digit"))
}

async fn race(instances: &[&TestApp]) {
    let app = instances[0];
    let key = DataKey::from_bytes(&[7; 32]);
    let (day, time) = book_visit_until_day(app).await;
    let starts: u16 = time.parse().expect("minutes");
    let date = app::dates::parse_date(&day).expect("a day");
    // Three of the four seats go first.
    for n in 0..3 {
        let id = NationalId::parse(&person(1000 + n)).expect("valid");
        let booking = NewBooking {
            service: "registration-visit",
            location_id: "main",
            day: date,
            slot: Slot {
                starts,
                ends: starts + 30,
                capacity: 4,
            },
            id: &id,
            answers_json: "{}",
            email: None,
            draft: None,
            mail: None,
            replaces: None,
            holders: &app::booking::ssr::UNCOUNTED,
            from_hold: None,
        };
        book(&app.pool, &key, &booking, 1)
            .await
            .expect("an early seat");
    }
    // Fifty citizens at the check page, all for the last seat.
    let mut cookies = Vec::new();
    for n in 0..50 {
        let token = create_draft(
            &app.pool,
            &key,
            "registration-visit",
            time::OffsetDateTime::now_utc().unix_timestamp(),
        )
        .await
        .expect("draft");
        let answers: Answers = [
            ("item", "seal".to_string()),
            ("place", "main".to_string()),
            ("day", day.clone()),
            ("time", time.clone()),
            ("name", "王小明".to_string()),
            ("id", person(n)),
            ("phone", "0912345678".to_string()),
            ("email", String::new()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        save_draft(
            &app.pool,
            &key,
            &token,
            &answers,
            time::OffsetDateTime::now_utc().unix_timestamp(),
        )
        .await
        .expect("saved");
        cookies.push(format!("booking={token}"));
    }
    let mut tasks = Vec::new();
    for (n, cookie) in cookies.into_iter().enumerate() {
        let target = instances[n % instances.len()];
        let url = format!("{}/book/registration-visit/check", target.address);
        let client = target.client.clone();
        tasks.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .header("cookie", cookie)
                .form(&[("x", "")])
                .send()
                .await
                .expect("answered");
            let status = r.status().as_u16();
            let body = r.text().await.unwrap_or_default();
            (status, body)
        }));
    }
    let mut booked = 0;
    let mut taken = 0;
    for task in tasks {
        let (status, body) = task.await.expect("ran");
        match status {
            303 => booked += 1,
            409 => {
                assert!(
                    body.contains("您選的時段剛剛額滿了"),
                    "a clear answer: {body}"
                );
                taken += 1;
            }
            other => panic!("status {other}: never a 5xx: {body}"),
        }
    }
    assert_eq!((booked, taken), (1, 49));
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bookings WHERE status = 'booked'")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(count, 4, "exactly the slot's capacity");
}

#[tokio::test]
async fn fifty_citizens_racing_over_http_for_the_last_seat_on_sqlite_leave_one_booking() {
    let app = spawn_app(Engine::Sqlite).await;
    race(&[&app]).await;
}

#[tokio::test]
async fn two_instances_on_one_postgresql_database_never_overbook() {
    let first = spawn_app(Engine::Postgres).await;
    let second = start(&first.database_url, &[]).await;
    race(&[&first, &second]).await;
}

/// Walk-ins taking numbers and appointments checking in at the same moment, on both engines:
/// a ticket number clash is retried in a savepoint of its own, so PostgreSQL never sees a
/// statement in an aborted transaction (25P02) and nobody gets an error.
async fn tickets_and_check_ins_at_once(app: &TestApp) {
    let key = DataKey::from_bytes(&[7; 32]);
    let today = app::dates::today_in_taipei();
    let mut references = Vec::new();
    for n in 0..10 {
        let id = NationalId::parse(&person(5000 + n)).expect("valid");
        let b = NewBooking {
            service: "registration-visit",
            location_id: "main",
            day: today,
            slot: Slot {
                starts: 540,
                ends: 570,
                capacity: 20,
            },
            id: &id,
            answers_json: "{}",
            email: None,
            draft: None,
            mail: None,
            replaces: None,
            holders: &app::booking::ssr::UNCOUNTED,
            from_hold: None,
        };
        references.push(book(&app.pool, &key, &b, 1).await.expect("booked"));
    }
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..30_usize {
        let pool = app.pool.clone();
        let reference = references.get(n / 3).cloned().filter(|_| n % 3 == 0);
        tasks.spawn(async move {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            match reference {
                Some(reference) => {
                    app::queue::ssr::check_in(&pool, "main", today, &reference, "staff", now)
                        .await
                        .map(|t| t.number)
                }
                None => app::queue::ssr::issue(
                    &pool,
                    "main",
                    today,
                    app::queue::TicketKind::WalkIn,
                    Some("other"),
                    now,
                )
                .await
                .map(|t| t.number),
            }
        });
    }
    let mut numbers = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let number = done
            .expect("the task ran")
            .expect("no error under concurrency");
        numbers.push(number);
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 30, "every ticket has its own number");
}

#[tokio::test]
async fn tickets_and_check_ins_at_once_never_fail_on_postgres() {
    tickets_and_check_ins_at_once(&spawn_app(Engine::Postgres).await).await;
}

#[tokio::test]
async fn tickets_and_check_ins_at_once_never_fail_on_sqlite() {
    tickets_and_check_ins_at_once(&spawn_app(Engine::Sqlite).await).await;
}
