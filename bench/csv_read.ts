/**
 * `npm run bench:csv`: what reading a real-size CSV costs `compare`, in
 * seconds and in memory, for generated files of 10 MB and 150 MB (8 numeric
 * features and a 0/1 label, seeded). Two rows per file, each measured in a
 * fresh Node process running the built package (repro/dist):
 *
 * - `prepare` (the parent): prepareComparison, which reads, checks and
 *   encodes the data once (and loads the model);
 * - `worker load` (each replica worker): loadSavedModelWorkload, what every
 *   worker process does before its first replica.
 *
 * Memory is the process's peak resident size (getrusage maxRSS) minus its
 * resident size just before the call: what reading adds. The target of the
 * reader is at most 3× the data's float32 size (rows × (features + 1) × 4
 * bytes) plus 300 MB, on the parent.
 *
 *   npx tsx bench/csv_read.ts [--sizes 10,150] [--dist repro/dist] [--name current] [--out bench/results]
 *
 * `--dist` measures another build of the toolkit (for example one of an
 * earlier commit, built into a folder inside this checkout so that it finds
 * node_modules); `--name` labels its rows. Results go to
 * `<out>/csv_read.json` (one entry per name, kept across runs) and
 * `<out>/csv_read.md`. The generated files are cached in
 * `<os.tmpdir()>/tfjs-smelu-bench-csv/`.
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import seedrandom from 'seedrandom';

const REPO_ROOT = path.resolve(__dirname, '..');
const FEATURES = 8;
const MB = 1e6;

interface Row {
  file: string;
  megabytes: number;
  rows: number;
  /** rows × (features + 1) × 4 bytes. */
  float32Bytes: number;
  step: 'prepare'|'worker load';
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of the process (user + system): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  /** Peak resident size minus the resident size before the call (bytes). */
  addedPeakBytes: number;
  error?: string;
}

interface Run {
  name: string;
  dist: string;
  date: string;
  machine: Record<string, string|number>;
  rows: Row[];
}

