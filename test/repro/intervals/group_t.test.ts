/**
 * Init groups and the interval methods built on them: the t-interval over
 * groups on a case computed by hand; Student's t quantiles against printed
 * tables; the experiment's plan with groups (seeds, tasks, bad settings); and
 * the whole aggregation with groups against a re-implementation in this test
 * (explicit lists of resampled groups, replicas and examples, PD by the tensor
 * metrics of tensor_pd.ts, the delta method in its covariance form).
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {
  aggregateExperiment,
  deriveSeed,
  ExperimentConfig,
  planExperiment,
  relativePD,
  ReplicaOutput,
  seededRandom,
  WorkloadInfo
} from 'tfjs-smelu-repro';
import {bootstrapPlan, exampleBlocks, groupBootstrapPlan} from '../../../repro/src/intervals/bootstrap';
import {groupLogTIntervals, groupMeans, groupTIntervals, studentTCritical} from '../../../repro/src/intervals/group_t';
import {INTERVAL_METHODS, intervalWords, resampledText} from '../../../repro/src/intervals/methods';
import {replicaGroupSeeds} from '../../../repro/src/training/seeds';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
expectNoTensorLeaksPerTest();

test('studentTCritical: two-sided 95% quantiles of Student\'s t, as printed in tables', () => {
  // t(0.975; df) from a standard table.
  const table: [number, number][] = [[1, 12.7062], [2, 4.3027], [3, 3.1824], [7, 2.3646], [15, 2.1314], [30, 2.0423]];
  for (const [df, t] of table) expect(studentTCritical(df)).toBeCloseTo(t, 4);
  expect(studentTCritical(1e6)).toBeCloseTo(1.96, 2);
  expect(studentTCritical(7, 0.9)).toBeCloseTo(1.8946, 4);
  expect(() => studentTCritical(0)).toThrow('studentTCritical: df must be a finite number > 0, but got 0.');
  expect(() => studentTCritical(3, 1)).toThrow('studentTCritical: level must be in (0, 1), but got 1.');
});

describe('groupTIntervals on a case computed by hand: 3 groups, 2 activations', () => {
  // Group means of ReLU and of another activation (paired by group).
  const relu = {pd: {m: [0.2, 0.3, 0.25]}, loss: [1.0, 1.2, 1.1]};
  const other = {pd: {m: [0.1, 0.18, 0.14]}, loss: [0.9, 1.2, 1.2]};
  const {means, ratios} = groupTIntervals([relu, other], {reference: 0});
  const t2 = 4.302652729749464;  // t(0.975; 2)

  test('the ratio of means with the delta-method interval of its log', () => {
    // Means 0.25 and 0.14: ratio 0.56. z_g = a_g/0.14 − b_g/0.25 = −0.6/7, +0.6/7, 0; se = √(Σz²/(3·2)) = 0.6/(7√3).
    const se = 0.6 / (7 * Math.sqrt(3));
    expect(ratios[1]!.pdRatio.m.estimate).toBeCloseTo(0.56, 12);
    expect(ratios[1]!.pdRatio.m.lo).toBeCloseTo(0.56 * Math.exp(-t2 * se), 10);
    expect(ratios[1]!.pdRatio.m.hi).toBeCloseTo(0.56 * Math.exp(t2 * se), 10);
    // Loss: means 1.1 and 1.1, ratio 1, change 0; z_g = (a_g − b_g)/1.1 = −0.1/1.1, 0, +0.1/1.1 → Σz² = 0.02/1.21.
    const seLoss = Math.sqrt(0.02 / 1.21 / 6);
    expect(ratios[1]!.lossChangePct.estimate).toBeCloseTo(0, 10);
    expect(ratios[1]!.lossChangePct.lo).toBeCloseTo(100 * (Math.exp(-t2 * seLoss) - 1), 8);
    expect(ratios[1]!.lossChangePct.hi).toBeCloseTo(100 * (Math.exp(t2 * seLoss) - 1), 8);
  });

  test('own means: mean ± t·sd/√G; the reference against itself is exactly 1', () => {
    // ReLU's PD: mean 0.25, sd 0.05.
    // (jStat's t quantile agrees with the table value to about 1e-10.)
    expect(means[0].pd.m.lo).toBeCloseTo(0.25 - t2 * 0.05 / Math.sqrt(3), 9);
    expect(means[0].pd.m.hi).toBeCloseTo(0.25 + t2 * 0.05 / Math.sqrt(3), 9);
    expect(means[1].loss.estimate).toBeCloseTo(1.1, 12);
    expect(ratios[0]!.pdRatio.m).toEqual({estimate: 1, lo: 1, hi: 1});
    expect(groupTIntervals([relu]).ratios).toEqual([null]);
  });

  test('needs 2 groups or more, the same number for every activation', () => {
    expect(() => groupTIntervals([{pd: {m: [0.2]}, loss: [1]}]))
        .toThrow('groupTIntervals: needs at least 2 init groups, but got 1.');
    expect(() => groupTIntervals([relu, {pd: {m: [0.1, 0.2]}, loss: [1, 1]}])).toThrow(/same number of groups/);
  });
});

describe('groupLogTIntervals on a case computed by hand: 3 groups, 2 activations', () => {
  const relu = {pd: {m: [0.2, 0.4, 0.1]}, loss: [1.0, 1.2, 1.1]};
  const other = {pd: {m: [0.1, 0.4, 0.4]}, loss: [0.9, 1.2, 1.21]};
  const {means, ratios} = groupLogTIntervals([relu, other], {reference: 0});
  const t2 = 4.302652729749464;  // t(0.975; 2)

  test('the geometric mean of the groups\' ratios with the t-interval of their logs', () => {
    // Ratios 1/2, 1, 4: logs −ln 2, 0, 2 ln 2; mean ln 2 / 3; sd = ln 2 · √((16/9 + 1/9 + 25/9) / 2) = ln 2 · √(7/3).
    const m = Math.log(2) / 3, sd = Math.log(2) * Math.sqrt(7 / 3);
    expect(ratios[1]!.pdRatio.m.estimate).toBeCloseTo(2 ** (1 / 3), 12);
    expect(ratios[1]!.pdRatio.m.lo).toBeCloseTo(Math.exp(m - t2 * sd / Math.sqrt(3)), 9);
    // (jStat's t quantile agrees with the table value to about 1e-10; the upper bound is 17.5.)
    expect(ratios[1]!.pdRatio.m.hi).toBeCloseTo(Math.exp(m + t2 * sd / Math.sqrt(3)), 6);
    // Loss ratios 0.9, 1, 1.1: the change is 100·(geometric mean − 1).
    const logs = [Math.log(0.9), 0, Math.log(1.1)];
    const lm = (logs[0] + logs[2]) / 3;
    const lsd = Math.sqrt(logs.reduce((a, x) => a + (x - lm) ** 2, 0) / 2);
    expect(ratios[1]!.lossChangePct.estimate).toBeCloseTo(100 * (Math.exp(lm) - 1), 10);
    expect(ratios[1]!.lossChangePct.lo).toBeCloseTo(100 * (Math.exp(lm - t2 * lsd / Math.sqrt(3)) - 1), 7);
    expect(ratios[1]!.lossChangePct.hi).toBeCloseTo(100 * (Math.exp(lm + t2 * lsd / Math.sqrt(3)) - 1), 7);
  });

  test('own means as group-t gives them; the reference against itself is exactly 1', () => {
    expect(means).toEqual(groupTIntervals([relu, other], {reference: 0}).means);
    expect(ratios[0]!.pdRatio.m).toEqual({estimate: 1, lo: 1, hi: 1});
  });

  test('one group far from the others moves it by its log, where the ratio of means follows that group', () => {
    // Within a batch a smooth activation's group PDs span orders of magnitude: one group 1000× the others.
    const smooth = {pd: {m: [1e-6, 1e-6, 1e-3]}, loss: [1, 1, 1]};
    const flat = {pd: {m: [1e-2, 1e-2, 1e-2]}, loss: [1, 1, 1]};
    const logT = groupLogTIntervals([flat, smooth], {reference: 0}).ratios[1]!.pdRatio.m;
    const deltaT = groupTIntervals([flat, smooth], {reference: 0}).ratios[1]!.pdRatio.m;
    expect(logT.estimate).toBeCloseTo(1e-3, 12);                     // (1e-4 · 1e-4 · 1e-1)^(1/3)
    expect(deltaT.estimate).toBeCloseTo((1.002e-3 / 3) / 1e-2, 12);  // the third group's share
    expect(logT.lo).toBeLessThan(logT.estimate);
    expect(logT.hi).toBeGreaterThan(logT.estimate);
  });

  test('a group with a PD of exactly 0 has no log ratio: the bounds are NaN', () => {
    const zero = {pd: {m: [0, 0.2, 0.2]}, loss: [1, 1, 1]};
    const r = groupLogTIntervals([relu, zero], {reference: 0}).ratios[1]!.pdRatio.m;
    expect(r.estimate).toBe(0);
    expect(r.lo).toBeNaN();
    expect(r.hi).toBeNaN();
  });

  test('needs 2 groups or more; its words and what it resampled', () => {
    expect(() => groupLogTIntervals([{pd: {m: [0.2]}, loss: [1]}]))
        .toThrow('groupLogTIntervals: needs at least 2 init groups, but got 1.');
    expect(intervalWords('group-log-t', 4))
        .toBe('t-intervals over 4 init groups (group-log-t: ratios are geometric means)');
    expect(resampledText('group-t', 2, 2))
        .toMatch(/^nothing \(a t-interval over the 2 init groups' means, 1 degree of freedom;/);
    expect(resampledText('group-log-t', 4, 2))
        .toMatch(/^nothing \(a t-interval over the 4 init groups' means, 3 degrees of freedom; ratios: the geometric/);
  });
});

test('groupMeans: each group\'s mean over its own pairs, replicas and every example', () => {
  // 2 groups of 3 replicas: pairs (0,1), (0,2), (1,2), (3,4), (3,5), (4,5); 2 blocks of sizes 1 and 2.
  const pd = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);  // [pairs × blocks]
  const loss = Float64Array.from([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);   // [replicas × blocks]
  const g = groupMeans({pd: {m: pd}, loss, groups: 2}, Int32Array.from([1, 2]), 6);
  expect(g.pd.m[0]).toBeCloseTo((1 + 2 + 3 + 4 + 5 + 6) / (3 * 3), 12);
  expect(g.pd.m[1]).toBeCloseTo((7 + 8 + 9 + 10 + 11 + 12) / (3 * 3), 12);
  expect(g.loss).toEqual([expect.closeTo(12 / 9, 12), expect.closeTo(30 / 9, 12)]);
});

const baseConfig = (over: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
  variants: [{activation: 'relu'}, {activation: 'smelu'}],
  replicas: 3,
  epochs: 1,
  batchSize: 8,
  learningRate: 0.01,
  seed: 11,
  regime: {init: 'same', order: 'different'},
  shuffle: 'window:4',
  norm: 'none',
  topK: 1,
  bootstrapDraws: 40,
  ...over,
});

describe('planExperiment with init groups', () => {
  test('tasks carry their group, seeds and base-order seed; one group is the plan it always was', () => {
    const plan = planExperiment(baseConfig({groups: 2}));
    expect(plan.config).toMatchObject({groups: 2, interval: 'bootstrap', shuffle: 'window:4'});
    expect(plan.tasks).toHaveLength(2 * 2 * 3);
    const seeds = replicaGroupSeeds(2, 3, 11, {init: 'same', order: 'different'});
    plan.tasks.forEach((t, i) => {
      expect(t).toEqual({id: i, variant: Math.floor(i / 6), replica: i % 6, ...seeds[i % 6]});
    });
    const one = planExperiment(baseConfig());
    expect(one.config).toMatchObject({groups: 1, interval: 'bootstrap'});
    expect(one.tasks.map((t) => [t.initSeed, t.orderSeed, t.dataSeed, t.group])).toEqual([
      0, 1, 2, 0, 1, 2
    ].map((r) => [deriveSeed(11, 'init', 0), deriveSeed(11, 'order', r), 11, 0]));
  });

  test('bad settings: one error naming the setting (or its flag) and the value', () => {
    expect(INTERVAL_METHODS).toEqual(['bootstrap', 'group-bootstrap', 'group-t', 'group-log-t']);
    const bad: [Partial<ExperimentConfig>, string][] = [
      [{groups: 0}, 'groups must be an integer ≥ 1, but got 0.'],
      [{groups: 1.5}, 'groups must be an integer ≥ 1, but got 1.5.'],
      [
        {interval: 'jackknife' as 'group-t'},
        'interval must be one of bootstrap, group-bootstrap, group-t, group-log-t, but got the string "jackknife".'
      ],
      [
        {interval: 'group-t'},
        'interval group-t needs groups ≥ 2 (independent init groups), but got groups 1 (the default).'
      ],
      [
        {interval: 'group-bootstrap', groups: 1},
        'interval group-bootstrap needs groups ≥ 2 (independent init groups), but got groups 1.'
      ],
      [
        {shuffle: 'window:0' as 'window:1'},
        'shuffle must be one of example, batch, none or window:W (W an integer ≥ 1), but got the string "window:0".'
      ],
    ];
    for (const [over, message] of bad) expect(() => planExperiment(baseConfig(over))).toThrow(message);
    expect(
        () => planExperiment(
            baseConfig({interval: 'group-t', groups: 3}),
            {interval: {name: '--interval'}, groups: {name: '--groups', text: '1'}}))
        .not.toThrow();
  });
});

/**
 * Binary predictions of G groups × r replicas per variant: each group has its own centre (its initialization),
 * each replica its own noise; the second variant's noise is smaller.
 */
