// The text form of a `list<step>` (the CLI's --op, the page's chain), parsed
// into the typed steps jco's bindings take: `{ tag: 'grayscale' }` (every
// step without parameters: its WIT case alone),
// `{ tag: 'blur', val: radius }`, `{ tag: 'resize', val: { width, height } }`,
// `{ tag: 'filter', val: { brightness, contrast, blurRadius } }`.
//
// The grammar is the Rust crate step-text's (step-text/src/parse.rs), mirrored
// rule for rule and message for message, so that the wasmtime host, the HTTP
// service and these pages accept the same text and refuse it in the same
// words. The conformance suite's step-text vectors run through both parsers
// and the report compares them (js/run.mjs, conformance-tests/runner).

import { parseOperations } from './operations.mjs';

// step-text's one list of operations (step-text/operations.tsv), as the
// Rust parser reads it: the usages make the grammar's message, and every
// operation that parseStep does not parse by name (blur, apply-filter,
// resize, which take parameters) is a step without parameters, `{ tag:
// <its WIT case> }`, so that a new one needs no code here. Node reads the
// file from the checkout; the page fetches it from js/serve.mjs, which
// serves it as /operations.tsv.
const OPERATIONS = parseOperations(await operationsText());
const GRAMMAR = `use ${OPERATIONS.map((o) => o.usage).join(', ')}, or several joined by '|'`;

async function operationsText() {
  if (import.meta.url.startsWith('file:')) {
    const { readFile } = await import('node:fs/promises');
    return readFile(new URL('../../step-text/operations.tsv', import.meta.url), 'utf8');
  }
  const res = await fetch(new URL('/operations.tsv', import.meta.url));
  if (!res.ok) throw new Error(`cannot load the list of operations: HTTP ${res.status}`);
  return res.text();
}

/** Text that is not a step list; `message` is step-text's ParseError. */
export class StepTextError extends Error {
  constructor(message) {
    super(message);
    this.name = 'StepTextError';
  }
}

/**
 * The steps `text` names, with `options` ({ brightness, contrast,
 * blurRadius }, absent = undefined) for `blur` and `apply-filter`. Throws
 * StepTextError. Ranges (radius, size, option values) are apply's to check.
 */
export function parseSteps(text, options = {}) {
  return text.split('|').map((step) => parseStep(step, options));
}

function parseStep(text, options) {
  const colon = text.indexOf(':');
  if (colon >= 0) {
    if (text.slice(0, colon) === 'resize') return { tag: 'resize', val: parseSize(text.slice(colon + 1)) };
    throw new StepTextError(`unknown operation ${debug(text)}: ${GRAMMAR}`);
  }
  switch (text) {
    case 'apply-filter':
      return { tag: 'filter', val: filterOptions(options) };
    case 'blur':
      if (options.blurRadius === undefined) throw new StepTextError('blur needs a blur radius option');
      return { tag: 'blur', val: options.blurRadius };
    case 'resize':
      throw new StepTextError('resize needs a size, as in resize:640x480');
    case '':
      throw new StepTextError(`empty operation: ${GRAMMAR}`);
    default: {
      const op = OPERATIONS.find((o) => o.name === text);
      if (op === undefined) throw new StepTextError(`unknown operation ${debug(text)}: ${GRAMMAR}`);
      return { tag: op.step };
    }
  }
}

const U32_MAX = 0xffff_ffff;

// `<W>x<H>`, ASCII digits only, each within u32 (Rust's `str::parse::<u32>`
// after an all-digits check: no sign, no space, leading zeros allowed).
function parseSize(text) {
  const dimension = (s) => (/^[0-9]+$/.test(s) && Number(s) <= U32_MAX ? Number(s) : undefined);
  const x = text.indexOf('x');
  const [width, height] = x < 0 ? [] : [dimension(text.slice(0, x)), dimension(text.slice(x + 1))];
  if (width === undefined || height === undefined) {
    throw new StepTextError(`resize size ${debug(text)} is not <W>x<H> in decimal u32s`);
  }
  return { width, height };
}

/** A step as one short line: `resize 640×480`, `blur 3`, `filter {…}`. */
export function describeStep(step) {
  if (step.val === undefined) return step.tag;
  switch (step.tag) {
    case 'blur':
      return `blur ${step.val}`;
    case 'resize':
      return `resize ${step.val.width}×${step.val.height}`;
    default: {
      const set = Object.entries(step.val).filter(([, v]) => v !== undefined);
      return `filter {${set.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
    }
  }
}

/** Only the options that are set, as the WIT record (absent = undefined). */
function filterOptions({ brightness, contrast, blurRadius }) {
  return { brightness, contrast, blurRadius };
}

/**
 * A string quoted as Rust's `{:?}` quotes it (the messages must be the
 * same): backslash, quote, \t \r \n \0 escaped, other control characters as
 * \u{hex}; everything else as it is.
 */
export function debug(text) {
  const escapes = { '\\': '\\\\', '"': '\\"', '\t': '\\t', '\r': '\\r', '\n': '\\n', '\0': '\\0' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
  const escaped = text.replace(/[\\"\t\r\n\0]|[\u0001-\u001f\u007f-\u009f]/g, (c) =>
    escapes[c] ?? `\\u{${c.codePointAt(0).toString(16)}}`,
  );
  return `"${escaped}"`;
}
