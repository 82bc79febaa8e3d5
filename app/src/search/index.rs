//! The search index: text folded (full-width to half-width, lower case, Traditional and
//! Simplified Chinese to one form), Chinese split into single characters and character pairs
//! (so a word inside a longer word is found: 簡單 in 安裝簡單), English words stemmed, and
//! editors' synonyms tried as alternatives. Every pair of a Chinese query must be present;
//! a match in the title outweighs any number of matches in the body.

use super::{DocType, Hit};
use crate::i18n::{L10n, Lang};
use std::collections::{HashMap, HashSet};

/// A document to index.
#[derive(Clone, Debug)]
pub struct Doc {
    pub title: L10n,
    /// Plain text.
    pub text: L10n,
    pub path: String,
    pub doc_type: DocType,
    pub date: Option<i64>,
}

const STOP_WORDS: [&str; 24] = [
    "a", "an", "and", "are", "at", "can", "do", "does", "for", "how", "i", "in", "is", "it", "my",
    "of", "on", "or", "the", "to", "what", "when", "where", "with",
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// One character folded: half-width, lower case; Chinese is folded by `fold` as a whole
/// (its Simplified form depends on the neighbours).
fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    c.to_lowercase().next().unwrap_or(c)
}

/// The text folded, one character for one character (so positions still match the original).
pub fn fold(text: &str) -> Vec<char> {
    let half: String = text.chars().map(fold_char).collect();
    let simplified = fast2s::convert(&half);
    let folded: Vec<char> = simplified.chars().collect();
    if folded.len() == text.chars().count() {
        folded
    } else {
        half.chars().collect()
    }
}

thread_local! {
    static STEMMER: rust_stemmers::Stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
}

fn stem(word: &str) -> String {
    STEMMER.with(|s| s.stem(word).into_owned())
}

/// A query's parts: each Chinese run (its pairs must all match) or English word (stemmed).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Cjk(Vec<char>),
    Word(String),
}

fn parts(folded: &[char]) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let c = folded[i];
        if is_cjk(c) {
            let start = i;
            while i < folded.len() && is_cjk(folded[i]) {
                i += 1;
            }
            parts.push(Part::Cjk(folded[start..i].to_vec()));
        } else if c.is_alphanumeric() {
            let start = i;
            while i < folded.len() && folded[i].is_alphanumeric() && !is_cjk(folded[i]) {
                i += 1;
            }
            let word: String = folded[start..i].iter().collect();
            parts.push(Part::Word(word));
        } else {
            i += 1;
        }
    }
    parts
}

/// The index tokens of a part: a Chinese run's characters and pairs, a word's stem.
fn part_tokens(part: &Part, for_query: bool) -> Vec<String> {
    match part {
        Part::Cjk(chars) if chars.len() == 1 => vec![chars[0].to_string()],
        Part::Cjk(chars) => {
            let pairs = chars.windows(2).map(|w| w.iter().collect::<String>());
            if for_query {
                pairs.collect()
            } else {
                pairs.chain(chars.iter().map(|c| c.to_string())).collect()
            }
        }
        Part::Word(word) => vec![format!("w:{}", stem(word))],
    }
}

fn tokens(text: &str) -> Vec<String> {
    parts(&fold(text))
        .iter()
        .flat_map(|p| part_tokens(p, false))
        .collect()
}

#[derive(Default)]
pub struct Index {
    docs: Vec<Doc>,
    /// Token → (document, title count, body count).
    postings: HashMap<String, Vec<(u32, u16, u16)>>,
    /// Each group of synonyms, folded.
    synonyms: Vec<Vec<String>>,
}

