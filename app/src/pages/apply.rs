//! The online application pages, made from the service's form definition and the `ApplyView`
//! the server prepared: a question page, the check page, or the confirmation. Forms post back
//! to the same address; errors come back in a summary with status 422.

use crate::apply::forms::{Field, Kind, Page as FormPage};
use crate::apply::{ApplyView, Submitted, field_shown};
use crate::components::{ErrorSummary, Page};
use crate::dates::{format_date, iso_date};
use crate::i18n::Lang;
use crate::pages::not_found::NotFoundPage;
use crate::site::{from_request, page_context};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn ApplyPage() -> impl IntoView {
    match from_request::<ApplyView>() {
        Some(view) => Either::Left(view! { <ApplyStep view /> }),
        None => Either::Right(view! { <NotFoundPage /> }),
    }
}

#[component]
fn ApplyStep(view: ApplyView) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let service_name = view.service.name.get(lang).to_string();
    let code = view.service.code.clone();
    let page_code = view.page.map(|p| p.code).unwrap_or("check");
    let title = match (&view.submitted, view.page) {
        (Some(_), _) => t.applied_title.to_string(),
        (None, Some(page)) => page.title.get(lang).to_string(),
        (None, None) => t.check_application.to_string(),
    };
    let heading = (title, format!("{service_name}：{}", t.apply.description));
    let position = view
        .pages
        .iter()
        .position(|p| *p == page_code)
        .unwrap_or(view.pages.len());
    let progress = t
        .step_of
        .replacen("{}", &(position + 1).to_string(), 1)
        .replacen("{}", &(view.pages.len() + 1).to_string(), 1);
    let back = position
        .checked_sub(1)
        .and_then(|p| view.pages.get(p))
        .map(|p| format!("/apply/{code}/{p}"));
    let action = format!("/apply/{code}/{page_code}");
    view! {
        <Page path="/services/:code" heading>
            <p class="caption">
                {service_name}
                {view.submitted.is_none().then(|| view! { " · " {progress} })}
            </p>
            <ErrorSummary errors=view.errors.clone() />
            {view.notice.clone().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {match (view.submitted.clone(), view.page) {
                (Some(s), _) => Either::Left(view! {
                    <Done submitted=s.clone() lang />
                    <crate::pages::forms::FilledForms links=view.filled_forms.clone() />
                    <crate::pages::forms::SurveyInvite reference=s.reference.clone() />
                }),
                (None, page) => {
                    Either::Right(
                        view! {
                            {page.and_then(|p| p.lead).map(|l| view! { <p class="lead">{l.get(lang)}</p> })}
                            <form method="post" action=action class="question" novalidate>
                                {match page {
                                    Some(page) => Either::Left(view! { <Fields view=view.clone() page lang /> }),
                                    None => Either::Right(view! { <Summary view=view.clone() lang /> }),
                                }}
                                <button type="submit" class="primary">
                                    {if page.is_none() { t.submit_application } else { t.continue_ }}
                                </button>
                            </form>
                            {back.map(|href| view! { <p><a href=href>{t.back}</a></p> })}
                        },
                    )
                }
            }}
        </Page>
    }
}

/// The note under a field asked only after a certain answer on the same page.
fn condition_note(field: &Field, page: &FormPage, lang: Lang) -> Option<String> {
    let when = field.when?;
    let on_page = page.fields.iter().find(|f| f.name == when.field)?;
    let Kind::Choice(options) = on_page.kind else {
        return None;
    };
    let labels: Vec<&str> = options
        .iter()
        .filter(|o| when.any_of.contains(&o.code))
        .map(|o| o.label.get(lang))
        .collect();
    Some(lang.t().only_when.replace("{}", &labels.join("、")))
}

#[component]
fn Fields(view: ApplyView, page: &'static FormPage, lang: Lang) -> impl IntoView {
    let t = lang.t();
    page.fields
        .iter()
        // A field that depends on an earlier page's answer is shown only when asked; one that
        // depends on this page's own answer is always shown (no script needed), with a note.
        .filter(|f| {
            f.when
                .is_none_or(|w| page.fields.iter().any(|o| o.name == w.field))
                || field_shown(f, &view.answers)
        })
        .map(|field| {
            let value = view.answers.get(field.name).cloned().unwrap_or_default();
            let error = view
                .errors
                .iter()
                .find(|e| e.field == field.name)
                .map(|e| e.message.clone());
            let mut hints: Vec<String> = Vec::new();
            if let Some(h) = field.hint {
                hints.push(h.get(lang).to_string());
            }
            if let Some(note) = condition_note(field, page, lang) {
                hints.push(note);
            }
            if matches!(field.kind, Kind::Day { .. }) {
                hints.push(t.date_format_hint.to_string());
            }
            let hint = (!hints.is_empty()).then(|| hints.join(" "));
            let label = field.label.get(lang).to_string();
            let choices: Option<Vec<(String, String)>> = match field.kind {
                Kind::Choice(options) | Kind::Multi(options) => Some(
                    options
                        .iter()
                        .map(|o| (o.code.to_string(), o.label.get(lang).to_string()))
                        .collect(),
                ),
                Kind::Item => Some(
                    view.service
                        .items
                        .iter()
                        .map(|i| {
                            let note = i.note.get(lang);
                            let label = if note.is_empty() {
                                i.name.get(lang).to_string()
                            } else {
                                format!("{}：{note}", i.name.get(lang))
                            };
                            (i.code.clone(), label)
                        })
                        .collect(),
                ),
                Kind::Place => Some(
                    view.places
                        .iter()
                        .map(|(id, name)| (id.clone(), name.get(lang).to_string()))
                        .collect(),
                ),
                Kind::PickupDay => Some(
                    view.pickup_days
                        .iter()
                        .map(|d| {
                            let weekday =
                                t.weekdays[usize::from(d.weekday().number_from_monday() - 1)];
                            (iso_date(*d), format!("{} {weekday}", format_date(lang, *d)))
                        })
                        .collect(),
                ),
                _ => None,
            };
            match choices {
                Some(choices) => {
                    let multi = matches!(field.kind, Kind::Multi(_));
                    let chosen: Vec<String> = value.split(',').map(String::from).collect();
                    let empty = (choices.is_empty() && field.kind == Kind::PickupDay)
                        .then_some(t.no_pickup_days);
                    Either::Left(view! {
                        <ChoiceField name=field.name label hint error choices chosen multi empty />
                    })
                }
                None => Either::Right(view! { <InputField field label hint value error /> }),
            }
        })
        .collect_view()
}

