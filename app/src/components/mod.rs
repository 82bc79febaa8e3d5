//! View pieces shared by the pages.

pub mod chart;
pub mod form;
pub mod hours;
pub mod layout;
pub mod live_display;
pub mod print_button;

pub use chart::BarChart;
pub use form::{Choices, ErrorSummary, TextArea, TextField};
pub use hours::{HoursTable, TodayHours};
pub use layout::Page;
pub use live_display::{DisplayState, LiveDisplay};
pub use print_button::PrintButton;
