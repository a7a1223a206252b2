/**
 * `tfjs-smelu-repro demo`: trains replicas of a model with ReLU, SmeLU, GELU, Swish
 * and Softplus on MovieLens (or the 8×8 digits), measures how much the
 * replicas' predictions differ, and writes a report folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import {parseArgs} from 'util';

import type {ExperimentConfig, ExperimentResult, VariantSpec} from '../experiment';
import type {ShuffleMode} from '../trainer';
import type {NormMode, Workload} from '../workload';

const DEFAULT_ACTIVATIONS = ['relu', 'smelu', 'gelu', 'swish', 'softplus'];
const DATASETS = ['movielens', 'digits'];
const BACKENDS = ['auto', 'tensorflow', 'cpu', 'wasm'];

const USAGE = `Usage: tfjs-smelu-repro demo [options]

Trains N replicas of the same model per activation and measures how much their
predictions differ (relative prediction difference, PD), next to eval loss and
AUC/accuracy. Writes <out>/results.json, report.html, table.md and SVG plots.

Presets (later flags override them):
  (default)               MovieLens, 3 replicas, 3 epochs; relu, smelu, gelu, swish, softplus
  --quick                 a small smoke run: 10,000 ratings, 2 replicas, 1 epoch
  --sweep                 every β of each activation's sweep (traces the PD–loss curves)
  --full                  5 replicas, 6 epochs (takes much longer)

Options:
  --dataset <name>        movielens (default) or digits (8×8 images, 10 classes)
  --data-path <path>      local copy of the data (MovieLens: folder with ratings.csv and
                          movies.csv, ml-latest-small.zip, r-cran-dslabs_*.deb or dslabs'
                          data folder; digits: sklearn's digits.csv.gz)
  --cache-dir <dir>       download cache (default: $TFJS_SMELU_CACHE or ~/.cache/tfjs-smelu)
  --no-download           do not try GroupLens's download (use the cache or Debian's package)
  --activations <list>    comma-separated names, each optionally name:β (default
                          ${DEFAULT_ACTIVATIONS.join(',')}); known: %ACTIVATIONS%
  --beta <name=b1,b2,..>  βs for one activation (repeatable), e.g. --beta smelu=0.5,1,2
  --replicas <n>          replicas per activation, ≥ 2 (default 3)
  --epochs <n>            training epochs (default: 3 for movielens, 20 for digits)
  --batch-size <n>        minibatch size (default: 256 movielens, 32 digits)
  --learning-rate <x>     Adam learning rate (default 0.002)
  --seed <n>              base seed of every replica seed (default 1)
  --init <same|different> same or different initialization across replicas (default different)
  --order <same|different> same or different data order across replicas (default different)
  --shuffle <mode>        example (reshuffle all examples each epoch, default), batch (fixed
                          batches in a shuffled order), none (one fixed order)
  --norm <none|layer|batch> normalization of hidden layers before the activation (default none)
  --top-k <k>             k of the top-k recommendation swap rate (default 10)
  --hidden <list>         widths of the hidden layers (default 64,32 movielens; 64,64 digits)
  --embedding-dim <n>     width of the user and movie embeddings (movielens; default 16)
  --backend <name>        auto (default: tensorflow if @tensorflow/tfjs-node loads, else cpu),
                          tensorflow, cpu or wasm
  --out <dir>             output folder (default demo-output); replaced as a whole at the end
  -h, --help              show this help`;

class UsageError extends Error {}

interface DemoOptions {
  dataset: 'movielens'|'digits';
  dataPath?: string;
  cacheDir?: string;
  download: boolean;
  backend: string;
  out: string;
  quick: boolean;
  hidden?: number[];
  embeddingDim?: number;
  config: ExperimentConfig;
}

function parseCommandLine(argv: string[], activationNames: string[], getBeta: (name: string) => {default: number, sweep: readonly number[]}|null): DemoOptions|null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        'dataset': {type: 'string'},
        'data-path': {type: 'string'},
        'cache-dir': {type: 'string'},
        'no-download': {type: 'boolean', default: false},
        'activations': {type: 'string'},
        'beta': {type: 'string', multiple: true},
        'betas': {type: 'string', multiple: true},
        'replicas': {type: 'string'},
        'epochs': {type: 'string'},
        'batch-size': {type: 'string'},
        'learning-rate': {type: 'string'},
        'seed': {type: 'string'},
        'init': {type: 'string'},
        'order': {type: 'string'},
        'shuffle': {type: 'string'},
        'norm': {type: 'string'},
        'top-k': {type: 'string'},
        'hidden': {type: 'string'},
        'embedding-dim': {type: 'string'},
        'backend': {type: 'string'},
        'out': {type: 'string'},
        'quick': {type: 'boolean', default: false},
        'sweep': {type: 'boolean', default: false},
        'full': {type: 'boolean', default: false},
        'help': {type: 'boolean', short: 'h', default: false},
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return null;
  const oneOf = <T extends string>(value: string|undefined, allowed: readonly string[], fallback: T, flag: string): T => {
    if (value === undefined) return fallback;
    if (!allowed.includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, but got '${value}'.`);
    return value as T;
  };
  const integer = (value: string|undefined, fallback: number, flag: string, min: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer ≥ ${min}, but got '${value}'.`);
    return n;
  };
  const positive = (value: string, flag: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a finite number > 0, but got '${value}'.`);
    return n;
  };
  if (v.quick && v.full) throw new UsageError('--quick and --full cannot be combined.');
  const dataset = oneOf<'movielens'|'digits'>(v.dataset, DATASETS, 'movielens', 'dataset');
  const isMovieLens = dataset === 'movielens';

  // Activations: names (optionally name:β), then --beta lists, then --sweep.
  const checkName = (name: string) => {
    if (!activationNames.includes(name)) throw new UsageError(`unknown activation '${name}'. Known activations: ${activationNames.join(', ')}.`);
  };
  const betaLists = new Map<string, number[]>();
  for (const item of [...(v.beta ?? []), ...(v.betas ?? [])]) {
    const m = /^([^=]+)=(.+)$/.exec(item);
    if (m == null) throw new UsageError(`--beta must look like name=b1,b2 (e.g. smelu=0.5,1), but got '${item}'.`);
    const name = m[1].trim();
    checkName(name);
    if (getBeta(name) == null) throw new UsageError(`activation '${name}' takes no β, but --beta gave '${m[2]}'.`);
    betaLists.set(name, m[2].split(',').map((s) => positive(s, `β of '${name}'`)));
  }
  const variants: VariantSpec[] = [];
  const names = (v.activations ?? DEFAULT_ACTIVATIONS.join(',')).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('--activations must name at least one activation.');
  for (const item of names) {
    const [name, betaText] = item.split(':');
    checkName(name);
    const betaSpec = getBeta(name);
    if (betaText !== undefined) {
      if (betaSpec == null) throw new UsageError(`activation '${name}' takes no β, but got '${item}'.`);
      variants.push({activation: name, beta: positive(betaText, `β in '${item}'`)});
    } else if (betaSpec == null) {
      variants.push({activation: name});
    } else {
      const betas = betaLists.get(name) ?? (v.sweep ? [...betaSpec.sweep] : [betaSpec.default]);
      for (const beta of betas) variants.push({activation: name, beta});
    }
  }

  const replicas = integer(v.replicas, v.full ? 5 : v.quick ? 2 : 3, 'replicas', 2);
  const defaults = isMovieLens ? {epochs: v.full ? 6 : v.quick ? 1 : 3, batch: 256} : {epochs: v.full ? 40 : v.quick ? 3 : 20, batch: 32};
  const learningRate = v['learning-rate'] === undefined ? 2e-3 : positive(v['learning-rate'], '--learning-rate');
  const config: ExperimentConfig = {
    variants,
    replicas,
    epochs: integer(v.epochs, defaults.epochs, 'epochs', 1),
    batchSize: integer(v['batch-size'], defaults.batch, 'batch-size', 1),
    learningRate,
    seed: integer(v.seed, 1, 'seed', 0),
    regime: {
      init: oneOf<'same'|'different'>(v.init, ['same', 'different'], 'different', 'init'),
      order: oneOf<'same'|'different'>(v.order, ['same', 'different'], 'different', 'order'),
    },
    shuffle: oneOf<ShuffleMode>(v.shuffle, ['example', 'batch', 'none'], 'example', 'shuffle'),
    norm: oneOf<NormMode>(v.norm, ['none', 'layer', 'batch'], 'none', 'norm'),
    topK: integer(v['top-k'], 10, 'top-k', 1),
  };
  if (v['data-path'] !== undefined && !fs.existsSync(v['data-path'])) {
    throw new UsageError(`--data-path '${v['data-path']}' does not exist.`);
  }
  return {
    dataset,
    dataPath: v['data-path'],
    cacheDir: v['cache-dir'],
    download: !v['no-download'],
    backend: oneOf<string>(v.backend, BACKENDS, 'auto', 'backend'),
    out: v.out ?? 'demo-output',
    quick: v.quick,
    hidden: v.hidden === undefined ? undefined :
        v.hidden.split(',').map((w) => integer(w.trim(), 0, 'hidden', 1)),
    embeddingDim: v['embedding-dim'] === undefined ? undefined : integer(v['embedding-dim'], 16, 'embedding-dim', 1),
    config,
  };
}

/** Loads the asked-for backend; `auto` prefers tfjs-node and falls back to cpu with a message. */
async function setUpBackend(name: string, log: (s: string) => void): Promise<string> {
  const tf = await import('@tensorflow/tfjs-core');
  const tryLoad = async (backend: string): Promise<string|null> => {
    try {
      if (backend === 'tensorflow') {
        process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
        require('@tensorflow/tfjs-node');
      } else if (backend === 'wasm') {
        require('@tensorflow/tfjs-backend-wasm');
      } else {
        require('@tensorflow/tfjs-backend-cpu');
      }
      if (!(await tf.setBackend(backend))) return `backend '${backend}' failed to initialize`;
      return null;
    } catch (error) {
      return (error as Error).message.split('\n')[0];
    }
  };
  tf.enableProdMode();
  if (name === 'auto') {
    const failure = await tryLoad('tensorflow');
    if (failure == null) return 'tensorflow';
    log(`note: @tensorflow/tfjs-node is not usable (${failure}); using the cpu backend (slower). ` +
        'Run `node scripts/setup-tfjs-node.js` in a checkout, or install @tensorflow/tfjs-node.');
    name = 'cpu';
  }
  const failure = await tryLoad(name);
  if (failure != null) throw new Error(`backend '${name}' could not be loaded: ${failure}`);
  return name;
}

