/**
 * The command line of `tfjs-smelu-repro demo`: its usage text, its options, and how flags and a preset become the
 * run's options (settings, the plan of each window, the workload to load, jobs, backend, output folder).
 */
import * as fs from 'fs';

import type {DialSetting, DialWindow} from '../experiment/dial';
import type {Shard} from '../experiment/jobs';
import type {ExperimentConfig, ExperimentPlan, SettingNames, VariantSpec} from '../experiment/types';
import {BACKEND_CHOICES, BackendChoice} from '../parallel/backend';
import type {WorkloadSpec} from '../parallel/workload_specs';
import {SEED_REGIMES} from '../training/seeds';
import {EMBEDDING_INITS} from '../workloads/scatter_embedding';
import {NORM_MODES, NORM_PLACEMENTS} from '../workloads/workload';
import {checkShard, numberOf, parseFlags, UsageError} from './flags';
import {DatasetName, DATASETS, DemoSettings, PRESETS, resolvePreset} from './presets';

export const USAGE = `Usage: tfjs-smelu-repro demo [options]

Trains replicas of the same model per activation, in parallel worker processes, and
measures how much their predictions differ (prediction difference, PD), next to eval loss
and AUC/accuracy, with 95% intervals on every ratio to ReLU. By default it turns the
shuffling dial: one run per shuffle window W (from within a batch to a full reshuffle), a
table and a verdict per W, and the PD ratio plotted against W. Writes <out>/results.json,
report.html, table.md and SVG plots.

Presets (flags given with a preset override it; the report states the final configuration):
%PRESETS%
  --quick, --full          shorthands for --preset quick / --preset full
  --sweep                  every β of each activation (with any preset)

Options:
  --dataset <name>         movielens (default), fashion-mnist (28×28 clothing images, 10
                           classes) or digits (8×8 images, 10 classes)
  --data-path <path>       local copy of the data (MovieLens: folder with ratings.csv and
                           movies.csv, ml-latest-small.zip, r-cran-dslabs_*.deb or dslabs'
                           data folder; Fashion-MNIST: folder with the four IDX files;
                           digits: sklearn's digits.csv.gz)
  --cache-dir <dir>        download cache (default: $TFJS_SMELU_CACHE or ~/.cache/tfjs-smelu)
  --no-download            do not try GroupLens's download (use the cache or Debian's package)
  --activations <list>     comma-separated names, each optionally name:β (default
                           %DEFAULT_ACTIVATIONS%); known: %ACTIVATIONS%
  --beta <name=b1,b2,..>   βs for one activation (repeatable), e.g. --beta smelu=0.5,1,2
  --replicas <n>           replicas per activation in each init group, ≥ 2 (default 2)
  --groups <n>             independent init groups per activation (default 4): each has its
                           own shared initialization and base order, derived from --seed; PD
                           pairs are formed within groups
  --epochs <n>             training epochs (default: movielens 1, fashion-mnist 3, digits 20)
  --batch-size <n>         minibatch size (default: movielens 256, fashion-mnist 128, digits 32)
  --learning-rate <x>      Adam learning rate (default: 0.002; fashion-mnist 0.001)
  --seed <n>               base seed of every replica seed and of the bootstrap (default 1)
  --init <same|different>  same (default) or different initialization across replicas
  --order <same|different> same or different (default) data order across replicas
  --windows <list>         the shuffling dial (the default): one run per window, each W an
                           integer ≥ 1 or 'full' (default: a quarter of the batch, 4 and 64
                           batches, full; 64,1024,16384,full on MovieLens). Per epoch one base
                           order, shared by the replicas of an init group; each replica
                           reshuffles only within windows of W consecutive examples (W = 1:
                           identical order; full: every example reshuffled)
  --shuffle <mode>         one regime instead of the dial: batch (fixed batches whose order
                           each replica reshuffles every epoch), example (reshuffle all
                           examples every epoch), none, or window:W
  --norm <none|layer|batch> normalization of each hidden layer (default layer)
  --norm-placement <before|after> normalize before the activation or the layer's output
                           after it (default after)
  --genres <on|off>        movielens: feed the movies' genres (default on)
  --embedding-init <uniform|normal> movielens: U(−0.05, 0.05) (default) or N(0, 0.05²)
  --split-seed <n>         movielens, digits: seed of the train/eval split (default 0)
  --top-k <k>              k of the top-k recommendation swap rate (default 10)
  --hidden <list>          widths of the hidden layers (default: movielens 64,32;
                           fashion-mnist 128,64; digits 64,64)
  --embedding-dim <n>      width of the user and movie embeddings (movielens; default 16)
  --bootstrap-draws <n>    draws of the bootstrap intervals (default 2000)
  --interval <method>      the 95% intervals the verdict reads: bootstrap (replicas,
                           within groups, and eval examples resampled), group-bootstrap
                           (init groups and eval examples resampled), group-t (t-interval
                           over the init groups; ratios of means) or group-log-t (the same
                           over the groups' log ratios: geometric means); the group
                           methods need --groups ≥ 2.
                           Default: %INTERVAL_DEFAULT%.
  --jobs <n>               worker processes training replicas in parallel (default: the
                           number of CPU cores, %CORES% here); results do not depend on it
  --backend <name>         auto (default: tensorflow if @tensorflow/tfjs-node loads, else cpu),
                           tensorflow, cpu or wasm
  --out <dir>              output folder (default demo-output): a new or empty folder, or one
                           holding an earlier report (its manifest lists the files it wrote;
                           those, unchanged, are replaced, other files are left alone);
                           any other folder is refused before training
  --shard <K/N>            run shard K of N (K = 1..N) of the replica jobs: those at positions
                           i (from 0) with i mod N = K-1 in the run's fixed job list (window by
                           window, activation by activation, replica by replica), and write a
                           partial result (<out>/partial.json) instead of the report; join the
                           N partials with 'tfjs-smelu-repro merge'. Needs an explicit
                           --backend (every shard must train on the same one)
  --print-config           print the final configuration (preset + flags) as JSON and exit
  -h, --help               show this help`;

