//! The self-hosted challenge a booking needs when a client has already booked, or a day is
//! being booked fast (a script at work): a proof of work that the browser solves by itself when
//! JavaScript is on (an island), and, with JavaScript off, a short sum written in words in the
//! page's language, which a person with a screen reader answers like any other field. No third
//! party is asked anything, and nothing about the person leaves the office's server.
//!
//! A challenge is a token sealed with the data key, bound to one booking in progress and valid
//! for half an hour: it carries the sum's terms, so the page holds nothing a script could read
//! the answer from but the question itself.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Leading zero bits the proof of work needs: about 260,000 hashes, a fraction of a second in
/// the browser.
pub const DIFFICULTY: u32 = 18;

/// What the check page shows for a challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeView {
    pub token: String,
    pub question: String,
    pub difficulty: u32,
}

/// SHA-256 of `token:nonce`.
fn digest(token: &str, nonce: u64) -> [u8; 32] {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    hasher.update(token.as_bytes());
    hasher.update(b":");
    hasher.update(nonce.to_string().as_bytes());
    hasher.finalize().into()
}

fn leading_zero_bits(hash: &[u8; 32]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Whether `nonce` solves the proof of work for `token`.
pub fn solves(token: &str, nonce: u64, difficulty: u32) -> bool {
    leading_zero_bits(&digest(token, nonce)) >= difficulty
}

/// The first nonce that solves the proof of work (what the browser computes).
pub fn solve(token: &str, difficulty: u32) -> u64 {
    (0..u64::MAX)
        .find(|n| solves(token, *n, difficulty))
        .unwrap_or_default()
}

/// A number from 0 to 99 in words, as the question writes it.
fn in_words(n: u32, lang: crate::i18n::Lang) -> String {
    const ZH: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const EN: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    match lang {
        crate::i18n::Lang::ZhTw => match n {
            0..=9 => ZH[n as usize].to_string(),
            10 => "十".to_string(),
            11..=19 => format!("十{}", ZH[(n % 10) as usize]),
            _ => format!(
                "{}十{}",
                ZH[(n / 10) as usize % 10],
                if n.is_multiple_of(10) {
                    ""
                } else {
                    ZH[(n % 10) as usize]
                }
            ),
        },
        crate::i18n::Lang::En => EN.get(n as usize).map_or(n.to_string(), |w| w.to_string()),
    }
}

/// An answer as typed: Arabic or full-width digits, or the number in Chinese or English words.
pub fn read_answer(text: &str) -> Option<u32> {
    let text = text.trim().to_lowercase();
    let digits: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            other => other,
        })
        .collect();
    if let Ok(n) = digits.parse::<u32>() {
        return Some(n);
    }
    (0..100).find(|n| {
        in_words(*n, crate::i18n::Lang::ZhTw) == text || in_words(*n, crate::i18n::Lang::En) == text
    })
}

/// The question for the sum `a + b`, in the page's language.
pub fn question(a: u32, b: u32, lang: crate::i18n::Lang) -> String {
    lang.t()
        .safety
        .challenge_question
        .replace("{0}", &in_words(a, lang))
        .replace("{1}", &in_words(b, lang))
}

