//! What editors write: announcements (公告訊息, by category), FAQ entries (常見問答, by topic)
//! and section pages (霧峰鄉情, 戶政資訊, 便民服務, 志工園地, 專區服務). Bodies are Markdown,
//! rendered by the server with raw HTML escaped and only safe link targets kept.

use crate::i18n::{L10n, Lang};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Announcement,
    Faq,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Announcement, Kind::Faq, Kind::Page];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Announcement => "announcement",
            Kind::Faq => "faq",
            Kind::Page => "page",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Kind::Announcement, Lang::ZhTw) => "公告",
            (Kind::Announcement, Lang::En) => "Announcement",
            (Kind::Faq, Lang::ZhTw) => "常見問答",
            (Kind::Faq, Lang::En) => "FAQ",
            (Kind::Page, Lang::ZhTw) => "網頁",
            (Kind::Page, Lang::En) => "Page",
        }
    }

    /// The categories (announcements), topics (FAQ) or sections (pages) of this kind.
    pub fn sections(self) -> &'static [Section] {
        match self {
            Kind::Announcement => CATEGORIES,
            Kind::Faq => TOPICS,
            Kind::Page => SECTIONS,
        }
    }
}

/// A category, topic or section: its address segment and its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Section {
    pub fn name(&self, lang: Lang) -> &'static str {
        if lang == Lang::ZhTw { self.zh } else { self.en }
    }
}

const fn section(code: &'static str, zh: &'static str, en: &'static str) -> Section {
    Section { code, zh, en }
}

pub const CATEGORIES: &[Section] = &[
    section("news", "最新消息", "News"),
    section("hours", "服務時間異動", "Changes to opening hours"),
    section("services", "便民措施", "Services"),
    section("law", "法令宣導", "Rules and law"),
];

pub const TOPICS: &[Section] = &[
    section("registration", "戶籍登記", "Registration"),
    section("id-card", "國民身分證", "National ID card"),
    section("certificates", "謄本與證明", "Transcripts and certificates"),
    section("seal", "印鑑登記", "Seal registration"),
    section("online", "網路服務", "Online services"),
];

pub const SECTIONS: &[Section] = &[
    section("local", "霧峰鄉情", "About Wufeng"),
    section("registration-info", "戶政資訊", "Registration information"),
    section("citizen-services", "便民服務", "Citizen services"),
    section("volunteers", "志工園地", "Volunteers"),
    section("special", "專區服務", "Special services"),
];

pub fn find_section(kind: Kind, code: &str) -> Option<&'static Section> {
    kind.sections().iter().find(|s| s.code == code)
}

/// A file attached to an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

impl Attachment {
    pub fn path(&self) -> String {
        format!("/files/{}/{}", self.id, self.name)
    }
}

/// The kinds of file editors may attach: by extension, with the type served and the bytes a
/// real file of the kind starts with (so a renamed file is refused).
pub const ATTACHMENT_TYPES: &[(&str, &str, &[u8])] = &[
    ("pdf", "application/pdf", b"%PDF"),
    (
        "odt",
        "application/vnd.oasis.opendocument.text",
        b"PK\x03\x04",
    ),
    (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        b"PK\x03\x04",
    ),
    (
        "odp",
        "application/vnd.oasis.opendocument.presentation",
        b"PK\x03\x04",
    ),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    ("png", "image/png", b"\x89PNG"),
    ("jpg", "image/jpeg", b"\xFF\xD8\xFF"),
    ("jpeg", "image/jpeg", b"\xFF\xD8\xFF"),
    ("csv", "text/csv; charset=utf-8", b""),
    ("txt", "text/plain; charset=utf-8", b""),
];

/// The largest attachment, in bytes.
pub const MAX_ATTACHMENT: usize = 10 * 1024 * 1024;

/// The served type of a file named `name` with these bytes, or why it is refused.
pub fn check_attachment(name: &str, bytes: &[u8]) -> Result<&'static str, &'static str> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some((_, content_type, magic)) = ATTACHMENT_TYPES.iter().find(|(e, _, _)| *e == ext) else {
        return Err("type");
    };
    if bytes.is_empty() {
        return Err("empty");
    }
    if bytes.len() > MAX_ATTACHMENT {
        return Err("size");
    }
    if !bytes.starts_with(magic) {
        return Err("content");
    }
    if content_type.starts_with("text/") && std::str::from_utf8(bytes).is_err() {
        return Err("content");
    }
    Ok(content_type)
}

