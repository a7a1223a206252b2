/**
 * The aggregation of a ranking workload: the top-k swap rate, a per-pair
 * metric of the registry, goes through the same interval machinery as the
 * per-example metrics. Checked against a re-implementation in this test: the
 * per-pair values by the tensor topKSwapRate, the group-t ratio by the delta
 * method in its covariance form over explicit group means, the replica
 * bootstrap by explicit lists of drawn replicas; with 2 replicas per group
 * the bootstrap has no interval for it and the verdict says so; the table,
 * the verdict and the plot show it next to relative PD.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {
  aggregateExperiment,
  ExperimentConfig,
  formatResultsTable,
  planExperiment,
  ReplicaOutput,
  seededRandom,
  topKSwapRate,
  WorkloadInfo,
} from 'tfjs-smelu-repro';
import {bootstrapPlan} from '../../../repro/src/intervals/bootstrap';
import {intervalMetrics, metricPlotSpec} from '../../../repro/src/report/plots';
import {deriveSeed} from '../../../repro/src/training/random';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
expectNoTensorLeaksPerTest();

const USERS = 30, CANDIDATES = 8, K = 3, N = 60;

const config = (over: Partial<ExperimentConfig>): ExperimentConfig => ({
  variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}],
  replicas: 3,
  epochs: 1,
  batchSize: 8,
  learningRate: 1e-3,
  seed: 5,
  regime: {init: 'same', order: 'different'},
  shuffle: 'batch',
  norm: 'none',
  topK: K,
  bootstrapDraws: 60,
  ...over,
});

/** Predictions and ranking scores of G groups × r replicas per variant; the second variant's noise is smaller. */
function rankingOutputs(groups: number, perGroup: number): ReplicaOutput[] {
  const rng = seededRandom('ranking-outputs');
  const outputs: ReplicaOutput[] = [];
  const centres = Array.from({length: groups}, () => Float32Array.from({length: USERS * CANDIDATES}, () => rng()));
  for (let v = 0; v < 2; v++) {
    for (let g = 0; g < groups; g++) {
      const spread = (0.2 + 0.3 * rng()) / (v + 1);
      for (let j = 0; j < perGroup; j++) {
        const r = g * perGroup + j;
        const ranking = centres[g].map((s) => s + (rng() - 0.5) * spread);
        const probabilities = Float32Array.from({length: N}, () => 0.2 + 0.6 * rng());
        const exampleLosses = Float32Array.from({length: N}, () => 0.3 + rng());
        outputs.push({
          task: {
            id: v * groups * perGroup + r,
            variant: v,
            replica: r,
            group: g,
            initSeed: g,
            orderSeed: r,
            dataSeed: g,
          },
          probabilities,
          exampleLosses,
          ranking,
          evalLoss: exampleLosses.reduce((a, b) => a + b, 0) / N,
          seconds: 0,
        });
      }
    }
  }
  return outputs;
}

const info: WorkloadInfo = {
  name: 'ranking',
  description: 'ranking',
  source: 'test',
  kind: 'binary',
  numClasses: 1,
  numTrain: 0,
  numEval: N,
  evalLabels: Float32Array.from({length: N}, (_, i) => i % 2),
  ranking: {users: USERS, candidates: CANDIDATES},
  batchesPerReplica: 1,
};
const run = {
  backend: 'cpu',
  startedAt: new Date(0),
  seconds: 0
};

/** The top-k swap rate of two replicas by the tensor metric. */
function swap(outputs: ReplicaOutput[], a: number, b: number): number {
  const s1 = tf.tensor2d(outputs[a].ranking!, [USERS, CANDIDATES]);
  const s2 = tf.tensor2d(outputs[b].ranking!, [USERS, CANDIDATES]);
  const rate = topKSwapRate(s1, s2, K);
  const value = rate.dataSync()[0];
  tf.dispose([s1, s2, rate]);
  return value;
}

const mean = (x: number[]) => x.reduce((p, q) => p + q) / x.length;

