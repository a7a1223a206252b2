/**
 * The PD metric registry: every entry's host function (float64, per example
 * or per pair) against its tensor twin of tensor_pd.ts on the cpu backend
 * (their means must agree, ties included for the top-k swap rate), the
 * regression and true-class terms by hand, which metrics apply to which
 * outputs, and the headline of each kind. A new metric adds its entry and its
 * case to TWINS (or a hand-computed test).
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import type {PDContext, PDMetric} from 'tfjs-smelu-repro';
import {
  absolutePD,
  halfL1Distance,
  PD_METRICS,
  RELATIVE_PD_EPSILON,
  relativePD,
  seededRandom,
  top1Disagreement,
  topKSwapRate,
} from 'tfjs-smelu-repro';
import {regressionScale} from '../../../repro/src/metrics/example_pd';
import {formatMetricValue, PD_METRIC_NAMES, pdMetricsFor} from '../../../repro/src/metrics/registry';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
expectNoTensorLeaksPerTest();

const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;
const context = (numClasses: number, extra: Partial<PDContext> = {}): PDContext => ({
  kind: numClasses === 1 ? 'binary' : 'multiclass',
  numClasses,
  evalLabels: [],
  regressionScale: null,
  ranking: null,
  ...extra,
});
/** One probability per example: the first column of two-class distributions. */
const firstColumn = (d: Float32Array) => Float32Array.from(d.filter((_, i) => i % 2 === 0));

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

/** The per-example metrics with a tensor twin: the mean of the host terms is the tensor metric. */
const TWINS: [PDMetric, (a: tf.Tensor, b: tf.Tensor) => tf.Scalar][] = [
  ['relativePD', (a, b) => relativePD(a, b)],
  ['absolutePD', absolutePD],
  ['halfL1', halfL1Distance],
  ['top1Disagreement', top1Disagreement],
];

test.each([[1], [4]])('per-example terms average to the tensor metrics (%i class column(s))', (classes) => {
  const n = 300;
  const p1 = classes === 1 ? firstColumn(distributions(n, 2, 'a')) : distributions(n, classes, 'a');
  const p2 = classes === 1 ? firstColumn(distributions(n, 2, 'b')) : distributions(n, classes, 'b');
  const shape = classes === 1 ? [n] : [n, classes];
  const t1 = tf.tensor(p1, shape), t2 = tf.tensor(p2, shape);
  for (const [metric, twin] of TWINS) {
    const r = twin(t1, t2);
    const d = PD_METRICS[metric].perExample!({probabilities: p1}, {probabilities: p2}, context(classes));
    expect(d).toHaveLength(n);
    expect(mean(d)).toBeCloseTo(r.dataSync()[0], 5);
    r.dispose();
  }
  tf.dispose([t1, t2]);
});

test('the top-k swap rate per pair equals the tensor topKSwapRate, ties going to the lower index as in tf.topk', () => {
  const users = 40, candidates = 12;
  const rng = seededRandom('ranking');
  // Scores rounded to tenths: many ties.
  const scores = () => Float32Array.from({length: users * candidates}, () => Math.round(10 * rng()) / 10);
  const s1 = scores(), s2 = scores();
  const t1 = tf.tensor2d(s1, [users, candidates]), t2 = tf.tensor2d(s2, [users, candidates]);
  for (const k of [1, 3, 12]) {
    const reference = topKSwapRate(t1, t2, k);
    const none = new Float32Array(0);
    const perPair = PD_METRICS.topKSwap.perPair!;
    const host = perPair(
        {probabilities: none, ranking: s1}, {probabilities: none, ranking: s2},
        context(1, {ranking: {users, candidates, k}}));
    expect(host).toBeCloseTo(reference.dataSync()[0], 6);
    tf.dispose(reference);
  }
  tf.dispose([t1, t2]);
  expect(() => PD_METRICS.topKSwap.perPair!({probabilities: s1}, {probabilities: s2}, context(1)))
      .toThrow(/no ranking scores/);
});

