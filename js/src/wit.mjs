// The component's WIT as `wasm-tools component wit --json` writes it (js/js.mk
// puts it beside jco's output): what lets the conformance runner call an
// export by its name and convert its arguments and results by their WIT
// types, as conformance-tests/runner does through wasmtime's dynamic API.
// jco's JS forms: records and their fields camelCase, variants {tag, val},
// enums strings, options undefined or the value, u64 BigInt, list<u8>
// Uint8Array, resources classes (PascalCase) with methods and statics.

export class Wit {
  #doc;

  constructor(doc) {
    this.#doc = doc;
  }

  /** The exported interfaces of the component's world, by short name. */
  *interfaces() {
    for (const world of this.#doc.worlds) {
      for (const item of Object.values(world.exports)) {
        if (item.interface === undefined) continue;
        const iface = this.#doc.interfaces[item.interface.id];
        if (iface.name) yield iface;
      }
    }
  }

  /**
   * The function `call` as the vectors name it (`name`, `resource.name`,
   * `resource`), looked up in `interface` first, then in the others:
   * {iface, name, kind, params: [{name, type}], result}.
   */
  lookup(interfaceName, call) {
    const all = [...this.interfaces()];
    const ordered = [...all.filter((i) => i.name === interfaceName), ...all.filter((i) => i.name !== interfaceName)];
    const names = call.includes('.') ? [`[method]${call}`, `[static]${call}`] : [call, `[constructor]${call}`];
    for (const iface of ordered) {
      for (const name of names) {
        const fn = iface.functions[name];
        if (fn) return { iface: iface.name, ...fn };
      }
    }
    return undefined;
  }

  /** A type reference resolved through aliases: a primitive name or a type definition. */
  resolve(ref) {
    let ty = ref;
    while (typeof ty === 'number') {
      const def = this.#doc.types[ty];
      ty = typeof def.kind === 'object' && 'type' in def.kind ? def.kind.type : def;
    }
    return ty;
  }

  /** The WIT name of the resource a handle type refers to. */
  resourceName(handle) {
    const target = handle.own ?? handle.borrow;
    const def = this.#doc.types[target];
    return typeof def.kind === 'object' && 'type' in def.kind ? this.resourceName({ own: def.kind.type }) : def.name;
  }
}

/** kebab-case → camelCase (jco's names for functions, fields, interfaces). */
export const camel = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

/** kebab-case → PascalCase (jco's names for resource classes). */
export const pascal = (name) => camel(name).replace(/^[a-z]/, (c) => c.toUpperCase());
