// Checks the pure-JS operations (ops.mjs) against the Rust image-ops on
// every grayscale, blur and resize case of its golden files
// (rust-image-ops/tests/golden, which the Rust tests match exactly):
// grayscale and resize must give the same bytes; blur may differ by 1 in a
// few samples, because its weights come from Math.exp, which V8 computes
// with fdlibm and whose last bit sometimes differs from the exp of the
// Rust build (glibc or wasm libm), and a weight can then round the other way.
//
//   node bench/js/check.mjs rust-image-ops/tests/golden      (make test-bench)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blur, grayscale, resize } from './ops.mjs';

const dir = process.argv[2];
if (!dir || dir === '--help') {
  console.error('usage: node check.mjs GOLDEN_DIR   (rust-image-ops/tests/golden)');
  process.exit(dir ? 0 : 2);
}

let passed = 0;
let failed = 0;
const lines = readFileSync(join(dir, 'manifest.tsv'), 'utf8').split('\n');
for (const line of lines) {
  if (!line || line.startsWith('#')) continue;
  const [name, input, w, h, c, op, args] = line.split('\t');
  if (!['grayscale', 'blur', 'resize'].includes(op)) continue;
  const img = {
    width: +w,
    height: +h,
    channels: +c,
    data: new Uint8Array(readFileSync(join(dir, 'in', `${input}.bin`))),
  };
  const want = readFileSync(join(dir, 'out', `${name}.bin`));
  let got;
  if (op === 'grayscale') got = grayscale(img);
  else if (op === 'blur') got = blur(img, +args);
  else got = resize(img, ...args.split('x').map(Number));
  let off = 0;
  let worst = got.data.length === want.length ? 0 : Infinity;
  for (let i = 0; i < want.length && worst !== Infinity; i++) {
    const d = Math.abs(got.data[i] - want[i]);
    if (d > 0) off++;
    worst = Math.max(worst, d);
  }
  if (worst === 0 || (op === 'blur' && worst === 1)) {
    passed++;
    if (off > 0) console.log(`${name}: ${off} of ${want.length} samples off by 1 (Math.exp)`);
  } else {
    failed++;
    console.error(`FAIL ${name}: ${off} samples differ from the Rust golden, by up to ${worst}`);
  }
}
console.log(`js-ops: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
