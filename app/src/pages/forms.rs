//! 申請書表下載: the catalogue of forms by topic, and each form read online with its metadata
//! and its ODT / ODS / PDF downloads (all made from the same definition as the online service).

use crate::components::Page;
use crate::dates::{format_date, iso_date};
use crate::i18n::Lang;
use crate::pages::not_found::NotFoundPage;
use crate::paper::{ENTRIES, Entry, Format, FormsView, Item, TOPICS, Upload, human_size};
use crate::site::{from_request, page_context};
use leptos::prelude::*;
use leptos_meta::{Link, Meta};

#[component]
pub fn FormsPage() -> impl IntoView {
    match from_request::<FormsView>() {
        Some(FormsView::Catalogue {
            topic,
            uploads,
            pdf,
        }) => view! { <Catalogue topic uploads pdf /> }.into_any(),
        Some(FormsView::Form { entry, doc, pdf }) => {
            view! { <FormView entry doc=*doc pdf /> }.into_any()
        }
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

fn feed_links() -> impl IntoView {
    let t = page_context().t();
    view! {
        <Link rel="alternate" type_="application/rss+xml" title=format!("{} (RSS)", t.forms.feed) href="/feeds/forms.rss" />
        <Link rel="alternate" type_="application/atom+xml" title=format!("{} (Atom)", t.forms.feed) href="/feeds/forms.atom" />
    }
}

/// The download links of a form.
#[component]
fn Downloads(entry: &'static Entry, pdf: bool) -> impl IntoView {
    let f = page_context().t().forms;
    let title = entry.title.get(page_context().lang());
    view! {
        <ul class="downloads">
            {entry
                .formats()
                .iter()
                .filter(|format| pdf || **format != Format::Pdf)
                .map(|format| {
                    let name = match format {
                        Format::Odt => f.odt,
                        Format::Ods => f.ods,
                        Format::Pdf => f.pdf,
                    };
                    view! {
                        <li>
                            <a
                                href=format!("/forms/{}.{}", entry.slug, format.ext())
                                type=format.content_type()
                                download=""
                            >
                                {format!("{} {title}（{name}）", f.download)}
                            </a>
                        </li>
                    }
                })
                .collect_view()}
            {(!pdf).then(|| view! { <li>{f.pdf_unavailable}</li> })}
        </ul>
    }
}

#[component]
fn Catalogue(topic: Option<String>, uploads: Vec<Upload>, pdf: bool) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let f = ctx.t().forms;
    let topics: Vec<_> = TOPICS
        .iter()
        .filter(|t| topic.as_deref().is_none_or(|c| c == t.code))
        .collect();
    view! {
        <Page path="/forms">
            {feed_links()}
            <p>{f.intro}</p>
            <p>{f.odf_note}</p>
            <nav aria-label=f.topics_label>
                <ul class="filters">
                    <li>
                        <a href="/forms" aria-current=topic.is_none().then_some("page")>{f.all_topics}</a>
                    </li>
                    {TOPICS
                        .iter()
                        .map(|t| {
                            let current = topic.as_deref() == Some(t.code);
                            view! {
                                <li>
                                    <a href=format!("/forms?topic={}", t.code) aria-current=current.then_some("page")>
                                        {t.name.get(lang)}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            {topics
                .into_iter()
                .map(|t| {
                    let entries: Vec<&'static Entry> = ENTRIES.iter().filter(|e| e.topic == t.code).collect();
                    let mine: Vec<Upload> = uploads.iter().filter(|u| u.topic == t.code).cloned().collect();
                    let empty = entries.is_empty() && mine.is_empty();
                    view! {
                        <section class="form-topic" aria-labelledby=format!("topic-{}", t.code)>
                            <h2 id=format!("topic-{}", t.code)>{t.name.get(lang)}</h2>
                            {empty.then(|| view! { <p>{f.none_in_topic}</p> })}
                            <ul class="form-list">
                                {entries
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <li>
                                                <h3>
                                                    <a href=format!("/forms/{}", e.slug)>{e.title.get(lang)}</a>
                                                </h3>
                                                <p>{e.description.get(lang)}</p>
                                                <p class="meta">
                                                    {f.version} " "
                                                    <time datetime=iso_date(e.version_date())>
                                                        {format_date(lang, e.version_date())}
                                                    </time>
                                                    {e.online.then(|| view! {
                                                        " · "
                                                        <a href=format!("/services/{}", e.slug)>{f.online}</a>
                                                    })}
                                                </p>
                                                <Downloads entry=e pdf />
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                                {mine
                                    .into_iter()
                                    .map(|u| {
                                        view! {
                                            <li>
                                                <h3>{u.title.get(lang).to_string()}</h3>
                                                <p>{u.description.get(lang).to_string()}</p>
                                                <p class="meta">
                                                    {f.version} " "
                                                    <time datetime=iso_date(u.version)>{format_date(lang, u.version)}</time>
                                                </p>
                                                <ul class="downloads">
                                                    <li>
                                                        <a href=u.href() type=u.content_type.clone() download="">
                                                            {format!(
                                                                "{} {}（{}，{}）",
                                                                f.download,
                                                                u.title.get(lang),
                                                                u.format_label(),
                                                                human_size(u.size),
                                                            )}
                                                        </a>
                                                    </li>
                                                </ul>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()}
        </Page>
    }
}

#[component]
fn FormView(entry: &'static Entry, doc: crate::paper::Doc, pdf: bool) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let f = ctx.t().forms;
    let m = doc.meta.clone();
    let heading = (m.title.clone(), m.description.clone());
    let keywords = m
        .keywords
        .join(if lang == Lang::ZhTw { "、" } else { ", " });
    view! {
        <Page path="/forms/:slug" heading>
            <Meta name="DC.title" content=m.title.clone() />
            <Meta name="DC.creator" content=m.creator.clone() />
            <Meta name="DC.subject" content=m.subject.clone() />
            <Meta name="DC.description" content=m.description.clone() />
            <Meta name="DC.date" content=iso_date(m.date) />
            <Meta name="DC.type" content="Text" />
            <Meta name="DC.format" content="text/html" />
            <Meta name="DC.identifier" content=m.identifier.clone() />
            <Meta name="DC.language" content=m.language />
            <Meta name="keywords" content=keywords.clone() />
            {feed_links()}
            <Downloads entry pdf />
            {entry.online.then(|| view! {
                <p><a href=format!("/services/{}", entry.slug)>{f.online}</a></p>
            })}
            <h2>{f.metadata}</h2>
            <dl class="facts">
                <dt>{f.subject}</dt>
                <dd>{m.subject.clone()}</dd>
                <dt>{f.version}</dt>
                <dd><time datetime=iso_date(m.date)>{format_date(lang, m.date)}</time></dd>
                <dt>{f.publisher}</dt>
                <dd>{m.creator.clone()}</dd>
                <dt>{f.language}</dt>
                <dd>{lang.endonym()}</dd>
                <dt>{f.keywords}</dt>
                <dd>{keywords}</dd>
                <dt>{f.identifier}</dt>
                <dd><code>{m.identifier.clone()}</code></dd>
            </dl>
            <h2>{f.preview}</h2>
            <p>{f.preview_note}</p>
            <div class="form-preview">
                {doc
                    .parts
                    .into_iter()
                    .map(|part| {
                        view! {
                            <section>
                                <h3>{part.title.clone()}</h3>
                                {part.lead.clone().map(|l| view! { <p>{l}</p> })}
                                <table class="data form-table">
                                    <tbody>
                                        {part
                                            .items
                                            .into_iter()
                                            .map(|item| view! { <ItemRow item /> })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </section>
                        }
                    })
                    .collect_view()}
            </div>
        </Page>
    }
}

#[component]
fn ItemRow(item: Item) -> impl IntoView {
    let f = page_context().t().forms;
    let label = item.label().to_string();
    let (hint, body) = match item {
        Item::Field { hint, .. } => (
            hint,
            view! { <span class="write-here">{f.write_here}</span> }.into_any(),
        ),
        Item::Choice { hint, options, .. } => (
            hint,
            view! {
                <ul class="ticks">
                    {options.into_iter().map(|(o, _)| view! { <li>{o}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
        ),
        Item::Table { hint, columns, .. } => (
            hint,
            view! {
                <ul class="ticks columns">
                    {columns.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
        ),
    };
    view! {
        <tr>
            <th scope="row">
                {label}
                {hint.map(|h| view! { <span class="hint">{h}</span> })}
            </th>
            <td>{body}</td>
        </tr>
    }
}

/// The links to an application's filled-in form (lookup and confirmation pages).
#[component]
pub fn FilledForms(links: Vec<(Format, String)>) -> impl IntoView {
    let f = page_context().t().forms;
    (!links.is_empty()).then(|| {
        view! {
            <section class="filled-forms" aria-labelledby="filled-forms-title">
                <h2 id="filled-forms-title">{f.filled_title}</h2>
                <p>{f.filled_note}</p>
                <ul class="downloads">
                    {links
                        .into_iter()
                        .map(|(format, href)| {
                            let name = match format {
                                Format::Odt => f.odt,
                                Format::Ods => f.ods,
                                Format::Pdf => f.pdf,
                            };
                            view! {
                                <li>
                                    <a href=href type=format.content_type() download="" rel="nofollow">
                                        {format!("{} {}（{name}）", f.download, f.filled_title)}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

/// The invitation to rate a visit (confirmation and lookup pages).
#[component]
pub fn SurveyInvite(reference: String) -> impl IntoView {
    let t = page_context().t().survey;
    view! {
        <p class="survey-invite">
            {t.invite} "："
            <a href=format!("/survey/visit/{reference}")>{t.invite_link}</a>
        </p>
    }
}