async function loadWorkload(options: DemoOptions, log: (s: string) => void): Promise<Workload> {
  const repro = await import('../index');
  const data = await import('../data');
  if (options.dataset === 'digits') {
    return repro.digitsWorkload(data.loadDigits({path: options.dataPath, cacheDir: options.cacheDir}), {hidden: options.hidden});
  }
  const ratings = await data.loadMovieLens({
    path: options.dataPath, cacheDir: options.cacheDir, download: options.download, log: (s) => log(`  ${s}`),
  });
  return repro.movieLensWorkload(ratings, {
    ...(options.quick ? {maxRatings: 10000, rankingCandidates: 50} : {}),
    hidden: options.hidden, embeddingDim: options.embeddingDim,
  });
}

function progressReporter(replicas: number): {hooks: import('../experiment').ExperimentHooks, stop(): void} {
  const tty = process.stderr.isTTY === true;
  let bar: {start(total: number, value: number, payload: object): void, update(v: number, p?: object): void, stop(): void}|null = null;
  let started = 0;
  if (tty) {
    const cliProgress = require('cli-progress') as typeof import('cli-progress');
    bar = new cliProgress.SingleBar({
      format: '{label} replica {replica}/{replicas} |{bar}| {percentage}% | ETA {eta_formatted}',
      hideCursor: true, clearOnComplete: true, stream: process.stderr,
    }, cliProgress.Presets.shades_classic);
  }
  return {
    hooks: {
      onReplicaStart: (variant, r, total) => {
        started = Date.now();
        bar?.start(total, 0, {label: variant.label.padEnd(14), replica: r + 1, replicas});
      },
      onBatch: (done) => bar?.update(done),
      onReplicaEnd: (variant, r, loss) => {
        bar?.stop();
        console.error(`  ${variant.label.padEnd(14)} replica ${r + 1}/${replicas}: eval loss ${loss.toFixed(4)} ` +
            `(${((Date.now() - started) / 1000).toFixed(1)} s)`);
      },
    },
    stop: () => bar?.stop(),
  };
}

