//! The forms catalogue (申請書表下載, plan items 2-2 and 2-4): every form of the office, the
//! online services' and the paper-only ones, as one definition ([`crate::apply::forms`]) rendered
//! four ways: the online question pages, an HTML view, an ODF document (ISO/IEC 26300, CNS 15251)
//! and a PDF made by the portal itself. [`Doc`] is the printable form, built once from the
//! definition (blank, or filled in with an application's answers) and handed to each renderer.

use crate::apply::forms::{self, Form, Kind, Tr};
use crate::booking::flow::Answers;
use crate::i18n::Lang;
use crate::office::Office;
use crate::services::Service;
use time::Date;

#[cfg(feature = "ssr")]
pub mod odf;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod zip;

/// A topic of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Topic {
    pub code: &'static str,
    pub name: Tr,
}

pub const TOPICS: [Topic; 4] = [
    Topic {
        code: "registration",
        name: Tr::new("戶籍登記", "Registration"),
    },
    Topic {
        code: "certificates",
        name: Tr::new("證明與謄本", "Certificates and transcripts"),
    },
    Topic {
        code: "identity",
        name: Tr::new("身分證與印鑑", "ID cards and seals"),
    },
    Topic {
        code: "services",
        name: Tr::new("便民服務", "Citizen services"),
    },
];

pub fn topic(code: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.code == code)
}

/// One form of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its address: `/forms/{slug}`, and the files' names.
    pub slug: &'static str,
    pub title: Tr,
    pub topic: &'static str,
    pub description: Tr,
    /// The day this version of the form took effect (YYYY-MM-DD).
    pub version: &'static str,
    pub form: &'static Form,
    /// The form is also an online service (`/apply/{slug}`).
    pub online: bool,
    /// Offered as a spreadsheet (ODS) too, because it is mostly a table.
    pub tabular: bool,
    pub keywords: &'static [&'static str],
}

impl Entry {
    pub fn version_date(&self) -> Date {
        crate::dates::parse_date(self.version).unwrap_or(Date::MIN)
    }

    /// A stable identifier of this version, for `dc:identifier` and feeds.
    pub fn identifier(&self) -> String {
        format!("urn:portal:form:{}:{}", self.slug, self.version)
    }

    pub fn formats(&self) -> &'static [Format] {
        if self.tabular {
            &[Format::Odt, Format::Ods, Format::Pdf]
        } else {
            &[Format::Odt, Format::Pdf]
        }
    }
}

/// A file format the catalogue offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Odt,
    Ods,
    Pdf,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Odt => "odt",
            Format::Ods => "ods",
            Format::Pdf => "pdf",
        }
    }

    pub fn from_ext(ext: &str) -> Option<Format> {
        [Format::Odt, Format::Ods, Format::Pdf]
            .into_iter()
            .find(|f| f.ext() == ext)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Odt => "application/vnd.oasis.opendocument.text",
            Format::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Format::Pdf => "application/pdf",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Odt => "ODT",
            Format::Ods => "ODS",
            Format::Pdf => "PDF",
        }
    }
}

