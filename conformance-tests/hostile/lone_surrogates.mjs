// Lone surrogates from JavaScript into the pipeline through jco (Node 24):
// a JS string is not always valid UTF-16, but jco lowers strings with
// TextEncoder, which replaces a lone surrogate by U+FFFD, so the component
// receives valid UTF-8 and answers invalid-format, never a trap. On 2.0 the
// one string the host passes into the pipeline is codec.encode's `format`
// (operations are typed steps, parsed in JS before any call): the codec
// quotes the format with every non-ASCII byte as '?', so U+FFFD shows as
// three of them. Prints one line per case and exits 1 if any gave something
// else (a trap included).
//
//   node lone_surrogates.mjs BUILD/js/image-pipeline
import { loadPipeline } from '../../js/src/pipeline.mjs';

const fresh = await loadPipeline(process.argv[2]);
const image = { width: 2, height: 2, channels: 3, data: new Uint8Array(12) };
// The format as jco passes it, and what the codec must quote.
const cases = {
  'lone high surrogate': ['\uD800', '???'],
  'lone low surrogate': ['\uDC00', '???'],
  'reversed pair': ['\uDC00\uD800', '??????'],
  'surrogate inside a valid name': ['p\uD800ng', 'p???ng'],
  'valid pair (U+1F600, four bytes)': ['\uD83D\uDE00', '????'],
};
let failed = 0;
for (const [name, [format, quoted]] of Object.entries(cases)) {
  let outcome;
  try {
    const root = await fresh([]);
    root.codec.encode(image, format);
    outcome = 'unexpected success';
  } catch (e) {
    const wit = e?.payload;
    outcome = wit?.tag === undefined ? `TRAP ${e}` : `${wit.tag}: ${wit.val}`;
  }
  const ok = outcome.startsWith(`invalid-format: unsupported format "${quoted}"`);
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${outcome}`);
}
console.log(`${Object.keys(cases).length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