describe('4 init groups of 3 replicas', () => {
  const G = 4, r = 3, R = G * r;
  const outputs = rankingOutputs(G, r);
  const pairs: [number, number][] = [];
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < r; a++)
      for (let b = a + 1; b < r; b++) pairs.push([g * r + a, g * r + b]);
  }
  const values = (v: number) => pairs.map(([a, b]) => swap(outputs, v * R + a, v * R + b));
  const aggregate = (over: Partial<ExperimentConfig>) =>
      aggregateExperiment(info, planExperiment(config(over)), outputs, run);

  test('per-pair values and group means; the t-interval of the ratio by the delta method over the group means', () => {
    const result = aggregate({groups: G, replicas: r, interval: 'group-t'});
    const [relu, smelu] = [values(0), values(1)];
    result.variants[0].topKSwap!.values.forEach((x, p) => expect(x).toBeCloseTo(relu[p], 6));
    result.variants[1].topKSwap!.values.forEach((x, p) => expect(x).toBeCloseTo(smelu[p], 6));
    const groupMean = (x: number[]) => Array.from({length: G}, (_, g) => mean(x.slice(g * 3, g * 3 + 3)));
    const [a, b] = [groupMean(smelu), groupMean(relu)];
    result.variants[1].groupMeans.pd.topKSwap.forEach((x, g) => expect(x).toBeCloseTo(a[g], 6));
    const cov = (x: number[], y: number[]) =>
        x.reduce((p, xi, i) => p + (xi - mean(x)) * (y[i] - mean(y)), 0) / (x.length - 1);
    const ma = mean(a), mb = mean(b);
    const se = Math.sqrt((cov(a, a) / ma ** 2 + cov(b, b) / mb ** 2 - 2 * cov(a, b) / (ma * mb)) / G);
    const t = 3.182446305284263;  // t(0.975; 3)
    const ratio = result.variants[1].vsReluByMetric!.topKSwap!.pdRatio;
    expect(ratio.estimate).toBeCloseTo(ma / mb, 6);
    expect(ratio.lo).toBeCloseTo(ma / mb * Math.exp(-t * se), 6);
    expect(ratio.hi).toBeCloseTo(ma / mb * Math.exp(t * se), 6);
    // The verdict: the headline line, then the top-k line, read from the same interval.
    expect(result.verdict).toHaveLength(2);
    expect(result.verdict[0]).toMatch(/^SmeLU β=1: relative PD /);
    expect(result.verdict[1]).toBe(result.variants[1].vsReluByMetric!.topKSwap!.sentence);
    expect(result.verdict[1])
        .toContain(
            `SmeLU β=1: top-3 swap ${ratio.estimate.toFixed(2)}× ReLU's ` +
            `(95% CI ${ratio.lo.toFixed(2)}–${ratio.hi.toFixed(2)}), `);
  });

  test('the replica bootstrap: explicit lists of drawn replicas within each group', () => {
    const result = aggregate({groups: G, replicas: r});
    const seed = deriveSeed(5, 'bootstrap');
    const plan = bootstrapPlan({replicas: R, groups: G, blocks: Math.min(200, N), draws: 60, seed});
    const [relu, smelu] = [values(0), values(1)];
    const ratios = plan.replicaCounts
                       .map((counts) => {
                         let sa = 0, sb = 0, w = 0;
                         pairs.forEach(([x, y], p) => {
                           const weight = counts[x] * counts[y];
                           sa += weight * smelu[p];
                           sb += weight * relu[p];
                           w += weight;
                         });
                         return (sa / w) / (sb / w);
                       })
                       .sort((x, y) => x - y);
    const at = (q: number) => {
      const h = (ratios.length - 1) * q, lo = Math.floor(h);
      return ratios[lo] + (h - lo) * (ratios[Math.min(lo + 1, ratios.length - 1)] - ratios[lo]);
    };
    const ratio = result.variants[1].intervals.bootstrap!.vsRelu!.pdRatio.topKSwap;
    expect(ratio.lo).toBeCloseTo(at(0.025), 6);
    expect(ratio.hi).toBeCloseTo(at(0.975), 6);
    expect(result.variants[1].vsReluByMetric!.topKSwap!.pdRatio).toEqual(ratio);
  });

  test('the table and the plot show it next to relative PD', () => {
    const result = aggregate({groups: G, replicas: r, interval: 'group-t'});
    const table = formatResultsTable(result).split('\n');
    expect(table[0]).toMatch(/relative PD \[95% CI\]\s+PD \/ ReLU \[95% CI\]\s+top-1 disagree\s+/);
    expect(table[0]).toMatch(/\s+top-1 disagree\s+top-3 swap \[95% CI\]\s+top-3 swap \/ ReLU \[95% CI\]$/);
    const ratio = result.variants[1].vsReluByMetric!.topKSwap!.pdRatio;
    expect(table[3]).toContain(`${ratio.estimate.toFixed(2)}× [${ratio.lo.toFixed(2)}×, ${ratio.hi.toFixed(2)}×]`);
    expect(table[2]).toMatch(/\d+\.\d% \[\d+\.\d%, \d+\.\d%\]\s+1×$/);
    expect(intervalMetrics(result)).toEqual(['topKSwap']);
    const spec = metricPlotSpec(result, 'topKSwap') as {data: {values: {mean: number, lo: number}[]}, title: string};
    expect(spec.title).toMatch(/^top-3 swap per activation/);
    const means = result.variants.map((v) => v.intervals['group-t']!.means.pd.topKSwap.estimate);
    expect(spec.data.values.map((x) => x.mean)).toEqual(means);
  });
});

test('two replicas per group: the bootstrap has no interval for a per-pair metric, and the verdict says so', () => {
  const outputs = rankingOutputs(3, 2);
  const result = aggregateExperiment(info, planExperiment(config({groups: 3, replicas: 2})), outputs, run);
  const ratio = result.variants[1].vsReluByMetric!.topKSwap!;
  expect([Number.isNaN(ratio.pdRatio.lo), Number.isNaN(ratio.pdRatio.hi), ratio.pd]).toEqual([
    true, true, 'not resolved'
  ]);
  expect(Number.isNaN(result.variants[1].intervals.bootstrap!.means.pd.topKSwap.lo)).toBe(true);
  // The per-example metrics keep their (eval-example) intervals.
  expect(Number.isFinite(result.variants[1].vsRelu!.pdRatio.lo)).toBe(true);
  expect(result.verdict[1])
      .toMatch(/^SmeLU β=1: top-3 swap \d\.\d\d× ReLU's, not resolved \(no interval: one value per replica pair/);
  // The group bootstrap resamples groups, so it has one.
  const groupPlan = planExperiment(config({groups: 3, replicas: 2, interval: 'group-bootstrap'}));
  const grouped = aggregateExperiment(info, groupPlan, outputs, run);
  expect(Number.isFinite(grouped.variants[1].vsReluByMetric!.topKSwap!.pdRatio.lo)).toBe(true);
});
