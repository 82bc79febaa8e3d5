//! The site's own address for absolute links (feeds, sitemap.xml, DCAT, QR codes): the
//! configured `PORTAL_PUBLIC_URL`, or the request's Host when it is one of
//! `PORTAL_ALLOWED_HOSTS` (or, for a portal on this machine, a loopback name). Any other Host
//! gets relative links and its answers are never cached publicly, so a forged Host cannot put
//! another site's links into a shared cache.

use super::AppState;
use axum::http::{HeaderMap, header};

fn host(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::trim)
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
}

/// A host name without its port, lower-cased.
fn name_of(host: &str) -> String {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name.to_ascii_lowercase()
}

fn loopback(host: &str) -> bool {
    matches!(name_of(host).as_str(), "localhost" | "127.0.0.1" | "::1")
}

/// Whether the request's Host is one the office named (so its answers may be cached publicly).
pub fn host_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    state.public_url.is_some()
        || host(headers).is_some_and(|h| {
            let name = name_of(h);
            state
                .allowed_hosts
                .iter()
                .any(|a| a.eq_ignore_ascii_case(h) || a.eq_ignore_ascii_case(&name))
        })
}

/// The address to put before absolute paths, without a trailing slash; empty (relative
/// links) when the Host is not one to believe.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let Some(host) = host(headers).filter(|h| host_allowed(state, headers) || loopback(h)) else {
        return String::new();
    };
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_lose_their_ports() {
        assert_eq!(
            name_of("Portal.Example.gov.tw:443"),
            "portal.example.gov.tw"
        );
        assert_eq!(name_of("[::1]:3000"), "::1");
        assert_eq!(name_of("localhost"), "localhost");
        assert!(loopback("127.0.0.1:3000") && loopback("[::1]:80") && !loopback("evil.example"));
    }
}
