//! The page for an address the site does not have, answered with status 404, and the pages
//! for a request a limit refused (429, [`TooMany`]) or a form sent too large (413,
//! [`TooLarge`]), which the server routes here.

use crate::components::Page;
use crate::site::page_context;
use leptos::prelude::*;

/// Put into a request by the server when a limit refused it: the page says when to try again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooMany {
    pub retry_after_seconds: i64,
}

/// Put into a response by the server when a form's body was over its limit of `kib` KiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    pub kib: u32,
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let (too_many, too_large) = {
        let parts = use_context::<http::request::Parts>();
        let get = |parts: &http::request::Parts| {
            (
                parts.extensions.get::<TooMany>().copied(),
                parts.extensions.get::<TooLarge>().copied(),
            )
        };
        parts.as_ref().map(get).unwrap_or_default()
    };
    #[cfg(not(feature = "ssr"))]
    let (too_many, too_large): (Option<TooMany>, Option<TooLarge>) = (None, None);
    if let Some(too_many) = too_many {
        return view! { <TooManyPage too_many /> }.into_any();
    }
    if let Some(too_large) = too_large {
        return view! { <TooLargePage too_large /> }.into_any();
    }
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
    .into_any()
}

/// How long to wait, in whole minutes (at least one), in the reader's words.
pub fn wait_text(minutes_text: &str, seconds: i64) -> String {
    let minutes = (seconds.max(1) + 59) / 60;
    minutes_text.replace("{}", &minutes.to_string())
}

#[component]
fn TooManyPage(too_many: TooMany) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
    }
    let t = page_context().t();
    let s = t.safety;
    let wait = wait_text(s.minutes, too_many.retry_after_seconds);
    view! {
        <Page text=|t| &t.safety.too_many>
            <p>{s.too_many_body.replace("{}", &wait)}</p>
            <p>{s.too_many_help}</p>
            <ul class="link-list">
                <li>
                    <a href="/about/contact">{t.contact.title}</a>
                </li>
                <li>
                    <a href="/">{t.back_home}</a>
                </li>
            </ul>
        </Page>
    }
}

#[component]
fn TooLargePage(too_large: TooLarge) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::PAYLOAD_TOO_LARGE);
    }
    let t = page_context().t();
    let s = t.safety;
    view! {
        <Page text=|t| &t.safety.too_large>
            <p>{s.too_large_body.replace("{}", &too_large.kib.to_string())}</p>
            <p>{s.too_large_back}</p>
            <ul class="link-list">
                <li>
                    <a href="/">{t.back_home}</a>
                </li>
            </ul>
        </Page>
    }
}

#[cfg(test)]
mod tests {
    use super::wait_text;

    #[test]
    fn waits_are_said_in_whole_minutes_rounded_up() {
        assert_eq!(wait_text("{} 分鐘", 1), "1 分鐘");
        assert_eq!(wait_text("{} 分鐘", 60), "1 分鐘");
        assert_eq!(wait_text("{} min", 61), "2 min");
        assert_eq!(wait_text("{} min", 0), "1 min");
    }
}
