/**
 * The experiment: for each activation variant, train N seeded replicas on a
 * workload, evaluate them on the held-out split, and measure how much their
 * predictions differ, pair by pair, with bootstrap intervals on every ratio
 * to ReLU.
 *
 * It is built from three steps that also run apart, so that replicas can be
 * trained in other threads or processes (the Node runner in
 * `tfjs-smelu-repro/node` does) with results bit-identical to a run here:
 * {@link planExperiment} (validate once, list the replica tasks),
 * {@link trainReplica} (one task → plain arrays), and
 * {@link aggregateExperiment} (arrays → results, on the host, no tensors).
 *
 * Replicas can form independent init groups (`groups`): each group has its
 * own shared initialization and base order, derived from the base seed
 * (replicaGroupSeeds in trainer.ts), and PD is measured between replicas of
 * the same group. With one group (the default) every run is what it was
 * before groups existed, seed for seed.
 */
import {getBackend, reshape, Tensor, tidy} from '@tensorflow/tfjs-core';

import {getActivation} from '../activations/registry';
import {
  bootstrapIntervals, bootstrapPlan, blockSums, BlockSums, DEFAULT_BOOTSTRAP_BLOCKS, exampleBlocks, groupBootstrapPlan,
  Interval, MeanIntervals, RatioIntervals, replicaPairs,
} from '../intervals/bootstrap';
import type {CompareDetails} from '../compare/types';
import {
  argMaxAt, examplePD, OutputKind, PD_METRIC_LABELS, PDMetric, pdMetricsFor, regressionExamplePD, regressionScale,
} from '../metrics/example_pd';
import {GroupMeans, groupMeans, groupTIntervals, INTERVAL_METHODS, IntervalMethod} from '../intervals/group_t';
import {PairwiseStats, rocAuc, summarize} from '../metrics/tensor_pd';
import {deriveSeed} from '../training/random';
import {replicaGroupSeeds, ReplicaRegime, SeededTrainer, ShuffleMode, validateShuffleMode} from '../training/trainer';
import {NORM_MODES, NORM_PLACEMENTS, NormMode, NormPlacement, Workload} from '../workloads/workload';
import {describeValue} from '../../../src/validate';
import {comparisonVerdict, Comparison, overallVerdict} from './verdict';

/** One activation at one β. */
export interface VariantSpec {
  activation: string;
  /** β; omit for the activation's default (or for activations without β). */
  beta?: number;
}

/** Settings of {@link runExperiment}. */
export interface ExperimentConfig {
  variants: VariantSpec[];
  /** Replicas per variant, ≥ 2; with several init groups, replicas per variant in each group. */
  replicas: number;
  /**
   * Independent init groups per variant (default 1), each of `replicas` replicas with its own
   * shared initialization (under `init: 'same'`) and its own base order, all derived from `seed`;
   * PD is measured between replicas of the same group. Group g of every variant shares its seeds.
   */
  groups?: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Base seed; every replica's seeds and the bootstrap's derive from it. */
  seed: number;
  regime: ReplicaRegime;
  shuffle: ShuffleMode;
  norm: NormMode;
  /** Where `norm` sits: before (default) or after the activation. */
  normPlacement?: NormPlacement;
  /** k of the top-k swap rate (recommender workloads). */
  topK: number;
  /** Bootstrap draws of the confidence intervals (default 2000). */
  bootstrapDraws?: number;
  /**
   * How the 95 % intervals that the verdict reads are computed (default `bootstrap`);
   * `group-bootstrap` and `group-t` need `groups` ≥ 2. See {@link IntervalMethod}.
   */
  interval?: IntervalMethod;
}

/**
 * How settings are named in error messages: e.g. `{replicas: {name: '--replicas', text: '1'}}`
 * makes a bad replica count read "--replicas must be an integer ≥ 2, but got '1'". Keys are
 * the config's keys, `init`/`order` for the regime, and `beta:<i>` for variant i's β.
 */
export type SettingNames = Partial<Record<string, {name: string, text?: string}>>;

/** A variant with its β resolved and its display label. */
export interface PlannedVariant {
  activation: string;
  /** The β used (the activation's default when none was given); null without β. */
  beta: number|null;
  label: string;
}

