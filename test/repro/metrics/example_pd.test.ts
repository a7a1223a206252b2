/**
 * Per-example PD on the host (float64) against the tensor metrics of
 * metrics.ts (their means must agree), and the true-class relative PD by hand.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {
  absolutePD, examplePD, halfL1Distance, pdMetricsFor, RELATIVE_PD_EPSILON, relativePD, seededRandom, top1Disagreement,
} from 'tfjs-smelu-repro';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
expectNoTensorLeaksPerTest();

const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;

/** Random distributions over `classes` classes, with some entries near 0 (the ε floor matters there). */
function distributions(n: number, classes: number, seed: string): Float32Array {
  const rng = seededRandom(seed);
  const out = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < classes; c++) s += (out[i * classes + c] = rng() < 0.2 ? 1e-9 * rng() : rng());
    for (let c = 0; c < classes; c++) out[i * classes + c] /= s;
  }
  return out;
}

test.each([[1], [4]])('means of examplePD equal the tensor metrics (%i class column(s))', (classes) => {
  const n = 300;
  const p1 = classes === 1 ? Float32Array.from(distributions(n, 2, 'a').filter((_, i) => i % 2 === 0)) : distributions(n, classes, 'a');
  const p2 = classes === 1 ? Float32Array.from(distributions(n, 2, 'b').filter((_, i) => i % 2 === 0)) : distributions(n, classes, 'b');
  const shape = classes === 1 ? [n] : [n, classes];
  const t1 = tf.tensor(p1, shape), t2 = tf.tensor(p2, shape);
  const check = (metric: Parameters<typeof examplePD>[0], reference: (a: tf.Tensor, b: tf.Tensor) => tf.Scalar) => {
    const r = reference(t1, t2);
    expect(mean(examplePD(metric, p1, p2, classes))).toBeCloseTo(r.dataSync()[0], 5);
    r.dispose();
  };
  check('relativePD', (a, b) => relativePD(a, b));
  check('absolutePD', absolutePD);
  check('halfL1', halfL1Distance);
  check('top1Disagreement', top1Disagreement);
  tf.dispose([t1, t2]);
});

test('true-class relative PD by hand, with the ε floor', () => {
  const p1 = Float32Array.from([0.8, 0.2, 0.4, 0.6, 1e-9, 1 - 1e-9]);
  const p2 = Float32Array.from([0.6, 0.4, 0.6, 0.4, 3e-9, 1 - 3e-9]);
  const d = examplePD('trueClassRelativePD', p1, p2, 2, [0, 1, 0]);
  expect(d[0]).toBeCloseTo(0.2 / 0.7, 6);
  expect(d[1]).toBeCloseTo(0.2 / 0.5, 6);
  expect(d[2]).toBeCloseTo(2e-9 / RELATIVE_PD_EPSILON, 6);
  expect(() => examplePD('trueClassRelativePD', p1, p2, 2)).toThrow('trueClassRelativePD needs 3 labels, but got none');
  expect(() => examplePD('halfL1', p1, p2.subarray(1), 2)).toThrow('predictions of 6 and 5 values do not fit 2 class(es)');
});

test('the headline metric: relative PD for binary outputs, half-L1 for class distributions', () => {
  expect(pdMetricsFor('binary')[0]).toBe('relativePD');
  expect(pdMetricsFor('multiclass')[0]).toBe('halfL1');
  expect(pdMetricsFor('multiclass')).toEqual(expect.arrayContaining(['top1Disagreement', 'trueClassRelativePD']));
});
