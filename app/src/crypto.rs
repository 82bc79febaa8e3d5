//! Protection of personal data at rest: national ID numbers (and other personal answers) are
//! stored encrypted with AES-256-GCM, and found again through a keyed hash (HMAC-SHA-256), so
//! the database alone reveals neither. Both keys derive from one 32-byte data key in the
//! configuration; losing it makes the stored personal data unreadable, by design.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct DataKey {
    cipher: Aes256Gcm,
    mac_key: [u8; 32],
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the data key must be 32 bytes, given as 64 hex digits or base64")]
    BadKey,
    #[error("the sealed data is damaged or was sealed with another key")]
    Unreadable,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

fn derive(master: &[u8; 32], purpose: &[u8]) -> [u8; 32] {
    let mut mac =
        <HmacSha256 as hmac::KeyInit>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(purpose);
    mac.finalize().into_bytes().into()
}

/// `bytes` random bytes as lower-case hex: ids, tokens, references to rows.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system provides randomness");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two tokens are equal, in time that depends only on their lengths (so that a guess
/// is not told how much of it was right).
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl DataKey {
    pub fn from_bytes(master: &[u8; 32]) -> DataKey {
        let enc = derive(master, b"portal data encryption v1");
        DataKey {
            cipher: Aes256Gcm::new(&enc.into()),
            mac_key: derive(master, b"portal lookup hash v1"),
        }
    }

    /// Reads a key written as 64 hex digits or as base64.
    pub fn parse(text: &str) -> Result<DataKey, CryptoError> {
        let text = text.trim();
        let bytes = if text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| CryptoError::BadKey)?
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| CryptoError::BadKey)?
        };
        let master: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::BadKey)?;
        Ok(DataKey::from_bytes(&master))
    }

    /// A new random key, as 64 hex digits (for a key file made on first start).
    pub fn generate_hex() -> String {
        random_hex(32)
    }

    /// A value that tells keys apart without revealing them: the keyed hash of a fixed label.
    /// Stored in the database at first start, so an instance given another key refuses to start.
    pub fn check_value(&self) -> String {
        self.lookup_hash("key check", "portal data key check v1")
    }

    /// Encrypts: a random 96-bit nonce followed by the ciphertext and tag.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).expect("the operating system provides randomness");
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), plaintext)
            .expect("AES-GCM encrypts any message of this size");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < 12 + 16 {
            return Err(CryptoError::Unreadable);
        }
        let (nonce, body) = sealed.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| CryptoError::Unreadable)?;
        self.cipher
            .decrypt(&Nonce::from(nonce), body)
            .map_err(|_| CryptoError::Unreadable)
    }

    /// Sealed text (a message, a name): unreadable or not UTF-8 is an error.
    pub fn open_text(&self, sealed: &[u8]) -> Result<String, CryptoError> {
        String::from_utf8(self.open(sealed)?).map_err(|_| CryptoError::Unreadable)
    }

    /// A sealed e-mail address (None when none was given).
    pub fn open_email(
        &self,
        sealed: Option<&[u8]>,
    ) -> Result<Option<crate::validate::Email>, CryptoError> {
        match sealed {
            Some(sealed) => Ok(crate::validate::Email::parse(&String::from_utf8_lossy(
                &self.open(sealed)?,
            ))
            .ok()),
            None => Ok(None),
        }
    }

    /// The keyed hash that finds a record by a personal value (`purpose` separates kinds).
    pub fn lookup_hash(&self, purpose: &str, value: &str) -> String {
        let mut mac = <HmacSha256 as hmac::KeyInit>::new_from_slice(&self.mac_key)
            .expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> DataKey {
        DataKey::from_bytes(&[byte; 32])
    }

    #[test]
    fn sealed_data_opens_with_its_key_only() {
        let sealed = key(1).seal("A123456789".as_bytes());
        assert!(
            !sealed.windows(10).any(|w| w == b"A123456789"),
            "no plaintext in the sealed bytes"
        );
        assert_eq!(key(1).open(&sealed).as_deref(), Ok("A123456789".as_bytes()));
        assert_eq!(key(2).open(&sealed), Err(CryptoError::Unreadable));
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(key(1).open(&tampered), Err(CryptoError::Unreadable));
        assert_ne!(
            key(1).seal(b"x"),
            key(1).seal(b"x"),
            "a fresh nonce each time"
        );
    }

    #[test]
    fn lookup_hashes_are_stable_keyed_and_separated_by_purpose() {
        let k = key(1);
        assert_eq!(
            k.lookup_hash("id", "A123456789"),
            k.lookup_hash("id", "A123456789")
        );
        assert_ne!(
            k.lookup_hash("id", "A123456789"),
            key(2).lookup_hash("id", "A123456789")
        );
        assert_ne!(
            k.lookup_hash("id", "A123456789"),
            k.lookup_hash("phone", "A123456789")
        );
        assert_eq!(k.lookup_hash("id", "x").len(), 64);
    }

    #[test]
    fn keys_are_read_from_hex_or_base64_and_nothing_else() {
        let hex = DataKey::generate_hex();
        assert!(DataKey::parse(&hex).is_ok());
        assert!(DataKey::parse("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").is_ok());
        assert_eq!(DataKey::parse("short").err(), Some(CryptoError::BadKey));
        assert_eq!(DataKey::parse(&hex[..62]).err(), Some(CryptoError::BadKey));
        assert_eq!(format!("{:?}", key(1)), "DataKey(…)");
    }
}
