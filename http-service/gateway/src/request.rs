//! The bodies of `POST /process` and `POST /process-from-url`.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use serde::Deserialize;

use step_text::{FilterOptions, Step};

use crate::api::ApiError;
use crate::negotiate::{check_input, FileFormat};
use crate::query::Query;
use crate::url::Url;

/// What to do to which image.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// The encoded image (PNG or JPEG; the codec decides).
    pub image: Vec<u8>,
    /// The request's operation and options, parsed: what the task applies.
    pub steps: Vec<Step>,
}

/// `POST /process-from-url`: a job whose image is behind a URL.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlJob {
    /// Where the image is.
    pub url: Url,
    /// The request's operation and options, parsed.
    pub steps: Vec<Step>,
}

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct JsonOptions {
    brightness: Option<f32>,
    contrast: Option<f32>,
    #[serde(alias = "blur-radius")]
    blur_radius: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonJob {
    image: String,
    operation: String,
    #[serde(default)]
    options: JsonOptions,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonUrlJob {
    url: String,
    operation: String,
    #[serde(default)]
    options: JsonOptions,
}

/// Whether the body is JSON: by its media type, or, with none, by its first
/// byte.
#[must_use]
pub fn is_json(content_type: Option<&str>, body: &[u8]) -> bool {
    match content_type {
        Some(ct) => {
            let media = ct
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            media == "application/json" || media.ends_with("+json")
        }
        None => body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
    }
}

/// `POST /process`: a JSON body `{"image": base64, "operation": …,
/// "options": {…}}`, or the image itself, labelled as one of the codec's
/// `formats` (or not at all), with `operation`, `brightness`, `contrast`
/// and `blur_radius` in the query.
///
/// # Errors
///
/// 400: bad JSON, bad base64, an empty image, an unknown operation, a
/// missing or malformed option; 415: a raw body labelled as something the
/// codec does not read.
pub fn parse_job(
    content_type: Option<&str>,
    body: Vec<u8>,
    query: &Query,
    formats: &[FileFormat],
) -> Result<Job, ApiError> {
    let (image, operation, options) = if is_json(content_type, &body) {
        let j: JsonJob = serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))?;
        (decode_base64(&j.image)?, j.operation, options(j.options)?)
    } else {
        check_input(formats, content_type)?;
        if let Some(name) = query
            .names()
            .find(|n| !["operation", "brightness", "contrast", "blur_radius"].contains(n))
        {
            return Err(ApiError::bad_request(format!(
                "unknown query parameter {name:?}: use operation, brightness, contrast, blur_radius"
            )));
        }
        let operation = query.get("operation").ok_or_else(|| {
            ApiError::bad_request("a raw image body needs ?operation=… (or send JSON: {\"image\": base64, \"operation\": …})")
        })?;
        let options = FilterOptions {
            brightness: query_number(query, "brightness")?,
            contrast: query_number(query, "contrast")?,
            blur_radius: query_number(query, "blur_radius")?,
        };
        (body, operation.to_string(), options)
    };
    if image.is_empty() {
        return Err(ApiError::bad_request("the image is empty"));
    }
    Ok(Job {
        steps: steps(&operation, options)?,
        image,
    })
}

/// `POST /process-from-url`: `{"url": …, "operation": …, "options": {…}}`.
///
/// # Errors
///
/// 400: bad JSON, a URL that is not http(s), an unknown operation.
pub fn parse_url_job(body: &[u8]) -> Result<UrlJob, ApiError> {
    let j: JsonUrlJob = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))?;
    let steps = steps(&j.operation, options(j.options)?)?;
    Ok(UrlJob {
        url: Url::parse(&j.url).map_err(ApiError::bad_request)?,
        steps,
    })
}

/// The operation text and its options as typed steps, here at the edge and
/// nowhere else (`step-text`, the parser the host CLI uses too): an
/// operation the pipeline would not understand is a 400 now, not a failed
/// task later. Parameter ranges are image-ops' to check (a failed task,
/// 422).
fn steps(operation: &str, options: FilterOptions) -> Result<Vec<Step>, ApiError> {
    step_text::parse(operation, options).map_err(|e| {
        ApiError::bad_request(format!(
            "operation {operation:?}: {e} (blur and apply-filter take their parameters from \
             the options brightness, contrast, blur_radius)"
        ))
    })
}

fn options(o: JsonOptions) -> Result<FilterOptions, ApiError> {
    for (name, value) in [("brightness", o.brightness), ("contrast", o.contrast)] {
        if value.is_some_and(|v| !v.is_finite()) {
            return Err(ApiError::bad_request(format!(
                "options.{name} is out of the f32 range"
            )));
        }
    }
    Ok(FilterOptions {
        brightness: o.brightness,
        contrast: o.contrast,
        blur_radius: o.blur_radius,
    })
}

fn query_number<T: std::str::FromStr + Finite>(
    query: &Query,
    name: &str,
) -> Result<Option<T>, ApiError> {
    let Some(text) = query.get(name) else {
        return Ok(None);
    };
    match text.parse::<T>() {
        Ok(v) if v.finite() => Ok(Some(v)),
        _ => Err(ApiError::bad_request(format!(
            "query parameter {name}={text:?} is not a valid number"
        ))),
    }
}

/// Numbers from the query must be finite: `NaN` and `inf` parse as f32.
trait Finite {
    fn finite(&self) -> bool;
}

