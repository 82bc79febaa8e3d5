//! The catalogue in DCAT (DCAT-AP terms), as one set of triples written two ways: JSON-LD and
//! Turtle. The catalogue is paged as ckanext-dcat does it (hydra:PagedCollection), so harvesters
//! that read CKAN's DCAT endpoints read this one.

use super::{Dataset, FORMATS, LICENSE_URL, group_of};
use crate::office::Office;
use serde_json::{Map, Value, json};

const PREFIXES: [(&str, &str); 8] = [
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("hydra", "http://www.w3.org/ns/hydra/core#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
];

/// The object of a triple.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Obj {
    Iri(String),
    /// A prefixed name such as `dcat:Dataset`.
    Name(&'static str),
    Text(String, Option<&'static str>),
    Typed(String, &'static str),
}

/// Triples in the order they were added; subjects are IRIs or `_:` blank nodes.
#[derive(Default)]
pub struct Graph {
    triples: Vec<(String, &'static str, Obj)>,
}

impl Graph {
    fn add(&mut self, s: &str, p: &'static str, o: Obj) {
        self.triples.push((s.to_string(), p, o));
    }

    fn text(&mut self, s: &str, p: &'static str, zh: &str, en: &str) {
        self.add(s, p, Obj::Text(zh.to_string(), Some("zh-TW")));
        if !en.is_empty() && en != zh {
            self.add(s, p, Obj::Text(en.to_string(), Some("en")));
        }
    }

    fn subjects(&self) -> Vec<&str> {
        let mut seen = Vec::new();
        for (s, _, _) in &self.triples {
            if !seen.contains(&s.as_str()) {
                seen.push(s.as_str());
            }
        }
        seen
    }

    pub fn turtle(&self) -> String {
        let mut out = String::new();
        for (p, iri) in PREFIXES {
            out.push_str(&format!("@prefix {p}: <{iri}> .\n"));
        }
        for s in self.subjects() {
            out.push('\n');
            out.push_str(&node(s));
            let mut first = true;
            for (_, p, o) in self.triples.iter().filter(|(x, _, _)| x == s) {
                out.push_str(if first { "\n    " } else { " ;\n    " });
                first = false;
                let p = if *p == "rdf:type" { "a" } else { p };
                out.push_str(&format!("{p} {}", turtle_obj(o)));
            }
            out.push_str(" .\n");
        }
        out
    }

    pub fn json_ld(&self) -> Value {
        let context: Map<String, Value> = PREFIXES
            .iter()
            .map(|(p, iri)| (p.to_string(), Value::from(*iri)))
            .collect();
        let nodes: Vec<Value> = self
            .subjects()
            .into_iter()
            .map(|s| {
                let mut node = Map::new();
                node.insert("@id".into(), Value::from(s));
                for (_, p, o) in self.triples.iter().filter(|(x, _, _)| x == s) {
                    let (key, value) = if *p == "rdf:type" {
                        let Obj::Name(n) = o else { continue };
                        ("@type".to_string(), Value::from(*n))
                    } else {
                        (p.to_string(), json_obj(o))
                    };
                    match node.get_mut(&key) {
                        Some(Value::Array(list)) => list.push(value),
                        _ => {
                            node.insert(key, Value::Array(vec![value]));
                        }
                    }
                }
                Value::Object(node)
            })
            .collect();
        json!({"@context": context, "@graph": nodes})
    }
}

fn node(s: &str) -> String {
    if s.starts_with("_:") {
        s.to_string()
    } else {
        format!("<{}>", iri_escape(s))
    }
}

fn iri_escape(iri: &str) -> String {
    iri.chars()
        .map(|c| match c {
            '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' | ' ' => {
                format!("%{:02X}", c as u32)
            }
            c => c.to_string(),
        })
        .collect()
}

fn literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn turtle_obj(o: &Obj) -> String {
    match o {
        Obj::Iri(iri) => node(iri),
        Obj::Name(n) => n.to_string(),
        Obj::Text(t, Some(lang)) => format!("{}@{lang}", literal(t)),
        Obj::Text(t, None) => literal(t),
        Obj::Typed(t, ty) => format!("{}^^{ty}", literal(t)),
    }
}

fn json_obj(o: &Obj) -> Value {
    match o {
        Obj::Iri(iri) => json!({"@id": iri}),
        Obj::Name(n) => json!({"@id": n}),
        Obj::Text(t, Some(lang)) => json!({"@value": t, "@language": lang}),
        Obj::Text(t, None) => json!({"@value": t}),
        Obj::Typed(t, ty) => json!({"@value": t, "@type": ty}),
    }
}

fn date_time(unix: i64) -> Obj {
    Obj::Typed(
        format!("{}+08:00", super::api::iso(unix + 8 * 3600)),
        "xsd:dateTime",
    )
}

fn publisher(g: &mut Graph, office: &Office, base: &str) -> String {
    let id = format!("{base}/#office");
    g.add(&id, "rdf:type", Obj::Name("foaf:Organization"));
    g.text(&id, "foaf:name", &office.name.zh, &office.name.en);
    g.add(&id, "foaf:homepage", Obj::Iri(format!("{base}/")));
    id
}

/// The triples of one dataset (and its distributions), its IRI being its page.
pub fn dataset(g: &mut Graph, d: &Dataset, office: &Office, base: &str, publisher_id: &str) {
    let id = format!("{base}{}", d.path());
    g.add(&id, "rdf:type", Obj::Name("dcat:Dataset"));
    g.add(&id, "dct:identifier", Obj::Text(d.name.clone(), None));
    g.text(&id, "dct:title", &d.title.zh, &d.title.en);
    g.text(&id, "dct:description", &d.notes.zh, &d.notes.en);
    for k in &d.keywords {
        g.add(&id, "dcat:keyword", Obj::Text(k.clone(), Some("zh-TW")));
    }
    if let Some(group) = group_of(&d.group) {
        g.add(
            &id,
            "dcat:theme",
            Obj::Iri(format!("{base}/opendata?group={}", group.code)),
        );
    }
    g.add(&id, "dct:issued", date_time(d.created_at));
    g.add(&id, "dct:modified", date_time(d.modified_at));
    g.add(&id, "dct:publisher", Obj::Iri(publisher_id.to_string()));
    g.text(
        &id,
        "dct:accrualPeriodicity",
        &d.frequency.zh,
        &d.frequency.en,
    );
    g.add(&id, "dcat:landingPage", Obj::Iri(id.clone()));
    g.add(&id, "dct:license", Obj::Iri(LICENSE_URL.into()));
    let contact = format!("_:contact-{}", d.name);
    g.add(&id, "dcat:contactPoint", Obj::Iri(contact.clone()));
    g.add(&contact, "rdf:type", Obj::Name("vcard:Organization"));
    g.add(
        &contact,
        "vcard:fn",
        Obj::Text(format!("{} {}", office.name.zh, d.contact), Some("zh-TW")),
    );
    if !d.contact_email.is_empty() {
        g.add(
            &contact,
            "vcard:hasEmail",
            Obj::Iri(format!("mailto:{}", d.contact_email)),
        );
    }
    if let Some(r) = &d.resource {
        for (ext, mime) in FORMATS {
            let url = format!("{base}{}", d.resource_path(ext));
            let dist = format!("{url}#distribution");
            g.add(&id, "dcat:distribution", Obj::Iri(dist.clone()));
            g.add(&dist, "rdf:type", Obj::Name("dcat:Distribution"));
            g.text(
                &dist,
                "dct:title",
                &format!("{}（{}）", d.title.zh, ext.to_uppercase()),
                &format!("{} ({})", d.title.en, ext.to_uppercase()),
            );
            g.add(&dist, "dcat:accessURL", Obj::Iri(url.clone()));
            g.add(&dist, "dcat:downloadURL", Obj::Iri(url));
            g.add(
                &dist,
                "dcat:mediaType",
                Obj::Text(mime.split(';').next().unwrap_or(mime).to_string(), None),
            );
            g.add(&dist, "dct:format", Obj::Text(ext.to_uppercase(), None));
            g.add(&dist, "dct:license", Obj::Iri(LICENSE_URL.into()));
            g.add(&dist, "dct:modified", date_time(r.uploaded_at));
            if ext == "csv" {
                g.add(
                    &dist,
                    "dcat:byteSize",
                    Obj::Typed(r.size.to_string(), "xsd:decimal"),
                );
            }
        }
    }
}

/// One dataset's graph.
pub fn one(d: &Dataset, office: &Office, base: &str) -> Graph {
    let mut g = Graph::default();
    let publisher_id = publisher(&mut g, office, base);
    dataset(&mut g, d, office, base, &publisher_id);
    g
}

/// Datasets per catalogue page.
pub const PER_PAGE: usize = 20;

/// A page (from 1) of the catalogue: the catalogue, its datasets, and where the other pages
/// are. `ext` is the format the page links use (`jsonld` or `ttl`).
pub fn catalog(all: &[Dataset], page: usize, office: &Office, base: &str, ext: &str) -> Graph {
    let mut g = Graph::default();
    let catalog = format!("{base}/opendata");
    let publisher_id = publisher(&mut g, office, base);
    g.add(&catalog, "rdf:type", Obj::Name("dcat:Catalog"));
    g.text(
        &catalog,
        "dct:title",
        &format!("{} 資料開放專區", office.name.zh),
        &format!("{} open data", office.name.en),
    );
    g.text(
        &catalog,
        "dct:description",
        &office.description.zh,
        &office.description.en,
    );
    g.add(&catalog, "dct:publisher", Obj::Iri(publisher_id.clone()));
    g.add(
        &catalog,
        "foaf:homepage",
        Obj::Iri(format!("{base}/opendata")),
    );
    g.add(&catalog, "dct:language", Obj::Text("zh-TW".into(), None));
    g.add(&catalog, "dct:license", Obj::Iri(LICENSE_URL.into()));
    if let Some(m) = all.iter().map(|d| d.modified_at).max() {
        g.add(&catalog, "dct:modified", date_time(m));
    }
    let shown: Vec<&Dataset> = all
        .iter()
        .skip((page.max(1) - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    for d in &shown {
        g.add(
            &catalog,
            "dcat:dataset",
            Obj::Iri(format!("{base}{}", d.path())),
        );
    }
    let last = all.len().div_ceil(PER_PAGE).max(1);
    let url = |n: usize| format!("{base}/catalog.{ext}?page={n}");
    let here = url(page);
    g.add(&here, "rdf:type", Obj::Name("hydra:PagedCollection"));
    g.add(
        &here,
        "hydra:totalItems",
        Obj::Typed(all.len().to_string(), "xsd:integer"),
    );
    g.add(
        &here,
        "hydra:itemsPerPage",
        Obj::Typed(PER_PAGE.to_string(), "xsd:integer"),
    );
    g.add(&here, "hydra:firstPage", Obj::Text(url(1), None));
    g.add(&here, "hydra:lastPage", Obj::Text(url(last), None));
    if page > 1 {
        g.add(&here, "hydra:previousPage", Obj::Text(url(page - 1), None));
    }
    if page < last {
        g.add(&here, "hydra:nextPage", Obj::Text(url(page + 1), None));
    }
    for d in shown {
        dataset(&mut g, d, office, base, &publisher_id);
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_iris_are_escaped() {
        let mut g = Graph::default();
        g.add(
            "http://x/a b",
            "dct:title",
            Obj::Text("他說\"好\"\n\\".into(), Some("zh-TW")),
        );
        g.add("_:b", "rdf:type", Obj::Name("dcat:Dataset"));
        let ttl = g.turtle();
        assert!(
            ttl.contains("<http://x/a%20b>\n    dct:title \"他說\\\"好\\\"\\n\\\\\"@zh-TW ."),
            "{ttl}"
        );
        assert!(ttl.contains("_:b\n    a dcat:Dataset ."));
        let ld = g.json_ld();
        assert_eq!(ld["@graph"][1]["@type"], json!(["dcat:Dataset"]));
    }
}
