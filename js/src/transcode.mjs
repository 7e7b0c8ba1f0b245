// One image through the composed pipeline, as the wasmtime host's `process`
// does it: the operation text parsed into steps first, then codec.decode →
// the scheduler task (src/task.mjs: from-image, task, submit, run-pending,
// get-result, into-image) → codec.encode, each stage timed. Shared by
// process.mjs (Node) and the browser page, so both make the calls the host
// makes, in the same order.

import { StepTextError, parseSteps } from './steps.mjs';
import { describeWitError, runTask } from './task.mjs';

export { describeWitError };

/** A WIT `error` the pipeline returned, or a trap, with the stage it came from. */
export class PipelineError extends Error {
  constructor(stage, message, { tag, cause } = {}) {
    super(`${stage}: ${message}`, { cause });
    this.name = 'PipelineError';
    this.stage = stage;
    /** The WIT error's case (`invalid-format`, …); undefined for a trap. */
    this.tag = tag;
    /** The message without the stage. */
    this.detail = message;
  }
}

/** The codec format an output file name asks for, from its extension. */
export function formatOf(name) {
  const match = /\.([^./\\]+)$/.exec(name);
  if (match === null) throw new Error(`${name}: no file extension to choose the output format from`);
  return match[1].toLowerCase();
}

/**
 * The operation text and its options from loose form values (strings,
 * possibly empty): what the host's --op, --brightness, --contrast and
 * --blur-radius become. `steps(spec)` turns them into typed steps.
 */
export function taskSpec({ op, brightness, contrast, blurRadius }) {
  if (typeof op !== 'string' || op === '') throw new Error('an operation is required (--op)');
  return {
    operation: op,
    options: {
      brightness: number('brightness', brightness, Number.parseFloat),
      contrast: number('contrast', contrast, Number.parseFloat),
      blurRadius: number('blur radius', blurRadius, (s) => (/^\d+$/.test(s) ? Number(s) : NaN)),
    },
  };
}

/**
 * The task's steps (js/src/steps.mjs, the grammar of the Rust crate
 * step-text). Text that is not a step list is a PipelineError of stage
 * `operation` with the host's `invalid-format` wording: refused before any
 * image is decoded, as the host does.
 */
export function steps({ operation, options }) {
  try {
    return parseSteps(operation, options);
  } catch (e) {
    if (!(e instanceof StepTextError)) throw e;
    const wit = { tag: 'invalid-format', val: e.message };
    throw new PipelineError('operation', describeWitError(wit), { tag: wit.tag, cause: e });
  }
}

function number(what, value, parse) {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : parse(String(value).trim());
  if (Number.isNaN(n)) throw new Error(`${what} must be a number, not ${JSON.stringify(value)}`);
  if (what === 'blur radius' && (!Number.isInteger(n) || n < 0 || n > 0xffffffff)) {
    throw new Error(`blur radius must be a whole number of pixels, not ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * Runs `input` (PNG or JPEG bytes) through `root`, the exports of one
 * pipeline instance, with the steps `spec` names. Returns the encoded
 * output, the decoded input and processed images' shapes, and `timings`:
 * [stage, milliseconds] in order. Throws PipelineError.
 */
export function transcode(root, input, spec) {
  const taskSteps = steps(spec);
  const timings = [];
  const timed = (stage, fn) => {
    const start = performance.now();
    try {
      return fn();
    } catch (e) {
      throw asPipelineError(stage, e);
    } finally {
      timings.push([stage, performance.now() - start]);
    }
  };

  const decoded = timed('decode', () => root.codec.decode(input));
  const processed = runTask(root, decoded, taskSteps, timed);
  const output = timed('encode', () => root.codec.encode(processed, spec.format));
  return { output, input: shape(decoded), result: shape(processed), timings };
}

function shape({ width, height, channels }) {
  return { width, height, channels };
}

// jco throws a top-level `result` export's error as a ComponentError whose
// `payload` is the WIT value; anything else thrown is a trap.
function asPipelineError(stage, e) {
  if (e instanceof PipelineError) return e;
  const wit = e?.witError ?? (e?.constructor?.name === 'ComponentError' ? e.payload : undefined);
  if (wit?.tag !== undefined) return new PipelineError(stage, describeWitError(wit), { tag: wit.tag, cause: e });
  const what = e instanceof WebAssembly.RuntimeError ? `trap: ${e.message}` : String(e?.message ?? e);
  return new PipelineError(stage, what, { cause: e });
}
