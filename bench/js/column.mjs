// The JavaScript columns of `make bench`, in Node 24: `js` runs ops.mjs
// (pure JavaScript), `jco` runs the composed component transpiled by jco
// (its core modules in V8) through its by-value image-ops functions, and
// `jco-pipeline` the same composition the way the host runs it: a frame, a
// scheduler task with typed steps, get-result, into-image. Prints one JSON
// line per result, like bench-runner, for bench/py/run.py; progress goes to
// stderr.
//
//   node bench/js/column.mjs --column js|jco|jco-pipeline --group ops|batch|codec [options]
//   node bench/js/column.mjs --check --jco DIR --shim DIR    (make test-bench)
//   node bench/js/column.mjs --help

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runTask } from '../../js/src/task.mjs';
import * as pure from './ops.mjs';

const USAGE = `usage: node column.mjs --column js|jco|jco-pipeline --group ops|batch|codec
  --hd F --uhd F          1080p and 4K PPM inputs (ops; --hd also codec)
  --input F --images N --workers N   batch: blur r=5 then grayscale of F, N times
  --jpeg F                the 1080p JPEG (codec, jco only)
  (jco-pipeline: ops only, plus the identity task against a direct call)
  --check --jco DIR --shim DIR   the jco pipeline computes what jco's by-value calls do
  --jco DIR --shim DIR    jco's output folder and @bytecodealliance/preview2-shim
  --warmup N --reps N     untimed and timed runs (2, 9)
  --warmup-ms MS          warm up for at least this long too, for V8's tiers (1000)`;

function readPpm(path) {
  const bytes = readFileSync(path);
  const header = bytes.subarray(0, 64).toString('latin1').split(/\s+/, 4);
  const [magic, width, height] = [header[0], +header[1], +header[2]];
  const channels = magic === 'P6' ? 3 : 1;
  const data = bytes.subarray(bytes.length - width * height * channels);
  return { width, height, channels, data: new Uint8Array(data) };
}

/** The operations of one column: pure JS, or one jco instance. */
async function loadOps(opts) {
  if (opts.column === 'js') return { ...pure };
  const shim = await import(pathToFileURL(join(opts.shim, 'dist/common/instantiation.js')).href);
  const { instantiate } = await import(pathToFileURL(join(opts.jco, 'image-pipeline.js')).href);
  const getCoreModule = (path) => readFile(join(opts.jco, path)).then((b) => WebAssembly.compile(b));
  const imports = new shim.WASIShim({
    sandbox: { preopens: {}, env: {}, args: [], enableNetwork: false },
  }).getImportObject();
  imports['wasi:logging/logging'] = { log: () => {} };
  const root = await instantiate(getCoreModule, imports);
  if (opts.column === 'jco-pipeline') return pipelineOps(root);
  return {
    grayscale: (img) => root.imageOps.grayscale(img),
    blur: (img, r) => root.imageOps.blur(img, r),
    resize: (img, w, h) => root.imageOps.resize(img, w, h),
    decode: (bytes) => root.codec.decode(bytes),
    encode: (img, format) => root.codec.encode(img, format),
  };
}

/**
 * The operations as the host runs them (js/src/task.mjs's runTask, as
 * js/src/transcode.mjs does; the Rust host's `Pipeline::run_task`): the
 * image becomes an image-ops frame (one copy in), the frame moves into a
 * scheduler task with typed steps, the Go scheduler lends it to image-ops'
 * `apply`, and get-result's frame comes back out by
 * `into-image` (one copy out). `identity` is the task with no steps;
 * `direct` the by-value call that returns its image unchanged (blur radius
 * 0), the identity's baseline.
 */
function pipelineOps(root) {
  const run = (img, steps) => runTask(root, img, steps);
  return {
    run,
    grayscale: (img) => run(img, [{ tag: 'grayscale' }]),
    blur: (img, r) => run(img, [{ tag: 'blur', val: r }]),
    resize: (img, width, height) => run(img, [{ tag: 'resize', val: { width, height } }]),
    identity: (img) => run(img, []),
    direct: (img) => root.imageOps.blur(img, 0),
  };
}

