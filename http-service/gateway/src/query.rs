//! Query strings: `a=1&b=x%20y`.

/// Splits `path?query` into the path and the decoded query pairs.
#[must_use]
pub fn split(path_with_query: &str) -> (&str, Query) {
    match path_with_query.split_once('?') {
        Some((path, query)) => (path, Query::parse(query)),
        None => (path_with_query, Query::default()),
    }
}

/// Decoded `name=value` pairs, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Parses `a=1&b=2`; `+` is a space, `%XX` a byte; a pair without `=`
    /// has an empty value; malformed escapes are kept as written.
    #[must_use]
    pub fn parse(query: &str) -> Self {
        Self(
            query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(k), decode(v))
                })
                .collect(),
        )
    }

    /// The first value of `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The names, for rejecting unknown ones.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = (b == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (b, escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (b, None) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_decodes() {
        let (path, q) = split("/process?operation=resize%3A8x8%7Cgrayscale&blur_radius=2&x&n=a+b");
        assert_eq!(path, "/process");
        assert_eq!(q.get("operation"), Some("resize:8x8|grayscale"));
        assert_eq!(q.get("blur_radius"), Some("2"));
        assert_eq!(q.get("x"), Some(""));
        assert_eq!(q.get("n"), Some("a b"));
        assert_eq!(q.get("missing"), None);
        assert_eq!(
            q.names().collect::<Vec<_>>(),
            ["operation", "blur_radius", "x", "n"]
        );
    }

    #[test]
    fn no_query_and_bad_escapes() {
        assert_eq!(split("/health"), ("/health", Query::default()));
        let (_, q) = split("/p?a=%zz%4&b=%41");
        assert_eq!((q.get("a"), q.get("b")), (Some("%zz%4"), Some("A")));
    }
}
