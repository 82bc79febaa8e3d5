//! What every page knows about the request it answers (language, text size, the office), and
//! the table of the site's pages that the navigation and the site map are made from.

use crate::calendar::Calendar;
use crate::i18n::{Lang, PageText, Texts};
use crate::office::Office;
use crate::services::Catalogue;
use std::sync::Arc;
use time::Date;

/// The reader's preferences, kept in two functional cookies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    pub lang: Lang,
    pub font_size: FontSize,
}

pub const LANG_COOKIE: &str = "lang";
pub const FONT_SIZE_COOKIE: &str = "font_size";

impl Prefs {
    /// Reads the preferences from a `Cookie` request header; anything unknown is ignored.
    pub fn from_cookie_header(header: &str) -> Prefs {
        let mut prefs = Prefs::default();
        for pair in header.split(';') {
            let Some((name, value)) = pair.trim().split_once('=') else {
                continue;
            };
            match name.trim() {
                LANG_COOKIE => {
                    if let Some(lang) = Lang::from_code(value.trim()) {
                        prefs.lang = lang;
                    }
                }
                FONT_SIZE_COOKIE => {
                    if let Some(size) = FontSize::from_code(value.trim()) {
                        prefs.font_size = size;
                    }
                }
                _ => {}
            }
        }
        prefs
    }
}

/// The three text sizes of the 字級 switch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FontSize {
    Small,
    #[default]
    Medium,
    Large,
}

impl FontSize {
    pub const ALL: [FontSize; 3] = [FontSize::Small, FontSize::Medium, FontSize::Large];

    pub fn code(self) -> &'static str {
        match self {
            FontSize::Small => "s",
            FontSize::Medium => "m",
            FontSize::Large => "l",
        }
    }

    pub fn from_code(code: &str) -> Option<FontSize> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.t().font_sizes[Self::ALL.iter().position(|s| *s == self).unwrap_or(1)]
    }
}

/// Everything a page needs to know about the request, put into the request by the server
/// before rendering and read by components with [`page_context`].
#[derive(Clone, Debug)]
pub struct PageContext {
    pub prefs: Prefs,
    pub office: Arc<Office>,
    pub calendar: Arc<Calendar>,
    pub services: Arc<Catalogue>,
    /// Every routed path of the app, from the router itself: the site map is made from it.
    pub routes: Arc<[String]>,
    /// Today in Taipei.
    pub today: Date,
    /// How many wait now at each service point with counters (filled for the home page only).
    pub waiting: Vec<(String, i64)>,
}

impl PageContext {
    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }

    pub fn t(&self) -> &'static Texts {
        self.prefs.lang.t()
    }
}

/// The page context of the request being rendered.
pub fn page_context() -> PageContext {
    leptos::prelude::expect_context::<PageContext>()
}

