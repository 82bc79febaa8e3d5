//! Open data and information disclosure (plan items 2-4 and 2-5; 政府資訊公開法 第7條): the
//! eight categories the law names, datasets with the data.gov.tw metadata fields under the Open
//! Government Data License, their resources (CSV kept, JSON and ODS made from it), and what the
//! pages, the CKAN-compatible API and the DCAT catalogue show of them.

use crate::apply::forms::Tr;
use crate::i18n::{L10n, Lang};

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod dcat;
#[cfg(feature = "ssr")]
pub mod sample;
#[cfg(feature = "ssr")]
pub mod ssr;

/// One of the eight categories of 政府資訊公開法 §7 (CKAN groups).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    pub code: &'static str,
    pub name: Tr,
    pub description: Tr,
}

const fn group(
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    dzh: &'static str,
    den: &'static str,
) -> Group {
    Group {
        code,
        name: Tr::new(zh, en),
        description: Tr::new(dzh, den),
    }
}

pub const GROUPS: [Group; 8] = [
    group(
        "regulations",
        "條約法規",
        "Treaties and regulations",
        "條約、對外關係文書、法律、緊急命令、法規命令及地方自治法規。",
        "Treaties, laws, orders and local regulations.",
    ),
    group(
        "interpretations",
        "解釋性規定",
        "Interpretative rules",
        "為協助下級機關統一解釋法令、認定事實及行使裁量權而訂頒之解釋性規定及裁量基準。",
        "Rules issued to interpret the law and guide discretion.",
    ),
    group(
        "organisation",
        "機關組織",
        "Organisation",
        "機關之組織、職掌、地址、電話、傳真、網址及電子郵件信箱帳號。",
        "The office: its organisation, duties, addresses and contacts.",
    ),
    group(
        "guidance",
        "行政指導文書",
        "Administrative guidance",
        "行政指導有關文書。",
        "Documents of administrative guidance.",
    ),
    group(
        "plans",
        "施政計畫",
        "Policy plans",
        "施政計畫、業務統計及研究報告。",
        "Plans, statistics and reports.",
    ),
    group(
        "budgets",
        "預算及決算書",
        "Budgets and accounts",
        "預算及決算書。",
        "Budgets and final accounts.",
    ),
    group(
        "petitions",
        "請願及訴願",
        "Petitions and appeals",
        "請願之處理結果及訴願之決定。",
        "How petitions were handled and appeals decided.",
    ),
    group(
        "contracts",
        "公共工程契約",
        "Public works contracts",
        "書面之公共工程及採購契約。",
        "Public works and procurement contracts.",
    ),
];

pub fn group_of(code: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.code == code)
}

/// 政府資料開放授權條款-第1版.
pub const LICENSE_ID: &str = "OGDL-Taiwan-1.0";
pub const LICENSE_TITLE: Tr = Tr::new(
    "政府資料開放授權條款-第1版",
    "Open Government Data License, version 1.0",
);
pub const LICENSE_URL: &str = "https://data.gov.tw/license";

/// A dataset as the pages, the API and the catalogue show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    /// The CKAN name and address segment (`/opendata/{name}`).
    pub name: String,
    pub group: String,
    pub title: L10n,
    /// 描述.
    pub notes: L10n,
    /// 主要欄位說明.
    pub fields: L10n,
    /// 聯絡人.
    pub contact: String,
    pub contact_email: String,
    /// 更新頻率.
    pub frequency: L10n,
    /// 關鍵字.
    pub keywords: Vec<String>,
    /// 服務分類.
    pub service_category: String,
    /// 相關網址.
    pub related_url: String,
    pub sample: bool,
    pub published: bool,
    /// 上架日期 (unix seconds).
    pub created_at: i64,
    /// 詮釋資料更新時間 (unix seconds).
    pub modified_at: i64,
    /// The current resource, if any was uploaded.
    pub resource: Option<Resource>,
}

/// The current version of a dataset's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub id: String,
    pub version: i64,
    /// 資料量: rows of data (the header not counted).
    pub rows: i64,
    /// Bytes of the CSV.
    pub size: i64,
    /// 資源更新時間 (unix seconds).
    pub uploaded_at: i64,
}

/// The formats each resource is offered in.
pub const FORMATS: [(&str, &str); 3] = [
    ("csv", "text/csv; charset=utf-8"),
    ("json", "application/json"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
];

impl Dataset {
    pub fn path(&self) -> String {
        format!("/opendata/{}", self.name)
    }

    pub fn resource_path(&self, ext: &str) -> String {
        format!("/opendata/{}/data.{ext}", self.name)
    }
}

/// A parsed CSV table: its header and rows, every row as long as the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Why an uploaded CSV file is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvError {
    Empty,
    NotUtf8,
    /// A quoted field is not closed.
    Unclosed,
    /// The header has an empty or repeated name.
    Header,
    /// Row `n` (1-based, the header is row 1) has `found` columns, not `expected`.
    Columns {
        row: usize,
        found: usize,
        expected: usize,
    },
}

