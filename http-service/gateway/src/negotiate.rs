//! Which format `GET /status/{id}` sends a result in: `?format=`, else the
//! `Accept` header, else PNG.

use crate::api::ApiError;

/// The formats the codec encodes results to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Lossless, any channel count: the default.
    Png,
    /// Baseline JPEG: gray or RGB only.
    Jpeg,
}

impl Format {
    /// The media type.
    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    /// The codec's name for it.
    #[must_use]
    pub fn codec_name(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpeg",
        }
    }
}

/// The format for a result.
///
/// `format` (`png`, `jpeg` or `jpg`) wins. Otherwise `accept` is weighed:
/// each of `image/png` and `image/jpeg` gets the `q` of the most specific
/// range that matches it (`image/png` over `image/*` over `*/*`), the higher
/// wins and PNG wins ties. No `Accept` header means PNG.
///
/// # Errors
///
/// 400 for an unknown `format`; 406 when `Accept` allows neither.
pub fn choose(format: Option<&str>, accept: Option<&str>) -> Result<Format, ApiError> {
    if let Some(f) = format {
        return match f.to_ascii_lowercase().as_str() {
            "png" => Ok(Format::Png),
            "jpeg" | "jpg" => Ok(Format::Jpeg),
            _ => Err(ApiError::bad_request(format!(
                "format={f:?}: use png or jpeg"
            ))),
        };
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(Format::Png);
    };
    let png = quality(accept, "png");
    let jpeg = quality(accept, "jpeg");
    match (png, jpeg) {
        (p, j) if p <= 0.0 && j <= 0.0 => Err(ApiError::not_acceptable(format!(
            "results are image/png or image/jpeg; Accept: {accept} allows neither"
        ))),
        (p, j) if j > p => Ok(Format::Jpeg),
        _ => Ok(Format::Png),
    }
}

/// The `q` `accept` gives `image/<subtype>`: that of the most specific
/// matching range, 0 if none matches.
fn quality(accept: &str, subtype: &str) -> f32 {
    let mut best: Option<(u8, f32)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let specificity = match media.split_once('/') {
            Some(("image", s)) if s == subtype || (subtype == "jpeg" && s == "jpg") => 2,
            Some(("image", "*")) => 1,
            Some(("*", "*")) => 0,
            _ => continue,
        };
        let q = parts
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_parameter_wins() {
        assert_eq!(
            choose(Some("jpg"), Some("image/png")).unwrap(),
            Format::Jpeg
        );
        assert_eq!(choose(Some("PNG"), None).unwrap(), Format::Png);
        assert_eq!(choose(Some("gif"), None).unwrap_err().status, 400);
    }

    #[test]
    fn accept_header() {
        let c = |a| choose(None, Some(a));
        assert_eq!(choose(None, None).unwrap(), Format::Png);
        assert_eq!(c("image/jpeg").unwrap(), Format::Jpeg);
        assert_eq!(c("image/png").unwrap(), Format::Png);
        assert_eq!(c("*/*").unwrap(), Format::Png);
        assert_eq!(c("image/*").unwrap(), Format::Png);
        assert_eq!(
            c("image/png;q=0.5, image/jpeg;q=0.8").unwrap(),
            Format::Jpeg
        );
        assert_eq!(c("image/*;q=0.1, image/jpeg").unwrap(), Format::Jpeg);
        assert_eq!(c("text/html, */*;q=0.1").unwrap(), Format::Png);
        assert_eq!(c("image/png;q=0, */*").unwrap(), Format::Jpeg);
    }

    #[test]
    fn nothing_acceptable_is_406() {
        assert_eq!(choose(None, Some("text/html")).unwrap_err().status, 406);
        assert_eq!(choose(None, Some("image/*;q=0")).unwrap_err().status, 406);
    }
}