/// The challenge on the check page: with JavaScript the island solves the proof of work and
/// the question steps aside; without, the question is answered in the field.
#[island]
pub fn Challenge(
    token: String,
    difficulty: u32,
    question: String,
    hint: String,
    solved_text: String,
    error: Option<String>,
) -> impl IntoView {
    let (nonce, set_nonce) = signal(None::<u64>);
    #[cfg(feature = "hydrate")]
    {
        let token = token.clone();
        Effect::new(move |_| set_nonce.set(Some(solve(&token, difficulty))));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_nonce, difficulty);
    let id = "field-challenge_answer";
    let described = if error.is_some() {
        format!("{id}-hint {id}-error")
    } else {
        format!("{id}-hint")
    };
    view! {
        <input type="hidden" name="challenge" value=token />
        <input type="hidden" name="pow" value=move || nonce.get().map(|n| n.to_string()).unwrap_or_default() />
        // Rendered or not, rather than `hidden`: the stylesheet's display rules would win over
        // the attribute, and the question would show beside "checked automatically".
        {move || match nonce.get() {
            None => {
                view! {
                    <div class="field" class:field-error=error.is_some()>
                        <label for=id>{question.clone()}</label>
                        <p class="hint" id=format!("{id}-hint")>{hint.clone()}</p>
                        {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
                        <input
                            type="text"
                            inputmode="numeric"
                            id=id
                            name="challenge_answer"
                            autocomplete="off"
                            aria-describedby=described.clone()
                            aria-invalid=error.is_some().then_some("true")
                        />
                    </div>
                }
                    .into_any()
            }
            Some(_) => view! { <p class="hint" role="status">{solved_text.clone()}</p> }.into_any(),
        }}
    }
}

#[cfg(feature = "ssr")]
pub use server::{Failed, issue, verify};

#[cfg(feature = "ssr")]
mod server {
    use super::{ChallengeView, DIFFICULTY, question, read_answer, solves};
    use crate::crypto::DataKey;
    use base64::Engine as _;

    /// How long a challenge holds.
    const VALID_SECONDS: i64 = 30 * 60;

    /// A fresh challenge for the booking in progress `draft`.
    pub fn issue(key: &DataKey, draft: &str, lang: crate::i18n::Lang, now: i64) -> ChallengeView {
        let mut bytes = [0u8; 2];
        getrandom::fill(&mut bytes).expect("the operating system provides randomness");
        let (a, b) = (u32::from(bytes[0] % 9) + 1, u32::from(bytes[1] % 9) + 1);
        let sealed = key.seal(format!("v1|{draft}|{a}|{b}|{}", now + VALID_SECONDS).as_bytes());
        ChallengeView {
            token: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sealed),
            question: question(a, b, lang),
            difficulty: DIFFICULTY,
        }
    }

    /// Why a challenge was not passed.
    #[derive(Debug, PartialEq, Eq)]
    pub enum Failed {
        /// Nothing answered (or a token that is not this booking's, or too old).
        Missing,
        /// The sum's answer was wrong.
        Wrong,
    }

    /// Whether what was posted passes the challenge `token` of the booking in progress `draft`:
    /// a proof of work for the token, or the sum's answer.
    pub fn verify(
        key: &DataKey,
        draft: &str,
        token: &str,
        answer: &str,
        pow: &str,
        now: i64,
    ) -> Result<(), Failed> {
        let opened = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token.trim())
            .ok()
            .and_then(|sealed| key.open_text(&sealed).ok())
            .ok_or(Failed::Missing)?;
        let parts: Vec<&str> = opened.split('|').collect();
        let [_, for_draft, a, b, expires] = parts.as_slice() else {
            return Err(Failed::Missing);
        };
        let expires: i64 = expires.parse().map_err(|_| Failed::Missing)?;
        if !crate::crypto::same_token(for_draft, draft) || expires < now {
            return Err(Failed::Missing);
        }
        if pow
            .trim()
            .parse::<u64>()
            .is_ok_and(|nonce| solves(token.trim(), nonce, DIFFICULTY))
        {
            return Ok(());
        }
        if answer.trim().is_empty() {
            return Err(Failed::Missing);
        }
        let sum = a.parse::<u32>().unwrap_or(0) + b.parse::<u32>().unwrap_or(0);
        if read_answer(answer) == Some(sum) {
            Ok(())
        } else {
            Err(Failed::Wrong)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn numbers_are_written_and_read_in_words() {
        assert_eq!(in_words(7, Lang::ZhTw), "七");
        assert_eq!(in_words(12, Lang::ZhTw), "十二");
        assert_eq!(in_words(18, Lang::En), "eighteen");
        for n in 0..=18 {
            assert_eq!(read_answer(&in_words(n, Lang::ZhTw)), Some(n));
            assert_eq!(read_answer(&in_words(n, Lang::En)), Some(n));
        }
        assert_eq!(read_answer(" １２ "), Some(12));
        assert_eq!(read_answer("12"), Some(12));
        assert_eq!(read_answer("many"), None);
    }

    #[test]
    fn the_proof_of_work_is_found_and_checked() {
        let nonce = solve("token", 8);
        assert!(solves("token", nonce, 8));
        assert!(!solves("another token", nonce, 30));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_challenge_passes_with_the_sum_or_the_work_and_only_for_its_booking() {
        let key = crate::crypto::DataKey::from_bytes(&[3; 32]);
        let c = issue(&key, "draft-a", Lang::ZhTw, 1000);
        assert!(c.question.contains("加"));
        let sum = (0..=18)
            .find(|n| verify(&key, "draft-a", &c.token, &n.to_string(), "", 1000).is_ok())
            .expect("one sum is right");
        assert_eq!(
            verify(&key, "draft-a", &c.token, &(sum + 1).to_string(), "", 1000),
            Err(Failed::Wrong)
        );
        assert_eq!(
            verify(&key, "draft-a", &c.token, "", "", 1000),
            Err(Failed::Missing)
        );
        // Another booking in progress, or too late: not this challenge.
        assert_eq!(
            verify(&key, "draft-b", &c.token, &sum.to_string(), "", 1000),
            Err(Failed::Missing)
        );
        assert_eq!(
            verify(
                &key,
                "draft-a",
                &c.token,
                &sum.to_string(),
                "",
                1000 + 31 * 60
            ),
            Err(Failed::Missing)
        );
        // The browser's proof of work passes without the sum; a made-up one does not.
        let nonce = solve(&c.token, DIFFICULTY);
        assert_eq!(
            verify(&key, "draft-a", &c.token, "", &nonce.to_string(), 1000),
            Ok(())
        );
        assert!(
            verify(&key, "draft-a", &c.token, "", "12345", 1000).is_err()
                || solves(&c.token, 12345, DIFFICULTY)
        );
        assert!(verify(&key, "draft-a", "garbage", &sum.to_string(), "", 1000).is_err());
    }
}
