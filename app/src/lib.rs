//! The citizen portal's pages, components and server functions. The same crate renders on the
//! server (feature `ssr`) and hydrates its islands in the browser (feature `hydrate`).

#![recursion_limit = "256"]

pub mod apply;
pub mod booking;
pub mod calendar;
pub mod cases;
pub mod components;
pub mod content;
pub mod dates;
pub mod error;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod lifecycle;
pub mod notify;
pub mod office;
pub mod opendata;
pub mod pages;
pub mod paper;
pub mod petitions;
pub mod queue;
pub mod search;
pub mod services;
pub mod site;
pub mod staff;
pub mod suggestions;
pub mod surveys;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod db;

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};
use pages::{
    about::AboutPage,
    accessibility::AccessibilityPage,
    apply::ApplyPage,
    book::BookPage,
    contact::ContactPage,
    content::ContentPage,
    counters::CountersPage,
    feeds::FeedsPage,
    forms::FormsPage,
    home::HomePage,
    hours::HoursPage,
    lookup::LookupPage,
    mailbox::MailboxPage,
    not_found::NotFoundPage,
    opendata::OpenDataPage,
    privacy::PrivacyPage,
    queue::{DisplayPage, KioskPage},
    search::SearchPage,
    service::ServicePage,
    services::ServicesPage,
    sitemap::SitemapPage,
    staff::StaffPages,
    suggestions::SuggestionsPage,
    survey::SurveyPage,
};
use site::PageContext;

/// The HTML document around the app. Runs on the server only, once per request.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let ctx = request_page_context();
    let lang = ctx.prefs.lang;
    let font_class = format!("fs-{}", ctx.prefs.font_size.code());
    provide_context(ctx);
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag() class=font_class>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <leptos_meta::HashedStylesheet options=options.clone() id="leptos" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page context the server put into this request, and the CSP nonce with it.
fn request_page_context() -> PageContext {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>();
        if let Some(nonce) = parts
            .as_ref()
            .and_then(|p| p.extensions.get::<leptos::nonce::Nonce>())
        {
            provide_context(nonce.clone());
        }
        parts
            .and_then(|p| p.extensions.get::<PageContext>().cloned())
            .expect("the server puts a PageContext into every page request")
    }
    #[cfg(not(feature = "ssr"))]
    {
        expect_context::<PageContext>()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage /> }>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                <Route path=path!("/services") view=ServicesPage ssr=SsrMode::Async />
                <Route path=path!("/services/:code") view=ServicePage ssr=SsrMode::Async />
                <Route path=path!("/book/:service/:step") view=BookPage ssr=SsrMode::Async />
                <Route path=path!("/apply/:service/:page") view=ApplyPage ssr=SsrMode::Async />
                <Route path=path!("/bookings/lookup") view=LookupPage ssr=SsrMode::Async />
                <Route path=path!("/bookings/:reference/cancel") view=LookupPage ssr=SsrMode::Async />
                <Route path=path!("/staff") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/login") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/password") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/audit") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/board/:location") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/cases") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/content") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/content/:id") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/synonyms") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/accounts") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/forms") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/opendata") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/petitions") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/surveys") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/petitions/:number") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/suggestions") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/suggestions/:number") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/overview/:location") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/staff/cases/:reference") view=StaffPages ssr=SsrMode::Async />
                <Route path=path!("/kiosk/:location") view=KioskPage ssr=SsrMode::Async />
                <Route path=path!("/display/:location") view=DisplayPage ssr=SsrMode::Async />
                <Route path=path!("/news") view=ContentPage ssr=SsrMode::Async />
                <Route path=path!("/news/:slug") view=ContentPage ssr=SsrMode::Async />
                <Route path=path!("/faq") view=ContentPage ssr=SsrMode::Async />
                <Route path=path!("/info") view=ContentPage ssr=SsrMode::Async />
                <Route path=path!("/info/:section") view=ContentPage ssr=SsrMode::Async />
                <Route path=path!("/info/:section/:slug") view=ContentPage ssr=SsrMode::Async />
                <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                <Route path=path!("/feeds") view=FeedsPage ssr=SsrMode::Async />
                <Route path=path!("/disclosure") view=OpenDataPage ssr=SsrMode::Async />
                <Route path=path!("/disclosure/service-plan") view=OpenDataPage ssr=SsrMode::Async />
                <Route path=path!("/opendata") view=OpenDataPage ssr=SsrMode::Async />
                <Route path=path!("/opendata/:name") view=OpenDataPage ssr=SsrMode::Async />
                <Route path=path!("/statistics") view=OpenDataPage ssr=SsrMode::Async />
                <Route path=path!("/survey") view=SurveyPage ssr=SsrMode::Async />
                <Route path=path!("/survey/visit/:reference") view=SurveyPage ssr=SsrMode::Async />
                <Route path=path!("/survey/counter/:location/:counter") view=SurveyPage ssr=SsrMode::Async />
                <Route path=path!("/survey/thanks") view=SurveyPage ssr=SsrMode::Async />
                <Route path=path!("/survey/results") view=SurveyPage ssr=SsrMode::Async />
                <Route path=path!("/mailbox") view=MailboxPage ssr=SsrMode::Async />
                <Route path=path!("/mailbox/sent/:number") view=MailboxPage ssr=SsrMode::Async />
                <Route path=path!("/mailbox/lookup") view=MailboxPage ssr=SsrMode::Async />
                <Route path=path!("/mailbox/statistics") view=MailboxPage ssr=SsrMode::Async />
                <Route path=path!("/suggestions") view=SuggestionsPage ssr=SsrMode::Async />
                <Route path=path!("/suggestions/new") view=SuggestionsPage ssr=SsrMode::Async />
                <Route path=path!("/suggestions/status") view=SuggestionsPage ssr=SsrMode::Async />
                <Route path=path!("/forms") view=FormsPage ssr=SsrMode::Async />
                <Route path=path!("/forms/:slug") view=FormsPage ssr=SsrMode::Async />
                <Route path=path!("/about") view=AboutPage ssr=SsrMode::Async />
                <Route path=path!("/about/contact") view=ContactPage ssr=SsrMode::Async />
                <Route path=path!("/about/hours") view=HoursPage ssr=SsrMode::Async />
                <Route path=path!("/about/counters") view=CountersPage ssr=SsrMode::Async />
                <Route path=path!("/accessibility") view=AccessibilityPage ssr=SsrMode::Async />
                <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                <Route path=path!("/sitemap") view=SitemapPage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
