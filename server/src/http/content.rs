//! The content pages (公告訊息, 常見問答, 戶政資訊 …), search, the RSS and Atom feeds,
//! sitemap.xml and robots.txt. The search index is kept here: built from the database on start
//! and rebuilt when what citizens can see changes (at once on this instance after an edit, and
//! within `REFRESH` on every other instance, so several instances agree).

use super::AppState;
use super::booking::render_with;
use super::page_context::prefs_of;
use app::content::ssr as store;
use app::content::{ContentView, Item, Kind, find_section};
use app::error::AppError;
use app::i18n::{L10n, Lang};
use app::search::index::{Doc, Index};
use app::search::{DocType, PER_PAGE, SearchView};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::{Arc, Mutex, RwLock};
use time::OffsetDateTime;

/// How often each instance checks whether content changed elsewhere.
pub const REFRESH: std::time::Duration = std::time::Duration::from_secs(20);

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn internal(error: AppError) -> Response {
    (error.status(), error.message(Lang::ZhTw)).into_response()
}

/// The search index of this instance, and what it was built from.
#[derive(Default)]
pub struct SearchState {
    index: RwLock<Arc<Index>>,
    built_from: Mutex<Option<(i64, i64, i64)>>,
}

impl SearchState {
    pub fn index(&self) -> Arc<Index> {
        self.index
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Rebuilds the index now, whatever it was built from.
    pub async fn force_refresh(
        &self,
        pool: &app::db::Pool,
        services: &app::services::Catalogue,
    ) -> Result<bool, AppError> {
        *self
            .built_from
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
        self.refresh(pool, services).await
    }

    /// Rebuilds the index when the visible content (or the synonyms) changed; true if it did.
    pub async fn refresh(
        &self,
        pool: &app::db::Pool,
        services: &app::services::Catalogue,
    ) -> Result<bool, AppError> {
        let now = now();
        let signature = store::signature(pool, now).await?;
        if *self
            .built_from
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            == Some(signature)
        {
            return Ok(false);
        }
        let items = store::all_visible(pool, now).await?;
        let synonyms = store::synonyms(pool).await?;
        let index = Arc::new(Index::build(documents(&items, services), &synonyms));
        *self
            .index
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = index;
        *self
            .built_from
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(signature);
        Ok(true)
    }
}

/// What the search covers: visible content, the online services and the catalogue's forms.
pub fn documents(items: &[Item], services: &app::services::Catalogue) -> Vec<Doc> {
    let mut docs: Vec<Doc> = items
        .iter()
        .map(|item| Doc {
            title: item.title.clone(),
            text: L10n::new(
                store::plain_text(&item.body.zh),
                store::plain_text(&item.body.en),
            ),
            path: item.path(),
            doc_type: match item.kind {
                Kind::Announcement => DocType::Announcement,
                Kind::Faq => DocType::Faq,
                Kind::Page => DocType::Page,
            },
            date: (item.kind == Kind::Announcement)
                .then_some(item.publish_at)
                .flatten(),
        })
        .collect();
    for s in &services.services {
        let join = |lang: Lang| {
            let mut parts = vec![
                s.summary.get(lang).to_string(),
                s.who.get(lang).to_string(),
                s.fees.get(lang).to_string(),
            ];
            parts.extend(s.bring.get(lang).iter().cloned());
            parts.extend(s.items.iter().map(|i| i.name.get(lang).to_string()));
            parts.join(" ")
        };
        docs.push(Doc {
            title: s.name.clone(),
            text: L10n::new(join(Lang::ZhTw), join(Lang::En)),
            path: format!("/services/{}", s.code),
            doc_type: DocType::Service,
            date: None,
        });
    }
    for e in &app::paper::ENTRIES {
        let text = |lang: Lang| {
            let mut parts = vec![e.description.get(lang).to_string()];
            if lang == Lang::ZhTw {
                parts.extend(e.keywords.iter().map(|k| k.to_string()));
            }
            parts.join(" ")
        };
        docs.push(Doc {
            title: L10n::new(e.title.zh, e.title.en),
            text: L10n::new(text(Lang::ZhTw), text(Lang::En)),
            path: format!("/forms/{}", e.slug),
            doc_type: DocType::Form,
            date: None,
        });
    }
    docs
}

/// Keeps the index in step with the database until shutdown.
pub async fn run_refresher(state: AppState, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(REFRESH) => {}
            _ = shutdown.changed() => return,
        }
        if let Err(e) = state.search.refresh(&state.pool, &state.services).await {
            tracing::warn!(error = %e, "search: could not refresh the index");
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    page: String,
}

fn page_number(text: &str) -> u32 {
    text.parse::<u32>().unwrap_or(1).clamp(1, 10_000)
}

/// GET /news
pub async fn news(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    request: Request,
) -> Response {
    let category = find_section(Kind::Announcement, &query.category).map(|c| c.code.to_string());
    let page = page_number(&query.page);
    let per = 10_i64;
    match store::visible(
        &state.pool,
        Kind::Announcement,
        category.as_deref(),
        now(),
        per + 1,
        i64::from(page - 1) * per,
    )
    .await
    {
        Ok(mut items) => {
            let more = items.len() as i64 > per;
            items.truncate(per as usize);
            let view = ContentView::News {
                items,
                category,
                page,
                more,
            };
            render_with(&state, request, view, StatusCode::OK).await
        }
        Err(e) => internal(e),
    }
}

/// GET /news/{slug}
pub async fn announcement(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    request: Request,
) -> Response {
    match store::visible_one(&state.pool, Kind::Announcement, &slug, now()).await {
        Ok(Some(mut item)) => {
            item.attachments = store::attachments(&state.pool, &item.id)
                .await
                .unwrap_or_default();
            render_with(
                &state,
                request,
                ContentView::Announcement(Box::new(item)),
                StatusCode::OK,
            )
            .await
        }
        Ok(None) => super::not_found(&state, request).await,
        Err(e) => internal(e),
    }
}

/// GET /faq
pub async fn faq(State(state): State<AppState>, request: Request) -> Response {
    match store::visible(&state.pool, Kind::Faq, None, now(), 1000, 0).await {
        Ok(mut items) => {
            items.sort_by(|a, b| a.title.zh.cmp(&b.title.zh));
            render_with(&state, request, ContentView::Faq { items }, StatusCode::OK).await
        }
        Err(e) => internal(e),
    }
}

/// GET /info and /info/{section}
pub async fn section(
    State(state): State<AppState>,
    section: Option<Path<String>>,
    request: Request,
) -> Response {
    let section = match section {
        Some(Path(code)) => match find_section(Kind::Page, &code) {
            Some(s) => s.code.to_string(),
            None => return super::not_found(&state, request).await,
        },
        None => String::new(),
    };
    let filter = Some(section.as_str()).filter(|s| !s.is_empty());
    match store::visible(&state.pool, Kind::Page, filter, now(), 1000, 0).await {
        Ok(mut items) => {
            items.sort_by(|a, b| {
                (a.section.as_str(), &a.title.zh).cmp(&(b.section.as_str(), &b.title.zh))
            });
            render_with(
                &state,
                request,
                ContentView::Section { section, items },
                StatusCode::OK,
            )
            .await
        }
        Err(e) => internal(e),
    }
}

/// GET /info/{section}/{slug}
pub async fn page(
    State(state): State<AppState>,
    Path((section, slug)): Path<(String, String)>,
    request: Request,
) -> Response {
    match store::visible_one(&state.pool, Kind::Page, &slug, now()).await {
        Ok(Some(mut item)) if item.section == section => {
            item.attachments = store::attachments(&state.pool, &item.id)
                .await
                .unwrap_or_default();
            render_with(
                &state,
                request,
                ContentView::Page(Box::new(item)),
                StatusCode::OK,
            )
            .await
        }
        Ok(_) => super::not_found(&state, request).await,
        Err(e) => internal(e),
    }
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "type")]
    doc_type: String,
    #[serde(default)]
    page: String,
}

