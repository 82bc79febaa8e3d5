//! 網站導覽: every page, made from the router's own route list so it cannot drift.

use crate::components::Page;
use crate::site::{PAGES, children_of, is_staff, page_context, site_page};
use leptos::prelude::*;

#[component]
pub fn SitemapPage() -> impl IntoView {
    let ctx = page_context();
    let t = ctx.t();
    let routes = ctx.routes.clone();
    let top: Vec<_> = PAGES
        .iter()
        // Pages made from data (a `:parameter` in the path) are listed from their data instead.
        .filter(|p| {
            p.parent.is_none()
                && !is_staff(p.path)
                && !p.path.contains(':')
                && routes.iter().any(|r| r == p.path)
        })
        .collect();
    // Routes the table does not know still appear, under their path, so nothing served is hidden.
    let unlisted: Vec<String> = routes
        .iter()
        .filter(|r| site_page(r).is_none() && !is_staff(r))
        .cloned()
        .collect();
    view! {
        <Page path="/sitemap">
            <p>{t.sitemap_intro}</p>
            <ul class="sitemap">
                {top
                    .into_iter()
                    .map(|p| {
                        // Each child, then its own children (the mailbox's lookup, the plan …).
                        let mut children: Vec<(String, String)> = children_of(p.path)
                            .flat_map(|c| std::iter::once(c).chain(children_of(c.path)))
                            .filter(|c| routes.iter().any(|r| r == c.path))
                            .map(|c| (c.path.to_string(), (c.text)(t).title.to_string()))
                            .collect();
                        if p.path == "/services" {
                            children.extend(
                                ctx.services
                                    .services
                                    .iter()
                                    .map(|s| (format!("/services/{}", s.code), s.name.get(ctx.lang()).to_string())),
                            );
                        }
                        if p.path == "/about" {
                            // The call display of each service point with counters.
                            children.extend(
                                ctx.office
                                    .locations
                                    .iter()
                                    .filter(|l| l.seats_per_slot() > 0)
                                    .map(|l| {
                                        (
                                            format!("/display/{}", l.id),
                                            format!("{}：{}", t.staff.display.title, l.name.get(ctx.lang())),
                                        )
                                    }),
                            );
                        }
                        view! {
                            <li>
                                <a href=p.path>{(p.text)(t).title}</a>
                                {(!children.is_empty())
                                    .then(|| {
                                        view! {
                                            <ul>
                                                {children
                                                    .into_iter()
                                                    .map(|(path, title)| {
                                                        view! {
                                                            <li>
                                                                <a href=path>{title}</a>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
                {unlisted
                    .into_iter()
                    .map(|r| view! { <li><a href=r.clone()>{r.clone()}</a></li> })
                    .collect_view()}
            </ul>
        </Page>
    }
}
