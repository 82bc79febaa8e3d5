//! The staff pages (同仁專區): sign-in, the service points, the day's board at the counters,
//! password change and the access log. Rendered from the `StaffView` the server prepared after
//! checking the session and role; every form carries the session's CSRF token.

use crate::components::{ErrorSummary, Page, TextField};
use crate::dates::{format_date, format_minutes};
use crate::i18n::{Lang, StaffTexts};
use crate::pages::not_found::NotFoundPage;
use crate::queue::Ticket;
use crate::site::{from_request, page_context};
use crate::staff::{BoardView, StaffPage, StaffView};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn StaffPages() -> impl IntoView {
    match from_request::<StaffView>() {
        Some(view) => Either::Left(view! { <Staff view /> }),
        None => Either::Right(view! { <NotFoundPage /> }),
    }
}

/// The status of a booking or ticket, in words.
pub fn status_text(s: &StaffTexts, status: &str) -> &'static str {
    match status {
        "booked" => s.status_booked,
        "checked_in" => s.status_checked_in,
        "done" => s.status_done,
        "no_show" => s.status_no_show,
        "waiting" => s.status_waiting,
        "called" => s.status_called,
        "serving" => s.status_serving,
        _ => s.status_cancelled,
    }
}

#[component]
fn Staff(view: StaffView) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let s = ctx.t().staff;
    let path = match &view.page {
        StaffPage::Login { .. } => "/staff/login",
        StaffPage::Home { .. } => "/staff",
        StaffPage::Password => "/staff/password",
        StaffPage::Audit { .. } => "/staff/audit",
        StaffPage::Board(_) => "/staff/board/:location",
        StaffPage::Cases { .. } => "/staff/cases",
        StaffPage::Case(_) => "/staff/cases/:reference",
        StaffPage::Overview(_) => "/staff/overview/:location",
        StaffPage::Content { .. } => "/staff/content",
        StaffPage::ContentEdit(_) => "/staff/content/:id",
        StaffPage::Synonyms { .. } => "/staff/synonyms",
        StaffPage::Accounts { .. } => "/staff/accounts",
        StaffPage::Forms { .. } => "/staff/forms",
        StaffPage::Datasets { .. } => "/staff/opendata",
        StaffPage::Petitions { .. } => "/staff/petitions",
        StaffPage::Surveys { .. } => "/staff/surveys",
        StaffPage::Petition(_) => "/staff/petitions/:number",
        StaffPage::Suggestions { .. } => "/staff/suggestions",
        StaffPage::Suggestion(_) => "/staff/suggestions/:number",
    };
    let csrf = view
        .user
        .as_ref()
        .map(|u| u.csrf.clone())
        .unwrap_or_default();
    let bar = view.user.clone().map(|u| {
        let csrf = csrf.clone();
        view! {
            <div class="staff-bar">
                <span>{s.signed_in_as.replace("{}", &format!("{}（{}）", u.display_name, u.role.label(lang)))}</span>
                <a href="/staff">{s.staff_home.title}</a>
                <a href="/staff/cases">{s.staff_cases.title}</a>
                <a href="/staff/petitions">{ctx.t().mailbox.staff_list.title}</a>
                <a href="/staff/suggestions">{ctx.t().suggestions.staff_list.title}</a>
                {u.role.allows(crate::staff::Role::Editor).then(|| view! { <a href="/staff/content">{s.staff_content.title}</a> <a href="/staff/forms">{ctx.t().forms.staff_page.title}</a> <a href="/staff/opendata">{ctx.t().opendata.staff_page.title}</a> <a href="/staff/surveys">{ctx.t().survey.staff_page.title}</a> })}
                <a href="/staff/password">{s.staff_password.title}</a>
                {u.role.allows(crate::staff::Role::Admin).then(|| view! { <a href="/staff/accounts">{s.staff_accounts.title}</a> <a href="/staff/audit">{s.staff_audit.title}</a> })}
                <form method="post" action="/staff/logout" class="inline">
                    <input type="hidden" name="csrf" value=csrf />
                    <button type="submit" class="link-button">{s.sign_out}</button>
                </form>
            </div>
        }
    });
    let heading = match &view.page {
        StaffPage::Board(b) => Some((
            format!("{}：{}", s.staff_board.title, b.place.get(lang)),
            s.staff_board.description.to_string(),
        )),
        StaffPage::Overview(o) => Some((
            format!("{}：{}", s.staff_overview.title, o.place.get(lang)),
            s.staff_overview.description.to_string(),
        )),
        StaffPage::Petition(p) => Some((
            format!("{}：{}", ctx.t().mailbox.staff_one.title, p.row.number),
            ctx.t().mailbox.staff_one.description.to_string(),
        )),
        StaffPage::Suggestion(d) => Some((
            format!("{}：{}", ctx.t().suggestions.staff_one.title, d.row.number),
            ctx.t().suggestions.staff_one.description.to_string(),
        )),
        StaffPage::Case(c) => Some((
            format!("{}：{}", s.staff_case.title, c.row.reference),
            s.staff_case.description.to_string(),
        )),
        _ => None,
    };
    let body = match view.page.clone() {
        StaffPage::Login { username, next } => view! { <Login username next errors=view.errors.clone() /> }.into_any(),
        StaffPage::Home { places } => {
            // Each role sees the ways in that it may use.
            let role = view.user.as_ref().map(|u| u.role);
            let may = |needed: crate::staff::Role| role.is_some_and(|r| r.allows(needed));
            let (clerk, supervisor, editor) = (
                may(crate::staff::Role::Clerk),
                may(crate::staff::Role::Supervisor),
                may(crate::staff::Role::Editor),
            );
            view! {
                {editor.then(|| view! { <p><a href="/staff/content">{s.staff_content.title}</a></p> <p><a href="/staff/forms">{ctx.t().forms.staff_page.title}</a></p> <p><a href="/staff/opendata">{ctx.t().opendata.staff_page.title}</a></p> })}
                {clerk.then(|| view! { <p><a href="/staff/cases">{s.staff_cases.title}</a></p> <p><a href="/staff/petitions">{ctx.t().mailbox.staff_list.title}</a></p> })}
                <p><a href="/staff/suggestions">{ctx.t().suggestions.staff_list.title}</a></p>
                <h2>{s.staff_locations}</h2>
                <ul class="places">
                    {places
                        .into_iter()
                        .map(|(id, name, waiting)| {
                            view! {
                                <li>
                                    {if clerk {
                                        Either::Left(view! { <a href=format!("/staff/board/{id}")>{name.get(lang).to_string()}</a> })
                                    } else {
                                        Either::Right(view! { {name.get(lang).to_string()} })
                                    }}
                                    " · " {s.waiting_now.replace("{}", &waiting.to_string())}
                                    {supervisor.then(|| view! { " · " <a href=format!("/staff/overview/{id}")>{s.staff_overview.title}</a> })}
                                    " · " <a href=format!("/display/{id}")>{s.display.title}</a>
                                    " · " <a href=format!("/kiosk/{id}")>{s.kiosk.title}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }
        StaffPage::Password => view! { <Password csrf=csrf.clone() errors=view.errors.clone() /> }.into_any(),
        StaffPage::Audit { entries } => view! {
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{s.col_when}</th>
                        <th scope="col">{s.col_who}</th>
                        <th scope="col">{s.col_action}</th>
                        <th scope="col">{s.col_subject}</th>
                    </tr>
                </thead>
                <tbody>
                    {entries
                        .into_iter()
                        .map(|e| {
                            let at = time::OffsetDateTime::from_unix_timestamp(e.at)
                                .map(|t| t.to_offset(crate::dates::TAIPEI))
                                .ok();
                            let when = at
                                .map(|t| format!("{} {}", crate::dates::iso_date(t.date()), format_minutes(u16::from(t.hour()) * 60 + u16::from(t.minute()))))
                                .unwrap_or_default();
                            view! {
                                <tr>
                                    <td>{when}</td>
                                    <td>{e.who}</td>
                                    <td>{e.action}</td>
                                    <td>{e.subject} " " {e.detail}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
        StaffPage::Board(board) => view! { <Board board=*board csrf=csrf.clone() lang /> }.into_any(),
        StaffPage::Cases { rows, status } => view! { <Cases rows status lang /> }.into_any(),
        StaffPage::Case(case) => view! { <Case case=*case csrf=csrf.clone() lang /> }.into_any(),
        StaffPage::Overview(o) => view! { <Overview o=*o lang /> }.into_any(),
        StaffPage::Content { items, kind } => view! { <ContentList items kind lang /> }.into_any(),
        StaffPage::ContentEdit(form) => view! { <ContentEdit form=*form csrf=csrf.clone() errors=view.errors.clone() lang /> }.into_any(),
        StaffPage::Accounts { accounts } => view! { <Accounts accounts csrf=csrf.clone() errors=view.errors.clone() lang /> }.into_any(),
        StaffPage::Surveys { questions, comments, counters } => view! { <crate::pages::survey::SurveyAdmin questions comments csrf=csrf.clone() errors=view.errors.clone() counters /> }.into_any(),
        StaffPage::Petitions { rows } => view! { <crate::pages::mailbox::PetitionList rows lang /> }.into_any(),
        StaffPage::Suggestions { rows, values } => view! { <crate::pages::suggestions::SuggestionList rows values csrf=csrf.clone() errors=view.errors.clone() reviewer=view.user.as_ref().is_some_and(|u| u.reviews()) lang /> }.into_any(),
        StaffPage::Suggestion(detail) => view! { <crate::pages::suggestions::SuggestionReview detail=*detail csrf=csrf.clone() reviewer=view.user.as_ref().is_some_and(|u| u.reviews()) lang /> }.into_any(),
        StaffPage::Petition(detail) => view! { <crate::pages::mailbox::PetitionDetail detail=*detail csrf=csrf.clone() lang /> }.into_any(),
        StaffPage::Datasets { datasets, values } => view! { <crate::pages::opendata::DatasetUploads datasets values csrf=csrf.clone() errors=view.errors.clone() lang /> }.into_any(),
        StaffPage::Forms { uploads, values } => view! { <FormUploads uploads values csrf=csrf.clone() errors=view.errors.clone() lang /> }.into_any(),
        StaffPage::Synonyms { lines } => view! {
            <form method="post" action="/staff/synonyms" class="question" novalidate>
                <input type="hidden" name="csrf" value=csrf.clone() />
                <div class="field">
                    <label for="field-lines">{s.staff_synonyms.title}</label>
                    <p class="hint" id="field-lines-hint">{s.synonyms_hint}</p>
                    <textarea id="field-lines" name="lines" rows="14" aria-describedby="field-lines-hint">{lines}</textarea>
                </div>
                <button type="submit" class="primary">{s.save}</button>
            </form>
        }
        .into_any(),
    };
    let errors = match &view.page {
        StaffPage::Login { .. } | StaffPage::Password => Vec::new(),
        _ => view.errors.clone(),
    };
    match heading {
        Some(heading) => Either::Left(view! {
            <Page path=path heading>
                {bar}
                <ErrorSummary errors=errors />
                {view.notice.clone().map(|n| view! { <p class="notice" role="status">{n}</p> })}
                {body}
            </Page>
        }),
        None => Either::Right(view! {
            <Page path=path>
                {bar}
                <ErrorSummary errors=errors />
                {view.notice.clone().map(|n| view! { <p class="notice" role="status">{n}</p> })}
                {body}
            </Page>
        }),
    }
}

#[component]
fn Login(username: String, next: String, errors: Vec<crate::error::FieldError>) -> impl IntoView {
    let s = page_context().t().staff;
    let err = |f: &str| {
        errors
            .iter()
            .find(|e| e.field == f)
            .map(|e| e.message.clone())
    };
    view! {
        <ErrorSummary errors=errors.clone() />
        <form method="post" action="/staff/login" class="question" novalidate>
            <input type="hidden" name="next" value=next />
            <TextField name="username" label=s.username_label value=username error=err("username") autocomplete="username" />
            <TextField name="password" label=s.password_label value=String::new() error=err("password") kind="password" autocomplete="current-password" />
            <button type="submit" class="primary">{s.sign_in}</button>
        </form>
    }
}

#[component]
fn Password(csrf: String, errors: Vec<crate::error::FieldError>) -> impl IntoView {
    let s = page_context().t().staff;
    let err = |f: &str| {
        errors
            .iter()
            .find(|e| e.field == f)
            .map(|e| e.message.clone())
    };
    view! {
        <ErrorSummary errors=errors.clone() />
        <form method="post" action="/staff/password" class="question" novalidate>
            <input type="hidden" name="csrf" value=csrf />
            <TextField name="current" label=s.current_password value=String::new() error=err("current") kind="password" autocomplete="current-password" />
            <TextField name="new" label=s.new_password hint=s.new_password_hint value=String::new() error=err("new") kind="password" autocomplete="new-password" />
            <button type="submit" class="primary">{s.staff_password.title}</button>
        </form>
    }
}

/// A small form posting one action of the board.
fn action_form(
    action: String,
    csrf: &str,
    fields: Vec<(&'static str, String)>,
    label: &'static str,
    class: &'static str,
) -> impl IntoView + use<> {
    view! {
        <form method="post" action=action class="inline">
            <input type="hidden" name="csrf" value=csrf.to_string() />
            {fields
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <button type="submit" class=class>{label}</button>
        </form>
    }
}

#[component]
fn Board(board: BoardView, csrf: String, lang: Lang) -> impl IntoView {
    let ctx = page_context();
    let t = ctx.t();
    let s = t.staff;
    let base = format!("/staff/board/{}", board.place_id);
    let service_name = |code: &str, item: Option<&String>| {
        let service = ctx.services.service(code);
        let item_name = service.and_then(|sv| {
            item.and_then(|i| sv.items.iter().find(|x| &x.code == i))
                .map(|x| x.name.get(lang).to_string())
        });
        item_name.unwrap_or_else(|| {
            service
                .map(|sv| sv.name.get(lang).to_string())
                .unwrap_or_default()
        })
    };
    let one_stop = |code: &str, item: Option<&String>, options: &[String]| {
        ctx.services
            .service(code)
            .and_then(|sv| item.and_then(|i| sv.items.iter().find(|x| &x.code == i)))
            .map(|x| {
                x.one_stop
                    .iter()
                    .filter(|o| options.contains(&o.code))
                    .map(|o| o.label.get(lang).to_string())
                    .collect::<Vec<_>>()
                    .join("、")
            })
            .unwrap_or_default()
    };
    let ticket_cell = |t: &Ticket| format!("{} {}", t.number, t.kind.label(lang));
    view! {
        <p class="lead">
            <time datetime=crate::dates::iso_date(board.day)>{format_date(lang, board.day)}</time>
            " · " <strong>{s.waiting_now.replace("{}", &board.waiting.to_string())}</strong>
        </p>
        {board.alert_over.map(|n| view! { <p class="alert" role="alert">{s.alert_waiting.replace("{}", &n.to_string())}</p> })}
        <section aria-labelledby="check-in-heading" class="card">
            <h2 id="check-in-heading">{s.check_in}</h2>
            <form method="post" action=format!("{base}/check-in") class="question" novalidate>
                <input type="hidden" name="csrf" value=csrf.clone() />
                <TextField name="reference" label=t.reference hint=s.check_in_hint value=String::new() error=None />
                <button type="submit" class="primary">{s.check_in}</button>
            </form>
            <div class="actions">
                {action_form(format!("{base}/enter"), &csrf, vec![("kind", "priority".into())], s.add_priority, "secondary")}
                {action_form(format!("{base}/enter"), &csrf, vec![("kind", "private".into())], s.add_private, "secondary")}
            </div>
        </section>
        <form method="get" action=base.clone() class="filters-form">
            <label for="filter-counter">{s.col_counter}</label>
            <select id="filter-counter" name="counter">
                <option value="">{s.filter_all}</option>
                {board
                    .counters
                    .iter()
                    .map(|c| {
                        let selected = board.counter_filter.as_deref() == Some(c.id.as_str());
                        view! { <option value=c.id.clone() selected=selected>{c.name.get(lang).to_string()}</option> }
                    })
                    .collect_view()}
            </select>
            <label for="filter-service">{s.col_service}</label>
            <select id="filter-service" name="service">
                <option value="">{s.filter_all}</option>
                {ctx
                    .services
                    .services
                    .iter()
                    .filter(|sv| sv.kind == crate::services::ServiceKind::Appointment)
                    .map(|sv| {
                        let selected = board.service_filter.as_deref() == Some(sv.code.as_str());
                        view! { <option value=sv.code.clone() selected=selected>{sv.name.get(lang).to_string()}</option> }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="secondary">{s.filter_button}</button>
        </form>
        <h2>{s.counters_heading}</h2>
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{s.col_counter}</th>
                    <th scope="col">{s.col_status}</th>
                    <th scope="col">{s.col_ticket}</th>
                    <th scope="col">{s.col_action}</th>
                </tr>
            </thead>
            <tbody>
                {board
                    .counters
                    .iter()
                    .map(|c| {
                        let counter = c.id.clone();
                        let current = c.current.clone();
                        let actions = if !c.open {
                            action_form(format!("{base}/open"), &csrf, vec![("counter", counter.clone())], s.open_counter, "secondary").into_any()
                        } else {
                            match &current {
                                Some(ticket) => {
                                    let id = ticket.id.clone();
                                    view! {
                                        {(ticket.status == "called")
                                            .then(|| action_form(format!("{base}/advance"), &csrf, vec![("ticket", id.clone()), ("to", "serving".into())], s.start_serving, "secondary"))}
                                        {action_form(format!("{base}/advance"), &csrf, vec![("ticket", id.clone()), ("to", "done".into())], s.finish, "primary")}
                                        {(ticket.status == "called")
                                            .then(|| action_form(format!("{base}/advance"), &csrf, vec![("ticket", id.clone()), ("to", "no_show".into())], s.absent, "secondary"))}
                                    }
                                    .into_any()
                                }
                                None => view! {
                                    {action_form(format!("{base}/call"), &csrf, vec![("counter", counter.clone())], s.call_next, "primary")}
                                    {action_form(format!("{base}/close"), &csrf, vec![("counter", counter.clone())], s.close_counter, "secondary")}
                                }
                                .into_any(),
                            }
                        };
                        view! {
                            <tr>
                                <th scope="row">{c.name.get(lang).to_string()}</th>
                                <td>{if c.open { s.counter_open } else { s.counter_closed }}</td>
                                <td>{current.as_ref().map(|t| format!("{} ({})", t.number, status_text(s, &t.status)))}</td>
                                <td class="actions">{actions}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <h2>{s.appointments_heading}</h2>
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{s.col_time}</th>
                    <th scope="col">{s.col_reference}</th>
                    <th scope="col">{s.col_service}</th>
                    <th scope="col">{s.col_one_stop}</th>
                    <th scope="col">{s.col_name}</th>
                    <th scope="col">{s.col_status}</th>
                    <th scope="col">{s.col_ticket}</th>
                </tr>
            </thead>
            <tbody>
                {board
                    .appointments
                    .iter()
                    .map(|a| {
                        view! {
                            <tr>
                                <td>{format_minutes(a.starts)} "–" {format_minutes(a.ends)}</td>
                                <td class="reference-inline">{a.reference.clone()}</td>
                                <td>{service_name(&a.service, a.item.as_ref())}</td>
                                <td>{one_stop(&a.service, a.item.as_ref(), &a.options)}</td>
                                <td>{a.masked_name.clone()}</td>
                                <td>{status_text(s, &a.status)}</td>
                                <td>{a.ticket.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <div class="actions">{action_form(format!("{base}/no-shows"), &csrf, vec![], s.mark_no_shows, "secondary")}</div>
        <h2>{s.tickets_heading}</h2>
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{s.col_ticket}</th>
                    <th scope="col">{s.col_status}</th>
                    <th scope="col">{s.col_counter}</th>
                </tr>
            </thead>
            <tbody>
                {board
                    .tickets
                    .iter()
                    .map(|t| {
                        view! {
                            <tr>
                                <td>{ticket_cell(t)}</td>
                                <td>{status_text(s, &t.status)}</td>
                                <td>{t.counter_id.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {(!board.suspicious.is_empty())
            .then(|| view! { <Suspicious groups=board.suspicious.clone() base=base.clone() csrf=csrf.clone() /> })}
        {board.kiosks.map(|kiosks| view! { <Kiosks kiosks base=base.clone() csrf=csrf.clone() lang /> })}
    }
}

/// Coming bookings that share a holder in bulk, each group cancelled together with a reason.
#[component]
fn Suspicious(
    groups: Vec<crate::booking::HolderGroup>,
    base: String,
    csrf: String,
) -> impl IntoView {
    let s = page_context().t().staff;
    view! {
        <section aria-labelledby="suspicious-heading" class="card">
            <h2 id="suspicious-heading">{s.suspicious}</h2>
            <p>{s.suspicious_hint}</p>
            {groups
                .into_iter()
                .enumerate()
                .map(|(i, g)| {
                    let kind = match g.kind {
                        crate::booking::HolderKind::Phone => s.holder_kinds[0],
                        crate::booking::HolderKind::Email => s.holder_kinds[1],
                        crate::booking::HolderKind::Client => s.holder_kinds[2],
                    };
                    let heading = s
                        .suspicious_group
                        .replace("{0}", kind)
                        .replace("{1}", &g.bookings.len().to_string());
                    let listed = g
                        .bookings
                        .iter()
                        .map(|(reference, day)| format!("{reference}（{day}）"))
                        .collect::<Vec<_>>()
                        .join("、");
                    let reason_id = format!("reason-{i}");
                    view! {
                        <form method="post" action=format!("{base}/cancel-group") class="question">
                            <h3>{heading}</h3>
                            <p>{listed}</p>
                            <input type="hidden" name="csrf" value=csrf.clone() />
                            <input type="hidden" name="kind" value=g.kind.code() />
                            <input type="hidden" name="holder" value=g.holder.clone() />
                            <div class="field">
                                <label for=reason_id.clone()>{s.cancel_reason}</label>
                                <input type="text" id=reason_id name="reason" autocomplete="off" />
                            </div>
                            <button type="submit" class="secondary">{s.cancel_group}</button>
                        </form>
                    }
                })
                .collect_view()}
        </section>
    }
}

/// The location's kiosks, for supervisors: enroll this device, revoke one.
#[component]
fn Kiosks(
    kiosks: Vec<crate::queue::KioskDevice>,
    base: String,
    csrf: String,
    lang: Lang,
) -> impl IntoView {
    let s = page_context().t().staff;
    let when = move |at: i64| {
        time::OffsetDateTime::from_unix_timestamp(at)
            .map(|t| format_date(lang, t.to_offset(crate::dates::TAIPEI).date()))
            .unwrap_or_default()
    };
    view! {
        <section aria-labelledby="kiosks-heading" class="card">
            <h2 id="kiosks-heading">{s.kiosks}</h2>
            <p>{s.kiosks_hint}</p>
            {(!kiosks.is_empty())
                .then(|| {
                    view! {
                        <ul class="link-list">
                            {kiosks
                                .iter()
                                .map(|k| {
                                    let label = s
                                        .kiosk_enrolled_by
                                        .replace("{0}", &k.id)
                                        .replace("{1}", &when(k.enrolled_at))
                                        .replace("{2}", &k.enrolled_by);
                                    view! {
                                        <li>
                                            {label}
                                            {if k.revoked {
                                                view! { " " {s.kiosk_revoked} }.into_any()
                                            } else {
                                                action_form(
                                                        format!("{base}/kiosk-revoke"),
                                                        &csrf,
                                                        vec![("kiosk", k.id.clone())],
                                                        s.kiosk_revoke,
                                                        "secondary",
                                                    )
                                                    .into_any()
                                            }}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            {action_form(format!("{base}/kiosk-enroll"), &csrf, Vec::new(), s.kiosk_enroll, "secondary")}
        </section>
    }
}

#[component]
fn Cases(rows: Vec<crate::cases::CaseRow>, status: Option<String>, lang: Lang) -> impl IntoView {
    let ctx = page_context();
    let s = ctx.t().staff;
    let overdue = rows
        .iter()
        .filter(|r| r.flag == Some(crate::cases::Flag::Overdue))
        .count();
    let near = rows
        .iter()
        .filter(|r| r.flag == Some(crate::cases::Flag::NearDue))
        .count();
    let filters: Vec<(String, String)> = std::iter::once((String::new(), s.cases_open.to_string()))
        .chain(crate::apply::STATUSES.iter().map(|st| {
            (
                st.to_string(),
                crate::apply::status_label(st, lang).to_string(),
            )
        }))
        .collect();
    let current = status.unwrap_or_default();
    view! {
        <p class="lead">{s.overdue_count.replacen("{}", &overdue.to_string(), 1).replacen("{}", &near.to_string(), 1)}</p>
        <nav aria-label=s.col_status>
            <ul class="filters">
                {filters
                    .into_iter()
                    .map(|(code, label)| {
                        let href = if code.is_empty() { "/staff/cases".to_string() } else { format!("/staff/cases?status={code}") };
                        let here = (code == current).then_some("page");
                        view! {
                            <li>
                                <a href=href aria-current=here>{label}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
        {if rows.is_empty() {
            Either::Left(view! { <p>{s.cases_none}</p> })
        } else {
            Either::Right(view! {
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">{s.col_reference}</th>
                            <th scope="col">{s.col_service}</th>
                            <th scope="col">{s.col_submitted}</th>
                            <th scope="col">{s.col_due}</th>
                            <th scope="col">{s.col_status}</th>
                            <th scope="col">{s.col_flag}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                let service = ctx.services.service(&r.service).map(|sv| sv.name.get(lang).to_string()).unwrap_or_default();
                                view! {
                                    <tr class:overdue=r.flag == Some(crate::cases::Flag::Overdue)>
                                        <td><a class="reference-inline" href=format!("/staff/cases/{}", r.reference)>{r.reference.clone()}</a></td>
                                        <td>{service}</td>
                                        <td>{format_date(lang, r.submitted)}</td>
                                        <td>{format_date(lang, r.due)}</td>
                                        <td>{crate::apply::status_label(&r.status, lang)}</td>
                                        <td>{r.flag.map(|f| f.label(lang))}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            })
        }}
    }
}

#[component]
fn Case(case: crate::cases::CaseDetail, csrf: String, lang: Lang) -> impl IntoView {
    let ctx = page_context();
    let t = ctx.t();
    let s = t.staff;
    let r = case.row.clone();
    let service = ctx
        .services
        .service(&r.service)
        .map(|sv| sv.name.get(lang).to_string())
        .unwrap_or_default();
    let next = crate::cases::next_states(&r.status);
    view! {
        <dl class="facts">
            <dt>{t.services.title}</dt>
            <dd>{service}</dd>
            <dt>{s.col_submitted}</dt>
            <dd>{format_date(lang, r.submitted)}</dd>
            <dt>{s.col_due}</dt>
            <dd>{format_date(lang, r.due)} {r.flag.map(|f| view! { " " <strong>{f.label(lang)}</strong> })}</dd>
            <dt>{s.col_status}</dt>
            <dd>{crate::apply::status_label(&r.status, lang)}</dd>
            {case.pickup.clone().map(|(place, day)| view! { <dt>{t.pickup_label}</dt> <dd>{format_date(lang, day)} " " {place.get(lang).to_string()}</dd> })}
        </dl>
        {(!next.is_empty())
            .then(|| {
                view! {
                    <form method="post" action=format!("/staff/cases/{}", r.reference) class="question card" novalidate>
                        <input type="hidden" name="csrf" value=csrf.clone() />
                        <input type="hidden" name="from" value=r.status.clone() />
                        <fieldset id="field-to">
                            <legend>{s.case_to}</legend>
                            <div class="choices">
                                {next
                                    .iter()
                                    .enumerate()
                                    .map(|(n, st)| {
                                        let id = format!("to-{n}");
                                        view! {
                                            <div class="choice">
                                                <input type="radio" id=id.clone() name="to" value=*st checked=n == 0 />
                                                <label for=id>{crate::apply::status_label(st, lang)}</label>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        </fieldset>
                        <div class="field">
                            <label for="field-message">{s.case_message}</label>
                            <textarea id="field-message" name="message" rows="3"></textarea>
                        </div>
                        <button type="submit" class="primary">{s.case_move}</button>
                    </form>
                }
            })}
        <h2>{s.answers_heading}</h2>
        <dl class="facts">
            {case.answers.into_iter().map(|(label, value)| view! { <dt>{label}</dt> <dd class="summary-value">{value}</dd> }).collect_view()}
        </dl>
        <h2>{s.history_heading}</h2>
        <ol class="history">
            {case
                .history
                .into_iter()
                .map(|e| {
                    let at = time::OffsetDateTime::from_unix_timestamp(e.at).map(|t| t.to_offset(crate::dates::TAIPEI)).ok();
                    let when = at
                        .map(|t| format!("{} {}", format_date(lang, t.date()), format_minutes(u16::from(t.hour()) * 60 + u16::from(t.minute()))))
                        .unwrap_or_default();
                    view! {
                        <li>
                            {when} " " {crate::apply::status_label(&e.status, lang)}
                            {(!e.message.is_empty()).then(|| view! { "：" {e.message.clone()} })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn Overview(o: crate::staff::OverviewView, lang: Lang) -> impl IntoView {
    let s = page_context().t().staff;
    let minutes = s.minutes.to_string();
    let chart = |id: &str, title: &str, stats: &[crate::queue::WaitStats], label: &str| {
        view! {
            <crate::components::BarChart
                id=id.to_string()
                title=title.to_string()
                unit=minutes.clone()
                columns=(label.to_string(), s.col_avg.to_string())
                rows=stats.iter().map(|w| (w.key.clone(), w.average)).collect()
            />
        }
    };
    let table = |stats: &[crate::queue::WaitStats], label: &'static str| {
        let stats = stats.to_vec();
        view! {
            <table class="data">
                <caption>{s.wait_table}</caption>
                <thead>
                    <tr>
                        <th scope="col">{label}</th>
                        <th scope="col">{s.col_served}</th>
                        <th scope="col">{s.col_avg}</th>
                        <th scope="col">{s.col_p90}</th>
                    </tr>
                </thead>
                <tbody>
                    {stats
                        .into_iter()
                        .map(|w| view! {
                            <tr>
                                <th scope="row">{w.key}</th>
                                <td>{w.served}</td>
                                <td>{format!("{:.1}", w.average)}</td>
                                <td>{format!("{:.1}", w.p90)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <p class="lead">
            <time datetime=crate::dates::iso_date(o.day)>{format_date(lang, o.day)}</time>
            " · " <strong>{s.waiting_now.replace("{}", &o.waiting.to_string())}</strong>
            " · " {s.served_today.replace("{}", &o.served.to_string())}
        </p>
        {o.alert_over.map(|n| view! { <p class="alert" role="alert">{s.alert_waiting.replace("{}", &n.to_string())}</p> })}
        <p>
            <a href="/staff/cases">{s.overdue_count.replacen("{}", &o.overdue_cases.to_string(), 1).replacen("{}", &o.near_due_cases.to_string(), 1)}</a>
        </p>
        {match o.all.clone() {
            Some(all) => view! {
                <p>
                    {s.avg_wait.replace("{}", &format!("{:.1}", all.average))} "；"
                    {s.p90_wait.replace("{}", &format!("{:.1}", all.p90))}
                </p>
                {chart("by-counter", s.per_counter_chart, &o.per_counter, s.col_counter)}
                {table(&o.per_counter, s.col_counter)}
                {chart("by-service", s.per_service_chart, &o.per_service, s.col_service)}
                {table(&o.per_service, s.col_service)}
            }
            .into_any(),
            None => view! { <p>{s.no_data_yet}</p> }.into_any(),
        }}
        <p>
            <a href=format!("/staff/board/{}", o.place_id)>{s.staff_board.title}</a>
        </p>
    }
}

fn content_status(s: &StaffTexts, status: &str, publish_at: Option<i64>, now: i64) -> &'static str {
    match status {
        "published" if publish_at.is_some_and(|p| p > now) => s.status_scheduled,
        "published" => s.status_published,
        "unpublished" => s.status_unpublished,
        _ => s.status_draft,
    }
}

#[component]
fn ContentList(
    items: Vec<crate::content::Item>,
    kind: Option<crate::content::Kind>,
    lang: Lang,
) -> impl IntoView {
    use crate::content::Kind;
    let s = page_context().t().staff;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    view! {
        <div class="actions">
            {Kind::ALL
                .iter()
                .map(|k| view! { <a class="button-secondary" href=format!("/staff/content/new?kind={}", k.code())>{s.new_item.replace("{}", k.label(lang))}</a> })
                .collect_view()}
            <a href="/staff/synonyms">{s.staff_synonyms.title}</a>
        </div>
        <nav aria-label=s.col_kind_content>
            <ul class="filters">
                <li><a href="/staff/content" aria-current=kind.is_none().then_some("page")>{s.filter_all}</a></li>
                {Kind::ALL
                    .iter()
                    .map(|k| view! { <li><a href=format!("/staff/content?kind={}", k.code()) aria-current=(kind == Some(*k)).then_some("page")>{k.label(lang)}</a></li> })
                    .collect_view()}
            </ul>
        </nav>
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{s.col_title}</th>
                    <th scope="col">{s.col_kind_content}</th>
                    <th scope="col">{s.col_status}</th>
                    <th scope="col">{s.col_updated}</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|i| {
                        let updated = crate::dates::date_of_unix(i.updated_at);
                        view! {
                            <tr>
                                <td><a href=format!("/staff/content/{}", i.id)>{i.title.zh.clone()}</a></td>
                                <td>{i.kind.label(lang)}</td>
                                <td>{content_status(s, &i.status, i.publish_at, now)}</td>
                                <td>{format_date(lang, updated)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ContentEdit(
    form: crate::staff::ContentForm,
    csrf: String,
    errors: Vec<crate::error::FieldError>,
    lang: Lang,
) -> impl IntoView {
    let s = page_context().t().staff;
    let err = |f: &str| {
        errors
            .iter()
            .find(|e| e.field == f)
            .map(|e| e.message.clone())
    };
    let csrf_attach = csrf.clone();
    let action = match &form.id {
        Some(id) => format!("/staff/content/{id}"),
        None => "/staff/content/new".to_string(),
    };
    let area = |name: &'static str,
                label: &'static str,
                value: String,
                error: Option<String>,
                rows: &'static str| {
        let id = format!("field-{name}");
        view! {
            <div class="field" class:field-error=error.is_some()>
                <label for=id.clone()>{label}</label>
                {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
                <textarea id=id.clone() name=name rows=rows aria-invalid=error.is_some().then_some("true") aria-describedby=error.is_some().then(|| format!("{id}-error"))>{value}</textarea>
            </div>
        }
    };
    view! {
        {form.live_path.clone().map(|p| view! { <p><a href=p>{s.view_on_site}</a></p> })}
        <form method="post" action=action class="question" novalidate>
            <input type="hidden" name="csrf" value=csrf />
            <input type="hidden" name="kind" value=form.kind.code() />
            <div class="field" class:field-error=err("section").is_some()>
                <label for="field-section">{s.field_section}</label>
                {err("section").map(|e| view! { <p class="error">{e}</p> })}
                <select id="field-section" name="section">
                    {form
                        .kind
                        .sections()
                        .iter()
                        .map(|sec| view! { <option value=sec.code selected=sec.code == form.section>{sec.name(lang)}</option> })
                        .collect_view()}
                </select>
            </div>
            <TextField name="slug" label=s.field_slug hint=s.field_slug_hint value=form.slug.clone() error=err("slug") />
            <TextField name="title_zh" label=s.field_title_zh value=form.title.zh.clone() error=err("title_zh") />
            <TextField name="title_en" label=s.field_title_en value=form.title.en.clone() error=err("title_en") />
            {area("body_zh", s.field_body_zh, form.body.zh.clone(), err("body_zh"), "12")}
            {area("body_en", s.field_body_en, form.body.en.clone(), err("body_en"), "8")}
            <TextField name="publish_at" label=s.field_publish_at hint=s.field_publish_at_hint value=form.publish_at.clone() error=err("publish_at") />
            <div class="actions">
                <button type="submit" name="action" value="publish" class="primary">{s.publish}</button>
                <button type="submit" name="action" value="draft" class="secondary">{s.save_draft}</button>
                {(form.status == "published").then(|| view! { <button type="submit" name="action" value="unpublish" class="secondary">{s.unpublish}</button> })}
            </div>
        </form>
        <h2>{s.attachments_heading}</h2>
        {match form.id.clone() {
            None => view! { <p>{s.save_first}</p> }.into_any(),
            Some(id) => view! {
                <ul class="link-list">
                    {form
                        .attachments
                        .iter()
                        .map(|a| {
                            view! {
                                <li>
                                    <a href=format!("/staff/content/{id}/files/{}", a.id)>{a.name.clone()}</a>
                                    {format!(" ({} KB) ", (a.size + 1023) / 1024)}
                                    <form method="post" action=format!("/staff/content/{id}/attachments/{}/delete", a.id) class="inline">
                                        <input type="hidden" name="csrf" value=csrf_attach.clone() />
                                        <button type="submit" class="link-button">{s.detach_button} <span class="visually-hidden">{a.name.clone()}</span></button>
                                    </form>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <form method="post" action=format!("/staff/content/{id}/attachments") enctype="multipart/form-data" class="question" novalidate>
                    <input type="hidden" name="csrf" value=csrf_attach.clone() />
                    <div class="field" class:field-error=err("file").is_some()>
                        <label for="field-file">{s.attach_file}</label>
                        <p class="hint" id="field-file-hint">{s.attach_hint}</p>
                        {err("file").map(|e| view! { <p class="error">{e}</p> })}
                        <input type="file" id="field-file" name="file" aria-describedby="field-file-hint" />
                    </div>
                    <button type="submit" class="secondary">{s.attach_button}</button>
                </form>
            }
            .into_any(),
        }}
        {(!form.revisions.is_empty())
            .then(|| {
                view! {
                    <h2>{s.revisions_heading}</h2>
                    <table class="data">
                        <thead>
                            <tr>
                                <th scope="col">{s.col_when}</th>
                                <th scope="col">{s.col_who}</th>
                                <th scope="col">{s.col_status}</th>
                                <th scope="col">{s.col_title}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {form
                                .revisions
                                .iter()
                                .map(|r| {
                                    let at = time::OffsetDateTime::from_unix_timestamp(r.at).map(|t| t.to_offset(crate::dates::TAIPEI)).ok();
                                    let when = at.map(|t| format!("{} {:02}:{:02}", crate::dates::iso_date(t.date()), t.hour(), t.minute())).unwrap_or_default();
                                    view! {
                                        <tr>
                                            <td>{when}</td>
                                            <td>{r.who.clone()}</td>
                                            <td>{content_status(s, &r.status, None, 0)}</td>
                                            <td>{r.title.clone()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })}
    }
}

#[component]
fn Accounts(
    accounts: Vec<crate::staff::Account>,
    csrf: String,
    errors: Vec<crate::error::FieldError>,
    lang: Lang,
) -> impl IntoView {
    use crate::staff::Role;
    let s = page_context().t().staff;
    let review = page_context().t().suggestions;
    let err = |f: &str| {
        errors
            .iter()
            .find(|e| e.field == f)
            .map(|e| e.message.clone())
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    view! {
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{s.username_label}</th>
                    <th scope="col">{s.display_name_label}</th>
                    <th scope="col">{s.role_label}</th>
                    <th scope="col">{s.col_status}</th>
                    <th scope="col">{review.review_group}</th>
                    <th scope="col">{s.col_action}</th>
                </tr>
            </thead>
            <tbody>
                {accounts
                    .into_iter()
                    .map(|a| {
                        let status = if !a.active {
                            s.account_inactive
                        } else if a.locked_until > now {
                            s.account_locked
                        } else {
                            s.account_active
                        };
                        let base = format!("/staff/accounts/{}", a.id);
                        view! {
                            <tr>
                                <th scope="row">{a.username.clone()}</th>
                                <td>{a.display_name.clone()}</td>
                                <td>{a.role.label(lang)}</td>
                                <td>{status}</td>
                                <td>
                                    {action_form(
                                        format!("{base}/{}", if a.reviewer { "unreview" } else { "review" }),
                                        &csrf,
                                        vec![],
                                        if a.reviewer { review.leave_review } else { review.join_review },
                                        "secondary",
                                    )}
                                </td>
                                <td class="actions">
                                    {action_form(
                                        format!("{base}/{}", if a.active { "disable" } else { "enable" }),
                                        &csrf,
                                        vec![],
                                        if a.active { s.disable } else { s.enable },
                                        "secondary",
                                    )}
                                    <form method="post" action=format!("{base}/password") class="inline">
                                        <input type="hidden" name="csrf" value=csrf.clone() />
                                        <label for=format!("reset-{}", a.id) class="visually-hidden">{format!("{} {}", s.new_password, a.username)}</label>
                                        <input type="password" id=format!("reset-{}", a.id) name="new" autocomplete="new-password" class="input-inline" />
                                        <button type="submit" class="secondary">{s.reset_password}</button>
                                    </form>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <h2>{s.add_account}</h2>
        <ErrorSummary errors=errors.clone() />
        <form method="post" action="/staff/accounts" class="question" novalidate>
            <input type="hidden" name="csrf" value=csrf.clone() />
            <TextField name="username" label=s.username_label value=String::new() error=err("username") autocomplete="off" />
            <TextField name="display_name" label=s.display_name_label value=String::new() error=err("display_name") />
            <div class="field">
                <label for="field-role">{s.role_label}</label>
                <select id="field-role" name="role">
                    {Role::ALL.iter().map(|r| view! { <option value=r.code()>{r.label(lang)}</option> }).collect_view()}
                </select>
            </div>
            <TextField name="new" label=s.initial_password hint=s.new_password_hint value=String::new() error=err("new") kind="password" autocomplete="new-password" />
            <button type="submit" class="primary">{s.add_account}</button>
        </form>
    }
}

/// The forms editors uploaded, each with its actions, and the form to upload another.
#[component]
fn FormUploads(
    uploads: Vec<crate::paper::Upload>,
    values: crate::paper::UploadValues,
    csrf: String,
    errors: Vec<crate::error::FieldError>,
    lang: Lang,
) -> impl IntoView {
    let f = page_context().t().forms;
    let error_of = |name: &str| {
        errors
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.message.clone())
    };
    let text = |name: &'static str, label: &'static str, value: String, area: bool| {
        let error = error_of(name);
        let id = format!("field-{name}");
        let described = error.as_ref().map(|_| format!("{id}-error"));
        view! {
            <div class="field" class:field-error=error.is_some()>
                <label for=id.clone()>{label}</label>
                {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
                {if area {
                    Either::Left(view! { <textarea id=id.clone() name=name rows="3" aria-describedby=described.clone() aria-invalid=error.is_some().then_some("true")>{value}</textarea> })
                } else {
                    Either::Right(view! { <input type="text" id=id.clone() name=name value=value aria-describedby=described.clone() aria-invalid=error.is_some().then_some("true") /> })
                }}
            </div>
        }
    };
    let topic_error = error_of("topic");
    let file_error = error_of("file");
    view! {
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{f.field_title_zh}</th>
                    <th scope="col">{f.field_topic}</th>
                    <th scope="col">{f.field_version}</th>
                    <th scope="col">{f.field_file}</th>
                    <th scope="col">{f.published}</th>
                </tr>
            </thead>
            <tbody>
                {uploads
                    .into_iter()
                    .map(|u| {
                        let topic = crate::paper::topic(&u.topic).map(|t| t.name.get(lang)).unwrap_or("");
                        let action = if u.published { "withdraw" } else { "publish" };
                        let label = if u.published { f.withdraw } else { f.publish };
                        let title = u.title.get(lang).to_string();
                        view! {
                            <tr>
                                <td>{title.clone()}</td>
                                <td>{topic}</td>
                                <td>{crate::dates::iso_date(u.version)}</td>
                                <td>
                                    <a href=format!("/staff/forms/{}/file", u.id)>{format!("{} ({})", u.file_name, crate::paper::human_size(u.size))}</a>
                                    <form method="post" action=format!("/staff/forms/{}", u.id) enctype="multipart/form-data" class="inline-form">
                                        <input type="hidden" name="csrf" value=csrf.clone() />
                                        <label for=format!("version-{}", u.id)>{f.field_version}</label>
                                        <input type="text" id=format!("version-{}", u.id) name="version" value=crate::dates::iso_date(crate::dates::today_in_taipei()) size="10" />
                                        <label for=format!("file-{}", u.id)>{f.field_file}</label>
                                        <input type="file" id=format!("file-{}", u.id) name="file" />
                                        <button type="submit">{format!("{}：{title}", f.replace)}</button>
                                    </form>
                                </td>
                                <td>
                                    {if u.published { f.published } else { f.withdrawn }}
                                    <form method="post" action=format!("/staff/forms/{}/{action}", u.id) class="inline">
                                        <input type="hidden" name="csrf" value=csrf.clone() />
                                        <button type="submit">{format!("{label}：{title}")}</button>
                                    </form>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <h2>{f.upload_new}</h2>
        <form method="post" action="/staff/forms" enctype="multipart/form-data" class="question" novalidate>
            <input type="hidden" name="csrf" value=csrf.clone() />
            <div class="field" class:field-error=topic_error.is_some()>
                <label for="field-topic">{f.field_topic}</label>
                {topic_error.clone().map(|e| view! { <p class="error" id="field-topic-error">{e}</p> })}
                <select id="field-topic" name="topic">
                    {crate::paper::TOPICS
                        .iter()
                        .map(|t| view! { <option value=t.code selected=values.topic == t.code>{t.name.get(lang)}</option> })
                        .collect_view()}
                </select>
            </div>
            {text("title_zh", f.field_title_zh, values.title_zh.clone(), false)}
            {text("title_en", f.field_title_en, values.title_en.clone(), false)}
            {text("description_zh", f.field_description_zh, values.description_zh.clone(), true)}
            {text("description_en", f.field_description_en, values.description_en.clone(), true)}
            {text("version", f.field_version, values.version.clone(), false)}
            <div class="field" class:field-error=file_error.is_some()>
                <label for="field-file">{f.field_file}</label>
                <p class="hint" id="field-file-hint">{f.file_hint}</p>
                {file_error.clone().map(|e| view! { <p class="error" id="field-file-error">{e}</p> })}
                <input type="file" id="field-file" name="file" aria-describedby="field-file-hint" />
            </div>
            <button type="submit" class="primary">{f.upload}</button>
        </form>
    }
}
