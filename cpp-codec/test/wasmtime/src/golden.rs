//! Every golden file decodes, in the component, to exactly the samples its
//! manifest entry describes.

use anyhow::Result;

use crate::codec::{describe, Call, Codec, Image};
use crate::manifest::{sha256_hex, Golden, Goldens};
use crate::tally::Tally;

pub fn run(codec: &mut Codec<'_>, goldens: &Goldens, tally: &mut Tally) -> Result<()> {
    for golden in &goldens.decoded {
        let result = codec.decode(&goldens.read(&golden.file)?);
        tally.check(&golden.file, mismatch(golden, &result));
    }
    Ok(())
}

/// What is wrong with `result` as the decoding of `golden`, if anything.
pub fn mismatch(golden: &Golden, result: &Call<Image>) -> Option<String> {
    match result {
        Err(trap) => Some(format!("trapped: {trap:#}")),
        Ok(Err(error)) => Some(describe(error)),
        Ok(Ok(image)) => {
            let got = (image.width, image.height, image.channels);
            let want = (golden.width, golden.height, golden.channels);
            if got != want {
                Some(format!("decoded {got:?}, expected {want:?}"))
            } else if sha256_hex(&image.data) != golden.sha256 {
                Some(format!(
                    "samples differ (sha256 {})",
                    sha256_hex(&image.data)
                ))
            } else {
                None
            }
        }
    }
}
