/**
 * `compareActivations`: would SmeLU make *my* model more reproducible? It
 * trains seeded replicas of the user's saved Layers model on the user's CSV
 * data, once as saved (ReLU) and once per SmeLU β (made by the plugin's
 * `swapActivations`), in parallel worker processes, and measures how much the
 * replicas' predictions differ, with the demo's engine: the same metrics,
 * bootstrap intervals, verdict, table and report.
 *
 * Everything is checked before anything runs or is written: the model, its
 * compile config, the CSV files (file, line, column), the options.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {boundedList, describeValue} from '../../../src/validate';
import type {TabularDataLimit} from '../data/tabular';
import {aggregateExperiment} from '../experiment/aggregate';
import type {ReplicaJob} from '../experiment/jobs';
import {planExperiment} from '../experiment/plan';
import type {
  ExperimentConfig, ExperimentPlan, ReplicaOutput, SettingNames, VariantSpec, WorkloadInfo,} from '../experiment/types';
import {regressionScale} from '../metrics/example_pd';
import {PairwiseStats, summarize} from '../metrics/pairwise_stats';
import {QualityMetric, qualityMetric} from '../metrics/quality';
import {OUTPUT_KINDS} from '../metrics/registry';
import {BACKEND_CHOICES, BackendChoice} from '../parallel/backend';
import {defaultJobs, JobRunOutput, runJobsInWorkers, validateJobs, WorkerHooks} from '../parallel/pool';
import type {WorkloadSpec} from '../parallel/workload_specs';
import {assertWritableOutputDir, writeReport, WrittenReport} from '../report/write';
import type {ReplicaRegime} from '../training/seeds';
import type {ShuffleMode} from '../training/shuffle';
import {nodeRequire} from '../util/node_require';
import {CompareDataSpec, loadSavedModel, readCompareData, SavedModelSpecOptions, withRunDataFile} from './files';
import {compareReportExtras} from './report';
import {
  checkTrainingNoise,
  compareMetrics,
  inspectSavedModel,
  resolveTask,
  savedModelWorkload,
  TabularArrays,
  variantSwapReports,
} from './saved_model';
import type {CompareDetails, CompareResult, CompareTask} from './types';
import {baselineEvalLoss, checkLearning, featureScaleWarning, learningVerdict} from './warnings';

/** Options of {@link compareActivations}. */
export interface CompareOptions {
  /**
   * The saved Layers model: a model.json (or its folder), as written by `model.save` with `fileSystemHandler` or
   * tfjs-node.
   */
  model: string;
  /** The training CSV (a header row naming the columns, one example per row). */
  data: string;
  /** The label column. */
  label: string;
  /** An eval CSV with the same columns; without it, `evalFraction` of the training file is held out. */
  eval?: string;
  /** Share of the training file held out for evaluation when there is no `eval` file (default 0.2). */
  evalFraction?: number;
  /** Feature columns in the order the model takes them (default: every column but the label). */
  features?: string[];
  /**
   * Binary task with text labels: the label of the positive class (encoded 1; the one other label is 0),
   * e.g. `'M'` for labels M/B. Compared as text, after trimming spaces.
   */
  positive?: string;
  /** Multiclass task with text labels: the labels of classes 0..C−1, in the order of the model's outputs. */
  classes?: string[];
  /** binary, multiclass or regression (default: from the compile config's loss, else the output layer). */
  task?: CompareTask;
  /** Variants: `relu` (the model as saved) and `smelu` / `smelu:β` (default relu, smelu:1, smelu:2). */
  activations?: (string|VariantSpec)[];
  /** Replicas per variant, ≥ 2 (default 4). */
  replicas?: number;
  /** Training epochs (default 10). */
  epochs?: number;
  /** Minibatch size (default 32). */
  batchSize?: number;
  /** Adam's learning rate (default: the compile config's, if its optimizer is Adam; else 0.001). */
  learningRate?: number;
  /** `same` (default): every replica starts from the same (seeded) weights; `different`: one init seed per replica. */
  init?: ReplicaRegime['init'];
  /** `batch` (default), `example` or `none` (see ShuffleMode). */
  shuffle?: ShuffleMode;
  /** Start every replica from the saved weights instead of re-initializing them. */
  fromWeights?: boolean;
  /** Standardize features with the training split's mean and standard deviation (default false). */
  standardize?: boolean;
  /** Base seed of every replica seed, the eval split and the bootstrap (default 1). */
  seed?: number;
  /** Bootstrap draws of the confidence intervals (default 2000). */
  bootstrapDraws?: number;
  /** Worker processes (default: the CPU cores). Results do not depend on it. */
  jobs?: number;
  /** Backend of the workers (default `auto`: tfjs-node if it loads, else cpu). */
  backend?: BackendChoice;
  /** Output folder for results.json, report.html, table.md and the plots; nothing is written without it. */
  out?: string;
  hooks?: WorkerHooks;
  /** The replica worker script (default: this package's dist/worker.cjs). */
  workerScript?: string;
  /** How options are named in error messages (e.g. `{label: '--label'}` on the command line). */
  names?: Partial<Record<keyof CompareOptions, string>>;
  /** Added to results.json's `run` (e.g. the command line). */
  details?: Record<string, unknown>;
}

