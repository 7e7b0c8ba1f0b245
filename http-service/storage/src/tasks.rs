//! `task-store` on top of any [`Blobs`]: the record, input and result blobs
//! of each task, the lease, and the sweep that keeps the store bounded.

use std::collections::BTreeMap;

use crate::expiry::expired;
use crate::{
    created_ms, new_task_id, Blobs, Config, Step, StorageError, Task, TaskError, TaskState,
};

/// The bucket of task blobs: `<id>.json`, `<id>.in`, `<id>.png`, and the
/// claim counters `<id>.claim-<lease end>-<window>`.
pub const TASKS: &str = "tasks";

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
/// The counter of claims on one ended lease, in one lease-long window after
/// its end: a new window lets another worker win if the last winner died
/// between winning and saving its lease.
fn claim_key(id: &str, lease_until_ms: u64, window: u64) -> String {
    format!("{id}.claim-{lease_until_ms}-{window}")
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

    /// `task-store.claim`: of the workers that find the same ended lease,
    /// the one whose `increment` of its counter returns 1 wins, atomically in
    /// the store, whichever instance or server each runs in.
    ///
    /// # Errors
    ///
    /// As [`TaskStore::get`].
    pub fn claim(&self, id: &str, lease_ms: u64) -> Result<bool, StorageError> {
        let now = self.clock.now_ms();
        let Some(mut task) = self.pending(id)? else {
            return Ok(false);
        };
        if task.lease_until_ms > now {
            return Ok(false);
        }
        let window = (now - task.lease_until_ms) / lease_ms.max(1);
        let key = claim_key(id, task.lease_until_ms, window);
        if self.blobs.increment(TASKS, &key, 1)? != 1 {
            return Ok(false);
        }
        task.lease_until_ms = now.saturating_add(lease_ms);
        self.save(&task)?;
        Ok(true)
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

    /// Forgets the tasks beyond the bounds. Works from key names alone (ids
    /// carry their creation time), so its cost is one key listing. A key
    /// that is not a task's is left alone. Housekeeping: the task that was
    /// just stored is stored whatever happens here, and what a failure
    /// leaves the next sweep removes.
    fn sweep(&self, now: u64) {
        // Errors are not the caller's: see above.
        let _ = self.try_sweep(now);
    }

    fn try_sweep(&self, now: u64) -> Result<(), StorageError> {
        let mut tasks: BTreeMap<String, (u64, Vec<String>)> = BTreeMap::new();
        for key in self.blobs.keys(TASKS)? {
            let id = key.split('.').next().unwrap_or_default();
            if let Some(created) = created_ms(id) {
                tasks
                    .entry(id.to_string())
                    .or_insert_with(|| (created, Vec::new()))
                    .1
                    .push(key);
            }
        }
        let ages = tasks.iter().map(|(id, (t, _))| (id.clone(), *t)).collect();
        let doomed = expired(ages, now, self.config.task_ttl_ms, self.config.max_tasks);
        for id in doomed {
            // The record first: a task without its record is unknown at once,
            // and keys left by a failure here are found again next time.
            self.blobs.remove(TASKS, &record_key(&id))?;
            let rest = tasks.remove(&id).map(|(_, keys)| keys).unwrap_or_default();
            for key in rest.iter().filter(|k| **k != record_key(&id)) {
                self.blobs.remove(TASKS, key)?;
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
            kv_bucket: String::new(),
            chunk_bytes: 1 << 20,
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
        clock.now.set(1_002_000);
        assert!(store.claim(&id, 1000).unwrap(), "and loses it in turn");
        assert_eq!(store.get(&id).unwrap().unwrap().lease_until_ms, 1_003_000);
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
    fn sweep_removes_every_key_of_a_forgotten_task_only() {
        let (blobs, clock, config) = setup(1);
        blobs.put(TASKS, "readme.txt", b"x").unwrap();
        let store = TaskStore::new(&blobs, &clock, &config);
        let old = store.create(b"x", GRAY, 1).unwrap();
        clock.now.set(clock.now.get() + 2);
        assert!(store.claim(&old, 1).unwrap());
        clock.now.set(clock.now.get() + 2);
        store.create(b"x", GRAY, 1).unwrap();
        let keys = blobs.keys(TASKS).unwrap();
        assert!(keys.iter().all(|k| !k.starts_with(&old)), "{keys:?}");
        assert!(keys.contains(&"readme.txt".to_string()));
    }

    #[test]
    fn one_claim_wins_per_ended_lease() {
        let (blobs, clock, config) = setup(10);
        let store = TaskStore::new(&blobs, &clock, &config);
        let id = store.create(b"x", GRAY, 1000).unwrap();
        clock.now.set(1_001_000);
        // Another worker counted this lease's claim first (between this
        // one's read and its increment): this one must lose.
        let key = claim_key(&id, 1_001_000, 0);
        assert_eq!(blobs.increment(TASKS, &key, 1).unwrap(), 1);
        assert!(
            !store.claim(&id, 1000).unwrap(),
            "the counter says another won"
        );
        // That worker died before saving its lease: a lease later, the next
        // window's counter lets one worker take the task.
        clock.now.set(1_002_000);
        assert!(store.claim(&id, 1000).unwrap());
        assert!(!store.claim(&id, 1000).unwrap());
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