pub const ENTRIES: [Entry; 10] = [
    Entry {
        slug: "registration",
        title: Tr::new("戶籍登記申請書", "Registration application"),
        topic: "registration",
        description: Tr::new(
            "出生、遷入、遷出、住址變更、結婚、離婚、死亡等戶籍登記共用的申請書。",
            "The common form for registering a birth, a move, a marriage, a divorce, a death and other events.",
        ),
        version: "2026-11-01",
        form: &forms::REGISTRATION,
        online: false,
        tabular: false,
        keywords: &["戶籍登記", "出生登記", "遷入", "遷出", "結婚", "死亡"],
    },
    Entry {
        slug: "authorisation",
        title: Tr::new("委託書", "Letter of authorisation"),
        topic: "registration",
        description: Tr::new(
            "委託他人代為申辦戶籍登記、謄本或領件時使用。",
            "For someone who applies or collects on your behalf.",
        ),
        version: "2026-11-01",
        form: &forms::AUTHORISATION,
        online: false,
        tabular: false,
        keywords: &["委託書", "代理", "代辦"],
    },
    Entry {
        slug: "certificate",
        title: Tr::new(
            "戶籍謄本、戶口名簿申請書",
            "Household transcript and certificate application",
        ),
        topic: "certificates",
        description: Tr::new(
            "申請戶籍謄本或補領、換領戶口名簿；也可以線上申請。",
            "For a household transcript, or a replacement or renewed household certificate; also online.",
        ),
        version: "2026-11-01",
        form: &forms::CERTIFICATE,
        online: true,
        tabular: false,
        keywords: &["戶籍謄本", "戶口名簿", "謄本"],
    },
    Entry {
        slug: "english-transcript",
        title: Tr::new(
            "英文戶籍謄本申請書",
            "English household transcript application",
        ),
        topic: "certificates",
        description: Tr::new(
            "申請英文戶籍謄本，列出每人的護照英文姓名；也可以線上申請。",
            "For an English household transcript, with each person's passport name; also online.",
        ),
        version: "2026-11-01",
        form: &forms::ENGLISH_TRANSCRIPT,
        online: true,
        tabular: true,
        keywords: &["英文戶籍謄本", "English transcript", "護照"],
    },
    Entry {
        slug: "house-number",
        title: Tr::new(
            "門牌整編證明申請書",
            "House number change certificate application",
        ),
        topic: "certificates",
        description: Tr::new(
            "門牌整編後申請證明新舊門牌的文件；也可以線上申請。",
            "For a certificate of an address's old and new numbers; also online.",
        ),
        version: "2026-11-01",
        form: &forms::HOUSE_NUMBER,
        online: true,
        tabular: false,
        keywords: &["門牌整編", "門牌證明"],
    },
    Entry {
        slug: "id-card",
        title: Tr::new("國民身分證請領申請書", "ID card application"),
        topic: "identity",
        description: Tr::new(
            "初領、換領或補領國民身分證。",
            "For a first, renewed or replacement national ID card.",
        ),
        version: "2026-11-01",
        form: &forms::ID_CARD,
        online: false,
        tabular: false,
        keywords: &["國民身分證", "初領", "換領", "補領"],
    },
    Entry {
        slug: "seal",
        title: Tr::new("印鑑登記申請書", "Seal registration application"),
        topic: "identity",
        description: Tr::new(
            "印鑑登記、變更、廢止及申請印鑑證明。",
            "To register, change or cancel a seal, or for a seal certificate.",
        ),
        version: "2026-11-01",
        form: &forms::SEAL,
        online: false,
        tabular: false,
        keywords: &["印鑑登記", "印鑑證明", "印章"],
    },
    Entry {
        slug: "home-visit",
        title: Tr::new(
            "到府（到場）服務申請書",
            "Home and on-site visit application",
        ),
        topic: "services",
        description: Tr::new(
            "年長、重病、身心障礙或團體無法到所時，申請戶政人員到場服務；也可以線上申請。",
            "For a visit by our staff to someone who cannot come, or to a group; also online.",
        ),
        version: "2026-11-01",
        form: &forms::HOME_VISIT,
        online: true,
        tabular: false,
        keywords: &["到府服務", "行動服務", "到場服務"],
    },
    Entry {
        slug: "group-roster",
        title: Tr::new("到場服務團體名冊", "On-site visit roster"),
        topic: "services",
        description: Tr::new(
            "團體申請到場服務時，列出每位申辦人員與申辦項目。",
            "The list of people and what each needs, for a group visit.",
        ),
        version: "2026-11-01",
        form: &forms::GROUP_ROSTER,
        online: false,
        tabular: true,
        keywords: &["名冊", "團體", "到場服務"],
    },
    Entry {
        slug: "delivery-address",
        title: Tr::new("指定送達地址申請書", "Delivery address application"),
        topic: "services",
        description: Tr::new(
            "指定戶政公文書的送達地址；也可以線上申請。",
            "To choose where official letters are sent; also online.",
        ),
        version: "2026-11-01",
        form: &forms::DELIVERY_ADDRESS,
        online: true,
        tabular: false,
        keywords: &["指定送達地址", "公文送達"],
    },
];

pub fn entry(slug: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.slug == slug)
}

/// The catalogue entry of an online service's form.
pub fn entry_of_service(service: &str) -> Option<&'static Entry> {
    ENTRIES
        .iter()
        .find(|e| e.online && e.form.service == service)
}

/// A form an editor uploaded (any format), as the catalogue lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub id: String,
    pub topic: String,
    pub title: crate::i18n::L10n,
    pub description: crate::i18n::L10n,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// The version's day.
    pub version: Date,
    pub published: bool,
    /// Unix seconds of the last change (new file or text).
    pub updated_at: i64,
}

impl Upload {
    pub fn href(&self) -> String {
        format!("/forms/files/{}/{}", self.id, self.file_name)
    }

