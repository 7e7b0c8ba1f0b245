//! Encoding in the component: PNG round trips every golden exactly, JPEG
//! matches `cjpeg -quality 90` byte for byte (encode.tsv) and refuses alpha,
//! and bad records or formats give typed errors.

use anyhow::{bail, Result};

use crate::codec::{describe, Call, Codec, Image};
use crate::manifest::Goldens;
use crate::tally::Tally;

/// Round trips of 64 Mi pixels would only repeat the smaller goldens.
const ROUND_TRIP_MAX_PIXELS: u64 = 1 << 20;

pub fn run(codec: &mut Codec<'_>, goldens: &Goldens, tally: &mut Tally) -> Result<()> {
    let formats = codec.supported_formats()?;
    let expected = [
        ("png", vec!["png"], "image/png"),
        ("jpeg", vec!["jpg", "jpeg"], "image/jpeg"),
    ];
    let same = formats.len() == expected.len()
        && formats
            .iter()
            .zip(&expected)
            .all(|((n, e, m), (wn, we, wm))| n == wn && e == we && m == wm);
    tally.check("supported-formats", (!same).then(|| format!("{formats:?}")));
    for reference in &goldens.encode {
        let source = decoded(codec, goldens, &reference.source)?;
        let expected = goldens.read(&reference.expected)?;
        let problem = match codec.encode(&source, &reference.format) {
            Ok(Ok(bytes)) if bytes == expected => None,
            Ok(Ok(_)) => Some(format!("differs from {}", reference.expected)),
            other => Some(call_problem(&other)),
        };
        let name = format!("{} as {}", reference.source, reference.format);
        tally.check(&name, problem);
    }
    for golden in &goldens.decoded {
        if u64::from(golden.width) * u64::from(golden.height) > ROUND_TRIP_MAX_PIXELS {
            continue;
        }
        let source = decoded(codec, goldens, &golden.file)?;
        let problem = match round_trip(codec, &source, "png") {
            Ok(image) if image.data == source.data => None,
            Ok(_) => Some("samples changed".to_owned()),
            Err(problem) => Some(problem),
        };
        tally.check(&format!("png round trip of {}", golden.file), problem);
        let jpeg = round_trip(codec, &source, "jpeg");
        let problem = match (source.channels, jpeg) {
            (1 | 3, Ok(_)) => None,
            (2 | 4, Err(problem)) if problem.starts_with("invalid-format") => None,
            (_, Ok(_)) => Some("JPEG with an alpha channel".to_owned()),
            (_, Err(problem)) => Some(problem),
        };
        tally.check(&format!("jpeg round trip of {}", golden.file), problem);
    }
    bad_records(codec, tally);
    Ok(())
}

fn decoded(codec: &mut Codec<'_>, goldens: &Goldens, file: &str) -> Result<Image> {
    match codec.decode(&goldens.read(file)?) {
        Ok(Ok(image)) => Ok(image),
        other => bail!("{file}: {}", call_problem(&other)),
    }
}

/// `image` encoded as `format` and decoded again, same size and channels.
fn round_trip(codec: &mut Codec<'_>, image: &Image, format: &str) -> Result<Image, String> {
    let encoded = match codec.encode(image, format) {
        Ok(Ok(bytes)) => bytes,
        other => return Err(call_problem(&other)),
    };
    match codec.decode(&encoded) {
        Ok(Ok(back))
            if (back.width, back.height, back.channels)
                == (image.width, image.height, image.channels) =>
        {
            Ok(back)
        }
        Ok(Ok(back)) => Err(format!(
            "came back {}x{}x{}",
            back.width, back.height, back.channels
        )),
        other => Err(call_problem(&other)),
    }
}

fn bad_records(codec: &mut Codec<'_>, tally: &mut Tally) {
    let record = |width: u32, height: u32, channels: u8, length: usize| Image {
        width,
        height,
        channels,
        data: vec![0; length],
    };
    let cases = [
        ("zero width", record(0, 1, 1, 0), "png", "invalid-format"),
        ("five channels", record(1, 1, 5, 5), "png", "invalid-format"),
        ("short data", record(2, 2, 3, 11), "jpeg", "invalid-format"),
        (
            "wider than 16384",
            record(16385, 1, 1, 16385),
            "png",
            "out-of-memory",
        ),
        (
            "unknown format",
            record(1, 1, 3, 3),
            "gif",
            "invalid-format(unsupported format \"gif\"",
        ),
        (
            "upper-case format",
            record(1, 1, 3, 3),
            "PNG",
            "invalid-format",
        ),
    ];
    for (what, image, format, expected) in cases {
        let result = codec.encode(&image, format);
        let got = call_problem(&result);
        let problem = (!got.starts_with(expected)).then(|| format!("{got}, expected {expected}"));
        tally.check(&format!("encode refuses {what}"), problem);
    }
}

/// A call's outcome as text: the error or trap, or "succeeded".
fn call_problem<T>(result: &Call<T>) -> String {
    match result {
        Err(trap) => format!("trapped: {trap:#}"),
        Ok(Err(error)) => describe(error),
        Ok(Ok(_)) => "succeeded".to_owned(),
    }
}
