// How many frames one pipeline instance holds: every frame image-ops makes
// goes through its `[resource-new]frame` import, and every frame freed
// through its `[dtor]frame` export (whoever dropped the last handle: the
// caller, the scheduler, `into-image`). jco instantiates the core modules
// through the `instantiateCore` hook it takes, so counting needs no change
// to the component or to jco's output: this hook wraps those two functions.
// The conformance runner checks the count after every vector (a leak is a
// frame alive that nobody holds a handle to).

const IMAGE_OPS = /^example:image-processing\/image-ops@[^#]+$/;
const NEW = '[resource-new]frame';
const DTOR = /^example:image-processing\/image-ops@[^#]+#\[dtor\]frame$/;

/** `{ instantiateCore, alive() }`: the hook for one instance, and its count. */
export function frameCounter() {
  let made = 0;
  let freed = 0;
  // The same function with jco's markers on it (`_jcoMaySuspend`, ...).
  const counted = (fn, count) =>
    Object.assign((...args) => {
      count();
      return fn(...args);
    }, fn);

  async function instantiateCore(module, imports = {}) {
    const ops = Object.entries(imports).find(([name, fns]) => IMAGE_OPS.test(name.replace('[export]', '')) && fns[NEW]);
    if (ops !== undefined) {
      const [name, fns] = ops;
      imports = { ...imports, [name]: { ...fns, [NEW]: counted(fns[NEW], () => made++) } };
    }
    const instance = await WebAssembly.instantiate(module, imports);
    const dtor = Object.keys(instance.exports).find((name) => DTOR.test(name));
    if (dtor === undefined) return instance;
    return { exports: { ...instance.exports, [dtor]: counted(instance.exports[dtor], () => freed++) } };
  }

  return { instantiateCore, alive: () => made - freed };
}
