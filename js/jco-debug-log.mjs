// Speeds up jco 1.35's output, run by js.mk right after `jco transpile`.
//
// jco's glue calls `_debugLog` some 250 places, several times on every call
// across a component boundary, and each call reads `process.env.JCO_DEBUG`:
// in Node an environment lookup through a C++ interceptor. Measured on the
// identity task (src/transcode.mjs's path on a 64x64 image), that lookup was
// 26 % of the time per task. The fix reads the variable once, when the
// module loads, so JCO_DEBUG=1 still turns jco's tracing on. The pattern
// must match exactly once, or this fails the build: a jco whose output
// differs needs this file checked again (and maybe not at all).
//
//   node js/jco-debug-log.mjs build/js/image-pipeline/image-pipeline.js

import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const js = readFileSync(file, 'utf8');
const slow = /const _debugLog = \(\.\.\.args\) => \{\s*if \(!globalThis\?\.process\?\.env\?\.JCO_DEBUG\) \{ return; \}\s*console\.debug\(\.\.\.args\);\s*\};/g;
const found = js.match(slow);
if (found?.length !== 1) {
  throw new Error(`${file}: jco's _debugLog found ${found?.length ?? 0} times, not once: check js/jco-debug-log.mjs`);
}
const fast = `const _jcoDebug = Boolean(globalThis?.process?.env?.JCO_DEBUG); // js/jco-debug-log.mjs
  const _debugLog = (...args) => {
    if (!_jcoDebug) { return; }
    console.debug(...args);
  };`;
writeFileSync(file, js.replace(slow, fast));
console.error('jco-debug-log: JCO_DEBUG is read once, when the module loads');
