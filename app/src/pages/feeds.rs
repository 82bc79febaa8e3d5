//! RSS訂閱: what feeds are, and the office's feeds (all announcements, each category, pages).

use crate::components::Page;
use crate::content::CATEGORIES;
use crate::site::page_context;
use leptos::prelude::*;

#[component]
pub fn FeedsPage() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let mut feeds: Vec<(String, String)> =
        vec![(t.feed_all.to_string(), "/feeds/news".to_string())];
    feeds.extend(CATEGORIES.iter().map(|c| {
        (
            format!("{}：{}", t.news.title, c.name(lang)),
            format!("/feeds/news?category={}", c.code),
        )
    }));
    feeds.push((t.feed_pages.to_string(), "/feeds/pages".to_string()));
    feeds.push((t.forms.feed.to_string(), "/feeds/forms".to_string()));
    feeds.push((t.opendata.feed.to_string(), "/feeds/opendata".to_string()));
    feeds.push((
        t.suggestions.feed.to_string(),
        "/feeds/suggestions".to_string(),
    ));
    view! {
        <Page path="/feeds">
            <p>{t.feeds_intro}</p>
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.feeds.title}</th>
                        <th scope="col">"RSS 2.0"</th>
                        <th scope="col">"Atom"</th>
                    </tr>
                </thead>
                <tbody>
                    {feeds
                        .into_iter()
                        .map(|(name, path)| {
                            let (base, query) = path.split_once('?').map(|(b, q)| (b.to_string(), format!("?{q}"))).unwrap_or((path.clone(), String::new()));
                            view! {
                                <tr>
                                    <th scope="row">{name.clone()}</th>
                                    <td><a href=format!("{base}.rss{query}")>{format!("{name} (RSS)")}</a></td>
                                    <td><a href=format!("{base}.atom{query}")>{format!("{name} (Atom)")}</a></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </Page>
    }
}
