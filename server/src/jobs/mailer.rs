//! The outbox sender: delivers queued mail over SMTP (lettre), with back-off retries. Several
//! instances may run it at once; each message is claimed by one.

use app::crypto::DataKey;
use app::db::Pool;
use app::notify::ssr::{ClaimedMail, claim_next, mark_failed, mark_sent};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct Mailer {
    pool: Pool,
    key: DataKey,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Woken when a request queues mail, so it goes out at once rather than at the next poll.
    pub wake: Arc<Notify>,
}

/// What one pass over the due mail did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: u32,
    pub failed: u32,
}

impl Mailer {
    pub fn new(pool: Pool, key: DataKey, smtp_url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| anyhow::anyhow!("PORTAL_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("PORTAL_MAIL_FROM: {e}"))?;
        Ok(Mailer {
            pool,
            key,
            transport,
            from,
            wake: Arc::new(Notify::new()),
        })
    }

    /// Sends every message that is due now.
    pub async fn deliver_due(&self) -> Pass {
        let mut pass = Pass::default();
        loop {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let mail = match claim_next(&self.pool, &self.key, now).await {
                Ok(Some(mail)) => mail,
                Ok(None) => return pass,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox: could not claim mail");
                    return pass;
                }
            };
            let result = self.send(&mail).await;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            match result {
                Ok(()) => {
                    pass.sent += 1;
                    if let Err(e) = mark_sent(&self.pool, &mail.id, now).await {
                        tracing::error!(error = %e, outbox.id = %mail.id, "outbox: sent but not recorded");
                    }
                    tracing::info!(outbox.id = %mail.id, "mail sent");
                }
                Err(error) => {
                    pass.failed += 1;
                    match mark_failed(&self.pool, &mail, &error, now).await {
                        Ok(status) => {
                            tracing::warn!(outbox.id = %mail.id, status = status.code(), %error, "mail not sent")
                        }
                        Err(e) => {
                            tracing::error!(error = %e, outbox.id = %mail.id, "outbox: failure not recorded")
                        }
                    }
                }
            }
        }
    }

    async fn send(&self, mail: &ClaimedMail) -> Result<(), String> {
        let to: Mailbox = mail.to.parse().map_err(|e| format!("recipient: {e}"))?;
        let text = SinglePart::plain(mail.body.clone());
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone());
        let message = match &mail.attachment {
            Some(a) => {
                let content_type = ContentType::parse(&a.content_type)
                    .map_err(|e| format!("attachment type: {e}"))?;
                builder.multipart(MultiPart::mixed().singlepart(text).singlepart(
                    Attachment::new(a.name.clone()).body(a.bytes.clone(), content_type),
                ))
            }
            None => builder.singlepart(text),
        }
        .map_err(|e| format!("building the message: {e}"))?;
        // The SMTP error is kept and logged, but never an address (servers echo the
        // recipient in their refusals): addresses are personal data.
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| without_addresses(&e.to_string()))
    }

    /// Runs until `shutdown`: a pass whenever woken, and at least every 30 seconds for retries.
    pub async fn run(self, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        loop {
            self.deliver_due().await;
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(Duration::from_secs(30)) => {}
                _ = shutdown.changed() => return,
            }
        }
    }
}

/// The text with every e-mail address in it replaced by `***@***`.
pub fn without_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.contains('@') {
            out.push_str("***@***");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() || "<>()[],;:\"'".contains(c) {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod address_tests {
    use super::without_addresses;

    #[test]
    fn smtp_refusals_keep_their_words_but_not_the_address() {
        assert_eq!(
            without_addresses(
                "permanent error (550): 5.1.1 <chen.mei@example.com>: Recipient address rejected"
            ),
            "permanent error (550): 5.1.1 <***@***>: Recipient address rejected"
        );
        assert_eq!(
            without_addresses("connection refused"),
            "connection refused"
        );
        assert_eq!(
            without_addresses("to a@b.tw, c@d.tw"),
            "to ***@***, ***@***"
        );
    }
}
