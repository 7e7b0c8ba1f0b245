// Results as JSON, exactly as conformance-tests/runner/src/model.rs writes
// them, so that the report can compare the hosts value by value.

import { createHash } from 'node:crypto';

// Byte lists up to this size are written out in full (as the Rust runner does).
const INLINE_DATA_MAX = 65536;

export function bytesJson(data) {
  const out = { len: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  if (data.length <= INLINE_DATA_MAX) out.data = Buffer.from(data).toString('base64');
  return out;
}

/**
 * A top-level `result` export: jco returns the ok value and throws the
 * error (a ComponentError carrying it as `payload`); anything else thrown
 * is a trap, which propagates.
 */
export function call(fn, ok, err) {
  try {
    return { ok: ok(fn()) };
  } catch (e) {
    if (e?.constructor?.name === 'ComponentError' && e.payload?.tag) return { err: err(e.payload) };
    throw e;
  }
}

/**
 * A jco `step` as the vectors write it (oracle/steps.py). f32 options keep
 * a decimal point, as the Rust runner's serde_json writes them, so that the
 * report sees the same JSON: `-10.0`, not `-10`.
 */
export function stepJson(step) {
  // A case without a payload is written as its name.
  if (step.val === undefined) return step.tag;
  switch (step.tag) {
    case 'filter': {
      const out = {};
      const float = (v) => (Number.isInteger(v) ? JSON.rawJSON(v.toFixed(1)) : v);
      if (step.val.brightness !== undefined) out.brightness = float(step.val.brightness);
      if (step.val.contrast !== undefined) out.contrast = float(step.val.contrast);
      if (step.val.blurRadius !== undefined) out['blur-radius'] = step.val.blurRadius;
      return { filter: out };
    }
    default:
      return { [step.tag]: step.val };
  }
}

/** u64 results: numbers in JSON, exact beyond 2^53 too. */
export function u64Json(value) {
  return Number.isSafeInteger(Number(value)) ? Number(value) : JSON.rawJSON(String(value));
}