test('true-class relative PD by hand, with the ε floor; label 0 of one probability compares 1 − p', () => {
  const p1 = Float32Array.from([0.8, 0.2, 0.4, 0.6, 1e-9, 1 - 1e-9]);
  const p2 = Float32Array.from([0.6, 0.4, 0.6, 0.4, 3e-9, 1 - 3e-9]);
  const trueClass = PD_METRICS.trueClassRelativePD.perExample!;
  const d = trueClass({probabilities: p1}, {probabilities: p2}, context(2, {evalLabels: [0, 1, 0]}));
  expect(d[0]).toBeCloseTo(0.2 / 0.7, 6);
  expect(d[1]).toBeCloseTo(0.2 / 0.5, 6);
  expect(d[2]).toBeCloseTo(2e-9 / RELATIVE_PD_EPSILON, 6);
  const [q1, q2] = [Float32Array.from([0.2, 0.9]), Float32Array.from([0.4, 0.7])];
  const binary = trueClass({probabilities: q1}, {probabilities: q2}, context(1, {evalLabels: [0, 1]}));
  expect(binary[0]).toBeCloseTo(0.2 / 0.7, 6);  // label 0: |0.8 − 0.6| / 0.7
  expect(binary[1]).toBeCloseTo(0.2 / 0.8, 6);
  expect(() => trueClass({probabilities: p1}, {probabilities: p2}, context(2)))
      .toThrow('trueClassRelativePD: needs 3 labels, but got 0');
  expect(() => PD_METRICS.halfL1.perExample!({probabilities: p1}, {probabilities: p2.subarray(1)}, context(2)))
      .toThrow('halfL1: predictions of 6 and 5 values do not fit 2 class(es)');
});

test('regression: relative PD is |p₁ − p₂| / mean |y| of the eval labels, absolute PD |p₁ − p₂|', () => {
  const labels = [2, -4, 0];
  const scale = regressionScale(labels);
  expect(scale).toBe(2);
  const a = {probabilities: Float32Array.from([1, -2, 0.5])}, b = {probabilities: Float32Array.from([1.5, -1, 0.5])};
  const c = context(1, {kind: 'regression', evalLabels: labels, regressionScale: scale});
  expect(Array.from(PD_METRICS.relativePD.perExample!(a, b, c))).toEqual([0.25, 0.5, 0]);
  expect(Array.from(PD_METRICS.absolutePD.perExample!(a, b, c))).toEqual([0.5, 1, 0]);
  expect(() => regressionScale([0, 0])).toThrow(/mean \|y\|, which is 0/);
});

test('which metrics apply: the headline first (relative PD: binary, regression; half-L1: distributions)', () => {
  expect(pdMetricsFor('binary')).toEqual(['relativePD', 'absolutePD', 'top1Disagreement']);
  expect(pdMetricsFor('binary', true)).toEqual(['relativePD', 'absolutePD', 'top1Disagreement', 'topKSwap']);
  expect(pdMetricsFor('multiclass')).toEqual([
    'halfL1', 'relativePD', 'absolutePD', 'top1Disagreement', 'trueClassRelativePD'
  ]);
  expect(pdMetricsFor('regression')).toEqual(['relativePD', 'absolutePD']);
  // Every entry has exactly one function and applies to something.
  for (const name of PD_METRIC_NAMES) {
    const m = PD_METRICS[name];
    expect([name, (m.perExample != null) !== (m.perPair != null), m.appliesTo.length > 0]).toEqual([name, true, true]);
  }
  const shown = [
    formatMetricValue('top1Disagreement', 0.1234), formatMetricValue('topKSwap', 0.1234),
    formatMetricValue('absolutePD', 0.1234), formatMetricValue('absolutePD', NaN)
  ];
  expect(shown).toEqual(['12.34%', '12.3%', '0.1234', 'n/a']);
});
