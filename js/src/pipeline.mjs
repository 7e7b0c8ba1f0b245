// The composed pipeline, transpiled by `jco transpile --instantiation async`
// (build/js/image-pipeline/, made by make), in Node: its core modules are
// read and compiled once, and every call of `fresh` makes a new instance
// with fresh imports.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { instanceFactory } from './instance.mjs';

export async function loadPipeline(dir, name = 'image-pipeline') {
  const { instantiate } = await import(pathToFileURL(join(dir, `${name}.js`)).href);
  const factory = instanceFactory(instantiate, (file) => readFile(join(dir, file)).then((b) => WebAssembly.compile(b)));

  /**
   * A fresh instance; `logs` receives every wasi:logging record;
   * `instantiateCore` is jco's hook (src/frames.mjs counts frames with it).
   */
  return function fresh(logs, instantiateCore) {
    return factory((level, context, message) => logs.push([level, context, message]), instantiateCore);
  };
}
