// Lone surrogates from JavaScript into the pipeline through jco (Node 24):
// a JS string is not always valid UTF-16, but jco lowers strings with
// TextEncoder, which replaces a lone surrogate by U+FFFD, so the Go
// scheduler receives valid UTF-8 and answers invalid-format. Prints one
// line per case and exits 1 if any gave something else (a trap included).
//
//   node lone_surrogates.mjs BUILD/js/image-pipeline
import { loadPipeline } from '../../js/src/pipeline.mjs';

const fresh = await loadPipeline(process.argv[2]);
const image = { width: 2, height: 2, channels: 3, data: new Uint8Array(12) };
const none = { brightness: undefined, contrast: undefined, blurRadius: undefined };
const cases = {
  'lone high surrogate': '\uD800',
  'lone low surrogate': '\uDC00',
  'reversed pair': '\uDC00\uD800',
  'surrogate inside a valid name': 'gray\uD800scale',
  'valid pair (U+1F600)': '\uD83D\uDE00',
};
let failed = 0;
for (const [name, operation] of Object.entries(cases)) {
  let outcome;
  try {
    const root = await fresh([]);
    const id = root.scheduler.submit(new root.scheduler.Task(image, operation, none));
    root.scheduler.runPending(1);
    const result = root.scheduler.getResult(id);
    outcome = result?.tag === 'err' ? `${result.val.tag}: ${result.val.val}` : `unexpected ${JSON.stringify(result?.tag)}`;
  } catch (e) {
    outcome = `TRAP ${e}`;
  }
  const ok = outcome.startsWith('invalid-format: unknown operation');
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${outcome}`);
}
console.log(`${Object.keys(cases).length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