function groupedOutputs(variants: number, groups: number, perGroup: number, n: number): ReplicaOutput[] {
  const rng = seededRandom('grouped');
  const outputs: ReplicaOutput[] = [];
  const centres = Array.from({length: groups}, () => Float32Array.from({length: n}, () => 0.2 + 0.6 * rng()));
  for (let v = 0; v < variants; v++) {
    for (let g = 0; g < groups; g++) {
      const spread = (0.1 + 0.1 * rng()) / (v + 1);  // each group's replicas disagree by a different amount
      for (let j = 0; j < perGroup; j++) {
        const r = g * perGroup + j;
        const probabilities = centres[g].map((p) => Math.min(0.999, Math.max(0.001, p + (rng() - 0.5) * spread)));
        const exampleLosses = Float32Array.from({length: n}, () => 0.3 + rng() + 0.1 * g);
        outputs.push({
          task:
              {id: v * groups * perGroup + r, variant: v, replica: r, group: g, initSeed: g, orderSeed: r, dataSeed: g},
          probabilities,
          exampleLosses,
          evalLoss: exampleLosses.reduce((a, b) => a + b, 0) / n,
          seconds: 0,
        });
      }
    }
  }
  return outputs;
}

/** The mean relative PD (tensor metric) over explicit lists of (weighted) replica pairs and of examples. */
function explicitPD(
    outputs: ReplicaOutput[], variant: number, R: number, pairs: [number, number, number][],
    examples: number[]): number {
  let total = 0, weight = 0;
  for (const [r, s, w] of pairs) {
    if (w === 0) continue;
    const a = tf.tensor1d(examples.map((e) => outputs[variant * R + r].probabilities[e]));
    const b = tf.tensor1d(examples.map((e) => outputs[variant * R + s].probabilities[e]));
    const d = relativePD(a, b);
    total += w * d.dataSync()[0];
    weight += w;
    tf.dispose([a, b, d]);
  }
  return total / weight;
}

