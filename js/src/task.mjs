// One image through the scheduler, the sequence every JavaScript caller
// makes (src/transcode.mjs, bench/js/column.mjs), in the order the Rust
// host's `Pipeline::run_task` makes it: frame.from-image → task (which takes
// the frame) → submit → run-pending(1) → get-result (a frame, now ours) →
// frame.into-image (which takes it back). One call of each when the task runs
// once; a task the scheduler retries is pending again, so it runs again.
//
// Frames are handles: the pixels stay in image-ops from from-image to
// into-image, and the scheduler moves only the handle. Each frame handle
// here is moved exactly once (into the task, into into-image), so it is
// never dropped here. Not `using frame = …`: a `using` declaration keeps the
// [Symbol.dispose] method it saw when declared, while jco voids a moved
// handle by replacing that method, so the frame would be dropped again at
// the end of the scope, after the task took it ("unknown handle index").

/** `error` as one line, the way the host prints it: `invalid-format: why`. */
export function describeWitError(error) {
  return error.tag === 'out-of-memory' ? error.tag : `${error.tag}: ${error.val}`;
}

/** A task's result was the WIT `error` `witError` ({ tag, val }). */
export class TaskError extends Error {
  constructor(id, witError) {
    super(`task ${id}: ${describeWitError(witError)}`);
    this.name = 'TaskError';
    this.witError = witError;
  }
}

const untimed = (_stage, fn) => fn();

/**
 * Runs `steps` on `image` as a task of `root`'s scheduler (`root`: the
 * exports of one pipeline instance) and returns the result image. Throws
 * TaskError for the task's WIT error. `stage(name, fn)` runs each part and
 * may time it: `frame` (from-image), `submit` (the task and submit), `run`
 * (run-pending), `fetch` (get-result and into-image).
 */
export function runTask(root, image, steps, stage = untimed) {
  const { Frame } = root.imageOps;
  const { scheduler } = root;
  const frame = stage('frame', () => Frame.fromImage(image));
  // The task owns the frame from here on (jco voids our handle).
  const id = stage('submit', () => scheduler.submit(new scheduler.Task(frame, steps)));
  for (;;) {
    const ran = stage('run', () => scheduler.runPending(1));
    const out = stage('fetch', () => {
      const result = scheduler.getResult(id);
      if (result === undefined) {
        if (ran === 0) throw new Error(`task ${id} neither finished nor ran: the scheduler broke its contract`);
        return undefined; // retried: pending again
      }
      if (result.tag === 'err') throw new TaskError(id, result.val);
      // The result frame is ours: into-image takes it and moves its pixels out.
      return Frame.intoImage(result.val);
    });
    if (out !== undefined) return out;
  }
}
