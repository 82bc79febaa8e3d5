//! Form pieces of the question pages: the error summary at the top and a text field with its
//! label, hint and error, wired for screen readers.

use crate::error::FieldError;
use crate::site::page_context;
use leptos::prelude::*;

/// The list of problems at the top of a page, each linking to its field.
#[component]
pub fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    let t = page_context().t();
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                <h2 id="error-summary-title">{t.error_summary}</h2>
                <ul>
                    {errors
                        .into_iter()
                        .map(|e| {
                            view! {
                                <li>
                                    <a href=format!("#field-{}", e.field)>{e.message}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// The ids of a field's hint and error (`{id}-hint`, `{id}-error`) that describe it, if any.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "hint"), (error, "error")]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, what)| format!("{id}-{what}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A text input (or, with `rows`, a text area) with its label, hint and error, wired for
/// screen readers.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: String,
    error: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// A text area of this many rows instead of a one-line input.
    #[prop(optional)]
    rows: Option<u32>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(&id, hint.is_some(), error.is_some());
    let invalid = error.is_some().then_some("true");
    let control = match rows {
        Some(rows) => view! {
            <textarea id=id.clone() name=name rows=rows aria-describedby=described aria-invalid=invalid>{value}</textarea>
        }
        .into_any(),
        None => view! {
            <input type=kind id=id.clone() name=name value=value autocomplete=autocomplete aria-describedby=described aria-invalid=invalid />
        }
        .into_any(),
    };
    view! {
        <div class="field" class:field-error=error.is_some()>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {error.clone().map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
            {control}
        </div>
    }
}

/// A group of radio buttons in a fieldset with its legend and error; the error summary's link
/// (`#field-{name}`) lands on the group.
#[component]
pub fn Choices(
    name: &'static str,
    legend: String,
    /// Each choice's value and label.
    options: Vec<(String, String)>,
    selected: String,
    error: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    view! {
        <fieldset class="field" class:field-error=error.is_some() id=id.clone() aria-describedby=error.as_ref().map(|_| error_id.clone())>
            <legend>{legend}</legend>
            {error.clone().map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
            {options
                .into_iter()
                .enumerate()
                .map(|(i, (value, label))| {
                    let option_id = format!("{id}-{i}");
                    let checked = value == selected;
                    view! {
                        <div class="choice">
                            <input type="radio" id=option_id.clone() name=name value=value checked=checked />
                            <label for=option_id>{label}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
