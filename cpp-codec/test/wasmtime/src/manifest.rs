//! The golden directory (cpp-codec/test/golden, written by
//! test/oracle/generate.py) and its three tab-separated manifests.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

/// `manifest.tsv`: a file the codec must decode, and its samples' digest.
pub struct Golden {
    pub file: String,
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub sha256: String,
    /// Every proper prefix must be refused as invalid-format.
    pub truncate: bool,
}

/// The error a rejected input must give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    InvalidFormat,
    OutOfMemory,
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::InvalidFormat => "invalid-format",
            Self::OutOfMemory => "out-of-memory",
        })
    }
}

/// `rejected.tsv`: an input the codec must refuse.
pub struct Rejected {
    pub file: String,
    pub expect: Expect,
    pub what: String,
}

/// `encode.tsv`: `encode(decode(source), format)` must be `expected`'s bytes.
pub struct EncodeReference {
    pub source: String,
    pub format: String,
    pub expected: String,
}

pub struct Goldens {
    dir: PathBuf,
    pub decoded: Vec<Golden>,
    pub rejected: Vec<Rejected>,
    pub encode: Vec<EncodeReference>,
}

impl Goldens {
    pub fn load(dir: PathBuf) -> Result<Self> {
        let decoded = table(&dir, "manifest.tsv", 7)?
            .into_iter()
            .map(|row| {
                Ok(Golden {
                    width: row[1].parse()?,
                    height: row[2].parse()?,
                    channels: row[3].parse()?,
                    sha256: row[4].clone(),
                    truncate: row[5] == "every-prefix",
                    file: row[0].clone(),
                })
            })
            .collect::<Result<_>>()?;
        let rejected = table(&dir, "rejected.tsv", 3)?
            .into_iter()
            .map(|row| {
                let expect = match row[1].as_str() {
                    "invalid-format" => Expect::InvalidFormat,
                    "out-of-memory" => Expect::OutOfMemory,
                    other => bail!("rejected.tsv: unknown error kind {other}"),
                };
                Ok(Rejected {
                    file: row[0].clone(),
                    expect,
                    what: row[2].clone(),
                })
            })
            .collect::<Result<_>>()?;
        let encode = table(&dir, "encode.tsv", 4)?
            .into_iter()
            .map(|row| EncodeReference {
                source: row[0].clone(),
                format: row[1].clone(),
                expected: row[2].clone(),
            })
            .collect();
        Ok(Self {
            dir,
            decoded,
            rejected,
            encode,
        })
    }

    /// The bytes of a file under the golden directory.
    pub fn read(&self, file: &str) -> Result<Vec<u8>> {
        let path = self.dir.join(file);
        std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
    }

    pub fn golden(&self, file: &str) -> Result<&Golden> {
        self.decoded
            .iter()
            .find(|golden| golden.file == file)
            .with_context(|| format!("{file} is not in manifest.tsv"))
    }
}

/// Lower-case hex SHA-256, as in manifest.tsv.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The tab-separated fields of each non-comment line.
fn table(dir: &Path, name: &str, columns: usize) -> Result<Vec<Vec<String>>> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
        if fields.len() != columns {
            bail!("{name}: expected {columns} fields: {line}");
        }
        rows.push(fields);
    }
    Ok(rows)
}