/** One replica to train: variant `variant`'s replica number `replica`. */
export interface ReplicaTask {
  /** Position in {@link ExperimentPlan.tasks}. */
  id: number;
  variant: number;
  /** 0..groups·replicas − 1, group by group. */
  replica: number;
  /** The init group, 0..groups − 1. */
  group: number;
  initSeed: number;
  orderSeed: number;
  /** Seeds the group's base order (the trainer's `dataSeed`). */
  dataSeed: number;
}

/** A validated configuration and its replica tasks (plain data: it can be sent to a worker). */
export interface ExperimentPlan {
  config: ExperimentConfig & {normPlacement: NormPlacement, bootstrapDraws: number, groups: number, interval: IntervalMethod};
  variants: PlannedVariant[];
  /** Every replica of every variant, variant by variant. */
  tasks: ReplicaTask[];
}

/** What one trained replica produced on the eval split (plain arrays). */
export interface ReplicaOutput {
  task: ReplicaTask;
  /** [n] P(y = 1) (binary), [n × classes] class probabilities, row-major, or [n] predictions (regression). */
  probabilities: Float32Array;
  /** [n] eval loss of each example. */
  exampleLosses: Float32Array;
  /** Recommenders: [users × candidates] scores. */
  ranking?: Float32Array;
  /** Mean of `exampleLosses` (float64). */
  evalLoss: number;
  /** Wall time of training and evaluating this replica. */
  seconds: number;
}

/** What the aggregation needs to know about a workload (plain data). */
export interface WorkloadInfo {
  name: string;
  description: string;
  source: string;
  kind: OutputKind;
  /** 1 for binary and regression outputs. */
  numClasses: number;
  numTrain: number;
  numEval: number;
  /** 0/1 (binary), class ids, or targets (regression) of the eval examples. */
  evalLabels: Float32Array|Int32Array;
  ranking?: {users: number, candidates: number};
  /** Training batches of one replica. */
  batchesPerReplica: number;
  settings?: Record<string, unknown>;
}

/** One variant's intervals by one method (see {@link IntervalMethod}). */
export interface VariantIntervals {
  /** Mean PD per metric and mean eval loss, with their intervals. */
  means: MeanIntervals;
  /** PD ratios per metric and the eval-loss change to ReLU, with their intervals (null for ReLU or without it). */
  vsRelu: RatioIntervals|null;
}

/**
 * Results of one variant. Statistics over replicas (loss, AUC, accuracy) or over replica pairs (PD); the
 * pairs and replicas are in {@link ExperimentResult.layout} order.
 */
export interface VariantResult {
  activation: string;
  label: string;
  beta: number|null;
  evalLoss: PairwiseStats;
  /** Binary workloads. */
  auc?: PairwiseStats;
  /** Top-1 accuracy (classifiers; absent for regression). */
  accuracy?: PairwiseStats;
  /** Regression: coefficient of determination R² = 1 − SSE/SST on the eval split. */
  r2?: PairwiseStats;
  /** `compare` runs: the metrics of the model's compile config (or the task's defaults), over replicas. */
  metrics?: Record<string, PairwiseStats>;
  relativePD: PairwiseStats;
  absolutePD: PairwiseStats;
  /** Classifiers: share of eval examples whose top class differs (absent for regression). */
  top1Disagreement?: PairwiseStats;
  /** Multiclass workloads. */
  halfL1?: PairwiseStats;
  /** Multiclass workloads: relative PD of the probability of the example's true class. */
  trueClassRelativePD?: PairwiseStats;
  /** Recommender workloads. */
  topKSwap?: PairwiseStats;
  /** The headline PD metric ({@link ExperimentResult.primaryMetric}): mean over pairs with its bootstrap interval. */
  pd: Interval;
  /** Mean eval loss with its bootstrap interval. */
  loss: Interval;
  /** 100·(loss − ReLU's loss)/ReLU's loss, when ReLU is in the run. */
  lossChangeVsReluPct: number|null;
  /** relative PD / ReLU's relative PD, when ReLU is in the run. */
  relativePDRatioVsRelu: number|null;
  /** Against ReLU (when ReLU is in the run): ratios with intervals and the verdict. */
  vsRelu: Comparison|null;
  /**
   * Each init group's mean of every PD metric (top-k swap included) and of the eval loss: what a
   * post-hoc study of the intervals needs, next to the per-pair and per-replica values above.
   */
  groupMeans: GroupMeans;
  /** The intervals of every method that applies (the group methods need 2 groups or more). */
  intervals: Partial<Record<IntervalMethod, VariantIntervals>>;
  /** Training and evaluation time of the replicas, added up (seconds). */
  seconds: number;
}

