//! The PDF rendering of a form, made by the portal itself (no LibreOffice at run time): A4,
//! printable margins, boxes with room to write by hand, and the Chinese text in a TrueType CJK
//! font of which only the glyphs used are embedded (a subset, as a CID font with a ToUnicode map
//! so the text can be searched and copied).

use super::{Doc, Item};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use subsetter::GlyphRemapper;

/// Where Debian keeps CJK TrueType fonts; the first one present is used unless the office names
/// one (`PORTAL_PDF_FONT`). Collections are searched for their Taiwanese face.
pub const FONT_CANDIDATES: [&str; 4] = [
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
];

/// A TrueType font with Chinese glyphs, read once at start.
pub struct PdfFont {
    data: Vec<u8>,
    index: u32,
    pub family: String,
    postscript: String,
}

impl std::fmt::Debug for PdfFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PdfFont({} #{})", self.family, self.index)
    }
}

fn name_of(face: &ttf_parser::Face, id: u16) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == id)
        .find_map(|n| n.to_string())
}

impl PdfFont {
    /// Opens a font file; in a collection, the face whose name says Taiwan (TW) or Traditional
    /// Chinese (TC), else the first. Only TrueType outlines are taken.
    pub fn open(path: &Path) -> Result<PdfFont, String> {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        let mut chosen = None;
        for index in 0..count {
            let face = ttf_parser::Face::parse(&data, index)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let family = name_of(&face, ttf_parser::name_id::FAMILY).unwrap_or_default();
            let taiwanese = family.ends_with(" TW") || family.contains(" TC");
            if chosen.is_none() || taiwanese {
                if face.tables().glyf.is_none() {
                    return Err(format!(
                        "{}: only TrueType (glyf) fonts can be embedded",
                        path.display()
                    ));
                }
                if face.glyph_index('戶').is_none() {
                    return Err(format!("{}: has no Chinese glyphs", path.display()));
                }
                let postscript = name_of(&face, ttf_parser::name_id::POST_SCRIPT_NAME)
                    .unwrap_or_else(|| family.replace(' ', ""));
                chosen = Some((index, family, postscript));
                if taiwanese {
                    break;
                }
            }
        }
        let (index, family, postscript) = chosen.ok_or("no font in the file")?;
        Ok(PdfFont {
            data,
            index,
            family,
            postscript: postscript
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect(),
        })
    }

    /// The configured font, or the first of [`FONT_CANDIDATES`] present.
    pub fn find(configured: Option<&Path>) -> Result<PdfFont, String> {
        if let Some(path) = configured {
            return PdfFont::open(path);
        }
        FONT_CANDIDATES
            .iter()
            .map(Path::new)
            .filter(|p| p.exists())
            .find_map(|p| PdfFont::open(p).ok())
            .ok_or_else(|| {
                "no CJK TrueType font found (install fonts-arphic-uming or set PORTAL_PDF_FONT)"
                    .to_string()
            })
    }

    fn face(&self) -> ttf_parser::Face<'_> {
        // Checked in `open`.
        ttf_parser::Face::parse(&self.data, self.index).expect("font parsed at start")
    }
}

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 56.7;
const RIGHT: f32 = PAGE_W - 56.7;
const TOP: f32 = PAGE_H - 51.0;
const BOTTOM: f32 = 62.0;
const WIDTH: f32 = RIGHT - LEFT;
const LABEL_W: f32 = 150.0;
const PAD: f32 = 5.0;
const FONT: Name = Name(b"F1");

struct Writer<'f> {
    face: ttf_parser::Face<'f>,
    upem: f32,
    remap: GlyphRemapper,
    /// New glyph id → the character it shows and its advance (1/1000 em).
    used: BTreeMap<u16, (char, f32)>,
    pages: Vec<Content>,
    page: Content,
    y: f32,
}

