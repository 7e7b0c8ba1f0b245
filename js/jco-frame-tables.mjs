// Fixes jco 1.35's output for frames that the host passes between two
// components of the composition, run by js.mk right after `jco transpile`.
//
// The bug: jco keeps one handle table per component that sees `frame`
// (image-ops, which defines it, and the scheduler, which imports it), and a
// JS `Frame` object holds an index into one of them. A handle that moves
// from one component to the other through the host must move from one table
// to the other, as jco does for calls between components (its
// `resourceTransferOwn`). jco 1.35 does not when the host is between them:
// the task constructor passes an image-ops handle (`Frame.fromImage`,
// `apply`) to the scheduler as if it were one of the scheduler's, and
// `get-result` hands the host a scheduler handle that image-ops' methods
// (`intoImage`, `width`, …) then look up in image-ops' table. Either way the
// scheduler's `apply` traps ("unknown handle index"), and the frame's
// FinalizationRegistry entry stays in the wrong table, which would drop a
// moved frame again when the object is collected.
//
// The fix keeps every JS Frame an image-ops handle: the task constructor
// moves its frame into the scheduler's table, get-result moves the result
// out of it, each with jco's own resourceTransferOwn. Every pattern must
// match exactly once, or this fails the build: a jco whose output differs
// needs this file checked again (and maybe not at all).
//
//   node js/jco-frame-tables.mjs build/js/image-pipeline/image-pipeline.js

import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
let js = readFileSync(file, 'utf8');

// The first match of `pattern` after `from` (the start of the code it belongs to).
function once(pattern, what, from) {
  const re = new RegExp(pattern.source, 'g');
  re.lastIndex = from;
  const found = re.exec(js);
  if (found === null) throw new Error(`${file}: ${what} not found: jco's output changed, check js/jco-frame-tables.mjs`);
  return found;
}

function section(start, what) {
  const at = js.indexOf(start);
  if (at < 0 || js.indexOf(start, at + 1) >= 0) throw new Error(`${file}: ${what} not found exactly once`);
  return at;
}

if (!/function resourceTransferOwn\(handle, fromTid, toTid\)/.test(js)) {
  throw new Error(`${file}: jco's resourceTransferOwn is missing`);
}

// image-ops' table: the one Frame.fromImage registers its result in.
const fromImage = section('Frame.fromImage = function fromImage(', 'Frame.fromImage');
const ops = once(/finalizationRegistry(\d+)\.register\(/, "Frame.fromImage's table", fromImage)[1];

// The task constructor: its frame argument moves to the scheduler's table.
const ctor = section('class Task{', 'class Task');
const lower = once(
  /(var handle0 = arg0\[symbolRscHandle\];\s*if \(!handle0\) \{\s*throw new TypeError\('Resource error: Not a valid \\"Frame\\" resource\.'\);\s*\}\s*)finalizationRegistry(\d+)\.unregister\(arg0\);/,
  "the task constructor's frame",
  ctor,
);
const sched = lower[2];
if (sched === ops) throw new Error(`${file}: the task constructor already uses image-ops' table ${ops}`);
js = js.slice(0, lower.index) + lower[1]
  + `finalizationRegistry${ops}.unregister(arg0);\n            handle0 = resourceTransferOwn(handle0, ${ops}, ${sched}); // js/jco-frame-tables.mjs`
  + js.slice(lower.index + lower[0].length);

// get-result: the result frame moves from the scheduler's table to image-ops'.
const getResult = section('function getResult(', 'getResult');
const lift = once(
  /(var (handle\d+) = dataView\(memory\d+\)\.getInt32\(ret \+ 8, true\);\s*)(var (rsc\d+) = new\.target === Frame[^\n]*\n[^\n]*\n\s*)finalizationRegistry(\d+)(\.register\([^\n]*\n[^\n]*\n\s*)finalizationRegistry\5(\.unregister\(\4\);\s*const handleEntry = rscTableRemove\()handleTable\5,/,
  "get-result's frame",
  getResult,
);
if (lift[5] !== sched) throw new Error(`${file}: get-result lifts from table ${lift[5]}, the task constructor lowers to ${sched}`);
js = js.slice(0, lift.index) + lift[1]
  + `${lift[2]} = resourceTransferOwn(${lift[2]}, ${sched}, ${ops}); // js/jco-frame-tables.mjs\n                  `
  + lift[3] + `finalizationRegistry${ops}` + lift[6] + `finalizationRegistry${ops}` + lift[7] + `handleTable${ops},`
  + js.slice(lift.index + lift[0].length);

writeFileSync(file, js);
console.error(`jco-frame-tables: frames move between image-ops' table ${ops} and the scheduler's ${sched}`);
