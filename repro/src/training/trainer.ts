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
import {describeValue} from '../../../src/validate';


/**
 * How the training examples are ordered in each epoch:
 * - `example`: a fresh permutation of all examples per epoch (drawn from the order seed);
 * - `batch`: fixed batches (cut once from a permutation drawn from the data seed, the same
 *   for every replica) whose order is shuffled per epoch from the order seed;
 * - `none`: the same fixed order (from the data seed) every epoch, whatever the order seed;
 * - `window:W` (W an integer ≥ 1), the shuffling dial: each epoch has one base order, a
 *   permutation drawn from the data seed and the epoch (the same for every replica that
 *   shares the data seed); each replica then reshuffles only within consecutive windows of W
 *   examples of that base order (positions 0..W−1, W..2W−1, …), from its order seed. W = 1
 *   is the base order itself (every replica sees the same order), W ≥ the number of examples
 *   a full reshuffle; when W divides the batch size every replica trains on the same batches,
 *   in the same order, each summed in its own order. Like a bounded shuffle buffer over a
 *   stream that every replica reads in the same order.
 */
export type ShuffleMode = 'example'|'batch'|'none'|`window:${number}`;

/**
 * The named shuffle modes (the dial `window:W` is the fourth kind; see {@link ShuffleMode}).
 *
 * ```js
 * console.log(tfSmeluRepro.SHUFFLE_MODES);  // ['example', 'batch', 'none']
 * ```
 */
export const SHUFFLE_MODES: readonly ShuffleMode[] = ['example', 'batch', 'none'];

/** A shuffle mode's description in error messages. */
const SHUFFLE_MODES_TEXT = `${SHUFFLE_MODES.join(', ')} or window:W (W an integer ≥ 1)`;

/**
 * The window W of a `window:W` shuffle mode; null for the named modes. Does not validate: see
 * {@link validateShuffleMode}.
 *
 * ```js
 * console.log(tfSmeluRepro.shuffleWindow('window:256'), tfSmeluRepro.shuffleWindow('batch'));  // 256 null
 * ```
 */
export function shuffleWindow(shuffle: ShuffleMode): number|null {
  return typeof shuffle === 'string' && shuffle.startsWith('window:') ? Number(shuffle.slice('window:'.length)) : null;
}

/**
 * Checks a shuffle mode: one of {@link SHUFFLE_MODES}, or `window:W` with W written as an
 * integer ≥ 1 in decimal digits (`window:0`, `window:-1`, `window:1.5`, `window:abc` and
 * `window:` are refused).
 *
 * ```js
 * tfSmeluRepro.validateShuffleMode('window:64');  // ok
 * // validateShuffleMode('window:0') throws "shuffle must be one of example, batch, none or
 * // window:W (W an integer ≥ 1), but got the string "window:0"."
 * ```
 * @param name How the setting is named in the message (default `shuffle`; the CLI says `--shuffle`).
 * @param text The value as the user wrote it, quoted in the message instead of the value.
 * @throws Error naming the setting and the value.
 */
export function validateShuffleMode(shuffle: unknown, name = 'shuffle', text?: string): asserts shuffle is ShuffleMode {
  if (typeof shuffle === 'string' && (SHUFFLE_MODES as readonly string[]).includes(shuffle)) return;
  if (typeof shuffle === 'string' && /^window:[0-9]+$/.test(shuffle)) {
    const w = Number(shuffle.slice('window:'.length));
    if (Number.isSafeInteger(w) && w >= 1) return;
  }
  const shown = text != null ? `'${text}'` : describeValue(shuffle);
  throw new Error(`${name} must be one of ${SHUFFLE_MODES_TEXT}, but got ${shown}.`);
}

