// js/src/steps.mjs against the conformance suite's step-text vectors
// (conformance-tests/vectors/step-text/), which the Rust crate step-text
// must pass too: `make conformance` runs both and compares them message for
// message. This checks the JS parser alone, without the suite's runners.
//
//   make test-js    (or: js/node_modules/.bin/node --test js/test/steps.test.mjs)

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { options } from '../src/args.mjs';
import { stepJson } from '../src/observe.mjs';
import { StepTextError, debug, parseSteps } from '../src/steps.mjs';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'conformance-tests', 'vectors', 'step-text');
const vectors = readdirSync(DIR).map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')));

test('there are step-text vectors, accepted and rejected', () => {
  assert.ok(vectors.filter((v) => v.id.includes('/accepts-')).length >= 5);
  assert.ok(vectors.filter((v) => v.id.includes('/rejects-')).length >= 10);
});

for (const vector of vectors) {
  test(vector.id, () => {
    for (const { args, expect } of vector.steps) {
      let got;
      try {
        got = { ok: JSON.parse(JSON.stringify(parseSteps(args.text, options(args.options)).map(stepJson))) };
      } catch (e) {
        if (!(e instanceof StepTextError)) throw e;
        got = { err: e.message };
      }
      if (expect.ok !== undefined) {
        assert.deepEqual(got, expect, `${JSON.stringify(args.text)}`);
      } else {
        assert.equal(got.ok, undefined, `${JSON.stringify(args.text)} parsed`);
        assert.ok(got.err.includes(expect.err.$text.contains), `${got.err} lacks ${expect.err.$text.contains}`);
      }
    }
  });
}

test("steps are jco's variant form", () => {
  assert.deepEqual(parseSteps('resize:640x480|grayscale|blur|apply-filter', { blurRadius: 2, brightness: 0.5 }), [
    { tag: 'resize', val: { width: 640, height: 480 } },
    { tag: 'grayscale' },
    { tag: 'blur', val: 2 },
    { tag: 'filter', val: { brightness: 0.5, contrast: undefined, blurRadius: 2 } },
  ]);
});

test("quoted as Rust's {:?} quotes", () => {
  assert.equal(debug('a"b\\c\td\ne\0f\u0001g\u007fé'), '"a\\"b\\\\c\\td\\ne\\0f\\u{1}g\\u{7f}é"');
});
