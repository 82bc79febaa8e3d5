//! OpenDocument (ODF 1.3, ISO/IEC 26300 / CNS 15251) renderings of a form: a text document
//! (ODT) for every form and a spreadsheet (ODS) for the tabular ones. Each package has
//! `mimetype` first and stored, content.xml, styles.xml, meta.xml (Dublin Core and the
//! catalogue's classification) and a manifest listing every part.

use super::zip::ZipWriter;
use super::{Doc, Format, Item};
use crate::i18n::Lang;
use std::fmt::Write;

/// The font named for Chinese text: Taiwan's Ming style, as on printed government forms.
/// LibreOffice and Word substitute a local CJK font where it is not installed.
pub const CJK_FONT: &str = "AR PL UMing TW";
const LATIN_FONT: &str = "Liberation Serif";

const NS: &str = concat!(
    r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
    r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
    r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
    r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
    r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
    r#"xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" "#,
    r#"xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" "#,
    r#"xmlns:dc="http://purl.org/dc/elements/1.1/" "#,
    r#"xmlns:xlink="http://www.w3.org/1999/xlink" "#,
    r#"office:version="1.3""#
);

/// Text made safe for XML content and attribute values (control characters dropped).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn font_decls() -> String {
    format!(
        r#"<office:font-face-decls><style:font-face style:name="{CJK_FONT}" svg:font-family="&apos;{CJK_FONT}&apos;" style:font-family-generic="roman" style:font-pitch="variable"/><style:font-face style:name="{LATIN_FONT}" svg:font-family="&apos;{LATIN_FONT}&apos;" style:font-family-generic="roman" style:font-pitch="variable"/></office:font-face-decls>"#
    )
}

fn text_props(doc: &Doc, size: &str, bold: bool) -> String {
    let weight = if bold {
        r#" fo:font-weight="bold" style:font-weight-asian="bold""#
    } else {
        ""
    };
    let (language, country) = match doc.lang {
        Lang::ZhTw => ("zh", "TW"),
        Lang::En => ("en", "GB"),
    };
    format!(
        r#"<style:text-properties style:font-name="{LATIN_FONT}" style:font-name-asian="{CJK_FONT}" fo:font-size="{size}" style:font-size-asian="{size}" fo:language="{language}" fo:country="{country}" style:language-asian="zh" style:country-asian="TW"{weight}/>"#
    )
}

/// The meta.xml of a document: Dublin Core, keywords and the catalogue's classification.
fn meta_xml(doc: &Doc) -> String {
    let m = &doc.meta;
    let date = crate::dates::iso_date(m.date);
    let mut keywords = String::new();
    for k in &m.keywords {
        let _ = write!(keywords, "<meta:keyword>{}</meta:keyword>", esc(k));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS}><office:meta><meta:generator>household-registration-portal/{version}</meta:generator><dc:title>{title}</dc:title><dc:description>{description}</dc:description><dc:subject>{subject}</dc:subject>{keywords}<dc:language>{language}</dc:language><meta:initial-creator>{creator}</meta:initial-creator><dc:creator>{creator}</dc:creator><meta:creation-date>{date}T00:00:00</meta:creation-date><dc:date>{date}T00:00:00</dc:date><meta:user-defined meta:name="dc.identifier">{identifier}</meta:user-defined><meta:user-defined meta:name="dc.publisher">{creator}</meta:user-defined><meta:user-defined meta:name="dc.type">{dc_type}</meta:user-defined><meta:user-defined meta:name="classification">{subject}</meta:user-defined><meta:user-defined meta:name="version" meta:value-type="date">{date}</meta:user-defined></office:meta></office:document-meta>"#,
        version = env!("CARGO_PKG_VERSION"),
        title = esc(&m.title),
        description = esc(&m.description),
        subject = esc(&m.subject),
        language = m.language,
        creator = esc(&m.creator),
        identifier = esc(&m.identifier),
        dc_type = if doc.reference.is_some() {
            "申請書（已填寫）"
        } else if doc.texts.declaration.is_empty() {
            "資料集"
        } else {
            "申請書表"
        },
    )
}

