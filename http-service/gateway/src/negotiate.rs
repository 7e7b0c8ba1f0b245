//! Content negotiation on the codec's own list of formats (its
//! `supported-formats`, which the gateway reads once an instance): which
//! format `GET /status/{id}` sends a result in (`?format=`, else `Accept`),
//! and which media types a raw `POST /process` body may be labelled with.
//! The gateway keeps no list of its own: a format the codec gains is one the
//! API takes and serves.

use crate::api::ApiError;

/// One of the codec's formats: its `file-format` record, as plain data so
/// that the negotiation is tested natively.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFormat {
    /// The name `encode` takes, lower case: `png`.
    pub name: String,
    /// The file name extensions, lower case: `jpg`, `jpeg`.
    pub extensions: Vec<String>,
    /// The media type: `image/png`.
    pub media_type: String,
}

impl FileFormat {
    /// Whether `name` (lower case) is the format's name or an extension.
    fn is_called(&self, name: &str) -> bool {
        self.name == name || self.extensions.iter().any(|e| e == name)
    }

    /// How specifically the media range `range` (lower case, no
    /// parameters) names the format: 2 for its media type (or its type with
    /// one of its extensions, as `image/jpg`), 1 for `type/*`, 0 for `*/*`.
    fn specificity(&self, range: &str) -> Option<u8> {
        let (kind, _) = self.media_type.split_once('/')?;
        match range.split_once('/')? {
            _ if range == self.media_type => Some(2),
            (k, sub) if k == kind && self.extensions.iter().any(|e| e == sub) => Some(2),
            (k, "*") if k == kind => Some(1),
            ("*", "*") => Some(0),
            _ => None,
        }
    }
}

/// Every name `encode` takes, once each: each format's name, then its
/// other extensions (`png`, `jpeg`, `jpg`).
#[must_use]
pub fn names(formats: &[FileFormat]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for f in formats {
        for name in std::iter::once(&f.name).chain(&f.extensions) {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
    }
    names
}

/// The media types, as a message lists them: `image/png or image/jpeg`.
fn media_types(formats: &[FileFormat]) -> String {
    let types: Vec<&str> = formats.iter().map(|f| f.media_type.as_str()).collect();
    types.join(" or ")
}

/// The media type of a `Content-Type` or `Accept` item: lower case, without
/// its parameters.
fn media_of(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The format for a result.
///
/// `format`, a format's name or extension (any case), wins. Otherwise
/// `accept` is weighed: each format gets the `q` of the most specific range
/// that matches its media type (`image/png` over `image/*` over `*/*`), the
/// highest wins, and of equal ones the codec's first (PNG: the codec lists
/// it first). No `Accept` header means the codec's first.
///
/// # Errors
///
/// 400 for an unknown `format`; 406 when `Accept` allows none; 500 when the
/// codec lists no format at all.
pub fn choose<'a>(
    formats: &'a [FileFormat],
    format: Option<&str>,
    accept: Option<&str>,
) -> Result<&'a FileFormat, ApiError> {
    if let Some(f) = format {
        let wanted = f.to_ascii_lowercase();
        return formats
            .iter()
            .find(|x| x.is_called(&wanted))
            .ok_or_else(|| {
                ApiError::bad_request(format!("format={f:?}: use {}", names(formats).join(", ")))
            });
    }
    let first = formats
        .first()
        .ok_or_else(|| ApiError::internal("the codec lists no formats (supported-formats)"))?;
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(first);
    };
    // The first of the highest `q`: `max_by` would keep the last.
    let mut best: Option<(&FileFormat, f32)> = None;
    for f in formats {
        let q = quality(accept, f);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((f, q));
        }
    }
    best.map(|(f, _)| f).ok_or_else(|| {
        ApiError::not_acceptable(format!(
            "results are {}; Accept: {accept} allows none of them",
            media_types(formats)
        ))
    })
}

/// The `q` `accept` gives `format`: that of the most specific matching
/// range, 0 if none matches.
fn quality(accept: &str, format: &FileFormat) -> f32 {
    let mut best: Option<(u8, f32)> = None;
    for range in accept.split(',') {
        let Some(specificity) = format.specificity(&media_of(range)) else {
            continue;
        };
        let q = range
            .split(';')
            .skip(1)
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|v| v.trim().parse::<f32>().ok())
            .filter(|q| q.is_finite())
            .unwrap_or(1.0);
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, q));
        }
    }
    best.map_or(0.0, |(_, q)| q)
}

