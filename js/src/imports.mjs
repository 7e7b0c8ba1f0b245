// What the composed pipeline imports, for Node and the browser alike: WASI
// from preview2-shim, sandboxed as on wasmtime (no files, environment,
// arguments or network), and wasi:logging handed to a callback. In the
// browser an import map resolves the shim to its browser build.

import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';

/** `log(level, context, message)` receives every wasi:logging record. */
export function pipelineImports(log) {
  const imports = new WASIShim({
    sandbox: { preopens: {}, env: {}, args: [], enableNetwork: false },
  }).getImportObject();
  imports['wasi:logging/logging'] = { log };
  return imports;
}