    /// The file's kind as a reader knows it: the extension in capitals.
    pub fn format_label(&self) -> String {
        self.file_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_uppercase())
            .unwrap_or_default()
    }
}

/// A size as people read it.
pub fn human_size(bytes: i64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// The editor's upload form as typed (shown again with the errors).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UploadValues {
    pub topic: String,
    pub title_zh: String,
    pub title_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub version: String,
}

/// What a forms page shows, prepared by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormsView {
    /// The catalogue, optionally one topic; `pdf` is false when no CJK font is installed.
    Catalogue {
        topic: Option<String>,
        uploads: Vec<Upload>,
        pdf: bool,
    },
    /// One form in HTML, with its metadata and downloads.
    Form {
        entry: &'static Entry,
        doc: Box<Doc>,
        pdf: bool,
    },
}

/// The links to an application's filled-in form, one per format offered (`pdf`: whether PDFs
/// can be made), each carrying the proof token.
pub fn filled_links(
    service: &str,
    reference: &str,
    token: &str,
    pdf: bool,
) -> Vec<(Format, String)> {
    entry_of_service(service)
        .map(|e| {
            e.formats()
                .iter()
                .filter(|f| pdf || **f != Format::Pdf)
                .map(|f| {
                    (
                        *f,
                        format!("/applications/{reference}/form.{}?token={token}", f.ext()),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Dublin Core and classification metadata of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    pub identifier: String,
    pub title: String,
    pub description: String,
    /// The topic (dc:subject).
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47.
    pub language: &'static str,
    /// The office (dc:creator, dc:publisher).
    pub creator: String,
    /// The version's day (dc:date).
    pub date: Date,
}

/// One question of a printable form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A box to write in (or the answer): `lines` lines of room.
    Field {
        label: String,
        hint: Option<String>,
        value: String,
        lines: u8,
    },
    /// Boxes to tick, the chosen ones ticked.
    Choice {
        label: String,
        hint: Option<String>,
        options: Vec<(String, bool)>,
    },
    /// A table with a header row, its filled rows, then empty rows up to `rows`.
    Table {
        label: String,
        hint: Option<String>,
        columns: Vec<String>,
        filled: Vec<Vec<String>>,
        rows: usize,
    },
}

impl Item {
    pub fn label(&self) -> &str {
        match self {
            Item::Field { label, .. } | Item::Choice { label, .. } | Item::Table { label, .. } => {
                label
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub title: String,
    pub lead: Option<String>,
    pub items: Vec<Item>,
}

/// A printable form, blank or filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub lang: Lang,
    pub meta: Meta,
    /// The office's name, printed above the title.
    pub office: String,
    pub parts: Vec<Part>,
    /// The application's reference, on a filled-in form.
    pub reference: Option<String>,
    /// Words printed at the foot of every page and before the signature.
    pub texts: DocTexts,
}

/// The fixed words of a printed form, in its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocTexts {
    pub declaration: &'static str,
    pub signature: &'static str,
    pub date_line: &'static str,
    pub office_use: &'static str,
    pub office_fields: [&'static str; 4],
    pub version: String,
    pub page: &'static str,
    pub filled_note: &'static str,
}

fn texts(lang: Lang, entry: &Entry) -> DocTexts {
    let date = crate::dates::format_date(lang, entry.version_date());
    match lang {
        Lang::ZhTw => DocTexts {
            declaration: "以上所填資料均屬實，如有不實願負法律責任。",
            signature: "申請人簽名或蓋章：",
            date_line: "中華民國　　　年　　　月　　　日",
            office_use: "以下由戶政事務所填寫",
            office_fields: ["收件編號", "收件日期", "承辦人", "核章"],
            version: format!("版本 {date}"),
            page: "頁",
            filled_note: "本表已依線上申請內容預先填寫，請核對、簽名後帶到櫃檯。",
        },
        Lang::En => DocTexts {
            declaration: "I declare that the information given is true.",
            signature: "Signature or seal of the applicant:",
            date_line: "Date:",
            office_use: "For office use",
            office_fields: ["Case number", "Received on", "Handled by", "Approved"],
            version: format!("Version {date}"),
            page: "Page",
            filled_note: "Filled in from your online application: check it, sign it and bring it to the counter.",
        },
    }
}

/// What a form needs besides its definition: the office (for the service points offered as a
/// pickup place) and the service (for its kinds of visit), when it is an online one.
pub struct Source<'a> {
    pub office: &'a Office,
    pub service: Option<&'a Service>,
}

fn choices<'a>(
    options: impl Iterator<Item = (&'a str, String)>,
    chosen: &str,
    multi: bool,
) -> Vec<(String, bool)> {
    options
        .map(|(code, label)| {
            let on = if multi {
                chosen.split(',').any(|c| c == code)
            } else {
                !chosen.is_empty() && chosen == code
            };
            (label, on)
        })
        .collect()
}

/// An application's answers and reference, to fill a form in with.
pub struct Filled<'a> {
    pub answers: &'a Answers,
    pub reference: &'a str,
}

/// Builds the printable form: blank, or filled in with an application's answers (fields an
/// answer made irrelevant are left out, and personal data is printed in full: the download is
/// only for the person who applied).
pub fn build(entry: &Entry, src: &Source, lang: Lang, filled_in: Option<&Filled>) -> Doc {
    let empty = Answers::new();
    let answers = filled_in.map(|f| f.answers);
    let given = answers.unwrap_or(&empty);
    let filled = answers.is_some();
    let mut parts = Vec::new();
    for page in entry.form.pages {
        if filled && !crate::apply::page_shown(page, given) {
            continue;
        }
        let mut items = Vec::new();
        for field in page.fields {
            if filled && !crate::apply::field_shown(field, given) {
                continue;
            }
            let label = field.label.get(lang).to_string();
            let mut hint = field.hint.map(|h| h.get(lang).to_string());
            if !filled && let Some(when) = field.when {
                hint = Some(condition(entry.form, when, lang, hint));
            }
            let value = given.get(field.name).map(String::as_str).unwrap_or("");
            let text = |lines: u8| Item::Field {
                label: label.clone(),
                hint: hint.clone(),
                value: if value.is_empty() {
                    String::new()
                } else {
                    match src.service {
                        Some(service) => {
                            crate::apply::display(field, value, service, src.office, lang, false)
                        }
                        None => value.to_string(),
                    }
                },
                lines,
            };
            items.push(match field.kind {
                Kind::Choice(options) | Kind::Multi(options) => Item::Choice {
                    label: label.clone(),
                    hint: hint.clone(),
                    options: choices(
                        options
                            .iter()
                            .map(|o| (o.code, o.label.get(lang).to_string())),
                        value,
                        matches!(field.kind, Kind::Multi(_)),
                    ),
                },
                Kind::Place => Item::Choice {
                    label: label.clone(),
                    hint: hint.clone(),
                    options: choices(
                        crate::apply::pickup_places(src.office)
                            .into_iter()
                            .map(|l| (l.id.as_str(), l.name.get(lang).to_string())),
                        value,
                        false,
                    ),
                },
                Kind::Item => match src.service {
                    Some(service) => Item::Choice {
                        label: label.clone(),
                        hint: hint.clone(),
                        options: choices(
                            service
                                .items
                                .iter()
                                .map(|i| (i.code.as_str(), i.name.get(lang).to_string())),
                            value,
                            false,
                        ),
                    },
                    None => text(1),
                },
                Kind::Day { .. } | Kind::PickupDay if value.is_empty() => Item::Field {
                    label: label.clone(),
                    hint: hint.clone(),
                    value: String::new(),
                    lines: 1,
                },
                Kind::People { max } => Item::Table {
                    label: label.clone(),
                    hint: hint.clone(),
                    columns: vec![
                        Tr::new("中文姓名", "Chinese name").get(lang).into(),
                        Tr::new("英文姓名（同護照）", "Name as in the passport")
                            .get(lang)
                            .into(),
                    ],
                    filled: value
                        .lines()
                        .filter_map(|l| l.split_once(','))
                        .map(|(zh, en)| vec![zh.trim().to_string(), en.trim().to_string()])
                        .collect(),
                    rows: max.min(8),
                },
                Kind::Table { columns, rows } => Item::Table {
                    label: label.clone(),
                    hint: hint.clone(),
                    columns: columns.iter().map(|c| c.get(lang).to_string()).collect(),
                    filled: value
                        .lines()
                        .map(|l| l.split(',').map(|c| c.trim().to_string()).collect())
                        .collect(),
                    rows,
                },
                Kind::LongText { max: 0 } => text(5),
                Kind::LongText { .. } => text(3),
                _ => text(1),
            });
        }
        parts.push(Part {
            title: page.title.get(lang).to_string(),
            lead: page.lead.map(|l| l.get(lang).to_string()),
            items,
        });
    }
    let topic_name = topic(entry.topic)
        .map(|t| t.name.get(lang).to_string())
        .unwrap_or_default();
    Doc {
        lang,
        meta: Meta {
            identifier: entry.identifier(),
            title: entry.title.get(lang).to_string(),
            description: entry.description.get(lang).to_string(),
            subject: topic_name,
            keywords: entry.keywords.iter().map(|k| k.to_string()).collect(),
            language: lang.tag(),
            creator: src.office.name.get(lang).to_string(),
            date: entry.version_date(),
        },
        office: src.office.name.get(lang).to_string(),
        parts,
        reference: filled_in.map(|f| f.reference.to_string()),
        texts: texts(lang, entry),
    }
}

/// "Only when …" for a field asked only after a given answer, added to its hint.
fn condition(form: &Form, when: forms::When, lang: Lang, hint: Option<String>) -> String {
    let on = form.field(when.field);
    let answers: Vec<&str> = on
        .map(|f| match f.kind {
            Kind::Choice(options) | Kind::Multi(options) => options
                .iter()
                .filter(|o| when.any_of.contains(&o.code))
                .map(|o| o.label.get(lang))
                .collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let joined = answers.join(if lang == Lang::ZhTw { "、" } else { " or " });
    let rule = match lang {
        Lang::ZhTw => format!("僅「{joined}」時填寫。"),
        Lang::En => format!("Only for: {joined}."),
    };
    match hint {
        Some(h) => format!("{rule} {h}"),
        None => rule,
    }
}

impl Doc {
    /// Every piece of text the document prints (for the PDF's font subset).
    pub fn all_text(&self) -> String {
        let mut s = String::new();
        let mut push = |t: &str| {
            s.push_str(t);
            s.push('\n');
        };
        push(&self.office);
        push(&self.meta.title);
        push(&self.meta.identifier);
        if let Some(r) = &self.reference {
            push(r);
        }
        for part in &self.parts {
            push(&part.title);
            if let Some(l) = &part.lead {
                push(l);
            }
            for item in &part.items {
                push(item.label());
                match item {
                    Item::Field { hint, value, .. } => {
                        push(hint.as_deref().unwrap_or(""));
                        push(value);
                    }
                    Item::Choice { hint, options, .. } => {
                        push(hint.as_deref().unwrap_or(""));
                        for (o, _) in options {
                            push(o);
                        }
                    }
                    Item::Table {
                        hint,
                        columns,
                        filled,
                        ..
                    } => {
                        push(hint.as_deref().unwrap_or(""));
                        for c in columns {
                            push(c);
                        }
                        for row in filled {
                            for c in row {
                                push(c);
                            }
                        }
                    }
                }
            }
        }
        let t = &self.texts;
        for w in [
            t.declaration,
            t.signature,
            t.date_line,
            t.office_use,
            t.page,
            t.filled_note,
        ] {
            push(w);
        }
        for w in t.office_fields {
            push(w);
        }
        push(&t.version);
        push("0123456789/ -");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_form_is_in_the_catalogue_once() {
        let slugs: HashSet<_> = ENTRIES.iter().map(|e| e.slug).collect();
        assert_eq!(slugs.len(), ENTRIES.len());
        for form in forms::ALL.iter().chain(forms::PAPER.iter()) {
            let e = ENTRIES
                .iter()
                .find(|e| e.form.service == form.service)
                .unwrap_or_else(|| panic!("{} not in the catalogue", form.service));
            assert_eq!(e.online, forms::form_of(form.service).is_some());
            assert_eq!(e.slug, form.service);
            assert!(topic(e.topic).is_some(), "{}", e.slug);
            assert!(e.version_date() > Date::MIN, "{}", e.slug);
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod render_tests {
    use super::*;
    use crate::office::Office;

    fn sample_answers(entry: &Entry) -> Answers {
        let mut a = Answers::new();
        for f in entry.form.fields() {
            let v = match f.kind {
                Kind::Choice(o) => o[o.len() - 1].code.to_string(),
                Kind::Multi(o) => format!("{},{}", o[0].code, o[1].code),
                Kind::NationalId => "A123456789".into(),
                Kind::Phone => "0912345678".into(),
                Kind::People { .. } => "陳大明, CHEN, TA-MING\n林小美, LIN, HSIAO-MEI".into(),
                Kind::Table { .. } => "王小明, B123456789, 民國60年1月1日, 換領身分證".into(),
                Kind::Day { .. } | Kind::PickupDay => "2026-12-01".into(),
                Kind::Count { .. } => "2".into(),
                _ => format!("{}<&>範例", f.label.zh),
            };
            a.insert(f.name.to_string(), v);
        }
        a
    }

    #[test]
    fn every_form_renders_as_sound_packages_and_a_pdf() {
        let office = Office::sample_for_tests();
        let font = pdf::PdfFont::find(None).ok();
        let out = std::env::var_os("PAPER_OUT").map(std::path::PathBuf::from);
        for entry in ENTRIES {
            let src = Source {
                office: &office,
                service: None,
            };
            let answers = sample_answers(&entry);
            for (variant, filled) in [
                ("blank", None),
                (
                    "filled",
                    Some(Filled {
                        answers: &answers,
                        reference: "AP-TEST-0001",
                    }),
                ),
            ] {
                for lang in Lang::ALL {
                    let doc = build(&entry, &src, lang, filled.as_ref());
                    let mut files = vec![(Format::Odt, odf::odt(&doc))];
                    if entry.tabular {
                        files.push((Format::Ods, odf::ods(&doc)));
                    }
                    for (format, bytes) in &files {
                        assert_eq!(
                            odf::check_package(format.content_type(), bytes),
                            Ok(()),
                            "{} {variant} {}",
                            entry.slug,
                            format.ext()
                        );
                    }
                    if filled.is_some() {
                        let content = zip::parts(&files[0].1)
                            .and_then(|p| {
                                let c = p.iter().find(|p| p.name == "content.xml")?.clone();
                                zip::read(&files[0].1, &c, 1 << 22)
                            })
                            .expect("content.xml");
                        let content = String::from_utf8(content).expect("utf-8");
                        assert!(content.contains("AP-TEST-0001"), "{}", entry.slug);
                        assert!(!content.contains("<&>"), "escaped: {}", entry.slug);
                    }
                    if let Some(font) = &font {
                        let bytes = pdf::pdf(&doc, font).expect("pdf");
                        assert!(bytes.starts_with(b"%PDF-1.7"));
                        files.push((Format::Pdf, bytes));
                    }
                    if let Some(dir) = &out {
                        std::fs::create_dir_all(dir).expect("dir");
                        for (format, bytes) in &files {
                            let name = format!(
                                "{}-{variant}-{}.{}",
                                entry.slug,
                                lang.code(),
                                format.ext()
                            );
                            std::fs::write(dir.join(name), bytes).expect("write");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn broken_odf_packages_are_told_apart() {
        let office = Office::sample_for_tests();
        let src = Source {
            office: &office,
            service: None,
        };
        let doc = build(&ENTRIES[0], &src, Lang::ZhTw, None);
        let good = odf::odt(&doc);
        let text = Format::Odt.content_type();
        assert_eq!(odf::check_package(text, &good), Ok(()));
        assert_eq!(
            odf::check_package(Format::Ods.content_type(), &good),
            Err("odf_mimetype"),
            "an ODT renamed .ods"
        );
        assert_eq!(
            odf::check_package(text, b"PK\x03\x04 not really"),
            Err("odf_zip")
        );
        let mut z = zip::ZipWriter::new();
        z.add("content.xml", b"<a/>", false);
        z.add("mimetype", text.as_bytes(), false);
        assert_eq!(odf::check_package(text, &z.finish()), Err("odf_mimetype"));
        let mut z = zip::ZipWriter::new();
        z.add("mimetype", text.as_bytes(), false);
        z.add("META-INF/manifest.xml", format!(r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="{text}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).as_bytes(), true);
        z.add(
            "content.xml",
            b"<office:document-content><unclosed></office:document-content>",
            true,
        );
        assert_eq!(odf::check_package(text, &z.finish()), Err("odf_content"));
        let mut z = zip::ZipWriter::new();
        z.add("mimetype", text.as_bytes(), false);
        z.add("META-INF/manifest.xml", format!(r#"<m:manifest xmlns:m="x"><m:file-entry manifest:full-path="/" manifest:media-type="{text}"/><m:file-entry manifest:full-path="Pictures/a.png" manifest:media-type="image/png"/></m:manifest>"#).as_bytes(), true);
        z.add("content.xml", b"<a/>", true);
        assert_eq!(
            odf::check_package(text, &z.finish()),
            Err("odf_manifest"),
            "the manifest lists a part that is missing"
        );
    }
}
