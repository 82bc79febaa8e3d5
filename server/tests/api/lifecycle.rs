//! The life of stored personal data: deletion on schedule, and rotation of the data key.

use crate::apply::apply_for_transcript;
use crate::book_flow::book_visit_with_email;
use crate::helpers::{start, without_markers};
use crate::on_both_engines;
use app::crypto::DataKey;

/// The data key the test settings give.
fn key() -> DataKey {
    DataKey::parse(&"07".repeat(32)).expect("key")
}

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
        let purged = server::jobs::retention::purge_once(&app.pool, &key(), 365, 1825).await.expect("purged");
        assert_eq!((purged.bookings, purged.applications, purged.mails), (1, 1, 2));
        assert_eq!((count(app, "bookings").await, count(app, "applications").await, count(app, "outbox").await), (1, 1, 0));
        let again = server::jobs::retention::purge_once(&app.pool, &key(), 365, 1825).await.expect("purged");
        assert_eq!(again, app::lifecycle::Purged::default(), "a second pass finds nothing");

        // A recent application still being processed is kept however old its status change.
        sqlx::query("UPDATE applications SET status = 'processing', updated_at = 1700000000")
            .execute(&app.pool).await.expect("update");
        server::jobs::retention::purge_once(&app.pool, &key(), 365, 1825).await.expect("purged");
        assert_eq!(count(app, "applications").await, 1);
    }
}

on_both_engines! {
    async fn retention_also_covers_messages_suggestions_comments_drafts_and_the_audit_log(app) {
        let fields = [("category", "opinion"), ("subject", "路口積水"), ("message", "附上照片。"), ("name", "張三"), ("email", "zhang@example.com")];
        let (content_type, body) = crate::helpers::multipart(&fields, "信件.pdf", b"%PDF-1.4 letter");
        let sent = app.client.post(format!("{}/mailbox", app.address)).header("content-type", content_type).body(body).send().await.expect("sent");
        assert_eq!(sent.status(), 303);
        let staff = crate::staff::sign_in(app, "keeper", app::staff::Role::Admin).await;
        let (petition,): (String,) = sqlx::query_as("SELECT number FROM petitions").fetch_one(&app.pool).await.expect("petition");
        assert_eq!(staff.post(&format!("/staff/petitions/{petition}/note"), &[("note", "張先生來電")]).await.status(), 303);
        let proposed = app.post_form("/suggestions/new", &[("area", "form"), ("title", "合併申請書"), ("proposal", "合併成一張。"), ("name", "陳美玲"), ("email", "chen@example.com")], &[]).await;
        assert_eq!(proposed.status(), 303);
        assert_eq!(app.post_form("/survey", &[("version", "1"), ("q1", "5"), ("q2", "4"), ("q3", "3"), ("q4", "2"), ("q5", "王小姐很親切")], &[]).await.status(), 303);
        app.post_form("/book/registration-visit/start", &[], &[]).await;

        // All of it long ago: the message replied, the suggestion decided.
        let long_ago = 1_600_000_000_i64;
        for sql in [
            "UPDATE petitions SET status = 'replied', updated_at = $1",
            "UPDATE suggestions SET status = 'not_adopted', updated_at = $1",
            "UPDATE survey_answers SET created_at = $1",
            "UPDATE booking_drafts SET updated_at = $1",
            "UPDATE audit_log SET at = $1",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(long_ago).execute(&app.pool).await.expect(sql);
        }
        let purged = server::jobs::retention::purge_once(&app.pool, &key(), 365, 1825).await.expect("purged");
        assert_eq!(
            (purged.petitions, purged.suggestions, purged.survey_comments, purged.drafts),
            (1, 1, 1, 1),
            "{purged:?}"
        );
        assert!(purged.audit_entries >= 2, "{purged:?}");
        for table in ["petition_notes", "petition_attachments", "booking_drafts"] {
            assert_eq!(count(app, table).await, 0, "{table}");
        }
        let (email, erased): (Option<Vec<u8>>, Option<i64>) = sqlx::query_as("SELECT email_sealed, erased_at FROM petitions").fetch_one(&app.pool).await.expect("row");
        assert!(email.is_none() && erased.is_some(), "the row stays for the figures, its person goes");
        let (name,): (Option<Vec<u8>>,) = sqlx::query_as("SELECT name_sealed FROM suggestions").fetch_one(&app.pool).await.expect("row");
        assert!(name.is_none());
        // The register still opens, saying what happened.
        let staff = crate::staff::sign_in(app, "keeper2", app::staff::Role::Admin).await;
        assert!(staff.html(&format!("/staff/petitions/{petition}")).await.contains(app::lifecycle::ERASED));
        let again = server::jobs::retention::purge_once(&app.pool, &key(), 365, 1825).await.expect("purged");
        assert_eq!((again.petitions, again.suggestions, again.survey_comments), (0, 0, 0), "a second pass finds nothing");
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

        // The instance still running with the old key notices and stops serving: whatever it
        // sealed now could never be opened again.
        let mut status = 0;
        for _ in 0..50 {
            status = app.get("/bookings/lookup").await.status().as_u16();
            if status == 503 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, 503, "the old instance stops within its check interval");
        assert_eq!(app.get("/healthz").await.status(), 503, "and the proxy takes it out");

        // Nor can it be restarted with the old key.
        let refused = server::startup::Application::build(crate::helpers::settings(&app.database_url, &[])).await;
        assert!(refused.is_err_and(|e| e.to_string().contains("not the key")));
    }
}

