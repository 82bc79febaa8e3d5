//! 無障礙聲明: how the site is made accessible and what its access keys are.

use crate::components::Page;
use crate::pages::STATIC_TEXTS_REVISED;
use crate::site::page_context;
use leptos::prelude::*;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let t = page_context().t();
    view! {
        <Page path="/accessibility" updated=STATIC_TEXTS_REVISED>
            {t.accessibility_body.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            <h2>{t.access_keys_heading}</h2>
            <ul>{t.access_keys.iter().map(|k| view! { <li>{*k}</li> }).collect_view()}</ul>
        </Page>
    }
}