/// GET /search?q=…&type=…&page=…
pub async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
    request: Request,
) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let q: String = query.q.chars().take(200).collect();
    let doc_type = DocType::from_code(&query.doc_type);
    let page = page_number(&query.page) as usize;
    let index = state.search.index();
    let found = index.search_page(&q, doc_type, lang, (page - 1) * PER_PAGE, PER_PAGE);
    // A page past the end shows the last one.
    let found = match found {
        Some((total, hits)) if hits.is_empty() && total > 0 => {
            let last = total.div_ceil(PER_PAGE);
            index.search_page(&q, doc_type, lang, (last - 1) * PER_PAGE, PER_PAGE)
        }
        other => other,
    };
    let view = match found {
        None => SearchView {
            query: q,
            doc_type,
            hits: Vec::new(),
            total: 0,
            page: 1,
            pages: 0,
            nothing_to_search: true,
        },
        Some((total, hits)) => {
            let pages = total.div_ceil(PER_PAGE).max(1);
            SearchView {
                query: q,
                doc_type,
                hits,
                total,
                page: page.min(pages),
                pages,
                nothing_to_search: false,
            }
        }
    };
    render_with(&state, request, view, StatusCode::OK).await
}

pub(super) use super::site_url::base_url;

fn xml_escape(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            other => other.to_string(),
        })
        .collect()
}

