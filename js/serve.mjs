// Serves the browser page (web/) on 127.0.0.1 with what it loads: the
// pipeline as jco transpiled it (build/js/image-pipeline/), preview2-shim's
// browser build (its import map points there), the shared modules in src/,
// the composed component (for its size) and the sample image. Static files
// only, no bundler.
//
//   js/node_modules/.bin/node js/serve.mjs [--port 8080]      (make web)

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const JS = dirname(fileURLToPath(import.meta.url));
const BUILD = join(JS, '..', 'build');

const HELP = `Usage: node js/serve.mjs [--port N] [--component DIR] [--pipeline FILE] [--sample FILE]

Serves the image-pipeline browser page on http://127.0.0.1:N/ (loopback only).
Port 0 picks a free port; the URL is printed on stderr. Ctrl-C stops.

Options:
  --port N          TCP port (default 8080)
  --component DIR   jco's output for the pipeline (default build/js/image-pipeline)
  --pipeline FILE   the composed component, whose size the page shows
                    (default build/image-pipeline.wasm)
  --sample FILE     the image behind "Use the sample" (default build/js/sample.png)
  -h, --help        print this help`;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      component: { type: 'string', default: join(BUILD, 'js', 'image-pipeline') },
      pipeline: { type: 'string', default: join(BUILD, 'image-pipeline.wasm') },
      sample: { type: 'string', default: join(BUILD, 'js', 'sample.png') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`--port must be 0..65535, not ${values.port}`);
  return { ...values, port };
}

/** URL path prefix → folder, and exact URL path → file. */
function routes(o) {
  return {
    dirs: [
      ['/component/', o.component],
      ['/shim/', join(JS, 'node_modules', '@bytecodealliance', 'preview2-shim', 'dist')],
      ['/src/', join(JS, 'src')],
      ['/', join(JS, 'web')],
    ],
    files: {
      '/': join(JS, 'web', 'index.html'),
      '/pipeline.wasm': o.pipeline,
      '/sample.png': o.sample,
      // step-text's list of operations: the page's choices.
      '/operations.tsv': join(JS, '..', 'step-text', 'operations.tsv'),
    },
  };
}

/** The file a URL path names, or undefined: never outside its folder. */
function resolve({ dirs, files }, path) {
  if (files[path] !== undefined) return files[path];
  for (const [prefix, dir] of dirs) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(dir, path.slice(prefix.length)));
    return file.startsWith(dir + sep) ? file : undefined;
  }
  return undefined;
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

async function handle(table, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET or HEAD only');
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  } catch {
    return send(res, 400, 'bad URL');
  }
  const file = resolve(table, path);
  const info = file && (await stat(file).catch(() => undefined));
  if (!info?.isFile()) return send(res, 404, `not found: ${path}`);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    // A development server: always the build's current files.
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

function main() {
  let o;
  try {
    o = options();
  } catch (e) {
    console.error(`error: ${e.message} (try --help)`);
    process.exit(2);
  }
  const table = routes(o);
  const server = createServer((req, res) =>
    handle(table, req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, String(e?.message ?? e));
      else res.destroy();
    }),
  );
  server.on('error', (e) => {
    console.error(`error: cannot listen on 127.0.0.1:${o.port}: ${e.code ?? e.message}`);
    process.exit(1);
  });
  server.listen(o.port, '127.0.0.1', () => {
    console.error(`serving http://127.0.0.1:${server.address().port}/ (Ctrl-C stops)`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main();