/// A file name safe to keep and to put in an address: no folders, no control characters.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !"<>:\"|?*#%&;".contains(*c))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect();
    let cleaned = cleaned
        .trim_matches('.')
        .chars()
        .take(120)
        .collect::<String>();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

/// An item as citizens see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub kind: Kind,
    pub slug: String,
    pub section: String,
    pub title: L10n,
    /// Markdown.
    pub body: L10n,
    pub status: String,
    /// Unix seconds it shows from (its date on the site).
    pub publish_at: Option<i64>,
    pub updated_at: i64,
    pub sample: bool,
    /// Filled when one item is shown, empty in lists.
    pub attachments: Vec<Attachment>,
}

impl Item {
    /// Where the item is on the site.
    pub fn path(&self) -> String {
        match self.kind {
            Kind::Announcement => format!("/news/{}", self.slug),
            Kind::Faq => format!("/faq#{}", self.slug),
            Kind::Page => format!("/info/{}/{}", self.section, self.slug),
        }
    }
}

/// A slug: 1 to 80 lower-case letters, digits and dashes.
pub fn valid_slug(slug: &str) -> bool {
    (1..=80).contains(&slug.len())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
}

/// About 120 characters of a Markdown body as plain text, for the page's description.
pub fn ssr_free_summary(markdown: &str) -> String {
    let mut out = String::new();
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A link's target is dropped, its text kept.
            ']' if chars.peek() == Some(&'(') => {
                for d in chars.by_ref() {
                    if d == ')' {
                        break;
                    }
                }
            }
            '#' | '*' | '_' | '>' | '[' | ']' | '`' => {}
            '\n' | '\r' | '\t' => out.push(' '),
            other => out.push(other),
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    text.chars().take(120).collect()
}

/// One revision of an item, as the editor's history lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub at: i64,
    pub who: String,
    pub status: String,
    pub title: String,
}

/// What a content page shows, prepared by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContentView {
    /// Announcements, newest first, optionally of one category, a page of them.
    News {
        items: Vec<Item>,
        category: Option<String>,
        page: u32,
        more: bool,
    },
    Announcement(Box<Item>),
    /// Every published FAQ entry, grouped by topic on the page.
    Faq {
        items: Vec<Item>,
    },
    /// The pages of a section.
    Section {
        section: String,
        items: Vec<Item>,
    },
    Page(Box<Item>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_read_as_text() {
        assert_eq!(
            ssr_free_summary("# 標題\n\n請至[查詢](/bookings/lookup)頁面 **辦理**。"),
            "標題 請至查詢頁面 辦理。"
        );
    }

    #[test]
    fn attachments_are_checked_by_name_and_content() {
        assert_eq!(
            check_attachment("表.pdf", b"%PDF-1.7 ..."),
            Ok("application/pdf")
        );
        assert_eq!(
            check_attachment("x.ODT", b"PK\x03\x04..."),
            Ok("application/vnd.oasis.opendocument.text")
        );
        assert_eq!(
            check_attachment("x.pdf", b"MZ..."),
            Err("content"),
            "a renamed program"
        );
        assert_eq!(check_attachment("x.exe", b"MZ"), Err("type"));
        assert_eq!(check_attachment("x.pdf", b""), Err("empty"));
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("申請 書.pdf"), "申請-書.pdf");
        assert_eq!(clean_file_name("a<b>.pdf"), "ab.pdf");
    }

    #[test]
    fn slugs_are_plain() {
        assert!(valid_slug("new-year-hours-2027"));
        assert!(!valid_slug("New"));
        assert!(!valid_slug(""));
        assert!(!valid_slug("-x"));
        assert!(!valid_slug("a/b"));
    }

    #[test]
    fn every_kind_has_sections_with_plain_codes() {
        for kind in Kind::ALL {
            assert!(!kind.sections().is_empty());
            for s in kind.sections() {
                assert!(valid_slug(s.code));
            }
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
    }
}
