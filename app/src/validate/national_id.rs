//! 國民身分證統一編號 and the resident certificate numbers of new residents (居留證/統一證號).
//!
//! All are ten characters with a check digit: a letter for the place of first registration,
//! then either a digit for sex (1, 2: citizens; 8, 9: the 2021 resident numbers) or, in the
//! older resident numbers, a second letter; then eight digits, the last one the check digit.

use super::{Invalid, half_width};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NationalId(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    /// 國民身分證: second character 1 or 2.
    Citizen,
    /// 新式統一證號 (from 2021): second character 8 or 9.
    Resident,
    /// 舊式居留證統一證號: second character a letter A–D.
    ResidentOld,
}

/// The two-digit code of each place letter, as the check-digit formula uses it.
fn letter_code(letter: char) -> Option<u32> {
    const CODES: [u32; 26] = [
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32,
        30, 31, 33,
    ];
    letter
        .is_ascii_uppercase()
        .then(|| CODES[(letter as u8 - b'A') as usize])
}

impl NationalId {
    /// Accepts what people type: lower case, full-width characters and surrounding spaces.
    pub fn parse(input: &str) -> Result<NationalId, Invalid> {
        let text: String = half_width(input)
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        if text.is_empty() {
            return Err(Invalid::Empty);
        }
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != 10 || !chars[2..].iter().all(char::is_ascii_digit) {
            return Err(Invalid::IdShape);
        }
        let first = letter_code(chars[0]).ok_or(Invalid::IdShape)?;
        let second = match chars[1] {
            '1' | '2' | '8' | '9' => chars[1].to_digit(10).unwrap_or(0),
            // The older resident numbers: the second letter counts by its code's last digit.
            'A'..='D' => letter_code(chars[1])
                .map(|c| c % 10)
                .ok_or(Invalid::IdShape)?,
            _ => return Err(Invalid::IdShape),
        };
        let digits: Vec<u32> = chars[2..].iter().filter_map(|c| c.to_digit(10)).collect();
        let mut sum = first / 10 + (first % 10) * 9 + second * 8;
        for (digit, weight) in digits[..7].iter().zip([7, 6, 5, 4, 3, 2, 1]) {
            sum += digit * weight;
        }
        sum += digits[7];
        if sum % 10 != 0 {
            return Err(Invalid::IdCheckDigit);
        }
        Ok(NationalId(text))
    }

    pub fn kind(&self) -> IdKind {
        match self.0.as_bytes()[1] {
            b'1' | b'2' => IdKind::Citizen,
            b'8' | b'9' => IdKind::Resident,
            _ => IdKind::ResidentOld,
        }
    }

    /// The number in full. Only for encryption, keyed hashing and the holder's own documents.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The number as shown anywhere else: `A12****789`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// Debug and Display show the masked form, so a number never reaches a log in clear.
impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NationalId({})", self.masked())
    }
}

impl fmt::Display for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Computes the check digit for the first nine characters (tests and sample data use it).
pub fn check_digit(first_nine: &str) -> Option<u32> {
    (0..10).find(|d| NationalId::parse(&format!("{first_nine}{d}")).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_valid_numbers_are_accepted() {
        // The textbook example, and numbers of each kind built with the published formula.
        for id in [
            "A123456789",
            "F131104093",
            "a123456789",
            " Ａ１２３４５６７８９ ",
        ] {
            assert!(NationalId::parse(id).is_ok(), "{id}");
        }
        assert_eq!(
            NationalId::parse("A123456789").map(|i| i.kind()),
            Ok(IdKind::Citizen)
        );
        let resident = format!("A80000000{}", check_digit("A80000000").unwrap_or(99));
        assert_eq!(
            NationalId::parse(&resident).map(|i| i.kind()),
            Ok(IdKind::Resident)
        );
        let old = format!("AC0000000{}", check_digit("AC0000000").unwrap_or(99));
        assert_eq!(
            NationalId::parse(&old).map(|i| i.kind()),
            Ok(IdKind::ResidentOld)
        );
    }

    #[test]
    fn wrong_shapes_and_check_digits_are_told_apart() {
        assert_eq!(NationalId::parse(""), Err(Invalid::Empty));
        assert_eq!(NationalId::parse("A12345678"), Err(Invalid::IdShape));
        assert_eq!(NationalId::parse("A323456789"), Err(Invalid::IdShape));
        assert_eq!(NationalId::parse("1234567890"), Err(Invalid::IdShape));
        assert_eq!(NationalId::parse("A123456788"), Err(Invalid::IdCheckDigit));
    }

    #[test]
    fn numbers_are_masked_everywhere_but_expose() {
        let id = NationalId::parse("A123456789").ok();
        let id = id.as_ref();
        assert_eq!(id.map(NationalId::masked).as_deref(), Some("A12****789"));
        assert_eq!(
            id.map(|i| format!("{i} {i:?}")).as_deref(),
            Some("A12****789 NationalId(A12****789)")
        );
        assert_eq!(id.map(NationalId::expose), Some("A123456789"));
    }

    proptest! {
        #[test]
        fn exactly_one_last_digit_completes_any_first_nine(
            letter in proptest::char::range('A', 'Z'),
            sex in prop::sample::select(vec!['1', '2', '8', '9']),
            digits in "[0-9]{7}",
        ) {
            let first_nine = format!("{letter}{sex}{digits}");
            let valid: Vec<u32> = (0..10)
                .filter(|d| NationalId::parse(&format!("{first_nine}{d}")).is_ok())
                .collect();
            prop_assert_eq!(valid.len(), 1);
        }

        /// The weights 7, 3 and 1 are coprime with 10, so a mistyped digit in those places is
        /// always caught (a weight of 2, 4, 5 or 6 lets some changes through, by design).
        #[test]
        fn a_mistyped_digit_in_a_checked_place_is_caught(
            letter in proptest::char::range('A', 'Z'),
            digits in "[12][0-9]{7}",
            position in prop::sample::select(vec![2usize, 6, 8, 9]),
            delta in 1u32..10,
        ) {
            let first_nine = format!("{letter}{digits}");
            let Some(check) = check_digit(&first_nine) else { return Err(TestCaseError::fail("no check digit")) };
            let mut chars: Vec<char> = format!("{first_nine}{check}").chars().collect();
            let d = chars[position].to_digit(10).unwrap_or(0);
            chars[position] = char::from_digit((d + delta) % 10, 10).unwrap_or('0');
            let changed: String = chars.into_iter().collect();
            prop_assert!(NationalId::parse(&changed).is_err());
        }

        #[test]
        fn parsing_never_panics(input in "\\PC{0,20}") {
            let _ = NationalId::parse(&input);
        }
    }
}
