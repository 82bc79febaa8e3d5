//! The pages editors write: 公告訊息 (by category, with feeds), 常見問答 (by topic) and the
//! section pages (戶政資訊, 便民服務, 霧峰鄉情, 志工園地, 專區服務), rendered from the
//! `ContentView` the server prepared.

use crate::components::Page;
use crate::content::{CATEGORIES, ContentView, Item, Kind, SECTIONS, TOPICS, find_section};
use crate::dates::{date_of_unix, format_date, iso_date};
use crate::i18n::Lang;
use crate::pages::not_found::NotFoundPage;
use crate::site::{from_request, page_context};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Link;

/// An item's Markdown body as HTML (made safe by the server).
fn body_html(item: &Item, lang: Lang) -> String {
    #[cfg(feature = "ssr")]
    {
        crate::content::ssr::markdown(item.body.get(lang))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (item, lang);
        String::new()
    }
}

fn date_of(item: &Item) -> time::Date {
    date_of_unix(item.publish_at.unwrap_or(item.updated_at))
}

/// The feed links a page advertises (`<link rel="alternate">`).
#[component]
fn FeedLinks(category: Option<String>) -> impl IntoView {
    let t = page_context().t();
    let query = category
        .map(|c| format!("?category={c}"))
        .unwrap_or_default();
    view! {
        <Link rel="alternate" type_="application/rss+xml" title=format!("{} (RSS)", t.news.title) href=format!("/feeds/news.rss{query}") />
        <Link rel="alternate" type_="application/atom+xml" title=format!("{} (Atom)", t.news.title) href=format!("/feeds/news.atom{query}") />
    }
}

