// The composed pipeline, transpiled by `jco transpile --instantiation async`
// (build/js/, made by `make conformance`): its core modules are compiled
// once, and every vector gets a fresh instance with fresh imports.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';

export async function loadPipeline(dir, name = 'image-pipeline') {
  const { instantiate } = await import(pathToFileURL(join(dir, `${name}.js`)).href);
  const modules = new Map();
  const getCoreModule = (path) => {
    if (!modules.has(path)) modules.set(path, readFile(join(dir, path)).then((b) => WebAssembly.compile(b)));
    return modules.get(path);
  };

  /** A fresh instance; `logs` receives every wasi:logging record. */
  return async function fresh(logs) {
    // No files, environment, arguments or network, as on wasmtime.
    const imports = new WASIShim({
      sandbox: { preopens: {}, env: {}, args: [], enableNetwork: false },
    }).getImportObject();
    imports['wasi:logging/logging'] = {
      log: (level, context, message) => logs.push([level, context, message]),
    };
    return instantiate(getCoreModule, imports);
  };
}
