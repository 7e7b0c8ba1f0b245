//! A batch's summary: how many images, which failed and why, how fast.

use std::fmt;
use std::time::Duration;

use crate::batch::jobs::Job;
use crate::batch::progress::rate;
use crate::batch::worker::Outcome;

/// A file that failed, named by its file name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub file: String,
    pub error: String,
}

/// What a batch did.
#[derive(Clone, Debug)]
pub struct Report {
    /// Input files found.
    pub images: usize,
    /// The files that failed, in input order.
    pub failures: Vec<Failure>,
    pub workers: usize,
    /// From the first instantiation to the last file written.
    pub wall: Duration,
}

impl Report {
    /// `outcomes[i]` is `jobs[i]`'s; a job with none was never done, and
    /// fails with `unprocessed` as its error.
    pub(crate) fn new(
        jobs: &[Job],
        outcomes: Vec<Option<Outcome>>,
        unprocessed: &str,
        workers: usize,
        wall: Duration,
    ) -> Self {
        let failures = jobs
            .iter()
            .zip(outcomes)
            .filter_map(|(job, outcome)| {
                let error = match outcome {
                    Some(Ok(())) => return None,
                    Some(Err(error)) => error,
                    None => unprocessed.to_owned(),
                };
                Some(Failure {
                    file: job.name(),
                    error,
                })
            })
            .collect();
        Self {
            images: jobs.len(),
            failures,
            workers,
            wall,
        }
    }

    pub fn images_per_second(&self) -> f64 {
        rate(self.images, self.wall)
    }
}

/// ```text
/// 100 images (2 failed) with 2 workers in 3.21 s: 31.2 images/s
/// failed:
///   bad.png: decode: invalid-format: …
/// ```
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let failed = match self.failures.len() {
            0 => String::new(),
            n => format!(" ({n} failed)"),
        };
        writeln!(
            f,
            "{}{failed} with {} in {:.2} s: {:.1} images/s",
            counted(self.images, "image"),
            counted(self.workers, "worker"),
            self.wall.as_secs_f64(),
            self.images_per_second()
        )?;
        if !self.failures.is_empty() {
            writeln!(f, "failed:")?;
            for failure in &self.failures {
                writeln!(f, "  {}: {}", failure.file, failure.error)?;
            }
        }
        Ok(())
    }
}

/// `1 image`, `2 images`.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn job(name: &str) -> Job {
        Job {
            input: PathBuf::from("in").join(name),
            output: PathBuf::from("out").join(name),
            format: "png".into(),
        }
    }

    #[test]
    fn lists_failures_by_file_and_unprocessed_jobs_as_failed() {
        let jobs = [job("a.png"), job("b.png"), job("c.png")];
        let outcomes = vec![Some(Ok(())), Some(Err("decode: oops".into())), None];
        let report = Report::new(&jobs, outcomes, "not processed", 2, Duration::from_secs(2));
        assert_eq!(
            report.to_string(),
            "3 images (2 failed) with 2 workers in 2.00 s: 1.5 images/s\n\
             failed:\n  b.png: decode: oops\n  c.png: not processed\n"
        );
    }

    #[test]
    fn a_clean_batch_is_one_line() {
        let report = Report::new(
            &[job("a.png")],
            vec![Some(Ok(()))],
            "-",
            1,
            Duration::from_secs(1),
        );
        assert_eq!(
            report.to_string(),
            "1 image with 1 worker in 1.00 s: 1.0 images/s\n"
        );
    }
}
