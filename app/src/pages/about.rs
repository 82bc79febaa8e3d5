//! 機關簡介: the office in its own words, and the pages of the section.

use crate::components::Page;
use crate::dates::date_of_unix;
use crate::site::{children_of, page_context};
use leptos::prelude::*;

#[component]
pub fn AboutPage() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let office = ctx.office.clone();
    let paragraphs: Vec<String> = office
        .description
        .get(lang)
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    view! {
        <Page path="/about" updated=date_of_unix(office.updated_at)>
            {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            <nav aria-labelledby="section-pages" class="card">
                <h2 id="section-pages">{t.in_this_section}</h2>
                <ul class="link-list">
                    {children_of("/about")
                        .map(|p| {
                            let text = (p.text)(t);
                            view! {
                                <li>
                                    <a href=p.path>{text.title}</a>
                                    <span class="hint">{text.description}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </Page>
    }
}