/**
 * The defaults of {@link compareActivations}.
 *
 * ```js
 * const {COMPARE_DEFAULTS} = require('tfjs-smelu-repro/node');
 * console.log(COMPARE_DEFAULTS.activations);  // ['relu', 'smelu:1', 'smelu:2']
 * ```
 */
export const COMPARE_DEFAULTS = {
  activations: ['relu', 'smelu:1', 'smelu:2'],
  replicas: 4,
  epochs: 10,
  batchSize: 32,
  learningRate: 1e-3,
  init: 'same' as const,
  shuffle: 'batch' as const,
  seed: 1,
  evalFraction: 0.2,
};

/** A checked comparison, ready to run (see {@link prepareComparison}). */
export interface PreparedComparison {
  plan: ExperimentPlan;
  /** The workload the workers build; `runPreparedComparison` adds the data file (`options.arrays`). */
  spec: WorkloadSpec;
  /** The data, read and encoded once; the workers get it through a binary file, never the CSV. */
  arrays: TabularArrays;
  details: CompareDetails;
  jobs: number|undefined;
  backend: BackendChoice;
  out: string|null;
}

/** The variant list: `relu`, `smelu` (β 1) or `smelu:β`, or {activation, beta}. */
function parseVariants(
    items: (string|VariantSpec)[], name: string): {variants: VariantSpec[], texts: (string|undefined)[]} {
  if (!Array.isArray(items) || items.length === 0)
    throw new Error(`${name} must list at least one activation, but got ${describeValue(items)}.`);
  const variants: VariantSpec[] = [], texts: (string|undefined)[] = [];
  for (const item of items) {
    let activation: string, beta: number|undefined, text: string|undefined;
    if (typeof item === 'string') {
      const [a, b, ...rest] = item.trim().split(':');
      if (rest.length > 0) throw new Error(`${name}: '${item}' is not an activation; write relu, smelu or smelu:β.`);
      activation = a.trim().toLowerCase();
      if (b !== undefined) {
        text = b;
        beta = b.trim() === '' ? NaN : Number(b);
      }
    } else if (item != null && typeof item === 'object') {
      activation = String(item.activation).toLowerCase();
      beta = item.beta;
    } else {
      throw new Error(`${name} entries must be strings or {activation, beta}, but got ${describeValue(item)}.`);
    }
    if (activation !== 'relu' && activation !== 'smelu') {
      throw new Error(
          `${name}: compare makes its variants with swapActivations, which replaces ReLU with SmeLU, so it ` +
          `takes relu (the model as saved) and smelu[:β], but got '${typeof item === 'string' ? item : activation}'.`);
    }
    if (activation === 'relu' && beta !== undefined)
      throw new Error(`${name}: relu takes no β, but got '${String(text ?? beta)}'.`);
    variants.push(beta === undefined ? {activation} : {activation, beta});
    texts.push(text);
  }
  return {variants, texts};
}

/** Adam's learning rate in a compile config's optimizer, and the optimizer as text. */
function compiledOptimizer(trainingConfig: Record<string, unknown>|
                           undefined): {text: string|null, adamLearningRate: number|null} {
  const o = trainingConfig?.['optimizer_config'] as {class_name?: string, config?: Record<string, unknown>} | undefined;
  if (o?.class_name == null) return {text: null, adamLearningRate: null};
  const lr = o.config?.['learning_rate'] ?? o.config?.['learningRate'];
  const rate = typeof lr === 'number' ? lr : null;
  return {
    text: `${o.class_name}${rate != null ? ` (learning rate ${rate})` : ''}`,
    adamLearningRate: o.class_name.toLowerCase() === 'adam' ? rate : null,
  };
}