/**
 * The order in which one epoch visits the examples (indices 0..n−1), for every
 * {@link ShuffleMode}. `dataSeed` seeds what replicas share (the base order),
 * `orderSeed` what each replica draws on its own.
 *
 * ```js
 * tfSmeluRepro.epochOrder(6, 2, 'batch', {orderSeed: 1, dataSeed: 0, epoch: 0});
 * // e.g. Int32Array [4, 1, 0, 5, 2, 3]: batches fixed, their order shuffled
 * const a = tfSmeluRepro.epochOrder(6, 2, 'window:1', {orderSeed: 1, dataSeed: 0, epoch: 0});
 * const b = tfSmeluRepro.epochOrder(6, 2, 'window:1', {orderSeed: 2, dataSeed: 0, epoch: 0});
 * console.log(a.join() === b.join());  // true: windows of one example, the shared base order
 * ```
 * @throws Error for a shuffle mode that {@link validateShuffleMode} refuses.
 */
export function epochOrder(
    numExamples: number, batchSize: number, shuffle: ShuffleMode,
    seeds: {orderSeed: number, dataSeed: number, epoch: number}): Int32Array {
  validateShuffleMode(shuffle, 'epochOrder: shuffle');
  const window = shuffleWindow(shuffle);
  if (window != null) {
    const order = seededPermutation(numExamples, `data:${seeds.dataSeed}:epoch:${seeds.epoch}`);
    const rng = seededRandom(`order:${seeds.orderSeed}:${seeds.epoch}`);
    for (let start = 0; start < numExamples; start += window) {
      shuffleInPlace(order.subarray(start, Math.min(numExamples, start + window)), rng);
    }
    return order;
  }
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
 *   shuffle mode is not one {@link validateShuffleMode} accepts.
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

/** The seeds of one replica of an init group (see {@link replicaGroupSeeds}). */
export interface GroupedReplicaSeeds extends ReplicaSeeds {
  /** The init group, 0..groups−1. */
  group: number;
  /** Seeds the group's base order (`dataSeed` of {@link epochOrder}): the group's base seed. */
  dataSeed: number;
}

/**
 * The base seed of init group `group` of a run with base seed `baseSeed`: the base seed
 * itself for group 0, so that a run with one group is the run it always was, and
 * `deriveSeed(baseSeed, 'group', group)` for the others.
 *
 * ```js
 * console.log(tfSmeluRepro.initGroupSeed(7, 0));  // 7
 * console.log(tfSmeluRepro.initGroupSeed(7, 1) === tfSmeluRepro.deriveSeed(7, 'group', 1));  // true
 * ```
 * @throws Error when group is not an integer ≥ 0.
 */
export function initGroupSeed(baseSeed: number, group: number): number {
  if (!Number.isInteger(group) || group < 0) throw new Error(`initGroupSeed: group must be an integer ≥ 0, but got ${describeValue(group)}.`);
  return group === 0 ? baseSeed : deriveSeed(baseSeed, 'group', group);
}

/**
 * Seeds of `groups` independent init groups of `replicasPerGroup` replicas each, in
 * group order. Group g is a run of its own with base seed `initGroupSeed(baseSeed, g)`:
 * its replicas' seeds are {@link replicaSeeds} of that base seed (so under `init: 'same'`
 * they share one initialization, the group's own), and its base order (`dataSeed`) is
 * that base seed too. With one group this is `replicaSeeds(replicasPerGroup, baseSeed,
 * regime)` with `dataSeed = baseSeed`: the seeds every run had before groups existed.
 *
 * ```js
 * const seeds = tfSmeluRepro.replicaGroupSeeds(2, 2, 42, {init: 'same', order: 'different'});
 * console.log(seeds.map((s) => s.group));  // [0, 0, 1, 1]
 * console.log(seeds[0].initSeed === seeds[1].initSeed, seeds[1].initSeed === seeds[2].initSeed);  // true false
 * ```
 * @throws Error when groups or replicasPerGroup is not an integer ≥ 1.
 */
export function replicaGroupSeeds(
    groups: number, replicasPerGroup: number, baseSeed: number, regime: ReplicaRegime): GroupedReplicaSeeds[] {
  for (const [name, v] of [['groups', groups], ['replicasPerGroup', replicasPerGroup]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`replicaGroupSeeds: ${name} must be an integer ≥ 1, but got ${describeValue(v)}.`);
  }
  return Array.from({length: groups}, (_, group) => {
    const dataSeed = initGroupSeed(baseSeed, group);
    return replicaSeeds(replicasPerGroup, dataSeed, regime).map((s) => ({group, dataSeed, ...s}));
  }).flat();
}
