//! Counts checks; prints each failure as it happens.

#[derive(Default)]
pub struct Tally {
    passed: usize,
    failed: usize,
}

impl Tally {
    /// Records one check: a pass, or a failure of `name` described by `problem`.
    pub fn check(&mut self, name: &str, problem: Option<String>) {
        match problem {
            None => self.passed += 1,
            Some(problem) => {
                self.failed += 1;
                println!("FAIL {name}: {problem}");
            }
        }
    }

    pub fn passed(&self) -> usize {
        self.passed
    }

    pub fn failed(&self) -> usize {
        self.failed
    }
}
