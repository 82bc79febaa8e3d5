//! 創新服務及改進建議: the adopted suggestions with what changed and the yearly figures, the form
//! to make one, its progress by number; and for staff, the list with the review group's scores
//! and one suggestion with the scoring and decision forms.

use crate::components::{Choices, ErrorSummary, Page, TextField, paragraphs};
use crate::dates::{format_date, iso_date, roc_year};
use crate::error::FieldError;
use crate::i18n::Lang;
use crate::pages::not_found::NotFoundPage;
use crate::site::{from_request, page_context};
use crate::suggestions::{
    CRITERIA, Detail, Published, Row, SuggestionsView, Values, YearStats, area_name, areas, means,
    status_label,
};
use leptos::prelude::*;
use leptos_meta::Link;

fn error_of(errors: &[FieldError], name: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == name)
        .map(|e| e.message.clone())
}

fn origin_label(origin: &str, lang: Lang) -> &'static str {
    let t = lang.t().suggestions;
    if origin == "staff" {
        t.origin_staff
    } else {
        t.origin_citizen
    }
}

fn year_label(year: i32, lang: Lang) -> String {
    match lang {
        Lang::ZhTw => format!("民國 {} 年（{year}）", roc_year(year)),
        Lang::En => year.to_string(),
    }
}

/// The fields of a suggestion, for citizens (with name and e-mail) and staff (without).
#[component]
fn SuggestionFields(values: Values, errors: Vec<FieldError>, citizen: bool) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t().suggestions;
    let options = areas(lang)
        .into_iter()
        .map(|(code, name)| (code.to_string(), name.to_string()))
        .collect();
    view! {
        <Choices name="area" legend=t.area.to_string() options selected=values.area.clone() error=error_of(&errors, "area") />
        <TextField name="title" label=t.title value=values.title.clone() error=error_of(&errors, "title") />
        <TextField name="current" label=t.current value=values.current.clone() error=error_of(&errors, "current") rows=4 />
        <TextField name="proposal" label=t.proposal value=values.proposal.clone() error=error_of(&errors, "proposal") rows=8 />
        {citizen.then(|| view! {
            <TextField name="name" label=t.name value=values.name.clone() error=error_of(&errors, "name") autocomplete="name" />
            <TextField name="email" label=t.email value=values.email.clone() error=error_of(&errors, "email") kind="email" autocomplete="email" />
            <p class="hint">{t.privacy}</p>
        })}
    }
}

