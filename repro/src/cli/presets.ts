/**
 * The demo's presets, as data: each is a set of settings applied over the
 * dataset's defaults; flags given with a preset override it.
 *
 * The default is the shuffling dial in the source's regime (Shamir & Lin,
 * Google Research 2022: smooth activations help reproducibility "with equal
 * initialization, moderate shuffling of training examples, and normalization
 * of hidden layer outputs"; "very aggressive data shuffling loses this
 * advantage"): one run per shuffle window W, from within a batch through
 * moderate windows to the full reshuffle, each with equal initialization
 * within an init group and layer normalization of each hidden layer's output;
 * ReLU, SmeLU and the linear-tower control. `batch-shuffle` is the single
 * regime that was the default before the dial (fixed batches in a reshuffled
 * order, six activations, 4 replicas).
 */
import type {DialWindow} from '../experiment/dial';
import type {IntervalMethod} from '../intervals/methods';
import type {SeedRegime} from '../training/seeds';
import type {ShuffleMode} from '../training/shuffle';
import type {EmbeddingInit} from '../workloads/scatter_embedding';
import type {NormMode, NormPlacement} from '../workloads/workload';

/** Data sets of the demo. */
export const DATASETS = ['movielens', 'digits', 'fashion-mnist'] as const;
export type DatasetName = typeof DATASETS[number];

/** Everything a demo run is configured by (before flags become an ExperimentConfig and a WorkloadSpec). */
export interface DemoSettings {
  dataset: DatasetName;
  /** Activation names, each optionally `name:β`. */
  activations: string[];
  /** Replicas per activation in each init group. */
  replicas: number;
  /** Independent init groups per activation. */
  groups: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  init: SeedRegime;
  order: SeedRegime;
  shuffle: ShuffleMode;
  norm: NormMode;
  normPlacement: NormPlacement;
  topK: number;
  bootstrapDraws: number;
  /** The interval method the verdict reads (undefined: the experiment's default for the layout). */
  interval?: IntervalMethod;
  /**
   * The shuffling dial: one run per window (`window:W`, `full` = every example reshuffled), in
   * place of `shuffle`; null for a single regime. Undefined windows with `dial` on: the
   * default windows for the batch size (defaultDialWindows).
   */
  dial: boolean;
  windows?: DialWindow[];
  /** Every β of each activation's sweep. */
  sweep: boolean;
  /** Workload options (undefined: the workload's own default). */
  hidden?: number[];
  embeddingDim?: number;
  genres?: boolean;
  embeddingInit?: EmbeddingInit;
  /** Seed of the train/eval split (movielens, digits; the workload's default 0 when undefined). */
  splitSeed?: number;
  maxRatings?: number;
  rankingCandidates?: number;
  maxTrain?: number;
  maxEval?: number;
}

/** The activations of a default run: ReLU, SmeLU (β = 1) and the linear-tower control. */
export const DEFAULT_ACTIVATIONS = ['relu', 'smelu', 'linear'];

/** The activations of the single-regime presets: the smooth ones, ReLU, and the linear-tower control. */
export const ALL_ACTIVATIONS = ['relu', 'smelu', 'gelu', 'swish', 'softplus', 'linear'];

/**
 * The source's regime, shared by every dataset's defaults: the dial, with 4 init groups of 2
 * replicas per activation and window (PD pairs within a group; the verdict's intervals are
 * over the groups).
 */
const REGIME: Omit<DemoSettings, 'dataset'|'epochs'|'batchSize'|'learningRate'> = {
  activations: DEFAULT_ACTIVATIONS,
  replicas: 2,
  groups: 4,
  seed: 1,
  init: 'same',
  order: 'different',
  shuffle: 'batch',
  norm: 'layer',
  normPlacement: 'after',
  topK: 10,
  bootstrapDraws: 2000,
  sweep: false,
  dial: true,
};

/** The single regime that was the default before the dial (`--preset batch-shuffle`). */
const BATCH_SHUFFLE: Partial<DemoSettings> = {
  activations: ALL_ACTIVATIONS,
  replicas: 4,
  groups: 1,
  shuffle: 'batch',
  dial: false
};

/**
 * Each dataset's default settings.
 *
 * MovieLens: the demo's workload (ids + genres, MLP 64-32, Adam 2e-3, batch 256), 1 epoch: the dial's 4 windows × 3
 * activations × 8 replicas (96 replica-epochs at about 3.1 s of CPU each on an idle 2-core machine) fit the demo's
 * 180 s budget only with one epoch (the single-regime presets keep 2 or 3). Fashion-MNIST: an MLP 128-64 on the 60,000
 * training images, 3 epochs of Adam 1e-3, batch 128. Digits: MLP 64-64, 20 epochs, batch 32.
 */
