// js/process.mjs (jco, Node 24) against `image-pipeline process` (wasmtime):
// for the same image and operation both must write the same bytes, and both
// must refuse bad input with one line and a nonzero exit.
//
//   make test-js    (or: js/node_modules/.bin/node --test js/test/process.test.mjs)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { env, host, jco, outDir } from './env.mjs';

const OUT = outDir('process');
const PNG = join(env.samples, 'sample.png');
const JPEG = join(env.samples, 'sample.jpg');

const SAME_BYTES = [
  { name: 'grayscale', input: PNG, ext: 'png', args: ['--op', 'grayscale'] },
  { name: 'blur', input: PNG, ext: 'png', args: ['--op', 'blur', '--blur-radius', '4'] },
  { name: 'resize-down', input: PNG, ext: 'png', args: ['--op', 'resize:123x77'] },
  { name: 'resize-up', input: PNG, ext: 'png', args: ['--op', 'resize:400x300'] },
  {
    name: 'apply-filter',
    input: PNG,
    ext: 'png',
    args: ['--op', 'apply-filter', '--brightness', '-0.15', '--contrast', '40', '--blur-radius', '1'],
  },
  { name: 'jpeg-chain', input: JPEG, ext: 'jpg', args: ['--op', 'resize:200x150|grayscale'] },
  { name: 'jpeg-to-png', input: JPEG, ext: 'png', args: ['--op', 'blur', '--blur-radius', '2'] },
  { name: 'png-to-jpeg', input: PNG, ext: 'jpeg', args: ['--op', 'resize:160x120|blur', '--blur-radius', '1'] },
];

for (const c of SAME_BYTES) {
  test(`same bytes as the host: ${c.name} (${c.args.join(' ')})`, () => {
    const fromHost = join(OUT, `${c.name}.host.${c.ext}`);
    const fromJco = join(OUT, `${c.name}.jco.${c.ext}`);
    const h = host(c.input, fromHost, c.args);
    assert.equal(h.status, 0, `host failed: ${h.stderr}`);
    const j = jco(c.input, fromJco, c.args);
    assert.equal(j.status, 0, `process.mjs failed: ${j.stderr}`);
    assert.equal(j.stderr, '', 'nothing on stderr on success');
    const [a, b] = [readFileSync(fromHost), readFileSync(fromJco)];
    assert.ok(a.length > 100, 'the host wrote an image');
    assert.ok(a.equals(b), `${fromHost} (${a.length} B) and ${fromJco} (${b.length} B) differ`);
  });
}

const corrupt = join(OUT, 'corrupt.png');
writeFileSync(corrupt, readFileSync(PNG).subarray(0, 200));

const REFUSED = [
  { name: 'unknown operation', input: PNG, out: 'x.png', args: ['--op', 'sharpen'], says: /operation "sharpen": invalid-format: / },
  { name: 'blur without a radius', input: PNG, out: 'x.png', args: ['--op', 'blur'], says: /operation "blur": invalid-format: blur needs a blur radius option$/ },
  { name: 'truncated PNG', input: corrupt, out: 'x.png', args: ['--op', 'grayscale'], says: /corrupt\.png: decode: invalid-format: / },
  { name: 'unknown output format', input: PNG, out: 'x.gif', args: ['--op', 'grayscale'], says: /x\.gif: encode as gif: invalid-format: / },
  { name: 'missing input', input: join(OUT, 'nope.png'), out: 'x.png', args: ['--op', 'grayscale'], says: /cannot read .*nope\.png/ },
];

for (const c of REFUSED) {
  test(`refused like the host, one line: ${c.name}`, () => {
    const h = host(c.input, join(OUT, c.out), c.args);
    const j = jco(c.input, join(OUT, c.out), c.args);
    assert.notEqual(h.status, 0, 'the host refuses it too');
    assert.equal(j.status, 1, `exit 1, got ${j.status}: ${j.stderr}`);
    const lines = j.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line: ${j.stderr}`);
    assert.match(lines[0], /^error: /);
    assert.match(lines[0], c.says);
    if (c.name !== 'missing input') assert.equal(lines[0], h.stderr.trimEnd(), 'the host words it the same');
  });
}

test('bad arguments: one line, nonzero exit', () => {
  for (const args of [['--op', 'blur', '--blur-radius', 'x'], ['--op', 'grayscale', '--frob'], []]) {
    const j = jco(PNG, join(OUT, 'x.png'), args);
    assert.notEqual(j.status, 0, args.join(' '));
    assert.match(j.stderr, /^error: [^\n]+\n$/, args.join(' '));
  }
});

test('--help says how to run it', () => {
  const j = spawnSync(process.execPath, [join(env.js, 'process.mjs'), '--help'], { encoding: 'utf8' });
  assert.equal(j.status, 0);
  assert.match(j.stdout, /^Usage: node js\/process\.mjs IN OUT --op OP/);
  assert.match(j.stdout, /--blur-radius/);
});

test('--timings prints every stage', () => {
  const j = jco(PNG, join(OUT, 'timed.png'), ['--op', 'grayscale', '--timings']);
  assert.equal(j.status, 0, j.stderr);
  assert.match(j.stderr, /^load [\d.]+ ms, decode [\d.]+ ms, frame [\d.]+ ms, submit [\d.]+ ms, run [\d.]+ ms, fetch [\d.]+ ms, encode [\d.]+ ms\n$/);
});

// The machine's own Node (20 here) cannot run the codec's exception handling:
// process.mjs must say so in one line instead of failing inside the codec.
const systemNode = spawnSync('node', ['--version'], { encoding: 'utf8' });
const oldNode = systemNode.status === 0 && Number(systemNode.stdout.slice(1).split('.')[0]) < 24;
test('an older Node gets one clear line', { skip: !oldNode && 'no Node older than 24 on PATH' }, () => {
  const j = jco(PNG, join(OUT, 'x.png'), ['--op', 'grayscale'], 'node');
  assert.equal(j.status, 2);
  assert.match(j.stderr, /^error: .*process\.mjs needs Node 24 or newer \(js\/node_modules\/\.bin\/node, installed by make\), not v\d+/);
  assert.equal(j.stderr.trimEnd().split('\n').length, 1);
});
