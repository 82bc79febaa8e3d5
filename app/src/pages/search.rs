//! 全文檢索: the search form and its results (GET /search?q=…&type=…&page=…), without
//! JavaScript. Matches are highlighted with <mark>; an empty or odd query gets a helpful page.

use crate::components::Page;
use crate::dates::{date_of_unix, format_date, iso_date};
use crate::search::{DocType, SearchView};
use crate::site::{from_request, page_context};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn SearchPage() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let view = from_request::<SearchView>().unwrap_or(SearchView {
        query: String::new(),
        doc_type: None,
        hits: Vec::new(),
        total: 0,
        page: 1,
        pages: 0,
        nothing_to_search: true,
    });
    let q = view.query.clone();
    let encoded = |q: &str| {
        q.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    let base = format!("/search?q={}", encoded(&q));
    let type_param = view
        .doc_type
        .map(|d| format!("&type={}", d.code()))
        .unwrap_or_default();
    view! {
        <Page path="/search">
            <form method="get" action="/search" role="search" class="search-form">
                <label for="search-q">{t.search_label}</label>
                <p class="hint" id="search-hint">{t.search_hint}</p>
                <div class="search-row">
                    <input type="search" id="search-q" name="q" value=q.clone() aria-describedby="search-hint" maxlength="200" />
                    <button type="submit" class="primary">{t.search_button}</button>
                </div>
            </form>
            {if view.nothing_to_search {
                Either::Left(view! { <p>{t.search_empty}</p> })
            } else {
                Either::Right(view! {
                    <nav aria-label=t.categories_label>
                        <ul class="filters">
                            <li>
                                <a href=base.clone() aria-current=view.doc_type.is_none().then_some("page")>{t.all_types}</a>
                            </li>
                            {DocType::ALL
                                .iter()
                                .map(|d| {
                                    let here = (view.doc_type == Some(*d)).then_some("page");
                                    view! { <li><a href=format!("{base}&type={}", d.code()) aria-current=here>{d.label(lang)}</a></li> }
                                })
                                .collect_view()}
                        </ul>
                    </nav>
                    <p role="status">{t.search_results.replace("{}", &view.total.to_string())}</p>
                    {if view.hits.is_empty() {
                        Either::Left(view! {
                            <p>{t.search_none.replace("{}", &q)}</p>
                            <p>{t.search_tips}</p>
                            <ul class="link-list">
                                <li><a href="/services">{t.services.title}</a></li>
                                <li><a href="/faq">{t.faq.title}</a></li>
                                <li><a href="/news">{t.news.title}</a></li>
                                <li><a href="/sitemap">{t.sitemap.title}</a></li>
                            </ul>
                        })
                    } else {
                        Either::Right(view! {
                            <ol class="results">
                                {view
                                    .hits
                                    .iter()
                                    .cloned()
                                    .map(|hit| {
                                        let day = hit.date.map(date_of_unix);
                                        view! {
                                            <li>
                                                <h2><a href=hit.path.clone()>{hit.title.clone()}</a></h2>
                                                <p class="caption">
                                                    {hit.doc_type.label(lang)}
                                                    {day.map(|d| view! { " · " <time datetime=iso_date(d)>{format_date(lang, d)}</time> })}
                                                </p>
                                                <p>
                                                    {hit
                                                        .snippet
                                                        .into_iter()
                                                        .map(|(text, marked)| {
                                                            if marked {
                                                                Either::Left(view! { <mark>{text}</mark> })
                                                            } else {
                                                                Either::Right(view! { {text} })
                                                            }
                                                        })
                                                        .collect_view()}
                                                </p>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                            <nav class="pager" aria-label=t.page_n.replacen("{}", &view.page.to_string(), 1).replacen("{}", &view.pages.to_string(), 1)>
                                <span>{t.page_n.replacen("{}", &view.page.to_string(), 1).replacen("{}", &view.pages.to_string(), 1)}</span>
                                {(view.page > 1).then(|| view! { <a href=format!("{base}{type_param}&page={}", view.page - 1) rel="prev">{t.previous_page}</a> })}
                                {(view.page < view.pages).then(|| view! { <a href=format!("{base}{type_param}&page={}", view.page + 1) rel="next">{t.next_page}</a> })}
                            </nav>
                        })
                    }}
                })
            }}
        </Page>
    }
}