#[component]
pub fn SuggestionsPage() -> impl IntoView {
    match from_request::<SuggestionsView>() {
        Some(SuggestionsView::Published { adopted, years }) => {
            view! { <PublishedList adopted years /> }.into_any()
        }
        Some(SuggestionsView::Form { values, errors }) => {
            let t = page_context().t().suggestions;
            view! {
                <Page path="/suggestions/new">
                    <p>{t.form_intro}</p>
                    <ErrorSummary errors=errors.clone() />
                    <form method="post" action="/suggestions/new" class="question" novalidate>
                        <SuggestionFields values errors citizen=true />
                        <button type="submit" class="primary">{t.send}</button>
                    </form>
                </Page>
            }
            .into_any()
        }
        Some(SuggestionsView::Status {
            number,
            notice,
            found,
        }) => {
            let ctx = page_context();
            let lang = ctx.lang();
            let t = ctx.t().suggestions;
            view! {
                <Page path="/suggestions/status">
                    {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
                    {found.map(|s| {
                        let s = *s;
                        view! {
                            <dl class="facts">
                                <dt>{t.number}</dt>
                                <dd class="reference-inline">{number.clone()}</dd>
                                <dt>{t.area}</dt>
                                <dd>{area_name(&s.area, lang)}</dd>
                                <dt>{t.received}</dt>
                                <dd><time datetime=iso_date(s.received)>{format_date(lang, s.received)}</time></dd>
                                <dt>{t.status}</dt>
                                <dd>{status_label(&s.status, s.scored, lang)}</dd>
                                {s.decided.map(|d| view! {
                                    <dt>{t.decided}</dt>
                                    <dd><time datetime=iso_date(d)>{format_date(lang, d)}</time></dd>
                                })}
                            </dl>
                            {s.reason.map(|r| view! { <h2>{t.reason}</h2> {paragraphs(&r)} })}
                            {s.public_title.zip(s.public_change).map(|(title, change)| view! {
                                <h2>{t.change}</h2>
                                <p><strong>{title}</strong></p>
                                {paragraphs(&change)}
                            })}
                        }
                    })}
                    <form method="get" action="/suggestions/status" class="question">
                        <TextField name="number" label=t.number value=number error=None />
                        <button type="submit" class="primary">{t.lookup_button}</button>
                    </form>
                </Page>
            }
            .into_any()
        }
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

#[component]
fn PublishedList(adopted: Vec<Published>, years: Vec<YearStats>) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t().suggestions;
    let none = adopted.is_empty();
    view! {
        <Link rel="alternate" type_="application/rss+xml" title=format!("{} (RSS)", t.feed) href="/feeds/suggestions.rss" />
        <Link rel="alternate" type_="application/atom+xml" title=format!("{} (Atom)", t.feed) href="/feeds/suggestions.atom" />
        <Page path="/suggestions">
            <p>{t.intro}</p>
            <p><a href="/suggestions/new">{t.new_link}</a> " · " <a href="/suggestions/status">{t.status_link}</a></p>
            <h2>{t.adopted_list}</h2>
            {none.then(|| view! { <p>{t.none_adopted}</p> })}
            {adopted
                .into_iter()
                .map(|a| view! {
                    <article class="card" id=a.number.clone()>
                        <h3>{a.title.clone()}</h3>
                        <p class="meta">
                            {area_name(&a.area, lang)} " · " {origin_label(&a.origin, lang)} " · " {t.adopted_on} " "
                            <time datetime=iso_date(a.adopted)>{format_date(lang, a.adopted)}</time>
                        </p>
                        <h4>{t.change}</h4>
                        {paragraphs(&a.change)}
                    </article>
                })
                .collect_view()}
            <h2>{t.figures}</h2>
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.year}</th>
                        <th scope="col">{t.received_n}</th>
                        <th scope="col">{t.adopted_n}</th>
                        <th scope="col">{t.not_adopted_n}</th>
                        <th scope="col">{t.open_n}</th>
                    </tr>
                </thead>
                <tbody>
                    {years
                        .into_iter()
                        .map(|y| view! {
                            <tr>
                                <th scope="row">{year_label(y.year, lang)}</th>
                                <td>{y.received}</td>
                                <td>{y.adopted}</td>
                                <td>{y.not_adopted}</td>
                                <td>{y.open}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </Page>
    }
}

/// The staff list: every suggestion with its scores, and the form to make one.
#[component]
pub fn SuggestionList(
    rows: Vec<Row>,
    values: Values,
    csrf: String,
    errors: Vec<FieldError>,
    reviewer: bool,
    lang: Lang,
) -> impl IntoView {
    let t = page_context().t().suggestions;
    view! {
        {(!reviewer).then(|| view! { <p class="hint">{t.only_reviewers}</p> })}
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{t.number}</th>
                    <th scope="col">{t.area}</th>
                    <th scope="col">{t.title}</th>
                    <th scope="col">{t.proposer}</th>
                    <th scope="col">{t.received}</th>
                    <th scope="col">{t.status}</th>
                    <th scope="col">{t.scores}</th>
                    <th scope="col">{t.mean_total}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| view! {
                        <tr>
                            <td><a href=format!("/staff/suggestions/{}", r.number)>{r.number.clone()}</a></td>
                            <td>{area_name(&r.area, lang)}</td>
                            <td>{r.title.clone()}</td>
                            <td>{lang.with_aside(&r.masked_proposer, origin_label(&r.origin, lang))}</td>
                            <td><time datetime=iso_date(r.received)>{format_date(lang, r.received)}</time></td>
                            <td>{status_label(&r.status, r.scores > 0, lang)}</td>
                            <td>{r.scores}</td>
                            <td>{r.mean_total.map(|m| format!("{m:.1}")).unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
        <h2>{t.staff_new}</h2>
        <p>{t.staff_intro}</p>
        <ErrorSummary errors=errors.clone() />
        <form method="post" action="/staff/suggestions" class="question" novalidate>
            <input type="hidden" name="csrf" value=csrf />
            <SuggestionFields values errors citizen=false />
            <button type="submit" class="primary">{t.send}</button>
        </form>
    }
}

/// One suggestion for staff: what was proposed, the scores, and (for the review group) the
/// scoring and decision forms, or the published text of an adopted one.
#[component]
pub fn SuggestionReview(detail: Detail, csrf: String, reviewer: bool, lang: Lang) -> impl IntoView {
    let t = page_context().t().suggestions;
    let d = detail;
    let number = d.row.number.clone();
    let open = d.row.status == "received";
    let mean = means(&d.scores);
    let mine = d.mine.clone();
    let may_score = reviewer && open && !d.own;
    let may_decide = reviewer && open && !d.own;
    let adopted = d.row.status == "adopted";
    view! {
        <dl class="facts">
            <dt>{t.area}</dt>
            <dd>{area_name(&d.row.area, lang)}</dd>
            <dt>{t.title}</dt>
            <dd>{d.row.title.clone()}</dd>
            <dt>{t.proposer}</dt>
            <dd>{lang.with_aside(&d.proposer, origin_label(&d.row.origin, lang))}</dd>
            {d.masked_email.clone().map(|e| view! { <dt>{t.email}</dt> <dd>{e}</dd> })}
            <dt>{t.received}</dt>
            <dd><time datetime=iso_date(d.row.received)>{format_date(lang, d.row.received)}</time></dd>
            <dt>{t.status}</dt>
            <dd>{status_label(&d.row.status, !d.scores.is_empty(), lang)}</dd>
            {d.decided.map(|day| view! {
                <dt>{t.decided}</dt>
                <dd><time datetime=iso_date(day)>{format_date(lang, day)}</time> " " {d.decided_by.clone().unwrap_or_default()}</dd>
            })}
        </dl>
        {(!d.current.is_empty()).then(|| view! { <h2>{t.current}</h2> {paragraphs(&d.current)} })}
        <h2>{t.proposal}</h2>
        {paragraphs(&d.proposal)}
        <h2>{t.scores}</h2>
        {if d.scores.is_empty() {
            view! { <p>{t.no_scores}</p> }.into_any()
        } else {
            view! {
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">{t.reviewer}</th>
                            {CRITERIA.iter().map(|(_, zh, en)| view! { <th scope="col">{if lang == Lang::ZhTw { *zh } else { *en }}</th> }).collect_view()}
                            <th scope="col">{t.total}</th>
                            <th scope="col">{t.comment}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {d.scores.iter().map(|s| view! {
                            <tr>
                                <th scope="row">{s.reviewer.clone()}</th>
                                <td>{s.innovation}</td>
                                <td>{s.feasibility}</td>
                                <td>{s.benefit}</td>
                                <td>{s.total()}</td>
                                <td>{s.comment.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    {mean.map(|m| view! {
                        <tfoot>
                            <tr>
                                <th scope="row">{t.mean_total}</th>
                                <td>{format!("{:.1}", m[0])}</td>
                                <td>{format!("{:.1}", m[1])}</td>
                                <td>{format!("{:.1}", m[2])}</td>
                                <td>{format!("{:.1}", m[3])}</td>
                                <td></td>
                            </tr>
                        </tfoot>
                    })}
                </table>
            }.into_any()
        }}
        {(reviewer && open && d.own).then(|| view! { <p class="hint">{t.own_suggestion}</p> })}
        {may_score.then(|| {
            let csrf = csrf.clone();
            let number = number.clone();
            view! {
                <h2>{t.your_score}</h2>
                <form method="post" action=format!("/staff/suggestions/{number}/score") class="question" novalidate>
                    <input type="hidden" name="csrf" value=csrf />
                    <p class="hint">{t.score_hint}</p>
                    {CRITERIA.iter().map(|(code, zh, en)| {
                        let current = mine.as_ref().map(|m| match *code {
                            "innovation" => m.innovation,
                            "feasibility" => m.feasibility,
                            _ => m.benefit,
                        });
                        view! {
                            <fieldset class="field scale" id=format!("field-{code}")>
                                <legend>{if lang == Lang::ZhTw { *zh } else { *en }}</legend>
                                {(1..=5u8).map(|v| {
                                    let id = format!("field-{code}-{v}");
                                    view! {
                                        <span class="choice">
                                            <input type="radio" id=id.clone() name=*code value=v.to_string() checked=current == Some(v) />
                                            <label for=id>{v}</label>
                                        </span>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }
                    }).collect_view()}
                    <TextField name="comment" label=t.comment value=mine.as_ref().map(|m| m.comment.clone()).unwrap_or_default() error=None rows=3 />
                    <button type="submit">{t.save_score}</button>
                </form>
            }
        })}
        {may_decide.then(|| {
            let csrf = csrf.clone();
            let number = number.clone();
            let options = vec![("adopt".to_string(), t.adopt.to_string()), ("reject".to_string(), t.reject.to_string())];
            view! {
                <h2>{t.decision}</h2>
                <form method="post" action=format!("/staff/suggestions/{number}/decide") class="question" novalidate>
                    <input type="hidden" name="csrf" value=csrf />
                    <Choices name="decision" legend=t.decision.to_string() options selected=String::new() error=None />
                    <TextField name="reason" label=t.reason_label value=String::new() error=None rows=4 />
                    <p class="hint" id="public-hint">{t.public_hint}</p>
                    <TextField name="public_title" label=t.public_title value=String::new() error=None />
                    <TextField name="public_change" label=t.public_change value=String::new() error=None rows=4 />
                    <button type="submit" class="primary">{t.record_decision}</button>
                </form>
            }
        })}
        {d.reason.clone().map(|r| view! { <h2>{t.reason}</h2> {paragraphs(&r)} })}
        {(adopted && reviewer).then(|| {
            let csrf = csrf.clone();
            view! {
                <h2>{t.update_public}</h2>
                <form method="post" action=format!("/staff/suggestions/{number}/publish") class="question" novalidate>
                    <input type="hidden" name="csrf" value=csrf />
                    <TextField name="public_title" label=t.public_title value=d.public_title.clone().unwrap_or_default() error=None />
                    <TextField name="public_change" label=t.public_change value=d.public_change.clone().unwrap_or_default() error=None rows=4 />
                    <button type="submit">{t.update_public}</button>
                </form>
            }
        })}
        {(adopted && !reviewer).then(|| view! {
            <h2>{t.change}</h2>
            <p><strong>{d.public_title.clone().unwrap_or_default()}</strong></p>
            {paragraphs(&d.public_change.clone().unwrap_or_default())}
        })}
    }
}
