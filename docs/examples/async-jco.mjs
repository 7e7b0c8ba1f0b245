// Chapter 5's experiment on jco: the async-hello component, transpiled by
// `jco transpile --instantiation async` into build/docs/jco-async/, called
// from Node: `greet` is an async function, `count`'s stream<u32> an async
// iterator. WASI comes from preview2-shim, as for the pipeline (js/src).
//
//   node docs/examples/async-jco.mjs build/docs/jco-async N

import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipelineImports } from '../../js/src/imports.mjs';

const [dir, n] = process.argv.slice(2);
if (!dir || !n || dir === '--help') {
  console.log('usage: node docs/examples/async-jco.mjs TRANSPILED_DIR N');
  process.exit(dir === '--help' ? 0 : 2);
}
const { instantiate } = await import(pathToFileURL(resolve(dir, 'async_hello_component.js')).href);
const compile = (file) => readFile(join(dir, file)).then((bytes) => WebAssembly.compile(bytes));
const root = await instantiate(compile, pipelineImports(() => {}));

console.log(`greet("async") -> ${JSON.stringify(await root.greeter.greet('async'))}`);
const numbers = [];
for await (const chunk of await root.greeter.count(Number(n))) numbers.push(...chunk);
console.log(`count(${n}) -> a stream that gave [${numbers.join(', ')}], then closed`);
