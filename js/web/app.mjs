// The page: compiles the transpiled pipeline once, then for each "Process"
// makes a fresh instance and runs src/transcode.mjs on the chosen image, the
// same calls as `image-pipeline process` and js/process.mjs. body[data-state]
// (loading, ready, busy, done, error) is what the browser test waits on.

import { instanceFactory } from '/src/instance.mjs';
import { parseOperations } from '/src/operations.mjs';
import { describeStep } from '/src/steps.mjs';
import { PipelineError, steps, taskSpec, transcode } from '/src/transcode.mjs';

const $ = (id) => document.getElementById(id);
const COMPONENT = new URL('/component/', location.href);
const coreSizes = new Map();
let input; // { bytes, name }
let fresh;
let formats = []; // the codec's supported-formats: {name, extensions, mediaType}
let operations = []; // step-text's operations: {name, usage, step, summary}

function setState(state, message) {
  document.body.dataset.state = state;
  $('status').textContent = message;
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
  setState('error', 'Failed: see the message above.');
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

function fillTable(table, rows) {
  table.tBodies[0].replaceChildren(
    ...rows.map(([name, value]) => {
      const tr = document.createElement('tr');
      const th = document.createElement('td');
      th.textContent = name;
      const td = document.createElement('td');
      td.className = 'n';
      td.textContent = value;
      tr.append(th, td);
      return tr;
    }),
  );
}

async function contentLength(url) {
  const res = await fetch(url, { method: 'HEAD' });
  return res.ok ? Number(res.headers.get('content-length')) : undefined;
}

async function compileCore(name) {
  const res = await fetch(new URL(name, COMPONENT));
  if (!res.ok) throw new Error(`cannot load ${name}: HTTP ${res.status} (make builds build/js/)`);
  const bytes = await res.arrayBuffer();
  const module = await WebAssembly.compile(bytes);
  coreSizes.set(`${name} (${coreRole(module)})`, bytes.byteLength);
  return module;
}

// jco numbers the core modules; their exports say which component each came from.
const ROLES = [
  [/^example:image-processing\/image-ops@/, 'image-ops, Rust'],
  [/^example:image-processing\/codec@/, 'codec, C++'],
  [/^example:image-processing\/scheduler@/, 'scheduler, Go'],
  [/^adapter_/, 'WASI preview1 adapter'],
];

function coreRole(module) {
  const names = WebAssembly.Module.exports(module).map((e) => e.name);
  const role = ROLES.find(([pattern]) => names.some((n) => pattern.test(n)));
  return role ? role[1] : 'canonical ABI glue';
}

async function showSizes() {
  const [composed, glue] = await Promise.all([
    contentLength('/pipeline.wasm'),
    contentLength(new URL('image-pipeline.js', COMPONENT)),
  ]);
  const rows = [['image-pipeline.wasm (composed)', composed === undefined ? 'not served' : kib(composed)]];
  rows.push(['image-pipeline.js (jco glue)', glue === undefined ? '?' : kib(glue)]);
  const cores = [...coreSizes].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  for (const [name, size] of cores) rows.push([name, kib(size)]);
  rows.push([`${cores.length} core modules in all`, kib(cores.reduce((sum, [, size]) => sum + size, 0))]);
  fillTable($('sizes'), rows);
}

/** The operation text and options the form describes. */
function formSpec() {
  const op = $('op').value;
  const value = (id) => (document.querySelector(`[data-for~="${op}"] #${id}`) ? $(id).value : '');
  const operation =
    op === 'custom'
      ? $('custom').value.trim()
      : operations.find((o) => o.name === op).usage.replace('WxH', `${$('width').value}x${$('height').value}`);
  return taskSpec({
    op: operation,
    brightness: value('brightness'),
    contrast: value('contrast'),
    blurRadius: value('blur-radius'),
  });
}

function updateForm() {
  const op = $('op').value;
  for (const label of document.querySelectorAll('label[data-for]')) {
    label.hidden = !label.dataset.for.split(' ').includes(op);
  }
  try {
    const spec = formSpec();
    $('op-string').textContent = spec.operation;
    // The typed steps the task will get, parsed as the host parses --op.
    $('steps-string').textContent = steps(spec).map(describeStep).join(' → ');
  } catch (e) {
    $('op-string').textContent = e instanceof PipelineError ? e.detail : e.message;
    $('steps-string').textContent = '';
  }
}

function blobUrl(img, bytes, type) {
  if (img.src.startsWith('blob:')) URL.revokeObjectURL(img.src);
  img.src = URL.createObjectURL(new Blob([bytes], { type }));
  return img.src;
}

/**
 * The format choices and the file picker's types from the codec's
 * `supported-formats`: the page keeps no list of its own.
 */
function showFormats(list) {
  formats = list;
  $('format').replaceChildren(...list.map((f) => Object.assign(document.createElement('option'), { value: f.name, textContent: f.name })));
  $('file').accept = list.map((f) => f.mediaType).join(',');
}

function setInput(bytes, name) {
  input = { bytes, name };
  // The browser recognises the image by its bytes: no type needed.
  blobUrl($('in-img'), bytes, '');
  $('in-info').textContent = `${name}, ${kib(bytes.length)}`;
  $('out-img').removeAttribute('src');
  $('out-info').textContent = '';
  $('download').hidden = true;
  clearError();
  $('process').disabled = fresh === undefined;
  setState(fresh === undefined ? 'loading' : 'ready', `Loaded ${name}: choose an operation and press Process.`);
}

async function run(event) {
  event.preventDefault();
  if (input === undefined) return showError('Pick an image file or use the sample first.');
  clearError();
  setState('busy', 'Processing…');
  const logs = [];
  const format = $('format').value;
  try {
    const spec = formSpec();
    const started = performance.now();
    const root = await fresh((level, context, message) => logs.push(`${level} ${context}: ${message}`));
    const instantiated = performance.now() - started;
    const { output, input: from, result, timings } = transcode(root, input.bytes, { ...spec, format });
    const total = performance.now() - started;
    const chosen = formats.find((f) => f.name === format);
    const href = blobUrl($('out-img'), output, chosen.mediaType);
    $('download').href = href;
    $('download').download = `output.${chosen.extensions[0]}`;
    $('download').hidden = false;
    $('in-info').textContent = `${input.name}, ${from.width}×${from.height}, ${from.channels} ch, ${kib(input.bytes.length)}`;
    $('out-info').textContent = `${format}, ${result.width}×${result.height}, ${result.channels} ch, ${kib(output.length)}`;
    const rows = [['instantiate', instantiated], ...timings, ['total', total]];
    fillTable($('timings'), rows.map(([stage, ms]) => [stage, ms.toFixed(1)]));
    setState('done', `Done: ${spec.operation} in ${total.toFixed(1)} ms.`);
  } catch (e) {
    $('out-img').removeAttribute('src');
    $('download').hidden = true;
    fillTable($('timings'), []);
    showError(e instanceof PipelineError ? `The pipeline refused it: ${e.message}` : `Error: ${e.message ?? e}`);
  } finally {
    $('logs').querySelector('ol').replaceChildren(
      ...logs.map((line) => Object.assign(document.createElement('li'), { textContent: line })),
    );
  }
}

async function useSample() {
  const res = await fetch('/sample.png');
  if (!res.ok) return showError(`No sample image on this server (HTTP ${res.status}): make web writes build/js/sample.png.`);
  setInput(new Uint8Array(await res.arrayBuffer()), 'sample.png');
}

async function pickFile() {
  const file = $('file').files[0];
  if (file !== undefined) setInput(new Uint8Array(await file.arrayBuffer()), file.name);
}

/** The operation choices from step-text's list, before the custom chain. */
async function showOperations() {
  const res = await fetch('/operations.tsv');
  if (!res.ok) throw new Error(`cannot load the list of operations: HTTP ${res.status}`);
  operations = parseOperations(await res.text());
  const options = operations.map((o) =>
    Object.assign(document.createElement('option'), { value: o.name, textContent: o.name, title: o.summary }),
  );
  $('op').prepend(...options);
  $('op').value = operations[0].name;
}

async function main() {
  await showOperations();
  for (const id of ['op', 'custom', 'blur-radius', 'brightness', 'contrast', 'width', 'height']) {
    $(id).addEventListener('input', updateForm);
  }
  updateForm();
  $('controls').addEventListener('submit', (e) => run(e).catch((err) => showError(String(err))));
  $('sample').addEventListener('click', () => useSample().catch((e) => showError(`Cannot load the sample: ${e.message}`)));
  $('file').addEventListener('change', () => pickFile().catch((e) => showError(`Cannot read the file: ${e.message}`)));

  const started = performance.now();
  const { instantiate } = await import(new URL('image-pipeline.js', COMPONENT).href);
  fresh = instanceFactory(instantiate, compileCore);
  // Compiles every core module once; also proves they instantiate.
  showFormats((await fresh(() => {})).codec.supportedFormats());
  const ms = performance.now() - started;
  await showSizes();
  $('process').disabled = input === undefined;
  setState('ready', `Component compiled and instantiated in ${ms.toFixed(0)} ms. Pick an image or use the sample.`);
}

main().catch((e) => {
  const hint = /exnref|exception|try_table/i.test(String(e)) ? ' (this browser lacks WebAssembly exnref: see js/README.md)' : '';
  showError(`Cannot start the pipeline: ${e.message ?? e}${hint}`);
});
