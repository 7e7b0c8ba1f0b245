// The browser page in real Chromium (Debian's, headless, driven by
// playwright-core): it loads the pipeline, processes the sample, and its
// output must be byte for byte what `image-pipeline process` writes for the
// same image and operation; a bad file must show an error in the page.
// Saves screenshots under build/js/.
//
//   make test-js    (CHROMIUM=/path/to/chromium to use another build)

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { env, host, outDir } from './env.mjs';

const OUT = outDir('browser');
const SHOTS = join(OUT, '..', '..');
const SAMPLE = join(env.samples, 'sample.png');
const TIMEOUT = 60_000;

let server;
let browser;
let url;

/** Starts js/serve.mjs on a free loopback port; resolves to its URL. */
function startServer() {
  server = spawn(process.execPath, [join(env.js, 'serve.mjs'), '--port', '0', '--component', env.component,
    '--pipeline', env.pipeline, '--sample', SAMPLE], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    server.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    server.on('exit', (code) => reject(new Error(`serve.mjs exited (${code}): ${stderr}`)));
  });
}

before(async (t) => {
  url = await startServer();
  browser = await chromium.launch({
    executablePath: env.chromium,
    headless: true,
    // /dev/shm is small in some containers: Chromium then crashes without this.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
  t.diagnostic(`Chromium ${browser.version()} (${env.chromium}), page at ${url}`);
});

after(async () => {
  await browser?.close();
  server?.kill();
});

/** A page on the server whose script errors fail the test. */
async function openPage(t) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  t.after(() => page.close());
  await page.goto(url);
  await page.waitForSelector('body:not([data-state="loading"])', { timeout: TIMEOUT });
  const state = await page.getAttribute('body', 'data-state');
  assert.equal(state, 'ready', `the page did not start: ${await page.textContent('#error')}`);
  return { page, problems };
}

/** The output the page offers for download, as bytes. */
async function pageOutput(page) {
  const base64 = await page.evaluate(async () => {
    const blob = await (await fetch(document.getElementById('download').href)).blob();
    return new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result.split(',')[1]);
      reader.readAsDataURL(blob);
    });
  });
  return Buffer.from(base64, 'base64');
}

async function runInPage(page, { op, format = 'png', fill = {} }) {
  await page.selectOption('#op', op);
  for (const [id, value] of Object.entries(fill)) await page.fill(`#${id}`, value);
  await page.selectOption('#format', format);
  await page.click('#process');
  await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: TIMEOUT });
  const state = await page.getAttribute('body', 'data-state');
  assert.equal(state, 'done', `processing failed in the page: ${await page.textContent('#error')}`);
  return pageOutput(page);
}

function hostOutput(name, args) {
  const file = join(OUT, name);
  const h = host(SAMPLE, file, args);
  assert.equal(h.status, 0, h.stderr);
  return readFileSync(file);
}

test('the sample in grayscale: same bytes as the host, input and output side by side', async (t) => {
  const { page, problems } = await openPage(t);
  await page.click('#sample');
  await page.waitForSelector('#in-img[src^="blob:"]');
  const output = await runInPage(page, { op: 'grayscale' });
  assert.ok(output.equals(hostOutput('grayscale.png', ['--op', 'grayscale'])), 'page and host outputs differ');

  // What a person sees: both images rendered at their size, every stage timed,
  // every core module's size listed.
  const size = (id) => page.$eval(id, (img) => [img.complete, img.naturalWidth, img.naturalHeight]);
  assert.deepEqual(await size('#in-img'), [true, 320, 240]);
  assert.deepEqual(await size('#out-img'), [true, 320, 240]);
  const timings = await page.$$eval('#timings td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(timings, ['instantiate', 'decode', 'frame', 'submit', 'run', 'fetch', 'encode', 'total']);
  const sizes = await page.$$eval('#sizes td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.equal(sizes[0], 'image-pipeline.wasm (composed)');
  for (const role of ['image-ops, Rust', 'codec, C++', 'scheduler, Go', 'WASI preview1 adapter']) {
    assert.ok(sizes.some((s) => s.endsWith(`(${role})`)), `no core module labelled ${role}: ${sizes.join()}`);
  }
  assert.match(await page.textContent('#out-info'), /^png, 320×240, 1 ch, /);
  await page.screenshot({ path: join(SHOTS, 'browser.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('blur then JPEG: same bytes as the host', async (t) => {
  const { page, problems } = await openPage(t);
  await page.click('#sample');
  await page.waitForSelector('#in-img[src^="blob:"]');
  const output = await runInPage(page, { op: 'blur', format: 'jpeg', fill: { 'blur-radius': '5' } });
  assert.ok(output.equals(hostOutput('blur.jpg', ['--op', 'blur', '--blur-radius', '5'])), 'page and host outputs differ');
  const chain = await runInPage(page, { op: 'custom', fill: { custom: 'resize:160x120|grayscale' } });
  assert.ok(chain.equals(hostOutput('chain.png', ['--op', 'resize:160x120|grayscale'])), 'page and host outputs differ');
  assert.deepEqual(problems, []);
});

test('a corrupt file: the pipeline error is shown in the page', async (t) => {
  const { page } = await openPage(t);
  const truncated = readFileSync(SAMPLE).subarray(0, 300);
  await page.setInputFiles('#file', { name: 'broken.png', mimeType: 'image/png', buffer: truncated });
  await page.waitForSelector('#in-info:has-text("broken.png")');
  await page.click('#process');
  await page.waitForSelector('body[data-state="error"]', { timeout: TIMEOUT });
  assert.match(await page.textContent('#error'), /^The pipeline refused it: decode: invalid-format: /);
  assert.equal(await page.isVisible('#error'), true);
  assert.equal(await page.isVisible('#download'), false);
  await page.screenshot({ path: join(SHOTS, 'browser-error.png'), fullPage: true });
});
