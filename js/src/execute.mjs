// Runs one vector's steps on one fresh instance and records what each call
// returned and logged; conformance-tests/judge compares (the same loop as
// conformance-tests/runner/src/execute.rs).

import { options } from './args.mjs';
import { bytesJson, call, imageJson, optionJson, resultJson, u64Json } from './observe.mjs';

export async function runVector(fresh, vector, fixtures) {
  const logs = [];
  let root;
  try {
    root = await fresh(logs);
  } catch (e) {
    return { error: `cannot instantiate: ${e?.stack ?? e}` };
  }
  const tasks = new Map();
  const steps = [];
  for (const step of vector.steps) {
    let record;
    try {
      const once = () => dispatch(root, vector.interface, step, fixtures, tasks);
      const result = step.repeat === undefined ? once() : Array.from({ length: step.repeat }, once);
      record = { call: step.call, result };
    } catch (e) {
      // A trap leaves the instance unusable: the vector stops here.
      record = { call: step.call, trap: String(e?.stack ?? e) };
    }
    record.logs = logs.splice(0);
    steps.push(record);
    if (record.trap !== undefined) break;
  }
  return { steps };
}

function dispatch(root, iface, step, fx, tasks) {
  const a = step.args;
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
    case 'scheduler.task': {
      const task = newTask(root, a, fx);
      if (step.bind !== undefined) tasks.set(step.bind, task);
      return { resource: 'task' };
    }
    case 'scheduler.submit': {
      // A bound name, or an inline task this step constructs.
      const task = typeof a.task === 'string' ? take(tasks, a.task) : newTask(root, a.task, fx);
      return u64Json(root.scheduler.submit(task));
    }
    case 'scheduler.run-pending':
      return root.scheduler.runPending(a.max);
    case 'scheduler.get-result':
      return optionJson(root.scheduler.getResult(BigInt(a.id)), (r) => resultJson(r, imageJson));
    case 'scheduler.cancel':
      return root.scheduler.cancel(BigInt(a.id));
    case 'scheduler.status':
      return optionJson(root.scheduler.status(BigInt(a.id)), (s) => s);
    default:
      throw new Error(`no function ${step.call} in ${iface}`);
  }
}

function newTask(root, spec, fx) {
  return new root.scheduler.Task(fx.image(spec.img), spec.operation, options(spec.options));
}

function take(tasks, name) {
  const task = tasks.get(name);
  if (task === undefined) throw new Error(`no task bound to ${name}`);
  tasks.delete(name);
  return task;
}
