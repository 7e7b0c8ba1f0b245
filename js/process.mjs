// The composed pipeline from the command line, in Node 24 through jco: parses
// --op into typed steps, reads IN, decodes it, makes it a frame, runs one
// scheduler task on it, encodes the result as OUT's extension says (png,
// jpg, jpeg) and writes OUT. The same calls, in the same order, as
// `image-pipeline process` on wasmtime: the bytes are the same.
//
//   js/node_modules/.bin/node js/process.mjs IN OUT --op grayscale
//   js/node_modules/.bin/node js/process.mjs --help

import './src/node24.mjs';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseOperations } from './src/operations.mjs';
import { loadPipeline } from './src/pipeline.mjs';
import { debug } from './src/steps.mjs';
import { PipelineError, formatOf, steps, taskSpec, transcode } from './src/transcode.mjs';

const DEFAULT_COMPONENT = join(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'js', 'image-pipeline');
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'critical', 'off'];

// step-text's one list of operations, for --op's help.
const OPERATIONS = parseOperations(readFileSync(new URL('../step-text/operations.tsv', import.meta.url), 'utf8'));

const HELP = `Usage: node js/process.mjs IN OUT --op OP [options]

Decode IN (any format of the codec's supported-formats) into a frame, run
one scheduler task of the steps OP names on it, encode the result to OUT
(format from OUT's extension, one of the codec's). Needs Node 24
(js/node_modules/.bin/node).

Options:
  --op OP               one of these, or several joined by '|'
                        (e.g. 'resize:640x480|grayscale'):
${OPERATIONS.map((o) => `                          ${o.usage.padEnd(14)}${o.summary}`).join('\n')}
  --brightness F        brightness for apply-filter, -1.0..=1.0
  --contrast F          contrast for apply-filter, -255.0..=255.0
  --blur-radius N       Gaussian blur radius in pixels (blur, apply-filter)
  --component DIR       jco's output for the pipeline
                        (default: ${DEFAULT_COMPONENT})
  --log-level LEVEL     lowest wasi:logging level printed on stderr:
                        ${LEVELS.join(', ')} (default: warn)
  --timings             print each stage's time on stderr
  -h, --help            print this help`;

async function main() {
  const { values: cli, positionals } = parseArgs({
    args: joinNegativeNumbers(process.argv.slice(2)),
    allowPositionals: true,
    options: {
      op: { type: 'string' },
      brightness: { type: 'string' },
      contrast: { type: 'string' },
      'blur-radius': { type: 'string' },
      component: { type: 'string', default: DEFAULT_COMPONENT },
      'log-level': { type: 'string', default: 'warn' },
      timings: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (cli.help) {
    console.log(HELP);
    return;
  }
  if (positionals.length !== 2) throw new Error('expected IN and OUT (try --help)');
  const [input, output] = positionals;
  const minLevel = LEVELS.indexOf(cli['log-level']);
  if (minLevel < 0) throw new Error(`--log-level must be one of ${LEVELS.join(', ')}`);
  const spec = taskSpec({
    op: cli.op,
    brightness: cli.brightness,
    contrast: cli.contrast,
    blurRadius: cli['blur-radius'],
  });
  const format = formatOf(output);
  // Refused before the file is read or the pipeline loaded, as the host does.
  try {
    steps(spec);
  } catch (e) {
    if (e instanceof PipelineError) throw new Error(`${input}: operation ${debug(spec.operation)}: ${e.detail}`);
    throw e;
  }

  const bytes = await readFile(input).catch((e) => {
    throw new Error(`cannot read ${input}: ${e.code ?? e.message}`);
  });
  const started = performance.now();
  const fresh = await loadPipeline(cli.component).catch((e) => {
    throw new Error(`cannot load the transpiled pipeline from ${cli.component} (make builds it): ${e.message}`);
  });
  const logs = [];
  const root = await fresh(logs);
  const loaded = performance.now() - started;
  let result;
  try {
    result = transcode(root, bytes, { ...spec, format });
  } catch (e) {
    // Worded as the host words it: which file, which stage, which error.
    if (e instanceof PipelineError) throw new Error(`${where(e.stage, input, output, spec.operation, format)}: ${e.detail}`);
    throw e;
  } finally {
    for (const [level, context, message] of logs) {
      if (LEVELS.indexOf(level) >= minLevel) console.error(`[${level} ${context}] ${message}`);
    }
  }
  await writeFile(output, result.output).catch((e) => {
    throw new Error(`cannot write ${output}: ${e.code ?? e.message}`);
  });
  if (cli.timings) {
    const stages = [['load', loaded], ...result.timings];
    console.error(stages.map(([stage, ms]) => `${stage} ${ms.toFixed(1)} ms`).join(', '));
  }
}

// `--brightness -0.5` as the host takes it: parseArgs reads a value that
// starts with '-' as an option unless it is joined with '='.
function joinNegativeNumbers(args) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (/^--(brightness|contrast)$/.test(args[i]) && /^-[\d.]/.test(args[i + 1] ?? '')) {
      out.push(`${args[i]}=${args[++i]}`);
    } else {
      out.push(args[i]);
    }
  }
  return out;
}

function where(stage, input, output, operation, format) {
  if (stage === 'decode') return `${input}: decode`;
  if (stage === 'encode') return `${output}: encode as ${format}`;
  // Quoted as the host's Rust `{:?}` quotes it.
  return `${input}: operation ${debug(operation)}`;
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