/** Everything {@link runExperiment} measured, as written to results.json. */
export interface ExperimentResult {
  workload: {name: string, description: string, source: string, kind: OutputKind, settings?: Record<string, unknown>};
  config: ExperimentPlan['config'];
  /** The PD metric the ratios, the plot and the verdict use. */
  primaryMetric: PDMetric;
  backend: string;
  startedAt: string;
  seconds: number;
  /** The bootstrap's settings, and what the intervals the verdict reads resampled. */
  bootstrap: {draws: number, blocks: number, level: number, seed: number, resampled: string};
  /** Which interval method the verdict reads (of those in {@link VariantResult.intervals}). */
  interval: {method: IntervalMethod, level: number};
  /**
   * The replicas of each variant: `groups` init groups of `replicasPerGroup` consecutive replicas;
   * `pairs` lists the replica pairs whose PD is measured (within groups), in the order of every
   * per-pair value.
   */
  layout: {groups: number, replicasPerGroup: number, pairs: [number, number][]};
  variants: VariantResult[];
  /** One sentence per activation against ReLU, from the intervals. */
  verdict: string[];
  /** Regression workloads: s, the denominator of the relative PD (the eval labels' mean |y|; see regressionExamplePD). */
  regression?: {scale: number};
  /** `compare` runs: the saved model, the data, the loss and the per-layer activation swap. */
  compare?: CompareDetails;
  /** How the run was executed (not part of the measurement: results do not depend on it). */
  run?: Record<string, unknown>;
}

/** Progress callbacks of {@link runExperiment}. */
export interface ExperimentHooks {
  /** Called before a replica starts training, with the number of batches it will run. */
  onReplicaStart?: (variant: PlannedVariant, replica: number, batchesTotal: number) => void;
  /** Called after each training batch of the current replica. */
  onBatch?: (batchesDone: number, batchesTotal: number) => void;
  /** Called when a replica has finished training, with its eval loss. */
  onReplicaEnd?: (variant: PlannedVariant, replica: number, evalLoss: number) => void;
}

/**
 * Bootstrap draws when the config gives none.
 *
 * ```js
 * console.log(tfSmeluRepro.DEFAULT_BOOTSTRAP_DRAWS);  // 2000
 * ```
 */
export const DEFAULT_BOOTSTRAP_DRAWS = 2000;

/**
 * Checks a configuration; throws a clear error naming the bad setting (with
 * the names given in `names`, e.g. command-line flags).
 *
 * ```js
 * // not run: a fragment; `config` is yours
 * tfSmeluRepro.validateExperimentConfig({...config, replicas: 1});  // throws: replicas must be an integer ≥ 2
 * ```
 * @throws Error naming the first bad setting and its value.
 */
