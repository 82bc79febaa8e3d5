//! Notifications (三通服務步): mail is written to the outbox in the same transaction as the
//! change it reports, and a background sender delivers it with retries. Every message stays in
//! the outbox as the record of what was sent.

#[cfg(feature = "ssr")]
pub mod ssr;

/// The states of a message in the outbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailStatus {
    Queued,
    Sending,
    Sent,
    Retrying,
    Failed,
}

impl MailStatus {
    pub fn code(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Retrying => "retrying",
            MailStatus::Failed => "failed",
        }
    }
}

/// Seconds to wait after the n-th failed attempt (1-based); `None`: give up.
pub fn retry_delay(attempts: u32) -> Option<i64> {
    match attempts {
        1 => Some(60),
        2 => Some(5 * 60),
        3 => Some(30 * 60),
        4 => Some(2 * 60 * 60),
        5 => Some(12 * 60 * 60),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::retry_delay;

    #[test]
    fn retries_back_off_and_stop_after_the_sixth_failure() {
        let delays: Vec<_> = (1..=6).map(retry_delay).collect();
        assert_eq!(
            delays,
            [
                Some(60),
                Some(300),
                Some(1800),
                Some(7200),
                Some(43200),
                None
            ]
        );
    }
}
