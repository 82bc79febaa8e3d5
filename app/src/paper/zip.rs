//! Just enough ZIP for ODF packages: a writer that stores every part uncompressed except when
//! asked (ODF requires `mimetype` first and stored), and a reader that lists and opens the parts
//! of an uploaded file so that it can be checked.

use std::io::{Read, Write};

/// Builds a ZIP archive in memory.
#[derive(Default)]
pub struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

impl ZipWriter {
    pub fn new() -> ZipWriter {
        ZipWriter::default()
    }

    /// Adds a part; `deflate` compresses it (never for `mimetype`).
    pub fn add(&mut self, name: &str, data: &[u8], deflate: bool) {
        let crc = crc32fast::hash(data);
        let (method, body) = if deflate {
            let mut encoder =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            encoder
                .write_all(data)
                .and_then(|()| encoder.finish())
                .map(|b| (8u16, b))
                .unwrap_or_else(|_| (0, data.to_vec()))
        } else {
            (0u16, data.to_vec())
        };
        let offset = self.out.len() as u32;
        // 2026-01-01 00:00 in DOS time: fixed, so the same input gives the same bytes.
        let (dos_time, dos_date) = (0u16, ((2026 - 1980) << 9 | 1 << 5 | 1) as u16);
        let header = |sig: u32, central: bool| {
            let mut h = Vec::with_capacity(46 + name.len());
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&(1u16 << 11).to_le_bytes()); // UTF-8 names
            h.extend_from_slice(&method.to_le_bytes());
            h.extend_from_slice(&dos_time.to_le_bytes());
            h.extend_from_slice(&dos_date.to_le_bytes());
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(body.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&0u16.to_le_bytes()); // comment
                h.extend_from_slice(&0u16.to_le_bytes()); // disk
                h.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        self.out.extend_from_slice(&header(0x0403_4b50, false));
        self.out.extend_from_slice(&body);
        self.central.extend_from_slice(&header(0x0201_4b50, true));
        self.entries += 1;
    }

    pub fn finish(mut self) -> Vec<u8> {
        let start = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        self.out.extend_from_slice(&[0; 4]); // disk numbers
        self.out.extend_from_slice(&self.entries.to_le_bytes());
        self.out.extend_from_slice(&self.entries.to_le_bytes());
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}

/// One part of a read archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// 0 stored, 8 deflated.
    pub method: u16,
    /// Where its local header starts.
    pub offset: usize,
    pub compressed: usize,
    pub size: usize,
    pub crc: u32,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The parts of an archive in central-directory order, or `None` when it is not a ZIP file.
pub fn parts(bytes: &[u8]) -> Option<Vec<Part>> {
    // The end record is in the last 64 KiB + 22 bytes.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let end = (from..=bytes.len().checked_sub(22)?)
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(0x0605_4b50))?;
    let count = u16_at(bytes, end + 10)? as usize;
    let mut at = u32_at(bytes, end + 16)? as usize;
    let mut parts = Vec::with_capacity(count);
    for _ in 0..count {
        if u32_at(bytes, at)? != 0x0201_4b50 {
            return None;
        }
        let name_len = u16_at(bytes, at + 28)? as usize;
        let extra = u16_at(bytes, at + 30)? as usize;
        let comment = u16_at(bytes, at + 32)? as usize;
        let name = std::str::from_utf8(bytes.get(at + 46..at + 46 + name_len)?)
            .ok()?
            .to_string();
        parts.push(Part {
            name,
            method: u16_at(bytes, at + 10)?,
            crc: u32_at(bytes, at + 16)?,
            compressed: u32_at(bytes, at + 20)? as usize,
            size: u32_at(bytes, at + 24)? as usize,
            offset: u32_at(bytes, at + 42)? as usize,
        });
        at += 46 + name_len + extra + comment;
    }
    Some(parts)
}

/// The contents of a part, checked against its CRC; at most `limit` bytes.
pub fn read(bytes: &[u8], part: &Part, limit: usize) -> Option<Vec<u8>> {
    if part.size > limit || u32_at(bytes, part.offset)? != 0x0403_4b50 {
        return None;
    }
    let name_len = u16_at(bytes, part.offset + 26)? as usize;
    let extra = u16_at(bytes, part.offset + 28)? as usize;
    let start = part.offset + 30 + name_len + extra;
    let raw = bytes.get(start..start.checked_add(part.compressed)?)?;
    let data = match part.method {
        0 => raw.to_vec(),
        8 => {
            let mut out = Vec::with_capacity(part.size);
            flate2::read::DeflateDecoder::new(raw)
                .take(limit as u64 + 1)
                .read_to_end(&mut out)
                .ok()?;
            out
        }
        _ => return None,
    };
    (data.len() == part.size && crc32fast::hash(&data) == part.crc).then_some(data)
}

/// Where the stored data of the first part begins (ODF: `mimetype` must be readable there).
pub fn first_local_name(bytes: &[u8]) -> Option<&str> {
    if u32_at(bytes, 0)? != 0x0403_4b50 {
        return None;
    }
    let name_len = u16_at(bytes, 26)? as usize;
    std::str::from_utf8(bytes.get(30..30 + name_len)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let mut zip = ZipWriter::new();
        zip.add(
            "mimetype",
            b"application/vnd.oasis.opendocument.text",
            false,
        );
        let big = "戶政事務所 ".repeat(500);
        zip.add("content.xml", big.as_bytes(), true);
        let bytes = zip.finish();
        assert_eq!(first_local_name(&bytes), Some("mimetype"));
        // The mimetype's bytes sit right after its 38-byte local header, stored.
        assert_eq!(
            &bytes[38..38 + 39],
            b"application/vnd.oasis.opendocument.text"
        );
        let parts = parts(&bytes).expect("a zip");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].method, 0);
        assert_eq!(parts[1].method, 8);
        assert!(parts[1].compressed < parts[1].size);
        assert_eq!(
            read(&bytes, &parts[1], 1 << 20).expect("read"),
            big.as_bytes()
        );
        assert_eq!(read(&bytes, &parts[1], 10), None, "over the limit");
    }

    #[test]
    fn broken_archives_are_not_read() {
        assert_eq!(parts(b"not a zip"), None);
        assert_eq!(parts(&[]), None);
        let mut zip = ZipWriter::new();
        zip.add("a", b"hello", false);
        let mut bytes = zip.finish();
        let parts_ok = parts(&bytes).expect("zip");
        bytes[31] ^= 0xff; // inside the stored data
        assert_eq!(read(&bytes, &parts_ok[0], 100), None, "CRC mismatch");
    }
}
