//! The life of stored personal data: deletion on schedule, and rotation of the data key.

use crate::apply::apply_for_transcript;
use crate::book_flow::book_visit_with_email;
use crate::helpers::{start, without_markers};
use crate::on_both_engines;
use app::crypto::DataKey;

async fn count(app: &crate::helpers::TestApp, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_one(&app.pool)
        .await
        .expect("count");
    n
}

on_both_engines! {
    async fn records_past_their_keeping_time_are_deleted_and_the_rest_kept(app) {
        let (old_booking, _) = book_visit_with_email(app, "J12345678", "j@example.com").await;
        book_visit_with_email(app, "J22345678", "").await;
        let (old_application, _) = apply_for_transcript(app, "J12345670", "k@example.com").await;
        apply_for_transcript(app, "J22345670", "").await;
        // One booking was long ago, one application was collected long ago, and the mail
        // about them went out long ago.
        sqlx::query("UPDATE bookings SET day = '2024-01-05' WHERE reference = $1")
            .bind(&old_booking).execute(&app.pool).await.expect("update");
        sqlx::query("UPDATE applications SET status = 'collected', updated_at = 1700000000 WHERE reference = $1")
            .bind(&old_application).execute(&app.pool).await.expect("update");
        sqlx::query("UPDATE outbox SET status = 'sent', created_at = 1700000000")
            .execute(&app.pool).await.expect("update");
        let purged = server::jobs::retention::purge_once(&app.pool, 365).await.expect("purged");
        assert_eq!((purged.bookings, purged.applications, purged.mails), (1, 1, 2));
        assert_eq!((count(app, "bookings").await, count(app, "applications").await, count(app, "outbox").await), (1, 1, 0));
        let again = server::jobs::retention::purge_once(&app.pool, 365).await.expect("purged");
        assert_eq!(again, app::lifecycle::Purged::default(), "a second pass finds nothing");

        // A recent application still being processed is kept however old its status change.
        sqlx::query("UPDATE applications SET status = 'processing', updated_at = 1700000000")
            .execute(&app.pool).await.expect("update");
        server::jobs::retention::purge_once(&app.pool, 365).await.expect("purged");
        assert_eq!(count(app, "applications").await, 1);
    }
}

on_both_engines! {
    async fn rotating_the_data_key_reseals_everything_or_nothing(app) {
        let (booking, booking_id) = book_visit_with_email(app, "L12345678", "l@example.com").await;
        let (application, application_id) = apply_for_transcript(app, "L22345678", "m@example.com").await;
        let old = DataKey::parse(&"07".repeat(32)).expect("key");
        let new_hex = "5a".repeat(32);
        let new = DataKey::parse(&new_hex).expect("key");

        // The wrong current key changes nothing.
        let wrong = DataKey::parse(&"66".repeat(32)).expect("key");
        assert!(app::lifecycle::rekey(&app.pool, &wrong, &new).await.is_err());
        let (hash,): (String,) = sqlx::query_as("SELECT id_hash FROM bookings").fetch_one(&app.pool).await.expect("row");
        assert_eq!(hash, old.lookup_hash(app::booking::ssr::ID_HASH_PURPOSE, &booking_id));

        let done = app::lifecycle::rekey(&app.pool, &old, &new).await.expect("rekeyed");
        assert!(done.rows.contains(&("outbox", 2)), "{:?}", done.rows);

        // A portal started with the new key finds both by reference and ID number, and the
        // mail in the outbox opens with it.
        let mut fresh = start(&app.database_url, &[("PORTAL_DATA_KEY", &new_hex)]).await;
        for (reference, id) in [(&booking, &booking_id), (&application, &application_id)] {
            let r = fresh.post_form("/bookings/lookup", &[("reference", reference), ("id", id)], &[]).await;
            assert_eq!(r.status(), 200, "{reference}");
            assert!(without_markers(&r.text().await.expect("body")).contains(reference.as_str()));
        }
        let mail = app::notify::ssr::claim_next(&fresh.pool, &new, i64::MAX / 2).await.expect("claim");
        assert!(mail.is_some_and(|m| m.to.ends_with("@example.com")));
        fresh.stop().await;

        // The old key no longer finds anything.
        let r = app.post_form("/bookings/lookup", &[("reference", &booking), ("id", &booking_id)], &[]).await;
        assert_eq!(r.status(), 404);
    }
}
