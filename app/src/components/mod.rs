//! View pieces shared by the pages.

pub mod chart;
pub mod form;
pub mod hours;
pub mod layout;
pub mod live_display;
pub mod print_button;

pub use chart::BarChart;
pub use form::{Choices, ErrorSummary, TextField};
pub use hours::{HoursTable, TodayHours};
pub use layout::Page;
pub use live_display::{DisplayState, LiveDisplay};
pub use print_button::PrintButton;

/// Plain text someone wrote (a message, a reply), one paragraph per line, never as markup.
pub fn paragraphs(text: &str) -> impl leptos::prelude::IntoView + use<> {
    use leptos::prelude::*;
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    view! { <div class="prose">{lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}</div> }
}