fn manifest_xml(media_type: &str) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{media_type}"/>"#
    );
    for part in ["content.xml", "styles.xml", "meta.xml"] {
        let _ = write!(
            s,
            r#"<manifest:file-entry manifest:full-path="{part}" manifest:media-type="text/xml"/>"#
        );
    }
    s.push_str("</manifest:manifest>");
    s
}

fn package(format: Format, content: String, styles: String, meta: String) -> Vec<u8> {
    let mut zip = ZipWriter::new();
    zip.add("mimetype", format.content_type().as_bytes(), false);
    zip.add("content.xml", content.as_bytes(), true);
    zip.add("styles.xml", styles.as_bytes(), true);
    zip.add("meta.xml", meta.as_bytes(), true);
    zip.add(
        "META-INF/manifest.xml",
        manifest_xml(format.content_type()).as_bytes(),
        true,
    );
    zip.finish()
}

fn styles_xml(doc: &Doc, footer: bool) -> String {
    let footer_style = if footer {
        r#"<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style>"#
    } else {
        ""
    };
    let footer_content = if footer {
        format!(
            r#"<style:footer><text:p text:style-name="Footer">{} · {} · {} <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>"#,
            esc(&doc.meta.title),
            esc(&doc.texts.version),
            esc(doc.texts.page),
        )
    } else {
        String::new()
    };
    let p = |name: &str, size: &str, bold: bool, extra: &str| {
        format!(
            r#"<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties {extra}/>{}</style:style>"#,
            text_props(doc, size, bold)
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}>{fonts}<office:styles><style:default-style style:family="paragraph">{base}</style:default-style><style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.1cm"/>{base}</style:style>{office}{title}{heading}{label}{hint}{note}{footer_p}</office:styles><office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="1.8cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>{footer_style}</style:page-layout></office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4">{footer_content}</style:master-page></office:master-styles></office:document-styles>"#,
        fonts = font_decls(),
        base = text_props(doc, "11pt", false),
        office = p("Office", "11pt", false, r#"fo:text-align="center""#),
        title = p(
            "Title",
            "18pt",
            true,
            r#"fo:text-align="center" fo:margin-bottom="0.3cm""#
        ),
        heading = p(
            "Heading",
            "12.5pt",
            true,
            r#"fo:margin-top="0.4cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always""#
        ),
        label = p("Label", "10.5pt", true, r#"fo:margin-bottom="0cm""#),
        hint = p("Hint", "8.5pt", false, r#"fo:margin-bottom="0cm""#),
        note = p("Note", "9.5pt", false, r#"fo:margin-bottom="0.2cm""#),
        footer_p = p("Footer", "8pt", false, r#"fo:text-align="center""#),
    )
}

fn para(style: &str, text: &str) -> String {
    format!(
        r#"<text:p text:style-name="{style}">{}</text:p>"#,
        esc(text)
    )
}

/// A hand-written value's cell content: the value, or empty lines to write on.
fn value_paras(value: &str) -> String {
    if value.is_empty() {
        return "<text:p/>".into();
    }
    value.lines().map(|l| para("Standard", l)).collect()
}

fn choice_line(options: &[(String, bool)]) -> String {
    options
        .iter()
        .map(|(label, on)| format!("{} {label}", if *on { "☑" } else { "☐" }))
        .collect::<Vec<_>>()
        .join("　")
}

const CELL: &str = r#"table:style-name="Cell" office:value-type="string""#;

fn label_cell(label: &str, hint: &Option<String>) -> String {
    let hint = hint.as_deref().map(|h| para("Hint", h)).unwrap_or_default();
    format!(
        r#"<table:table-cell {CELL}>{}{hint}</table:table-cell>"#,
        para("Label", label)
    )
}

fn grid(name: &str, widths: &[&str], rows: &str) -> String {
    let columns: String = widths
        .iter()
        .enumerate()
        .map(|(i, _)| format!(r#"<table:table-column table:style-name="{name}.C{i}"/>"#))
        .collect();
    format!(
        r#"<table:table table:name="{name}" table:style-name="Grid">{columns}{rows}</table:table>"#
    )
}

fn column_styles(name: &str, widths: &[&str]) -> String {
    widths
        .iter()
        .enumerate()
        .map(|(i, w)| {
            format!(
                r#"<style:style style:name="{name}.C{i}" style:family="table-column"><style:table-column-properties style:column-width="{w}"/></style:style>"#
            )
        })
        .collect()
}

fn row(height: &str, cells: &str) -> String {
    format!(r#"<table:table-row table:style-name="{height}">{cells}</table:table-row>"#)
}

/// The form as an ODF text document.
pub fn odt(doc: &Doc) -> Vec<u8> {
    let mut body = String::new();
    let mut auto = String::from(
        r#"<style:style style:name="Grid" style:family="table"><style:table-properties style:width="17cm" table:align="margins" fo:margin-bottom="0.2cm"/></style:style><style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.12cm"/></style:style>"#,
    );
    for (name, height) in [
        ("R1", "0.95cm"),
        ("R3", "2.4cm"),
        ("R5", "4.2cm"),
        ("RT", "0.85cm"),
    ] {
        let _ = write!(
            auto,
            r#"<style:style style:name="{name}" style:family="table-row"><style:table-row-properties style:min-row-height="{height}"/></style:style>"#
        );
    }
    body.push_str(&para("Office", &doc.office));
    let _ = write!(
        body,
        r#"<text:h text:style-name="Title" text:outline-level="1">{}</text:h>"#,
        esc(&doc.meta.title)
    );
    if let Some(reference) = &doc.reference {
        body.push_str(&para("Note", doc.texts.filled_note));
        body.push_str(&para(
            "Note",
            &format!("{} {reference}", doc.texts.office_fields[0]),
        ));
    }
    let mut tables = 0;
    for part in &doc.parts {
        let _ = write!(
            body,
            r#"<text:h text:style-name="Heading" text:outline-level="2">{}</text:h>"#,
            esc(&part.title)
        );
        if let Some(lead) = &part.lead {
            body.push_str(&para("Note", lead));
        }
        let mut rows = String::new();
        let flush =
            |rows: &mut String, body: &mut String, auto: &mut String, tables: &mut usize| {
                if rows.is_empty() {
                    return;
                }
                *tables += 1;
                let name = format!("Form{tables}");
                auto.push_str(&column_styles(&name, &["5cm", "12cm"]));
                body.push_str(&grid(&name, &["5cm", "12cm"], rows));
                rows.clear();
            };
        for item in &part.items {
            match item {
                Item::Field {
                    label,
                    hint,
                    value,
                    lines,
                } => {
                    let height = match lines {
                        0 | 1 => "R1",
                        2..=3 => "R3",
                        _ => "R5",
                    };
                    rows.push_str(&row(
                        height,
                        &format!(
                            r#"{}<table:table-cell {CELL}>{}</table:table-cell>"#,
                            label_cell(label, hint),
                            value_paras(value)
                        ),
                    ));
                }
                Item::Choice {
                    label,
                    hint,
                    options,
                } => rows.push_str(&row(
                    "R1",
                    &format!(
                        r#"{}<table:table-cell {CELL}>{}</table:table-cell>"#,
                        label_cell(label, hint),
                        para("Standard", &choice_line(options))
                    ),
                )),
                Item::Table {
                    label,
                    hint,
                    columns,
                    filled,
                    rows: count,
                } => {
                    flush(&mut rows, &mut body, &mut auto, &mut tables);
                    body.push_str(&para("Label", label));
                    if let Some(h) = hint {
                        body.push_str(&para("Hint", h));
                    }
                    tables += 1;
                    let name = format!("Form{tables}");
                    let width = format!("{:.2}cm", 17.0 / columns.len() as f32);
                    let widths: Vec<&str> = columns.iter().map(|_| width.as_str()).collect();
                    auto.push_str(&column_styles(&name, &widths));
                    let mut t = row(
                        "RT",
                        &columns
                            .iter()
                            .map(|c| {
                                format!(
                                    r#"<table:table-cell {CELL}>{}</table:table-cell>"#,
                                    para("Label", c)
                                )
                            })
                            .collect::<String>(),
                    );
                    for r in 0..(*count).max(filled.len()) {
                        let cells: String = (0..columns.len())
                            .map(|c| {
                                let v = filled
                                    .get(r)
                                    .and_then(|f| f.get(c))
                                    .map(String::as_str)
                                    .unwrap_or("");
                                format!(
                                    r#"<table:table-cell {CELL}>{}</table:table-cell>"#,
                                    value_paras(v)
                                )
                            })
                            .collect();
                        t.push_str(&row("RT", &cells));
                    }
                    body.push_str(&grid(&name, &widths, &t));
                }
            }
        }
        flush(&mut rows, &mut body, &mut auto, &mut tables);
    }
    body.push_str(&para("Standard", doc.texts.declaration));
    body.push_str(&para("Standard", ""));
    body.push_str(&para(
        "Standard",
        &format!(
            "{}　　　　　　　　　　　　{}",
            doc.texts.signature, doc.texts.date_line
        ),
    ));
    body.push_str(&para("Heading", doc.texts.office_use));
    let office_cells: String = doc
        .texts
        .office_fields
        .iter()
        .map(|f| label_cell(f, &None))
        .collect();
    let office_values: String = doc
        .texts
        .office_fields
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let v = if i == 0 {
                doc.reference.as_deref().unwrap_or("")
            } else {
                ""
            };
            format!(
                r#"<table:table-cell {CELL}>{}</table:table-cell>"#,
                value_paras(v)
            )
        })
        .collect();
    auto.push_str(&column_styles("Office", &["4.25cm"; 4]));
    body.push_str(&grid(
        "Office",
        &["4.25cm"; 4],
        &format!("{}{}", row("RT", &office_cells), row("R3", &office_values)),
    ));
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>{fonts}<office:automatic-styles>{auto}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#,
        fonts = font_decls()
    );
    package(Format::Odt, content, styles_xml(doc, true), meta_xml(doc))
}

fn sheet_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string" table:style-name="Cell">{}</table:table-cell>"#,
        text.lines()
            .map(|l| para("Standard", l))
            .collect::<String>()
    )
}

fn sheet_row(cells: &[&str]) -> String {
    format!(
        r#"<table:table-row table:style-name="RS">{}</table:table-row>"#,
        cells.iter().map(|c| sheet_cell(c)).collect::<String>()
    )
}

/// The form as an ODF spreadsheet: the questions on a first sheet, each table on its own.
pub fn ods(doc: &Doc) -> Vec<u8> {
    let mut auto = String::from(
        r#"<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:wrap-option="wrap"/></style:style><style:style style:name="RS" style:family="table-row"><style:table-row-properties style:row-height="0.8cm" style:use-optimal-row-height="true"/></style:style><style:style style:name="Sheet" style:family="table"><style:table-properties table:display="true"/></style:style>"#,
    );
    let mut sheets = String::new();
    let mut first = String::new();
    first.push_str(&sheet_row(&[&doc.office, &doc.meta.title]));
    if let Some(reference) = &doc.reference {
        first.push_str(&sheet_row(&[doc.texts.office_fields[0], reference]));
    }
    let mut extra = Vec::new();
    for part in &doc.parts {
        first.push_str(&sheet_row(&[
            &part.title,
            part.lead.as_deref().unwrap_or(""),
        ]));
        for item in &part.items {
            match item {
                Item::Field { label, value, .. } => first.push_str(&sheet_row(&[label, value])),
                Item::Choice { label, options, .. } => {
                    first.push_str(&sheet_row(&[label, &choice_line(options)]))
                }
                Item::Table { .. } => extra.push(item),
            }
        }
    }
    first.push_str(&sheet_row(&[doc.texts.signature, doc.texts.date_line]));
    let column = |name: &str, width: &str| {
        format!(
            r#"<style:style style:name="{name}" style:family="table-column"><style:table-column-properties style:column-width="{width}"/></style:style>"#
        )
    };
    auto.push_str(&column("CA", "6cm"));
    auto.push_str(&column("CB", "11cm"));
    auto.push_str(&column("CT", "4.25cm"));
    let _ = write!(
        sheets,
        r#"<table:table table:name="{}" table:style-name="Sheet"><table:table-column table:style-name="CA"/><table:table-column table:style-name="CB"/>{first}</table:table>"#,
        esc(&doc.meta.title.chars().take(31).collect::<String>())
    );
    for (i, item) in extra.into_iter().enumerate() {
        if let Item::Table {
            label,
            columns,
            filled,
            rows,
            ..
        } = item
        {
            let mut t = format!(
                r#"<table:table table:name="{}" table:style-name="Sheet"><table:table-column table:style-name="CT" table:number-columns-repeated="{}"/>"#,
                esc(&format!(
                    "{}{}",
                    label.chars().take(28).collect::<String>(),
                    if i > 0 {
                        format!(" {}", i + 1)
                    } else {
                        String::new()
                    }
                )),
                columns.len()
            );
            t.push_str(&sheet_row(
                &columns.iter().map(String::as_str).collect::<Vec<_>>(),
            ));
            for r in 0..(*rows).max(filled.len()) {
                let cells: Vec<&str> = (0..columns.len())
                    .map(|c| {
                        filled
                            .get(r)
                            .and_then(|f| f.get(c))
                            .map(String::as_str)
                            .unwrap_or("")
                    })
                    .collect();
                t.push_str(&sheet_row(&cells));
            }
            t.push_str("</table:table>");
            sheets.push_str(&t);
        }
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>{fonts}<office:automatic-styles>{auto}</office:automatic-styles><office:body><office:spreadsheet>{sheets}</office:spreadsheet></office:body></office:document-content>"#,
        fonts = font_decls()
    );
    package(Format::Ods, content, styles_xml(doc, false), meta_xml(doc))
}

/// Why an uploaded ODF file is refused, or `Ok` when its package is sound: a ZIP whose first
/// part is `mimetype`, stored, naming the type its extension promises; a manifest that is
/// well-formed XML and lists parts that exist; content.xml present and well-formed.
pub fn check_package(expected_type: &str, bytes: &[u8]) -> Result<(), &'static str> {
    use super::zip;
    const LIMIT: usize = 50 << 20;
    let parts = zip::parts(bytes).ok_or("odf_zip")?;
    if zip::first_local_name(bytes) != Some("mimetype") {
        return Err("odf_mimetype");
    }
    let mimetype = parts
        .iter()
        .find(|p| p.name == "mimetype")
        .filter(|p| p.method == 0)
        .and_then(|p| zip::read(bytes, p, 200))
        .ok_or("odf_mimetype")?;
    if mimetype != expected_type.as_bytes() {
        return Err("odf_mimetype");
    }
    let open = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| zip::read(bytes, p, LIMIT))
    };
    let manifest = open("META-INF/manifest.xml").ok_or("odf_manifest")?;
    let manifest = std::str::from_utf8(&manifest).map_err(|_| "odf_manifest")?;
    well_formed(manifest).map_err(|_| "odf_manifest")?;
    if !manifest.contains(&format!(r#"manifest:media-type="{expected_type}""#)) {
        return Err("odf_manifest");
    }
    for path in manifest_paths(manifest) {
        if path != "/" && !path.ends_with('/') && !parts.iter().any(|p| p.name == path) {
            return Err("odf_manifest");
        }
    }
    let content = open("content.xml").ok_or("odf_content")?;
    well_formed(std::str::from_utf8(&content).map_err(|_| "odf_content")?)
        .map_err(|_| "odf_content")?;
    for name in ["styles.xml", "meta.xml"] {
        if let Some(p) = parts.iter().find(|p| p.name == name) {
            let data = zip::read(bytes, p, LIMIT).ok_or("odf_content")?;
            well_formed(std::str::from_utf8(&data).map_err(|_| "odf_content")?)
                .map_err(|_| "odf_content")?;
        }
    }
    Ok(())
}

fn manifest_paths(manifest: &str) -> Vec<String> {
    manifest
        .split("manifest:full-path=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|p| {
            p.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
        })
        .collect()
}

