//! The rejected corpus and every truncation of the goldens marked for it:
//! each gives its typed error without a trap, grows linear memory by nothing
//! image-sized, and the next decodes in the same instance succeed.

use anyhow::Result;

use crate::codec::{describe, Call, Codec, Error, Image};
use crate::golden::mismatch;
use crate::manifest::{Expect, Golden, Goldens};
use crate::tally::Tally;

/// Far below the pixel buffers the rejected headers declare, far above what
/// the libraries need for the corpus's small images.
const IMAGE_SIZED: usize = 1 << 20;

/// Decoded after every failure to show the instance still works.
const RECOVERY: [&str; 2] = ["png/rgb_8.png", "jpeg/ycc420_baseline.jpg"];

pub fn run(codec: &mut Codec<'_>, goldens: &Goldens, tally: &mut Tally) -> Result<()> {
    let recovery = Recovery::new(goldens)?;
    for case in &goldens.rejected {
        let name = format!("{} ({})", case.file, case.what);
        let problem = refusal_problem(codec, &goldens.read(&case.file)?, case.expect)
            .or_else(|| recovery.problem(codec));
        tally.check(&name, problem);
    }
    for golden in goldens.decoded.iter().filter(|golden| golden.truncate) {
        let file = goldens.read(&golden.file)?;
        let problem = (0..file.len()).find_map(|length| {
            refusal_problem(codec, &file[..length], Expect::InvalidFormat)
                .or_else(|| recovery.problem(codec))
                .map(|problem| format!("cut to {length} bytes: {problem}"))
        });
        tally.check(&format!("every truncation of {}", golden.file), problem);
    }
    Ok(())
}

/// What is wrong with decoding `data`, which must fail with `expect`.
fn refusal_problem(codec: &mut Codec<'_>, data: &[u8], expect: Expect) -> Option<String> {
    let before = codec.memory_bytes();
    let result = codec.decode(data);
    // A trap replaces the instance, and with it the memory count.
    let grown = codec.memory_bytes().saturating_sub(before);
    let kind = match result {
        Err(trap) => return Some(format!("trapped: {trap:#}")),
        Ok(Ok(image)) => return Some(format!("decoded {}x{}", image.width, image.height)),
        Ok(Err(Error::InvalidFormat(message))) if message.is_empty() => {
            return Some("invalid-format without a message".to_owned())
        }
        Ok(Err(Error::InvalidFormat(_))) => Expect::InvalidFormat,
        Ok(Err(Error::OutOfMemory)) => Expect::OutOfMemory,
        Ok(Err(other)) => return Some(format!("{}, expected {expect}", describe(&other))),
    };
    if kind != expect {
        Some(format!("{kind}, expected {expect}"))
    } else if grown >= IMAGE_SIZED {
        Some(format!("linear memory grew by {grown} bytes"))
    } else {
        None
    }
}

struct Recovery<'a> {
    files: Vec<(&'a Golden, Vec<u8>)>,
}

impl<'a> Recovery<'a> {
    fn new(goldens: &'a Goldens) -> Result<Self> {
        let files = RECOVERY
            .iter()
            .map(|name| Ok((goldens.golden(name)?, goldens.read(name)?)))
            .collect::<Result<_>>()?;
        Ok(Self { files })
    }

    /// Why the instance failed to decode a golden of each format, if it did.
    fn problem(&self, codec: &mut Codec<'_>) -> Option<String> {
        self.files.iter().find_map(|(golden, data)| {
            let result: Call<Image> = codec.decode(data);
            mismatch(golden, &result).map(|problem| format!("then {}: {problem}", golden.file))
        })
    }
}