/**
 * Warm-up runs `opts.warmup` times and for at least `opts.warmupMs`: V8
 * compiles wasm and JavaScript in tiers (Liftoff and Ignition first, then
 * TurboFan once a function has run enough), and a call made only once per
 * image, like the Go scheduler's, needs hundreds of runs to get there, where
 * wasmtime compiles everything ahead of time.
 *
 * Each timed run starts after a full garbage collection: every call returns
 * a fresh 6.2 MB (or larger) typed array, and V8 runs a major GC every few
 * such allocations, 1.3–3.4 ms each, inside whichever call happens to be
 * running. Without this, a median of 9 runs measured where the GCs fell
 * (the identity task's pipeline ÷ direct swung from +0.01 to +0.84 ms
 * between two runs); wasmtime's columns have no GC to exclude.
 */
// V8's gc() without a command-line flag, so that every way of starting this
// script gets it.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

function samples(opts, f) {
  const until = performance.now() + opts.warmupMs;
  for (let i = 0; i < opts.warmup || performance.now() < until; i++) f();
  const ms = [];
  for (let i = 0; i < opts.reps; i++) {
    collectGarbage();
    const start = process.hrtime.bigint();
    f();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return ms;
}

function emit(group, row, column, ms, extra = {}) {
  console.log(JSON.stringify({ group, row, column, ms, ...extra }));
  const median = [...ms].sort((a, b) => a - b)[ms.length >> 1];
  console.error(`  ${group.padEnd(11)} ${row.padEnd(30)} ${column.padEnd(18)} median ${median.toFixed(3).padStart(10)} ms`);
}

/** A deterministic, irregular test image (bench-runner's `pattern`). */
function pattern(width, height, channels) {
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + Math.floor(i / 7) * 11) % 251;
  return { width, height, channels, data };
}

/**
 * `make test-bench`: on every channel count, each row's operation, the
 * batch's chain and no step at all, through the jco pipeline (frames, a
 * task, typed steps) and through jco's by-value calls: the same bytes, so
 * that the two jco columns time the same work.
 */
