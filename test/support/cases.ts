/**
 * Inputs shared by every backend's SmeLU tests (jest suites and the browser
 * pages receive the same numbers). Expected values of the fixed vectors are
 * worked out by hand from the definition, not taken from any kernel.
 */
import * as fc from 'fast-check';

export interface KnownVector {
  beta: number;
  x: number[];
  /** f(x), hand computed. */
  y: number[];
  /** f′(x), hand computed. */
  dy: number[];
}

export const KNOWN_VECTORS: KnownVector[] = [
  // The README's example: β=2 → (x+2)²/8 inside (−2, 2).
  {beta: 2, x: [-3, -1, 0, 1, 3], y: [0, 0.125, 0.5, 1.125, 3], dy: [0, 0.25, 0.5, 0.75, 1]},
  // β=0.5 → (x+0.5)²/2 inside (−0.5, 0.5); slope x+0.5.
  {
    beta: 0.5,
    x: [-1, -0.5, -0.25, 0, 0.25, 0.5, 1],
    y: [0, 0, 0.03125, 0.125, 0.28125, 0.5, 1],
    dy: [0, 0, 0.25, 0.5, 0.75, 1, 1],
  },
  // β=1 → (x+1)²/4 inside (−1, 1); slope (x+1)/2.
  {beta: 1, x: [-2, -1, -0.5, 0, 0.5, 1, 2], y: [0, 0, 0.0625, 0.25, 0.5625, 1, 2], dy: [0, 0, 0.25, 0.5, 0.75, 1, 1]},
];

/** Special values and what SmeLU must give for them (any β). */
export const SPECIAL_VALUES = {
  x: [NaN, -Infinity, Infinity],
  y: [NaN, 0, Infinity]
};

/** β values the property tests draw from: tiny, small, default, odd, large. */
export const PROPERTY_BETAS = [1e-3, 0.1, 0.5, 1, 2, 3.7, 100];

/**
 * Seeded random float32 inputs concentrated around the interesting region
 * [−2β, 2β] plus the full float32 range, as plain arrays (so they can be sent
 * to a browser page). Same seed → same numbers on every machine.
 */
export function sampleInputs(seed: number, count: number): Array<{beta: number, x: number[]}> {
  const beta = fc.constantFrom(...PROPERTY_BETAS);
  const arb = beta.chain((b) => fc.record({
    beta: fc.constant(b),
    x: fc.array(
        fc.oneof(
            fc.float({min: Math.fround(-2 * b), max: Math.fround(2 * b), noNaN: true}),
            fc.float({noNaN: true, noDefaultInfinity: true})),
        {minLength: 1, maxLength: 64}),
  }));
  return fc.sample(arb, {seed, numRuns: count});
}
