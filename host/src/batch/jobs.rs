//! What a batch does to which files: the inputs found in a folder, where
//! each result goes, and how the workers share the list.

use std::ffi::OsStr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context, Result};

use crate::format::{extension_fits, FileFormat, Formats};

/// One input file and what to write for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub input: PathBuf,
    pub output: PathBuf,
    /// The codec format of `output`.
    pub format: String,
}

impl Job {
    /// The input's file name, which is how the summary names the job.
    pub fn name(&self) -> String {
        self.input.file_name().map_or_else(
            || self.input.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// Every file of one of the codec's `formats` (by extension, any case)
/// directly in `input_dir`, sorted by name, with its output in
/// `output_dir`. The output keeps the input's file name; with `format`
/// given, a name whose extension does not fit that format gets the format's
/// first extension instead (`a.png` → `a.jpg`).
pub fn list(
    input_dir: &Path,
    output_dir: &Path,
    format: Option<&FileFormat>,
    formats: &Formats,
) -> Result<Vec<Job>> {
    let entries = std::fs::read_dir(input_dir)
        .with_context(|| format!("cannot list {}", input_dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", input_dir.display()))?;
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        let ext = extension(Path::new(&entry.file_name())).map(str::to_owned);
        if is_file && ext.is_some_and(|e| formats.is_image_extension(&e)) {
            names.push(entry.file_name());
        }
    }
    if names.is_empty() {
        bail!(
            "{}: no image files ({})",
            input_dir.display(),
            formats.extensions()
        );
    }
    names.sort();
    Ok(names
        .into_iter()
        .map(|name| job(input_dir, output_dir, &name, format, formats))
        .collect())
}

fn job(
    input_dir: &Path,
    output_dir: &Path,
    name: &OsStr,
    format: Option<&FileFormat>,
    formats: &Formats,
) -> Job {
    let input = input_dir.join(name);
    let ext = extension(&input).unwrap_or_default().to_ascii_lowercase();
    let mut output = output_dir.join(name);
    let format = match format {
        Some(format) => {
            if !extension_fits(&ext, format) {
                if let Some(first) = format.extensions.first() {
                    output.set_extension(first);
                }
            }
            format.name.clone()
        }
        None => formats.find(&ext).map_or(ext, |f| f.name.clone()),
    };
    Job {
        input,
        output,
        format,
    }
}

fn extension(path: &Path) -> Option<&str> {
    path.extension().and_then(|e| e.to_str())
}

/// The job list shared by the workers. A worker claims a run of consecutive
/// jobs at a time: large runs while much is left, down to single jobs at the
/// end, so that no worker is left with a long tail while the others idle
/// ("guided" scheduling).
pub struct Queue {
    jobs: Vec<Job>,
    next: AtomicUsize,
    /// The most jobs one claim returns: the most tasks a worker keeps in its
    /// scheduler at once.
    max_claim: usize,
    /// How many claims the remainder is split into at least.
    spread: usize,
}

impl Queue {
    pub fn new(jobs: Vec<Job>, workers: usize, max_claim: usize) -> Self {
        Self {
            jobs,
            next: AtomicUsize::new(0),
            max_claim: max_claim.max(1),
            // Twice the workers: a claim is at most half a worker's fair share
            // of what is left.
            spread: 2 * workers.max(1),
        }
    }

    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// The indices of the next jobs to do, or `None` when none are left.
    pub fn claim(&self) -> Option<Range<usize>> {
        let mut start = self.next.load(Ordering::Relaxed);
        loop {
            let left = self.jobs.len().checked_sub(start).filter(|&n| n > 0)?;
            let take = left.div_ceil(self.spread).clamp(1, self.max_claim);
            match self.next.compare_exchange_weak(
                start,
                start + take,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(start..start + take),
                Err(now) => start = now,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::tests::formats;

    fn jobs(n: usize) -> Vec<Job> {
        (0..n)
            .map(|i| {
                job(
                    Path::new("in"),
                    Path::new("out"),
                    OsStr::new(&format!("{i}.png")),
                    None,
                    &formats(),
                )
            })
            .collect()
    }

    #[test]
    fn claims_cover_every_job_once_and_shrink_towards_the_end() {
        let queue = Queue::new(jobs(100), 2, 4);
        let mut claims = Vec::new();
        while let Some(range) = queue.claim() {
            claims.push(range);
        }
        let covered: Vec<usize> = claims.iter().cloned().flatten().collect();
        assert_eq!(covered, (0..100).collect::<Vec<_>>());
        assert!(claims.iter().all(|r| r.len() <= 4));
        assert_eq!(claims.first().unwrap().len(), 4);
        assert_eq!(claims.last().unwrap().len(), 1);
        assert!(queue.claim().is_none());
    }

    #[test]
    fn outputs_keep_the_name_unless_the_format_needs_another_extension() {
        let (i, o, fs) = (Path::new("in"), Path::new("out"), formats());
        let keep = job(i, o, OsStr::new("a.PNG"), None, &fs);
        assert_eq!((keep.output, keep.format), (o.join("a.PNG"), "png".into()));
        let jpg = job(i, o, OsStr::new("b.jpg"), fs.find("jpeg"), &fs);
        assert_eq!((jpg.output, jpg.format), (o.join("b.jpg"), "jpeg".into()));
        let to_jpeg = job(i, o, OsStr::new("c.png"), fs.find("jpeg"), &fs);
        assert_eq!(to_jpeg.output, o.join("c.jpg"));
        let to_png = job(i, o, OsStr::new("d.jpeg"), fs.find("png"), &fs);
        assert_eq!(
            (to_png.output, to_png.format),
            (o.join("d.png"), "png".into())
        );
    }
}