impl Finite for f32 {
    fn finite(&self) -> bool {
        self.is_finite()
    }
}

impl Finite for u32 {
    fn finite(&self) -> bool {
        true
    }
}

/// Standard base64 with or without padding, line breaks allowed (as many
/// encoders wrap at 76 characters).
fn decode_base64(text: &str) -> Result<Vec<u8>, ApiError> {
    const ENGINE: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    ENGINE
        .decode(compact)
        .map_err(|e| ApiError::bad_request(format!("\"image\" is not valid base64: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::split;

    fn formats() -> Vec<FileFormat> {
        vec![FileFormat {
            name: "png".into(),
            extensions: vec!["png".into()],
            media_type: "image/png".into(),
        }]
    }

    fn json_job(body: &str) -> Result<Job, ApiError> {
        parse_job(
            Some("application/json"),
            body.as_bytes().to_vec(),
            &Query::default(),
            &formats(),
        )
    }

    #[test]
    fn json_body() {
        let job = json_job(r#"{"image": "iVBO\nRw==", "operation": "blur", "options": {"blur_radius": 2, "brightness": 0.5}}"#).unwrap();
        assert_eq!(job.image, [0x89, b'P', b'N', b'G']);
        assert_eq!(job.steps, [Step::Blur(2)]);
        let job = json_job(r#"{"image": "iVBORw", "operation": "grayscale"}"#).unwrap();
        assert_eq!(job.image.len(), 4, "padding is optional");
    }

    #[test]
    fn json_errors_are_400() {
        for (body, needle) in [
            ("{", "invalid JSON"),
            (r#"{"image": "!!", "operation": "grayscale"}"#, "base64"),
            (r#"{"image": "", "operation": "grayscale"}"#, "empty"),
            (
                r#"{"image": "iVBORw==", "operation": "sepia"}"#,
                "unknown operation",
            ),
            (
                r#"{"image": "iVBORw==", "operation": "blur"}"#,
                "blur_radius",
            ),
            (
                r#"{"image": "iVBORw==", "operation": "grayscale", "colour": 1}"#,
                "unknown field",
            ),
            (
                r#"{"image": "iVBORw==", "operation": "grayscale", "options": {"blur_radius": -1}}"#,
                "invalid JSON",
            ),
            (
                r#"{"image": "iVBORw==", "operation": "grayscale", "options": {"contrast": 1e40}}"#,
                "f32 range",
            ),
        ] {
            let e = json_job(body).unwrap_err();
            assert_eq!(e.status, 400, "{body}");
            assert!(e.message.contains(needle), "{body}: {}", e.message);
        }
    }

    #[test]
    fn raw_body_with_the_query() {
        let (_, q) =
            split("/process?operation=apply-filter&brightness=-0.25&contrast=10&blur_radius=1");
        let job = parse_job(Some("image/png"), b"\x89PNG".to_vec(), &q, &formats()).unwrap();
        assert_eq!(
            job.steps,
            [Step::Filter(FilterOptions {
                brightness: Some(-0.25),
                contrast: Some(10.0),
                blur_radius: Some(1),
            })]
        );
        assert_eq!(job.image, b"\x89PNG");
        // No content type and not JSON-looking: raw.
        assert!(parse_job(None, b"\x89PNG".to_vec(), &q, &formats()).is_ok());
        // Labelled as something the codec does not read: 415.
        let e = parse_job(Some("text/plain"), b"\x89PNG".to_vec(), &q, &formats()).unwrap_err();
        assert_eq!(e.status, 415);
    }

    #[test]
    fn raw_body_errors_are_400() {
        for (query, needle) in [
            ("/process", "needs ?operation"),
            (
                "/process?operation=grayscale&brightness=NaN",
                "not a valid number",
            ),
            (
                "/process?operation=grayscale&blur_radius=-1",
                "not a valid number",
            ),
            (
                "/process?operation=grayscale&format=png",
                "unknown query parameter",
            ),
            ("/process?operation=nope", "unknown operation"),
        ] {
            let (_, q) = split(query);
            let e = parse_job(Some("image/png"), b"x".to_vec(), &q, &formats()).unwrap_err();
            assert_eq!(e.status, 400);
            assert!(e.message.contains(needle), "{query}: {}", e.message);
        }
    }

    #[test]
    fn url_jobs() {
        let j = parse_url_job(br#"{"url": "http://127.0.0.1:9/a.png", "operation": "grayscale"}"#)
            .unwrap();
        assert_eq!(j.url.authority(), "127.0.0.1:9");
        assert_eq!(j.steps, [Step::Grayscale]);
        for body in [
            r#"{"url": "ftp://x/", "operation": "grayscale"}"#,
            r#"{"url": "http://x/", "operation": "x"}"#,
            r#"{"operation": "grayscale"}"#,
        ] {
            assert_eq!(
                parse_url_job(body.as_bytes()).unwrap_err().status,
                400,
                "{body}"
            );
        }
    }

    #[test]
    fn json_detection() {
        assert!(is_json(Some("application/json; charset=utf-8"), b""));
        assert!(is_json(Some("application/vnd.api+json"), b""));
        assert!(!is_json(Some("image/png"), b"{"));
        assert!(is_json(None, b"  {\"image\""));
        assert!(!is_json(None, b"\x89PNG"));
    }
}
