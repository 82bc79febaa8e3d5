//! Staff accounts: roles and what each may do, and what the staff pages are shown. The
//! accounts, sessions and audit log themselves are in `ssr.rs`.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Counter staff: the day's board, check-in, the queue, cases.
    Clerk,
    /// A clerk who also sees the oversight views and opens the mobile counter.
    Supervisor,
    /// Writes content (announcements, FAQ, pages, forms, datasets).
    Editor,
    /// Everything, including accounts and the audit log.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Clerk, Role::Supervisor, Role::Editor, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether someone with this role may do what `needed` may.
    pub fn allows(self, needed: Role) -> bool {
        match self {
            Role::Admin => true,
            Role::Supervisor => matches!(needed, Role::Clerk | Role::Supervisor),
            Role::Clerk => needed == Role::Clerk,
            Role::Editor => needed == Role::Editor,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Clerk, Lang::ZhTw) => "櫃檯人員",
            (Role::Clerk, Lang::En) => "Counter clerk",
            (Role::Supervisor, Lang::ZhTw) => "主管",
            (Role::Supervisor, Lang::En) => "Supervisor",
            (Role::Editor, Lang::ZhTw) => "網站編輯",
            (Role::Editor, Lang::En) => "Editor",
            (Role::Admin, Lang::ZhTw) => "系統管理者",
            (Role::Admin, Lang::En) => "Administrator",
        }
    }
}

/// The signed-in staff member, as pages see them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffUser {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// A member of the review group (審查小組) that scores and decides on suggestions.
    pub reviewer: bool,
    /// The token every state-changing staff form sends back.
    pub csrf: String,
}

impl StaffUser {
    /// Whether they score and decide on suggestions: the review group, and administrators.
    pub fn reviews(&self) -> bool {
        self.reviewer || self.role == Role::Admin
    }
}

/// One line of the audit log, as admins read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    pub who: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// A password a staff member may choose: 12 to 128 characters, not only digits or letters of
/// one kind repeated, and not the user name.
pub fn password_problem(password: &str, username: &str, lang: Lang) -> Option<&'static str> {
    let count = password.chars().count();
    let first = password.chars().next();
    let (zh, en) = if count < 12 {
        (
            "密碼至少需要 12 個字元。",
            "A password needs at least 12 characters.",
        )
    } else if count > 128 {
        (
            "密碼最多 128 個字元。",
            "A password has at most 128 characters.",
        )
    } else if password.to_lowercase().contains(&username.to_lowercase()) {
        (
            "密碼不可包含帳號名稱。",
            "A password may not contain the user name.",
        )
    } else if password.chars().all(|c| Some(c) == first) {
        (
            "密碼不可只重複同一個字元。",
            "A password may not repeat one character.",
        )
    } else {
        return None;
    };
    Some(if lang == Lang::ZhTw { zh } else { en })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_their_own_work_and_admins_everything() {
        assert!(Role::Supervisor.allows(Role::Clerk));
        assert!(!Role::Clerk.allows(Role::Supervisor));
        assert!(!Role::Editor.allows(Role::Clerk));
        assert!(!Role::Clerk.allows(Role::Editor));
        assert!(Role::ALL.into_iter().all(|r| Role::Admin.allows(r)));
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        assert!(password_problem("short", "amy", Lang::En).is_some());
        assert!(password_problem("aaaaaaaaaaaaaa", "amy", Lang::En).is_some());
        assert!(password_problem("amy-is-my-name-ok", "amy", Lang::En).is_some());
        assert!(password_problem("correct horse battery", "amy", Lang::En).is_none());
    }
}

/// An account as the admins' list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// In the suggestions review group.
    pub reviewer: bool,
    /// Unix seconds until which sign-in is refused after failures (0: not locked).
    pub locked_until: i64,
}