/// Whether text is well-formed XML.
pub fn well_formed(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
                for a in e.attributes() {
                    a.map_err(|e| e.to_string())?;
                }
            }
            Ok(quick_xml::events::Event::Empty(e)) => {
                if depth == 0 {
                    roots += 1;
                }
                for a in e.attributes() {
                    a.map_err(|e| e.to_string())?;
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    if depth != 0 || roots != 1 {
        return Err("not one closed root element".into());
    }
    Ok(())
}

/// A data table as an ODF spreadsheet (open data resources): one sheet, the header row then
/// the rows, numbers as numbers.
pub fn spreadsheet(
    meta: super::Meta,
    lang: Lang,
    header: &[String],
    rows: &[Vec<String>],
) -> Vec<u8> {
    let doc = Doc {
        lang,
        office: meta.creator.clone(),
        meta,
        parts: Vec::new(),
        reference: None,
        texts: super::DocTexts {
            declaration: "",
            signature: "",
            date_line: "",
            office_use: "",
            office_fields: ["", "", "", ""],
            version: String::new(),
            page: "",
            filled_note: "",
        },
    };
    let cell = |text: &str| match text.parse::<f64>() {
        Ok(n) if n.is_finite() && !text.starts_with('+') && !text.contains(['e', 'E']) => format!(
            r#"<table:table-cell office:value-type="float" office:value="{n}" table:style-name="Cell">{}</table:table-cell>"#,
            para("Standard", text)
        ),
        _ => sheet_cell(text),
    };
    let mut body = format!(
        r#"<table:table table:name="{}" table:style-name="Sheet"><table:table-column table:style-name="CT" table:number-columns-repeated="{}"/>"#,
        esc(&doc
            .meta
            .title
            .chars()
            .filter(|c| !"[]*?:/\\'".contains(*c))
            .take(31)
            .collect::<String>()),
        header.len().max(1)
    );
    body.push_str(&sheet_row(
        &header.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    for row in rows {
        let _ = write!(
            body,
            r#"<table:table-row table:style-name="RS">{}</table:table-row>"#,
            row.iter().map(|c| cell(c)).collect::<String>()
        );
    }
    body.push_str("</table:table>");
    let auto = r#"<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000"/></style:style><style:style style:name="RS" style:family="table-row"><style:table-row-properties style:row-height="0.6cm" style:use-optimal-row-height="true"/></style:style><style:style style:name="Sheet" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="CT" style:family="table-column"><style:table-column-properties style:column-width="3.2cm"/></style:style>"#;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>{fonts}<office:automatic-styles>{auto}</office:automatic-styles><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#,
        fonts = font_decls()
    );
    package(
        Format::Ods,
        content,
        styles_xml(&doc, false),
        meta_xml(&doc),
    )
}