impl Index {
    pub fn build(docs: Vec<Doc>, synonyms: &[Vec<String>]) -> Index {
        let mut postings: HashMap<String, HashMap<u32, (u16, u16)>> = HashMap::new();
        for (n, doc) in docs.iter().enumerate() {
            let n = n as u32;
            for title in [&doc.title.zh, &doc.title.en] {
                for t in tokens(title) {
                    let e = postings.entry(t).or_default().entry(n).or_default();
                    e.0 = e.0.saturating_add(1);
                }
            }
            for text in [&doc.text.zh, &doc.text.en] {
                for t in tokens(text) {
                    let e = postings.entry(t).or_default().entry(n).or_default();
                    e.1 = e.1.saturating_add(1);
                }
            }
        }
        Index {
            postings: postings
                .into_iter()
                .map(|(t, m)| (t, m.into_iter().map(|(d, (a, b))| (d, a, b)).collect()))
                .collect(),
            docs,
            synonyms: synonyms
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|w| fold(w).into_iter().collect::<String>())
                        .filter(|w| !w.trim().is_empty())
                        .collect()
                })
                .filter(|g: &Vec<String>| g.len() > 1)
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The query and its synonym variants (each a folded string).
    fn variants(&self, folded: &str) -> Vec<String> {
        let mut out = vec![folded.to_string()];
        for group in &self.synonyms {
            for word in group {
                if folded.contains(word.as_str()) {
                    for other in group.iter().filter(|o| *o != word) {
                        let variant = folded.replace(word.as_str(), other);
                        if !out.contains(&variant) {
                            out.push(variant);
                        }
                    }
                }
            }
        }
        out
    }

    /// Scores of the documents holding every token.
    fn matching(&self, tokens: &[String]) -> HashMap<u32, f64> {
        let total = self.docs.len().max(1) as f64;
        let mut scores: Option<HashMap<u32, f64>> = None;
        let unique: HashSet<&String> = tokens.iter().collect();
        for token in unique {
            let Some(list) = self.postings.get(token) else {
                return HashMap::new();
            };
            let idf = (1.0 + total / list.len() as f64).ln();
            let these: HashMap<u32, f64> = list
                .iter()
                .map(|(d, title, body)| {
                    // A match in the title outweighs any number in the body; repeats in the
                    // body count less and less.
                    let (t, b) = (f64::from(*title), f64::from(*body));
                    (*d, idf * (2.0 * t / (t + 0.5) + b / (b + 1.2)))
                })
                .collect();
            scores = Some(match scores {
                None => these,
                Some(prev) => prev
                    .into_iter()
                    .filter_map(|(d, s)| these.get(&d).map(|t| (d, s + t)))
                    .collect(),
            });
        }
        scores.unwrap_or_default()
    }

    /// Searches; every hit, best first (`None` when the query had nothing to search for).
    pub fn search(&self, query: &str, doc_type: Option<DocType>, lang: Lang) -> Option<Vec<Hit>> {
        self.search_page(query, doc_type, lang, 0, usize::MAX)
            .map(|(_, hits)| hits)
    }

    /// Searches; how many hits there are, and `limit` of them from `offset` (snippets are made
    /// only for those).
    pub fn search_page(
        &self,
        query: &str,
        doc_type: Option<DocType>,
        lang: Lang,
        offset: usize,
        limit: usize,
    ) -> Option<(usize, Vec<Hit>)> {
        let query: String = query.chars().take(200).collect();
        let folded: String = fold(&query).into_iter().collect();
        if parts(&folded.chars().collect::<Vec<_>>()).is_empty() {
            return None;
        }
        let mut best: HashMap<u32, f64> = HashMap::new();
        let mut surfaces: Vec<Vec<char>> = Vec::new();
        for variant in self.variants(&folded) {
            let all = parts(&variant.chars().collect::<Vec<_>>());
            // Little English words are left out of the query, unless they are all it has.
            let vparts: Vec<Part> = match all
                .iter()
                .filter(|p| !matches!(p, Part::Word(w) if STOP_WORDS.contains(&w.as_str())))
                .cloned()
                .collect::<Vec<_>>()
            {
                kept if kept.is_empty() => all,
                kept => kept,
            };
            let tokens: Vec<String> = vparts.iter().flat_map(|p| part_tokens(p, true)).collect();
            for (d, s) in self.matching(&tokens) {
                let e = best.entry(d).or_default();
                *e = e.max(s);
            }
            for p in vparts {
                surfaces.push(match p {
                    Part::Cjk(chars) => chars,
                    Part::Word(w) => stem(&w).chars().collect(),
                });
            }
        }
        let mut ranked: Vec<(u32, f64)> = best
            .into_iter()
            .filter(|(d, _)| doc_type.is_none_or(|t| self.docs[*d as usize].doc_type == t))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let total = ranked.len();
        Some((
            total,
            ranked
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|(d, _)| {
                    let doc = &self.docs[d as usize];
                    let text = doc.text.get(lang);
                    Hit {
                        title: doc.title.get(lang).to_string(),
                        path: doc.path.clone(),
                        doc_type: doc.doc_type,
                        date: doc.date,
                        snippet: snippet(text, &surfaces),
                    }
                })
                .collect(),
        ))
    }
}

