//! 友善列印: a print button. It is an island because printing needs the browser; without
//! JavaScript it stays hidden and the print stylesheet still applies to the browser's own print.

use leptos::prelude::*;

#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    // Effects run only in the browser, so the button appears only where it works.
    Effect::new(move |_| set_ready.set(true));
    view! {
        <button
            type="button"
            class="print-button"
            hidden=move || !ready.get()
            on:click=move |_| {
                let _ = window().print();
            }
        >
            {label}
        </button>
    }
}
