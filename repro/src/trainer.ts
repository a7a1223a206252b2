/**
 * Seeded replica training: every source of difference between two replicas is
 * explicit. tfjs's `model.fit` shuffles with `Math.random`, so this trainer
 * draws its own batch order from a seeded PRNG (seedrandom) and applies the
 * optimizer itself; initializers get seeds derived from the replica's init
 * seed. On one backend, equal seeds give bit-identical weights.
 */
import {gather, Scalar, Tensor, tensor1d, tidy, train, Variable} from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';
import {deriveSeed, seededPermutation, seededRandom, shuffleInPlace} from './random';


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
  const base = seededPermutation(numExamples, `data:${seeds.dataSeed}`);
  if (shuffle === 'none') return base;
  const rng = seededRandom(`order:${seeds.orderSeed}:${seeds.epoch}`);
  if (shuffle === 'example') return shuffleInPlace(base, rng);
  const numBatches = Math.ceil(numExamples / batchSize);
  const batchOrder = seededPermutation(numBatches, rng);
  const out = new Int32Array(numExamples);
  let k = 0;
  for (const b of batchOrder) {
    const end = Math.min(numExamples, (b + 1) * batchSize);
    for (let i = b * batchSize; i < end; i++) out[k++] = base[i];
  }
  return out;
}

/** Options of {@link trainModel} and {@link SeededTrainer}. */
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
 * Adam on `(inputs, labels)` in the seeded order of {@link epochOrder}, one
 * batch at a time, so that a caller can interleave replicas, evaluate between
 * epochs or stop early (the browser demo does). {@link trainModel} runs one to
 * the end. No `Math.random` is used anywhere.
 *
 * ```js
 * // not run: a fragment; `model`, `xs` and `ys` are yours
 * const trainer = new tfSmeluRepro.SeededTrainer(model, [xs], ys, {
 *   epochs: 2, batchSize: 32, learningRate: 1e-3, shuffle: 'example', orderSeed: 1,
 *   loss: (out, y) => tf.losses.sigmoidCrossEntropy(y, out),
 * });
 * while (trainer.trainBatch()) { }
 * trainer.dispose();
 * ```
 * @throws Error when the inputs' and labels' row counts differ, or epochs or batchSize is not an integer ≥ 1.
 */
export class SeededTrainer {
  /** Batches in one epoch: ceil(rows / batchSize). */
  readonly batchesPerEpoch: number;
  /** Batches in the whole run: batchesPerEpoch × epochs. */
  readonly batchesTotal: number;
  private readonly numExamples: number;
  private readonly optimizer: ReturnType<typeof train.adam>;
  private readonly variables: Variable[];
  private order: Int32Array|null = null;
  private done = 0;

  constructor(
      private readonly model: LayersModel, private readonly inputs: Tensor[], private readonly labels: Tensor,
      private readonly options: TrainOptions) {
    const n = labels.shape[0];
    for (const x of inputs) {
      if (x.shape[0] !== n) throw new Error(`trainModel: inputs have ${x.shape[0]} rows but labels have ${n}.`);
    }
    if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new Error(`trainModel: epochs must be an integer ≥ 1, but got ${options.epochs}.`);
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new Error(`trainModel: batchSize must be an integer ≥ 1, but got ${options.batchSize}.`);
    this.numExamples = n;
    this.batchesPerEpoch = Math.ceil(n / options.batchSize);
    this.batchesTotal = this.batchesPerEpoch * options.epochs;
    this.optimizer = train.adam(options.learningRate);
    this.variables = model.trainableWeights.map((w) => w.read() as Variable);
  }

  /** Batches trained so far. */
  get batchesDone(): number {
    return this.done;
  }

  /** Epochs trained so far, fractional within an epoch. */
  get epochsDone(): number {
    return this.done / this.batchesPerEpoch;
  }

  /** Trains on the next batch; returns false (and does nothing) once every epoch is done. */
  trainBatch(): boolean {
    if (this.done >= this.batchesTotal) return false;
    const epoch = Math.floor(this.done / this.batchesPerEpoch);
    const batch = this.done % this.batchesPerEpoch;
    const {batchSize} = this.options;
    if (batch === 0) {
      this.order = epochOrder(this.numExamples, batchSize, this.options.shuffle,
          {orderSeed: this.options.orderSeed, dataSeed: this.options.dataSeed ?? 0, epoch});
    }
    const rows = this.order!.subarray(batch * batchSize, Math.min(this.numExamples, (batch + 1) * batchSize));
    tidy(() => {
      const idx = tensor1d(rows, 'int32');
      this.optimizer.minimize(() => {
        const xs = this.inputs.map((x) => gather(x, idx));
        const out = this.model.apply(xs.length === 1 ? xs[0] : xs, {training: true}) as Tensor;
        return this.options.loss(out, gather(this.labels, idx));
      }, false, this.variables);
    });
    this.done++;
    this.options.onBatch?.(this.done, this.batchesTotal);
    return true;
  }

  /** Frees the optimizer's state (the model stays the caller's). */
  dispose(): void {
    this.optimizer.dispose();
  }
}

/**
 * Trains `model` to the end with a {@link SeededTrainer}, yielding to the
 * event loop now and then (`setTimeout`, which browsers and Node both have)
 * so that progress displays can redraw.
 *
 * ```js
 * // not run: a fragment; `model`, `xs` and `ys` are yours
 * await tfSmeluRepro.trainModel(model, [xs], ys, {
 *   epochs: 2, batchSize: 32, learningRate: 1e-3, shuffle: 'example', orderSeed: 1,
 *   loss: (out, y) => tf.losses.sigmoidCrossEntropy(y, out),
 * });
 * ```
 * @throws Error as {@link SeededTrainer} does.
 */
export async function trainModel(model: LayersModel, inputs: Tensor[], labels: Tensor, options: TrainOptions): Promise<void> {
  const trainer = new SeededTrainer(model, inputs, labels, options);
  try {
    while (trainer.trainBatch()) {
      if (trainer.batchesDone % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    trainer.dispose();
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
