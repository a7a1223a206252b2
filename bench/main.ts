/**
 * `npm run bench`: SmeLU against relu, leakyRelu, elu, GELU, Swish, Softplus
 * and a hand-written composite SmeLU on every available backend, forward,
 * forward+backward and an MLP training step, as ratios measured in the same
 * run. Markdown goes to stdout, progress to stderr, and each backend's
 * numbers to `<out>/<backend>.json` (+ `.md`).
 */
import * as fs from 'fs';
import * as path from 'path';

import type {BackendModule} from './backends/backend_module';
import {loadNodeBackends} from './backends/node_bundle';
import {BackendName, parseArgs, USAGE} from './options';
import {formatReport} from './report';
import type {BackendResult} from './types';

/**
 * Each backend is its own module, loaded only when asked for; the Node ones
 * from a bundle compiled like the package (node_bundle.ts).
 */
const BACKEND_MODULES: Record<BackendName, () => Promise<BackendModule>> = {
  cpu: async () => (await loadNodeBackends()).cpuBench,
  wasm: async () => (await loadNodeBackends()).wasmBench,
  tensorflow: async () => (await loadNodeBackends()).tensorflowBench,
  webgl: async () => (await import('./backends/browser')).webglBench,
  webgpu: async () => (await import('./backends/browser')).webgpuBench,
};

/**
 * Replaces `file` with `text` in one rename, so that an interrupted run leaves
 * the previous results whole rather than a half-written file.
 */
function writeFileAtomically(file: string, text: string): void {
  const staging = `${file}.${process.pid}.partial`;
  try {
    fs.writeFileSync(staging, text);
    fs.renameSync(staging, file);
  } finally {
    fs.rmSync(staging, {force: true});
  }
}

/** Runs the benchmark for `argv` (flags only); returns the exit code. */
export async function runBench(argv: readonly string[]): Promise<number> {
  let cli;
  try {
    cli = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    return 2;
  }
  if (cli.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const outDir = cli.bench.quick && cli.outDir === 'bench/results' ? path.join(cli.outDir, 'quick') : cli.outDir;
  fs.mkdirSync(outDir, {recursive: true});
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const results: BackendResult[] = [];
  for (const name of cli.backends) {
    log(`${name}: starting`);
    const module = await BACKEND_MODULES[name]();
    const result = await module.run(cli.bench, log);
    results.push(result);
    const markdown = formatReport(result);
    writeFileAtomically(path.join(outDir, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
    writeFileAtomically(path.join(outDir, `${name}.md`), markdown);
    process.stdout.write(markdown + '\n');
    const outcome =
        result.unavailable ? `unavailable (${result.unavailable})` : `done in ${result.wallSeconds.toFixed(0)} s`;
    log(`${name}: ${outcome} → ${path.join(outDir, `${name}.json`)}`);
  }
  return 0;
}

if (require.main === module) {
  runBench(process.argv.slice(2))
      .then(
          (code) => {
            process.exitCode = code;
          },
          (e) => {
            process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
            process.exitCode = 1;
          });
}
