//! The CPU deadline: the engine's epoch advances every [`EPOCH_TICK`] on a
//! thread of its own, and each store's callback fails a call past its
//! deadline with [`Fault::DeadlineExceeded`].

use std::time::{Duration, Instant};

use wasmtime::{Engine, StoreContextMut, UpdateDeadline};

use super::Fault;

/// How often the epoch advances: a deadline is noticed at most this late
/// (plus the guest's next loop back-edge or call).
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// The epoch callback of a store whose call must finish by `deadline`:
/// keeps going (`yield_each_tick`: after yielding to the async executor)
/// until then, and fails the call with [`Fault::DeadlineExceeded`] after.
pub fn deadline_callback<T>(
    deadline: impl Fn(&T) -> (Instant, Duration) + Send + Sync + 'static,
    yield_each_tick: bool,
) -> impl FnMut(StoreContextMut<'_, T>) -> wasmtime::Result<UpdateDeadline> + Send + Sync + 'static
{
    move |ctx| {
        let (at, budget) = deadline(ctx.data());
        if Instant::now() >= at {
            return Err(wasmtime::Error::new(Fault::DeadlineExceeded(budget)));
        }
        Ok(if yield_each_tick {
            UpdateDeadline::Yield(1)
        } else {
            UpdateDeadline::Continue(1)
        })
    }
}

/// Advances `engine`'s epoch every [`EPOCH_TICK`] on a thread of its own,
/// until the engine is dropped.
pub fn start_ticker(engine: &Engine) {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("epoch-ticker".into())
        .spawn(move || loop {
            std::thread::sleep(EPOCH_TICK);
            match weak.upgrade() {
                Some(engine) => engine.increment_epoch(),
                None => return,
            }
        })
        .expect("cannot start the epoch ticker thread");
}
