//! 首頁: what a citizen looks for first: today's hours at every location, how to reach the
//! office, and the way into each section.

use crate::components::{Page, TodayHours};
use crate::dates::{date_of_unix, format_date, iso_date};
use crate::services::ServiceKind;
use crate::site::{children_of, page_context};
use leptos::prelude::*;

/// The office as a schema.org GovernmentOffice, with each location's address and hours.
fn office_json_ld(office: &crate::office::Office, lang: crate::i18n::Lang) -> String {
    let main = office.main_location();
    let days = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let hours: Vec<serde_json::Value> = main
        .map(|l| {
            l.hours
                .iter()
                .map(|h| {
                    serde_json::json!({
                        "@type": "OpeningHoursSpecification",
                        "dayOfWeek": days[usize::from(h.weekday.clamp(1, 7) - 1)],
                        "opens": crate::dates::format_minutes(h.opens),
                        "closes": crate::dates::format_minutes(h.closes),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    crate::site::json_ld(&serde_json::json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": office.name.get(lang),
        "telephone": office.phone,
        "email": office.email,
        "address": main.map(|l| l.address.get(lang).to_string()).unwrap_or_default(),
        "openingHoursSpecification": hours,
    }))
}

#[component]
pub fn HomePage() -> impl IntoView {
    let ctx = page_context();
    let lang = ctx.lang();
    let t = ctx.t();
    let office = ctx.office.clone();
    let weekday = ctx.today.weekday().number_from_monday();
    view! {
        <Page path="/" updated=date_of_unix(office.updated_at)>
            <script type="application/ld+json" nonce=crate::site::nonce() inner_html=office_json_ld(&office, lang)></script>
            <p class="lead">{t.home_welcome}</p>
            <section aria-labelledby="today-heading" class="card">
                <h2 id="today-heading">
                    {t.home_today_heading} "："
                    <time datetime=iso_date(ctx.today)>{format_date(lang, ctx.today)}</time>
                    " " {t.weekdays[usize::from(weekday - 1)]}
                </h2>
                <TodayHours
                    locations=office.locations.clone()
                    lang=lang
                    calendar=ctx.calendar.clone()
                    date=ctx.today
                />
                <p>
                    <a href="/about/hours">{t.hours_page.title}</a>
                </p>
                {(!ctx.waiting.is_empty())
                    .then(|| {
                        view! {
                            <h3>{t.staff.people_waiting_home}</h3>
                            <ul class="link-list">
                                {ctx
                                    .waiting
                                    .iter()
                                    .map(|(id, n)| {
                                        let name = office
                                            .locations
                                            .iter()
                                            .find(|l| &l.id == id)
                                            .map(|l| l.name.get(lang).to_string())
                                            .unwrap_or_default();
                                        view! {
                                            <li>
                                                <a href=format!("/display/{id}")>{name}</a>
                                                "：" {t.staff.waiting_now.replace("{}", &n.to_string())}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })}
            </section>
            <section aria-labelledby="book-heading" class="card">
                <h2 id="book-heading">{t.services.title}</h2>
                <ul class="link-list">
                    {ctx
                        .services
                        .services
                        .iter()
                        .filter(|s| s.kind == ServiceKind::Appointment)
                        .map(|s| {
                            view! {
                                <li>
                                    <a href=format!("/services/{}", s.code)>{s.name.get(lang).to_string()}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                    <li>
                        <a href="/bookings/lookup">{t.lookup.title}</a>
                    </li>
                    <li>
                        <a href="/forms">{t.forms.page.title}</a>
                    </li>
                    <li>
                        <a href="/services">{t.services.title}</a>
                    </li>
                </ul>
            </section>
            <section aria-labelledby="interaction-heading" class="card">
                <h2 id="interaction-heading">{t.suggestions.interaction}</h2>
                <ul class="link-list">
                    <li>
                        <a href="/mailbox">{t.mailbox.page.title}</a>
                    </li>
                    <li>
                        <a href="/survey">{t.survey.page.title}</a>
                    </li>
                    <li>
                        <a href="/suggestions">{t.suggestions.page.title}</a>
                    </li>
                </ul>
            </section>
            <section aria-labelledby="about-heading" class="card">
                <h2 id="about-heading">{t.home_about_heading}</h2>
                <ul class="link-list">
                    <li>
                        <a href="/about">{t.about.title}</a>
                    </li>
                    {children_of("/about")
                        .map(|p| {
                            view! {
                                <li>
                                    <a href=p.path>{(p.text)(t).title}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        </Page>
    }
}
