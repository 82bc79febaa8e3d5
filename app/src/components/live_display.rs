//! The call display's table, kept live in the browser: an island that asks the server for the
//! display's numbers every few seconds. Without JavaScript the page refreshes itself instead
//! (a meta refresh inside `<noscript>`), so the numbers are never more than 15 seconds old.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What `/display/{location}.json` answers, and what the island starts from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayState {
    pub waiting: i64,
    /// Each open counter's name and the number called to it ("—" when none).
    pub counters: Vec<(String, String)>,
}

#[island]
pub fn LiveDisplay(
    place: String,
    initial: DisplayState,
    /// "目前等候：{} 人".
    waiting_label: String,
    caption: String,
    counter_heading: String,
    number_heading: String,
) -> impl IntoView {
    let (state, set_state) = signal(initial);
    #[cfg(feature = "hydrate")]
    {
        let url = format!("/display/{place}.json");
        let refresh = move || {
            let url = url.clone();
            leptos::task::spawn_local(async move {
                if let Ok(response) = gloo_net::http::Request::get(&url).send().await
                    && response.ok()
                    && let Ok(fresh) = response.json::<DisplayState>().await
                {
                    set_state.set(fresh);
                }
            });
        };
        Effect::new(move |_| {
            let refresh = refresh.clone();
            let _ = set_interval_with_handle(refresh, std::time::Duration::from_secs(3));
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (&place, set_state);
    view! {
        <p class="lead" aria-live="polite">
            {move || waiting_label.replace("{}", &state.get().waiting.to_string())}
        </p>
        <table class="data display">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{counter_heading}</th>
                    <th scope="col">{number_heading}</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    state
                        .get()
                        .counters
                        .into_iter()
                        .map(|(name, number)| {
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td class="display-number">{number}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}