/**
 * The interval method the verdict reads when --interval is not given: with init groups, the t-interval over their
 * log ratios (the one method within 5 points of its nominal coverage over the default dial's seeded runs, chosen by
 * rules fixed before those runs; see docs/reproducibility.md, "Intervals that cover"), else the bootstrap.
 */
export const INTERVAL_DEFAULT_TEXT = 'group-log-t with init groups, else bootstrap';
const defaultInterval = (groups: number) => (groups >= 2 ? 'group-log-t' : 'bootstrap');

/** `text` broken into lines of at most `width` characters, continuation lines indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** A parsed command line: what to run, where, and how. */
export interface DemoOptions {
  preset: string;
  settings: DemoSettings;
  /** The plan of a single regime, or the first window's. */
  plan: ExperimentPlan;
  /** The shuffling dial: one plan per window (null for a single regime). */
  dial: {setting: DialSetting, plan: ExperimentPlan}[]|null;
  spec: WorkloadSpec;
  jobs: number;
  backend: BackendChoice;
  out: string;
  printConfig: boolean;
  /** `--shard K/N`: run this share of the jobs and write a partial result (null: the whole run). */
  shard: Shard|null;
}

const OPTIONS = {
  'preset': {type: 'string'},
  'dataset': {type: 'string'},
  'data-path': {type: 'string'},
  'cache-dir': {type: 'string'},
  'no-download': {type: 'boolean', default: false},
  'activations': {type: 'string'},
  'beta': {type: 'string', multiple: true},
  'betas': {type: 'string', multiple: true},
  'replicas': {type: 'string'},
  'groups': {type: 'string'},
  'epochs': {type: 'string'},
  'batch-size': {type: 'string'},
  'learning-rate': {type: 'string'},
  'seed': {type: 'string'},
  'init': {type: 'string'},
  'order': {type: 'string'},
  'shuffle': {type: 'string'},
  'windows': {type: 'string'},
  'norm': {type: 'string'},
  'norm-placement': {type: 'string'},
  'genres': {type: 'string'},
  'embedding-init': {type: 'string'},
  'split-seed': {type: 'string'},
  'top-k': {type: 'string'},
  'hidden': {type: 'string'},
  'embedding-dim': {type: 'string'},
  'bootstrap-draws': {type: 'string'},
  'interval': {type: 'string'},
  'jobs': {type: 'string'},
  'backend': {type: 'string'},
  'out': {type: 'string'},
  'shard': {type: 'string'},
  'quick': {type: 'boolean', default: false},
  'sweep': {type: 'boolean', default: false},
  'full': {type: 'boolean', default: false},
  'print-config': {type: 'boolean', default: false},
  'help': {type: 'boolean', short: 'h', default: false},
} as const;

