//! The host's allow-list for the guest's outgoing HTTP requests, enforced in
//! `WasiHttpHooks::send_request`: whatever the component does, a request to
//! a host not on the list never leaves the process.

use std::fmt;
use std::future::Future;

use wasmtime_wasi_http::{RequestOptions, WasiBody, WasiHttpHooks};

/// One `--allow-host` entry: a host on any port, or a host and a port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostRule {
    host: String,
    port: Option<u16>,
}

impl HostRule {
    /// `example.com`, `127.0.0.1:8080`, `[::1]:8080`.
    ///
    /// # Errors
    ///
    /// An entry that is not `host` or `host:port`.
    pub fn parse(entry: &str) -> Result<Self, String> {
        let entry = entry.trim();
        let bad = || format!("{entry:?} is not host or host:port");
        let (host, port) = if let Some(v6) = entry.strip_prefix('[') {
            let (addr, after) = v6.split_once(']').ok_or_else(bad)?;
            let port = match after {
                "" => None,
                _ => Some(after.strip_prefix(':').ok_or_else(bad)?),
            };
            (format!("[{addr}]"), port)
        } else {
            match entry.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (entry.to_string(), None),
            }
        };
        if host.is_empty() || host.contains(['/', '@', ' ']) {
            return Err(bad());
        }
        let port = port
            .map(|p| p.parse::<u16>().map_err(|_| bad()))
            .transpose()?;
        Ok(Self {
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    fn allows(&self, host: &str, port: u16) -> bool {
        self.host == host && self.port.is_none_or(|p| p == port)
    }
}

impl fmt::Display for HostRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

/// The hosts outgoing requests may go to; empty denies everything.
#[derive(Clone, Debug, Default)]
pub struct AllowList(pub Vec<HostRule>);

impl AllowList {
    /// Whether a request to `uri` may go out.
    pub fn allows(&self, uri: &hyper::Uri) -> bool {
        let Some(host) = uri.host() else {
            return false;
        };
        let default_port = if uri.scheme_str() == Some("https") {
            443
        } else {
            80
        };
        let port = uri.port_u16().unwrap_or(default_port);
        let host = host.to_ascii_lowercase();
        self.0.iter().any(|r| r.allows(&host, port))
    }

    /// The list as the component's `ALLOWED_HOSTS` takes it.
    pub fn to_env(&self) -> String {
        self.0
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// What [`WasiHttpHooks::send_request`] returns.
type SendFuture = Box<
    dyn Future<
            Output = wasmtime_wasi_http::Result<(
                hyper::Response<WasiBody>,
                Box<dyn Future<Output = wasmtime_wasi_http::Result<()>> + Send>,
            )>,
        > + Send,
>;

impl WasiHttpHooks for AllowList {
    fn send_request(
        &mut self,
        request: hyper::Request<WasiBody>,
        options: Option<RequestOptions>,
        fut: Box<dyn Future<Output = wasmtime_wasi_http::Result<()>> + Send>,
    ) -> SendFuture {
        if self.allows(request.uri()) {
            return wasmtime_wasi_http::default_hooks().send_request(request, options, fut);
        }
        eprintln!(
            "[serve] denied the component's request to {}: not on --allow-host",
            request.uri()
        );
        Box::new(async { Err(wasmtime_wasi_http::Error::HttpRequestDenied) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> AllowList {
        AllowList(
            entries
                .iter()
                .map(|e| HostRule::parse(e).unwrap())
                .collect(),
        )
    }

    fn uri(s: &str) -> hyper::Uri {
        s.parse().unwrap()
    }

    #[test]
    fn deny_by_default_and_exact_matches() {
        assert!(!AllowList::default().allows(&uri("http://127.0.0.1:80/")));
        let l = list(&["127.0.0.1:8000", "Example.com"]);
        assert!(l.allows(&uri("http://127.0.0.1:8000/a.png")));
        assert!(!l.allows(&uri("http://127.0.0.1:8001/a.png")));
        assert!(!l.allows(&uri("http://localhost:8000/a.png")));
        assert!(l.allows(&uri("https://EXAMPLE.com/x")));
        assert!(
            l.allows(&uri("http://example.com:81/x")),
            "no port: any port"
        );
        assert!(!l.allows(&uri("/relative")));
        assert_eq!(l.to_env(), "127.0.0.1:8000,example.com");
    }

    #[test]
    fn parses_entries() {
        assert_eq!(HostRule::parse("[::1]:9").unwrap().to_string(), "[::1]:9");
        for bad in ["", "a:b", "host:99999", "http://x", "a b", "[::1"] {
            assert!(HostRule::parse(bad).is_err(), "{bad}");
        }
    }
}
