//! Booking throughput (figures, not a pass/fail test): bookings per second on SQLite and on
//! PostgreSQL, uncontended (every booking its own slot) and contended (every client on one
//! slot), beside the raw rate of single-row insert transactions on the same database.
//! Run with `scripts/bench-booking.sh` (PostgreSQL from PORTAL_TEST_DATABASE_URL).

use app::booking::slots::Slot;
use app::booking::ssr::{NewBooking, book};
use app::crypto::DataKey;
use app::db::Pool;
use app::validate::{NationalId, check_digit};
use std::sync::Arc;
use std::time::Instant;
use time::macros::date;

const BOOKINGS: u32 = 2_000;
const CLIENTS: u32 = 8;

fn person(n: u32) -> NationalId {
    let first_nine = format!("H2{n:07}");
    let check = check_digit(&first_nine).unwrap_or(0);
    NationalId::parse(&format!("{first_nine}{check}"))
        .unwrap_or_else(|_| panic!("valid ID {first_nine}"))
}

async fn run<F, Fut>(label: &str, f: F) -> f64
where
    F: Fn(u32) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let f = Arc::new(f);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let f = f.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = client;
            while n < BOOKINGS {
                f(n).await;
                n += CLIENTS;
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let rate = f64::from(BOOKINGS) / started.elapsed().as_secs_f64();
    println!("  {label:<44} {rate:>9.0} /s");
    rate
}

async fn bench(engine: &str, pool: Pool) {
    println!("{engine}: {BOOKINGS} operations by {CLIENTS} concurrent clients");
    sqlx::query("CREATE TABLE bench_raw (id TEXT PRIMARY KEY, v BIGINT NOT NULL)")
        .execute(&pool)
        .await
        .unwrap_or_else(|e| panic!("scratch table: {e}"));
    let key = DataKey::from_bytes(&[9; 32]);
    let p = pool.clone();
    let raw = run("raw single-row insert transactions", move |n| {
        let p = p.clone();
        async move {
            let mut tx = p.begin().await.unwrap_or_else(|e| panic!("{e}"));
            sqlx::query("INSERT INTO bench_raw (id, v) VALUES ($1, $2)")
                .bind(format!("raw-{n}"))
                .bind(i64::from(n))
                .execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
        }
    })
    .await;
    let (p, k) = (pool.clone(), key.clone());
    let uncontended = run("bookings, each in its own slot", move |n| {
        let (p, k) = (p.clone(), k.clone());
        async move {
            let id = person(n);
            let slot = Slot {
                starts: u16::try_from(n % 1000).unwrap_or(0),
                ends: 1441,
                capacity: 1,
            };
            let day = date!(2027 - 01 - 04) + time::Duration::days(i64::from(n / 1000));
            let b = NewBooking {
                service: "bench",
                location_id: "main",
                day,
                slot,
                id: &id,
                answers_json: "{}",
                email: None,
                draft: None,
                mail: None,
                replaces: None,
                holders: &app::booking::ssr::UNCOUNTED,
                from_hold: None,
            };
            book(&p, &k, &b, 1).await.unwrap_or_else(|e| panic!("{e}"));
        }
    })
    .await;
    let (p, k) = (pool.clone(), key.clone());
    let contended = run("bookings, all clients on one slot", move |n| {
        let (p, k) = (p.clone(), k.clone());
        async move {
            let id = person(100_000 + n);
            let slot = Slot {
                starts: 600,
                ends: 630,
                capacity: u16::MAX,
            };
            let b = NewBooking {
                service: "bench",
                location_id: "main",
                day: date!(2027 - 03 - 01),
                slot,
                id: &id,
                answers_json: "{}",
                email: None,
                draft: None,
                mail: None,
                replaces: None,
                holders: &app::booking::ssr::UNCOUNTED,
                from_hold: None,
            };
            book(&p, &k, &b, 1).await.unwrap_or_else(|e| panic!("{e}"));
        }
    })
    .await;
    println!(
        "  ratio uncontended bookings / raw inserts: {:.2}",
        uncontended / raw
    );
    println!(
        "  ratio contended bookings / raw inserts:   {:.2}\n",
        contended / raw
    );
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
    let name = format!("portal_bench_{}", std::process::id());
    sqlx::any::install_default_drivers();
    let admin_pool = sqlx::AnyPool::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin}: {e}"));
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin_pool)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let base = admin
        .rsplit_once('/')
        .map(|(s, _)| s.to_string())
        .unwrap_or(admin.clone());
    let url = match base.split_once('?') {
        Some((b, q)) => format!("{b}/{name}?{q}"),
        None => format!("{base}/{name}"),
    };
    let pool = prepared(&url, 8).await;
    bench("PostgreSQL", pool.clone()).await;
    pool.close().await;
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&admin_pool)
    .await;
}