async function check(opts) {
  const direct = await loadOps({ ...opts, column: 'jco' });
  const piped = await loadOps({ ...opts, column: 'jco-pipeline' });
  const cases = [
    ['grayscale', (o, img) => o.grayscale(img), [{ tag: 'grayscale' }]],
    ['blur r=5', (o, img) => o.blur(img, 5), [{ tag: 'blur', val: 5 }]],
    ['resize 67x45→33x21', (o, img) => o.resize(img, 33, 21), [{ tag: 'resize', val: { width: 33, height: 21 } }]],
    ['blur r=5 then grayscale', (o, img) => o.grayscale(o.blur(img, 5)), [{ tag: 'blur', val: 5 }, { tag: 'grayscale' }]],
    ['no step', (_o, img) => img, []],
  ];
  let passed = 0;
  let failed = 0;
  for (let channels = 1; channels <= 4; channels++) {
    for (const [name, byValue, steps] of cases) {
      const want = byValue(direct, pattern(67, 45, channels));
      const got = piped.run(pattern(67, 45, channels), steps);
      const same = got.width === want.width && got.height === want.height && got.channels === want.channels
        && got.data.length === want.data.length && got.data.every((v, i) => v === want.data[i]);
      if (same) passed++;
      else {
        failed++;
        console.error(`FAIL jco-pipeline ${name}, ${channels} channels: differs from jco's by-value calls`);
      }
    }
  }
  console.log(`jco-columns: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

const batchTask = (ops, img) => ops.grayscale(ops.blur(img, 5));

async function main() {
  const { values: o } = parseArgs({
    options: {
      column: { type: 'string' }, group: { type: 'string' }, hd: { type: 'string' }, uhd: { type: 'string' },
      input: { type: 'string' }, images: { type: 'string', default: '100' }, workers: { type: 'string', default: '1' },
      jpeg: { type: 'string' }, jco: { type: 'string' }, shim: { type: 'string' },
      warmup: { type: 'string', default: '2' }, 'warmup-ms': { type: 'string', default: '1000' }, reps: { type: 'string', default: '9' }, help: { type: 'boolean' },
      check: { type: 'boolean' },
    },
  });
  if (o.help) return console.log(USAGE);
  if (o.check) {
    if (!o.jco || !o.shim) {
      console.error(USAGE);
      process.exit(2);
    }
    process.exit((await check(o)) ? 0 : 1);
  }
  const groups = o.column === 'jco-pipeline' ? ['ops'] : ['ops', 'batch', 'codec'];
  if (!['js', 'jco', 'jco-pipeline'].includes(o.column) || !groups.includes(o.group)) {
    console.error(USAGE);
    process.exit(2);
  }
  const opts = { ...o, warmup: +o.warmup, warmupMs: +o['warmup-ms'], reps: Math.max(1, +o.reps), images: +o.images, workers: +o.workers };
  if (opts.group === 'ops') {
    const ops = await loadOps(opts);
    const hd = readPpm(opts.hd);
    const uhd = readPpm(opts.uhd);
    emit('ops', 'grayscale 1080p', opts.column, samples(opts, () => ops.grayscale(hd)));
    emit('ops', 'blur r=5 1080p', opts.column, samples(opts, () => ops.blur(hd, 5)));
    emit('ops', 'resize 4K→1080p', opts.column, samples(opts, () => ops.resize(uhd, 1920, 1080)));
    if (ops.identity) {
      // As bench-runner's composition rows: per call, a loop of them.
      const row = 'identity 6.2 MB (1080p RGB)';
      const times = 20;
      const loop = (f) => samples(opts, () => { for (let i = 0; i < times; i++) f(hd); }).map((ms) => ms / times);
      emit('composition', row, 'direct (jco)', loop(ops.direct), { bytes: hd.data.length });
      emit('composition', row, 'pipeline (jco)', loop(ops.identity), { bytes: hd.data.length });
    }
  } else if (opts.group === 'codec') {
    const ops = await loadOps(opts);
    const file = new Uint8Array(readFileSync(opts.jpeg));
    emit('codec', 'JPEG decode 1080p', opts.column, samples(opts, () => ops.decode(file)));
    const hd = readPpm(opts.hd);
    let bytes = 0;
    const ms = samples(opts, () => { bytes = ops.encode(hd, 'jpeg').length; });
    emit('codec', 'JPEG encode 1080p', opts.column, ms, { bytes });
  } else {
    await batch(opts);
  }
}

/** The batch on `workers` worker threads, each with its own instance. */
async function batch(opts) {
  const workers = await Promise.all(
    Array.from({ length: opts.workers }, (_, k) => new Promise((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: { ...opts, k } });
      w.once('message', () => resolve(w));
      w.once('error', reject);
    })),
  );
  const run = () => Promise.all(workers.map((w) => new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.postMessage('go');
  })));
  for (let i = 0; i < opts.warmup; i++) await run();
  const ms = [];
  for (let i = 0; i < opts.reps; i++) {
    const start = process.hrtime.bigint();
    await run();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const row = `batch of ${opts.images} (${opts.workers} worker${opts.workers === 1 ? '' : 's'})`;
  emit('batch', row, opts.column, ms, { workers: opts.workers });
  for (const w of workers) await w.terminate();
}

/** A batch worker: images k, k + workers, … each time it is told to go. */
async function worker() {
  const opts = workerData;
  const ops = await loadOps(opts);
  const img = readPpm(opts.input);
  parentPort.postMessage('ready');
  parentPort.on('message', () => {
    for (let i = opts.k; i < opts.images; i += opts.workers) batchTask(ops, { ...img, data: img.data.slice() });
    parentPort.postMessage('done');
  });
}

if (isMainThread) await main();
else await worker();
