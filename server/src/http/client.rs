//! Who the client is: the address of the connection's peer, or, when the peer is one of the
//! trusted proxies (`PORTAL_TRUSTED_PROXIES`), the right-most X-Forwarded-For address that is
//! not a trusted proxy. Limits count IPv4 clients per address and IPv6 clients per /64 (one
//! household or phone gets a whole /64, and can pick any address in it).

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

/// A network: an address and how many leading bits of it count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for Cidr {
    type Err = String;

    /// `10.0.0.0/8`, `2001:db8::/32`, or a bare address (the whole address counts).
    fn from_str(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network: IpAddr = address
            .parse()
            .map_err(|_| format!("{text:?} is not an address or network such as 10.0.0.0/8"))?;
        let network = network.to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?}: the prefix must be 0 to {max}"))?,
        };
        Ok(Cidr { network, prefix })
    }
}

/// A list of networks: the proxies whose X-Forwarded-For is believed, the kiosks' addresses.
#[derive(Clone, Debug, Default)]
pub struct Networks(Vec<Cidr>);

impl Networks {
    /// A comma- or space-separated list of networks; empty trusts nobody.
    pub fn parse(text: &str) -> Result<Networks, String> {
        text.split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(Cidr::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(Networks)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }

    /// The client behind `peer`: the peer itself unless it is a trusted proxy; then, walking
    /// X-Forwarded-For from the right (the hop nearest to us), the first address that is not
    /// a trusted proxy. A client can write anything at the left of the header, so nothing left
    /// of the first untrusted hop is believed.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.contains(peer) {
            return peer;
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Ok(ip) = hop.trim().parse::<IpAddr>() else {
                // A hop that is not an address: the proxy before it cannot be vouched for.
                break;
            };
            client = ip.to_canonical();
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

/// The client of a request, as counted by the limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client(pub IpAddr);

impl Client {
    /// What limits count: the IPv4 address, or the IPv6 address's /64.
    pub fn key(&self) -> String {
        match self.0.to_canonical() {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let network = u128::from(v6) & (u128::MAX << 64);
                format!("{}/64", Ipv6Addr::from(network))
            }
        }
    }
}

/// The client's address from the request's parts: the peer given by `serve` with connect
/// info, seen through the trusted proxies.
pub fn of_parts(proxies: &Networks, parts: &Parts) -> Client {
    of(proxies, &parts.extensions, &parts.headers)
}

pub fn of(proxies: &Networks, extensions: &axum::http::Extensions, headers: &HeaderMap) -> Client {
    // Without connect info (a test driving the router directly) the peer is unknown: count it
    // as one anonymous client rather than trusting a header.
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    Client(proxies.client(peer, headers))
}

impl FromRequestParts<super::AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &super::AppState,
    ) -> Result<Client, Infallible> {
        Ok(of_parts(&state.trusted_proxies, parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(
                "x-forwarded-for",
                HeaderValue::from_str(v).expect("a header"),
            );
        }
        h
    }

    #[test]
    fn networks_contain_their_addresses_and_no_others() {
        let net: Cidr = "10.1.0.0/16".parse().expect("a network");
        assert!(net.contains(ip("10.1.200.3")));
        assert!(!net.contains(ip("10.2.0.1")));
        assert!(net.contains(ip("::ffff:10.1.0.9")));
        let one: Cidr = "192.0.2.7".parse().expect("an address");
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6: Cidr = "2001:db8::/32".parse().expect("a network");
        assert!(v6.contains(ip("2001:db8:1::1")) && !v6.contains(ip("2001:db9::1")));
        assert!(
            "0.0.0.0/0"
                .parse::<Cidr>()
                .expect("all")
                .contains(ip("8.8.8.8"))
        );
        assert!("10.0.0.0/33".parse::<Cidr>().is_err());
        assert!("proxy.local".parse::<Cidr>().is_err());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let proxies = Networks::parse("127.0.0.1").expect("a list");
        let h = forwarded(&["203.0.113.9"]);
        assert_eq!(proxies.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        assert_eq!(
            Networks::default().client(ip("127.0.0.1"), &h),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        let proxies = Networks::parse("10.0.0.0/8, 127.0.0.1").expect("a list");
        // The client wrote a fake first hop; nginx appended the real address.
        let h = forwarded(&["1.2.3.4, 203.0.113.9"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &h), ip("203.0.113.9"));
        // Two proxies in a row, the header split over two lines.
        let h = forwarded(&["1.2.3.4, 203.0.113.9", "10.0.0.5"]);
        assert_eq!(proxies.client(ip("10.0.0.6"), &h), ip("203.0.113.9"));
        // No header: the proxy itself.
        assert_eq!(
            proxies.client(ip("10.0.0.6"), &HeaderMap::new()),
            ip("10.0.0.6")
        );
        // Garbage stops the walk at the last believable hop.
        let h = forwarded(&["203.0.113.9, junk, 10.0.0.5"]);
        assert_eq!(proxies.client(ip("10.0.0.6"), &h), ip("10.0.0.5"));
    }

    #[test]
    fn ipv6_clients_count_per_64_and_ipv4_per_address() {
        let a = Client(ip("2001:db8:1:2:aaaa::1"));
        let b = Client(ip("2001:db8:1:2:bbbb::9"));
        let c = Client(ip("2001:db8:1:3::1"));
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), c.key());
        assert_eq!(a.key(), "2001:db8:1:2::/64");
        assert_eq!(Client(ip("::ffff:192.0.2.1")).key(), "192.0.2.1");
    }
}