/// What a staff page shows, prepared by the server for this request.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffView {
    /// Who is signed in (none on the sign-in page).
    pub user: Option<StaffUser>,
    pub notice: Option<String>,
    pub errors: Vec<crate::error::FieldError>,
    pub page: StaffPage,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StaffPage {
    Login {
        username: String,
        next: String,
    },
    /// The service points with how many wait at each.
    Home {
        places: Vec<(String, crate::i18n::L10n, i64)>,
    },
    Password,
    Audit {
        entries: Vec<AuditEntry>,
    },
    Board(Box<BoardView>),
    /// The cases, open ones by deadline (or one status).
    Cases {
        rows: Vec<crate::cases::CaseRow>,
        status: Option<String>,
    },
    Case(Box<crate::cases::CaseDetail>),
    Overview(Box<OverviewView>),
    /// The editors' list of content.
    Content {
        items: Vec<crate::content::Item>,
        kind: Option<crate::content::Kind>,
    },
    /// One item being written (id None: a new one), the form's values and its revisions.
    ContentEdit(Box<ContentForm>),
    Synonyms {
        lines: String,
    },
    Accounts {
        accounts: Vec<Account>,
    },
    /// The forms editors uploaded to the catalogue, and the form to upload one.
    Forms {
        uploads: Vec<crate::paper::Upload>,
        values: crate::paper::UploadValues,
    },
    /// The survey's questions (as editors write them) and the comments.
    Surveys {
        questions: String,
        comments: Vec<(i64, Option<String>, String)>,
        /// Each counter's survey address and name, for its QR code.
        counters: Vec<(String, String)>,
    },
    /// The petitions register.
    Petitions {
        rows: Vec<crate::petitions::Row>,
    },
    Petition(Box<crate::petitions::Detail>),
    /// Every improvement suggestion, and the form for staff to make one.
    Suggestions {
        rows: Vec<crate::suggestions::Row>,
        values: crate::suggestions::Values,
    },
    Suggestion(Box<crate::suggestions::Detail>),
    /// The open datasets, each with the way to upload a new version of its data.
    Datasets {
        datasets: Vec<crate::opendata::Dataset>,
        values: crate::opendata::DatasetValues,
    },
}

/// The editor's form for one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentForm {
    pub id: Option<String>,
    pub kind: crate::content::Kind,
    pub section: String,
    pub slug: String,
    pub title: crate::i18n::L10n,
    pub body: crate::i18n::L10n,
    /// As typed: `2026-12-01 09:00`, Taipei time.
    pub publish_at: String,
    pub status: String,
    /// Where it is on the site, when citizens can see it.
    pub live_path: Option<String>,
    pub revisions: Vec<crate::content::Revision>,
    pub attachments: Vec<crate::content::Attachment>,
}

/// The supervisor's view of a service point's day.
#[derive(Clone, Debug, PartialEq)]
pub struct OverviewView {
    pub place_id: String,
    pub place: crate::i18n::L10n,
    pub day: time::Date,
    pub waiting: i64,
    pub served: u32,
    /// Everyone called today.
    pub all: Option<crate::queue::WaitStats>,
    /// By counter and by service, the key replaced by its label in the page's language.
    pub per_counter: Vec<crate::queue::WaitStats>,
    pub per_service: Vec<crate::queue::WaitStats>,
    pub alert_over: Option<u32>,
    pub overdue_cases: usize,
    pub near_due_cases: usize,
}

/// A location's day at the counters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardView {
    pub place_id: String,
    pub place: crate::i18n::L10n,
    pub day: time::Date,
    pub appointments: Vec<crate::queue::BoardRow>,
    pub tickets: Vec<crate::queue::Ticket>,
    pub counters: Vec<CounterState>,
    pub waiting: i64,
    /// Set when more than this many wait (the mobile counter may open).
    pub alert_over: Option<u32>,
    /// The board's filters: one counter's tickets, one service's appointments.
    pub counter_filter: Option<String>,
    pub service_filter: Option<String>,
    /// The location's kiosks, shown to supervisors and administrators (who enroll them).
    pub kiosks: Option<Vec<crate::queue::KioskDevice>>,
    /// Coming bookings that share a holder in bulk, for supervisors (who may cancel them).
    pub suspicious: Vec<crate::booking::HolderGroup>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterState {
    pub id: String,
    pub name: crate::i18n::L10n,
    pub kind: crate::office::CounterKind,
    pub open: bool,
    /// The ticket called to it or being served there.
    pub current: Option<crate::queue::Ticket>,
}