export function validateExperimentConfig(config: ExperimentConfig, names: SettingNames = {}): void {
  const label = (key: string) => names[key]?.name ?? key;
  const shown = (key: string, v: unknown) => (names[key]?.text != null ? `'${names[key]!.text}'` : describeValue(v));
  const intAtLeast = (key: keyof ExperimentConfig, min: number, what = key as string) => {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new Error(`${names[key]?.name ?? what} must be an integer ≥ ${min}, but got ${shown(key, v)}.`);
    }
  };
  const oneOf = (key: string, v: unknown, allowed: readonly string[]) => {
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw new Error(`${label(key)} must be one of ${allowed.join(', ')}, but got ${shown(key, v)}.`);
    }
  };
  intAtLeast('replicas', 2);
  if (config.groups !== undefined) intAtLeast('groups', 1);
  intAtLeast('epochs', 1);
  intAtLeast('batchSize', 1, 'batch size');
  intAtLeast('topK', 1, 'top-k');
  if (config.bootstrapDraws !== undefined) intAtLeast('bootstrapDraws', 1, 'bootstrap draws');
  if (typeof config.learningRate !== 'number' || !(config.learningRate > 0 && Number.isFinite(config.learningRate))) {
    throw new Error(`${names.learningRate?.name ?? 'learning rate'} must be a finite number > 0, but got ${shown('learningRate', config.learningRate)}.`);
  }
  intAtLeast('seed', 0);
  validateShuffleMode(config.shuffle, label('shuffle'), names.shuffle?.text);
  if (config.interval !== undefined) oneOf('interval', config.interval, INTERVAL_METHODS);
  if (config.interval != null && config.interval !== 'bootstrap' && (config.groups ?? 1) < 2) {
    throw new Error(`${label('interval')} ${config.interval} needs ${label('groups')} ≥ 2 (independent init groups), ` +
        `but got ${label('groups')} ${config.groups ?? '1 (the default)'}.`);
  }
  oneOf('norm', config.norm, NORM_MODES);
  if (config.normPlacement !== undefined) oneOf('normPlacement', config.normPlacement, NORM_PLACEMENTS);
  if (config.regime == null || typeof config.regime !== 'object') throw new Error(`regime must be {init, order}, but got ${describeValue(config.regime)}.`);
  for (const k of ['init', 'order'] as const) oneOf(k, config.regime[k], ['same', 'different']);
  if (!Array.isArray(config.variants) || config.variants.length === 0) throw new Error('at least one activation is needed.');
  config.variants.forEach((v, i) => {
    const spec = getActivation(v.activation);
    if (v.beta !== undefined) {
      if (spec.beta == null) throw new Error(`activation '${v.activation}' takes no β, but got β = ${v.beta}.`);
      if (typeof v.beta !== 'number' || !Number.isFinite(v.beta) || v.beta <= 0) {
        throw new Error(`${names[`beta:${i}`]?.name ?? `β of activation '${v.activation}'`} must be a finite number > 0, ` +
            `but got ${shown(`beta:${i}`, v.beta)}.`);
      }
    }
  });
}

/**
 * Validates a configuration (once) and lists its replica tasks. The plan is
 * plain data: {@link runExperiment} and the Node worker runner take it as is.
 *
 * ```js
 * const plan = tfSmeluRepro.planExperiment({
 *   variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}], replicas: 2, epochs: 1, batchSize: 32,
 *   learningRate: 1e-3, seed: 1, regime: {init: 'same', order: 'different'}, shuffle: 'batch', norm: 'none', topK: 10,
 * });
 * console.log(plan.tasks.length, plan.variants[1].label);  // 4 SmeLU β=1
 * ```
 * @throws Error as {@link validateExperimentConfig}.
 */
export function planExperiment(config: ExperimentConfig, names: SettingNames = {}): ExperimentPlan {
  validateExperimentConfig(config, names);
  const variants = config.variants.map((v) => {
    const spec = getActivation(v.activation);
    const beta = spec.beta == null ? null : (v.beta ?? spec.beta.default);
    return {activation: v.activation, beta, label: beta == null ? spec.label : `${spec.label} β=${beta}`};
  });
  const groups = config.groups ?? 1;
  const seeds = replicaGroupSeeds(groups, config.replicas, config.seed, config.regime);
  const tasks = variants.flatMap((_, variant) => seeds.map((s, replica) => ({
    id: variant * seeds.length + replica, variant, replica, group: s.group, initSeed: s.initSeed, orderSeed: s.orderSeed,
    dataSeed: s.dataSeed,
  })));
  return {
    config: {
      ...config, variants: config.variants.map((v) => ({...v})), regime: {...config.regime},
      normPlacement: config.normPlacement ?? 'before', bootstrapDraws: config.bootstrapDraws ?? DEFAULT_BOOTSTRAP_DRAWS,
      groups, interval: config.interval ?? 'bootstrap',
    },
    variants,
    tasks,
  };
}

/**
 * Describes a loaded workload as plain data for {@link aggregateExperiment}.
 *
 * ```js
 * // not run: a fragment; `workload` and `plan` are yours
 * const info = await tfSmeluRepro.describeWorkload(workload, plan);
 * ```
 */
