// Runs one vector's steps on one fresh instance and records what each call
// returned and logged, and how many frames the instance holds at the end;
// conformance-tests/judge compares (the same loop as
// conformance-tests/runner/src/execute.rs; the vector format is described in
// conformance-tests/oracle/suite.py).

import { options } from './args.mjs';
import { frameCounter } from './frames.mjs';
import { bytesJson, call, stepJson, u64Json } from './observe.mjs';
import { StepTextError, parseSteps } from './steps.mjs';
import { camel, pascal } from './wit.mjs';

export async function runVector(fresh, wit, vector, fixtures) {
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
      const once = () => dispatch(root, wit, vector.interface, step, fixtures, handles);
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

/**
 * One step's call, type-driven: the export of the step's name, its
 * arguments converted from JSON by their WIT types, its result to JSON by
 * its WIT type. No table of functions: what the component exports, the
 * vectors can call.
 */
function dispatch(root, wit, iface, step, fx, handles) {
  if (step.call === 'drop') {
    handles.drop(step.args.name);
    return null;
  }
  const cx = { root, wit, iface, fx, handles, bind: step.bind };
  const fn = lookup(cx, step.call);
  const result = () => invoke(cx, fn, step.args);
  if (fn.result === undefined || fn.result === null) return result() ?? null;
  const ty = wit.resolve(fn.result);
  // A top-level `result`: jco returns the ok value and throws the error.
  if (ty.kind?.result) return call(result, (v) => observe(cx, v, ty.kind.result.ok), (e) => observe(cx, e, ty.kind.result.err));
  return observe(cx, result(), fn.result);
}

function lookup(cx, name) {
  const fn = cx.wit.lookup(cx.iface, name);
  if (!fn) throw new Error(`no function ${name} in the component's exports`);
  return fn;
}

/** Calls `fn` the way jco exposes it: function, method, static or constructor. */
function invoke(cx, fn, args = {}) {
  const values = fn.params.map((p) => arg(cx, args[p.name], p.type));
  const exports = cx.root[camel(fn.iface)];
  const short = fn.name.replace(/^\[[a-z]+\]/, '');
  const [resource, method] = short.split('.');
  const kind = typeof fn.kind === 'string' ? fn.kind : Object.keys(fn.kind)[0];
  switch (kind) {
    case 'method':
      return values[0][camel(method)](...values.slice(1));
    case 'static':
      return exports[pascal(resource)][camel(method)](...values);
    case 'constructor':
      return new exports[pascal(short)](...values);
    default:
      return exports[camel(short)](...values);
  }
}

const FLOATS = { NaN: NaN, inf: Infinity, '-inf': -Infinity };

/** An argument: its JSON as jco's form of its WIT type (fixtures for images and byte lists). */
function arg(cx, spec, ref) {
  const ty = cx.wit.resolve(ref);
  if (typeof ty === 'string') {
    if (ty === 'u64' || ty === 's64') return BigInt(spec);
    if (ty === 'f32' || ty === 'f64') return typeof spec === 'string' ? FLOATS[spec] : spec;
    return spec;
  }
  const [kind, def] = typeof ty.kind === 'string' ? [ty.kind] : Object.entries(ty.kind)[0];
  switch (kind) {
    case 'record':
      if (spec?.fixture !== undefined || spec?.fill !== undefined) return cx.fx.image(spec);
      return Object.fromEntries(def.fields.map((f) => [camel(f.name), arg(cx, spec?.[f.name], f.type)]));
    case 'variant': {
      const [tag, payload] = typeof spec === 'string' ? [spec] : Object.entries(spec)[0];
      const c = def.cases.find((x) => x.name === tag);
      if (!c) throw new Error(`no case ${tag}`);
      return c.type === null ? { tag } : { tag, val: arg(cx, payload, c.type) };
    }
    case 'option':
      return spec === undefined || spec === null ? undefined : arg(cx, spec, def);
    case 'list':
      if (cx.wit.resolve(def) === 'u8' && !Array.isArray(spec)) return cx.fx.bytes(spec);
      if (spec.repeat !== undefined) {
        const [, one] = Object.entries(spec).find(([k]) => k !== 'repeat');
        return Array(spec.repeat).fill(arg(cx, one, def));
      }
      return spec.map((s) => arg(cx, s, def));
    case 'handle':
      if (def.borrow !== undefined) return cx.handles.get(spec);
      return typeof spec === 'string' ? cx.handles.take(spec) : make(cx, cx.wit.resourceName(def), spec);
    default:
      return spec;
  }
}

/** A resource made from a value: by its constructor (`task`), else its `from-image` (`frame`). */
function make(cx, name, spec) {
  const ctor = cx.wit.lookup(cx.iface, name);
  if (ctor) return invoke(cx, ctor, spec);
  return invoke(cx, lookup(cx, `${name}.from-image`), { img: spec });
}

/** A result as JSON by its WIT type; a resource becomes the runner's, bound to the step's name. */
function observe(cx, value, ref) {
  const ty = cx.wit.resolve(ref);
  if (typeof ty === 'string') return ty === 'u64' ? u64Json(value) : value;
  const [kind, def] = typeof ty.kind === 'string' ? [ty.kind] : Object.entries(ty.kind)[0];
  switch (kind) {
    case 'record': {
      const out = {};
      for (const f of def.fields) {
        const v = value[camel(f.name)];
        // An image's pixels: their digest (and the samples, when small)
        // beside the dimensions, not a field of their own.
        if (f.name === 'data' && cx.wit.resolve(cx.wit.resolve(f.type).kind?.list) === 'u8') {
          const { len: _len, ...digest } = bytesJson(v);
          Object.assign(out, digest);
        } else out[f.name] = observe(cx, v, f.type);
      }
      return out;
    }
    case 'variant': {
      const c = def.cases.find((x) => x.name === value.tag);
      return { [value.tag]: c.type === null ? null : observe(cx, value.val, c.type) };
    }
    case 'enum':
      return value;
    case 'option':
      return value === undefined ? null : { some: observe(cx, value, def) };
    case 'result':
      return value.tag === 'ok' ? { ok: observe(cx, value.val, def.ok) } : { err: observe(cx, value.val, def.err) };
    case 'list':
      return cx.wit.resolve(def) === 'u8' ? bytesJson(value) : value.map((v) => observe(cx, v, def));
    case 'handle':
      cx.handles.bind(cx.bind, value);
      return { resource: cx.wit.resourceName(def) };
    default:
      return value;
  }
}
