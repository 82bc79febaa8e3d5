//! The counters under load (figures, not a pass/fail test): with 1,000 appointments today and
//! 200 people waiting at one service point, how long the board takes to refresh and how long
//! "call next" takes, p50 and p95, on SQLite and on PostgreSQL. The call display's update delay
//! to a second browser is the island's poll interval plus one request to
//! `/display/{location}.json`, whose latency is measured here too.
//! Run with `scripts/bench-counters.sh` (PostgreSQL from PORTAL_TEST_DATABASE_URL).

use app::crypto::DataKey;
use app::db::Pool;
use app::queue::TicketKind;
use app::queue::ssr as queue;
use std::time::Instant;

const APPOINTMENTS: usize = 1_000;
const WAITING: usize = 200;
const ROUNDS: usize = 200;

fn percentiles(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at =
        |p: f64| samples[((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len()) - 1];
    (at(0.50), at(0.95))
}

async fn fill(pool: &Pool, key: &DataKey, day: time::Date) -> String {
    let staff = app::staff::ssr::create(
        pool,
        "bench",
        "bench",
        app::staff::Role::Admin,
        "bench password long",
        0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let iso = app::dates::iso_date(day);
    let mut tx = pool.begin().await.unwrap_or_else(|e| panic!("{e}"));
    for slot in 0..18 {
        let starts = 480 + slot * 30;
        sqlx::query("INSERT INTO slots (id, location_id, day, starts, ends, capacity, booked) VALUES ($1, 'main', $2, $3, $4, 60, 56)")
            .bind(format!("main/{iso}/{starts}"))
            .bind(&iso)
            .bind(i64::from(starts))
            .bind(i64::from(starts + 30))
            .execute(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let answers =
        key.seal(br#"{"name":"\u9673\u5c0f\u7f8e","item":"birth","options":"labor-maternity"}"#);
    for n in 0..APPOINTMENTS {
        let starts = 480 + (n % 18) * 30;
        sqlx::query(
            "INSERT INTO bookings (reference, service, slot_id, day, id_hash, id_sealed, answers_sealed, email_sealed, status, created_at, updated_at) \
             VALUES ($1, 'registration-visit', $2, $3, $4, $5, $6, NULL, 'booked', 0, 0)",
        )
        .bind(format!("B{n:04}-BENCH"))
        .bind(format!("main/{iso}/{starts}"))
        .bind(&iso)
        .bind(format!("hash-{n}"))
        .bind(key.seal(b"A123456789"))
        .bind(&answers)
        .execute(&mut *tx)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    for n in 0..WAITING {
        let kind = if n % 10 == 0 {
            TicketKind::Priority
        } else {
            TicketKind::WalkIn
        };
        queue::issue(pool, "main", day, kind, Some("other"), n as i64)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for counter in ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"] {
        queue::open_counter(pool, "main", counter, &staff, 0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    staff
}

async fn bench(engine: &str, pool: Pool) {
    let key = DataKey::from_bytes(&[5; 32]);
    let day = app::dates::today_in_taipei();
    let staff = fill(&pool, &key, day).await;
    let office = app::office::ssr::load(&pool)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("the sample office");
    let place = office
        .locations
        .iter()
        .find(|l| l.id == "main")
        .cloned()
        .expect("main");
    let rules = app::queue::CallRules::default();

    let mut board = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        queue::tickets(&pool, "main", day)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        queue::open_counters(&pool, "main")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        queue::board(&pool, &key, "main", day, &staff, 0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        board.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let mut display = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        queue::tickets(&pool, "main", day)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        queue::open_counters(&pool, "main")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        display.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let mut calls = Vec::new();
    let counters = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"];
    for round in 0..(WAITING - 10) {
        let counter = counters[round % counters.len()];
        let started = Instant::now();
        let ticket = queue::call_next(&pool, &rules, &place, counter, &staff, day, 600, 1)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        calls.push(started.elapsed().as_secs_f64() * 1000.0);
        queue::advance(&pool, &ticket.id, "done", &staff, 2)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (b50, b95) = percentiles(board);
    let (d50, d95) = percentiles(display);
    let (c50, c95) = percentiles(calls);
    println!("{engine}: {APPOINTMENTS} appointments today, {WAITING} waiting, 9 counters open");
    println!(
        "  board refresh (tickets + counters + appointments)  p50 {b50:6.2} ms  p95 {b95:6.2} ms"
    );
    println!(
        "  call next                                          p50 {c50:6.2} ms  p95 {c95:6.2} ms"
    );
    println!(
        "  display numbers (the island's JSON)                p50 {d50:6.2} ms  p95 {d95:6.2} ms"
    );
    println!("  display update delay to a second browser: at most the 3 s poll + {d95:.1} ms\n");
}

async fn prepared(url: &str, max: u32) -> Pool {
    let (pool, engine) = server::db::connect(url, max)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    server::db::migrate(&pool, engine)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    server::db::seed_office(&pool, None)
        .await
        .unwrap_or_else(|e| panic!("{e:#}"));
    pool
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    bench("SQLite (WAL, one file)", prepared(&url, 8).await).await;

    let admin = std::env::var("PORTAL_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("portal_bench_counters_{}", std::process::id());
    sqlx::any::install_default_drivers();
    let Ok(admin_pool) = sqlx::AnyPool::connect(&admin).await else {
        println!("PostgreSQL at {admin} is not reachable: skipped");
        return;
    };
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin_pool)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let url = server::db::with_database(&admin, &name);
    let pool = prepared(&url, 8).await;
    bench("PostgreSQL", pool.clone()).await;
    pool.close().await;
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&admin_pool)
    .await;
}