fn taipei(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(app::dates::TAIPEI)
}

fn rfc3339(unix: i64) -> String {
    taipei(unix)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn rfc2822(unix: i64) -> String {
    taipei(unix)
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap_or_default()
}

#[derive(Deserialize, Default)]
pub struct FeedQuery {
    #[serde(default)]
    category: String,
}

/// GET /feeds/{name}: news, pages, forms, opendata and suggestions, each `.rss` or `.atom`
/// (news with ?category=).
pub async fn feed(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<FeedQuery>,
    request: Request,
) -> Response {
    let lang = prefs_of(request.headers()).lang;
    let t = lang.t();
    let (what, format) = match name.rsplit_once('.') {
        Some((
            what @ ("news" | "pages" | "forms" | "opendata" | "suggestions"),
            format @ ("rss" | "atom"),
        )) => (what, format),
        _ => return super::not_found(&state, request).await,
    };
    let base = base_url(&state, request.headers());
    let office = match state.office.office().await {
        Ok(o) => o,
        Err(e) => return internal(e),
    };
    // The catalogue-like feeds: their entries, name, description and page.
    let listing = match what {
        "opendata" => Some((
            opendata_feed(&state, &base, lang).await,
            t.opendata.feed,
            t.opendata.catalogue.description,
            "/opendata",
        )),
        "forms" => Some((
            forms_feed(&state, &base, lang).await,
            t.forms.feed,
            t.forms.page.description,
            "/forms",
        )),
        "suggestions" => Some((
            suggestions_feed(&state, &base).await,
            t.suggestions.feed,
            t.suggestions.page.description,
            "/suggestions",
        )),
        _ => None,
    };
    if let Some((entries, name, description, page)) = listing {
        return match entries {
            Ok(entries) => {
                let channel = Channel {
                    title: format!("{name} | {}", office.name.get(lang)),
                    description: description.to_string(),
                    self_url: format!("{base}/feeds/{what}.{format}"),
                    page_url: format!("{base}{page}"),
                    author: office.name.get(lang).to_string(),
                    language: lang,
                    fallback_updated: office.updated_at,
                };
                feed_response(format, &channel, &entries)
            }
            Err(e) => internal(e),
        };
    }
    let category = if what == "news" {
        find_section(Kind::Announcement, &query.category)
    } else {
        None
    };
    let items = match what {
        "news" => {
            store::visible(
                &state.pool,
                Kind::Announcement,
                category.map(|c| c.code),
                now(),
                50,
                0,
            )
            .await
        }
        _ => store::visible(&state.pool, Kind::Page, None, now(), 1000, 0)
            .await
            .map(|mut items| {
                items.sort_by_key(|i| std::cmp::Reverse(i.updated_at));
                items.truncate(50);
                items
            }),
    };
    let items = match items {
        Ok(items) => items,
        Err(e) => return internal(e),
    };
    let title = match (what, category) {
        ("news", Some(c)) => format!(
            "{}：{} | {}",
            t.news.title,
            c.name(lang),
            office.name.get(lang)
        ),
        ("news", None) => format!("{} | {}", t.news.title, office.name.get(lang)),
        _ => format!("{} | {}", t.feed_pages, office.name.get(lang)),
    };
    let query_part = category
        .map(|c| format!("?category={}", c.code))
        .unwrap_or_default();
    let page_url = if what == "news" {
        format!("{base}/news{query_part}")
    } else {
        format!("{base}/info")
    };
    let entries: Vec<FeedEntry> = items
        .iter()
        .map(|item| FeedEntry {
            title: item.title.get(lang).to_string(),
            link: format!("{base}{}", item.path()),
            id: format!("urn:portal:{}:{}", item.kind.code(), item.id),
            published: item.publish_at.unwrap_or(item.updated_at),
            updated: if what == "news" {
                item.updated_at.max(item.publish_at.unwrap_or(0))
            } else {
                item.updated_at
            },
            summary: store::plain_text(item.body.get(lang))
                .chars()
                .take(300)
                .collect(),
        })
        .collect();
    let channel = Channel {
        title,
        description: t.news.description.to_string(),
        self_url: format!("{base}/feeds/{what}.{format}{query_part}"),
        page_url,
        author: office.name.get(lang).to_string(),
        language: lang,
        fallback_updated: office.updated_at,
    };
    feed_response(format, &channel, &entries)
}

/// A feed's channel.
struct Channel {
    title: String,
    description: String,
    self_url: String,
    page_url: String,
    author: String,
    language: Lang,
    fallback_updated: i64,
}

/// One entry of a feed.
struct FeedEntry {
    title: String,
    link: String,
    id: String,
    published: i64,
    updated: i64,
    summary: String,
}

/// The published datasets, last changed first.
async fn opendata_feed(
    state: &AppState,
    base: &str,
    lang: Lang,
) -> Result<Vec<FeedEntry>, AppError> {
    let mut datasets = app::opendata::ssr::list(&state.pool, false).await?;
    datasets.sort_by_key(|d| std::cmp::Reverse(d.modified_at));
    Ok(datasets
        .iter()
        .map(|d| FeedEntry {
            title: d.title.get(lang).to_string(),
            link: format!("{base}{}", d.path()),
            id: format!("urn:portal:dataset:{}:{}", d.name, d.modified_at),
            published: d.created_at,
            updated: d.modified_at,
            summary: d.notes.get(lang).to_string(),
        })
        .collect())
}

/// The adopted suggestions, last changed first (their published words, in Chinese as written).
async fn suggestions_feed(state: &AppState, base: &str) -> Result<Vec<FeedEntry>, AppError> {
    let mut adopted = app::suggestions::ssr::published(&state.pool).await?;
    adopted.sort_by_key(|a| std::cmp::Reverse(a.updated_at));
    Ok(adopted
        .iter()
        .map(|a| FeedEntry {
            title: a.title.clone(),
            link: format!("{base}/suggestions#{}", a.number),
            id: format!("urn:portal:suggestion:{}:{}", a.number, a.updated_at),
            published: a
                .adopted
                .midnight()
                .assume_offset(app::dates::TAIPEI)
                .unix_timestamp(),
            updated: a.updated_at,
            summary: a.change.clone(),
        })
        .collect())
}

/// The catalogue's forms (each version's day) and the uploaded ones, newest first.
async fn forms_feed(state: &AppState, base: &str, lang: Lang) -> Result<Vec<FeedEntry>, AppError> {
    let mut entries: Vec<FeedEntry> = app::paper::ENTRIES
        .iter()
        .map(|e| {
            let day = e
                .version_date()
                .midnight()
                .assume_offset(app::dates::TAIPEI)
                .unix_timestamp();
            FeedEntry {
                title: e.title.get(lang).to_string(),
                link: format!("{base}/forms/{}", e.slug),
                id: e.identifier(),
                published: day,
                updated: day,
                summary: e.description.get(lang).to_string(),
            }
        })
        .collect();
    for u in app::paper::ssr::list(&state.pool, false).await? {
        entries.push(FeedEntry {
            title: u.title.get(lang).to_string(),
            link: format!("{base}{}", u.href()),
            id: format!("urn:portal:form-upload:{}:{}", u.id, u.updated_at),
            published: u.updated_at,
            updated: u.updated_at,
            summary: u.description.get(lang).to_string(),
        });
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.updated));
    entries.truncate(50);
    Ok(entries)
}

