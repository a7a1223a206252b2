/**
 * The demo's presets, as data: each is a set of settings applied over the
 * dataset's defaults; flags given with a preset override it.
 *
 * The defaults follow the source's regime (Shamir & Lin, Google Research
 * 2022: smooth activations help reproducibility "with equal initialization,
 * moderate shuffling of training examples, and normalization of hidden layer
 * outputs"): equal initialization across replicas; `batch` shuffling (the
 * batches are cut once and only their order is reshuffled per replica and
 * epoch, which is moderate next to `example`'s full reshuffle); layer
 * normalization of each hidden layer's output (after the activation); 4
 * replicas; ReLU, SmeLU, GELU, Swish, Softplus and the linear-tower control.
 */
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
  /** The interval method the verdict reads. */
  interval: IntervalMethod;
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

/** The activations of a default run: the smooth ones, ReLU, and the linear-tower control. */
export const DEFAULT_ACTIVATIONS = ['relu', 'smelu', 'gelu', 'swish', 'softplus', 'linear'];

/** The source's regime, shared by every dataset's defaults. */
const REGIME: Omit<DemoSettings, 'dataset'|'epochs'|'batchSize'|'learningRate'> = {
  activations: DEFAULT_ACTIVATIONS,
  replicas: 4,
  groups: 1,
  seed: 1,
  init: 'same',
  order: 'different',
  shuffle: 'batch',
  norm: 'layer',
  normPlacement: 'after',
  topK: 10,
  bootstrapDraws: 2000,
  interval: 'bootstrap',
  sweep: false,
};

/**
 * Each dataset's default settings.
 *
 * MovieLens: the demo's workload (ids + genres, MLP 64-32, Adam 2e-3, batch 256), 2 epochs: with 3 (the reference
 * preset's) the 24 replicas take about 170 s on 2 idle cores, over the demo's 150 s budget; 2 keep it near 120 s. Eval
 * loss is lowest after the first epoch on this data, so the second and third epochs add fitting of the training
 * ratings, not generalization. Fashion-MNIST: an MLP 128-64 on the 60,000 training images, 3 epochs of Adam 1e-3,
 * batch 128. Digits: MLP 64-64, 20 epochs, batch 32.
 */
export const DATASET_DEFAULTS: Readonly<Record<DatasetName, DemoSettings>> = {
  'movielens': {...REGIME, dataset: 'movielens', epochs: 2, batchSize: 256, learningRate: 2e-3},
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
 * The presets. `reference` is the matched setup of the Keras cross-check (tools/keras_reference): MovieLens from dslabs, target
 * rating ≥ 4, user and movie embeddings of width 16 initialized N(0, 0.05²), no genre features, MLP 64-32, sigmoid
 * output, Adam 2e-3, batch 256, 3 epochs, 80/20 split, equal initialization, every replica reshuffling all examples
 * every epoch with its own seed, 4 replicas, no normalization.
 */
export const PRESETS: Readonly<Record<string, Preset>> = {
  default: {
    summary: "the source's regime: equal init, batch shuffling, layer-normalized hidden outputs, 4 replicas",
    datasets: DATASETS,
    settings: () => ({}),
  },
  quick: {
    summary: 'a small smoke run: 2 replicas, 1 epoch on a subset (MovieLens: 10,000 ratings; Fashion-MNIST: 5,000 images)',
    datasets: DATASETS,
    settings: (dataset) => (dataset === 'movielens' ? {replicas: 2, epochs: 1, maxRatings: 10000, rankingCandidates: 50} :
                            dataset === 'fashion-mnist' ? {replicas: 2, epochs: 1, maxTrain: 5000, maxEval: 1000} :
                                                          {replicas: 2, epochs: 3}),
  },
  full: {
    summary: '8 replicas and twice the epochs (takes much longer; tighter intervals)',
    datasets: DATASETS,
    settings: (dataset) => ({replicas: 8, epochs: 2 * DATASET_DEFAULTS[dataset].epochs}),
  },
  sweep: {
    summary: "every β of each activation's sweep (traces the PD–loss curves)",
    datasets: DATASETS,
    settings: () => ({sweep: true}),
  },
  reference: {
    summary: 'the matched setup of the Keras cross-check: no genres, N(0, 0.05²) embeddings, example shuffling, no norm',
    datasets: ['movielens'],
    settings: () => ({
      genres: false, embeddingInit: 'normal', embeddingDim: 16, hidden: [64, 32], learningRate: 2e-3, batchSize: 256,
      epochs: 3, init: 'same', order: 'different', shuffle: 'example', norm: 'none', normPlacement: 'before',
      replicas: 4,
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
