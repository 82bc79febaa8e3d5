//! The CKAN Action API's shapes (package, group, organization, search) made from datasets, so
//! that CKAN clients and harvesters (ckanapi, data.gov.tw, ckanext-harvest) read this office
//! unchanged.

use super::{Dataset, FORMATS, GROUPS, Group, LICENSE_ID, LICENSE_TITLE, LICENSE_URL};
use crate::i18n::Lang;
use crate::office::Office;
use serde_json::{Value, json};

/// The organization's name (its id too): the office is one publisher.
pub const ORGANIZATION: &str = "household-registration-office";

pub fn iso(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
        .unwrap_or_default()
}

fn absolute(base: &str, url: &str) -> String {
    if url.starts_with('/') {
        format!("{base}{url}")
    } else {
        url.to_string()
    }
}

pub fn organization(office: &Office, base: &str, count: usize) -> Value {
    json!({
        "id": ORGANIZATION,
        "name": ORGANIZATION,
        "title": office.name.zh,
        "display_name": office.name.zh,
        "description": office.description.zh,
        "image_url": "",
        "type": "organization",
        "is_organization": true,
        "state": "active",
        "approval_status": "approved",
        "package_count": count,
        "created": iso(office.updated_at),
        "extras": [{"key": "url", "value": base}],
    })
}

pub fn group(g: &Group, count: usize) -> Value {
    json!({
        "id": g.code,
        "name": g.code,
        "title": g.name.zh,
        "display_name": g.name.zh,
        "title_en": g.name.en,
        "description": g.description.zh,
        "image_url": "",
        "type": "group",
        "is_organization": false,
        "state": "active",
        "approval_status": "approved",
        "package_count": count,
    })
}

/// A dataset as CKAN's `package_show` returns it, with the data.gov.tw fields as extras.
pub fn package(d: &Dataset, office: &Office, base: &str) -> Value {
    let g = super::group_of(&d.group);
    let resources: Vec<Value> = d
        .resource
        .iter()
        .flat_map(|r| {
            FORMATS.iter().enumerate().map(move |(i, (ext, mime))| {
                json!({
                    "id": format!("{}-{ext}", r.id),
                    "package_id": d.name,
                    "name": format!("{}（{}）", d.title.zh, ext.to_uppercase()),
                    "description": format!("第 {} 版", r.version),
                    "url": format!("{base}{}", d.resource_path(ext)),
                    "format": ext.to_uppercase(),
                    "mimetype": mime.split(';').next().unwrap_or(mime),
                    "size": if *ext == "csv" { Value::from(r.size) } else { Value::Null },
                    "created": iso(r.uploaded_at),
                    "last_modified": iso(r.uploaded_at),
                    "position": i,
                    "state": "active",
                    "url_type": Value::Null,
                    "resource_type": Value::Null,
                })
            })
        })
        .collect();
    let tags: Vec<Value> = d
        .keywords
        .iter()
        .map(|k| json!({"name": k, "display_name": k, "state": "active"}))
        .collect();
    let formats: Vec<String> = FORMATS.iter().map(|(e, _)| e.to_uppercase()).collect();
    let extras = [
        ("主要欄位說明", d.fields.zh.clone()),
        ("提供機關", office.name.zh.clone()),
        ("更新頻率", d.frequency.zh.clone()),
        ("計費方式", "免費".to_string()),
        ("上架日期", iso(d.created_at)),
        ("詮釋資料更新時間", iso(d.modified_at)),
        ("服務分類", d.service_category.clone()),
        ("檔案格式", formats.join(";")),
        ("編碼", "UTF-8".to_string()),
        (
            "資料量",
            d.resource
                .as_ref()
                .map(|r| r.rows.to_string())
                .unwrap_or_default(),
        ),
        (
            "資源更新時間",
            d.resource
                .as_ref()
                .map(|r| iso(r.uploaded_at))
                .unwrap_or_default(),
        ),
        ("sample", d.sample.to_string()),
    ];
    json!({
        "id": d.name,
        "name": d.name,
        "title": d.title.zh,
        "title_en": d.title.en,
        "notes": d.notes.zh,
        "notes_en": d.notes.en,
        "url": absolute(base, &d.related_url),
        "author": office.name.zh,
        "author_email": d.contact_email,
        "maintainer": d.contact,
        "maintainer_email": d.contact_email,
        "license_id": LICENSE_ID,
        "license_title": LICENSE_TITLE.zh,
        "license_url": LICENSE_URL,
        "isopen": true,
        "private": false,
        "state": "active",
        "type": "dataset",
        "version": d.resource.as_ref().map(|r| r.version.to_string()),
        "metadata_created": iso(d.created_at),
        "metadata_modified": iso(d.modified_at),
        "organization": organization(office, base, 0),
        "owner_org": ORGANIZATION,
        "groups": g.map(|g| vec![json!({"id": g.code, "name": g.code, "title": g.name.zh, "display_name": g.name.zh, "description": g.description.zh, "image_display_url": ""})]).unwrap_or_default(),
        "tags": tags,
        "num_tags": d.keywords.len(),
        "resources": resources,
        "num_resources": resources.len(),
        "extras": extras.iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
    })
}