fn feed_response(format: &str, c: &Channel, entries: &[FeedEntry]) -> Response {
    let newest = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(c.fallback_updated);
    let language = if c.language == Lang::ZhTw {
        "zh-TW"
    } else {
        "en"
    };
    let body = if format == "rss" {
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{language}</language>\n<lastBuildDate>{}</lastBuildDate>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
            xml_escape(&c.title),
            xml_escape(&c.page_url),
            xml_escape(&c.description),
            rfc2822(newest),
            xml_escape(&c.self_url),
        );
        for e in entries {
            xml.push_str(&format!(
                "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"false\">{}</guid>\n<pubDate>{}</pubDate>\n<description>{}</description>\n</item>\n",
                xml_escape(&e.title),
                xml_escape(&e.link),
                xml_escape(&e.id),
                rfc2822(e.published),
                xml_escape(&e.summary),
            ));
        }
        xml.push_str("</channel>\n</rss>\n");
        xml
    } else {
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{language}\">\n<title>{}</title>\n<id>{}</id>\n<updated>{}</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<author><name>{}</name></author>\n",
            xml_escape(&c.title),
            xml_escape(&c.self_url),
            rfc3339(newest),
            xml_escape(&c.self_url),
            xml_escape(&c.page_url),
            xml_escape(&c.author),
        );
        for e in entries {
            xml.push_str(&format!(
                "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
                xml_escape(&e.title),
                xml_escape(&e.id),
                xml_escape(&e.link),
                rfc3339(e.published),
                rfc3339(e.updated),
                xml_escape(&e.summary),
            ));
        }
        xml.push_str("</feed>\n");
        xml
    };
    let content_type = if format == "rss" {
        "application/rss+xml; charset=utf-8"
    } else {
        "application/atom+xml; charset=utf-8"
    };
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// GET /sitemap.xml: every public page, every service, every visible item.
pub async fn sitemap_xml(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&state, &headers);
    let items = match store::all_visible(&state.pool, now()).await {
        Ok(items) => items,
        Err(e) => return internal(e),
    };
    let mut urls: Vec<(String, Option<i64>)> = app::site::PAGES
        .iter()
        .filter(|p| !p.path.contains(':') && !app::site::is_staff(p.path))
        .map(|p| (p.path.to_string(), None))
        .collect();
    urls.extend(
        state
            .services
            .services
            .iter()
            .map(|s| (format!("/services/{}", s.code), None)),
    );
    match app::opendata::ssr::list(&state.pool, false).await {
        Ok(datasets) => urls.extend(datasets.iter().map(|d| (d.path(), Some(d.modified_at)))),
        Err(e) => return internal(e),
    }
    urls.extend(
        app::paper::ENTRIES
            .iter()
            .map(|e| (format!("/forms/{}", e.slug), None)),
    );
    urls.extend(
        items
            .iter()
            .filter(|i| i.kind != Kind::Faq)
            .map(|i| (i.path(), Some(i.updated_at))),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, updated) in urls {
        xml.push_str(&format!(
            "<url><loc>{}</loc>",
            xml_escape(&format!("{base}{path}"))
        ));
        if let Some(updated) = updated {
            xml.push_str(&format!("<lastmod>{}</lastmod>", rfc3339(updated)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

/// GET /robots.txt
pub async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&state, &headers);
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("User-agent: *\nDisallow: /staff\nDisallow: /book/\nDisallow: /apply/\nDisallow: /bookings/\n\nSitemap: {base}/sitemap.xml\n"),
    )
        .into_response()
}

/// GET /files/{id}/{name}: an attachment of content citizens can see now.
pub async fn file(
    State(state): State<AppState>,
    Path((id, _name)): Path<(String, String)>,
    request: Request,
) -> Response {
    serve_file(&state, &id, false, request).await
}

/// An attachment as a download (`any`: also of content not yet visible, for editors).
pub async fn serve_file(state: &AppState, id: &str, any: bool, request: Request) -> Response {
    match store::file(&state.pool, id, now(), any).await {
        Ok(Some((name, content_type, bytes))) => {
            let inline = content_type.starts_with("image/") || content_type == "application/pdf";
            super::download(&content_type, &name, inline, "public, max-age=3600", bytes)
        }
        Ok(None) => super::not_found(state, request).await,
        Err(e) => internal(e),
    }
}