/// A text input or text area with its label, hint and error, wired for screen readers.
#[component]
fn InputField(
    field: &'static Field,
    label: String,
    hint: Option<String>,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let id = format!("field-{}", field.name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = [
        hint.as_ref().map(|_| hint_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let invalid = error.is_some().then_some("true");
    let (kind, autocomplete, inputmode) = match field.kind {
        Kind::Name if field.name == "name" => ("text", "name", None),
        Kind::Phone => ("tel", "tel", None),
        Kind::Email => ("email", "email", None),
        Kind::Count { .. } => ("text", "off", Some("numeric")),
        Kind::Day { .. } => ("date", "off", None),
        _ => ("text", "off", None),
    };
    let area = matches!(field.kind, Kind::LongText { .. } | Kind::People { .. });
    view! {
        <div class="field" class:field-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {error.clone().map(|e| view! { <p class="error" id=error_id.clone()>{e}</p> })}
            {if area {
                Either::Left(view! {
                    <textarea id=id name=field.name rows="5" aria-describedby=described aria-invalid=invalid>
                        {value}
                    </textarea>
                })
            } else {
                Either::Right(view! {
                    <input
                        type=kind
                        id=id
                        name=field.name
                        value=value
                        autocomplete=autocomplete
                        inputmode=inputmode
                        class:input-short=matches!(field.kind, Kind::Count { .. })
                        aria-describedby=described
                        aria-invalid=invalid
                    />
                })
            }}
        </div>
    }
}

/// Radio buttons (or checkboxes) in a fieldset whose legend is the question.
#[component]
fn ChoiceField(
    name: &'static str,
    label: String,
    hint: Option<String>,
    error: Option<String>,
    choices: Vec<(String, String)>,
    chosen: Vec<String>,
    multi: bool,
    empty: Option<&'static str>,
) -> impl IntoView {
    let invalid = error.is_some().then_some("true");
    let hint_id = format!("field-{name}-hint");
    let described = hint.as_ref().map(|_| hint_id.clone());
    view! {
        <fieldset
            id=format!("field-{name}")
            aria-invalid=invalid
            aria-describedby=described
        >
            <legend>{label}</legend>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {error.map(|e| view! { <p class="error">{e}</p> })}
            {empty.map(|e| view! { <p>{e}</p> })}
            <div class="choices">
                {choices
                    .into_iter()
                    .enumerate()
                    .map(|(n, (value, text))| {
                        let id = format!("{name}-{n}");
                        let checked = chosen.contains(&value);
                        view! {
                            <div class="choice">
                                <input
                                    type=if multi { "checkbox" } else { "radio" }
                                    id=id.clone()
                                    name=name
                                    value=value
                                    checked=checked
                                />
                                <label for=id>{text}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn Summary(view: ApplyView, lang: Lang) -> impl IntoView {
    let t = lang.t();
    let code = view.service.code.clone();
    view! {
        <dl class="summary">
            {view
                .summary
                .into_iter()
                .map(|row| {
                    view! {
                        <div class="summary-row">
                            <dt>{row.label}</dt>
                            <dd class="summary-value">{row.value}</dd>
                            <dd class="summary-change">
                                <a href=format!("/apply/{code}/{}", row.page)>
                                    {t.change} <span class="visually-hidden">{row.label}</span>
                                </a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

#[component]
fn Done(submitted: Submitted, lang: Lang) -> impl IntoView {
    let t = lang.t();
    let s = submitted;
    let next = if s.pickup.is_some() {
        t.applied_next
    } else {
        t.applied_next_no_pickup
    };
    view! {
        <div class="panel-done">
            <p>{t.reference}</p>
            <p class="reference">{s.reference.clone()}</p>
        </div>
        <dl class="facts">
            <dt>{t.id_label}</dt>
            <dd>{s.masked_id.clone()}</dd>
            <dt>{t.due_label}</dt>
            <dd>
                <time datetime=iso_date(s.due)>{format_date(lang, s.due)}</time>
            </dd>
            {s
                .pickup
                .clone()
                .map(|(place, address, day)| {
                    view! {
                        <dt>{t.pickup_label}</dt>
                        <dd>
                            <time datetime=iso_date(day)>{format_date(lang, day)}</time>
                            " " {place.get(lang).to_string()} "（" {address.get(lang).to_string()} "）"
                        </dd>
                    }
                })}
        </dl>
        <h2>{t.what_next}</h2>
        <p>{next}</p>
        {s.emailed.then(|| view! { <p>{t.emailed}</p> })}
        <p>
            <a href="/bookings/lookup">{t.lookup.title}</a>
        </p>
    }
}
