// The design's §3.3 calls, on the composed pipeline transpiled by jco
// (`make js-pipeline`): `scheduler.submit(image, 'grayscale', {...})`, and
// `codec.encode(result, 'jpeg')` on what `getResult` returned. Each prints
// what jco answers; then the contract's own calls, for comparison.
//
//   node docs/examples/design-jco.mjs build/js/image-pipeline IMAGE_FILE

import { readFile } from 'node:fs/promises';
import { loadPipeline } from '../../js/src/pipeline.mjs';

const [dir, file] = process.argv.slice(2);
if (!dir || !file || dir === '--help') {
  console.log('usage: node docs/examples/design-jco.mjs TRANSPILED_PIPELINE_DIR IMAGE_FILE');
  process.exit(dir === '--help' ? 0 : 2);
}
const root = await (await loadPipeline(dir))([]);
const { Frame } = root.imageOps;
const { scheduler, codec } = root;
const image = codec.decode(await readFile(file));

const attempt = (what, call) => {
  try {
    console.log(`${what}: returned ${JSON.stringify(call())}`);
  } catch (e) {
    console.log(`${what}: ${e.constructor.name}: ${e.message}`);
  }
};

// ANCHOR: design
// The design: an image, an operation string and options where the WIT
// (its own too) says `submit: func(task: task)`.
attempt("design: scheduler.submit(image, 'grayscale', {...})", () =>
  scheduler.submit(image, 'grayscale', { brightness: 0.1, contrast: 1.2 }));

// The contract's calls, up to get-result.
const id = scheduler.submit(new scheduler.Task(Frame.fromImage(image), [{ tag: 'grayscale' }]));
scheduler.runPending(1);
const result = scheduler.getResult(id);
console.log(`getResult(id) is ${typeof result} with keys ${Object.keys(result)}: tag ${JSON.stringify(result.tag)}`);

// The design passes what getResult returned straight to encode.
attempt("design: codec.encode(result, 'jpeg')", () => codec.encode(result, 'jpeg').length);
// ANCHOR_END: design

// The working code: check the tag, move the frame's pixels out, encode.
const pixels = Frame.intoImage(result.val);
console.log(`contract: codec.encode(Frame.intoImage(result.val), 'jpeg'): ${codec.encode(pixels, 'jpeg').length > 0 ? 'a JPEG' : 'nothing'}`);
