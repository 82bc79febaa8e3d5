use crate::on_both_engines;
use app::booking::slots::Slot;
use app::booking::ssr::{BookError, NewBooking, book, remaining};
use app::crypto::DataKey;
use app::validate::{NationalId, check_digit};
use time::macros::date;

/// The `n`th valid national ID of a made-up series.
fn person(n: u32) -> NationalId {
    let first_nine = format!("A2{n:07}");
    let check = check_digit(&first_nine).expect("a check digit exists");
    NationalId::parse(&format!("{first_nine}{check}")).expect("valid")
}

const KEY: [u8; 32] = [7; 32];

fn booking<'a>(id: &'a NationalId, slot: Slot) -> NewBooking<'a> {
    NewBooking {
        service: "marriage",
        location_id: "main",
        day: date!(2027 - 02 - 14),
        slot,
        id,
        answers_json: r#"{"names":"sample"}"#,
        email: None,
        draft: None,
        mail: None,
        replaces: None,
        holders: &app::booking::ssr::UNCOUNTED,
        from_hold: None,
    }
}

on_both_engines! {
    async fn fifty_clients_racing_for_the_last_seat_leave_exactly_one_booking(app) {
        let slot = Slot { starts: 540, ends: 570, capacity: 1 };
        let mut tasks = Vec::new();
        for n in 0..50 {
            let pool = app.pool.clone();
            tasks.push(tokio::spawn(async move {
                let key = DataKey::from_bytes(&KEY);
                let id = person(n);
                book(&pool, &key, &booking(&id, slot), 1_700_000_000).await
            }));
        }
        let mut won = 0;
        let mut full = 0;
        for task in tasks {
            match task.await.expect("the task ran") {
                Ok(_) => won += 1,
                Err(BookError::SlotFull) => full += 1,
                Err(other) => panic!("a racer got {other:?} instead of a clear answer"),
            }
        }
        assert_eq!((won, full), (1, 49));
        let left = remaining(&app.pool, "main", date!(2027 - 02 - 14), &[slot]).await.expect("remaining");
        assert_eq!(left[0].1, 0);
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bookings").fetch_one(&app.pool).await.expect("count");
        assert_eq!(count, 1);
    }
}

on_both_engines! {
    async fn a_second_booking_the_same_day_is_refused_and_gives_its_seat_back(app) {
        let key = DataKey::from_bytes(&KEY);
        let id = person(1);
        let morning = Slot { starts: 540, ends: 570, capacity: 3 };
        let afternoon = Slot { starts: 840, ends: 870, capacity: 3 };
        let reference = book(&app.pool, &key, &booking(&id, morning), 1).await.expect("first booking");
        assert_eq!(reference.len(), 11);
        assert_eq!(
            book(&app.pool, &key, &booking(&id, afternoon), 2).await,
            Err(BookError::AlreadyBookedThatDay)
        );
        let left = remaining(&app.pool, "main", date!(2027 - 02 - 14), &[morning, afternoon]).await.expect("remaining");
        assert_eq!(left.iter().map(|(_, n)| *n).collect::<Vec<_>>(), [2, 3], "the refused booking took no seat");
        // Someone else may still book that afternoon.
        assert!(book(&app.pool, &key, &booking(&person(2), afternoon), 3).await.is_ok());
    }
}

on_both_engines! {
    async fn the_national_id_is_stored_only_sealed_and_hashed(app) {
        let key = DataKey::from_bytes(&KEY);
        let id = person(3);
        book(&app.pool, &key, &booking(&id, Slot { starts: 600, ends: 630, capacity: 1 }), 1).await.expect("booked");
        let (hash, sealed): (String, Vec<u8>) = sqlx::query_as("SELECT id_hash, id_sealed FROM bookings")
            .fetch_one(&app.pool)
            .await
            .expect("row");
        assert!(!hash.contains(id.expose()));
        assert!(!sealed.windows(10).any(|w| w == id.expose().as_bytes()));
        assert_eq!(key.open(&sealed).expect("opens"), id.expose().as_bytes());
    }
}