export async function describeWorkload(workload: Workload, plan: ExperimentPlan): Promise<WorkloadInfo> {
  const labels = await workload.evalLabels.data();
  const numTrain = workload.trainLabels.shape[0];
  return {
    name: workload.name,
    description: workload.description,
    source: workload.source,
    kind: workload.kind,
    numClasses: workload.kind === 'multiclass' ? workload.numClasses : 1,
    numTrain,
    numEval: workload.evalLabels.shape[0],
    evalLabels: workload.evalLabels.dtype === 'int32' ? Int32Array.from(labels) : Float32Array.from(labels),
    ...(workload.ranking != null ? {ranking: {users: workload.ranking.users, candidates: workload.ranking.candidates}} : {}),
    batchesPerReplica: Math.ceil(numTrain / plan.config.batchSize) * plan.config.epochs,
    ...(workload.settings != null ? {settings: workload.settings} : {}),
  };
}

/**
 * Trains and evaluates one replica task on a workload; returns plain arrays.
 * Equal tasks on the same backend give bit-identical outputs.
 *
 * ```js
 * // not run: a fragment; `workload` and `plan` are yours
 * const output = await tfSmeluRepro.trainReplica(workload, plan, plan.tasks[0]);
 * console.log(output.evalLoss);
 * ```
 */