/// Checks the label of a raw image body: none, `application/octet-stream`
/// or the media type of one of the codec's formats. The codec recognises a
/// format by its signature, not by the label, so any of its media types
/// will do for any of its formats; a label naming something else (text, a
/// format the codec does not read) is refused before any work is queued.
///
/// # Errors
///
/// 415, listing the codec's media types.
pub fn check_input(formats: &[FileFormat], content_type: Option<&str>) -> Result<(), ApiError> {
    let Some(label) = content_type.filter(|c| !c.trim().is_empty()) else {
        return Ok(());
    };
    let media = media_of(label);
    if media == "application/octet-stream" || formats.iter().any(|f| f.media_type == media) {
        return Ok(());
    }
    Err(ApiError::unsupported_media_type(format!(
        "Content-Type: {label}: a raw body is an image, {} (or application/octet-stream); \
         a JSON body is application/json",
        media_types(formats)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the codec's `supported-formats` returns (checked against the
    /// codec by the HTTP cases in http-service/tests).
    fn codec() -> Vec<FileFormat> {
        let format = |name: &str, extensions: &[&str], media_type: &str| FileFormat {
            name: name.into(),
            extensions: extensions.iter().map(|&e| e.into()).collect(),
            media_type: media_type.into(),
        };
        vec![
            format("png", &["png"], "image/png"),
            format("jpeg", &["jpg", "jpeg"], "image/jpeg"),
        ]
    }

    fn name(r: Result<&FileFormat, ApiError>) -> String {
        r.unwrap().name.clone()
    }

    #[test]
    fn format_parameter_wins() {
        let formats = codec();
        assert_eq!(
            name(choose(&formats, Some("jpg"), Some("image/png"))),
            "jpeg"
        );
        assert_eq!(name(choose(&formats, Some("PNG"), None)), "png");
        let e = choose(&formats, Some("gif"), None).unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.message.ends_with("use png, jpeg, jpg"), "{}", e.message);
    }

    #[test]
    fn accept_header() {
        let formats = codec();
        let c = |a| name(choose(&formats, None, Some(a)));
        assert_eq!(name(choose(&formats, None, None)), "png");
        assert_eq!(c("image/jpeg"), "jpeg");
        assert_eq!(c("image/jpg"), "jpeg");
        assert_eq!(c("image/png"), "png");
        assert_eq!(c("*/*"), "png");
        assert_eq!(c("image/*"), "png");
        assert_eq!(c("image/png;q=0.5, image/jpeg;q=0.8"), "jpeg");
        assert_eq!(c("image/*;q=0.1, image/jpeg"), "jpeg");
        assert_eq!(c("text/html, */*;q=0.1"), "png");
        assert_eq!(c("image/png;q=0, */*"), "jpeg");
    }

    #[test]
    fn nothing_acceptable_is_406_listing_the_codecs_types() {
        let formats = codec();
        for accept in ["text/html", "image/*;q=0"] {
            let e = choose(&formats, None, Some(accept)).unwrap_err();
            assert_eq!(e.status, 406);
            assert!(
                e.message
                    .starts_with("results are image/png or image/jpeg;"),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn only_the_codecs_formats() {
        // A codec with one format offers that one alone.
        let formats = vec![codec().remove(1)];
        assert_eq!(name(choose(&formats, None, None)), "jpeg");
        assert_eq!(name(choose(&formats, None, Some("image/*"))), "jpeg");
        assert_eq!(
            choose(&formats, None, Some("image/png"))
                .unwrap_err()
                .status,
            406
        );
        assert_eq!(choose(&formats, Some("png"), None).unwrap_err().status, 400);
        assert_eq!(choose(&[], None, None).unwrap_err().status, 500);
        assert_eq!(
            check_input(&formats, Some("image/png")).unwrap_err().status,
            415
        );
    }

    #[test]
    fn input_labels() {
        let formats = codec();
        for ok in [
            None,
            Some(""),
            Some("image/png"),
            Some("IMAGE/JPEG; x=1"),
            Some("application/octet-stream"),
        ] {
            assert!(check_input(&formats, ok).is_ok(), "{ok:?}");
        }
        for bad in [
            "text/plain",
            "image/gif",
            "application/x-www-form-urlencoded",
        ] {
            let e = check_input(&formats, Some(bad)).unwrap_err();
            assert_eq!(e.status, 415, "{bad}");
            assert!(
                e.message.contains("image/png or image/jpeg"),
                "{}",
                e.message
            );
        }
    }
}
