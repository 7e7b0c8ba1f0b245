// Fixture files, which a vector's image and byte-list arguments may name,
// and the step-text vectors' options (the encoding is described in
// conformance-tests/oracle/suite.py; conformance-tests/runner/src/args.rs
// reads it the same way). Everything else converts by its WIT type
// (src/execute.mjs).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export class Fixtures {
  #root;
  #cache = new Map();

  constructor(root) {
    this.#root = root;
  }

  #file(rel) {
    if (!this.#cache.has(rel)) this.#cache.set(rel, readFileSync(join(this.#root, rel)));
    return this.#cache.get(rel);
  }

  /** An `image`: a `.pixels` fixture (`W H C\n` + samples) or a synthetic fill. */
  image(spec) {
    if (spec.fixture !== undefined) return parsePixels(this.#file(spec.fixture), spec.fixture);
    const len = spec.len ?? spec.width * spec.height * spec.channels;
    return {
      width: spec.width,
      height: spec.height,
      channels: spec.channels,
      data: new Uint8Array(len).fill(spec.fill),
    };
  }

  /** A `list<u8>`: a fixture file or its first `take` bytes, or a fill. */
  bytes(spec) {
    if (spec.file !== undefined) {
      const data = this.#file(spec.file);
      return new Uint8Array(data.subarray(0, spec.take ?? data.length));
    }
    return new Uint8Array(spec.len ?? 0).fill(spec.fill ?? 0);
  }
}

function parsePixels(file, name) {
  const newline = file.indexOf(0x0a);
  const fields = file.subarray(0, newline).toString('ascii').split(' ').map(Number);
  if (newline < 0 || fields.length !== 3) throw new Error(`${name}: bad .pixels header`);
  const [width, height, channels] = fields;
  return { width, height, channels, data: new Uint8Array(file.subarray(newline + 1)) };
}

const FLOATS = { NaN: NaN, inf: Infinity, '-inf': -Infinity };

/** `filter-options`: absent keys are `none` (undefined for jco). */
export function options(spec = {}) {
  const float = (v) => (typeof v === 'string' ? FLOATS[v] : v);
  return {
    brightness: float(spec.brightness),
    contrast: float(spec.contrast),
    blurRadius: spec['blur-radius'],
  };
}

/**
 * JSON.parse keeping integers beyond 2^53 exact (task ids up to 2^64 − 1)
 * as BigInt, through the reviver's access to the source text.
 */
export function parseJson(text) {
  return JSON.parse(text, (_key, value, context) =>
    typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)
      ? BigInt(context.source)
      : value,
  );
}
