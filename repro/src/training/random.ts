/**
 * Seeded randomness of the toolkit, in one place: derived seeds, the seeded
 * permutation (Fisher–Yates) that the trainer's batch orders, the workloads'
 * splits, the bootstrap and the browser demo all use, and a PRNG factory.
 * Browser-safe: seedrandom only, no `Math.random`.
 */
import seedrandom from 'seedrandom';

/** A function returning uniform numbers in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/**
 * A seeded PRNG (seedrandom's ARC4) for a seed string or number.
 *
 * ```js
 * const rng = tfSmeluRepro.seededRandom('split:0');
 * console.log(rng() === tfSmeluRepro.seededRandom('split:0')());  // true
 * ```
 */
export function seededRandom(seed: string|number): RandomSource {
  return seedrandom(String(seed));
}

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

/**
 * Shuffles `array` in place with the Fisher–Yates algorithm (from the last
 * element down, `j = floor(rng() · (i + 1))`) and returns it.
 *
 * ```js
 * const a = shuffleInPlace([1, 2, 3, 4], tfSmeluRepro.seededRandom('x'));
 * console.log(a.slice().sort());  // [1, 2, 3, 4]
 * ```
 */
export function shuffleInPlace<T extends {length: number, [i: number]: unknown}>(array: T, random: RandomSource): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}

/**
 * A seeded permutation of 0..n−1 (Fisher–Yates on the identity). `random` is
 * a seed (string or number, fed to {@link seededRandom}) or a PRNG function,
 * whose stream it advances by n − 1 draws.
 *
 * ```js
 * const order = tfSmeluRepro.seededPermutation(5, 'split:0');
 * console.log(Array.from(order).sort());  // [0, 1, 2, 3, 4]
 * ```
 * @throws Error when n is not an integer ≥ 0.
 */
export function seededPermutation(n: number, random: RandomSource|string|number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`seededPermutation: n must be an integer ≥ 0, but got ${n}.`);
  const rng = typeof random === 'function' ? random : seededRandom(random);
  return shuffleInPlace(Int32Array.from({length: n}, (_, i) => i), rng);
}
