//! The page for an address the site does not have, answered with status 404.

use crate::components::Page;
use crate::site::page_context;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = page_context().t();
    view! {
        <Page text=|t| &t.not_found>
            <p>{t.not_found_body}</p>
            <ul class="link-list">
                <li>
                    <a href="/">{t.back_home}</a>
                </li>
                <li>
                    <a href="/sitemap">{t.sitemap.title}</a>
                </li>
            </ul>
        </Page>
    }
}
