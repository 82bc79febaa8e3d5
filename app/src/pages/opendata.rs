//! 資訊公開, 資料開放專區 (by category, and each dataset with its data.gov.tw metadata and
//! downloads), 人口統計 (server-drawn charts with their tables) and the service-quality plan.

use crate::components::{BarChart, Page};
use crate::dates::{date_of_unix, format_date, iso_date};
use crate::i18n::Lang;
use crate::opendata::{
    Dataset, FORMATS, GROUPS, LICENSE_TITLE, LICENSE_URL, OpenDataView, Statistics, group_of,
};
use crate::pages::not_found::NotFoundPage;
use crate::site::{from_request, page_context};
use leptos::prelude::*;
use leptos_meta::Link;

#[component]
pub fn OpenDataPage() -> impl IntoView {
    match from_request::<OpenDataView>() {
        Some(OpenDataView::Disclosure { counts }) => view! { <Disclosure counts /> }.into_any(),
        Some(OpenDataView::Catalogue { group, datasets }) => {
            view! { <Catalogue group datasets /> }.into_any()
        }
        Some(OpenDataView::Dataset(d)) => view! { <DatasetView d=*d /> }.into_any(),
        Some(OpenDataView::Statistics(s)) => view! { <StatisticsView s=*s /> }.into_any(),
        Some(OpenDataView::Plan { paragraphs }) => view! { <Plan paragraphs /> }.into_any(),
        None => view! { <NotFoundPage /> }.into_any(),
    }
}

