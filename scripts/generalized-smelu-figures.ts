/**
 * Figures quoted in docs/generalized-smelu.md: accuracy of the fused cpu kernel
 * and of the composite path against the float64 reference, and their speed
 * ratio on cpu (same process, median of repeated runs after warm-up).
 *
 *   npx tsx scripts/generalized-smelu-figures.ts
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {generalizedSmelu, generalizedSmeluComposite, GeneralizedSmeLUParams} from '../src';
import {generalizedSmeluRef, GeneralizedSmeLURefParams} from '../test/support/reference';

const N = 1 << 20;
const SETS: GeneralizedSmeLURefParams[] = [
  {alpha: 2, beta: 2, gNeg: 0, gPos: 1, shift: 0},
  {alpha: 0.5, beta: 3, gNeg: 0.1, gPos: 1.2, shift: -0.3},
  {alpha: 3, beta: 0.25, gNeg: 2, gPos: -1, shift: 5},
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function accuracy(): Promise<void> {
  const x = tf.randomNormal([N], 0, 4, 'float32', 1);
  const xs = await x.data();
  for (const [name, op] of [['fused cpu', generalizedSmelu], ['composite', generalizedSmeluComposite]] as const) {
    let worst = 0;
    for (const p of SETS) {
      const y = op(x, p as GeneralizedSmeLUParams);
      const ys = await y.data();
      y.dispose();
      const q = {...p};
      for (const k of Object.keys(q) as (keyof GeneralizedSmeLURefParams)[]) q[k] = Math.fround(q[k]);
      for (let i = 0; i < N; ++i) {
        const ref = generalizedSmeluRef(xs[i], q);
        const scale = Math.abs(ref) + Math.abs(q.shift) +
            (Math.abs(q.gNeg) + Math.abs(q.gPos)) * (Math.abs(xs[i]) + q.alpha + q.beta);
        worst = Math.max(worst, Math.abs(ys[i] - ref) / scale);
      }
    }
    console.log(`${name}: max |f - ref| / (|f| + term scale) over ${SETS.length} sets x ${N} inputs = ${
        worst.toExponential(2)}`);
  }
  x.dispose();
}

async function speed(): Promise<void> {
  const x = tf.randomNormal([1024, 1024], 0, 2, 'float32', 2);
  const beta = tf.randomUniform([1024], 0.5, 2, 'float32', 3);
  const forward = (op: typeof generalizedSmelu) => () => tf.tidy(() => {
    op(x, {alpha: 1, beta, gNeg: 0.1}).dataSync();
  });
  const backward = (op: typeof generalizedSmelu) => () => tf.tidy(() => {
    const g = tf.grads((xx: tf.Tensor, bb: tf.Tensor) => op(xx, {alpha: 1, beta: bb, gNeg: 0.1}))([x, beta]);
    g.forEach((t) => t.dataSync());
  });
  const cases: Array<[string, () => void, () => void]> = [
    ['forward', forward(generalizedSmelu), forward(generalizedSmeluComposite)],
    ['forward + grads (x, per-channel beta)', backward(generalizedSmelu), backward(generalizedSmeluComposite)],
  ];
  // Each variant in its own block: the composite's many 4 MB intermediates
  // trigger garbage collections that would otherwise land in the fused timings.
  const timeBlock = (run: () => void) => {
    for (let r = 0; r < 3; ++r) run();
    const times: number[] = [];
    for (let r = 0; r < 15; ++r) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    return median(times);
  };
  const relu = timeBlock(() => tf.tidy(() => {
    tf.relu(x).dataSync();
  }));
  for (const [name, fused, composite] of cases) {
    const tFused = timeBlock(fused), tComposite = timeBlock(composite);
    console.log(`${name} at 1M float32 on cpu: fused ${(tFused / relu).toFixed(1)}x tf.relu, composite ${
        (tComposite / relu).toFixed(1)}x tf.relu (composite / fused = ${(tComposite / tFused).toFixed(1)}x)`);
  }
  tf.dispose([x, beta]);
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  await accuracy();
  await speed();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
