//! Charts drawn by the server as SVG: no script, printable, and each with its numbers in a
//! table beside it (screen readers read the table; the picture is hidden from them).

use leptos::prelude::*;

/// A horizontal bar chart of labelled values, with the same values in a table.
#[component]
pub fn BarChart(
    /// The chart's id, for its caption.
    id: String,
    title: String,
    /// What the values are in, shown after each (分鐘, min).
    unit: String,
    /// The column heads of the table: the label's and the value's.
    columns: (String, String),
    rows: Vec<(String, f64)>,
    /// Whole numbers (people, births): shown without decimals.
    #[prop(optional)]
    integer: bool,
) -> impl IntoView {
    let shown = move |value: f64| {
        if integer {
            format!("{value:.0}")
        } else {
            format!("{value:.1}")
        }
    };
    const WIDTH: f64 = 480.0;
    const LABEL: f64 = 150.0;
    const BAR: f64 = 22.0;
    const GAP: f64 = 10.0;
    let max = rows
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let height = (rows.len() as f64) * (BAR + GAP) + GAP;
    let scale = (WIDTH - LABEL - 70.0) / max;
    let bars: Vec<_> = rows
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let y = GAP + i as f64 * (BAR + GAP);
            let w = (value * scale).max(1.0);
            view! {
                <text x=LABEL - 8.0 y=y + BAR * 0.7 text-anchor="end" class="chart-label">{label.clone()}</text>
                <rect x=LABEL y=y width=format!("{w:.1}") height=BAR class="chart-bar"></rect>
                <text x=LABEL + w + 6.0 y=y + BAR * 0.7 class="chart-value">{format!("{} {unit}", shown(*value))}</text>
            }
        })
        .collect();
    let caption_id = format!("{id}-caption");
    view! {
        <figure class="chart">
            <figcaption id=caption_id>{title}</figcaption>
            <div class="chart-body">
                <svg
                    viewBox=format!("0 0 {WIDTH} {height}")
                    width=WIDTH
                    height=height
                    aria-hidden="true"
                    focusable="false"
                    class="chart-svg"
                >
                    {bars}
                </svg>
                <table class="data chart-table">
                    <thead>
                        <tr>
                            <th scope="col">{columns.0}</th>
                            <th scope="col">{columns.1}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(label, value)| view! {
                                <tr>
                                    <th scope="row">{label}</th>
                                    <td>{shown(value)}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </figure>
    }
}