impl<'f> Writer<'f> {
    fn advance(&self, c: char, size: f32) -> f32 {
        let gid = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        self.face.glyph_hor_advance(gid).unwrap_or(0) as f32 / self.upem * size
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, size)).sum()
    }

    /// Lines of at most `width`: Chinese breaks anywhere, other words at spaces, and closing
    /// punctuation never starts a line.
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut w = 0.0;
            for c in paragraph.chars() {
                let a = self.advance(c, size);
                let closing = "，。、；：？！）」』》,.;:?!)".contains(c);
                if w + a > width && !line.is_empty() && !closing {
                    let mut carry = String::new();
                    if c.is_ascii_alphanumeric()
                        && let Some(space) = line.rfind(' ')
                        && line[space..]
                            .chars()
                            .all(|c| c.is_ascii_graphic() || c == ' ')
                    {
                        carry = line[space + 1..].to_string();
                        line.truncate(space);
                    }
                    lines.push(std::mem::take(&mut line));
                    w = self.width(&carry, size);
                    line = carry;
                }
                line.push(c);
                w += a;
            }
            lines.push(line);
        }
        lines
    }

    fn text(&mut self, x: f32, y: f32, size: f32, gray: f32, text: &str) {
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let gid = self.face.glyph_index(c).map(|g| g.0).unwrap_or(0);
            let new = self.remap.remap(gid);
            let advance = self
                .face
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(0) as f32
                / self.upem
                * 1000.0;
            self.used.entry(new).or_insert((c, advance));
            bytes.extend_from_slice(&new.to_be_bytes());
        }
        self.page
            .begin_text()
            .set_fill_gray(gray)
            .set_font(FONT, size)
            .next_line(x, y)
            .show(Str(&bytes))
            .end_text();
    }

    fn new_page(&mut self) {
        let done = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(done);
        self.y = TOP;
    }

    fn room(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    fn paragraph(&mut self, text: &str, size: f32, gray: f32, center: bool) {
        for line in self.wrap(text, size, WIDTH) {
            self.room(size * 1.5);
            let x = if center {
                LEFT + (WIDTH - self.width(&line, size)) / 2.0
            } else {
                LEFT
            };
            self.y -= size * 1.35;
            self.text(x, self.y, size, gray, &line);
        }
        self.y -= size * 0.3;
    }

    fn boxed(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.page
            .set_line_width(0.6)
            .set_stroke_gray(0.0)
            .rect(x, top - h, w, h)
            .stroke();
    }

    /// The label cell's lines: the label at 10.5 pt, the hint under it at 8 pt.
    fn label_lines(&self, label: &str, hint: &Option<String>) -> Vec<(String, f32)> {
        let mut lines: Vec<(String, f32)> = self
            .wrap(label, 10.5, LABEL_W - 2.0 * PAD)
            .into_iter()
            .map(|l| (l, 10.5))
            .collect();
        if let Some(h) = hint {
            lines.extend(
                self.wrap(h, 8.0, LABEL_W - 2.0 * PAD)
                    .into_iter()
                    .map(|l| (l, 8.0)),
            );
        }
        lines
    }

    fn lines_height(lines: &[(String, f32)]) -> f32 {
        lines.iter().map(|(_, s)| s * 1.3).sum::<f32>() + 2.0 * PAD
    }

    fn draw_lines(&mut self, x: f32, top: f32, lines: &[(String, f32)], gray_small: bool) {
        let mut y = top - PAD;
        for (line, size) in lines {
            y -= size * 1.2;
            let gray = if gray_small && *size < 10.0 { 0.3 } else { 0.0 };
            self.text(x + PAD, y, *size, gray, line);
            y -= size * 0.1;
        }
    }

    fn row(&mut self, label: &str, hint: &Option<String>, value: &[(String, f32)], min: f32) {
        let label_lines = self.label_lines(label, hint);
        let h = Self::lines_height(&label_lines)
            .max(Self::lines_height(value))
            .max(min);
        self.room(h);
        let top = self.y;
        self.boxed(LEFT, top, LABEL_W, h);
        self.boxed(LEFT + LABEL_W, top, WIDTH - LABEL_W, h);
        self.draw_lines(LEFT, top, &label_lines, true);
        self.draw_lines(LEFT + LABEL_W, top, value, false);
        self.y -= h;
    }

    fn choice_row(&mut self, label: &str, hint: &Option<String>, options: &[(String, bool)]) {
        let label_lines = self.label_lines(label, hint);
        let size = 10.5;
        let space = WIDTH - LABEL_W - 2.0 * PAD;
        // Lay the options out in lines: a box, its label, a gap.
        let mut rows: Vec<Vec<(f32, &str, bool)>> = vec![Vec::new()];
        let mut x = 0.0;
        for (text, on) in options {
            let w = 14.0 + self.width(text, size) + 12.0;
            if x + w > space && x > 0.0 {
                rows.push(Vec::new());
                x = 0.0;
            }
            if let Some(last) = rows.last_mut() {
                last.push((x, text.as_str(), *on));
            }
            x += w;
        }
        let h = Self::lines_height(&label_lines)
            .max(rows.len() as f32 * size * 1.6 + 2.0 * PAD)
            .max(26.0);
        self.room(h);
        let top = self.y;
        self.boxed(LEFT, top, LABEL_W, h);
        self.boxed(LEFT + LABEL_W, top, WIDTH - LABEL_W, h);
        self.draw_lines(LEFT, top, &label_lines, true);
        let mut y = top - PAD;
        for row in rows {
            y -= size * 1.6;
            for (dx, text, on) in row {
                let bx = LEFT + LABEL_W + PAD + dx;
                self.page
                    .set_line_width(0.6)
                    .rect(bx, y - 1.0, 9.0, 9.0)
                    .stroke();
                if on {
                    self.page
                        .set_line_width(1.4)
                        .move_to(bx + 1.5, y + 3.5)
                        .line_to(bx + 3.8, y + 0.8)
                        .line_to(bx + 8.0, y + 7.5)
                        .stroke();
                }
                self.text(bx + 13.0, y, size, 0.0, text);
            }
        }
        self.y -= h;
    }

    fn table(&mut self, columns: &[String], filled: &[Vec<String>], rows: usize) {
        let col_w = WIDTH / columns.len().max(1) as f32;
        let header = |w: &mut Writer| {
            let lines: Vec<Vec<String>> = columns
                .iter()
                .map(|c| w.wrap(c, 9.5, col_w - 2.0 * PAD))
                .collect();
            let h = lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * 12.5 + 2.0 * PAD;
            w.room(h + 24.0);
            let top = w.y;
            for (i, ls) in lines.iter().enumerate() {
                let x = LEFT + i as f32 * col_w;
                w.page
                    .set_fill_gray(0.92)
                    .rect(x, top - h, col_w, h)
                    .fill_nonzero();
                w.boxed(x, top, col_w, h);
                let mut y = top - PAD;
                for l in ls {
                    y -= 11.0;
                    w.text(x + PAD, y, 9.5, 0.0, l);
                    y -= 1.5;
                }
            }
            w.y -= h;
        };
        header(self);
        for r in 0..rows.max(filled.len()) {
            let cells: Vec<Vec<String>> = (0..columns.len())
                .map(|c| {
                    let v = filled.get(r).and_then(|f| f.get(c)).map(String::as_str);
                    self.wrap(v.unwrap_or(""), 10.0, col_w - 2.0 * PAD)
                })
                .collect();
            let h =
                (cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * 13.0 + 2.0 * PAD).max(24.0);
            if self.y - h < BOTTOM {
                self.new_page();
                header(self);
            }
            let top = self.y;
            for (i, ls) in cells.iter().enumerate() {
                let x = LEFT + i as f32 * col_w;
                self.boxed(x, top, col_w, h);
                let mut y = top - PAD;
                for l in ls {
                    y -= 11.0;
                    self.text(x + PAD, y, 10.0, 0.0, l);
                    y -= 2.0;
                }
            }
            self.y -= h;
        }
    }
}

