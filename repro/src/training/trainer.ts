/**
 * Seeded replica training: every source of difference between two replicas is
 * explicit. tfjs's `model.fit` shuffles with `Math.random`, so this trainer
 * draws its own batch order from a seeded PRNG (seedrandom) and applies the
 * optimizer itself; initializers get seeds derived from the replica's init
 * seed. On one backend, equal seeds give bit-identical weights.
 */
import {gather, Scalar, Tensor, tensor1d, tidy, train, Variable} from '@tensorflow/tfjs-core';
import type {LayersModel} from '@tensorflow/tfjs-layers';

import {epochOrder, ShuffleMode, validateShuffleMode} from './shuffle';

/** Options of {@link trainModel} and {@link SeededTrainer}. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  shuffle: ShuffleMode;
  /** Seeds the per-epoch order (see {@link ShuffleMode}). */
  orderSeed: number;
  /** Seeds the base order shared by the replicas that share it (default 0; see {@link ShuffleMode}). */
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
 * @throws Error when the inputs' and labels' row counts differ, epochs or batchSize is not an integer ≥ 1, or the
 *   shuffle mode is not one of {@link ShuffleMode}'s.
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
    if (!Number.isInteger(options.epochs) || options.epochs < 1)
      throw new Error(`trainModel: epochs must be an integer ≥ 1, but got ${options.epochs}.`);
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1)
      throw new Error(`trainModel: batchSize must be an integer ≥ 1, but got ${options.batchSize}.`);
    validateShuffleMode(options.shuffle, 'trainModel: shuffle');
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
      this.order = epochOrder(
          this.numExamples, batchSize, this.options.shuffle,
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
export async function trainModel(
    model: LayersModel, inputs: Tensor[], labels: Tensor, options: TrainOptions): Promise<void> {
  const trainer = new SeededTrainer(model, inputs, labels, options);
  try {
    while (trainer.trainBatch()) {
      if (trainer.batchesDone % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    trainer.dispose();
  }
}
