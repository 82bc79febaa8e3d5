//! The booking question pages, one thing per page, rendered from the `BookingView` the server
//! prepared for this request. Forms post back to the same address; the server checks the
//! answers and either shows the page again with an error summary (status 422) or goes on.

use crate::booking::flow::{BookingView, Step};
use crate::components::{ErrorSummary, Page, TextField};
use crate::dates::{format_date, format_minutes, iso_date};
use crate::error::FieldError;
use crate::i18n::Lang;
use crate::pages::not_found::NotFoundPage;
use crate::site::{from_request, page_context};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn BookPage() -> impl IntoView {
    match from_request::<BookingView>() {
        Some(view) => Either::Left(view! { <BookStep view /> }),
        None => Either::Right(view! { <NotFoundPage /> }),
    }
}

fn error_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

#[component]
fn BookStep(view: BookingView) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let service_name = view.service.name.get(lang).to_string();
    let title = match (&view.confirmation, &view.code) {
        (Some(_), _) => t.done_title.to_string(),
        (None, Some(_)) => t.safety.code_title.to_string(),
        (None, None) => view.step.title(lang).to_string(),
    };
    let heading = (title, format!("{service_name}：{}", t.book.description));
    let position = view
        .steps
        .iter()
        .position(|s| *s == view.step)
        .map(|p| p + 1)
        .unwrap_or(1);
    let progress = t.step_of.replacen("{}", &position.to_string(), 1).replacen(
        "{}",
        &view.steps.len().to_string(),
        1,
    );
    let back = view
        .steps
        .iter()
        .position(|s| *s == view.step)
        .and_then(|p| p.checked_sub(1))
        .map(|p| format!("/book/{}/{}", view.service.code, view.steps[p].code()));
    let action = format!("/book/{}/{}", view.service.code, view.step.code());
    let errors = view.errors.clone();
    view! {
        <Page path="/services/:code" heading>
            <p class="caption">
                {service_name}
                {view.confirmation.is_none().then(|| view! { " · " {progress} })}
            </p>
            <ErrorSummary errors=errors.clone() />
            {view.notice.clone().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {match (view.confirmation.clone(), view.code.clone()) {
                (Some(c), _) => Either::Left(view! { <Done confirmation=c lang service=view.service.code.clone() /> }.into_any()),
                (None, Some(code)) => {
                    let s = t.safety;
                    let error = error_for(&view.errors, "code").map(String::from);
                    Either::Left(view! {
                        <p class="lead">{s.code_sent.replace("{0}", &code.sent_to).replace("{1}", &code.until)}</p>
                        <form method="post" action=format!("/book/{}/code", view.service.code) class="question" novalidate>
                            <TextField name="code" label=s.code_label hint=s.code_hint value=String::new() error kind="text" autocomplete="one-time-code" />
                            <button type="submit" class="primary">{s.code_button}</button>
                        </form>
                    }.into_any())
                }
                (None, None) => {
                    Either::Right(
                        view! {
                            <form method="post" action=action class="question" novalidate>
                                <Fields view=view.clone() lang />
                                <button type="submit" class="primary">
                                    {if view.step == Step::Check { t.confirm_booking } else { t.continue_ }}
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

#[component]
fn Fields(view: BookingView, lang: Lang) -> impl IntoView {
    let t = lang.t();
    let answer = |k: &str| view.answers.get(k).cloned().unwrap_or_default();
    let err = |k: &str| error_for(&view.errors, k).map(String::from);
    let legend = view.step.title(lang);
    match view.step {
        Step::Item | Step::Place | Step::Day | Step::Time => {
            let field = view.step.fields()[0];
            let chosen = answer(field);
            let choices: Vec<(String, String, Option<String>)> = match view.step {
                Step::Item => view
                    .service
                    .items
                    .iter()
                    .map(|i| (i.code.clone(), i.name.get(lang).to_string(), Some(i.fees.get(lang).to_string()).filter(|f| !f.is_empty())))
                    .collect(),
                Step::Place => view.places.iter().map(|(id, name)| (id.clone(), name.get(lang).to_string(), None)).collect(),
                Step::Day => view
                    .days
                    .iter()
                    .map(|d| {
                        let weekday = t.weekdays[usize::from(d.day.weekday().number_from_monday() - 1)];
                        (
                            iso_date(d.day),
                            format!("{} {weekday}", format_date(lang, d.day)),
                            Some(t.seats_left.replace("{}", &d.seats_left.to_string())),
                        )
                    })
                    .collect(),
                _ => view
                    .slots
                    .iter()
                    .map(|(s, left)| {
                        (
                            s.starts.to_string(),
                            format!("{}–{}", format_minutes(s.starts), format_minutes(s.ends)),
                            Some(t.seats_left.replace("{}", &left.to_string())),
                        )
                    })
                    .collect(),
            };
            let empty = match view.step {
                Step::Day => Some(t.no_days),
                Step::Time => Some(t.no_times),
                _ => None,
            };
            let error = err(field);
            let invalid = error.is_some().then_some("true");
            Either::Left(view! {
                <fieldset id=format!("field-{field}") aria-invalid=invalid>
                    <legend class="visually-hidden">{legend}</legend>
                    {error.map(|e| view! { <p class="error">{e}</p> })}
                    {choices.is_empty().then(|| view! { <p>{empty.unwrap_or_default()}</p> })}
                    <div class="choices">
                        {choices
                            .into_iter()
                            .enumerate()
                            .map(|(n, (value, label, hint))| {
                                let id = format!("{field}-{n}");
                                let checked = value == chosen;
                                view! {
                                    <div class="choice">
                                        <input type="radio" id=id.clone() name=field value=value checked=checked />
                                        <label for=id>
                                            {label}
                                            {hint.map(|h| view! { <span class="hint">{h}</span> })}
                                        </label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            }
            .into_any())
        }
        Step::Options => {
            let item = view.service.items.iter().find(|i| Some(&i.code) == view.answers.get("item")).cloned();
            let chosen: Vec<String> = answer("options").split(',').map(String::from).collect();
            Either::Left(view! {
                <fieldset id="field-options">
                    <legend class="visually-hidden">{legend}</legend>
                    {item.as_ref().map(|i| view! { <p>{i.note.get(lang).to_string()}</p> })}
                    <input type="hidden" name="options_shown" value="1" />
                    <div class="choices">
                        {item
                            .map(|i| i.one_stop)
                            .unwrap_or_default()
                            .into_iter()
                            .enumerate()
                            .map(|(n, o)| {
                                let id = format!("options-{n}");
                                let checked = chosen.contains(&o.code);
                                view! {
                                    <div class="choice">
                                        <input type="checkbox" id=id.clone() name="options" value=o.code checked=checked />
                                        <label for=id>{o.label.get(lang).to_string()}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            }
            .into_any())
        }
        Step::Details => Either::Left(view! {
            <TextField name="name" label=t.name_label value=answer("name") error=err("name") autocomplete="name" />
            <TextField name="id" label=t.id_label hint=t.id_hint value=answer("id") error=err("id") />
            <TextField name="phone" label=t.phone_label hint=t.phone_hint value=answer("phone") error=err("phone") kind="tel" autocomplete="tel" />
            <TextField
                name="email"
                label=if view.service.contended { t.safety.email_for_code_label } else { t.email_label }
                hint=if view.service.contended { t.safety.email_for_code_hint } else { t.email_hint }
                value=answer("email")
                error=err("email")
                kind="email"
                autocomplete="email"
            />
        }
        .into_any()),
        Step::Partner => {
            let nationality = answer("partner_nationality");
            let error = err("partner_nationality");
            let invalid = error.is_some().then_some("true");
            Either::Left(view! {
                <TextField name="partner_name" label=t.partner_name_label value=answer("partner_name") error=err("partner_name") />
                <fieldset id="field-partner_nationality" aria-invalid=invalid>
                    <legend>{t.nationality_label}</legend>
                    {error.map(|e| view! { <p class="error">{e}</p> })}
                    <div class="choices">
                        <div class="choice">
                            <input type="radio" id="nationality-tw" name="partner_nationality" value="TW" checked=nationality == "TW" />
                            <label for="nationality-tw">{t.nationality_tw}</label>
                        </div>
                        <div class="choice">
                            <input type="radio" id="nationality-other" name="partner_nationality" value="other" checked=nationality == "other" />
                            <label for="nationality-other">{t.nationality_other}</label>
                        </div>
                    </div>
                </fieldset>
                <TextField name="partner_id" label=t.partner_id_label hint=t.partner_id_hint value=answer("partner_id") error=err("partner_id") />
            }
            .into_any())
        }
        Step::Check => {
            let s = t.safety;
            let challenge = view.challenge.clone().map(|c| {
                view! {
                    <crate::booking::challenge::Challenge
                        token=c.token
                        difficulty=c.difficulty
                        question=c.question
                        hint=s.challenge_hint.to_string()
                        solved_text=s.challenge_solved.to_string()
                        error=err("challenge_answer")
                    />
                }
            });
            Either::Right(view! {
                <CheckAnswers view=view.clone() lang />
                {challenge}
            })
        }
    }
}

#[component]
fn CheckAnswers(view: BookingView, lang: Lang) -> impl IntoView {
    let t = lang.t();
    let code = view.service.code.clone();
    let a = |k: &str| view.answers.get(k).cloned().unwrap_or_default();
    let mut rows: Vec<(Step, &'static str, String)> = Vec::new();
    for step in &view.steps {
        match step {
            Step::Item => {
                let name = view
                    .service
                    .items
                    .iter()
                    .find(|i| i.code == a("item"))
                    .map(|i| i.name.get(lang).to_string());
                rows.push((*step, t.items_heading, name.unwrap_or_default()));
            }
            Step::Options => {
                let item = view.service.items.iter().find(|i| i.code == a("item"));
                let chosen: Vec<String> = item
                    .map(|i| {
                        i.one_stop
                            .iter()
                            .filter(|o| a("options").split(',').any(|c| c == o.code))
                            .map(|o| o.label.get(lang).to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                rows.push((
                    *step,
                    t.one_stop,
                    if chosen.is_empty() {
                        t.options_none.to_string()
                    } else {
                        chosen.join("、")
                    },
                ));
            }
            Step::Place => {
                let name = view
                    .places
                    .iter()
                    .find(|(id, _)| *id == a("place"))
                    .map(|(_, n)| n.get(lang).to_string());
                rows.push((*step, t.place_label, name.unwrap_or_default()));
            }
            Step::Day => {
                let day = crate::dates::parse_date(&a("day"))
                    .map(|d| format_date(lang, d))
                    .unwrap_or_default();
                rows.push((*step, t.date_label, day));
            }
            Step::Time => {
                let time = a("time")
                    .parse::<u16>()
                    .map(format_minutes)
                    .unwrap_or_default();
                rows.push((*step, t.time_label, time));
            }
            Step::Details => {
                rows.push((*step, t.name_label, a("name")));
                rows.push((*step, t.id_label, a("id")));
                rows.push((*step, t.phone_label, a("phone")));
                if !a("email").is_empty() {
                    let label = if view.service.contended {
                        t.safety.email_for_code_label
                    } else {
                        t.email_label
                    };
                    rows.push((*step, label, a("email")));
                }
            }
            Step::Partner => {
                rows.push((*step, t.partner_name_label, a("partner_name")));
                let nationality = if a("partner_nationality") == "TW" {
                    t.nationality_tw
                } else {
                    t.nationality_other
                };
                rows.push((*step, t.nationality_label, nationality.to_string()));
                rows.push((*step, t.partner_id_label, a("partner_id")));
            }
            _ => {}
        }
    }
    view! {
        <dl class="summary">
            {rows
                .into_iter()
                .map(|(step, label, value)| {
                    view! {
                        <div class="summary-row">
                            <dt>{label}</dt>
                            <dd>{value}</dd>
                            <dd class="summary-change">
                                <a href=format!("/book/{code}/{}", step.code())>
                                    {t.change} <span class="visually-hidden">{label}</span>
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
fn Done(
    confirmation: crate::booking::flow::Confirmation,
    lang: Lang,
    service: String,
) -> impl IntoView {
    let t = lang.t();
    let c = confirmation;
    view! {
        <div class="panel-done">
            <p>{t.reference}</p>
            <p class="reference">{c.reference.clone()}</p>
        </div>
        <dl class="facts">
            {c.item.map(|i| view! { <dt>{t.items_heading}</dt> <dd>{i.get(lang).to_string()}</dd> })}
            <dt>{t.date_label}</dt>
            <dd>
                <time datetime=iso_date(c.day)>{format_date(lang, c.day)}</time>
                " " {format_minutes(c.slot.starts)} "–" {format_minutes(c.slot.ends)}
            </dd>
            <dt>{t.place_label}</dt>
            <dd>{c.place.get(lang).to_string()} "（" {c.address.get(lang).to_string()} "）"</dd>
            <dt>{t.id_label}</dt>
            <dd>{c.masked_id.clone()}</dd>
        </dl>
        <figure class="qr">
            <div role="img" aria-label=format!("QR code: {}", c.reference) inner_html=c.qr_svg.clone()></div>
            <figcaption>{t.reference} {c.reference.clone()}</figcaption>
        </figure>
        <h2>{t.what_next}</h2>
        <p>{t.what_next_body}</p>
        {c.emailed.then(|| view! { <p>{t.emailed}</p> })}
        <p>
            <a href=format!("/book/{service}/done/appointment.ics") download="appointment.ics">{t.add_to_calendar}</a>
        </p>
        <p>
            <a href="/bookings/lookup">{t.lookup.title}</a>
        </p>
    }
}