/// `package_search`'s parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    pub q: String,
    pub fq: String,
    pub rows: usize,
    pub start: usize,
    pub sort: String,
}

/// Why a search is refused (CKAN answers 409 "Validation Error").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid(pub String);

fn folded(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

fn haystack(d: &Dataset) -> String {
    folded(&format!(
        "{} {} {} {} {} {} {}",
        d.name,
        d.title.zh,
        d.title.en,
        d.notes.zh,
        d.notes.en,
        d.keywords.join(" "),
        d.fields.zh
    ))
}

/// Runs a search as CKAN does, on the fields this portal keeps: `q` words must all appear (in
/// names, titles, descriptions, keywords and fields; `*:*` or empty is everything, `field:value`
/// terms as in `fq`), `fq` filters by `groups`, `tags`, `organization`, `res_format`, `name`;
/// sort by `metadata_modified`, `metadata_created`, `title`/`title_string` or `name`, asc or desc.
pub fn search(all: &[Dataset], p: &Search) -> Result<(usize, Vec<Dataset>), Invalid> {
    let mut filters: Vec<(String, String)> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for part in [p.q.as_str(), p.fq.as_str()] {
        for term in split_terms(part) {
            if term == "*:*" || term.is_empty() {
                continue;
            }
            match term.split_once(':') {
                Some((field, value))
                    if !field.is_empty()
                        && field
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+') =>
                {
                    let field = field.trim_start_matches('+');
                    if !matches!(
                        field,
                        "groups" | "tags" | "organization" | "res_format" | "name" | "license_id"
                    ) {
                        return Err(Invalid(format!("Unknown search field: {field}")));
                    }
                    filters.push((field.to_string(), value.trim_matches('"').to_string()));
                }
                _ => words.push(folded(term.trim_matches('"'))),
            }
        }
    }
    let mut found: Vec<Dataset> = all
        .iter()
        .filter(|d| {
            let text = haystack(d);
            words.iter().all(|w| text.contains(w.as_str()))
                && filters.iter().all(|(field, value)| match field.as_str() {
                    "groups" => d.group == *value,
                    "tags" => d.keywords.iter().any(|k| k == value),
                    "organization" => value == ORGANIZATION,
                    "res_format" => {
                        d.resource.is_some()
                            && FORMATS.iter().any(|(e, _)| e.eq_ignore_ascii_case(value))
                    }
                    "name" => d.name == *value,
                    "license_id" => value == LICENSE_ID,
                    _ => false,
                })
        })
        .cloned()
        .collect();
    let sort = if p.sort.trim().is_empty() {
        "score desc, metadata_modified desc"
    } else {
        p.sort.trim()
    };
    let first = sort.split(',').next().unwrap_or("").trim();
    let (field, order) = first.split_once(' ').unwrap_or((first, "asc"));
    let desc = match order.trim() {
        "asc" => false,
        "desc" => true,
        other => return Err(Invalid(format!("Invalid sort order: {other}"))),
    };
    match field {
        // No relevance score is kept: the newest first, as CKAN's default.
        "score" => found.sort_by_key(|d| std::cmp::Reverse(d.modified_at)),
        "metadata_modified" => found.sort_by_key(|d| d.modified_at),
        "metadata_created" => found.sort_by_key(|d| d.created_at),
        "title" | "title_string" => found.sort_by(|a, b| a.title.zh.cmp(&b.title.zh)),
        "name" => found.sort_by(|a, b| a.name.cmp(&b.name)),
        other => return Err(Invalid(format!("Invalid sort field: {other}"))),
    }
    if desc && field != "score" {
        found.reverse();
    }
    let count = found.len();
    let page = found.into_iter().skip(p.start).take(p.rows).collect();
    Ok((count, page))
}

/// Terms of a query: spaces separate them except inside double quotes.
fn split_terms(q: &str) -> Vec<&str> {
    let mut terms = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in q.char_indices() {
        match (c, start) {
            ('"', _) => {
                quoted = !quoted;
                if start.is_none() {
                    start = Some(i);
                }
            }
            (c, Some(s)) if c.is_whitespace() && !quoted => {
                terms.push(&q[s..i]);
                start = None;
            }
            (c, None) if !c.is_whitespace() => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        terms.push(&q[s..]);
    }
    terms.into_iter().filter(|t| *t != "AND").collect()
}

/// The counts of datasets per group, for group_list and the pages.
pub fn group_counts(all: &[Dataset]) -> Vec<(&'static Group, usize)> {
    GROUPS
        .iter()
        .map(|g| (g, all.iter().filter(|d| d.group == g.code).count()))
        .collect()
}

/// The help address CKAN puts in each answer.
pub fn help(base: &str, action: &str) -> String {
    format!("{base}/api/3/action/help_show?name={action}")
}

pub fn language(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhTw => "zh-TW",
        Lang::En => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::L10n;

    fn d(name: &str, group: &str, title: &str, modified: i64) -> Dataset {
        Dataset {
            name: name.into(),
            group: group.into(),
            title: L10n::new(title, title),
            notes: L10n::new("說明", "notes"),
            fields: L10n::default(),
            contact: String::new(),
            contact_email: String::new(),
            frequency: L10n::default(),
            keywords: vec!["人口".into()],
            service_category: String::new(),
            related_url: String::new(),
            sample: true,
            published: true,
            created_at: modified,
            modified_at: modified,
            resource: None,
        }
    }

    #[test]
    fn search_filters_sorts_and_pages_like_ckan() {
        let all = vec![
            d("a", "plans", "乙 人口", 3),
            d("b", "plans", "甲 出生", 2),
            d("c", "petitions", "丙", 1),
        ];
        let run = |q: &str, fq: &str, sort: &str, rows: usize, start: usize| {
            search(
                &all,
                &Search {
                    q: q.into(),
                    fq: fq.into(),
                    rows,
                    start,
                    sort: sort.into(),
                },
            )
            .map(|(n, r)| (n, r.into_iter().map(|d| d.name).collect::<Vec<_>>()))
        };
        assert_eq!(
            run("", "", "", 10, 0),
            Ok((3, vec!["a".into(), "b".into(), "c".into()]))
        );
        assert_eq!(
            run("人口", "", "", 10, 0).map(|r| r.0),
            Ok(3),
            "keywords match"
        );
        assert_eq!(run("出生", "", "", 10, 0), Ok((1, vec!["b".into()])));
        assert_eq!(
            run("*:*", "groups:plans", "name desc", 10, 0),
            Ok((2, vec!["b".into(), "a".into()]))
        );
        assert_eq!(
            run("", "", "title asc", 1, 1),
            Ok((3, vec!["a".into()])),
            "丙, 乙, 甲: the second"
        );
        assert_eq!(
            run("", "", "metadata_modified asc", 10, 0),
            Ok((3, vec!["c".into(), "b".into(), "a".into()]))
        );
        assert!(run("", "", "bogus desc", 10, 0).is_err());
        assert!(run("", "", "name sideways", 10, 0).is_err());
        assert!(run("secret:1", "", "", 10, 0).is_err());
        assert_eq!(
            run("\"乙 人口\"", "", "", 10, 0),
            Ok((1, vec!["a".into()])),
            "a quoted phrase"
        );
    }
}
