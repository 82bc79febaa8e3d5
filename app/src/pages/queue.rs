//! The public queue pages of a service point: the kiosk where walk-ins take a number (no
//! personal data) and the call display (叫號) showing each counter's number, which refreshes
//! itself without JavaScript.

use crate::components::Page;
use crate::pages::not_found::NotFoundPage;
use crate::queue::QueueView;
use crate::site::{from_request, page_context};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Meta;

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
            <p>{s.kiosk_hint}</p>
            <form method="post" action=format!("/kiosk/{}", view.place_id)>
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
    view! {
        <Meta http_equiv="refresh" content="15" />
        <Page path="/display/:location" heading>
            <p class="lead" aria-live="polite">{s.waiting_now.replace("{}", &view.waiting.to_string())}</p>
            <table class="data display">
                <caption>{s.now_serving}</caption>
                <thead>
                    <tr>
                        <th scope="col">{s.col_counter}</th>
                        <th scope="col">{s.col_ticket}</th>
                    </tr>
                </thead>
                <tbody>
                    {view
                        .counters
                        .into_iter()
                        .map(|(name, number)| {
                            view! {
                                <tr>
                                    <th scope="row">{name.get(lang).to_string()}</th>
                                    <td class="display-number">{number.unwrap_or_else(|| s.nobody_called.to_string())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="hint">{s.display_refresh}</p>
        </Page>
    }
}
