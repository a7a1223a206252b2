/**
 * Seeded replica training: every source of difference between two replicas is
 * explicit. tfjs's `model.fit` shuffles with `Math.random`, so this trainer
 * draws its own batch order from a seeded PRNG (seedrandom) and applies the
 * optimizer itself; initializers get seeds derived from the replica's init
 * seed. On one backend, equal seeds give bit-identical weights.
 */
import {gather, Scalar, Tensor, tensor1d, tidy, train, Variable} from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import seedrandom from 'seedrandom';

/**
 * How the training examples are ordered in each epoch:
 * - `example`: a fresh permutation of all examples per epoch (drawn from the order seed);
 * - `batch`: fixed batches (cut once from a permutation drawn from the data seed, the same
 *   for every replica) whose order is shuffled per epoch from the order seed;
 * - `none`: the same fixed order (from the data seed) every epoch, whatever the order seed.
 */
export type ShuffleMode = 'example'|'batch'|'none';

/**
 * The shuffle modes, for argument checks.
 *
 * ```js
 * console.log(tfSmeluRepro.SHUFFLE_MODES);  // ['example', 'batch', 'none']
 * ```
 */
export const SHUFFLE_MODES: readonly ShuffleMode[] = ['example', 'batch', 'none'];

/**
 * A 32-bit integer seed derived from a base seed and labels, e.g.
 * `deriveSeed(7, 'init', 3)` for the fourth initializer of a replica with
 * init seed 7. Distinct labels give independent streams.
 *
 * ```js
 * tfSmeluRepro.deriveSeed(7, 'init', 3) === tfSmeluRepro.deriveSeed(7, 'init', 3);  // true
 * ```
 */
export function deriveSeed(base: number, ...labels: (string|number)[]): number {
  return seedrandom([base, ...labels].join(':')).int32() >>> 0;
}

/** In-place Fisher–Yates shuffle driven by `rng` (returns the array). */
function shuffleInPlace<T extends {length: number, [i: number]: number}>(a: T, rng: () => number): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/**
 * The order in which one epoch visits the examples (indices 0..n−1).
 *
 * ```js
 * tfSmeluRepro.epochOrder(6, 2, 'batch', {orderSeed: 1, dataSeed: 0, epoch: 0});
 * // e.g. Int32Array [4, 1, 0, 5, 2, 3]: batches fixed, their order shuffled
 * ```
 */
export function epochOrder(
    numExamples: number, batchSize: number, shuffle: ShuffleMode,
    seeds: {orderSeed: number, dataSeed: number, epoch: number}): Int32Array {
  const base = shuffleInPlace(Int32Array.from({length: numExamples}, (_, i) => i), seedrandom(`data:${seeds.dataSeed}`));
  if (shuffle === 'none') return base;
  const rng = seedrandom(`order:${seeds.orderSeed}:${seeds.epoch}`);
  if (shuffle === 'example') return shuffleInPlace(base, rng);
  const numBatches = Math.ceil(numExamples / batchSize);
  const batchOrder = shuffleInPlace(Int32Array.from({length: numBatches}, (_, i) => i), rng);
  const out = new Int32Array(numExamples);
  let k = 0;
  for (const b of batchOrder) {
    const end = Math.min(numExamples, (b + 1) * batchSize);
    for (let i = b * batchSize; i < end; i++) out[k++] = base[i];
  }
  return out;
}

/** Options of {@link trainModel}. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  shuffle: ShuffleMode;
  /** Seeds the per-epoch order (see {@link ShuffleMode}). */
  orderSeed: number;
  /** Seeds the base order shared by all replicas (default 0). */
  dataSeed?: number;
  /** Loss of one batch: model outputs and labels → scalar. */
  loss: (outputs: Tensor, labels: Tensor) => Scalar;
  /** Called after each batch (e.g. to move a progress bar). */
  onBatch?: (batchesDone: number, batchesTotal: number) => void;
}

/**
 * Trains `model` with Adam on `(inputs, labels)` in the seeded order of
 * {@link epochOrder}. No `Math.random` is used anywhere.
 *
 * ```js
 * // not run: a fragment; `model`, `xs` and `ys` are yours
 * await tfSmeluRepro.trainModel(model, [xs], ys, {
 *   epochs: 2, batchSize: 32, learningRate: 1e-3, shuffle: 'example', orderSeed: 1,
 *   loss: (out, y) => tf.losses.sigmoidCrossEntropy(y, out),
 * });
 * ```
 */
export async function trainModel(model: LayersModel, inputs: Tensor[], labels: Tensor, options: TrainOptions): Promise<void> {
  const n = labels.shape[0];
  for (const x of inputs) {
    if (x.shape[0] !== n) throw new Error(`trainModel: inputs have ${x.shape[0]} rows but labels have ${n}.`);
  }
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new Error(`trainModel: epochs must be an integer ≥ 1, but got ${options.epochs}.`);
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new Error(`trainModel: batchSize must be an integer ≥ 1, but got ${options.batchSize}.`);
  const optimizer = train.adam(options.learningRate);
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  const batchesPerEpoch = Math.ceil(n / options.batchSize);
  const total = batchesPerEpoch * options.epochs;
  let done = 0;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = epochOrder(n, options.batchSize, options.shuffle,
          {orderSeed: options.orderSeed, dataSeed: options.dataSeed ?? 0, epoch});
      for (let start = 0; start < n; start += options.batchSize) {
        tidy(() => {
          const idx = tensor1d(order.subarray(start, Math.min(n, start + options.batchSize)), 'int32');
          optimizer.minimize(() => {
            const xs = inputs.map((x) => gather(x, idx));
            const out = model.apply(xs.length === 1 ? xs[0] : xs, {training: true}) as Tensor;
            return options.loss(out, gather(labels, idx));
          }, false, vars);
        });
        done++;
        options.onBatch?.(done, total);
        // Let timers (progress bars) run now and then; setTimeout exists in browsers and Node alike.
        if (done % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
  } finally {
    optimizer.dispose();
  }
}

/** Which seeds differ between replicas. */
export interface ReplicaRegime {
  /** `same`: every replica starts from the same weights; `different`: one init seed per replica. */
  init: 'same'|'different';
  /** `same`: every replica sees the same batch order; `different`: one order seed per replica. */
  order: 'same'|'different';
}

/** The seeds of one replica. */
export interface ReplicaSeeds {
  initSeed: number;
  orderSeed: number;
}

/**
 * Seeds of N replicas under a regime, derived from one base seed.
 *
 * ```js
 * tfSmeluRepro.replicaSeeds(3, 42, {init: 'same', order: 'different'});
 * // [{initSeed: a, orderSeed: b0}, {initSeed: a, orderSeed: b1}, {initSeed: a, orderSeed: b2}]
 * ```
 */
export function replicaSeeds(n: number, baseSeed: number, regime: ReplicaRegime): ReplicaSeeds[] {
  return Array.from({length: n}, (_, r) => ({
    initSeed: deriveSeed(baseSeed, 'init', regime.init === 'same' ? 0 : r),
    orderSeed: deriveSeed(baseSeed, 'order', regime.order === 'same' ? 0 : r),
  }));
}
