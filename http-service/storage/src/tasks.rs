//! `task-store` on top of any [`Blobs`]: the record, input and result files
//! of each task, the lease, and the sweep that keeps the store bounded.

use std::collections::BTreeMap;

use crate::expiry::expired;
use crate::{
    created_ms, new_task_id, Blobs, Config, Step, StorageError, Task, TaskError, TaskState,
};

/// The bucket of task files: `<id>.json`, `<id>.in`, `<id>.png`.
pub const TASKS: &str = "tasks";
/// The bucket of `put`'s temporary files.
pub const TMP: &str = "tmp";
/// A temporary file older than this was left by a crash: the sweep removes
/// it. Far longer than any write takes.
const TEMP_MAX_AGE_MS: u64 = 3_600_000;

/// Time and randomness, from WASI in the component and made up in tests.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// Random bits for ids.
    fn random_u128(&self) -> u128;
}

/// The task store: its blobs, its clock and its bounds.
pub struct TaskStore<'a, B, C> {
    blobs: &'a B,
    clock: &'a C,
    config: &'a Config,
}

fn record_key(id: &str) -> String {
    format!("{id}.json")
}
fn input_key(id: &str) -> String {
    format!("{id}.in")
}
fn output_key(id: &str) -> String {
    format!("{id}.png")
}

impl<'a, B: Blobs, C: Clock> TaskStore<'a, B, C> {
    /// A store over `blobs`.
    pub fn new(blobs: &'a B, clock: &'a C, config: &'a Config) -> Self {
        Self {
            blobs,
            clock,
            config,
        }
    }

    /// `task-store.create`: the input first, then the record, so that a
    /// record never names an input that is not there.
    ///
    /// # Errors
    ///
    /// The blob store's.
    pub fn create(
        &self,
        input: &[u8],
        steps: &[Step],
        lease_ms: u64,
    ) -> Result<String, StorageError> {
        let now = self.clock.now_ms();
        let id = new_task_id(now, self.clock.random_u128());
        self.blobs.put(TASKS, &input_key(&id), input)?;
        self.save(&Task {
            id: id.clone(),
            steps: steps.to_vec(),
            state: TaskState::Pending,
            created_ms: now,
            lease_until_ms: now.saturating_add(lease_ms),
            from_cache: false,
        })?;
        self.sweep(now);
        Ok(id)
    }

    /// `task-store.create-completed`: the result first, then the record.
    ///
    /// # Errors
    ///
    /// The blob store's.
    pub fn create_completed(&self, steps: &[Step], output: &[u8]) -> Result<String, StorageError> {
        let now = self.clock.now_ms();
        let id = new_task_id(now, self.clock.random_u128());
        self.blobs.put(TASKS, &output_key(&id), output)?;
        self.save(&Task {
            id: id.clone(),
            steps: steps.to_vec(),
            state: TaskState::Completed,
            created_ms: now,
            lease_until_ms: 0,
            from_cache: true,
        })?;
        self.sweep(now);
        Ok(id)
    }

    /// `task-store.get`. An id that is not one, or whose task is past its
    /// time to live but not swept yet, is unknown.
    ///
    /// # Errors
    ///
    /// The blob store's, or [`StorageError::Io`] for a corrupt record.
    pub fn get(&self, id: &str) -> Result<Option<Task>, StorageError> {
        let Some(created) = created_ms(id) else {
            return Ok(None);
        };
        if created.saturating_add(self.config.task_ttl_ms) < self.clock.now_ms() {
            return Ok(None);
        }
        let Some(bytes) = self.blobs.get(TASKS, &record_key(id))? else {
            return Ok(None);
        };
        Task::from_record(id, &bytes).map(Some).map_err(|e| {
            StorageError::Io(format!(
                "{TASKS}/{}: unreadable record: {e}",
                record_key(id)
            ))
        })
    }