/** Entry point of `tfjs-smelu-repro demo`; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function run(argv: string[]): Promise<number> {
  const {activationNames, getActivation} = await import('../activations');
  let options: DemoOptions|null;
  try {
    options = parseCommandLine(argv, activationNames(), (name) => getActivation(name).beta);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`tfjs-smelu-repro demo: ${error.message}\n\nRun 'tfjs-smelu-repro demo --help' for the options.`);
    return 2;
  }
  if (options == null) {
    console.log(USAGE.replace('%ACTIVATIONS%', activationNames().join(', ')));
    return 0;
  }
  const log = (s: string) => console.error(s);
  const {assertWritableOutputDir, writeReport} = await import('../report');
  const {runExperiment, validateExperimentConfig} = await import('../experiment');
  const {formatResultsTable} = await import('../summary');
  let workload: Workload|null = null;
  const progress = progressReporter(options.config.replicas);
  try {
    validateExperimentConfig(options.config);
    assertWritableOutputDir(options.out);  // fail before spending minutes on training
    const backend = await setUpBackend(options.backend, log);
    (await import('tfjs-smelu')).registerSmeLU();
    log(`tfjs-smelu-repro demo: dataset ${options.dataset}, backend ${backend}`);
    workload = await loadWorkload(options, log);
    log(`  ${workload.description}\n  data: ${workload.source}`);
    log(`  ${options.config.variants.length} activation setting(s) × ${options.config.replicas} replicas, ` +
        `${options.config.epochs} epoch(s); init ${options.config.regime.init}, order ${options.config.regime.order}, ` +
        `shuffle ${options.config.shuffle}, norm ${options.config.norm}`);
    const result: ExperimentResult = await runExperiment(workload, options.config, progress.hooks);
    const files = await writeReport(result, options.out);
    console.log(`\n${formatResultsTable(result)}\n`);
    console.log(`Relative PD: mean ± sd over replica pairs; eval loss: mean ± sd over replicas. ${result.seconds.toFixed(0)} s on '${result.backend}'.`);
    const shown = path.relative(process.cwd(), files.dir);
    console.log(`Wrote ${shown === '' ? '.' : shown.startsWith('..') ? files.dir : shown}/: results.json, report.html, table.md, pd_vs_loss.svg, pd_by_activation.svg`);
    return 0;
  } catch (error) {
    progress.stop();
    console.error(`tfjs-smelu-repro demo: ${(error as Error).message}`);
    return 1;
  } finally {
    workload?.dispose();
  }
}
