// Runs one vector's steps on one fresh instance and records what each call
// returned and logged, and how many frames the instance holds at the end;
// conformance-tests/judge compares (the same loop as
// conformance-tests/runner/src/execute.rs; the vector format is described in
// conformance-tests/oracle/suite.py).

import { options, steps as stepList } from './args.mjs';
import { frameCounter } from './frames.mjs';
import { bytesJson, call, imageJson, optionJson, resultJson, stepJson, u64Json } from './observe.mjs';
import { StepTextError, parseSteps } from './steps.mjs';

export async function runVector(fresh, vector, fixtures) {
  if (vector.interface === 'step-text') return { steps: vector.steps.map(parse) };
  const logs = [];
  const frames = frameCounter();
  let root;
  try {
    root = await fresh(logs, frames.instantiateCore);
  } catch (e) {
    return { error: `cannot instantiate: ${e?.stack ?? e}` };
  }
  const handles = new Handles();
  const steps = [];
  for (const step of vector.steps) {
    let record;
    try {
      const once = () => dispatch(root, vector.interface, step, fixtures, handles);
      const result = step.repeat === undefined ? once() : Array.from({ length: step.repeat }, once);
      record = { call: step.call, result };
    } catch (e) {
      // A trap (or a handle the runtime refuses) ends the vector.
      record = { call: step.call, trap: String(e?.stack ?? e) };
    }
    record.logs = logs.splice(0);
    steps.push(record);
    if (record.trap !== undefined) break;
  }
  // Every handle the runner still owns is dropped, then what the instance
  // still holds is counted: the vector says how many frames that must be.
  handles.dropAll();
  return { steps, frames_alive: frames.alive() };
}

/** The step-text vectors: js/src/steps.mjs, as the Rust runner runs step-text. */
function parse(step) {
  const a = step.args;
  let result;
  try {
    result = { ok: parseSteps(a.text, options(a.options)).map(stepJson) };
  } catch (e) {
    if (!(e instanceof StepTextError)) throw e;
    result = { err: e.message };
  }
  return { call: step.call, result, logs: [] };
}

/**
 * The resources a vector names (`bind`). A name keeps its object after the
 * handle moved or was dropped, so that a vector can pass it again and see
 * the runtime refuse it; `owned` is what the runner must still drop.
 */
class Handles {
  #byName = new Map();
  #owned = new Set();

  bind(name, resource) {
    if (name === undefined) {
      this.#owned.add(resource);
      return;
    }
    this.#byName.set(name, resource);
    this.#owned.add(resource);
  }

  /** The resource named, borrowed: the runner keeps owning it. */
  get(name) {
    if (!this.#byName.has(name)) throw new Error(`nothing bound to ${name}`);
    return this.#byName.get(name);
  }

  /** The resource named, moved into a call: no longer the runner's to drop. */
  take(name) {
    const resource = this.get(name);
    this.#owned.delete(resource);
    return resource;
  }

  drop(name) {
    this.take(name)[Symbol.dispose]();
  }

  dropAll() {
    for (const resource of this.#owned) {
      try {
        resource[Symbol.dispose]();
      } catch {
        // A trapped instance: its handles died with it.
      }
    }
    this.#owned.clear();
  }
}

function dispatch(root, iface, step, fx, handles) {
  const a = step.args;
  const { Frame } = root.imageOps;
  // Binds a resource the call returned (owned by the runner from now on).
  const keep = (kind) => (resource) => {
    handles.bind(step.bind, resource);
    return { resource: kind };
  };
  switch (step.call) {
    case 'frame.from-image':
      return call(() => Frame.fromImage(fx.image(a.img)), keep('frame'));
    case 'frame.width':
      return handles.get(a.self).width();
    case 'frame.height':
      return handles.get(a.self).height();
    case 'frame.channels':
      return handles.get(a.self).channels();
    case 'frame.to-image':
      return call(() => handles.get(a.self).toImage(), imageJson);
    case 'frame.into-image':
      return call(() => Frame.intoImage(handles.take(a.this)), imageJson);
    case 'apply':
      return call(() => root.imageOps.apply(handles.get(a.src), stepList(a.steps)), keep('frame'));
    case 'drop':
      handles.drop(a.name);
      return null;
    default:
  }
  switch (`${iface}.${step.call}`) {
    case 'image-ops.grayscale':
      return call(() => root.imageOps.grayscale(fx.image(a.img)), imageJson);
    case 'image-ops.blur':
      return call(() => root.imageOps.blur(fx.image(a.img), a.radius), imageJson);
    case 'image-ops.resize':
      return call(() => root.imageOps.resize(fx.image(a.img), a.width, a.height), imageJson);
    case 'image-ops.apply-filter':
      return call(() => root.imageOps.applyFilter(fx.image(a.img), options(a.opts)), imageJson);
    case 'image-ops.batch-process':
      return call(() => root.imageOps.batchProcess(fx.images(a.images), options(a.opts)), (l) => l.map(imageJson));
    case 'codec.decode':
      return call(() => root.codec.decode(fx.bytes(a.data)), imageJson);
    case 'codec.encode':
      return call(() => root.codec.encode(fx.image(a.img), a.format), bytesJson);
    case 'codec.supported-formats':
      return root.codec.supportedFormats();
    case 'scheduler.task':
      keep('task')(newTask(root, a, fx, handles));
      return { resource: 'task' };
    case 'scheduler.submit': {
      // A bound name, or an inline task this step constructs.
      const task = typeof a.task === 'string' ? handles.take(a.task) : newTask(root, a.task, fx, handles);
      return u64Json(root.scheduler.submit(task));
    }
    case 'scheduler.run-pending':
      return root.scheduler.runPending(a.max);
    case 'scheduler.get-result': {
      const result = root.scheduler.getResult(BigInt(a.id));
      return optionJson(result, (r) => resultJson(r, keep('frame')));
    }
    case 'scheduler.cancel':
      return root.scheduler.cancel(BigInt(a.id));
    case 'scheduler.status':
      return optionJson(root.scheduler.status(BigInt(a.id)), (s) => s);
    default:
      throw new Error(`no function ${step.call} in ${iface}`);
  }
}

/** The task constructor: `src` a bound frame (moved in) or an image made a frame first. */
function newTask(root, spec, fx, handles) {
  const src = typeof spec.src === 'string' ? handles.take(spec.src) : root.imageOps.Frame.fromImage(fx.image(spec.src));
  return new root.scheduler.Task(src, stepList(spec.steps));
}