    /// `task-store.input`.
    ///
    /// # Errors
    ///
    /// As [`TaskStore::get`].
    pub fn input(&self, id: &str) -> Result<Option<Vec<u8>>, StorageError> {
        match self.get(id)? {
            Some(task) if task.state == TaskState::Pending => self.blobs.get(TASKS, &input_key(id)),
            _ => Ok(None),
        }
    }

    /// `task-store.claim`.
    ///
    /// # Errors
    ///
    /// As [`TaskStore::get`].
    pub fn claim(&self, id: &str, lease_ms: u64) -> Result<bool, StorageError> {
        let now = self.clock.now_ms();
        match self.get(id)? {
            Some(mut task) if task.state == TaskState::Pending && task.lease_until_ms <= now => {
                task.lease_until_ms = now.saturating_add(lease_ms);
                self.save(&task)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// `task-store.complete`: the result, then the record, then the input
    /// goes.
    ///
    /// # Errors
    ///
    /// As [`TaskStore::get`].
    pub fn complete(&self, id: &str, output: &[u8]) -> Result<bool, StorageError> {
        let Some(task) = self.pending(id)? else {
            return Ok(false);
        };
        self.blobs.put(TASKS, &output_key(id), output)?;
        self.finish(task, TaskState::Completed)
    }

    /// `task-store.fail`.
    ///
    /// # Errors
    ///
    /// As [`TaskStore::get`].
    pub fn fail(&self, id: &str, reason: TaskError) -> Result<bool, StorageError> {
        let Some(task) = self.pending(id)? else {
            return Ok(false);
        };
        self.finish(task, TaskState::Failed(reason))
    }

    /// `task-store.output`.
    ///
    /// # Errors
    ///
    /// As [`TaskStore::get`].
    pub fn output(&self, id: &str) -> Result<Option<Vec<u8>>, StorageError> {
        match self.get(id)? {
            Some(task) if task.state == TaskState::Completed => {
                self.blobs.get(TASKS, &output_key(id))
            }
            _ => Ok(None),
        }
    }

    /// `task-store.pending`: the stored inputs of tasks within their time
    /// to live.
    ///
    /// # Errors
    ///
    /// The blob store's.
    pub fn pending_count(&self) -> Result<u32, StorageError> {
        let cutoff = self.clock.now_ms().saturating_sub(self.config.task_ttl_ms);
        let count = self
            .blobs
            .keys(TASKS)?
            .iter()
            .filter_map(|k| k.strip_suffix(".in"))
            .filter(|id| created_ms(id).is_some_and(|t| t >= cutoff))
            .count();
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    fn pending(&self, id: &str) -> Result<Option<Task>, StorageError> {
        Ok(self.get(id)?.filter(|t| t.state == TaskState::Pending))
    }

    fn finish(&self, mut task: Task, state: TaskState) -> Result<bool, StorageError> {
        task.state = state;
        task.lease_until_ms = 0;
        self.save(&task)?;
        self.blobs.remove(TASKS, &input_key(&task.id))?;
        Ok(true)
    }

    fn save(&self, task: &Task) -> Result<(), StorageError> {
        self.blobs
            .put(TASKS, &record_key(&task.id), &task.to_record())
    }

    /// Forgets the tasks beyond the bounds, and temporary files a crash left.
    /// Works from file names alone (ids carry their creation time), so its
    /// cost is one directory listing. A file that is not a task's is left
    /// alone. Housekeeping: the task that was just stored is stored whatever
    /// happens here, and what a failure leaves the next sweep removes.
    fn sweep(&self, now: u64) {
        // Errors are not the caller's: see above.
        let _ = self.try_sweep(now);
    }

    fn try_sweep(&self, now: u64) -> Result<(), StorageError> {
        let mut ids = BTreeMap::new();
        for key in self.blobs.keys(TASKS)? {
            let id = key.split('.').next().unwrap_or_default();
            if let Some(created) = created_ms(id) {
                ids.insert(id.to_string(), created);
            }
        }
        let doomed = expired(
            ids.into_iter().collect(),
            now,
            self.config.task_ttl_ms,
            self.config.max_tasks,
        );
        for id in doomed {
            // The record first: a task without its record is unknown at once,
            // and files left by a failure here are found again next time.
            self.blobs.remove(TASKS, &record_key(&id))?;
            self.blobs.remove(TASKS, &input_key(&id))?;
            self.blobs.remove(TASKS, &output_key(&id))?;
        }
        for temp in self.blobs.list(TMP)? {
            if temp.touched_ms.saturating_add(TEMP_MAX_AGE_MS) < now {
                self.blobs.remove(TMP, &temp.key)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::blobs::memory::MemoryBlobs;
    use crate::{FilterOptions, Size};

    struct FakeClock {
        now: Cell<u64>,
        next: Cell<u128>,
    }

    impl Clock for FakeClock {
        fn now_ms(&self) -> u64 {
            self.now.get()
        }
        fn random_u128(&self) -> u128 {
            self.next.set(self.next.get() + 1);
            self.next.get()
        }
    }

    fn setup(max_tasks: usize) -> (MemoryBlobs, FakeClock, Config) {
        let clock = FakeClock {
            now: Cell::new(1_000_000),
            next: Cell::new(0),
        };
        let config = Config {
            data_dir: "/data".into(),
            task_ttl_ms: 10_000,
            max_tasks,
        };
        (MemoryBlobs::default(), clock, config)
    }

    const GRAY: &[Step] = &[Step::Grayscale];

    #[test]
    fn pending_then_completed() {
        let (blobs, clock, config) = setup(10);
        let store = TaskStore::new(&blobs, &clock, &config);
        let steps = [
            Step::Resize(Size {
                width: 8,
                height: 4,
            }),
            Step::Filter(FilterOptions {
                brightness: Some(0.5),
                contrast: None,
                blur_radius: Some(2),
            }),
        ];
        let id = store.create(b"png", &steps, 5000).unwrap();
        let task = store.get(&id).unwrap().unwrap();
        assert_eq!(task.state, TaskState::Pending);
        assert_eq!(task.lease_until_ms, 1_005_000);
        assert_eq!(task.steps, steps);
        assert_eq!(store.input(&id).unwrap().as_deref(), Some(&b"png"[..]));
        assert_eq!(store.output(&id).unwrap(), None);

        assert!(store.complete(&id, b"result").unwrap());
        let task = store.get(&id).unwrap().unwrap();
        assert_eq!(
            (task.state, task.lease_until_ms, task.from_cache),
            (TaskState::Completed, 0, false)
        );
        assert_eq!(store.output(&id).unwrap().as_deref(), Some(&b"result"[..]));
        assert_eq!(store.input(&id).unwrap(), None);
        assert_eq!(
            blobs.keys(TASKS).unwrap().len(),
            2,
            "the input is gone: {:?}",
            blobs.keys(TASKS).unwrap()
        );
        assert!(
            !store.complete(&id, b"again").unwrap(),
            "a finished task stays as it is"
        );
        assert!(!store.fail(&id, TaskError::OutOfMemory).unwrap());
    }

    #[test]
    fn failed_and_unknown() {
        let (blobs, clock, config) = setup(10);
        let store = TaskStore::new(&blobs, &clock, &config);
        let id = store.create(b"x", GRAY, 1).unwrap();
        let reason = TaskError::InvalidFormat("not an image".into());
        assert!(store.fail(&id, reason.clone()).unwrap());
        assert_eq!(
            store.get(&id).unwrap().unwrap().state,
            TaskState::Failed(reason)
        );
        assert_eq!(store.output(&id).unwrap(), None);
        for unknown in ["nope", "../tasks", &"0".repeat(32)] {
            assert_eq!(store.get(unknown).unwrap(), None);
            assert!(!store.claim(unknown, 1).unwrap());
            assert!(!store.complete(unknown, b"x").unwrap());
        }
    }

    #[test]
    fn from_cache() {
        let (blobs, clock, config) = setup(10);
        let store = TaskStore::new(&blobs, &clock, &config);
        let id = store.create_completed(GRAY, b"png").unwrap();
        let task = store.get(&id).unwrap().unwrap();
        assert!(task.from_cache);
        assert_eq!(task.state, TaskState::Completed);
        assert_eq!(store.output(&id).unwrap().as_deref(), Some(&b"png"[..]));
    }

    #[test]
    fn counts_pending_tasks() {
        let (blobs, clock, config) = setup(10);
        let store = TaskStore::new(&blobs, &clock, &config);
        assert_eq!(store.pending_count().unwrap(), 0);
        let a = store.create(b"x", GRAY, 1).unwrap();
        store.create(b"x", GRAY, 1).unwrap();
        store.create_completed(GRAY, b"png").unwrap();
        assert_eq!(store.pending_count().unwrap(), 2);
        store.complete(&a, b"png").unwrap();
        assert_eq!(store.pending_count().unwrap(), 1);
        clock.now.set(clock.now.get() + 10_001);
        assert_eq!(
            store.pending_count().unwrap(),
            0,
            "expired tasks do not count"
        );
    }

    #[test]
    fn claims_only_after_the_lease() {
        let (blobs, clock, config) = setup(10);
        let store = TaskStore::new(&blobs, &clock, &config);
        let id = store.create(b"x", GRAY, 1000).unwrap();
        assert!(!store.claim(&id, 1000).unwrap(), "the creator holds it");
        clock.now.set(1_001_000);
        assert!(store.claim(&id, 1000).unwrap());
        assert!(!store.claim(&id, 1000).unwrap(), "now the claimer holds it");
        assert_eq!(store.get(&id).unwrap().unwrap().lease_until_ms, 1_002_000);
    }

    #[test]
    fn bounded_by_count_and_age() {
        let (blobs, clock, config) = setup(2);
        let store = TaskStore::new(&blobs, &clock, &config);
        let mut ids = Vec::new();
        for _ in 0..3 {
            ids.push(store.create(b"x", GRAY, 1).unwrap());
            clock.now.set(clock.now.get() + 1);
        }
        assert_eq!(
            store.get(&ids[0]).unwrap(),
            None,
            "the oldest beyond MAX_TASKS is forgotten"
        );
        assert!(blobs
            .keys(TASKS)
            .unwrap()
            .iter()
            .all(|k| !k.starts_with(&ids[0])));
        assert!(store.get(&ids[1]).unwrap().is_some());

        clock.now.set(clock.now.get() + 10_001);
        assert_eq!(store.get(&ids[2]).unwrap(), None, "past its time to live");
        store.create(b"x", GRAY, 1).unwrap();
        assert_eq!(
            blobs.keys(TASKS).unwrap().len(),
            2,
            "one record and one input left: {:?}",
            blobs.keys(TASKS).unwrap()
        );
    }

    #[test]
    fn sweep_removes_stale_temporary_files_only() {
        let (blobs, clock, config) = setup(10);
        blobs.put(TMP, "old.tmp", b"x").unwrap(); // touched_ms 0: stale
        blobs.put(TASKS, "readme.txt", b"x").unwrap();
        let store = TaskStore::new(&blobs, &clock, &config);
        clock.now.set(TEMP_MAX_AGE_MS + 10);
        store.create(b"x", GRAY, 1).unwrap();
        assert!(blobs.keys(TMP).unwrap().is_empty());
        assert!(blobs
            .keys(TASKS)
            .unwrap()
            .contains(&"readme.txt".to_string()));
    }

    #[test]
    fn corrupt_record_is_an_io_error() {
        let (blobs, clock, config) = setup(10);
        let store = TaskStore::new(&blobs, &clock, &config);
        let id = store.create(b"x", GRAY, 1).unwrap();
        blobs.put(TASKS, &record_key(&id), b"{oops").unwrap();
        assert!(
            matches!(store.get(&id), Err(StorageError::Io(m)) if m.contains("unreadable record"))
        );
    }
}
