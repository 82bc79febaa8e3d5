//! The site shell around every page: skip link, 導盲磚 access keys, header with the site tools
//! (text size, language), main navigation, breadcrumb, footer with the office's details.

use crate::components::PrintButton;
use crate::components::hours::week_summary;
use crate::dates::{format_date, iso_date};
use crate::i18n::{PageText, Texts};
use crate::site::{FontSize, PAGES, page_context, site_page};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_location;
use time::Date;

/// A whole page: `<title>`, meta description, header, the page's content, footer.
#[component]
pub fn Page(
    /// The page's path in the site table; its title, description and section come from there.
    #[prop(optional)]
    path: Option<&'static str>,
    /// Title and description for pages outside the table (not found, errors).
    #[prop(optional)]
    text: Option<fn(&'static Texts) -> &'static PageText>,
    /// A title and description made from data (a service's page), in place of the table's.
    #[prop(optional)]
    heading: Option<(String, String)>,
    /// When the page's content last changed.
    #[prop(optional)]
    updated: Option<Date>,
    children: Children,
) -> impl IntoView {
    let ctx = page_context();
    let t = ctx.t();
    let entry = path.and_then(site_page);
    let text = match (text, entry) {
        (Some(text), _) => text(t),
        (None, Some(entry)) => (entry.text)(t),
        (None, None) => &t.not_found,
    };
    let (heading, description) =
        heading.unwrap_or_else(|| (text.title.to_string(), text.description.to_string()));
    let office_name = ctx.office.name.get(ctx.lang()).to_string();
    let title = if path == Some("/") {
        office_name.clone()
    } else {
        format!("{heading} | {office_name}")
    };
    let parent = entry.and_then(|e| e.parent).and_then(site_page);

    view! {
        <Title text=title />
        <Meta name="description" content=description />
        <a class="skip-link" href="#main">{t.skip_to_main}</a>
        <SiteHeader current=path />
        <main id="main" tabindex="-1">
            <a class="access-key" id="C" href="#C" accesskey="C" title=t.access_main>
                ":::"
            </a>
            {parent
                .map(|parent| {
                    view! {
                        <nav class="breadcrumb" aria-label=t.breadcrumb>
                            <ol>
                                <li>
                                    <a href="/">{t.home.title}</a>
                                </li>
                                <li>
                                    <a href=parent.path>{(parent.text)(t).title}</a>
                                </li>
                                <li aria-current="page">{heading.clone()}</li>
                            </ol>
                        </nav>
                    }
                })}
            <h1>{heading}</h1>
            {children()}
            <div class="page-end">
                <PrintButton label=t.print.to_string() />
            </div>
        </main>
        <SiteFooter updated=updated />
    }
}

#[component]
fn SiteHeader(current: Option<&'static str>) -> impl IntoView {
    let ctx = page_context();
    let t = ctx.t();
    let lang = ctx.lang();
    let location = use_location();
    let back = {
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let section = current
        .and_then(site_page)
        .map(|p| p.parent.unwrap_or(p.path));
    let nav: Vec<_> = PAGES
        .iter()
        .filter(|p| p.in_nav && ctx.routes.iter().any(|r| r == p.path))
        .collect();
    let other = lang.other();

    view! {
        <header class="site-header">
            <a class="access-key" id="U" href="#U" accesskey="U" title=t.access_top>
                ":::"
            </a>
            {ctx
                .office
                .sample
                .then(|| view! { <p class="sample-notice">{t.sample_notice}</p> })}
            <div class="header-bar">
                <p class="brand">
                    <a href="/">{ctx.office.name.get(lang).to_string()}</a>
                </p>
                <form class="site-search" role="search" method="get" action="/search">
                    <label for="site-q" class="visually-hidden">{t.search_label}</label>
                    <input type="search" id="site-q" name="q" accesskey="S" maxlength="200" title=t.search.title />
                    <button type="submit">{t.search_button}</button>
                </form>
                <div class="site-tools" role="group" aria-label=t.site_tools>
                    <form class="font-size" method="post" action="/prefs/font-size">
                        <input type="hidden" name="back" value=back.clone() />
                        <span id="font-size-label">{t.font_size}</span>
                        <span role="group" aria-labelledby="font-size-label">
                            {FontSize::ALL
                                .into_iter()
                                .map(|size| {
                                    let current = size == ctx.prefs.font_size;
                                    view! {
                                        <button
                                            type="submit"
                                            name="size"
                                            value=size.code()
                                            class=format!("fs-button fs-button-{}", size.code())
                                            aria-pressed=if current { "true" } else { "false" }
                                        >
                                            {size.label(lang)}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </span>
                    </form>
                    <form class="language" method="post" action="/prefs/lang">
                        <input type="hidden" name="back" value=back />
                        <button type="submit" name="lang" value=other.code() lang=other.tag()>
                            {other.endonym()}
                        </button>
                    </form>
                </div>
            </div>
            <nav class="main-nav" aria-label=t.main_menu>
                <ul>
                    {nav
                        .into_iter()
                        .map(|p| {
                            let here = section == Some(p.path);
                            view! {
                                <li>
                                    <a href=p.path aria-current=here.then_some("page")>
                                        {(p.text)(t).title}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}

#[component]
fn SiteFooter(updated: Option<Date>) -> impl IntoView {
    let ctx = page_context();
    let t = ctx.t();
    let lang = ctx.lang();
    let office = ctx.office.clone();
    let main = office.main_location().cloned();
    view! {
        <footer class="site-footer">
            <a class="access-key" id="Z" href="#Z" accesskey="Z" title=t.access_bottom>
                ":::"
            </a>
            <div class="footer-grid">
                <section aria-labelledby="footer-office">
                    <h2 id="footer-office">{office.name.get(lang).to_string()}</h2>
                    {main
                        .clone()
                        .map(|m| {
                            view! {
                                <p>{t.address} "：" {m.address.get(lang).to_string()}</p>
                                <p>
                                    {t.phone} "："
                                    <a href=format!("tel:{}", tel(&m.phone))>{m.phone.clone()}</a>
                                </p>
                            }
                        })}
                    {(!office.fax.is_empty())
                        .then(|| view! { <p>{t.fax} "：" {office.fax.clone()}</p> })}
                    {(!office.email.is_empty())
                        .then(|| {
                            view! {
                                <p>
                                    {t.email} "："
                                    <a href=format!("mailto:{}", office.email)>{office.email.clone()}</a>
                                </p>
                            }
                        })}
                    {main
                        .as_ref()
                        .map(|m| {
                            view! {
                                <p>
                                    <a href="/about/hours">{t.hours}</a>
                                    "："
                                    {week_summary(m, lang).join("；")}
                                </p>
                            }
                        })}
                </section>
                <nav aria-label=t.footer_label>
                    <ul>
                        <li>
                            <a href="/sitemap">{t.sitemap.title}</a>
                        </li>
                        <li>
                            <a href="/accessibility">{t.accessibility.title}</a>
                        </li>
                        <li>
                            <a href="/privacy">{t.privacy.title}</a>
                        </li>
                        <li>
                            <a href="/about/contact">{t.contact.title}</a>
                        </li>
                    </ul>
                </nav>
            </div>
            {updated
                .map(|date| {
                    view! {
                        <p class="updated">
                            {t.last_updated} "："
                            <time datetime=iso_date(date)>{format_date(lang, date)}</time>
                        </p>
                    }
                })}
        </footer>
    }
}

/// A phone number as a `tel:` URI: digits and a leading plus only.
pub fn tel(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    match digits.strip_prefix('0') {
        Some(rest) => format!("+886{rest}"),
        None => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::tel;

    #[test]
    fn taiwanese_numbers_become_international_tel_uris() {
        assert_eq!(tel("04-2339-3022"), "+886423393022");
        assert_eq!(tel("+886-4-2339-3022"), "+886423393022");
    }
}
