//! Validated types for what people type: national ID and resident certificate numbers, phone
//! numbers, e-mail addresses. Parsed once at the edge; code past it trusts the type.

mod email;
mod national_id;
mod phone;

pub use email::Email;
pub use national_id::{IdKind, NationalId, check_digit};
pub use phone::{Phone, PhoneKind};

use crate::i18n::Lang;

/// Why a value was refused, with the sentence to show beside the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    Empty,
    IdShape,
    IdCheckDigit,
    PhoneShape,
    EmailShape,
    TooLong,
}

impl Invalid {
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Invalid::Empty, Lang::ZhTw) => "這個欄位必須填寫。",
            (Invalid::Empty, Lang::En) => "Please fill in this field.",
            (Invalid::IdShape, Lang::ZhTw) => {
                "請輸入 1 個英文字母加 9 位數字，例如 A123456789（居留證號也是相同格式）。"
            }
            (Invalid::IdShape, Lang::En) => {
                "Enter one letter and nine digits, such as A123456789 (resident certificate numbers have the same form)."
            }
            (Invalid::IdCheckDigit, Lang::ZhTw) => "這個號碼的檢查碼不正確，請核對是否有打錯字。",
            (Invalid::IdCheckDigit, Lang::En) => {
                "This number's check digit does not match; please check it for typing mistakes."
            }
            (Invalid::PhoneShape, Lang::ZhTw) => {
                "請輸入手機號碼（例如 0912-345-678）或含區碼的市話（例如 04-2339-3022）。"
            }
            (Invalid::PhoneShape, Lang::En) => {
                "Enter a mobile number (such as 0912-345-678) or a landline with its area code (such as 04-2339-3022)."
            }
            (Invalid::EmailShape, Lang::ZhTw) => {
                "請輸入正確的電子郵件地址，例如 name@example.com。"
            }
            (Invalid::EmailShape, Lang::En) => {
                "Enter an e-mail address in the form name@example.com."
            }
            (Invalid::TooLong, Lang::ZhTw) => "內容太長，請縮短。",
            (Invalid::TooLong, Lang::En) => "This is too long; please shorten it.",
        }
    }
}

/// Free text as typed into a form: line breaks made `\n`, other control characters dropped,
/// trimmed; `None` when it is longer than `max` characters.
pub fn free_text(text: &str, max: usize) -> Option<String> {
    let text: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    let text = text.trim();
    (text.chars().count() <= max).then(|| text.to_string())
}

/// A passport number as printed: 5 to 20 letters and digits (upper-cased), or `None`.
pub fn passport_number(input: &str) -> Option<String> {
    let text: String = half_width(input)
        .trim()
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    ((5..=20).contains(&text.len()) && text.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(text)
}

/// Full-width letters, digits and punctuation typed on Chinese keyboards, made half-width.
pub(crate) fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passport_numbers_are_letters_and_digits() {
        assert_eq!(passport_number(" e1234 5678 "), Some("E12345678".into()));
        assert_eq!(passport_number("AB<12"), None);
        assert_eq!(passport_number("1234"), None);
    }

    #[test]
    fn full_width_input_is_folded() {
        assert_eq!(half_width("Ａ１２３４５６７８９"), "A123456789");
        assert_eq!(half_width("０９１２－３４５"), "0912-345");
    }

    #[test]
    fn every_refusal_explains_itself_in_both_languages() {
        for invalid in [
            Invalid::Empty,
            Invalid::IdShape,
            Invalid::IdCheckDigit,
            Invalid::PhoneShape,
            Invalid::EmailShape,
            Invalid::TooLong,
        ] {
            for lang in Lang::ALL {
                assert!(!invalid.message(lang).is_empty());
            }
        }
    }
}
