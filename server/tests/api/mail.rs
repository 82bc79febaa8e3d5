//! The outbox and its SMTP sender, against a real SMTP listener on loopback.

use crate::on_both_engines;
use app::crypto::DataKey;
use app::notify::ssr::{Attachment, OutgoingMail, enqueue};
use app::validate::Email;
use server::jobs::mailer::{Mailer, Pass};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A minimal SMTP server: accepts every message (or refuses every DATA with 451) and keeps
/// what it received.
pub struct SmtpListener {
    pub url: String,
    pub received: Arc<Mutex<Vec<String>>>,
}

pub async fn smtp_listener(refuse: bool) -> SmtpListener {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("smtp://{}", listener.local_addr().expect("address"));
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let mut in_data = false;
                let mut message = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            store
                                .lock()
                                .expect("lock")
                                .push(std::mem::take(&mut message));
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-test\r\n250 8BITMIME\r\n",
                        "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 ok\r\n",
                        "DATA" if refuse => b"451 try again later\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"502 unknown\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    SmtpListener { url, received }
}

fn mail(to: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "booking_confirmed".into(),
        reference: Some("AB12C-DE34F".into()),
        to: Email::parse(to).expect("valid"),
        subject: "Booking confirmed AB12C-DE34F".into(),
        body: "Your appointment: 14 February 2027 09:00. ID A12****789.".into(),
        attachment: Some(Attachment {
            name: "appointment.ics".into(),
            content_type: "text/calendar; charset=utf-8".into(),
            bytes: b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_vec(),
        }),
    }
}

const KEY: [u8; 32] = [7; 32];

on_both_engines! {
    async fn queued_mail_goes_out_once_with_its_attachment_and_stays_on_record(app) {
        let smtp = smtp_listener(false).await;
        let key = DataKey::from_bytes(&KEY);
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        enqueue(&app.pool, &key, &mail("mei@example.com"), now).await.expect("queued");
        let mailer = Mailer::new(app.pool.clone(), key.clone(), &smtp.url, "戶政事務所 <no-reply@example.gov.tw>").expect("mailer");
        assert_eq!(mailer.deliver_due().await, Pass { sent: 1, failed: 0 });
        assert_eq!(mailer.deliver_due().await, Pass::default(), "nothing is sent twice");
        let received = smtp.received.lock().expect("lock").clone();
        assert_eq!(received.len(), 1);
        assert!(received[0].contains("mei@example.com"));
        assert!(received[0].contains("appointment.ics"));
        let (status, sealed): (String, Vec<u8>) = sqlx::query_as("SELECT status, recipient_sealed FROM outbox")
            .fetch_one(&app.pool)
            .await
            .expect("row");
        assert_eq!(status, "sent");
        assert!(!sealed.windows(3).any(|w| w == b"mei"), "the address is sealed at rest");
    }
}

on_both_engines! {
    async fn a_refusing_server_leaves_the_mail_retrying_with_back_off(app) {
        let smtp = smtp_listener(true).await;
        let key = DataKey::from_bytes(&KEY);
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        enqueue(&app.pool, &key, &mail("mei@example.com"), now).await.expect("queued");
        let mailer = Mailer::new(app.pool.clone(), key, &smtp.url, "no-reply@example.gov.tw").expect("mailer");
        assert_eq!(mailer.deliver_due().await, Pass { sent: 0, failed: 1 });
        let (status, attempts, next, error): (String, i64, i64, Option<String>) =
            sqlx::query_as("SELECT status, attempts, next_attempt_at, last_error FROM outbox")
                .fetch_one(&app.pool)
                .await
                .expect("row");
        assert_eq!((status.as_str(), attempts), ("retrying", 1));
        assert!(next >= now + 60, "retried after a minute at the earliest");
        assert!(error.is_some_and(|e| !e.contains("mei@")), "the error is kept without the address");
        assert_eq!(mailer.deliver_due().await, Pass::default(), "not due yet");
    }
}

on_both_engines! {
    async fn a_mail_queued_in_a_rolled_back_transaction_never_exists(app) {
        let key = DataKey::from_bytes(&KEY);
        let mut tx = app.pool.begin().await.expect("begin");
        enqueue(&mut *tx, &key, &mail("mei@example.com"), 1).await.expect("queued");
        tx.rollback().await.expect("rollback");
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox").fetch_one(&app.pool).await.expect("count");
        assert_eq!(count, 0);
    }
}

#[tokio::test]
async fn a_booking_with_an_email_address_is_confirmed_by_mail_at_once() {
    let smtp = smtp_listener(false).await;
    let app = crate::helpers::spawn_app_with(
        crate::helpers::Engine::Sqlite,
        &[("PORTAL_SMTP_URL", &smtp.url)],
    )
    .await;
    let (reference, _) =
        crate::book_flow::book_visit_with_email(&app, "G21234567", "mei@example.com").await;
    let mut received = Vec::new();
    for _ in 0..50 {
        received = smtp.received.lock().expect("lock").clone();
        if !received.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT status, last_error FROM outbox")
            .fetch_all(&app.pool)
            .await
            .expect("rows");
    assert_eq!(
        received.len(),
        1,
        "the sender was woken by the booking: {rows:?}"
    );
    assert!(received[0].contains(&reference));
    assert!(received[0].contains("appointment.ics"));
    assert!(received[0].contains("mei@example.com"));
    assert!(
        !received[0].contains("G21234567"),
        "only the masked ID is mailed"
    );
}