/// A value the server put into this request for the page (a booking's view, say).
pub fn from_request<T: Clone + Send + Sync + 'static>() -> Option<T> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<T>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// One page of the site: where it is, what it is called, and where it sits in the navigation.
pub struct SitePage {
    pub path: &'static str,
    pub text: fn(&'static Texts) -> &'static PageText,
    /// The section page it belongs to; `None` for the home page and the top-level sections.
    pub parent: Option<&'static str>,
    /// Shown in the main navigation (top-level sections with real content).
    pub in_nav: bool,
}

/// Every routed page. A test checks this table against the router's own route list, so the
/// navigation and site map cannot drift from what the site serves.
pub static PAGES: &[SitePage] = &[
    SitePage {
        path: "/",
        text: |t| &t.home,
        parent: None,
        in_nav: true,
    },
    SitePage {
        path: "/services",
        text: |t| &t.services,
        parent: None,
        in_nav: true,
    },
    SitePage {
        path: "/services/:code",
        text: |t| &t.services,
        parent: Some("/services"),
        in_nav: false,
    },
    SitePage {
        path: "/bookings/lookup",
        text: |t| &t.lookup,
        parent: Some("/services"),
        in_nav: false,
    },
    SitePage {
        path: "/bookings/:reference/cancel",
        text: |t| &t.lookup,
        parent: Some("/services"),
        in_nav: false,
    },
    SitePage {
        path: "/book/:service/:step",
        text: |t| &t.book,
        parent: Some("/services"),
        in_nav: false,
    },
    SitePage {
        path: "/apply/:service/:page",
        text: |t| &t.apply,
        parent: Some("/services"),
        in_nav: false,
    },
    SitePage {
        path: "/disclosure",
        text: |t| &t.opendata.disclosure,
        parent: Some("/about"),
        in_nav: false,
    },
    SitePage {
        path: "/disclosure/service-plan",
        text: |t| &t.opendata.plan,
        parent: Some("/disclosure"),
        in_nav: false,
    },
    SitePage {
        path: "/opendata",
        text: |t| &t.opendata.catalogue,
        parent: Some("/about"),
        in_nav: false,
    },
    SitePage {
        path: "/opendata/:name",
        text: |t| &t.opendata.catalogue,
        parent: Some("/opendata"),
        in_nav: false,
    },
    SitePage {
        path: "/statistics",
        text: |t| &t.opendata.statistics,
        parent: Some("/about"),
        in_nav: false,
    },
    SitePage {
        path: "/survey",
        text: |t| &t.survey.page,
        parent: Some("/services"),
        in_nav: false,
    },
    SitePage {
        path: "/survey/visit/:reference",
        text: |t| &t.survey.visit_page,
        parent: Some("/survey"),
        in_nav: false,
    },
    SitePage {
        path: "/survey/counter/:location/:counter",
        text: |t| &t.survey.counter_page,
        parent: Some("/survey"),
        in_nav: false,
    },
    SitePage {
        path: "/survey/thanks",
        text: |t| &t.survey.thanks_page,
        parent: Some("/survey"),
        in_nav: false,
    },
    SitePage {
        path: "/survey/results",
        text: |t| &t.survey.results_page,
        parent: Some("/survey"),
        in_nav: false,
    },
    SitePage {
        path: "/mailbox",
        text: |t| &t.mailbox.page,
        parent: Some("/services"),
        in_nav: false,
    },
    SitePage {
        path: "/mailbox/sent/:number",
        text: |t| &t.mailbox.sent_page,
        parent: Some("/mailbox"),
        in_nav: false,
    },
    SitePage {
        path: "/mailbox/lookup",
        text: |t| &t.mailbox.lookup_page,
        parent: Some("/mailbox"),
        in_nav: false,
    },
    SitePage {
        path: "/mailbox/statistics",
        text: |t| &t.mailbox.stats_page,
        parent: Some("/mailbox"),
        in_nav: false,
    },
    SitePage {
        path: "/suggestions",
        text: |t| &t.suggestions.page,
        parent: Some("/services"),
        in_nav: false,
    },
    SitePage {
        path: "/suggestions/new",
        text: |t| &t.suggestions.form_page,
        parent: Some("/suggestions"),
        in_nav: false,
    },
    SitePage {
        path: "/suggestions/status",
        text: |t| &t.suggestions.status_page,
        parent: Some("/suggestions"),
        in_nav: false,
    },
    SitePage {
        path: "/forms",
        text: |t| &t.forms.page,
        parent: Some("/services"),
        in_nav: false,
    },
    SitePage {
        path: "/forms/:slug",
        text: |t| &t.forms.page,
        parent: Some("/forms"),
        in_nav: false,
    },
    SitePage {
        path: "/staff",
        text: |t| &t.staff.staff_home,
        parent: None,
        in_nav: false,
    },
    SitePage {
        path: "/staff/login",
        text: |t| &t.staff.staff_login,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/surveys",
        text: |t| &t.survey.staff_page,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/suggestions",
        text: |t| &t.suggestions.staff_list,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/suggestions/:number",
        text: |t| &t.suggestions.staff_one,
        parent: Some("/staff/suggestions"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/petitions",
        text: |t| &t.mailbox.staff_list,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/petitions/:number",
        text: |t| &t.mailbox.staff_one,
        parent: Some("/staff/petitions"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/opendata",
        text: |t| &t.opendata.staff_page,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/forms",
        text: |t| &t.forms.staff_page,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/password",
        text: |t| &t.staff.staff_password,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/audit",
        text: |t| &t.staff.staff_audit,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/cases",
        text: |t| &t.staff.staff_cases,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/cases/:reference",
        text: |t| &t.staff.staff_case,
        parent: Some("/staff/cases"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/board/:location",
        text: |t| &t.staff.staff_board,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/overview/:location",
        text: |t| &t.staff.staff_overview,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/content",
        text: |t| &t.staff.staff_content,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/content/:id",
        text: |t| &t.staff.staff_content_edit,
        parent: Some("/staff/content"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/synonyms",
        text: |t| &t.staff.staff_synonyms,
        parent: Some("/staff/content"),
        in_nav: false,
    },
    SitePage {
        path: "/staff/accounts",
        text: |t| &t.staff.staff_accounts,
        parent: Some("/staff"),
        in_nav: false,
    },
    SitePage {
        path: "/kiosk/:location",
        text: |t| &t.staff.kiosk,
        parent: None,
        in_nav: false,
    },
    SitePage {
        path: "/display/:location",
        text: |t| &t.staff.display,
        parent: None,
        in_nav: false,
    },
    SitePage {
        path: "/news",
        text: |t| &t.news,
        parent: None,
        in_nav: true,
    },
    SitePage {
        path: "/news/:slug",
        text: |t| &t.news,
        parent: Some("/news"),
        in_nav: false,
    },
    SitePage {
        path: "/faq",
        text: |t| &t.faq,
        parent: None,
        in_nav: true,
    },
    SitePage {
        path: "/info",
        text: |t| &t.info,
        parent: None,
        in_nav: true,
    },
    SitePage {
        path: "/info/:section",
        text: |t| &t.info,
        parent: Some("/info"),
        in_nav: false,
    },
    SitePage {
        path: "/info/:section/:slug",
        text: |t| &t.info,
        parent: Some("/info"),
        in_nav: false,
    },
    SitePage {
        path: "/search",
        text: |t| &t.search,
        parent: None,
        in_nav: false,
    },
    SitePage {
        path: "/feeds",
        text: |t| &t.feeds,
        parent: None,
        in_nav: false,
    },
    SitePage {
        path: "/about",
        text: |t| &t.about,
        parent: None,
        in_nav: true,
    },
    SitePage {
        path: "/about/contact",
        text: |t| &t.contact,
        parent: Some("/about"),
        in_nav: false,
    },
    SitePage {
        path: "/about/hours",
        text: |t| &t.hours_page,
        parent: Some("/about"),
        in_nav: false,
    },
    SitePage {
        path: "/about/counters",
        text: |t| &t.counters,
        parent: Some("/about"),
        in_nav: false,
    },
    SitePage {
        path: "/accessibility",
        text: |t| &t.accessibility,
        parent: None,
        in_nav: false,
    },
    SitePage {
        path: "/privacy",
        text: |t| &t.privacy,
        parent: None,
        in_nav: false,
    },
    SitePage {
        path: "/sitemap",
        text: |t| &t.sitemap,
        parent: None,
        in_nav: false,
    },
];

pub fn site_page(path: &str) -> Option<&'static SitePage> {
    PAGES.iter().find(|p| p.path == path)
}

/// Whether a path is one of the staff pages (signed-in only; not in the public site map).
pub fn is_staff(path: &str) -> bool {
    path == "/staff" || path.starts_with("/staff/")
}

/// The fixed pages under a section, in table order (pages made from data, such as each
/// service's, have a `:parameter` in their path and are listed from their data instead).
pub fn children_of(path: &str) -> impl Iterator<Item = &'static SitePage> + '_ {
    PAGES
        .iter()
        .filter(move |p| p.parent == Some(path) && !p.path.contains(':'))
}

/// Checks a path given by a client for a redirect back to this site: a local absolute path,
/// never another host (`//evil.example`) or a scheme.
pub fn safe_local_path(path: &str) -> Option<&str> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c == '\\');
    ok.then_some(path)
}

/// This response's CSP nonce, for the inline data blocks a page writes (JSON-LD), so every
/// `<script>` of a page carries it.
pub fn nonce() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        leptos::nonce::use_nonce().map(|n| n.to_string())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// schema.org data as a JSON-LD block for search engines (`</` escaped so it cannot end the
/// script element).
pub fn json_ld(value: &serde_json::Value) -> String {
    value.to_string().replace("</", "<\\/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_set_the_preferences_and_junk_is_ignored() {
        let prefs = Prefs::from_cookie_header("a=b; lang=en; font_size=l");
        assert_eq!(prefs.lang, Lang::En);
        assert_eq!(prefs.font_size, FontSize::Large);
        let prefs = Prefs::from_cookie_header("lang=xx; font_size=huge; =; ;;");
        assert_eq!(prefs, Prefs::default());
        assert_eq!(Prefs::default().lang, Lang::ZhTw);
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(safe_local_path("/about?x=1"), Some("/about?x=1"));
        assert_eq!(safe_local_path("//evil.example/"), None);
        assert_eq!(safe_local_path("/\\evil.example"), None);
        assert_eq!(safe_local_path("https://evil.example/"), None);
        assert_eq!(safe_local_path("/a\r\nSet-Cookie: x"), None);
        assert_eq!(safe_local_path(""), None);
    }

    #[test]
    fn every_child_page_has_a_parent_in_the_table() {
        for page in PAGES {
            if let Some(parent) = page.parent {
                assert!(
                    site_page(parent).is_some(),
                    "{} has no parent {parent}",
                    page.path
                );
            }
        }
    }
}