const examplesOf = (blocks: Int32Array, counts: ArrayLike<number>) => {
  const list: number[] = [];
  Array.from(counts).forEach((c, k) => {
    for (let t = 0; t < c; t++) blocks.forEach((b, i) => (b === k ? list.push(i) : undefined));
  });
  return list;
};

const quantiles = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const h = (s.length - 1) * q, lo = Math.floor(h);
    return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
  };
  return {lo: at(0.025), hi: at(0.975)};
};

describe('aggregateExperiment with 4 init groups of 3 replicas, against an explicit computation', () => {
  const G = 4, r = 3, R = G * r, n = 230, draws = 40;
  const outputs = groupedOutputs(2, G, r, n);
  const info: WorkloadInfo = {
    name: 'synthetic',
    description: 'synthetic',
    source: 'test',
    kind: 'binary',
    numClasses: 1,
    numTrain: 0,
    numEval: n,
    evalLabels: Float32Array.from({length: n}, (_, i) => i % 2),
    batchesPerReplica: 1,
  };
  const aggregate = (interval: 'bootstrap'|'group-bootstrap'|'group-t'|'group-log-t') => aggregateExperiment(
      info, planExperiment(baseConfig({groups: G, replicas: r, interval, bootstrapDraws: draws})), outputs,
      {backend: 'cpu', startedAt: new Date(0), seconds: 0});
  const result = aggregate('group-t');
  const seed = deriveSeed(11, 'bootstrap');
  const blocks = exampleBlocks(n, 200, seed);
  const all = Array.from({length: n}, (_, i) => i);
  const withinGroup: [number, number][] = [];
  for (let g = 0; g < G; g++)
    for (let a = 0; a < r; a++)
      for (let b = a + 1; b < r; b++) withinGroup.push([g * r + a, g * r + b]);

  test('layout, per-pair and per-group values', () => {
    expect(result.layout).toEqual({groups: G, replicasPerGroup: r, pairs: withinGroup});
    expect(result.interval).toEqual({method: 'group-t', level: 0.95});
    const relu = result.variants[0];
    expect(relu.relativePD!.values).toHaveLength(G * 3);
    expect(relu.evalLoss.values).toHaveLength(R);
    for (let g = 0; g < G; g++) {
      const groupPairs =
          withinGroup.filter(([a]) => Math.floor(a / r) === g).map(([a, b]) => [a, b, 1] as [number, number, number]);
      expect(relu.groupMeans.pd.relativePD[g]).toBeCloseTo(explicitPD(outputs, 0, R, groupPairs, all), 5);
      const losses = outputs.slice(g * r, g * r + r).map((o) => o.evalLoss);
      expect(relu.groupMeans.loss[g]).toBeCloseTo(losses.reduce((a, b) => a + b) / r, 5);
    }
    expect(Object.keys(relu.intervals).sort()).toEqual(['bootstrap', 'group-bootstrap', 'group-log-t', 'group-t']);
    // The same numbers whichever method the verdict reads; only the selection differs.
    expect(aggregate('bootstrap').variants[1].intervals).toEqual(result.variants[1].intervals);
  });

  test('group-t: the delta method in its covariance form over the explicit group means', () => {
    const group = (v: number) => Array.from(
        {length: G},
        (_, g) => explicitPD(
            outputs, v, R, withinGroup.filter(([a]) => Math.floor(a / r) === g).map(([a, b]) => [a, b, 1]), all));
    const [a, b] = [group(1), group(0)];
    const mean = (x: number[]) => x.reduce((p, q) => p + q) / x.length;
    const cov = (x: number[], y: number[]) =>
        x.reduce((p, xi, i) => p + (xi - mean(x)) * (y[i] - mean(y)), 0) / (x.length - 1);
    const ma = mean(a), mb = mean(b);
    // Var(log Ā − log B̄) ≈ (s_a²/Ā² + s_b²/B̄² − 2 s_ab/(Ā B̄)) / G
    const se = Math.sqrt((cov(a, a) / ma ** 2 + cov(b, b) / mb ** 2 - 2 * cov(a, b) / (ma * mb)) / G);
    const t = 3.182446305284263;  // t(0.975; 3)
    const ratio = result.variants[1].vsRelu!.pdRatio;
    expect(ratio.estimate).toBeCloseTo(ma / mb, 5);
    expect(ratio.lo).toBeCloseTo(ma / mb * Math.exp(-t * se), 5);
    expect(ratio.hi).toBeCloseTo(ma / mb * Math.exp(t * se), 5);
    expect(result.verdict[0]).toContain(`(95% CI ${ratio.lo.toFixed(2)}–${ratio.hi.toFixed(2)})`);
    expect(result.verdict[0]).not.toMatch(/covers eval examples only/);
    expect(result.bootstrap.resampled)
        .toMatch(/^nothing \(a t-interval over the 4 init groups' means, 3 degrees of freedom/);
  });

  test('group-log-t: the t-interval of the explicit groups\' log ratios', () => {
    const group = (v: number) => Array.from(
        {length: G},
        (_, g) => explicitPD(
            outputs, v, R, withinGroup.filter(([a]) => Math.floor(a / r) === g).map(([a, b]) => [a, b, 1]), all));
    const logs = group(1).map((x, g) => Math.log(x / group(0)[g]));
    const m = logs.reduce((p, q) => p + q) / G;
    const sd = Math.sqrt(logs.reduce((p, x) => p + (x - m) ** 2, 0) / (G - 1));
    const t = 3.182446305284263;  // t(0.975; 3)
    const logT = aggregate('group-log-t');
    const ratio = logT.variants[1].vsRelu!.pdRatio;
    expect(ratio.estimate).toBeCloseTo(Math.exp(m), 5);
    expect(ratio.lo).toBeCloseTo(Math.exp(m - t * sd / Math.sqrt(G)), 5);
    expect(ratio.hi).toBeCloseTo(Math.exp(m + t * sd / Math.sqrt(G)), 5);
    expect(logT.variants[1].relativePDRatioVsRelu).toBe(ratio.estimate);
    expect(logT.interval).toEqual({method: 'group-log-t', level: 0.95});
  });

  test('group-bootstrap: explicit lists of drawn groups (with all their pairs) and of examples', () => {
    const plan = groupBootstrapPlan({groups: G, replicasPerGroup: r, blocks: 200, draws, seed});
    const ratios: number[] = [];
    for (let d = 0; d < draws; d++) {
      const examples = examplesOf(blocks, plan.blockCounts[d]);
      // Each group drawn k times contributes its pairs k times.
      const counts = Array.from({length: G}, (_, g) => plan.replicaCounts[d][g * r]);
      const pairs = withinGroup.map(([x, y]) => [x, y, counts[Math.floor(x / r)]] as [number, number, number]);
      ratios.push(explicitPD(outputs, 1, R, pairs, examples) / explicitPD(outputs, 0, R, pairs, examples));
    }
    const expected = quantiles(ratios);
    const got = aggregate('group-bootstrap').variants[1].vsRelu!.pdRatio;
    expect(got.lo).toBeCloseTo(expected.lo, 5);
    expect(got.hi).toBeCloseTo(expected.hi, 5);
  });

  test('bootstrap: replicas resampled within each group, pairs weighted by their counts, explicit lists', () => {
    const plan = bootstrapPlan({replicas: R, groups: G, blocks: 200, draws, seed});
    const ratios: number[] = [];
    for (let d = 0; d < draws; d++) {
      const examples = examplesOf(blocks, plan.blockCounts[d]);
      // Expand the counts into a list of drawn replicas per group; every two positions with distinct replicas of one
      // group form a pair.
      const pairs: [number, number, number][] = [];
      for (let g = 0; g < G; g++) {
        const list: number[] = [];
        for (let x = g * r; x < (g + 1) * r; x++)
          for (let k = 0; k < plan.replicaCounts[d][x]; k++) list.push(x);
        for (let i = 0; i < list.length; i++)
          for (let j = i + 1; j < list.length; j++)
            if (list[i] !== list[j]) pairs.push([list[i], list[j], 1]);
      }
      ratios.push(explicitPD(outputs, 1, R, pairs, examples) / explicitPD(outputs, 0, R, pairs, examples));
    }
    const expected = quantiles(ratios);
    const got = aggregate('bootstrap').variants[1].vsRelu!.pdRatio;
    expect(got.lo).toBeCloseTo(expected.lo, 5);
    expect(got.hi).toBeCloseTo(expected.hi, 5);
  });
});

test('two replicas per group: the replica bootstrap covers eval examples only, and the verdict says so', () => {
  const outputs = groupedOutputs(2, 3, 2, 50);
  const info: WorkloadInfo = {
    name: 'synthetic',
    description: 'synthetic',
    source: 'test',
    kind: 'binary',
    numClasses: 1,
    numTrain: 0,
    numEval: 50,
    evalLabels: Float32Array.from({length: 50}, (_, i) => i % 2),
    batchesPerReplica: 1,
  };
  const run = {backend: 'cpu', startedAt: new Date(0), seconds: 0};
  const boot = aggregateExperiment(info, planExperiment(baseConfig({groups: 3, replicas: 2})), outputs, run);
  expect(boot.verdict[0]).toMatch(/\[2 replicas per group: the interval covers eval examples only\]$/);
  expect(boot.bootstrap.resampled)
      .toMatch(/^eval examples only .* with 2 replicas per group there is a single pair in each group/);
  const grouped = aggregateExperiment(
      info, planExperiment(baseConfig({groups: 3, replicas: 2, interval: 'group-bootstrap'})), outputs, run);
  expect(grouped.verdict[0]).not.toMatch(/eval examples only/);
  expect(grouped.bootstrap.resampled)
      .toMatch(/^init groups \(with replacement, each drawn group with all its 2 replicas/);
});
