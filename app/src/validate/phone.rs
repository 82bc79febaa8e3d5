//! Taiwanese phone numbers: mobiles (09xx-xxx-xxx) and landlines with their area code, typed
//! with or without dashes, spaces, brackets, +886 or an extension.

use super::{Invalid, half_width};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhoneKind {
    Mobile,
    Landline,
}

/// A phone number kept as national digits (`0912345678`, `0423393022`) plus an extension.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    digits: String,
    extension: Option<String>,
}

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, Invalid> {
        let text = half_width(input).trim().to_string();
        if text.is_empty() {
            return Err(Invalid::Empty);
        }
        if text.chars().count() > 30 {
            return Err(Invalid::PhoneShape);
        }
        let (main, extension) = match text
            .split_once(['#', '＃'])
            .or_else(|| text.split_once("ext"))
        {
            Some((main, ext)) => {
                let ext: String = ext
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '.')
                    .collect();
                if ext.is_empty() || ext.len() > 6 || !ext.chars().all(|c| c.is_ascii_digit()) {
                    return Err(Invalid::PhoneShape);
                }
                (main, Some(ext))
            }
            None => (text.as_str(), None),
        };
        let mut digits = String::new();
        for (i, c) in main.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => digits.push('+'),
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(Invalid::PhoneShape),
            }
        }
        let digits = match digits.strip_prefix("+886") {
            Some(rest) => format!("0{}", rest.strip_prefix('0').unwrap_or(rest)),
            None if digits.starts_with('+') => return Err(Invalid::PhoneShape),
            None => digits,
        };
        let phone = Phone { digits, extension };
        match phone.kind() {
            Some(PhoneKind::Mobile) if phone.extension.is_none() => Ok(phone),
            Some(PhoneKind::Landline) => Ok(phone),
            _ => Err(Invalid::PhoneShape),
        }
    }

    /// Mobile: 09 and eight more digits. Landline: 0, an area code digit 2–8, 9 or 10 digits.
    fn kind(&self) -> Option<PhoneKind> {
        let d = self.digits.as_bytes();
        match (d.len(), d.first(), d.get(1)) {
            (10, Some(b'0'), Some(b'9')) => Some(PhoneKind::Mobile),
            (9 | 10, Some(b'0'), Some(b'2'..=b'8')) => Some(PhoneKind::Landline),
            _ => None,
        }
    }

    pub fn phone_kind(&self) -> PhoneKind {
        self.kind().unwrap_or(PhoneKind::Landline)
    }

    /// The number as dialled within Taiwan, e.g. `0912345678` or `0423393022#12`.
    pub fn expose(&self) -> String {
        match &self.extension {
            Some(ext) => format!("{}#{ext}", self.digits),
            None => self.digits.clone(),
        }
    }

    /// The number as shown: `0912-***-678`.
    pub fn masked(&self) -> String {
        let d = &self.digits;
        format!("{}-***-{}", &d[..4], &d[d.len() - 3..])
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_and_landlines_are_accepted_however_typed() {
        for (input, digits, kind) in [
            ("0912-345-678", "0912345678", PhoneKind::Mobile),
            ("0912 345 678", "0912345678", PhoneKind::Mobile),
            ("+886 912 345 678", "0912345678", PhoneKind::Mobile),
            ("+886-0912-345678", "0912345678", PhoneKind::Mobile),
            ("０９１２３４５６７８", "0912345678", PhoneKind::Mobile),
            ("04-2339-3022", "0423393022", PhoneKind::Landline),
            ("(02) 2345-6789", "0223456789", PhoneKind::Landline),
            ("049-2345678", "0492345678", PhoneKind::Landline),
            ("089-123456", "089123456", PhoneKind::Landline),
        ] {
            let phone = Phone::parse(input);
            assert_eq!(
                phone.as_ref().map(Phone::expose).ok().as_deref(),
                Some(digits),
                "{input}"
            );
            assert_eq!(phone.map(|p| p.phone_kind()), Ok(kind), "{input}");
        }
        assert_eq!(
            Phone::parse("04-2339-3022#12").map(|p| p.expose()),
            Ok("0423393022#12".into())
        );
    }

    #[test]
    fn impossible_numbers_are_refused() {
        for input in [
            "12345",
            "0912-345-67",
            "0912-345-6789",
            "+1 415 555 0100",
            "09123abc78",
            "0123456789",
            "0912345678#1",
        ] {
            assert_eq!(
                Phone::parse(input).err(),
                Some(Invalid::PhoneShape),
                "{input}"
            );
        }
        assert_eq!(Phone::parse("  ").err(), Some(Invalid::Empty));
    }

    #[test]
    fn numbers_are_masked_when_shown() {
        assert_eq!(
            Phone::parse("0912-345-678").map(|p| p.masked()),
            Ok("0912-***-678".into())
        );
        assert_eq!(
            Phone::parse("0912-345-678").map(|p| format!("{p:?}")),
            Ok("Phone(0912-***-678)".into())
        );
    }
}
