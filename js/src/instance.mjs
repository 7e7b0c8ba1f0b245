// Fresh instances of a component transpiled by `jco transpile
// --instantiation async`, its core modules compiled once: the code of
// `src/pipeline.mjs` (Node) and `web/app.mjs` (browser) without the part
// that reads the files.

import { pipelineImports } from './imports.mjs';

/**
 * `instantiate`: the transpiled module's export. `compileCore(name)`: a
 * promise of the compiled core module `name` (image-pipeline.core.wasm, …).
 * Returns `fresh(log, instantiateCore?)`, a promise of a new instance's
 * exports, whose wasi:logging records go to `log(level, context, message)`;
 * `instantiateCore` (jco's hook, WebAssembly.instantiate by default)
 * instantiates each core module.
 */
export function instanceFactory(instantiate, compileCore) {
  const modules = new Map();
  const getCoreModule = (name) => {
    if (!modules.has(name)) modules.set(name, compileCore(name));
    return modules.get(name);
  };
  return (log, instantiateCore) => instantiate(getCoreModule, pipelineImports(log), instantiateCore);
}
