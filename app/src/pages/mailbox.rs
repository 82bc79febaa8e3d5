//! 意見信箱: the form (category with its reply time, subject, message, name, e-mail or phone),
//! the case number after sending, the lookup with the office's reply, and the monthly figures.

use crate::components::{BarChart, Choices, ErrorSummary, Page, TextField, paragraphs};
use crate::dates::{format_date, iso_date};
use crate::pages::not_found::NotFoundPage;
use crate::petitions::{MailboxView, MonthStats, status_label};
use crate::site::{from_request, page_context};
use leptos::prelude::*;

#[component]
pub fn MailboxPage() -> impl IntoView {
    match from_request::<MailboxView>() {
        Some(MailboxView::Form {
            categories,
            values,
            errors,
        }) => {
            let ctx = page_context();
            let lang = ctx.lang();
            let m = ctx.t().mailbox;
            let error = |name: &str| {
                errors
                    .iter()
                    .find(|e| e.field == name)
                    .map(|e| e.message.clone())
            };
            let (subject_error, name_error, email_error, phone_error) = (
                error("subject"),
                error("name"),
                error("email"),
                error("phone"),
            );
            let file_error = error("file");
            let (category_error, message_error) = (error("category"), error("message"));
            let options = categories
                .into_iter()
                .map(|(code, name, days)| {
                    let label = lang.with_aside(
                        name.get(lang),
                        &m.reply_within.replace("{}", &days.to_string()),
                    );
                    (code, label)
                })
                .collect();
            view! {
                <Page path="/mailbox">
                    <p>{m.intro}</p>
                    <p><a href="/mailbox/lookup">{m.lookup_link}</a> " · " <a href="/mailbox/statistics">{m.stats_page.title}</a></p>
                    <ErrorSummary errors=errors.clone() />
                    <form method="post" action="/mailbox" enctype="multipart/form-data" class="question" novalidate>
                        <Choices name="category" legend=m.category.to_string() options selected=values.category.clone() error=category_error />
                        <TextField name="subject" label=m.subject value=values.subject.clone() error=subject_error.clone() />
                        <TextField name="message" label=m.message value=values.message.clone() error=message_error rows=8 />
                        <TextField name="name" label=m.name value=values.name.clone() error=name_error.clone() autocomplete="name" />
                        <TextField name="email" label=m.email hint=m.contact_hint value=values.email.clone() error=email_error.clone() kind="email" autocomplete="email" />
                        <TextField name="phone" label=m.phone value=values.phone.clone() error=phone_error.clone() kind="tel" autocomplete="tel" />
                        <div class="field" class:field-error=file_error.is_some()>
                            <label for="field-file">{m.attachment}</label>
                            <p class="hint" id="field-file-hint">{m.attachment_hint}</p>
                            {file_error.clone().map(|e| view! { <p class="error" id="field-file-error">{e}</p> })}
                            <input type="file" id="field-file" name="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                                aria-describedby=if file_error.is_some() { "field-file-hint field-file-error" } else { "field-file-hint" }
                                aria-invalid=file_error.is_some().then_some("true") />
                        </div>
                        <p class="hint">{m.privacy}</p>
                        <button type="submit" class="primary">{m.send}</button>
                    </form>
                </Page>
            }
            .into_any()
        }
        Some(MailboxView::Sent {
            number,
            due,
            emailed,
        }) => {
            let ctx = page_context();
            let lang = ctx.lang();
            let m = ctx.t().mailbox;
            view! {
                <Page path="/mailbox/sent/:number">
                    <div class="panel-done">
                        <p>{m.number}</p>
                        <p class="reference">{number}</p>
                    </div>
                    <dl class="facts">
                        <dt>{m.due}</dt>
                        <dd><time datetime=iso_date(due)>{format_date(lang, due)}</time></dd>
                    </dl>
                    <p>{m.sent_next}</p>
                    {emailed.then(|| view! { <p>{m.emailed}</p> })}
                    <p><a href="/mailbox/lookup">{m.lookup_link}</a></p>
                </Page>
            }
            .into_any()
        }
        Some(MailboxView::Lookup {
            number,
            errors,
            notice,
            found,
        }) => {
            let ctx = page_context();
            let lang = ctx.lang();
            let m = ctx.t().mailbox;
            let error = |name: &str| {
                errors
                    .iter()
                    .find(|e| e.field == name)
                    .map(|e| e.message.clone())
            };
            let (number_error, contact_error) = (error("number"), error("contact"));
            view! {
                <Page path="/mailbox/lookup">
                    <ErrorSummary errors=errors.clone() />
                    {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
                    {found.map(|d| view! {
                        <dl class="facts">
                            <dt>{m.number}</dt>
                            <dd class="reference-inline">{d.row.number.clone()}</dd>
                            <dt>{m.subject}</dt>
                            <dd>{d.row.subject.clone()}</dd>
                            <dt>{m.received}</dt>
                            <dd><time datetime=iso_date(d.row.received)>{format_date(lang, d.row.received)}</time></dd>
                            <dt>{m.due}</dt>
                            <dd><time datetime=iso_date(d.row.due)>{format_date(lang, d.row.due)}</time></dd>
                            <dt>{m.status}</dt>
                            <dd>{status_label(&d.row.status, lang)}</dd>
                        </dl>
                        <h2>{m.reply}</h2>
                        {match d.reply.clone() {
                            Some(r) => paragraphs(&r).into_any(),
                            None => view! { <p>{m.no_reply_yet}</p> }.into_any(),
                        }}
                    })}
                    <form method="post" action="/mailbox/lookup" class="question" novalidate>
                        <TextField name="number" label=m.number value=number error=number_error.clone() />
                        <TextField name="contact" label=m.lookup_contact value=String::new() error=contact_error.clone() />
                        <button type="submit" class="primary">{m.lookup_button}</button>
                    </form>
                </Page>
            }
            .into_any()
        }
        Some(MailboxView::Statistics { months, categories }) => {
            view! { <Statistics months categories /> }.into_any()
        }
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

#[component]
fn Statistics(
    months: Vec<MonthStats>,
    categories: Vec<(String, crate::i18n::L10n)>,
) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let m = ctx.t().mailbox;
    let name_of = move |code: &str| {
        categories
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.get(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    };
    // The on-time rate of each month, all categories together.
    let mut by_month: Vec<(String, u32, u32)> = Vec::new();
    for s in &months {
        match by_month.iter_mut().find(|(mo, _, _)| *mo == s.month) {
            Some(e) => {
                e.1 += s.on_time;
                e.2 += s.late;
            }
            None => by_month.push((s.month.clone(), s.on_time, s.late)),
        }
    }
    by_month.sort();
    let rates: Vec<(String, f64)> = by_month
        .into_iter()
        .filter(|(_, a, b)| a + b > 0)
        .map(|(mo, a, b)| (mo, f64::from(a) * 100.0 / f64::from(a + b)))
        .collect();
    view! {
        <Page path="/mailbox/statistics">
            <p>{m.stats_intro}</p>
            <BarChart id="rates".into() title=m.rate_chart.to_string() unit="%".into() columns=(m.month.to_string(), m.rate.to_string()) rows=rates />
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{m.month}</th>
                        <th scope="col">{m.category}</th>
                        <th scope="col">{m.count}</th>
                        <th scope="col">{m.on_time}</th>
                        <th scope="col">{m.late}</th>
                        <th scope="col">{m.open}</th>
                        <th scope="col">{m.rate}</th>
                    </tr>
                </thead>
                <tbody>
                    {months
                        .iter()
                        .map(|s| view! {
                            <tr>
                                <td>{s.month.clone()}</td>
                                <td>{name_of(&s.category)}</td>
                                <td>{s.received}</td>
                                <td>{s.on_time}</td>
                                <td>{s.late}</td>
                                <td>{s.open}</td>
                                <td>{s.on_time_rate().map(|r| format!("{r:.0}%")).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </Page>
    }
}

/// The register for staff: every message by deadline, contact masked, flags shown.
#[component]
pub fn PetitionList(rows: Vec<crate::petitions::Row>, lang: crate::i18n::Lang) -> impl IntoView {
    let m = page_context().t().mailbox;
    view! {
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{m.number}</th>
                    <th scope="col">{m.category}</th>
                    <th scope="col">{m.subject}</th>
                    <th scope="col">{m.name}</th>
                    <th scope="col">{m.status}</th>
                    <th scope="col">{m.due}</th>
                    <th scope="col">{m.flag}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| view! {
                        <tr>
                            <td><a href=format!("/staff/petitions/{}", r.number)>{r.number.clone()}</a></td>
                            <td>{r.category.clone()}</td>
                            <td>{r.subject.clone()}</td>
                            <td>{r.masked_name.clone()}</td>
                            <td>{status_label(&r.status, lang)}</td>
                            <td><time datetime=iso_date(r.due)>{format_date(lang, r.due)}</time></td>
                            <td>{r.flag.map(|f| view! { <strong class="flag">{f.label(lang)}</strong> })}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// One message for staff: the message, contact masked, notes, and the actions.
#[component]
pub fn PetitionDetail(
    detail: crate::petitions::Detail,
    csrf: String,
    lang: crate::i18n::Lang,
) -> impl IntoView {
    let m = page_context().t().mailbox;
    let d = detail;
    let number = d.row.number.clone();
    let open = d.row.status != "replied";
    view! {
        <dl class="facts">
            <dt>{m.category}</dt>
            <dd>{d.row.category.clone()}</dd>
            <dt>{m.subject}</dt>
            <dd>{d.row.subject.clone()}</dd>
            <dt>{m.name}</dt>
            <dd>{d.name.clone()}</dd>
            <dt>{m.email}</dt>
            <dd>{d.masked_email.clone().unwrap_or_default()}</dd>
            <dt>{m.phone}</dt>
            <dd>{d.masked_phone.clone().unwrap_or_default()}</dd>
            <dt>{m.received}</dt>
            <dd><time datetime=iso_date(d.row.received)>{format_date(lang, d.row.received)}</time></dd>
            <dt>{m.due}</dt>
            <dd>
                <time datetime=iso_date(d.row.due)>{format_date(lang, d.row.due)}</time>
                {d.row.flag.map(|f| view! { " " <strong class="flag">{f.label(lang)}</strong> })}
            </dd>
            <dt>{m.status}</dt>
            <dd>{status_label(&d.row.status, lang)}</dd>
            <dt>{m.handler}</dt>
            <dd>{d.row.handler.clone().unwrap_or_default()}</dd>
        </dl>
        <h2>{m.message}</h2>
        {paragraphs(&d.message)}
        {(!d.attachments.is_empty()).then(|| view! {
            <h2>{m.attachments}</h2>
            <ul>
                {d.attachments.iter().map(|(id, name, size)| view! {
                    <li><a href=format!("/staff/petitions/{number}/files/{id}")>{name.clone()}</a> {lang.with_aside("", &format!("{} KB", (size + 1023) / 1024))}</li>
                }).collect_view()}
            </ul>
        })}
        {open.then(|| view! {
            <form method="post" action=format!("/staff/petitions/{number}/assign") class="inline">
                <input type="hidden" name="csrf" value=csrf.clone() />
                <button type="submit">{m.assign_me}</button>
            </form>
        })}
        <h2>{m.notes}</h2>
        <ul>
            {d.notes.iter().map(|(who, at, note)| {
                let day = crate::dates::date_of_unix(*at);
                view! { <li><time datetime=iso_date(day)>{format_date(lang, day)}</time> " " {who.clone()} "：" {note.clone()}</li> }
            }).collect_view()}
        </ul>
        <form method="post" action=format!("/staff/petitions/{number}/note") class="question" novalidate>
            <input type="hidden" name="csrf" value=csrf.clone() />
            <TextField name="note" label=m.note value=String::new() error=None rows=3 />
            <button type="submit">{m.add_note}</button>
        </form>
        <h2>{m.reply}</h2>
        {match d.reply.clone() {
            Some(r) => paragraphs(&r).into_any(),
            None => view! {
                <form method="post" action=format!("/staff/petitions/{number}/reply") class="question" novalidate>
                    <input type="hidden" name="csrf" value=csrf.clone() />
                    <TextField name="reply" label=m.reply_text value=String::new() error=None rows=8 />
                    <button type="submit" class="primary">{m.send_reply}</button>
                </form>
            }.into_any(),
        }}
    }
}
