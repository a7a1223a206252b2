/**
 * PD metrics against hand-computed values on the cpu backend: relative PD
 * (including the p ≈ 0 rule), absolute PD, top-1 disagreement, half-L1,
 * top-k swap rate, pairwise statistics and ROC AUC.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {
  absolutePD,
  halfL1Distance,
  pairwiseStats,
  RELATIVE_PD_EPSILON,
  relativePD,
  top1Disagreement,
  topKSwapRate
} from 'tfjs-smelu-repro';
import {summarize} from '../../../repro/src/metrics/pairwise_stats';
import {rocAuc} from '../../../repro/src/metrics/quality';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';

const value = (s: tf.Scalar): number => {
  const v = s.dataSync()[0];
  s.dispose();
  return v;
};

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
expectNoTensorLeaksPerTest();

describe('relativePD', () => {
  test('hand-computed binary example', () => {
    // |0.2−0.6|/0.4 = 1, |0.5−0.5|/0.5 = 0, |0.1−0.3|/0.2 = 1, |0.9−0.6|/0.75 = 0.4 → mean 0.6
    const p1 = tf.tensor1d([0.2, 0.5, 0.1, 0.9]);
    const p2 = tf.tensor1d([0.6, 0.5, 0.3, 0.6]);
    expect(value(relativePD(p1, p2))).toBeCloseTo(0.6, 6);
    expect(value(relativePD(p2, p1))).toBeCloseTo(0.6, 6);  // symmetric
    tf.dispose([p1, p2]);
  });

  test('identical predictions give 0, also when they are 0', () => {
    const p = tf.tensor2d([[0, 0.3], [1, 0]]);
    expect(value(relativePD(p, p))).toBe(0);
    p.dispose();
  });

  test('p ≈ 0: the denominator is clamped at ε, so terms stay finite and ≤ 2', () => {
    // (0, 0): 0/ε = 0. (0, 1e-7): mean 5e-8 < ε → 1e-7/1e-6 = 0.1. (0, 0.5): 0.5/0.25 = 2 (the maximum).
    const p1 = tf.tensor1d([0, 0, 0]);
    const p2 = tf.tensor1d([0, 1e-7, 0.5]);
    expect(RELATIVE_PD_EPSILON).toBe(1e-6);
    expect(value(relativePD(p1, p2))).toBeCloseTo((0 + 0.1 + 2) / 3, 5);
    // A larger ε treats more of the small predictions absolutely: 1e-7/1e-3 = 1e-4, 0.5/0.25 = 2.
    expect(value(relativePD(p1, p2, 1e-3))).toBeCloseTo((0 + 1e-4 + 2) / 3, 5);
    tf.dispose([p1, p2]);
  });

  test('class distributions average over examples and classes', () => {
    // Terms: |0.5−0.25|/0.375 = 2/3, |0.5−0.75|/0.625 = 0.4, then 0 and 0 → mean (2/3 + 0.4)/4.
    const a = tf.tensor2d([[0.5, 0.5], [1, 0]]);
    const b = tf.tensor2d([[0.25, 0.75], [1, 0]]);
    expect(value(relativePD(a, b))).toBeCloseTo((2 / 3 + 0.4) / 4, 6);
    tf.dispose([a, b]);
  });

  test('bad input names the problem', () => {
    const a = tf.tensor1d([0.1, 0.2]);
    const b = tf.tensor1d([0.1]);
    expect(() => relativePD(a, b)).toThrow(/same shape.*\[2\].*\[1\]/);
    expect(() => relativePD(a, a, 0)).toThrow(/epsilon must be > 0, but got 0/);
    tf.dispose([a, b]);
  });
});

test('absolutePD is the mean absolute difference', () => {
  const p1 = tf.tensor1d([0.2, 0.5, 0.1, 0.9]);
  const p2 = tf.tensor1d([0.6, 0.5, 0.3, 0.6]);
  expect(value(absolutePD(p1, p2))).toBeCloseTo((0.4 + 0 + 0.2 + 0.3) / 4, 6);
  expect(value(absolutePD(p1, p1))).toBe(0);
  tf.dispose([p1, p2]);
});

describe('top1Disagreement', () => {
  test('argmax of class distributions', () => {
    const a = tf.tensor2d([[0.9, 0.1, 0], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]]);
    const b = tf.tensor2d([[0.6, 0.3, 0.1], [0.5, 0.2, 0.3], [0.0, 0.1, 0.9], [0.5, 0.1, 0.4]]);
    expect(value(top1Disagreement(a, b))).toBeCloseTo(2 / 4, 6);
    expect(value(top1Disagreement(a, a))).toBe(0);
    tf.dispose([a, b]);
  });

  test('binary probabilities compare p > 0.5', () => {
    const a = tf.tensor1d([0.51, 0.49, 0.9, 0.1, 0.7]);
    const b = tf.tensor1d([0.49, 0.2, 0.6, 0.4, 0.55]);
    expect(value(top1Disagreement(a, b))).toBeCloseTo(1 / 5, 6);
    tf.dispose([a, b]);
  });
});

test('halfL1Distance is the total variation distance', () => {
  // ½(0.5 + 0.5 + 0) = 0.5 and ½(0.2 + 0.1 + 0.1) = 0.2 → mean 0.35.
  const a = tf.tensor2d([[1, 0, 0], [0.3, 0.3, 0.4]]);
  const b = tf.tensor2d([[0.5, 0.5, 0], [0.1, 0.4, 0.5]]);
  expect(value(halfL1Distance(a, b))).toBeCloseTo(0.35, 6);
  expect(value(halfL1Distance(a, a))).toBe(0);
  // Binary p is the distribution (p, 1 − p): ½(|Δp| + |Δp|) = |Δp|.
  const p = tf.tensor1d([0.2, 0.8]);
  const q = tf.tensor1d([0.5, 0.8]);
  expect(value(halfL1Distance(p, q))).toBeCloseTo(0.15, 6);
  tf.dispose([a, b, p, q]);
});

describe('topKSwapRate', () => {
  test('share of top-k items that differ, per user, averaged', () => {
    const s1 = tf.tensor2d([
      [0.9, 0.8, 0.7, 0.1, 0.0],  // top-2 {0, 1}
      [0.1, 0.2, 0.3, 0.4, 0.5],  // top-2 {3, 4}
    ]);
    const s2 = tf.tensor2d([
      [0.8, 0.9, 0.1, 0.2, 0.0],  // top-2 {0, 1}: same set, other order → 0 swapped
      [0.5, 0.2, 0.3, 0.4, 0.1],  // top-2 {0, 3}: one of two differs → 0.5
    ]);
    expect(value(topKSwapRate(s1, s2, 2))).toBeCloseTo(0.25, 6);
    expect(value(topKSwapRate(s1, s1, 2))).toBe(0);
    // k = all candidates: the sets are always equal.
    expect(value(topKSwapRate(s1, s2, 5))).toBe(0);
    // k = 1: user 0 {0} vs {1}, user 1 {4} vs {0} → both differ.
    expect(value(topKSwapRate(s1, s2, 1))).toBe(1);
    tf.dispose([s1, s2]);
  });

  test('bad k and shapes are rejected', () => {
    const s = tf.tensor2d([[1, 2, 3]]);
    const flat = tf.tensor1d([1, 2, 3]);
    expect(() => topKSwapRate(s, s, 0)).toThrow(/k must be an integer in 1\.\.3, but got 0/);
    expect(() => topKSwapRate(s, s, 4)).toThrow(/k must be an integer in 1\.\.3, but got 4/);
    expect(() => topKSwapRate(flat, flat, 1)).toThrow(/\[users, candidates\]/);
    tf.dispose([s, flat]);
  });
});

describe('pairwiseStats', () => {
  test('every pair of N replicas, with mean and sample sd', () => {
    const preds = [tf.tensor1d([0.2, 0.4]), tf.tensor1d([0.4, 0.4]), tf.tensor1d([0.2, 0.8])];
    // Pairs (0,1): mean(|−0.2|, 0) = 0.1; (0,2): mean(0, 0.4) = 0.2; (1,2): mean(0.2, 0.4) = 0.3.
    const stats = pairwiseStats(preds, absolutePD);
    expect(stats.values.length).toBe(3);
    stats.values.forEach((v, i) => expect(v).toBeCloseTo([0.1, 0.2, 0.3][i], 6));
    expect(stats.mean).toBeCloseTo(0.2, 6);
    expect(stats.std).toBeCloseTo(0.1, 6);  // sample sd of 0.1, 0.2, 0.3
    expect(stats.min).toBeCloseTo(0.1, 6);
    expect(stats.max).toBeCloseTo(0.3, 6);
    tf.dispose(preds);
  });

  test('identical replicas → 0; fewer than two → error', () => {
    const p = tf.tensor1d([0.3, 0.7]);
    expect(pairwiseStats([p, p, p], (a, b) => relativePD(a, b)).values).toEqual([0, 0, 0]);
    expect(() => pairwiseStats([p], absolutePD)).toThrow(/at least 2 replicas, but got 1/);
    p.dispose();
  });

  test('summarize of one value has sd 0', () => {
    expect(summarize([0.5])).toEqual({mean: 0.5, std: 0, min: 0.5, max: 0.5, values: [0.5]});
  });
});

describe('rocAuc', () => {
  test('hand-computed, with ties counted half', () => {
    // Positives 0.35, 0.8; negatives 0.1, 0.4: pairs won 0.35>0.1, 0.8>0.1, 0.8>0.4 → 3/4.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    // A tie between a positive and a negative counts ½: (1 + 0.5) / 2.
    expect(rocAuc([0.5, 0.5, 0.9], [0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0.1, 0.2], [1, 0])).toBe(0);
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});