on_both_engines! {
    async fn after_a_rotation_every_kind_of_sealed_record_opens_with_the_new_key(app) {
        // A message with a file, a suggestion with its contact, a survey comment, a visit.
        let fields = [("category", "opinion"), ("subject", "路口積水"), ("message", "附上照片。"), ("name", "張三"), ("email", "zhang@example.com"), ("phone", "0933444555")];
        let (content_type, body) = crate::helpers::multipart(&fields, "信件.pdf", b"%PDF-1.4 letter");
        let sent = app.client.post(format!("{}/mailbox", app.address)).header("content-type", content_type).body(body).send().await.expect("sent");
        assert_eq!(sent.status(), 303);
        let (petition,): (String,) = sqlx::query_as("SELECT number FROM petitions").fetch_one(&app.pool).await.expect("petition");
        let (file,): (String,) = sqlx::query_as("SELECT id FROM petition_attachments").fetch_one(&app.pool).await.expect("file");
        let clerk = crate::staff::sign_in(app, "rotator", app::staff::Role::Admin).await;
        assert_eq!(clerk.post(&format!("/staff/petitions/{petition}/note"), &[("note", "已轉交工務單位")]).await.status(), 303);
        let proposed = app.post_form("/suggestions/new", &[("area", "form"), ("title", "合併申請書"), ("proposal", "合併成一張。"), ("name", "陳美玲"), ("email", "chen@example.com")], &[]).await;
        assert_eq!(proposed.status(), 303);
        let (suggestion,): (String,) = sqlx::query_as("SELECT number FROM suggestions").fetch_one(&app.pool).await.expect("suggestion");
        let (visit, _) = book_visit_with_email(app, "K12345678", "k@example.com").await;
        let survey = app.post_form(&format!("/survey/visit/{visit}"), &[("version", "1"), ("q1", "5"), ("q2", "4"), ("q3", "3"), ("q4", "2"), ("q5", "親切")], &[]).await;
        assert_eq!(survey.status(), 303);

        let old = DataKey::parse(&"07".repeat(32)).expect("key");
        let new_hex = "3c".repeat(32);
        let new = DataKey::parse(&new_hex).expect("key");
        app::lifecycle::rekey(&app.pool, &old, &new).await.expect("rekeyed");

        let mut fresh = start(&app.database_url, &[("PORTAL_DATA_KEY", &new_hex)]).await;
        let staff = crate::staff::sign_in(&fresh, "after", app::staff::Role::Admin).await;
        for path in [
            format!("/staff/petitions/{petition}"),
            format!("/staff/petitions/{petition}/files/{file}"),
            format!("/staff/suggestions/{suggestion}"),
            "/staff/petitions".to_string(),
            "/staff/suggestions".to_string(),
            "/staff/surveys".to_string(),
        ] {
            assert_eq!(staff.get(&path).await.status(), 200, "{path}");
        }
        assert!(staff.html(&format!("/staff/petitions/{petition}")).await.contains("已轉交工務單位"));
        // Lookups by keyed hashes still find them: the message by its contact, the visit's
        // survey as already answered.
        let found = fresh.post_form("/mailbox/lookup", &[("number", &petition), ("contact", "zhang@example.com")], &[]).await;
        assert_eq!(found.status(), 200, "the sender finds the message with the new key");
        let again = fresh.post_form(&format!("/survey/visit/{visit}"), &[("version", "1"), ("q1", "5"), ("q2", "4"), ("q3", "3"), ("q4", "2")], &[]).await;
        assert_eq!(again.status(), 409, "the visit's answer is still known");
        fresh.stop().await;
    }
}

/// Every column named like sealed data or a keyed hash, read from the schema itself, so that a
/// table added later with personal data cannot be forgotten by the rotation.
async fn keyed_columns_in_schema(app: &crate::helpers::TestApp) -> Vec<(String, String)> {
    let sql = if app.database_url.starts_with("sqlite") {
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
    } else {
        "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema()"
    };
    let all: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&app.pool)
        .await
        .expect("schema");
    all.into_iter()
        .filter(|(_, c)| c.ends_with("_sealed") || c.ends_with("_hash"))
        .collect()
}

on_both_engines! {
    async fn the_rotation_covers_every_sealed_and_hashed_column_of_the_schema(app) {
        let covered = app::lifecycle::rekeyed_columns();
        let columns = keyed_columns_in_schema(app).await;
        assert!(columns.len() >= 30, "the schema was read: {columns:?}");
        for (table, column) in &columns {
            let known = covered.iter().any(|(t, c)| t == table && c == column)
                || app::lifecycle::NOT_KEYED.iter().any(|(t, c, _)| t == table && c == column)
                || app::lifecycle::FORGOTTEN.iter().any(|(t, c)| t == table && c == column);
            assert!(known, "{table}.{column} is neither re-sealed by the key rotation nor listed as not keyed");
        }
        for (table, column) in &covered {
            assert!(columns.iter().any(|(t, c)| t == table && c == column), "{table}.{column} is not in the schema");
        }
    }
}

on_both_engines! {
    async fn an_instance_with_another_key_refuses_to_start(app) {
        let other = "44".repeat(32);
        let refused = server::startup::Application::build(crate::helpers::settings(&app.database_url, &[("PORTAL_DATA_KEY", &other)])).await;
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("not the key"), "{message}");
    }
}

#[tokio::test]
async fn sqlite_never_makes_a_new_key_for_a_database_that_holds_sealed_data() {
    let app = crate::helpers::spawn_app(crate::helpers::Engine::Sqlite).await;
    book_visit_with_email(&app, "M12345678", "m@example.com").await;
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("mistyped.key");
    let settings = crate::helpers::settings(
        &app.database_url,
        &[
            ("PORTAL_DATA_KEY", ""),
            ("PORTAL_DATA_KEY_FILE", file.to_str().expect("UTF-8")),
        ],
    );
    let refused = server::startup::Application::build(settings).await;
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("restore the key file"), "{message}");
    assert!(!file.exists(), "no new key was made");
}
