//! 隱私權及個人資料保護政策.

use crate::components::Page;
use crate::pages::STATIC_TEXTS_REVISED;
use crate::site::page_context;
use leptos::prelude::*;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = page_context().t();
    view! {
        <Page path="/privacy" updated=STATIC_TEXTS_REVISED>
            {t.privacy_body.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
        </Page>
    }
}