export async function parseCommandLine(argv: string[]): Promise<DemoOptions|null> {
  const {activationNames, getActivation} = await import('../activations/registry');
  const {planExperiment} = await import('../experiment/plan');
  const {defaultDialWindows, dialSettings} = await import('../experiment/dial');
  const {replicaJobs} = await import('../experiment/jobs');
  const pool: typeof import('../parallel/pool') = await import('../parallel/pool');
  const v = parseFlags(argv, OPTIONS);
  if (v.help) return null;
  const oneOf =
      <T extends string>(value: string|undefined, allowed: readonly string[], fallback: T, flag: string): T => {
        if (value === undefined) return fallback;
        if (!allowed.includes(value))
          throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, but got '${value}'.`);
        return value as T;
      };
  const integer = (value: string, flag: string, min: number): number => {
    const n = numberOf(value);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`--${flag} must be an integer ≥ ${min}, but got '${value}'.`);
    return n;
  };

  // Preset, then dataset defaults, then flags.
  const presetFlags = [
    v.preset !== undefined ? `--preset ${v.preset}` : null, v.quick ? '--quick' : null, v.full ? '--full' : null
  ].filter((f): f is string => f != null);
  if (presetFlags.length > 1) throw new UsageError(`choose one preset, but got ${presetFlags.join(' and ')}.`);
  const presetName = oneOf<string>(
      v.preset, Object.keys(PRESETS),
      v.quick    ? 'quick' :
          v.full ? 'full' :
                   'default',
      'preset');
  const preset = PRESETS[presetName];
  const dataset = oneOf<DatasetName>(v.dataset, DATASETS, preset.datasets[0] ?? 'movielens', 'dataset');
  if (!preset.datasets.includes(dataset)) {
    throw new UsageError(
        `--preset ${presetName} is defined for ${preset.datasets.join(', ')} only, but got --dataset '${dataset}'.`);
  }
  const s: DemoSettings = resolvePreset(presetName, dataset);
  const names: SettingNames = {};
  const numeric = <K extends keyof DemoSettings&keyof ExperimentConfig>(key: K, flag: string) => {
    const text = (v as Record<string, unknown>)[flag] as string | undefined;
    names[key] = {name: `--${flag}`, ...(text !== undefined ? {text} : {})};
    if (text !== undefined) (s as unknown as Record<string, unknown>)[key] = numberOf(text);
  };
  numeric('replicas', 'replicas');
  numeric('groups', 'groups');
  numeric('epochs', 'epochs');
  numeric('batchSize', 'batch-size');
  numeric('learningRate', 'learning-rate');
  numeric('seed', 'seed');
  numeric('topK', 'top-k');
  numeric('bootstrapDraws', 'bootstrap-draws');
  const choice = <K extends keyof DemoSettings>(key: K, flag: string, allowed: readonly string[]) => {
    s[key] = oneOf(v[flag as keyof typeof v] as string | undefined, allowed, s[key] as string, flag) as DemoSettings[K];
  };
  choice('init', 'init', SEED_REGIMES);
  choice('order', 'order', SEED_REGIMES);
  // The shuffle mode and the interval method are checked once, by planExperiment, under their flags' names.
  const passThrough = <K extends 'shuffle'|'interval'>(key: K, flag: string) => {
    const text = v[flag as keyof typeof v] as string | undefined;
    names[key] = {name: `--${flag}`, ...(text !== undefined ? {text} : {})};
    if (text !== undefined) s[key] = text as DemoSettings[K];
  };
  passThrough('shuffle', 'shuffle');
  passThrough('interval', 'interval');
  // The dial or one regime: --windows turns the dial on, --shuffle picks one regime.
  if (v.windows !== undefined && v.shuffle !== undefined) {
    throw new UsageError(
        `give either --windows (the shuffling dial) or --shuffle (one regime), but got --windows '${v.windows}' ` +
        `and --shuffle '${v.shuffle}'.`);
  }
  if (v.shuffle !== undefined) s.dial = false;
  if (v.windows !== undefined) {
    s.dial = true;
    s.windows = v.windows.split(',').map((w): DialWindow => {
      const text = w.trim();
      if (text === 'full') return 'full';
      if (!/^[0-9]+$/.test(text) || !(Number(text) >= 1) || !Number.isSafeInteger(Number(text))) {
        throw new UsageError(
            `--windows must list integers ≥ 1 or 'full' (e.g. 64,1024,full), but got '${w}' in '${v.windows}'.`);
      }
      return Number(text);
    });
  }
  choice('norm', 'norm', NORM_MODES);
  choice('normPlacement', 'norm-placement', NORM_PLACEMENTS);
  choice('embeddingInit', 'embedding-init', EMBEDDING_INITS);
  if (v.genres !== undefined) s.genres = oneOf(v.genres, ['on', 'off'], 'on', 'genres') === 'on';
  if (v.sweep) s.sweep = true;
  if (v.hidden !== undefined) s.hidden = v.hidden.split(',').map((w) => integer(w.trim(), 'hidden', 1));
  if (v['embedding-dim'] !== undefined) s.embeddingDim = integer(v['embedding-dim'], 'embedding-dim', 1);
  if (v['split-seed'] !== undefined) s.splitSeed = integer(v['split-seed'], 'split-seed', 0);
  if (dataset === 'fashion-mnist' && v['split-seed'] !== undefined) {
    throw new UsageError(
        `--split-seed applies to --dataset movielens and digits only (Fashion-MNIST has its official test split), ` +
        `but the dataset is '${dataset}'.`);
  }
  if (dataset !== 'movielens') {
    for (const flag of ['genres', 'embedding-init', 'embedding-dim'] as const) {
      if (v[flag] !== undefined)
        throw new UsageError(`--${flag} applies to --dataset movielens only, but the dataset is '${dataset}'.`);
    }
  }

  // Activations: names (optionally name:β), then --beta lists, then --sweep.
  const known = activationNames();
  const checkName = (name: string) => {
    if (!known.includes(name))
      throw new UsageError(`unknown activation '${name}'. Known activations: ${known.join(', ')}.`);
  };
  const betaLists = new Map<string, {values: number[], texts: string[], flag: string}>();
  for (const item of [...(v.beta ?? []), ...(v.betas ?? [])]) {
    const m = /^([^=]+)=(.+)$/.exec(item);
    if (m == null) throw new UsageError(`--beta must look like name=b1,b2 (e.g. smelu=0.5,1), but got '${item}'.`);
    const name = m[1].trim();
    checkName(name);
    if (getActivation(name).beta == null)
      throw new UsageError(`activation '${name}' takes no β, but --beta gave '${m[2]}'.`);
    const texts = m[2].split(',');
    betaLists.set(name, {values: texts.map(numberOf), texts, flag: `β of '${name}'`});
  }
  if (v.activations !== undefined)
    s.activations = v.activations.split(',').map((a) => a.trim()).filter((a) => a !== '');
  if (s.activations.length === 0) throw new UsageError('--activations must name at least one activation.');
  const runNames = s.activations.map((item) => item.split(':')[0]);
  for (const name of betaLists.keys()) {
    if (!runNames.includes(name)) {
      throw new UsageError(
          `--beta gives βs for '${name}', which is not among the activations (${s.activations.join(', ')}): ` +
          `add it with --activations.`);
    }
  }
  const variants: VariantSpec[] = [];
  const addVariant = (variant: VariantSpec, name: string, text?: string) => {
    if (variant.beta !== undefined) names[`beta:${variants.length}`] = {name, ...(text !== undefined ? {text} : {})};
    variants.push(variant);
  };
  for (const item of s.activations) {
    const [name, betaText] = item.split(':');
    checkName(name);
    const betaSpec = getActivation(name).beta;
    if (betaText !== undefined) {
      if (betaSpec == null) throw new UsageError(`activation '${name}' takes no β, but got '${item}'.`);
      addVariant({activation: name, beta: numberOf(betaText)}, `β in '${item}'`, betaText);
    } else if (betaSpec == null) {
      addVariant({activation: name}, name);
    } else if (betaLists.has(name)) {
      const list = betaLists.get(name)!;
      list.values.forEach((beta, i) => addVariant({activation: name, beta}, list.flag, list.texts[i]));
    } else {
      for (const beta of s.sweep ? betaSpec.sweep : [betaSpec.default]) addVariant({activation: name, beta}, name);
    }
  }

  const config: ExperimentConfig = {
    variants,
    replicas: s.replicas,
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    seed: s.seed,
    regime: {init: s.init, order: s.order},
    shuffle: s.shuffle,
    norm: s.norm,
    normPlacement: s.normPlacement,
    topK: s.topK,
    bootstrapDraws: s.bootstrapDraws,
    groups: s.groups,
    interval: s.interval ?? defaultInterval(s.groups),
  };
  names.init = {name: '--init'};
  names.order = {name: '--order'};
  let plan: ExperimentPlan;
  let dial: DemoOptions['dial'] = null;
  try {
    plan = planExperiment(config, names);  // the one validation of the experiment's settings
    if (s.dial) {
      // Validated above (batch size included); each window's plan differs from it in the shuffle mode only.
      const settings = dialSettings(s.windows ?? defaultDialWindows(s.batchSize), s.batchSize);
      s.windows = settings.map((d) => d.window ?? 'full');
      dial = settings.map((setting) => ({setting, plan: planExperiment({...config, shuffle: setting.shuffle}, names)}));
      plan = dial[0].plan;
    }
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const jobs = v.jobs === undefined ? pool.defaultJobs() : numberOf(v.jobs);
  try {
    pool.validateJobs(jobs, '--jobs', v.jobs);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (v['data-path'] !== undefined && !fs.existsSync(v['data-path'])) {
    throw new UsageError(`--data-path '${v['data-path']}' does not exist.`);
  }
  const backend = oneOf<BackendChoice>(v.backend, BACKEND_CHOICES, 'auto', 'backend');
  let shard: Shard|null = null;
  if (v.shard !== undefined) {
    const jobCount = replicaJobs(dial != null ? dial.map((d) => d.plan) : [plan]).length;
    shard = checkShard(v.shard, backend, jobCount);
  }
  return {
    preset: presetName,
    settings: s,
    plan,
    dial,
    spec: workloadSpec(s, {path: v['data-path'], cacheDir: v['cache-dir'], download: !v['no-download']}),
    jobs,
    backend,
    out: v.out ?? 'demo-output',
    printConfig: v['print-config'],
    shard,
  };
}

/** The final configuration of a run, as written to results.json and the report. */
export function finalConfiguration(options: DemoOptions) {
  return {
    preset: options.preset,
    dataset: options.settings.dataset,
    config: options.plan.config,
    ...(options.dial != null ? {dial: options.dial.map((d) => d.setting)} : {}),
    variants: options.plan.variants,
    workload: options.spec,
    jobs: options.jobs,
    backend: options.backend,
    out: options.out,
    ...(options.shard != null ? {shard: `${options.shard.index}/${options.shard.count}`} : {}),
  };
}

/** The workload a dataset's settings describe, as data for the workers. */
export function workloadSpec(
    s: DemoSettings, data: {path?: string, cacheDir?: string, download: boolean}): WorkloadSpec {
  const options: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) options[key] = value;
  };
  set('hidden', s.hidden);
  if (s.dataset === 'movielens') {
    for (const key of ['embeddingDim', 'genres', 'embeddingInit', 'maxRatings', 'rankingCandidates', 'splitSeed'] as
         const)
      set(key, s[key]);
  } else if (s.dataset === 'digits') {
    set('splitSeed', s.splitSeed);
  } else if (s.dataset === 'fashion-mnist') {
    set('maxTrain', s.maxTrain);
    set('maxEval', s.maxEval);
  }
  const d: WorkloadSpec['data'] = {download: data.download};
  if (data.path !== undefined) d.path = data.path;
  if (data.cacheDir !== undefined) d.cacheDir = data.cacheDir;
  return {kind: s.dataset, data: d, options};
}

/** Entry point of `tfjs-smelu-repro demo`; returns the exit code (0 ok, 1 failure, 2 usage error). */