export const DATASET_DEFAULTS: Readonly<Record<DatasetName, DemoSettings>> = {
  'movielens': {...REGIME, dataset: 'movielens', epochs: 1, batchSize: 256, learningRate: 2e-3},
  'digits': {...REGIME, dataset: 'digits', epochs: 20, batchSize: 32, learningRate: 2e-3},
  'fashion-mnist': {...REGIME, dataset: 'fashion-mnist', epochs: 3, batchSize: 128, learningRate: 1e-3},
};

/** A preset: one line for `--help`, the datasets it is defined for, and its settings per dataset. */
export interface Preset {
  readonly summary: string;
  readonly datasets: readonly DatasetName[];
  settings(dataset: DatasetName): Partial<DemoSettings>;
}

/**
 * The presets. `reference` is the matched setup of the Keras cross-check (tools/keras_reference): MovieLens from
 * dslabs, target rating ≥ 4, user and movie embeddings of width 16 initialized N(0, 0.05²), no genre features, MLP
 * 64-32, sigmoid output, Adam 2e-3, batch 256, 3 epochs, 80/20 split, equal initialization, every replica reshuffling
 * all examples every epoch with its own seed, 4 replicas, no normalization. `batch-shuffle` is the default before the
 * dial.
 */
export const PRESETS: Readonly<Record<string, Preset>> = {
  'default': {
    summary:
        'the shuffling dial in the source\'s regime: windows from within a batch to a full reshuffle; equal init ' +
        'within 4 init groups of 2 replicas, layer-normalized hidden outputs; ReLU, SmeLU, linear',
    datasets: DATASETS,
    settings: () => ({}),
  },
  'quick': {
    summary:
        'a small smoke run of the dial: 1 group of 2 replicas, 1 epoch on a subset (MovieLens: 10,000 ratings; Fashion-MNIST: 5,000 images)',
    datasets: DATASETS,
    settings: (dataset) =>
        (dataset === 'movielens' ? {replicas: 2, groups: 1, epochs: 1, maxRatings: 10000, rankingCandidates: 50} :
             dataset === 'fashion-mnist' ? {replicas: 2, groups: 1, epochs: 1, maxTrain: 5000, maxEval: 1000} :
                                           {replicas: 2, groups: 1, epochs: 3}),
  },
  'full': {
    summary: 'twice the init groups and twice the epochs (takes much longer; tighter intervals)',
    datasets: DATASETS,
    settings: (dataset) =>
        ({groups: 2 * DATASET_DEFAULTS[dataset].groups, epochs: 2 * DATASET_DEFAULTS[dataset].epochs}),
  },
  'sweep': {
    summary: 'every β of each activation\'s sweep (traces the PD–loss curves)',
    datasets: DATASETS,
    settings: () => ({sweep: true}),
  },
  'batch-shuffle': {
    summary:
        'one regime, the default before the dial: fixed batches in a reshuffled order, 4 replicas, six activations',
    datasets: DATASETS,
    settings: (dataset) => ({...BATCH_SHUFFLE, ...(dataset === 'movielens' ? {epochs: 2} : {})}),
  },
  'reference': {
    summary:
        'the matched setup of the Keras cross-check: no genres, N(0, 0.05²) embeddings, example shuffling, no norm',
    datasets: ['movielens'],
    settings: () => ({
      genres: false,
      embeddingInit: 'normal',
      embeddingDim: 16,
      hidden: [64, 32],
      learningRate: 2e-3,
      batchSize: 256,
      epochs: 3,
      init: 'same',
      order: 'different',
      shuffle: 'example',
      norm: 'none',
      normPlacement: 'before',
      activations: ALL_ACTIVATIONS,
      replicas: 4,
      groups: 1,
      dial: false,
    }),
  },
};

/**
 * The settings of a preset on a dataset (before flags).
 *
 * ```js
 * // not run: CLI internals
 * resolvePreset('reference', 'movielens').genres;  // false
 * ```
 */
export function resolvePreset(name: string, dataset: DatasetName): DemoSettings {
  const preset = PRESETS[name];
  return {...DATASET_DEFAULTS[dataset], ...preset.settings(dataset)};
}