/// Six capital letters naming the subset (PDF 9.6.4), from the glyphs it holds.
fn subset_tag(used: &BTreeMap<u16, (char, f32)>) -> String {
    let mut hash: u32 = 2_166_136_261;
    for c in used.values().map(|(c, _)| *c) {
        hash = (hash ^ c as u32).wrapping_mul(16_777_619);
    }
    (0..6)
        .map(|i| (b'A' + ((hash >> (i * 5)) % 26) as u8) as char)
        .collect()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// The form as a PDF.
pub fn pdf(doc: &Doc, font: &PdfFont) -> Result<Vec<u8>, String> {
    let face = font.face();
    let upem = face.units_per_em() as f32;
    let mut w = Writer {
        face,
        upem,
        remap: GlyphRemapper::new(),
        used: BTreeMap::new(),
        pages: Vec::new(),
        page: Content::new(),
        y: TOP,
    };
    w.paragraph(&doc.office, 11.0, 0.0, true);
    w.paragraph(&doc.meta.title, 18.0, 0.0, true);
    if let Some(reference) = &doc.reference {
        w.paragraph(doc.texts.filled_note, 9.5, 0.2, false);
        w.paragraph(
            &format!("{} {reference}", doc.texts.office_fields[0]),
            9.5,
            0.2,
            false,
        );
    }
    for part in &doc.parts {
        w.y -= 6.0;
        w.room(60.0);
        w.paragraph(&part.title, 12.5, 0.0, false);
        if let Some(lead) = &part.lead {
            w.paragraph(lead, 9.5, 0.2, false);
        }
        for item in &part.items {
            match item {
                Item::Field {
                    label,
                    hint,
                    value,
                    lines,
                } => {
                    let value_lines: Vec<(String, f32)> = w
                        .wrap(value, 11.0, WIDTH - LABEL_W - 2.0 * PAD)
                        .into_iter()
                        .filter(|l| !l.is_empty())
                        .map(|l| (l, 11.0))
                        .collect();
                    let min = match lines {
                        0 | 1 => 28.0,
                        2..=3 => 68.0,
                        _ => 118.0,
                    };
                    w.row(label, hint, &value_lines, min);
                }
                Item::Choice {
                    label,
                    hint,
                    options,
                } => w.choice_row(label, hint, options),
                Item::Table {
                    label,
                    hint,
                    columns,
                    filled,
                    rows,
                } => {
                    w.y -= 4.0;
                    w.room(80.0);
                    w.paragraph(label, 10.5, 0.0, false);
                    if let Some(h) = hint {
                        w.paragraph(h, 8.0, 0.3, false);
                    }
                    w.table(columns, filled, *rows);
                }
            }
        }
    }
    // The declaration, the signature line and the office's box stay together.
    w.y -= 10.0;
    w.room(170.0);
    w.paragraph(doc.texts.declaration, 10.5, 0.0, false);
    w.y -= 22.0;
    let sig_y = w.y;
    w.text(LEFT, sig_y, 10.5, 0.0, doc.texts.signature);
    let sig_x = LEFT + w.width(doc.texts.signature, 10.5) + 4.0;
    w.page
        .set_line_width(0.6)
        .move_to(sig_x, sig_y - 3.0)
        .line_to(sig_x + 150.0, sig_y - 3.0)
        .stroke();
    let date_w = w.width(doc.texts.date_line, 10.5);
    w.text(
        RIGHT - date_w.max(120.0),
        sig_y,
        10.5,
        0.0,
        doc.texts.date_line,
    );
    w.y -= 24.0;
    w.paragraph(doc.texts.office_use, 9.5, 0.2, false);
    let office_cols: Vec<String> = doc
        .texts
        .office_fields
        .iter()
        .map(|s| s.to_string())
        .collect();
    let reference_row = vec![doc.reference.clone().unwrap_or_default()];
    w.table(&office_cols, std::slice::from_ref(&reference_row), 1);
    w.new_page();

    // The page footers, now that the number of pages is known.
    let drawn = std::mem::take(&mut w.pages);
    let total = drawn.len();
    let mut pages = Vec::with_capacity(total);
    for (n, page) in drawn.into_iter().enumerate() {
        let footer = format!(
            "{} · {} · {} {}/{total}",
            doc.meta.title,
            doc.texts.version,
            doc.texts.page,
            n + 1
        );
        let fw = w.width(&footer, 8.0);
        w.page = page;
        w.text((PAGE_W - fw) / 2.0, 34.0, 8.0, 0.35, &footer);
        pages.push(std::mem::replace(&mut w.page, Content::new()));
    }
    let Writer {
        remap, used, face, ..
    } = w;

    let subset = subsetter::subset(&font.data, font.index, &remap)
        .map_err(|e| format!("subsetting the font: {e:?}"))?;

    let mut alloc = Ref::new(1);
    let mut next = || alloc.bump();
    let catalog = next();
    let tree = next();
    let info = next();
    let type0 = next();
    let cid = next();
    let descriptor = next();
    let file = next();
    let cmap_id = next();
    let page_ids: Vec<(Ref, Ref)> = (0..total).map(|_| (next(), next())).collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    let lang = doc.meta.language;
    pdf.catalog(catalog).pages(tree).lang(TextStr(lang));
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(total as i32);
    let keywords = doc.meta.keywords.join(", ");
    pdf.document_info(info)
        .title(TextStr(&doc.meta.title))
        .author(TextStr(&doc.meta.creator))
        .subject(TextStr(&doc.meta.description))
        .keywords(TextStr(&keywords))
        .creator(TextStr(&doc.meta.identifier))
        .producer(TextStr("household-registration-portal"));
    let base = format!("{}+{}", subset_tag(&used), font.postscript);
    pdf.type0_font(type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap_id);
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    {
        let mut cid_font = pdf.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type2)
            .base_font(Name(base.as_bytes()))
            .system_info(system_info)
            .font_descriptor(descriptor)
            .default_width(1000.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        let max = used.keys().next_back().copied().unwrap_or(0);
        let widths: Vec<f32> = (0..=max)
            .map(|g| used.get(&g).map(|(_, a)| *a).unwrap_or(0.0))
            .collect();
        cid_font.widths().consecutive(0, widths);
        cid_font.finish();
    }
    let bbox = face.global_bounding_box();
    let scale = 1000.0 / upem;
    pdf.font_descriptor(descriptor)
        .name(Name(base.as_bytes()))
        .flags(FontFlags::SYMBOLIC | FontFlags::SERIF)
        .bbox(Rect::new(
            bbox.x_min as f32 * scale,
            bbox.y_min as f32 * scale,
            bbox.x_max as f32 * scale,
            bbox.y_max as f32 * scale,
        ))
        .italic_angle(0.0)
        .ascent(face.ascender() as f32 * scale)
        .descent(face.descender() as f32 * scale)
        .cap_height(face.capital_height().unwrap_or(face.ascender()) as f32 * scale)
        .stem_v(80.0)
        .font_file2(file);
    let compressed = deflate(&subset);
    pdf.stream(file, &compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
    for (g, (c, _)) in &used {
        cmap.pair(*g, *c);
    }
    let cmap = cmap.finish();
    pdf.cmap(cmap_id, &cmap);

    for ((page_id, content_id), content) in page_ids.iter().zip(pages) {
        let mut page = pdf.page(*page_id);
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .contents(*content_id);
        page.resources().fonts().pair(FONT, type0);
        page.finish();
        let data = deflate(&content.finish());
        pdf.stream(*content_id, &data).filter(Filter::FlateDecode);
    }
    Ok(pdf.finish())
}