/** Makes sure tfjs has a backend in this process (the parent only loads and swaps models; cpu is enough). */
async function ensureHostBackend(): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  try {
    if (tf.getBackend() != null) return;
  } catch {
    // No backend registered yet.
  }
  nodeRequire('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
}

/**
 * Checks a comparison and reads its files without training anything or
 * writing anything: the options, the model (one input [batch, features], one
 * output, seedable training noise, something to swap), its compile config
 * (task, loss, output), the CSV data (file, line and column of any bad value)
 * and the output folder. {@link compareActivations} runs it first.
 *
 * ```js
 * // not run: reads files
 * const {prepareComparison} = require('tfjs-smelu-repro/node');
 * const {plan, details} = await prepareComparison({model: 'my-model', data: 'train.csv', label: 'y'});
 * console.log(details.swap.map((s) => `${s.label}: ${s.replaced.length} layer(s) swapped`));
 * ```
 * @throws Error naming the option (as `options.names` spells it), the file, line and column.
 */
export async function prepareComparison(options: CompareOptions): Promise<PreparedComparison> {
  const o = options ?? ({} as CompareOptions);
  const name = (key: keyof CompareOptions) => o.names?.[key] ?? key;
  const existing = (key: 'model'|'data'|'eval') => {
    const v = o[key];
    if (typeof v !== 'string' || v === '')
      throw new Error(`${name(key)} must be a file path, but got ${describeValue(v)}.`);
    if (!fs.existsSync(v.replace(/^file:\/\//, ''))) throw new Error(`${name(key)} '${v}' does not exist.`);
    return path.resolve(v);
  };
  const modelFile = existing('model');
  const trainFile = existing('data');
  if (typeof o.label !== 'string' || o.label.trim() === '')
    throw new Error(`${name('label')} must name the label column, but got ${describeValue(o.label)}.`);
  if (o.eval !== undefined && o.evalFraction !== undefined) {
    throw new Error(`give ${name('eval')} or ${name('evalFraction')}, not both.`);
  }
  const evalFile = o.eval !== undefined ? existing('eval') : null;
  const evalFraction = evalFile == null ? (o.evalFraction ?? COMPARE_DEFAULTS.evalFraction) : null;
  if (evalFraction != null && !(typeof evalFraction === 'number' && evalFraction > 0 && evalFraction < 1)) {
    throw new Error(`${name('evalFraction')} must be a number between 0 and 1 (exclusive), but got ${
        describeValue(o.evalFraction)}.`);
  }
  if (o.features !== undefined &&
      (!Array.isArray(o.features) || o.features.length === 0 ||
       o.features.some((f) => typeof f !== 'string' || f === ''))) {
    throw new Error(`${name('features')} must list column names, but got ${describeValue(o.features)}.`);
  }
  if (o.positive !== undefined && (typeof o.positive !== 'string' || o.positive.trim() === '')) {
    throw new Error(`${name('positive')} must be the positive class's label, but got ${describeValue(o.positive)}.`);
  }
  if (o.classes !== undefined &&
      (!Array.isArray(o.classes) || o.classes.length === 0 || o.classes.some((c) => typeof c !== 'string'))) {
    throw new Error(`${name('classes')} must list the class labels, but got ${describeValue(o.classes)}.`);
  }
  if (o.positive !== undefined && o.classes !== undefined) {
    throw new Error(`give ${name('positive')} (binary task) or ${name('classes')} (multiclass task), not both.`);
  }
  if (o.task !== undefined && !OUTPUT_KINDS.includes(o.task)) {
    throw new Error(`${name('task')} must be one of ${OUTPUT_KINDS.join(', ')}, but got ${describeValue(o.task)}.`);
  }
  for (const key of ['fromWeights', 'standardize'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean')
      throw new Error(`${name(key)} must be true or false, but got ${describeValue(o[key])}.`);
  }
  if (o.fromWeights === true && o.init === 'different') {
    throw new Error(`${name('init')} different has no effect with ${
        name('fromWeights')}: every replica starts from the saved weights.`);
  }
  if (o.jobs !== undefined) validateJobs(o.jobs, name('jobs'));
  if (o.backend !== undefined && !BACKEND_CHOICES.includes(o.backend)) {
    throw new Error(
        `${name('backend')} must be one of ${BACKEND_CHOICES.join(', ')}, but got ${describeValue(o.backend)}.`);
  }
  if (o.out !== undefined && (typeof o.out !== 'string' || o.out === '')) {
    throw new Error(`${name('out')} must be a folder path, but got ${describeValue(o.out)}.`);
  }
  // The output folder first: a folder that may not be written is refused before any file is read.
  if (o.out !== undefined) assertWritableOutputDir(o.out, name('out'));
  const {variants, texts} = parseVariants(o.activations ?? COMPARE_DEFAULTS.activations, name('activations'));

  await ensureHostBackend();
  const loaded = await loadSavedModel(modelFile);
  let model = loaded.model;
  try {
    const where = `the model '${o.model}'`;
    const facts = inspectSavedModel(model, where);
    const dropout = checkTrainingNoise(model, where);
    const resolved = resolveTask(facts, loaded.trainingConfig, o.task, where, name('task'));
    const metrics = compareMetrics(loaded.trainingConfig, resolved.task);
    const optimizer = compiledOptimizer(loaded.trainingConfig);
    const seed = o.seed ?? COMPARE_DEFAULTS.seed;
    const config: ExperimentConfig = {
      variants,
      replicas: o.replicas ?? COMPARE_DEFAULTS.replicas,
      epochs: o.epochs ?? COMPARE_DEFAULTS.epochs,
      batchSize: o.batchSize ?? COMPARE_DEFAULTS.batchSize,
      learningRate: o.learningRate ?? optimizer.adamLearningRate ?? COMPARE_DEFAULTS.learningRate,
      seed,
      regime: {init: o.fromWeights === true ? 'same' : (o.init ?? COMPARE_DEFAULTS.init), order: 'different'},
      shuffle: o.shuffle ?? COMPARE_DEFAULTS.shuffle,
      norm: 'none',
      topK: 1,
      ...(o.bootstrapDraws !== undefined ? {bootstrapDraws: o.bootstrapDraws} : {}),
    };
    const names: SettingNames = {};
    for (const [key, setting] of [
             ['replicas', 'replicas'], ['epochs', 'epochs'], ['batchSize', 'batchSize'],
             ['learningRate', 'learningRate'], ['seed', 'seed'], ['bootstrapDraws', 'bootstrapDraws'],
             ['shuffle', 'shuffle'], ['init', 'init']] as const) {
      names[setting] = {name: name(key)};
    }
    variants.forEach((_, i) => {
      if (texts[i] !== undefined) names[`beta:${i}`] = {name: `β in ${name('activations')}`, text: texts[i]};
    });
    // Planned before the data is read: the number of workers, each holding the data, bounds how much of it fits.
    const plan = planExperiment(config, names);
    const dataSpec: CompareDataSpec = {
      train: trainFile,
      eval: evalFile,
      evalFraction,
      seed: Number.isInteger(seed) ? seed : 0,
      label: o.label,
      features: o.features ?? null,
      task: resolved.task,
      numClasses: resolved.numClasses,
      standardize: o.standardize ?? false,
      positive: o.positive ?? null,
      classes: o.classes ?? null,
      names: {
        label: name('label'),
        features: name('features'),
        evalFraction: name('evalFraction'),
        positive: name('positive'),
        classes: name('classes')
      },
    };
    const workers = Math.min(o.jobs ?? defaultJobs(), plan.tasks.length);
    const data = await readCompareData(dataSpec, {
      // The model's input width is checked against the feature columns before any value is read.
      onHeader: (features) => {
        if (features.length !== facts.inputWidth) {
          throw new Error(
              `the model '${o.model}' takes ${facts.inputWidth} input features, but ${
                  features.length.toLocaleString('en-US')} ` +
              `feature column(s) of '${trainFile}' are selected (${boundedList(features, 80, '')})` +
              `${
                  o.features == null ?
                      `: every column but the label; choose ${facts.inputWidth} with ${name('features')}` :
                      ''}.`);
        }
      },
      limit: dataMemoryLimit(workers, name('jobs')),
    });
    if (resolved.task === 'regression') {
      try {
        regressionScale(data.arrays.evalY);
      } catch {
        throw new Error(
            `the eval labels ('${o.label}') are all 0: the relative PD of a regression divides by their mean |y|.`);
      }
    }
    const warnings: string[] = [];
    const scaleWarning =
        dataSpec.standardize ? null : featureScaleWarning(data.features, data.featureRms, name('standardize'));
    if (scaleWarning != null) warnings.push(scaleWarning);
    const baseline =
        baselineEvalLoss(resolved.loss, resolved.task, data.arrays.trainY, data.arrays.evalY, resolved.numClasses);

    const betas = plan.variants.filter((v) => v.activation === 'smelu').map((v) => v.beta!);
    const start = o.fromWeights === true ? 'saved weights' as const: 'initializers' as const;
    const description = `saved model ${path.basename(path.dirname(loaded.path))}/${path.basename(loaded.path)} ` +
        `(${facts.className}, ${facts.layers} layers, ${facts.parameters.toLocaleString('en-US')} parameters) on ` +
        `${path.basename(trainFile)}, label '${o.label}' (${resolved.task}; ${resolved.loss.name})`;
    const source = `${trainFile} (${data.numTrain} training rows)` +
        (evalFile != null ? `; eval ${evalFile} (${data.numEval} rows)` :
                            `; eval: ${data.numEval} rows held out (${evalFraction} of the file, seed ${seed})`);
    const settings = {
      label: o.label,
      features: data.features,
      task: resolved.task,
      loss: resolved.loss.name,
      outputMode: resolved.outputMode,
      start,
      standardize: dataSpec.standardize,
      evalFraction,
      ...(data.labelNames != null ? {labels: data.labelNames} : {}),
    };
    const specOptions: Omit<SavedModelSpecOptions, 'arrays'> =
        {model: loaded.path, resolved, start, betas, description, source, settings};

    // The variants, made here once: a model without anything to swap fails now, and the swap report is known.
    const owned = model;
    model =
        null as unknown as typeof model;  // savedModelWorkload owns (and disposes) it from here, even when it throws
    // Only the swap reports are needed here: the workload gets one row of each split, not the data, as tensors.
    const F = data.arrays.numFeatures;
    const oneRow: TabularArrays = {
      numFeatures: F,
      trainX: data.arrays.trainX.slice(0, F),
      trainY: data.arrays.trainY.slice(0, 1),
      evalX: data.arrays.evalX.slice(0, F),
      evalY: data.arrays.evalY.slice(0, 1)
    };
    const workload =
        await savedModelWorkload(owned, oneRow, {...resolved, start, betas, description, source, settings});
    let swap;
    try {
      swap = variantSwapReports(workload, plan.variants);
    } finally {
      workload.dispose();
    }
    const notes = [
      'ReLU is the model as saved; each SmeLU variant is swapActivations(model, {beta}) (plain ReLU activations replaced; ' +
          'capped or leaky ReLUs and other activations left as they are, see the swap report).',
      start === 'initializers' ?
          `Every replica is re-initialized from its layers' own initializer configs, seeded (init ${
              config.regime.init}: ` +
              `${
                  config.regime.init === 'same' ?
                      'every replica, and every variant, starts from the same weights' :
                      'one init seed per replica; replica r of every variant shares it'}).` :
          'Every replica starts from the saved weights.',
      `Training: the toolkit's seeded trainer, Adam with learning rate ${config.learningRate}` +
          `${o.learningRate === undefined && optimizer.adamLearningRate != null ? ' (the compile config\'s)' : ''}` +
          `${
              optimizer.text != null && optimizer.adamLearningRate == null ?
                  `; the compile config's optimizer ${optimizer.text} is not used` :
                  ''}.`,
      resolved.loss.source === 'compile config' ?
          `Loss: the compile config's '${resolved.loss.identifier}'.` :
          `Loss: ${resolved.loss.name} (the model has no compile config, so it is derived from the ${
              resolved.task} task).`,
    ];
    if (resolved.task === 'regression') {
      notes.push(
          'Regression: relative PD = mean |p₁ − p₂| / s, with s the eval labels\' mean |y| (see the definitions).');
    }
    if (metrics.ignored.length > 0)
      notes.push(`Compile-config metrics not computed by compare: ${metrics.ignored.join(', ')}.`);
    if (data.constantFeatures.length > 0)
      notes.push(
          `Constant in the training split (centred, not scaled): ${boundedList(data.constantFeatures, 200, '')}.`);
    if (data.labelNames != null) {
      notes.push(`Labels: ${data.labelNames.map((l, i) => `'${l}' → ${i}`).join(', ')} (${
          o.positive !== undefined ? name('positive') : name('classes')}).`);
    }
    for (const w of warnings) notes.push(`Warning: ${w}`);
    if (dropout.length > 0) {
      notes.push(
          `Dropout (${dropout.join(', ')}): a fresh mask on every training call, drawn from the replica's order seed.`);
    }

    const details: CompareDetails = {
      model: {path: loaded.path, ...facts},
      start,
      task: resolved.task,
      taskSource: resolved.taskSource,
      loss: resolved.loss,
      outputMode: resolved.outputMode,
      metrics,
      compiledOptimizer: optimizer.text,
      data: {
        train: trainFile,
        eval: evalFile,
        evalFraction,
        label: o.label,
        features: data.features,
        numTrain: data.numTrain,
        numEval: data.numEval,
        standardized: dataSpec.standardize,
        ...(data.trainClassCounts != null ? {trainClassCounts: data.trainClassCounts} : {}),
        ...(data.labelNames != null ? {labelNames: data.labelNames} : {}),
      },
      swap,
      notes,
      warnings,
      baseline,
    };
    return {
      plan,
      details,
      jobs: o.jobs,
      backend: o.backend ?? 'auto',
      out: o.out ?? null,
      arrays: data.arrays,
      spec: {kind: 'saved-model', options: specOptions as unknown as Record<string, unknown>},
    };
  } finally {
    model?.dispose();
  }
}

/**
 * How much float32 data a run may read: each worker holds the data (read
 * from the run's data file, then as tensors: about twice its size while it
 * loads), and this process about twice while reading and once while the
 * workers run. Measured against the memory the system has available now
 * (and a cgroup limit, if any), less 300 MB of headroom.
 */
function dataMemoryLimit(workers: number, jobsName: string): TabularDataLimit {
  const constrained = (process as {constrainedMemory?: () => number | undefined}).constrainedMemory?.();
  const available = Math.min(
      os.freemem(),
      constrained != null && constrained > 0 && constrained < Number.MAX_SAFE_INTEGER ?
          constrained - process.memoryUsage().rss :
          Infinity);
  const copies = 1 + 2 * workers;
  const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;
  return {
    maxBytes: Math.max(0, (available - 300e6) / copies),
    explain: (bytes) => `with ${workers} worker(s), each holding the data, the run needs about ${copies}× that, ` +
        `${gb(bytes * copies + 300e6)}, but ${gb(available)} of memory is available. ` +
        `Use fewer ${jobsName}, a sample of the rows, or fewer feature columns.`,
  };
}

/**
 * The compile config's metrics (or the task's) per variant, over replicas,
 * computed from the replicas' eval outputs (float64): accuracy (threshold 0.5
 * or top class), AUC, MSE, RMSE, MAE and R² of the predictions.
 */
export function computeCompareMetrics(
    names: string[], info: WorkloadInfo, plan: ExperimentPlan,
    outputs: ReplicaOutput[]): Record<string, PairwiseStats>[] {
  return plan.variants.map((_, v) => {
    const reps = outputs.filter((out) => out.task.variant === v).sort((a, b) => a.task.replica - b.task.replica);
    return Object.fromEntries(names.map(
        (m) =>
            [m,
             summarize(reps.map(
                 (r) => qualityMetric(m as QualityMetric, r.probabilities, info.evalLabels, info.numClasses)))]));
  });
}

/**
 * Measures what SmeLU does to the reproducibility of a saved Layers model on
 * CSV data: {@link prepareComparison} (every check, nothing written), then
 * the replicas of every variant in parallel worker processes (bit-identical
 * to `jobs: 1`), aggregated by the demo's engine (PD metrics, 95 % bootstrap
 * intervals, verdict), with the compile config's metrics and the per-layer
 * swap report in `result.compare`; with `out`, the report folder
 * (results.json, report.html, table.md, plots), written whole or not at all.
 *
 * ```js
 * // not run: trains models in worker processes
 * const {compareActivations} = require('tfjs-smelu-repro/node');
 * const {result} = await compareActivations({
 *   model: 'my-model/model.json', data: 'train.csv', label: 'target', standardize: true,
 *   activations: ['relu', 'smelu:1', 'smelu:2'], replicas: 4, epochs: 20, out: 'compare-output',
 * });
 * console.log(result.verdict.join('\n'));
 * ```
 * @throws Error as {@link prepareComparison}, or a worker's error (no report is written then).
 */
export async function compareActivations(options: CompareOptions):
    Promise<{result: CompareResult, outputs: ReplicaOutput[], files: WrittenReport | null}> {
  const prepared = await prepareComparison(options);
  return runPreparedComparison(prepared, options);
}

/**
 * Runs a {@link PreparedComparison} (the second half of {@link compareActivations}).
 *
 * ```js
 * // not run: trains models in worker processes
 * const prepared = await prepareComparison(options);
 * const {result} = await runPreparedComparison(prepared, options);
 * ```
 */
export async function runPreparedComparison(
    prepared: PreparedComparison, options: Pick<CompareOptions, 'hooks'|'workerScript'|'details'|'names'> = {}):
    Promise<{result: CompareResult, outputs: ReplicaOutput[], files: WrittenReport | null}> {
  const started = new Date();
  const run = await runComparisonJobs(prepared, prepared.plan.tasks.map((task) => ({plan: 0, task})), options);
  return finishComparison(
      prepared, run.info, run.outputs, {
        backend: run.backend,
        startedAt: started,
        seconds: (Date.now() - started.getTime()) / 1000,
        details: {workers: run.workers, threadsPerWorker: 1, ...options.details},
      },
      options.names);
}

/**
 * Runs some of a prepared comparison's replica jobs (all of them, or one shard's; see experiment/jobs.ts) in
 * worker processes, which read the data from one binary file in a temporary folder of this run, removed when the
 * run ends.
 */
export function runComparisonJobs(
    prepared: PreparedComparison, jobs: ReplicaJob[],
    options: Pick<CompareOptions, 'hooks'|'workerScript'|'names'> = {}): Promise<JobRunOutput> {
  return withRunDataFile(
      prepared.arrays,
      (arrays) =>
          runJobsInWorkers({...prepared.spec, options: {...prepared.spec.options, arrays}}, [prepared.plan], jobs, {
            ...(prepared.jobs !== undefined ? {jobs: prepared.jobs} : {}),
            backend: prepared.backend,
            hooks: options.hooks ?? {},
            jobsName: options.names?.jobs ?? 'jobs',
            ...(options.workerScript !== undefined ? {workerScript: options.workerScript} : {}),
          }));
}

/**
 * A comparison's results from every replica's outputs (in task order): the experiment aggregated, the compile
 * config's metrics, the learning check and the verdict, and the report folder when `prepared.out` is set. The
 * second half of {@link runPreparedComparison}, and what merge does with the outputs of a comparison's shards.
 */
export async function finishComparison(
    prepared: Pick<PreparedComparison, 'plan'|'details'|'out'>, info: WorkloadInfo, outputs: ReplicaOutput[],
    run: {backend: string, startedAt: Date, seconds: number, details: Record<string, unknown>},
    names?: Partial<Record<keyof CompareOptions, string>>):
    Promise<{result: CompareResult, outputs: ReplicaOutput[], files: WrittenReport | null}> {
  const experiment = aggregateExperiment(info, prepared.plan, outputs, run);
  const metrics = computeCompareMetrics(prepared.details.metrics.names, info, prepared.plan, outputs);
  experiment.variants.forEach((v, i) => {
    v.metrics = metrics[i];
  });
  const {details, plan} = prepared;
  const learning = checkLearning(details.baseline, experiment, plan, outputs);
  const flag = (key: keyof CompareOptions) => names?.[key] ?? key;
  const advice = [
    ...(details.data.standardized ? [] : [`standardizing the features (${flag('standardize')})`]),
    `a learning rate below ${plan.config.learningRate} (${flag('learningRate')})`,
    `more epochs than ${plan.config.epochs} (${flag('epochs')})`,
  ].join(', ');
  experiment.verdict = learningVerdict(experiment, learning, details.baseline, advice);
  const result: CompareResult = Object.assign(experiment, {compare: {...details, learning}});
  const files = prepared.out == null ?
      null :
      await writeReport(result, prepared.out, {name: names?.out, extras: compareReportExtras(result)});
  return {result, outputs, files};
}