export async function trainReplica(
    workload: Workload, plan: ExperimentPlan, task: ReplicaTask,
    onBatch?: (batchesDone: number, batchesTotal: number) => void): Promise<ReplicaOutput> {
  const started = Date.now();
  const {config} = plan;
  const variant = plan.variants[task.variant];
  const model = workload.buildModel({
    activation: getActivation(variant.activation), beta: variant.beta ?? undefined, initSeed: task.initSeed,
    norm: config.norm, normPlacement: config.normPlacement, orderSeed: task.orderSeed,
  });
  try {
    const trainer = new SeededTrainer(model, workload.trainInputs, workload.trainLabels, {
      epochs: config.epochs, batchSize: config.batchSize, learningRate: config.learningRate,
      shuffle: config.shuffle, orderSeed: task.orderSeed, dataSeed: task.dataSeed,
      loss: (out, y) => workload.loss(out, y), onBatch,
    });
    try {
      while (trainer.trainBatch()) {
        // Let timers (progress displays, messages) run now and then.
        if (trainer.batchesDone % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } finally {
      trainer.dispose();
    }
    const apply = (inputs: Tensor[]) => model.apply(inputs.length === 1 ? inputs[0] : inputs) as Tensor;
    const [probs, losses, ranking] = tidy(() => {
      const logits = apply(workload.evalInputs);
      const out = [workload.probabilities(logits), workload.exampleLosses(logits, workload.evalLabels)];
      if (workload.ranking != null) out.push(reshape(apply(workload.ranking.inputs), [-1]));
      return out;
    });
    const output: ReplicaOutput = {
      task,
      probabilities: Float32Array.from(await probs.data()),
      exampleLosses: Float32Array.from(await losses.data()),
      evalLoss: 0,
      seconds: 0,
    };
    if (ranking != null) output.ranking = Float32Array.from(await ranking.data());
    for (const t of [probs, losses, ranking]) t?.dispose();
    output.evalLoss = output.exampleLosses.reduce((a, b) => a + b, 0) / output.exampleLosses.length;
    output.seconds = (Date.now() - started) / 1000;
    return output;
  } finally {
    model.dispose();
  }
}

/**
 * Turns the replicas' outputs into the results: loss, AUC/accuracy, every PD
 * metric over every pair (within init groups), each group's means, the
 * intervals of every applicable method (bootstrap; with 2 or more groups also
 * the group bootstrap and the t-interval over groups) of each activation's PD
 * and loss and of their ratios to ReLU, and the verdict from the configured
 * method's intervals. Host arithmetic only (float64, no tensors), so where the
 * replicas were trained does not matter.
 *
 * ```js
 * // not run: a fragment; `info`, `plan` and `outputs` come from describeWorkload, planExperiment, trainReplica
 * const result = tfSmeluRepro.aggregateExperiment(info, plan, outputs, {backend: 'cpu', startedAt: new Date(), seconds: 12});
 * ```
 * @throws Error when an output is missing or does not fit the workload.
 */
export function aggregateExperiment(
    info: WorkloadInfo, plan: ExperimentPlan, outputs: ReplicaOutput[],
    run: {backend: string, startedAt: Date, seconds: number, details?: Record<string, unknown>}): ExperimentResult {
  const {config} = plan;
  const G = config.groups ?? 1, perGroup = config.replicas;
  const R = G * perGroup;  // replicas per variant
  const n = info.numEval, C = info.numClasses;
  const byTask = new Map(outputs.map((o) => [o.task.id, o]));
  const replicasOf = (variant: number) => Array.from({length: R}, (_, r) => {
    const o = byTask.get(variant * R + r);
    if (o == null) throw new Error(`aggregateExperiment: no output for ${plan.variants[variant].label} replica ${r + 1}.`);
    if (o.probabilities.length !== n * C || o.exampleLosses.length !== n) {
      throw new Error(`aggregateExperiment: ${plan.variants[variant].label} replica ${r + 1} has ` +
          `${o.probabilities.length} probabilities and ${o.exampleLosses.length} losses for ${n} eval examples × ${C}.`);
    }
    return o;
  });
  const metrics = pdMetricsFor(info.kind);
  const scale = info.kind === 'regression' ? regressionScale(info.evalLabels) : null;
  const pdPerExample = (metric: PDMetric, a: Float32Array, b: Float32Array) => (scale != null ?
    regressionExamplePD(metric, a, b, scale) : examplePD(metric, a, b, C, info.evalLabels));
  const primaryMetric = metrics[0];
  const pairs = replicaPairs(R, G);
  const pairsPerGroup = pairs.length / G;
  const numBlocks = Math.min(DEFAULT_BOOTSTRAP_BLOCKS, n);
  const bootstrapSeed = deriveSeed(config.seed, 'bootstrap');
  const block = exampleBlocks(n, numBlocks, bootstrapSeed);
  const blockSizes = new Int32Array(numBlocks);
  for (const b of block) blockSizes[b]++;
  // The mean of each group's share of per-pair values (every group has as many pairs).
  const perGroupMean = (values: number[]) => Array.from({length: G}, (_, g) =>
    values.slice(g * pairsPerGroup, (g + 1) * pairsPerGroup).reduce((a, b) => a + b, 0) / pairsPerGroup);

  const sums: BlockSums[] = [];
  const sumsGroupMeans: GroupMeans[] = [];
  const partial = plan.variants.map((v, variantIndex) => {
    const reps = replicasOf(variantIndex);
    const pairValues: Record<string, number[]> = {};
    const pd: Record<string, Float64Array> = {};
    for (const metric of metrics) {
      const perPair = new Float64Array(pairs.length * n);
      pairValues[metric] = pairs.map(([r, s], p) => {
        const d = pdPerExample(metric, reps[r].probabilities, reps[s].probabilities);
        perPair.set(d, p * n);
        return d.reduce((a, b) => a + b, 0) / n;
      });
      pd[metric] = blockSums(perPair, pairs.length, block, numBlocks);
    }
    const lossValues = new Float64Array(R * n);
    reps.forEach((o, r) => lossValues.set(o.exampleLosses, r * n));
    const variantSums: BlockSums = {pd, loss: blockSums(lossValues, R, block, numBlocks), groups: G};
    sums.push(variantSums);
    sumsGroupMeans.push(groupMeans(variantSums, blockSizes, R));
    const result: Omit<VariantResult, 'pd'|'loss'|'vsRelu'|'lossChangeVsReluPct'|'relativePDRatioVsRelu'|'intervals'> = {
      activation: v.activation, label: v.label, beta: v.beta,
      evalLoss: summarize(reps.map((o) => o.evalLoss)),
      relativePD: summarize(pairValues.relativePD),
      absolutePD: summarize(pairValues.absolutePD),
      groupMeans: {pd: {...sumsGroupMeans[variantIndex].pd}, loss: sumsGroupMeans[variantIndex].loss},
      seconds: reps.reduce((a, o) => a + o.seconds, 0),
    };
    if (info.kind !== 'regression') {
      result.accuracy = summarize(reps.map((o) => accuracy(o.probabilities, info.evalLabels, C)));
      result.top1Disagreement = summarize(pairValues.top1Disagreement);
    }
    if (info.kind === 'regression') {
      result.r2 = summarize(reps.map((o) => rSquared(o.probabilities, info.evalLabels)));
    } else if (info.kind === 'binary') {
      result.auc = summarize(reps.map((o) => rocAuc(o.probabilities, info.evalLabels)));
    } else {
      result.halfL1 = summarize(pairValues.halfL1);
      result.trueClassRelativePD = summarize(pairValues.trueClassRelativePD);
    }
    if (info.ranking != null) {
      const {users, candidates} = info.ranking;
      const k = Math.min(config.topK, candidates);
      result.topKSwap = summarize(pairs.map(([r, s]) => topKSwapRateHost(reps[r].ranking!, reps[s].ranking!, users, candidates, k)));
      result.groupMeans.pd.topKSwap = perGroupMean(result.topKSwap.values);
    }
    return result;
  });

  const reluIndex = plan.variants.findIndex((v) => v.activation === 'relu');
  const reference = reluIndex >= 0 ? {reference: reluIndex} : {};
  const draws = config.bootstrapDraws;
  const byMethod: Partial<Record<IntervalMethod, {means: MeanIntervals[], ratios: (RatioIntervals|null)[]}>> = {
    'bootstrap': bootstrapIntervals(sums, blockSizes,
        bootstrapPlan({replicas: R, groups: G, blocks: numBlocks, draws, seed: bootstrapSeed}), reference),
  };
  if (G >= 2) {
    byMethod['group-bootstrap'] = bootstrapIntervals(sums, blockSizes,
        groupBootstrapPlan({groups: G, replicasPerGroup: perGroup, blocks: numBlocks, draws, seed: bootstrapSeed}), reference);
    // The per-example metrics only, like the bootstraps (the top-k swap, a per-user metric, has no interval).
    byMethod['group-t'] = groupTIntervals(sumsGroupMeans, reference);
  }
  const method = config.interval ?? 'bootstrap';
  const selected = byMethod[method]!;
  const variants: VariantResult[] = partial.map((p, i) => {
    const ratios = selected.ratios[i];
    const vsRelu = ratios == null || i === reluIndex ? null :
        comparisonVerdict(p.label, primaryMetric, ratios, perGroup, {groups: G, method});
    return {
      ...p,
      pd: selected.means[i].pd[primaryMetric],
      loss: selected.means[i].loss,
      lossChangeVsReluPct: ratios == null ? null : ratios.lossChangePct.estimate,
      relativePDRatioVsRelu: ratios == null ? null : ratios.pdRatio.relativePD.estimate,
      vsRelu,
      intervals: Object.fromEntries(Object.entries(byMethod).map(([m, x]) => [m, {means: x.means[i], vsRelu: x.ratios[i]}])),
    };
  });
  return {
    workload: {name: info.name, description: info.description, source: info.source, kind: info.kind,
      ...(info.settings != null ? {settings: info.settings} : {})},
    config,
    primaryMetric,
    backend: run.backend,
    startedAt: run.startedAt.toISOString(),
    seconds: run.seconds,
    bootstrap: {draws, blocks: numBlocks, level: 0.95, seed: bootstrapSeed, resampled: resampledText(method, G, perGroup)},
    interval: {method, level: 0.95},
    layout: {groups: G, replicasPerGroup: perGroup, pairs},
    variants,
    verdict: overallVerdict(variants, reluIndex >= 0 ? variants[reluIndex] : null, PD_METRIC_LABELS[primaryMetric]),
    ...(scale != null ? {regression: {scale}} : {}),
    ...(run.details != null ? {run: run.details} : {}),
  };
}

/** What the verdict's intervals resampled, in words (results.json's `bootstrap.resampled`, the report, the CLI). */
function resampledText(method: IntervalMethod, groups: number, replicasPerGroup: number): string {
  const blocks = 'eval examples (in fixed random blocks, the same draw for every activation and pair)';
  if (method === 'group-t') {
    return `nothing: a t-interval over the ${groups} init groups' means (${groups - 1} degrees of freedom; ` +
        'ratios: delta method on the log of the ratio of means, paired by group)';
  }
  if (method === 'group-bootstrap') {
    return `init groups (with replacement, each drawn group with all its ${replicasPerGroup} replicas and their pairs, ` +
        `the same draw for every activation) and ${blocks}, jointly in each draw`;
  }
  if (replicasPerGroup < 3) {
    return `eval examples only (in fixed random blocks): with 2 replicas${groups > 1 ? ' per group' : ''} there is a ` +
        `single pair${groups > 1 ? ' in each group' : ''}, so replica-to-replica variation is not covered`;
  }
  return groups > 1 ?
    `replicas within each of the ${groups} init groups (with replacement, the same draw for every activation) and ${blocks}, jointly in each draw` :
    'replicas (with replacement, the same draw for every activation) and eval examples (in fixed random blocks, the same draw for every activation and pair), jointly in each draw';
}

/** 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (float64); NaN when the labels are constant. */
function rSquared(predictions: Float32Array, labels: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < labels.length; i++) mean += labels[i];
  mean /= labels.length;
  let sse = 0, sst = 0;
  for (let i = 0; i < labels.length; i++) {
    sse += (labels[i] - predictions[i]) ** 2;
    sst += (labels[i] - mean) ** 2;
  }
  return sst > 0 ? 1 - sse / sst : NaN;
}

function accuracy(probabilities: Float32Array, labels: ArrayLike<number>, classes: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = classes === 1 ? (probabilities[i] > 0.5 ? 1 : 0) : argMaxAt(probabilities, i * classes, classes);
    if (predicted === labels[i]) correct++;
  }
  return correct / labels.length;
}