#[component]
pub fn ContentPage() -> impl IntoView {
    match from_request::<ContentView>() {
        Some(ContentView::News {
            items,
            category,
            page,
            more,
        }) => view! { <News items category page more /> }.into_any(),
        Some(ContentView::Announcement(item)) => {
            view! { <Single item=*item path="/news/:slug" /> }.into_any()
        }
        Some(ContentView::Faq { items }) => view! { <Faq items /> }.into_any(),
        Some(ContentView::Section { section, items }) => {
            view! { <SectionList section items /> }.into_any()
        }
        Some(ContentView::Page(item)) => {
            view! { <Single item=*item path="/info/:section/:slug" /> }.into_any()
        }
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

#[component]
fn News(items: Vec<Item>, category: Option<String>, page: u32, more: bool) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let heading = category
        .as_deref()
        .and_then(|c| find_section(Kind::Announcement, c))
        .map(|c| {
            (
                format!("{}：{}", t.news.title, c.name(lang)),
                t.news.description.to_string(),
            )
        })
        .unwrap_or_else(|| (t.news.title.to_string(), t.news.description.to_string()));
    let base = category
        .as_ref()
        .map(|c| format!("/news?category={c}&"))
        .unwrap_or_else(|| "/news?".into());
    let body = view! {
        <FeedLinks category=category.clone() />
        <nav aria-label=t.categories_label>
            <ul class="filters">
                <li>
                    <a href="/news" aria-current=category.is_none().then_some("page")>{t.all_types}</a>
                </li>
                {CATEGORIES
                    .iter()
                    .map(|c| {
                        let here = (category.as_deref() == Some(c.code)).then_some("page");
                        view! {
                            <li>
                                <a href=format!("/news?category={}", c.code) aria-current=here>{c.name(lang)}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
        {if items.is_empty() {
            Either::Left(view! { <p>{t.no_items}</p> })
        } else {
            Either::Right(view! {
                <ul class="news-list">
                    {items
                        .into_iter()
                        .map(|item| {
                            let day = date_of(&item);
                            let category = find_section(Kind::Announcement, &item.section).map(|c| c.name(lang)).unwrap_or_default();
                            view! {
                                <li>
                                    <time datetime=iso_date(day)>{format_date(lang, day)}</time>
                                    " "
                                    <span class="tag">{category}</span>
                                    " "
                                    <a href=item.path()>{item.title.get(lang).to_string()}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            })
        }}
        <nav class="pager" aria-label=t.page_n.replacen("{}", &page.to_string(), 1).replacen(" {}", "", 1)>
            {(page > 1).then(|| view! { <a href=format!("{base}page={}", page - 1) rel="prev">{t.previous_page}</a> })}
            {more.then(|| view! { <a href=format!("{base}page={}", page + 1) rel="next">{t.next_page}</a> })}
        </nav>
        <p>
            <a href="/feeds">{t.feeds.title}</a>
        </p>
    }
    .into_any();
    view! { <Page path="/news" heading>{body}</Page> }
}

#[component]
fn Single(item: Item, path: &'static str) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let heading = (
        item.title.get(lang).to_string(),
        crate::content::ssr_free_summary(item.body.get(lang)),
    );
    let html = body_html(&item, lang);
    let day = date_of(&item);
    let updated = date_of_unix(item.updated_at);
    view! {
        <Page path heading updated>
            {(item.kind == Kind::Announcement).then(|| view! { <FeedLinks category=None /> })}
            <p class="caption">
                {t.published_label} "："
                <time datetime=iso_date(day)>{format_date(lang, day)}</time>
                {item.sample.then(|| view! { " " {t.sample_item} })}
            </p>
            <div class="prose" inner_html=html></div>
            {(!item.attachments.is_empty())
                .then(|| {
                    view! {
                        <h2>{t.staff.attachments_heading}</h2>
                        <ul class="link-list">
                            {item
                                .attachments
                                .iter()
                                .map(|a| view! { <li><a href=a.path()>{a.name.clone()}</a> {format!(" ({} KB)", (a.size + 1023) / 1024)}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
        </Page>
    }
}

#[component]
fn Faq(items: Vec<Item>) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    view! {
        <Page path="/faq">
            <nav aria-label=t.categories_label>
                <ul class="filters">
                    {TOPICS
                        .iter()
                        .filter(|topic| items.iter().any(|i| i.section == topic.code))
                        .map(|topic| view! { <li><a href=format!("#topic-{}", topic.code)>{topic.name(lang)}</a></li> })
                        .collect_view()}
                </ul>
            </nav>
            {TOPICS
                .iter()
                .filter(|topic| items.iter().any(|i| i.section == topic.code))
                .map(|topic| {
                    let entries: Vec<Item> = items.iter().filter(|i| i.section == topic.code).cloned().collect();
                    view! {
                        <section aria-labelledby=format!("topic-{}", topic.code)>
                            <h2 id=format!("topic-{}", topic.code)>{topic.name(lang)}</h2>
                            {entries
                                .into_iter()
                                .map(|item| {
                                    let html = body_html(&item, lang);
                                    view! {
                                        <details id=item.slug.clone() class="faq">
                                            <summary>{item.title.get(lang).to_string()}</summary>
                                            <div class="prose" inner_html=html></div>
                                        </details>
                                    }
                                })
                                .collect_view()}
                        </section>
                    }
                })
                .collect_view()}
        </Page>
    }
}

#[component]
fn SectionList(section: String, items: Vec<Item>) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let name = find_section(Kind::Page, &section)
        .map(|s| s.name(lang))
        .unwrap_or(t.info.title);
    let heading = (name.to_string(), t.info.description.to_string());
    view! {
        <Page path="/info/:section" heading>
            <nav aria-label=t.categories_label>
                <ul class="filters">
                    {SECTIONS
                        .iter()
                        .map(|s| {
                            let here = (s.code == section).then_some("page");
                            view! { <li><a href=format!("/info/{}", s.code) aria-current=here>{s.name(lang)}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </nav>
            {if items.is_empty() {
                Either::Left(view! { <p>{t.no_items}</p> })
            } else {
                Either::Right(view! {
                    <ul class="link-list">
                        {items
                            .into_iter()
                            .map(|item| view! { <li><a href=item.path()>{item.title.get(lang).to_string()}</a></li> })
                            .collect_view()}
                    </ul>
                })
            }}
        </Page>
    }
}