impl CsvError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CsvError::Empty, Lang::ZhTw) => "檔案是空的，或只有標題列。".into(),
            (CsvError::Empty, Lang::En) => "The file is empty, or has only a header.".into(),
            (CsvError::NotUtf8, Lang::ZhTw) => {
                "檔案不是 UTF-8 編碼；請以 UTF-8 另存 CSV 後再上傳。".into()
            }
            (CsvError::NotUtf8, Lang::En) => {
                "The file is not UTF-8: save the CSV as UTF-8 and upload it again.".into()
            }
            (CsvError::Unclosed, Lang::ZhTw) => "有一個以引號開始的欄位沒有結束引號。".into(),
            (CsvError::Unclosed, Lang::En) => "A quoted field is never closed.".into(),
            (CsvError::Header, Lang::ZhTw) => "第 1 列須為欄位名稱，不可空白或重複。".into(),
            (CsvError::Header, Lang::En) => {
                "Row 1 must name every column, with no empty or repeated names.".into()
            }
            (
                CsvError::Columns {
                    row,
                    found,
                    expected,
                },
                Lang::ZhTw,
            ) => {
                format!("第 {row} 列有 {found} 欄，但標題列有 {expected} 欄。")
            }
            (
                CsvError::Columns {
                    row,
                    found,
                    expected,
                },
                Lang::En,
            ) => {
                format!("Row {row} has {found} columns; the header has {expected}.")
            }
        }
    }
}

/// Parses a CSV file (RFC 4180: commas, double quotes, CRLF or LF; a UTF-8 byte-order mark is
/// allowed) and checks it: UTF-8, a header naming every column once, every row as wide.
pub fn parse_csv(bytes: &[u8]) -> Result<Table, CsvError> {
    let text = std::str::from_utf8(bytes).map_err(|_| CsvError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => quoted = true,
            ',' => {
                record.push(std::mem::take(&mut field));
                at_start = true;
                continue;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_start = true;
                continue;
            }
            c => field.push(c),
        }
        at_start = false;
    }
    if quoted {
        return Err(CsvError::Unclosed);
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records.retain(|r| !(r.len() == 1 && r[0].trim().is_empty()));
    let mut records = records.into_iter();
    let header: Vec<String> = records
        .next()
        .ok_or(CsvError::Empty)?
        .into_iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut seen = std::collections::HashSet::new();
    if header
        .iter()
        .any(|h| h.is_empty() || !seen.insert(h.clone()))
    {
        return Err(CsvError::Header);
    }
    let rows: Vec<Vec<String>> = records.collect();
    if rows.is_empty() {
        return Err(CsvError::Empty);
    }
    for (i, row) in rows.iter().enumerate() {
        if row.len() != header.len() {
            return Err(CsvError::Columns {
                row: i + 2,
                found: row.len(),
                expected: header.len(),
            });
        }
    }
    Ok(Table { header, rows })
}

/// A table written as CSV (UTF-8, CRLF, quoted where needed).
pub fn to_csv(table: &Table) -> String {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = line(&table.header);
    out.push_str("\r\n");
    for row in &table.rows {
        out.push_str(&line(row));
        out.push_str("\r\n");
    }
    out
}

/// The editor's new-dataset form as typed (shown again with the errors).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatasetValues {
    pub name: String,
    pub group: String,
    pub title_zh: String,
    pub title_en: String,
    pub notes_zh: String,
    pub notes_en: String,
    pub fields_zh: String,
    pub frequency_zh: String,
    pub keywords: String,
    pub contact: String,
    pub contact_email: String,
    pub related_url: String,
}

/// A dataset's name: 3 to 60 lowercase letters, digits and hyphens, not at either end.
pub fn valid_name(name: &str) -> bool {
    (3..=60).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// A chart's worth of numbers: labels and values.
pub type Series = Vec<(String, f64)>;

/// What the population statistics page shows, made from the datasets.
#[derive(Clone, Debug, PartialEq)]
pub struct Statistics {
    /// The latest month, as `YYYY-MM`.
    pub month: String,
    /// Total population by month.
    pub trend: Series,
    /// Population by 里 in the latest month.
    pub by_village: Series,
    pub births: Series,
    pub deaths: Series,
    pub sample: bool,
}

/// What an open-data page shows, prepared by the server.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenDataView {
    /// 資訊公開: what the office discloses, by category, with the number of datasets in each.
    Disclosure {
        counts: Vec<(String, usize)>,
    },
    /// 資料開放專區, all datasets or one category's.
    Catalogue {
        group: Option<String>,
        datasets: Vec<Dataset>,
    },
    Dataset(Box<Dataset>),
    Statistics(Box<Statistics>),
    /// The service-quality plan, as paragraphs.
    Plan {
        paragraphs: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_parsed_and_checked() {
        let t =
            parse_csv("\u{feff}里別,人口\r\n本堂里,\"1,234\"\r\n\"他說\"\"好\"\"\",5\n".as_bytes())
                .expect("csv");
        assert_eq!(t.header, ["里別", "人口"]);
        assert_eq!(
            t.rows,
            [
                vec!["本堂里".to_string(), "1,234".into()],
                vec!["他說\"好\"".into(), "5".into()]
            ]
        );
        assert_eq!(parse_csv(&to_csv(&t).into_bytes()), Ok(t), "round trip");
        assert_eq!(parse_csv(b""), Err(CsvError::Empty));
        assert_eq!(parse_csv("a,b\n".as_bytes()), Err(CsvError::Empty));
        assert_eq!(parse_csv(&[0xff, 0xfe, 0x00]), Err(CsvError::NotUtf8));
        assert_eq!(parse_csv(b"a,a\n1,2\n"), Err(CsvError::Header));
        assert_eq!(parse_csv(b"a,\n1,2\n"), Err(CsvError::Header));
        assert_eq!(
            parse_csv(b"a,b\n1,2\n3\n"),
            Err(CsvError::Columns {
                row: 3,
                found: 1,
                expected: 2
            })
        );
        assert_eq!(parse_csv(b"a,b\n\"1,2\n"), Err(CsvError::Unclosed));
        assert!(
            CsvError::Columns {
                row: 3,
                found: 1,
                expected: 2
            }
            .message(Lang::ZhTw)
            .contains("第 3 列")
        );
    }
}
