/**
 * The order of the training examples in each epoch, for every shuffle mode,
 * from two seeds: what replicas share (the data seed) and what each draws on
 * its own (the order seed).
 */
import {describeValue} from '../../../src/validate';
import {seededPermutation, seededRandom, shuffleInPlace} from './random';

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
 * console.log(SHUFFLE_MODES);  // ['example', 'batch', 'none']
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
 * console.log(shuffleWindow('window:256'), shuffleWindow('batch'));  // 256 null
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
 * validateShuffleMode('window:64');  // ok
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
 * @throws Error for a shuffle mode that is not one of {@link ShuffleMode}'s (`window:W` needs an integer W ≥ 1).
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