function parseArgs(argv: string[]) {
  const options = {
    sizes: [10, 150],
    dist: path.join(REPO_ROOT, 'repro', 'dist'),
    name: 'current',
    out: path.join(REPO_ROOT, 'bench', 'results')
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value.`);
    if (flag === '--sizes')
      options.sizes = value.split(',').map(Number);
    else if (flag === '--dist')
      options.dist = path.resolve(value);
    else if (flag === '--name')
      options.name = value;
    else if (flag === '--out')
      options.out = path.resolve(value);
    else
      throw new Error(`unknown flag ${flag}.`);
  }
  if (options.sizes.some((s) => !(s > 0))) throw new Error('--sizes must list sizes in MB > 0.');
  return options;
}

/** A seeded CSV of about `megabytes` MB: 8 features of mixed scales and a 0/1 label that depends on them. */
function generateCsv(file: string, megabytes: number): number {
  const random = seedrandom(`bench-csv:${megabytes}`);
  const fd = fs.openSync(`${file}.tmp`, 'w');
  const header = [...Array.from({length: FEATURES}, (_, j) => `x${j + 1}`), 'y'].join(',') + '\n';
  fs.writeSync(fd, header);
  let bytes = header.length, rows = 0;
  const lines: string[] = [];
  while (bytes < megabytes * MB) {
    const x = Array.from({length: FEATURES}, (_, j) => (random() * 2 - 1) * 10 ** (j % 4));
    const y = x[0] + x[1] / 10 > 0 ? 1 : 0;
    const line = `${x.map((v) => v.toFixed(5 - (rows % 3))).join(',')},${y}\n`;
    lines.push(line);
    bytes += line.length;
    rows++;
    if (lines.length === 10_000) fs.writeSync(fd, lines.splice(0).join(''));
  }
  fs.writeSync(fd, lines.join(''));
  fs.closeSync(fd);
  fs.renameSync(`${file}.tmp`, file);
  return rows;
}

/** The cached CSV of a size, generated when missing, and its row count. */
function benchCsv(dir: string, megabytes: number): {file: string, rows: number} {
  const file = path.join(dir, `bench-${megabytes}mb.csv`);
  const countFile = `${file}.rows`;
  if (!fs.existsSync(file) || !fs.existsSync(countFile)) {
    process.stderr.write(`[bench:csv] generating ${file} ...\n`);
    fs.writeFileSync(countFile, String(generateCsv(file, megabytes)));
  }
  return {file, rows: Number(fs.readFileSync(countFile, 'utf8'))};
}

/** A compiled 8 → 16 (ReLU) → 1 (sigmoid) MLP, saved once next to the files. */
async function benchModel(dir: string): Promise<string> {
  const file = path.join(dir, 'model', 'model.json');
  if (fs.existsSync(file)) return file;
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const tfl = await import('@tensorflow/tfjs-layers');
  const {fileSystemHandler} = await import('../src/io/file_system');
  await tf.setBackend('cpu');
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({units: 16, activation: 'relu', inputShape: [FEATURES]}),
      tfl.layers.dense({units: 1, activation: 'sigmoid'}),
    ]
  });
  model.compile({optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy'});
  await model.save(fileSystemHandler(path.dirname(file)), {includeOptimizer: true});
  model.dispose();
  return file;
}

/**
 * The measured child: loads the build, then times one step and reports the
 * peak resident size it added. Builds that write the data for their workers
 * to a file (writeCompareArrays) get it written, so the worker step reads it.
 */
const CHILD = `
const [dist, step, model, data, specFile] = process.argv.slice(1);
(async () => {
  const tf = require('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  const node = require(dist + '/node.cjs');
  global.gc?.();
  const before = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const cpuSeconds = () => { const u = process.cpuUsage(cpu0); return (u.user + u.system) / 1e6; };
  if (step === 'prepare') {
    const prepared = await node.prepareComparison({model, data, label: 'y', standardize: true, backend: 'cpu', jobs: 2});
    const seconds = Number(process.hrtime.bigint() - start) / 1e9, cpu = cpuSeconds();
    const peak = process.resourceUsage().maxRSS * 1024;
    let options = prepared.spec.options;
    if (typeof node.writeCompareArrays === 'function') {
      options = {...options, arrays: node.writeCompareArrays(prepared.arrays, require('path').dirname(specFile))};
    }
    require('fs').writeFileSync(specFile, JSON.stringify(options));
    console.log(JSON.stringify({seconds, cpuSeconds: cpu, addedPeakBytes: peak - before}));
  } else {
    const workload = await node.loadSavedModelWorkload(JSON.parse(require('fs').readFileSync(specFile, 'utf8')));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9, cpu = cpuSeconds();
    workload.dispose();
    console.log(JSON.stringify({seconds, cpuSeconds: cpu, addedPeakBytes: process.resourceUsage().maxRSS * 1024 - before}));
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

function measure(dist: string, step: 'prepare'|'worker load', model: string, data: string, specFile: string):
    {seconds: number, cpuSeconds: number, addedPeakBytes: number, error?: string} {
  const child = spawnSync(
      process.execPath,
      ['--expose-gc', '-e', CHILD, dist, step === 'prepare' ? 'prepare' : 'worker', model, data, specFile],
      {cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26});
  if (child.status !== 0)
    return {
      seconds: NaN,
      cpuSeconds: NaN,
      addedPeakBytes: NaN,
      error: (child.stderr || `exit ${child.status}`).trim().split('\n').pop()
    };
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as
      {seconds: number, cpuSeconds: number, addedPeakBytes: number};
}

const fmtMB = (b: number) => (Number.isFinite(b) ? `${(b / MB).toFixed(0)} MB` : 'n/a');

function markdown(runs: Run[]): string {
  const lines = [
    '# Reading a CSV in `compare` (`npm run bench:csv`)',
    '',
    'Seconds (wall and CPU) and the peak memory a step adds to its process (peak RSS minus RSS before the step), per generated file ' +
        `(${FEATURES} numeric features + a 0/1 label). Target of the reader: the parent's added peak ≤ 3× the float32 data + 300 MB.`,
    '',
    '| build | file | rows | float32 data | step | seconds | CPU seconds | added peak | target |',
    '|---|---|---:|---:|---|---:|---:|---:|---|',
  ];
  for (const run of runs) {
    for (const r of run.rows) {
      const target = 3 * r.float32Bytes + 300 * MB;
      const met = r.step !== 'prepare'       ? '' :
          !Number.isFinite(r.addedPeakBytes) ? 'n/a' :
                                               `${r.addedPeakBytes <= target ? 'met' : 'missed'} (≤ ${fmtMB(target)})`;
      lines.push(
          `| ${run.name} (${run.date.slice(0, 10)}) | ${r.megabytes} MB | ${r.rows.toLocaleString('en-US')} | ${
              fmtMB(r.float32Bytes)} | ` +
          `${r.step} | ${Number.isFinite(r.seconds) ? r.seconds.toFixed(1) : r.error ?? 'n/a'} | ` +
          `${Number.isFinite(r.cpuSeconds) ? r.cpuSeconds.toFixed(1) : 'n/a'} | ${fmtMB(r.addedPeakBytes)} | ${met} |`);
    }
  }
  const machine = runs[runs.length - 1]?.machine;
  if (machine != null) lines.push('', `Machine: ${Object.entries(machine).map(([k, v]) => `${k} ${v}`).join('; ')}.`);
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(options.dist, 'node.cjs')))
    throw new Error(`${options.dist}/node.cjs is missing: npm run build first.`);
  const dir = path.join(os.tmpdir(), 'tfjs-smelu-bench-csv');
  fs.mkdirSync(dir, {recursive: true});
  const model = await benchModel(dir);
  const run: Run = {
    name: options.name,
    dist: path.relative(REPO_ROOT, options.dist),
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      cores: os.cpus().length,
      memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      node: process.version,
      'load average (1 min) at start': Number(os.loadavg()[0].toFixed(2))
    },
    rows: [],
  };
  for (const megabytes of options.sizes) {
    const {file, rows} = benchCsv(dir, megabytes);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-bench-csv-run-'));
    try {
      const specFile = path.join(work, 'options.json');
      for (const step of ['prepare', 'worker load'] as const) {
        process.stderr.write(`[bench:csv] ${options.name}: ${megabytes} MB, ${step} ...\n`);
        const m = measure(options.dist, step, model, file, specFile);
        run.rows.push(
            {file: path.basename(file), megabytes, rows, float32Bytes: rows * (FEATURES + 1) * 4, step, ...m});
        const outcome = Number.isFinite(m.seconds) ?
            `${m.seconds.toFixed(1)} s (CPU ${m.cpuSeconds.toFixed(1)} s), +${fmtMB(m.addedPeakBytes)}` :
            `failed: ${m.error}`;
        process.stderr.write(`[bench:csv]   ${outcome}\n`);
        if (!Number.isFinite(m.seconds)) break;
      }
    } finally {
      fs.rmSync(work, {recursive: true, force: true});
    }
  }
  fs.mkdirSync(options.out, {recursive: true});
  const jsonFile = path.join(options.out, 'csv_read.json');
  const earlier = fs.existsSync(jsonFile) ?
      (JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as Run[]).filter((r) => r.name !== run.name) :
      [];
  const runs = [...earlier, run];
  fs.writeFileSync(jsonFile, JSON.stringify(runs, null, 2) + '\n');
  const md = markdown(runs);
  fs.writeFileSync(path.join(options.out, 'csv_read.md'), md);
  process.stdout.write(md);
}

main().catch((e) => {
  process.stderr.write(`bench:csv: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
