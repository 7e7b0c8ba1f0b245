// The conformance vectors on the composed pipeline through jco, in Node 24
// (WebAssembly exception handling, which the codec uses, needs it). Writes
// what every call returned to OUT/jco-pipeline.json; conformance-tests/judge
// compares it with the wasmtime runs.
//
//   node run.mjs --component DIR --vectors DIR --fixtures DIR --out DIR [--only ID-PREFIX]
//
// DIR of --component: the output of `jco transpile --instantiation async`.

import './src/node24.mjs';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Fixtures, parseJson } from './src/args.mjs';
import { runVector } from './src/execute.mjs';
import { loadPipeline } from './src/pipeline.mjs';
import { Wit } from './src/wit.mjs';

const { values: cli } = parseArgs({
  options: {
    component: { type: 'string' },
    vectors: { type: 'string' },
    fixtures: { type: 'string' },
    out: { type: 'string' },
    only: { type: 'string', default: '' },
  },
});
for (const name of ['component', 'vectors', 'fixtures', 'out']) {
  if (cli[name] === undefined) throw new Error(`--${name} is required`);
}

const vectors = readdirSync(cli.vectors, { recursive: true })
  .filter((f) => f.endsWith('.json'))
  .map((f) => parseJson(readFileSync(join(cli.vectors, f), 'utf8')))
  .filter((v) => v.id.startsWith(cli.only))
  .sort((a, b) => (a.id < b.id ? -1 : 1));

const started = performance.now();
const fresh = await loadPipeline(cli.component);
// The WIT of the transpiled component, which js/js.mk writes beside it.
const wit = new Wit(JSON.parse(readFileSync(join(cli.component, 'wit.json'), 'utf8')));
const fixtures = new Fixtures(cli.fixtures);
const results = {};
for (const vector of vectors) results[vector.id] = await runVector(fresh, wit, vector, fixtures);

mkdirSync(cli.out, { recursive: true });
const out = { host: 'jco', target: 'pipeline', node: process.version, component: cli.component, results };
writeFileSync(join(cli.out, 'jco-pipeline.json'), JSON.stringify(out));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.error(`jco: ${vectors.length} vectors on pipeline (Node ${process.version}) in ${seconds} s`);
