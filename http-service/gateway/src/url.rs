//! The URLs `process-from-url` accepts, and the allow-list they must pass.

/// `http` or `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP.
    Http,
    /// HTTP over TLS.
    Https,
}

/// An absolute `http(s)://host[:port][/path][?query]` URL, split the way
/// `wasi:http/types.outgoing-request` wants it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// The scheme.
    pub scheme: Scheme,
    /// Lower-case host name or address; IPv6 in brackets.
    pub host: String,
    /// The port, explicit or the scheme's default.
    pub port: u16,
    /// `/path?query`, at least `/`; the fragment is dropped.
    pub path_with_query: String,
}

impl Url {
    /// Parses `text`.
    ///
    /// # Errors
    ///
    /// What is wrong with it, for a 400 response.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (scheme, rest) = if let Some(rest) = strip_prefix_ignore_case(text, "http://") {
            (Scheme::Http, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(text, "https://") {
            (Scheme::Https, rest)
        } else {
            return Err(format!("{text:?} is not an http:// or https:// URL"));
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(split);
        if authority.contains('@') {
            return Err("URLs with user information (user@host) are not accepted".into());
        }
        let default_port = match scheme {
            Scheme::Http => 80,
            Scheme::Https => 443,
        };
        let (host, port) = split_host_port(authority)
            .ok_or_else(|| format!("{authority:?} is not a valid host[:port]"))?;
        let path_with_query = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        if path_with_query.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err("the URL's path contains spaces or control characters".into());
        }
        Ok(Self {
            scheme,
            host,
            port: port.unwrap_or(default_port),
            path_with_query,
        })
    }

    /// `host:port`, as the request's authority.
    #[must_use]
    pub fn authority(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// `host`, `host:port`, `[v6]` or `[v6]:port` → lower-case host and port.
fn split_host_port(authority: &str) -> Option<(String, Option<u16>)> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (addr, after) = v6.split_once(']')?;
        let valid = !addr.is_empty()
            && addr
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        if !valid {
            return None;
        }
        let port = if after.is_empty() {
            None
        } else {
            Some(after.strip_prefix(':')?)
        };
        (format!("[{addr}]"), port)
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        let valid = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !valid {
            return None;
        }
        (host.to_string(), port)
    };
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse().ok()?),
        Some(_) => return None,
    };
    Some((host.to_ascii_lowercase(), port))
}

/// One `ALLOWED_HOSTS` entry: a host, on any port, or a host and a port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostRule {
    host: String,
    port: Option<u16>,
}

impl HostRule {
    /// An entry as written in `ALLOWED_HOSTS` (`example.com`,
    /// `127.0.0.1:8080`, `[::1]:8080`); `None` if it is not one.
    #[must_use]
    pub fn parse(entry: &str) -> Option<Self> {
        let (host, port) = split_host_port(entry.trim())?;
        Some(Self { host, port })
    }

    fn allows(&self, url: &Url) -> bool {
        self.host == url.host && self.port.is_none_or(|p| p == url.port)
    }
}

/// Whether `url` may be fetched: only if an entry allows its host and port.
/// An empty list allows nothing.
#[must_use]
pub fn allowed(rules: &[HostRule], url: &Url) -> bool {
    rules.iter().any(|r| r.allows(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_parts() {
        let u = Url::parse("http://127.0.0.1:8000/img/a.png?x=1#frag").unwrap();
        assert_eq!(u.scheme, Scheme::Http);
        assert_eq!(u.authority(), "127.0.0.1:8000");
        assert_eq!(u.path_with_query, "/img/a.png?x=1");
        let u = Url::parse("HTTPS://CDN.Example.com").unwrap();
        assert_eq!(
            (u.scheme, u.host.as_str(), u.port),
            (Scheme::Https, "cdn.example.com", 443)
        );
        assert_eq!(u.path_with_query, "/");
        let u = Url::parse("http://[::1]:9/x").unwrap();
        assert_eq!(u.authority(), "[::1]:9");
        assert_eq!(Url::parse("http://h?q").unwrap().path_with_query, "/?q");
    }

    #[test]
    fn rejects_what_it_cannot_fetch_safely() {
        for bad in [
            "ftp://x/",
            "file:///etc/passwd",
            "//x/",
            "http://",
            "http://user@host/",
            "http://host:port/",
            "http://host:99999/",
            "http://ho st/",
            "http://h/a b",
            "http://[zz]/",
            "http://[::1]x/",
        ] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn allow_list_is_exact_and_denies_by_default() {
        let url = Url::parse("http://127.0.0.1:8000/a.png").unwrap();
        assert!(!allowed(&[], &url));
        let rules = |s: &str| s.split(',').filter_map(HostRule::parse).collect::<Vec<_>>();
        assert!(allowed(&rules("127.0.0.1:8000"), &url));
        assert!(allowed(&rules("127.0.0.1"), &url), "no port: any port");
        assert!(!allowed(&rules("127.0.0.1:8001"), &url));
        assert!(
            !allowed(&rules("localhost:8000"), &url),
            "names are not resolved"
        );
        assert!(!allowed(&rules("127.0.0.10:8000,27.0.0.1"), &url));
        let url = Url::parse("http://LocalHost:8000/").unwrap();
        assert!(
            allowed(&rules("localhost"), &url),
            "hosts compare case-insensitively"
        );
    }
}
