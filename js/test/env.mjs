// Where the tests find what make built (js/js.mk passes these; the defaults
// are the paths make uses), and the two CLIs they compare.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const JS = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(JS, '..');

function path(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (!existsSync(value)) throw new Error(`${name}: ${value} does not exist (make test-js builds it)`);
  return value;
}

export const env = {
  js: JS,
  host: path('IMAGE_PIPELINE_HOST', join(ROOT, 'target', 'release', 'image-pipeline')),
  pipeline: path('IMAGE_PIPELINE_COMPONENT', join(ROOT, 'build', 'image-pipeline.wasm')),
  component: path('JS_COMPONENT_DIR', join(ROOT, 'build', 'js', 'image-pipeline')),
  samples: path('JS_SAMPLES_DIR', join(ROOT, 'build', 'js')),
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
};

/** A fresh folder under build/js/test/ for one test file's outputs. */
export function outDir(name) {
  const dir = join(process.env.JS_TEST_OUT ?? join(ROOT, 'build', 'js', 'test'), name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `image-pipeline process IN -o OUT ARGS…` on wasmtime. */
export function host(input, output, args) {
  return spawnSync(env.host, ['process', input, '-o', output, '--component', env.pipeline, ...args], {
    encoding: 'utf8',
  });
}

/** `node js/process.mjs IN OUT ARGS…` on jco, with `node` (Node 24 unless told). */
export function jco(input, output, args, node = process.execPath) {
  return spawnSync(node, [join(JS, 'process.mjs'), input, output, '--component', env.component, ...args], {
    encoding: 'utf8',
  });
}
