//! E-mail addresses, checked for the shape mail servers accept (not whether they exist).

use super::{Invalid, half_width};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, Invalid> {
        let text = half_width(input).trim().to_string();
        if text.is_empty() {
            return Err(Invalid::Empty);
        }
        if text.len() > 254 {
            return Err(Invalid::TooLong);
        }
        let (local, domain) = text.rsplit_once('@').ok_or(Invalid::EmailShape)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if !(local_ok && domain_ok) {
            return Err(Invalid::EmailShape);
        }
        Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address as shown: `n***@example.com`.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or((&self.0, ""));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_are_accepted_and_the_domain_lower_cased() {
        assert_eq!(
            Email::parse(" Chen.Mei+hro@Example.COM.tw ").map(|e| e.as_str().to_string()),
            Ok("Chen.Mei+hro@example.com.tw".into())
        );
        assert!(Email::parse("a@b.tw").is_ok());
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for input in [
            "plainaddress",
            "@example.com",
            "a@",
            "a@b",
            "a@b.c",
            "a..b@example.com",
            "a@-x.com",
            "a b@example.com",
            "a@exam_ple.com",
        ] {
            assert_eq!(
                Email::parse(input).err(),
                Some(Invalid::EmailShape),
                "{input}"
            );
        }
        assert_eq!(Email::parse("").err(), Some(Invalid::Empty));
    }

    #[test]
    fn addresses_are_masked_when_shown() {
        assert_eq!(
            Email::parse("mei@example.com").map(|e| e.masked()),
            Ok("m***@example.com".into())
        );
    }
}