/// About 80 characters of the text around the first match, matches marked.
fn snippet(text: &str, surfaces: &[Vec<char>]) -> Vec<(String, bool)> {
    let original: Vec<char> = text.chars().collect();
    let folded = fold(text);
    let mut marked = vec![false; folded.len()];
    for s in surfaces.iter().filter(|s| !s.is_empty()) {
        let mut i = 0;
        while i + s.len() <= folded.len() {
            if folded[i..i + s.len()] == s[..] {
                marked[i..i + s.len()].iter_mut().for_each(|m| *m = true);
                i += s.len();
            } else {
                i += 1;
            }
        }
    }
    let first = marked.iter().position(|m| *m).unwrap_or(0);
    let start = first.saturating_sub(30);
    let end = (start + 90).min(original.len());
    let mut pieces: Vec<(String, bool)> = Vec::new();
    if start > 0 {
        pieces.push(("…".into(), false));
    }
    for i in start..end {
        match pieces.last_mut() {
            Some((text, m)) if *m == marked[i] && text != "…" => text.push(original[i]),
            _ => pieces.push((original[i].to_string(), marked[i])),
        }
    }
    if end < original.len() {
        pieces.push(("…".into(), false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str, path: &str) -> Doc {
        Doc {
            title: L10n::new(title, ""),
            text: L10n::new(text, ""),
            path: path.into(),
            doc_type: DocType::Page,
            date: None,
        }
    }

    fn paths(index: &Index, q: &str) -> Vec<String> {
        index
            .search(q, None, Lang::ZhTw)
            .unwrap_or_default()
            .into_iter()
            .map(|h| h.path)
            .collect()
    }

    fn index() -> Index {
        Index::build(
            vec![
                doc("安裝說明", "本系統安裝簡單，三步完成。", "/a"),
                doc("案件進度", "待處理的案件會在三個工作天內處理。", "/b"),
                doc("國民身分證換發", "換發國民身分證須準備相片。", "/c"),
                doc("Opening hours", "We are open on working days.", "/d"),
            ],
            &[vec!["身分證".into(), "身份證".into()]],
        )
    }

    #[test]
    fn words_inside_longer_words_are_found() {
        let i = index();
        assert_eq!(paths(&i, "簡單"), ["/a"]);
        assert_eq!(paths(&i, "處理"), ["/b"]);
    }

    #[test]
    fn simplified_queries_find_traditional_text() {
        let i = index();
        assert_eq!(paths(&i, "简单"), ["/a"]);
        assert_eq!(paths(&i, "国民身分证"), ["/c"]);
    }

    #[test]
    fn synonyms_and_english_stems_match() {
        let i = index();
        assert_eq!(paths(&i, "身份證"), ["/c"]);
        assert_eq!(paths(&i, "open"), ["/d"]);
        assert_eq!(paths(&i, "OPENING"), ["/d"]);
        assert_eq!(paths(&i, "ｏｐｅｎ"), ["/d"], "full-width letters");
        assert_eq!(
            paths(&i, "what are the opening hours"),
            ["/d"],
            "little words are left out"
        );
    }

    #[test]
    fn odd_queries_are_answered_not_refused() {
        let i = index();
        assert!(i.search("", None, Lang::ZhTw).is_none());
        assert!(i.search("！？、。", None, Lang::ZhTw).is_none());
        assert!(i.search("\"*:(", None, Lang::ZhTw).is_none());
        assert_eq!(paths(&i, "不存在的詞"), Vec::<String>::new());
        let long = "處理".repeat(500);
        assert!(i.search(&long, None, Lang::ZhTw).is_some());
    }

    #[test]
    fn snippets_mark_the_match() {
        let i = index();
        let hits = i.search("簡單", None, Lang::ZhTw).unwrap_or_default();
        assert!(
            hits[0].snippet.contains(&("簡單".to_string(), true)),
            "{:?}",
            hits[0].snippet
        );
    }
}