#[component]
fn Disclosure(counts: Vec<(String, usize)>) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let o = ctx.t().opendata;
    view! {
        <Page path="/disclosure">
            <p>{o.disclosure_intro}</p>
            <ol class="disclosure">
                {GROUPS
                    .iter()
                    .map(|g| {
                        let n = counts.iter().find(|(c, _)| c == g.code).map(|(_, n)| *n).unwrap_or(0);
                        view! {
                            <li>
                                <h2>
                                    <a href=format!("/opendata?group={}", g.code)>{g.name.get(lang)}</a>
                                </h2>
                                <p>{g.description.get(lang)} " " {format!("（{}）", o.datasets_in.replace("{}", &n.to_string()))}</p>
                                {(g.code == "plans").then(|| view! {
                                    <p><a href="/disclosure/service-plan">{o.plan_link}</a> " · " <a href="/statistics">{o.statistics.title}</a></p>
                                })}
                                {(g.code == "organisation").then(|| view! { <p><a href="/about">{o.about_link}</a></p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p><a href="/opendata">{o.catalogue.title}</a></p>
        </Page>
    }
}

fn formats_links(d: &Dataset) -> impl IntoView + use<> {
    let o = page_context().t().opendata;
    let title = d.title.get(page_context().lang()).to_string();
    let links: Vec<(String, String)> = if d.resource.is_some() {
        FORMATS
            .iter()
            .map(|(ext, _)| (d.resource_path(ext), ext.to_uppercase()))
            .collect()
    } else {
        Vec::new()
    };
    view! {
        <ul class="downloads">
            {links
                .into_iter()
                .map(|(href, label)| view! { <li><a href=href download="">{format!("{} {title}（{label}）", o.download)}</a></li> })
                .collect_view()}
        </ul>
    }
}

#[component]
fn Catalogue(group: Option<String>, datasets: Vec<Dataset>) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let o = ctx.t().opendata;
    view! {
        <Page path="/opendata">
            <Link rel="alternate" type_="application/ld+json" title="DCAT (JSON-LD)" href="/catalog.jsonld" />
            <Link rel="alternate" type_="text/turtle" title="DCAT (Turtle)" href="/catalog.ttl" />
            <Link rel="alternate" type_="application/rss+xml" title=o.feed href="/feeds/opendata.rss" />
            <p>
                {o.catalogue_intro} " " {o.license} "："
                <a href=LICENSE_URL rel="license">{LICENSE_TITLE.get(lang)}</a>
            </p>
            <nav aria-label=o.groups_label>
                <ul class="filters">
                    <li><a href="/opendata" aria-current=group.is_none().then_some("page")>{o.all_groups}</a></li>
                    {GROUPS
                        .iter()
                        .map(|g| {
                            let current = group.as_deref() == Some(g.code);
                            view! { <li><a href=format!("/opendata?group={}", g.code) aria-current=current.then_some("page")>{g.name.get(lang)}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </nav>
            {datasets.is_empty().then(|| view! { <p>{o.none_in_group}</p> })}
            <ul class="form-list">
                {datasets
                    .iter()
                    .map(|d| {
                        view! {
                            <li>
                                <h2 class="dataset-title">
                                    <a href=d.path()>{d.title.get(lang).to_string()}</a>
                                    {d.sample.then(|| view! { " " <span class="tag">{o.sample_badge}</span> })}
                                </h2>
                                <p>{d.notes.get(lang).to_string()}</p>
                                <p class="meta">
                                    {group_of(&d.group).map(|g| g.name.get(lang)).unwrap_or("")} " · "
                                    {o.f_frequency} "：" {d.frequency.get(lang).to_string()}
                                </p>
                                {formats_links(d)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h2>{o.machine}</h2>
            <p>{o.machine_intro}</p>
            <ul>
                <li><a href="/api/3/action/package_list">"/api/3/action/package_list"</a></li>
                <li><a href="/api/3/action/package_search?rows=10">"/api/3/action/package_search"</a></li>
                <li><a href="/catalog.jsonld">"/catalog.jsonld"</a> " · " <a href="/catalog.ttl">"/catalog.ttl"</a></li>
                <li><a href="/feeds/opendata.rss">{format!("{} (RSS)", o.feed)}</a> " · " <a href="/feeds/opendata.atom">"Atom"</a></li>
            </ul>
        </Page>
    }
}

fn day(unix: i64, lang: Lang) -> impl IntoView + use<> {
    let d = date_of_unix(unix);
    view! { <time datetime=iso_date(d)>{format_date(lang, d)}</time> }
}

#[component]
fn DatasetView(d: Dataset) -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let o = ctx.t().opendata;
    let office = ctx.office.name.get(lang).to_string();
    let heading = (d.title.get(lang).to_string(), d.notes.get(lang).to_string());
    let formats = FORMATS
        .iter()
        .map(|(e, _)| e.to_uppercase())
        .collect::<Vec<_>>()
        .join("、");
    let related = d.related_url.clone();
    view! {
        <Page path="/opendata/:name" heading>
            <Link rel="alternate" type_="application/ld+json" title="DCAT (JSON-LD)" href=format!("{}.jsonld", d.path()) />
            <Link rel="alternate" type_="text/turtle" title="DCAT (Turtle)" href=format!("{}.ttl", d.path()) />
            {d.sample.then(|| view! { <p class="notice" role="note">{o.sample_note}</p> })}
            {formats_links(&d)}
            <table class="data metadata">
                <caption>{o.metadata}</caption>
                <tbody>
                    <tr><th scope="row">{o.f_title}</th><td>{d.title.get(lang).to_string()}</td></tr>
                    <tr><th scope="row">{o.f_description}</th><td>{d.notes.get(lang).to_string()}</td></tr>
                    <tr><th scope="row">{o.f_fields}</th><td>{d.fields.get(lang).to_string()}</td></tr>
                    <tr><th scope="row">{o.f_agency}</th><td>{office}</td></tr>
                    <tr><th scope="row">{o.f_contact}</th><td>{d.contact.clone()} " " <a href=format!("mailto:{}", d.contact_email)>{d.contact_email.clone()}</a></td></tr>
                    <tr><th scope="row">{o.f_frequency}</th><td>{d.frequency.get(lang).to_string()}</td></tr>
                    <tr><th scope="row">{o.f_license}</th><td><a href=LICENSE_URL rel="license">{LICENSE_TITLE.get(lang)}</a></td></tr>
                    <tr><th scope="row">{o.f_fee}</th><td>{o.f_fee_free}</td></tr>
                    <tr><th scope="row">{o.f_created}</th><td>{day(d.created_at, lang)}</td></tr>
                    <tr><th scope="row">{o.f_modified}</th><td>{day(d.modified_at, lang)}</td></tr>
                    <tr><th scope="row">{o.f_keywords}</th><td>{d.keywords.join("、")}</td></tr>
                    <tr><th scope="row">{o.f_category}</th><td>{group_of(&d.group).map(|g| g.name.get(lang)).unwrap_or("")}</td></tr>
                    <tr><th scope="row">{o.f_service_category}</th><td>{d.service_category.clone()}</td></tr>
                    <tr><th scope="row">{o.f_related}</th><td><a href=related.clone()>{related.clone()}</a></td></tr>
                    <tr><th scope="row">{o.f_formats}</th><td>{formats}</td></tr>
                    <tr><th scope="row">{o.f_encoding}</th><td>"UTF-8"</td></tr>
                    <tr><th scope="row">{o.f_rows}</th><td>{d.resource.as_ref().map(|r| r.rows.to_string()).unwrap_or_default()}</td></tr>
                    <tr>
                        <th scope="row">{o.f_resources}</th>
                        <td>
                            {FORMATS.iter().map(|(ext, _)| view! { <code>{d.resource_path(ext)}</code> " " }).collect_view()}
                        </td>
                    </tr>
                    <tr><th scope="row">{o.f_resource_updated}</th><td>{d.resource.as_ref().map(|r| day(r.uploaded_at, lang))}</td></tr>
                </tbody>
            </table>
        </Page>
    }
}

#[component]
fn StatisticsView(s: Statistics) -> impl IntoView {
    let ctx = page_context();
    let o = ctx.t().opendata;
    let people = o.people.to_string();
    view! {
        <Page path="/statistics">
            {s.sample.then(|| view! { <p class="notice" role="note">{o.sample_note}</p> })}
            <p>{o.stats_intro}</p>
            <BarChart id="trend".into() title=o.trend.to_string() unit=people.clone() columns=(o.month.to_string(), o.people.to_string()) rows=s.trend integer=true />
            <BarChart id="villages".into() title=format!("{}（{}）", o.by_village, s.month) unit=people.clone() columns=(o.village.to_string(), o.people.to_string()) rows=s.by_village integer=true />
            <BarChart id="births".into() title=o.births.to_string() unit=people.clone() columns=(o.month.to_string(), o.births.to_string()) rows=s.births integer=true />
            <BarChart id="deaths".into() title=o.deaths.to_string() unit=people columns=(o.month.to_string(), o.deaths.to_string()) rows=s.deaths integer=true />
            <ul>
                <li><a href="/opendata/population-by-village">{o.by_village}</a></li>
                <li><a href="/opendata/births-monthly">{o.births}</a></li>
                <li><a href="/opendata/deaths-monthly">{o.deaths}</a></li>
            </ul>
        </Page>
    }
}

#[component]
fn Plan(paragraphs: Vec<String>) -> impl IntoView {
    view! {
        <Page path="/disclosure/service-plan">
            <div class="prose">
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
        </Page>
    }
}

/// The editors' list of datasets, each with the way to upload a new version of its data.
#[component]
pub fn DatasetUploads(
    datasets: Vec<Dataset>,
    values: crate::opendata::DatasetValues,
    csrf: String,
    errors: Vec<crate::error::FieldError>,
    lang: Lang,
) -> impl IntoView {
    let o = page_context().t().opendata;
    let error_of = |name: &str| {
        errors
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.message.clone())
    };
    let text = |name: &'static str, label: &'static str, value: String, area: bool| {
        let error = error_of(name);
        let id = format!("new-{name}");
        let described = error.as_ref().map(|_| format!("{id}-error"));
        view! {
            <div class="field" class:field-error=error.is_some()>
                <label for=id.clone()>{label}</label>
                {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
                {if area {
                    leptos::either::Either::Left(view! { <textarea id=id.clone() name=name rows="3" aria-describedby=described.clone()>{value}</textarea> })
                } else {
                    leptos::either::Either::Right(view! { <input type="text" id=id.clone() name=name value=value aria-describedby=described.clone() /> })
                }}
            </div>
        }
    };
    let group_error = error_of("group");
    let file_error = error_of("file");
    let new_form = view! {
        <h2>{o.new_dataset}</h2>
        <form method="post" action="/staff/opendata" enctype="multipart/form-data" class="question" novalidate>
            <input type="hidden" name="csrf" value=csrf.clone() />
            {text("name", o.f_name, values.name.clone(), false)}
            <div class="field" class:field-error=group_error.is_some()>
                <label for="new-group">{o.f_category}</label>
                {group_error.clone().map(|e| view! { <p class="error" id="new-group-error">{e}</p> })}
                <select id="new-group" name="group">
                    {GROUPS.iter().map(|g| view! { <option value=g.code selected=values.group == g.code>{g.name.get(lang)}</option> }).collect_view()}
                </select>
            </div>
            {text("title_zh", o.f_title_zh, values.title_zh.clone(), false)}
            {text("title_en", o.f_title_en, values.title_en.clone(), false)}
            {text("notes_zh", o.f_description, values.notes_zh.clone(), true)}
            {text("notes_en", o.f_description_en, values.notes_en.clone(), true)}
            {text("fields_zh", o.f_fields, values.fields_zh.clone(), false)}
            {text("frequency_zh", o.f_frequency, values.frequency_zh.clone(), false)}
            {text("keywords", o.f_keywords, values.keywords.clone(), false)}
            {text("contact", o.f_contact, values.contact.clone(), false)}
            {text("contact_email", o.f_email, values.contact_email.clone(), false)}
            {text("related_url", o.f_related, values.related_url.clone(), false)}
            <div class="field" class:field-error=file_error.is_some()>
                <label for="new-file">{o.f_first_data}</label>
                <span class="hint" id="new-file-hint">{o.csv_hint}</span>
                {file_error.clone().map(|e| view! { <p class="error" id="new-file-error">{e}</p> })}
                <input type="file" id="new-file" name="file" accept=".csv,text/csv" aria-describedby="new-file-hint" />
            </div>
            <button type="submit" class="primary">{o.create}</button>
        </form>
    };
    view! {
        <ul class="form-list">
            {datasets
                .into_iter()
                .map(|d| {
                    let id = format!("file-{}", d.name);
                    let error = errors.iter().find(|e| e.field == id).map(|e| e.message.clone());
                    let title = d.title.get(lang).to_string();
                    let (action, label) = if d.published { ("withdraw", o.withdraw) } else { ("publish", o.publish) };
                    view! {
                        <li>
                            <h2 class="dataset-title"><a href=d.path()>{title.clone()}</a></h2>
                            <p class="meta">
                                {if d.published { o.published } else { o.withdrawn }} " · "
                                {o.version} " " {d.resource.as_ref().map(|r| r.version).unwrap_or(0)} " · "
                                {o.f_rows} " " {d.resource.as_ref().map(|r| r.rows).unwrap_or(0)}
                            </p>
                            <form method="post" action=format!("/staff/opendata/{}", d.name) enctype="multipart/form-data" class="inline-form" novalidate>
                                <input type="hidden" name="csrf" value=csrf.clone() />
                                <div class="field" class:field-error=error.is_some()>
                                    <label for=id.clone()>{format!("{}：{title}", o.upload)}</label>
                                    <span class="hint" id=format!("{id}-hint")>{o.csv_hint}</span>
                                    {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
                                    <input type="file" id=id.clone() name="file" accept=".csv,text/csv" aria-describedby=format!("{id}-hint") />
                                </div>
                                <button type="submit">{o.upload}</button>
                            </form>
                            <form method="post" action=format!("/staff/opendata/{}/{action}", d.name) class="inline">
                                <input type="hidden" name="csrf" value=csrf.clone() />
                                <button type="submit">{format!("{label}：{title}")}</button>
                            </form>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {new_form}
    }
}
