//! 全文檢索: one search over announcements, FAQ, pages, the online services and the forms. The index
//! lives in memory (`index.rs`), built from the database on start and rebuilt when content
//! changes. What the results page shows is here.

#[cfg(feature = "ssr")]
pub mod index;

use serde::{Deserialize, Serialize};

/// What a result is, for the type filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocType {
    Announcement,
    Faq,
    Page,
    Service,
    Form,
}

impl DocType {
    pub const ALL: [DocType; 5] = [
        DocType::Announcement,
        DocType::Faq,
        DocType::Page,
        DocType::Service,
        DocType::Form,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocType::Announcement => "announcement",
            DocType::Faq => "faq",
            DocType::Page => "page",
            DocType::Service => "service",
            DocType::Form => "form",
        }
    }

    pub fn from_code(code: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::Lang::*;
        match (self, lang) {
            (DocType::Announcement, ZhTw) => "公告",
            (DocType::Announcement, En) => "Announcements",
            (DocType::Faq, ZhTw) => "常見問答",
            (DocType::Faq, En) => "FAQ",
            (DocType::Page, ZhTw) => "網頁",
            (DocType::Page, En) => "Pages",
            (DocType::Service, ZhTw) => "線上服務",
            (DocType::Service, En) => "Online services",
            (DocType::Form, ZhTw) => "書表下載",
            (DocType::Form, En) => "Forms",
        }
    }
}

/// One result: the snippet as pieces, the matched ones to be highlighted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub title: String,
    pub path: String,
    pub doc_type: DocType,
    /// Unix seconds, for dated content.
    pub date: Option<i64>,
    pub snippet: Vec<(String, bool)>,
}

/// The results page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchView {
    /// The query as typed (shown back in the box, escaped by the page).
    pub query: String,
    pub doc_type: Option<DocType>,
    pub hits: Vec<Hit>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    /// Set when the query was empty or had nothing to search for.
    pub nothing_to_search: bool,
}

pub const PER_PAGE: usize = 10;
