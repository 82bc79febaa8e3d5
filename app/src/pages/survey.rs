//! 滿意度調查: the survey (general, or for one visit), the thanks page, and the results as
//! server-drawn charts with their numbers in tables.

use crate::components::{BarChart, ErrorSummary, Page, TextField};
use crate::pages::not_found::NotFoundPage;
use crate::site::{from_request, page_context};
use crate::surveys::{Kind, Results, SurveyView, rating_label};
use leptos::prelude::*;

#[component]
pub fn SurveyPage() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t().survey;
    match from_request::<SurveyView>() {
        Some(SurveyView::Form {
            version,
            questions,
            reference,
            counter,
            service,
            errors,
        }) => {
            let counter = counter.map(|c| *c);
            let (path, action) = match (&reference, &counter) {
                (Some(r), _) => ("/survey/visit/:reference", format!("/survey/visit/{r}")),
                (None, Some((location, counter, _))) => (
                    "/survey/counter/:location/:counter",
                    format!("/survey/counter/{location}/{counter}"),
                ),
                (None, None) => ("/survey", "/survey".to_string()),
            };
            let intro = match (&reference, &counter) {
                (Some(_), _) => t.visit_intro,
                (None, Some(_)) => t.counter_intro,
                (None, None) => t.intro,
            };
            let error_of = |id: &str| {
                errors
                    .iter()
                    .find(|e| e.field == id)
                    .map(|e| e.message.clone())
            };
            let fields: Vec<_> = questions
                .into_iter()
                .map(|q| {
                    let error = error_of(&q.id);
                    let id = q.id.clone();
                    match &q.kind {
                        Kind::Rating | Kind::Choice(_) => {
                            let options: Vec<(String, String)> = match &q.kind {
                                Kind::Rating => (1..=5u8).rev().map(|n| (n.to_string(), format!("{n} {}", rating_label(n, lang)))).collect(),
                                Kind::Choice(o) => o.iter().enumerate().map(|(i, o)| (i.to_string(), o.get(lang).to_string())).collect(),
                                Kind::Text => Vec::new(),
                            };
                            view! {
                                <fieldset class="field" class:field-error=error.is_some()>
                                    <legend>{q.text.get(lang).to_string()}</legend>
                                    {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
                                    {options
                                        .into_iter()
                                        .map(|(value, label)| {
                                            let input = format!("{id}-{value}");
                                            view! {
                                                <div class="choice">
                                                    <input type="radio" id=input.clone() name=id.clone() value=value />
                                                    <label for=input>{label}</label>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </fieldset>
                            }
                            .into_any()
                        }
                        Kind::Text => view! {
                            <div class="field" class:field-error=error.is_some()>
                                <label for=id.clone()>{q.text.get(lang).to_string()}</label>
                                {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
                                <textarea id=id.clone() name=id.clone() rows="4"></textarea>
                            </div>
                        }
                        .into_any(),
                    }
                })
                .collect();
            view! {
                <Page path=path>
                    <p>{intro}</p>
                    {counter.map(|(_, _, name)| view! { <p><strong>{t.counter} {lang.colon()} {name.get(lang).to_string()}</strong></p> })}
                    {service.map(|s| view! { <p><strong>{s.get(lang).to_string()}</strong> " · " {reference.clone().unwrap_or_default()}</p> })}
                    <ErrorSummary errors=errors.clone() />
                    <form method="post" action=action class="question" novalidate>
                        <input type="hidden" name="version" value=version.to_string() />
                        {fields}
                        <button type="submit" class="primary">{t.send}</button>
                    </form>
                </Page>
            }
            .into_any()
        }
        Some(SurveyView::Thanks) => view! {
            <Page path="/survey/thanks">
                <p>{t.thanks}</p>
                <p><a href="/survey/results">{t.results_link}</a></p>
            </Page>
        }
        .into_any(),
        Some(SurveyView::Results(r)) => view! { <ResultsView r=*r /> }.into_any(),
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

#[component]
fn ResultsView(r: Results) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t().survey;
    view! {
        <Page path="/survey/results">
            <p>{t.version} " " {r.version} " · " {r.answers} " " {t.answers}</p>
            {(r.answers == 0).then(|| view! { <p>{t.none_yet}</p> })}
            {r.questions
                .into_iter()
                .enumerate()
                .map(|(i, q)| {
                    let title = match q.mean {
                        Some(m) => format!("{}（{} {m:.2} / 5）", q.question.text.get(lang), t.mean),
                        None => q.question.text.get(lang).to_string(),
                    };
                    let rows: Vec<(String, f64)> = q.counts.into_iter().map(|(l, n)| (l, f64::from(n))).collect();
                    view! { <BarChart id=format!("q{i}") title unit=t.answers.to_string() columns=(String::new(), t.answers.to_string()) rows integer=true /> }
                })
                .collect_view()}
            <BarChart id="by-month".into() title=t.by_month.to_string() unit=t.points.to_string() columns=(t.month.to_string(), t.mean.to_string()) rows=r.by_month />
            <BarChart id="by-service".into() title=t.by_service.to_string() unit=t.points.to_string() columns=(t.service.to_string(), t.mean.to_string()) rows=r.by_service />
            <BarChart id="by-counter".into() title=t.by_counter.to_string() unit=t.points.to_string() columns=(t.counter.to_string(), t.mean.to_string()) rows=r.by_counter />
        </Page>
    }
}

/// The editors' page: the questions in their line format, and the comments.
#[component]
pub fn SurveyAdmin(
    questions: String,
    comments: Vec<(i64, Option<String>, String)>,
    csrf: String,
    errors: Vec<crate::error::FieldError>,
    /// Each counter's survey address and its name.
    counters: Vec<(String, String)>,
) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t().survey;
    let error = errors
        .iter()
        .find(|e| e.field == "questions")
        .map(|e| e.message.clone());
    view! {
        <form method="post" action="/staff/surveys" class="question" novalidate>
            <input type="hidden" name="csrf" value=csrf />
            <TextField name="questions" label=t.questions hint=t.questions_hint value=questions error rows=10 />
            <button type="submit" class="primary">{t.save}</button>
        </form>
        <h2>{t.qr_heading}</h2>
        <p>{t.qr_hint}</p>
        <ul class="qr-codes">
            {counters
                .into_iter()
                .map(|(path, name)| view! {
                    <li>
                        <figure>
                            <img src=format!("{path}/qr.svg") width="176" height="176" alt=format!("{}{}{name}", t.qr_heading, lang.colon()) />
                            <figcaption><a href=path>{name}</a></figcaption>
                        </figure>
                    </li>
                })
                .collect_view()}
        </ul>
        <h2>{t.comments}</h2>
        <ul>
            {comments
                .into_iter()
                .map(|(at, service, text)| {
                    let day = crate::dates::date_of_unix(at);
                    view! { <li><time datetime=crate::dates::iso_date(day)>{crate::dates::format_date(lang, day)}</time> " " {service.unwrap_or_default()} "：" {text}</li> }
                })
                .collect_view()}
        </ul>
    }
}
