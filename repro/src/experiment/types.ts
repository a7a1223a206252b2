/**
 * The experiment as data: its settings, its plan (replica tasks), what one
 * replica produces, and what the aggregation writes to results.json. Plain
 * data throughout, so that plans and outputs cross process boundaries.
 */
import type {Interval, MeanIntervals, RatioIntervals} from '../intervals/bootstrap';
import type {GroupMeans} from '../intervals/group_t';
import type {IntervalMethod} from '../intervals/methods';
import type {PairwiseStats} from '../metrics/pairwise_stats';
import type {OutputKind, PDMetric} from '../metrics/registry';
import type {ReplicaRegime} from '../training/seeds';
import type {ShuffleMode} from '../training/shuffle';
import type {NormMode, NormPlacement} from '../workloads/workload';
import type {Comparison, MetricComparison} from './verdict';

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
   * `group-bootstrap`, `group-t` and `group-log-t` need `groups` ≥ 2. See {@link IntervalMethod}.
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
  config: ExperimentConfig&
      {normPlacement: NormPlacement, bootstrapDraws: number, groups: number, interval: IntervalMethod};
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
 * Each PD metric measured (the `PD_METRICS` registry), over replica pairs: the `relativePD`, `halfL1`, … of a variant.
 */
export type PDMetricStats = Partial<Record<PDMetric, PairwiseStats>>;

/**
 * Results of one variant. Statistics over replicas (loss, AUC, accuracy) or over replica pairs (every PD metric
 * measured, as `relativePD`, `halfL1`, `topKSwap`, …); the pairs and replicas are in
 * {@link ExperimentResult.layout} order.
 */
export interface VariantResult extends PDMetricStats {
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
  /** Quality metrics a command adds, over replicas (`compare`: those of the model's compile config). */
  metrics?: Record<string, PairwiseStats>;
  /** The headline PD metric ({@link ExperimentResult.primaryMetric}): mean over pairs with its interval. */
  pd: Interval;
  /** Mean eval loss with its interval. */
  loss: Interval;
  /** 100·(loss − ReLU's loss)/ReLU's loss, when ReLU is in the run. */
  lossChangeVsReluPct: number|null;
  /** relative PD / ReLU's relative PD, when ReLU is in the run. */
  relativePDRatioVsRelu: number|null;
  /** Against ReLU (when ReLU is in the run): the headline metric's ratio with its interval, and the verdict. */
  vsRelu: Comparison|null;
  /**
   * Against ReLU, for the other metrics shown with intervals (the top-k swap rate of a ranking workload): each
   * one's ratio with its interval and its verdict line. Absent when there are none.
   */
  vsReluByMetric?: Partial<Record<PDMetric, MetricComparison>>;
  /**
   * Each init group's mean of every PD metric and of the eval loss: what a post-hoc study of the intervals
   * needs, next to the per-pair and per-replica values above.
   */
  groupMeans: GroupMeans;
  /** The intervals of every method that applies (the group methods need 2 groups or more). */
  intervals: Partial<Record<IntervalMethod, VariantIntervals>>;
  /** Training and evaluation time of the replicas, added up (seconds). */
  seconds: number;
}

/**
 * Everything an experiment measured, as written to results.json. A command adds its own details by extending
 * it (`compare`'s CompareResult adds `compare`); nothing here depends on them.
 */
export interface ExperimentResult {
  workload: {name: string, description: string, source: string, kind: OutputKind, settings?: Record<string, unknown>};
  config: ExperimentPlan['config'];
  /** The PD metric the ratios, the main plot and the verdict use. */
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
  /** One sentence per activation against ReLU, from the intervals (and one per other metric shown with intervals). */
  verdict: string[];
  /** Regression workloads: s, the denominator of the relative PD (the eval labels' mean |y|). */
  regression?: {scale: number};
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