/**
 * The top-k swap rate on the host (see `topKSwapRate` in metrics.ts): for each
 * user, the share of one model's top-k candidates missing from the other's
 * (ties go to the lower index, as in tf.topk), averaged over users.
 */
function topKSwapRateHost(s1: Float32Array, s2: Float32Array, users: number, candidates: number, k: number): number {
  let swapped = 0;
  for (let u = 0; u < users; u++) {
    const a = topKIndices(s1, u * candidates, candidates, k), b = new Set(topKIndices(s2, u * candidates, candidates, k));
    let shared = 0;
    for (const c of a) if (b.has(c)) shared++;
    swapped += 1 - shared / k;
  }
  return swapped / users;
}

/** Indices of the k largest of `count` values from `offset`, best first; equal values: lower index first. */
function topKIndices(values: Float32Array, offset: number, count: number, k: number): number[] {
  const best: number[] = [];
  for (let c = 0; c < count; c++) {
    const v = values[offset + c];
    if (best.length === k && !(v > values[offset + best[k - 1]])) continue;
    let i = best.length === k ? k - 1 : best.length;
    while (i > 0 && v > values[offset + best[i - 1]]) i--;
    best.splice(i, 0, c);
    if (best.length > k) best.pop();
  }
  return best;
}

/**
 * Trains `config.replicas` replicas per variant here, one after another, and
 * measures them. `config` may be a plan from {@link planExperiment} (then it
 * is not validated again).
 *
 * ```js
 * // not run: `workload` comes from digitsWorkload or movieLensWorkload; `npm run demo` runs this (in parallel)
 * const result = await tfSmeluRepro.runExperiment(workload, {
 *   variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}],
 *   replicas: 3, epochs: 2, batchSize: 256, learningRate: 2e-3, seed: 1,
 *   regime: {init: 'same', order: 'different'}, shuffle: 'batch', norm: 'none', topK: 10,
 * });
 * console.log(result.verdict.join('\n'));
 * ```
 * @throws Error as {@link validateExperimentConfig}.
 */
export async function runExperiment(
    workload: Workload, config: ExperimentConfig|ExperimentPlan, hooks: ExperimentHooks = {}): Promise<ExperimentResult> {
  const plan = 'tasks' in config ? config : planExperiment(config);
  const started = new Date();
  const info = await describeWorkload(workload, plan);
  const outputs: ReplicaOutput[] = [];
  for (const task of plan.tasks) {
    const variant = plan.variants[task.variant];
    hooks.onReplicaStart?.(variant, task.replica, info.batchesPerReplica);
    const output = await trainReplica(workload, plan, task, hooks.onBatch);
    outputs.push(output);
    hooks.onReplicaEnd?.(variant, task.replica, output.evalLoss);
  }
  return aggregateExperiment(info, plan, outputs, {
    backend: getBackend(), startedAt: started, seconds: (Date.now() - started.getTime()) / 1000,
  });
}
