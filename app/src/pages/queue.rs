//! The public queue pages of a service point: the kiosk where walk-ins take a number (no
//! personal data) and the call display (叫號) showing each counter's number, which refreshes
//! itself without JavaScript.

use crate::components::{DisplayState, LiveDisplay, Page};
use crate::pages::not_found::NotFoundPage;
use crate::queue::QueueView;
use crate::site::{from_request, page_context};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn KioskPage() -> impl IntoView {
    match from_request::<QueueView>() {
        Some(view) => Either::Left(view! { <Kiosk view /> }),
        None => Either::Right(view! { <NotFoundPage /> }),
    }
}

#[component]
pub fn DisplayPage() -> impl IntoView {
    match from_request::<QueueView>() {
        Some(view) => Either::Left(view! { <Display view /> }),
        None => Either::Right(view! { <NotFoundPage /> }),
    }
}

#[component]
fn Kiosk(view: QueueView) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let s = ctx.t().staff;
    let place_id = view.place_id.clone();
    let heading = (
        format!("{}：{}", s.kiosk.title, view.place.get(lang)),
        s.kiosk.description.to_string(),
    );
    view! {
        <Page path="/kiosk/:location" heading>
            {view
                .ticket
                .clone()
                .map(|(number, ahead)| {
                    view! {
                        <div class="panel-done ticket" role="status">
                            <p>{s.your_number}</p>
                            <p class="reference">{number}</p>
                            <p>{s.ahead_of_you.replace("{}", &ahead.to_string())}</p>
                        </div>
                    }
                })}
            <p class="lead">{s.waiting_now.replace("{}", &view.waiting.to_string())}</p>
            {(!view.kiosk).then(|| view! { <p class="notice" role="status">{s.not_a_kiosk}</p> })}
            <p>{s.kiosk_hint}</p>
            {view
                .kiosk
                .then(|| {
                    view! {
                    <form method="post" action=format!("/kiosk/{}", place_id)>
                        <h2>{s.kiosk_choose}</h2>
                        <div class="kiosk-choices">
                            {crate::queue::WALK_IN_KINDS
                                .iter()
                                .map(|(code, zh, en)| {
                                    view! {
                                        <button type="submit" name="kind" value=*code class="primary big">
                                            {if lang == crate::i18n::Lang::ZhTw { *zh } else { *en }}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    </form>
                    }
                })}
        </Page>
    }
}

#[component]
fn Display(view: QueueView) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let s = ctx.t().staff;
    let heading = (
        format!("{}：{}", s.display.title, view.place.get(lang)),
        s.display.description.to_string(),
    );
    let initial = display_state(&view, lang);
    view! {
        <Page path="/display/:location" heading>
            // Without JavaScript the page reloads itself; with it, the island below updates.
            <noscript>
                <meta http-equiv="refresh" content="15" />
            </noscript>
            <LiveDisplay
                place=view.place_id.clone()
                initial
                waiting_label=s.waiting_now.to_string()
                caption=s.now_serving.to_string()
                counter_heading=s.col_counter.to_string()
                number_heading=s.col_ticket.to_string()
            />
            <p class="hint">{s.display_refresh}</p>
        </Page>
    }
}

/// The display's numbers in the page's language (also served as JSON to the island).
pub fn display_state(view: &QueueView, lang: crate::i18n::Lang) -> DisplayState {
    let s = lang.t().staff;
    DisplayState {
        waiting: view.waiting,
        counters: view
            .counters
            .iter()
            .map(|(name, number)| {
                (
                    name.get(lang).to_string(),
                    number
                        .clone()
                        .unwrap_or_else(|| s.nobody_called.to_string()),
                )
            })
            .collect(),
    }
}
