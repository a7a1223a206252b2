/**
 * The confidence intervals: quantiles by hand; the bootstrap on a tiny case
 * computed by hand with a fixed resampling plan; the bootstrap and the whole
 * aggregation against a straightforward re-implementation in this test
 * (explicit resampled replica lists and example lists, PD by the tensor
 * metrics of tensor_pd.ts, quantiles by sorting); the plan's properties; the
 * verdict's reading of intervals.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {
  absolutePD,
  aggregateExperiment,
  deriveSeed,
  planExperiment,
  relativePD,
  ReplicaOutput,
  seededRandom,
  top1Disagreement,
  WorkloadInfo
} from 'tfjs-smelu-repro';
import {comparisonVerdict} from '../../../repro/src/experiment/verdict';
import {
  BlockSums,
  blockSums,
  bootstrapIntervals,
  bootstrapPlan,
  exampleBlocks,
  groupBootstrapPlan,
  quantileSorted,
  replicaPairs,
  weightedMeans
} from '../../../repro/src/intervals/bootstrap';
import {expectNoTensorLeaksPerTest} from '../../support/leak_check';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
expectNoTensorLeaksPerTest();

test('quantileSorted interpolates linearly between order statistics (type 7)', () => {
  expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
  expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  // (n − 1)·q = 3·0.25 = 0.75 → 10 + 0.75·(20 − 10)
  expect(quantileSorted([10, 20, 30, 40], 0.25)).toBeCloseTo(17.5, 12);
  expect(quantileSorted([7], 0.975)).toBe(7);
});

describe('a tiny case by hand: 3 replicas, 2 examples (one per block), 2 activations, a fixed plan of 3 draws', () => {
  // Per-example PD of pairs (0,1), (0,2), (1,2), and per-example losses of replicas 0, 1, 2.
  const relu: BlockSums = {
    pd: {m: Float64Array.from([0.2, 0.4, 0.1, 0.3, 0.3, 0.5])},
    loss: Float64Array.from([1, 2, 2, 2, 3, 1])
  };
  const other: BlockSums = {
    pd: {m: Float64Array.from([0.1, 0.1, 0.2, 0.0, 0.1, 0.5])},
    loss: Float64Array.from([1, 1, 2, 3, 1, 1])
  };
  const sizes = Int32Array.from([1, 1]);
  const plan = {
    replicaCounts: [Int32Array.from([2, 1, 0]), Int32Array.from([0, 1, 2]), Int32Array.from([1, 1, 1])],
    blockCounts: [Int32Array.from([2, 0]), Int32Array.from([1, 1]), Int32Array.from([0, 2])],
  };
  // Draw 1: only pair (0,1) (weight 2·1), only example 0:   PD 0.2 vs 0.1 → ratio 0.5;  loss (2·1+2)/3 both → Δ 0.
  // Draw 2: only pair (1,2) (weight 1·2), both examples:    PD 0.4 vs 0.3 → ratio 0.75; loss 12/6 = 2 vs 9/6 = 1.5 → Δ
  // −25 %. Draw 3: every pair once, only example 1:                PD 0.4 vs 0.2 → ratio 0.5;  loss 5/3 vs 5/3 → Δ 0.
  // Point: PD 1.8/6 = 0.3 vs 1.0/6; loss 11/6 vs 9/6.
  const {means, ratios} = bootstrapIntervals([relu, other], sizes, plan, {reference: 0});

  test('point estimates are the plain means', () => {
    expect(means[0].pd.m.estimate).toBeCloseTo(0.3, 12);
    expect(means[1].pd.m.estimate).toBeCloseTo(1 / 6, 12);
    expect(ratios[1]!.pdRatio.m.estimate).toBeCloseTo((1 / 6) / 0.3, 12);
    expect(ratios[1]!.lossChangePct.estimate).toBeCloseTo(100 * (9 / 6 - 11 / 6) / (11 / 6), 10);
  });

  test('the intervals are the type-7 quantiles of the three draws', () => {
    // Ratios sorted [0.5, 0.5, 0.75]: h = 2·0.025 = 0.05 → 0.5; h = 2·0.975 = 1.95 → 0.5 + 0.95·0.25.
    expect(ratios[1]!.pdRatio.m.lo).toBeCloseTo(0.5, 12);
    expect(ratios[1]!.pdRatio.m.hi).toBeCloseTo(0.7375, 12);
    // Loss changes sorted [−25, 0, 0].
    expect(ratios[1]!.lossChangePct.lo).toBeCloseTo(-23.75, 10);
    expect(ratios[1]!.lossChangePct.hi).toBeCloseTo(0, 10);
    // The other activation's own PD over the draws: [0.1, 0.3, 0.2].
    expect(means[1].pd.m.lo).toBeCloseTo(0.105, 12);
    expect(means[1].pd.m.hi).toBeCloseTo(0.295, 12);
    // The reference against itself is exactly 1.
    expect(ratios[0]!.pdRatio.m).toEqual({estimate: 1, lo: 1, hi: 1});
  });

  test('weightedMeans of one draw by hand', () => {
    const m = weightedMeans(other, sizes, plan.replicaCounts[1], plan.blockCounts[1]);
    expect(m.pd.m).toBeCloseTo(0.3, 12);
    expect(m.loss).toBeCloseTo(1.5, 12);
  });
});

test('blockSums and exampleBlocks: every example in one block, near-equal blocks, seeded', () => {
  const blocks = exampleBlocks(23, 5, 3);
  const sizes = [0, 0, 0, 0, 0];
  for (const b of blocks) sizes[b]++;
  expect(sizes.sort()).toEqual([4, 5, 5, 5, 4].sort());
  expect(Array.from(exampleBlocks(23, 5, 3))).toEqual(Array.from(blocks));
  expect(Array.from(exampleBlocks(23, 5, 4))).not.toEqual(Array.from(blocks));
  const values = Float64Array.from({length: 46}, (_, i) => i);  // 2 rows of 23
  const sums = blockSums(values, 2, blocks, 5);
  const expected = new Array(10).fill(0);
  for (let r = 0; r < 2; r++)
    for (let i = 0; i < 23; i++) expected[r * 5 + blocks[i]] += values[r * 23 + i];
  expect(Array.from(sums)).toEqual(expected);
  expect(() => exampleBlocks(3, 4, 0)).toThrow('exampleBlocks: numBlocks must be an integer in 1..3, but got 4.');
});

test('bootstrapPlan: seeded, counts add up, never fewer than 2 distinct replicas', () => {
  const plan = bootstrapPlan({replicas: 3, blocks: 10, draws: 500, seed: 5});
  expect(bootstrapPlan({replicas: 3, blocks: 10, draws: 500, seed: 5})).toEqual(plan);
  expect(bootstrapPlan({replicas: 3, blocks: 10, draws: 500, seed: 6})).not.toEqual(plan);
  for (let b = 0; b < 500; b++) {
    expect(plan.replicaCounts[b].reduce((x, y) => x + y)).toBe(3);
    expect(plan.blockCounts[b].reduce((x, y) => x + y)).toBe(10);
    expect(plan.replicaCounts[b].filter((c) => c > 0).length).toBeGreaterThanOrEqual(2);
  }
  // With 3 replicas, P(all distinct) = 3!/3³ = 2/9 before the redraw of the 3/27 single-replica draws: 2/8 after.
  const allDistinct = plan.replicaCounts.filter((c) => c.every((k) => k === 1)).length / 500;
  expect(allDistinct).toBeGreaterThan(0.25 - 0.06);
  expect(allDistinct).toBeLessThan(0.25 + 0.06);
  expect(() => bootstrapPlan({replicas: 1, blocks: 1, draws: 1, seed: 0}))
      .toThrow('replicas must be an integer ≥ 2, but got 1');
});

test(
    'bootstrapPlan draws from one seeded stream: replicas (redrawn below 2 distinct), then blocks, draw by draw',
    () => {
      // The plan every run before init groups existed used, written out; one group must reproduce it draw for draw.
      const rng = seededRandom('bootstrap:9');
      const counts = (n: number) => {
        const c = new Array(n).fill(0);
        for (let i = 0; i < n; i++) c[Math.floor(rng() * n)]++;
        return c;
      };
      const expected = Array.from({length: 50}, () => {
        let c = counts(4);
        while (c.filter((k) => k > 0).length < 2) c = counts(4);
        return [c, counts(7)];
      });
      const plan = bootstrapPlan({replicas: 4, blocks: 7, draws: 50, seed: 9});
      expect(plan.replicaCounts.map((c, b) => [Array.from(c), Array.from(plan.blockCounts[b])])).toEqual(expected);
      expect(bootstrapPlan({replicas: 4, blocks: 7, draws: 50, seed: 9, groups: 1})).toEqual(plan);
      expect(plan.pairWeights).toBeUndefined();
    });

test('bootstrapPlan with init groups resamples replicas within each group, keeping a pair in every group', () => {
  const plan = bootstrapPlan({replicas: 9, groups: 3, blocks: 5, draws: 400, seed: 2});
  for (const c of plan.replicaCounts) {
    for (let g = 0; g < 3; g++) {
      const inGroup = Array.from(c.subarray(3 * g, 3 * g + 3));
      expect(inGroup.reduce((a, b) => a + b)).toBe(3);
      expect(inGroup.filter((k) => k > 0).length).toBeGreaterThanOrEqual(2);
    }
  }
  // Group by group from one stream, as in the one-group plan.
  const rng = seededRandom('bootstrap:2');
  const counts = (n: number) => {
    const c = new Array(n).fill(0);
    for (let i = 0; i < n; i++) c[Math.floor(rng() * n)]++;
    return c;
  };
  const first = [0, 1, 2].flatMap(() => {
    let c = counts(3);
    while (c.filter((k) => k > 0).length < 2) c = counts(3);
    return c;
  });
  expect(Array.from(plan.replicaCounts[0])).toEqual(first);
  expect(Array.from(plan.blockCounts[0])).toEqual(counts(5));
  expect(() => bootstrapPlan({replicas: 6, groups: 4, blocks: 1, draws: 1, seed: 0}))
      .toThrow('bootstrapPlan: groups must divide replicas into groups of at least 2, but got 4 groups of 6 replicas.');
  expect(() => bootstrapPlan({replicas: 6, groups: 3, blocks: 1, draws: 1, seed: 0})).not.toThrow();
  expect(() => bootstrapPlan({replicas: 6, groups: 6, blocks: 1, draws: 1, seed: 0})).toThrow(/groups of at least 2/);
});

test(
    'groupBootstrapPlan: whole groups with replacement; each drawn group weighs its count in every replica and pair',
    () => {
      const plan = groupBootstrapPlan({groups: 4, replicasPerGroup: 3, blocks: 6, draws: 300, seed: 5});
      expect(groupBootstrapPlan({groups: 4, replicasPerGroup: 3, blocks: 6, draws: 300, seed: 5})).toEqual(plan);
      const rng = seededRandom('group-bootstrap:5');
      const counts = (n: number) => {
        const c = new Array(n).fill(0);
        for (let i = 0; i < n; i++) c[Math.floor(rng() * n)]++;
        return c;
      };
      const d = counts(4);
      // 3 replicas and 3 pairs per group, consecutive.
      expect(Array.from(plan.replicaCounts[0])).toEqual(d.flatMap((k) => [k, k, k]));
      expect(Array.from(plan.pairWeights[0])).toEqual(d.flatMap((k) => [k, k, k]));
      expect(Array.from(plan.blockCounts[0])).toEqual(counts(6));
      for (let b = 0; b < 300; b++) expect(plan.pairWeights[b].reduce((x, y) => x + y)).toBe(12);
      // P(a given group is left out of a draw) = (3/4)^4 ≈ 0.316.
      const leftOut = plan.pairWeights.filter((w) => w[0] === 0).length / 300;
      expect(Math.abs(leftOut - 0.75 ** 4)).toBeLessThan(0.08);
      expect(() => groupBootstrapPlan({groups: 1, replicasPerGroup: 3, blocks: 1, draws: 1, seed: 0}))
          .toThrow('groupBootstrapPlan: groups must be an integer ≥ 2, but got 1.');
    });

test('replicaPairs and weightedMeans with init groups: pairs only within groups, explicit pair weights', () => {
  expect(replicaPairs(4)).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
  expect(replicaPairs(6, 2)).toEqual([[0, 1], [0, 2], [1, 2], [3, 4], [3, 5], [4, 5]]);
  expect(() => replicaPairs(5, 2))
      .toThrow('replicaPairs: groups must be an integer ≥ 1 that divides replicas (5), but got 2.');
  // 2 groups of 2 replicas: pairs (0,1) and (2,3); one block of 2 examples.
  const sums: BlockSums = {pd: {m: Float64Array.from([0.4, 1.0])}, loss: Float64Array.from([1, 2, 3, 6]), groups: 2};
  const sizes = Int32Array.from([2]);
  // Replica counts [2, 1, 0, 1]: pair (0,1) weighs 2·1, pair (2,3) 0·1 → PD 0.4/2; loss (2·1 + 2 + 6)/4 per
  // replica-example.
  const m = weightedMeans(sums, sizes, [2, 1, 0, 1], [1]);
  expect(m.pd.m).toBeCloseTo(0.2, 12);
  expect(m.loss).toBeCloseTo((2 * 1 + 2 + 6) / (4 * 2), 12);
  // Explicit pair weights override the products: group 1 counted 3 times, group 0 once.
  expect(weightedMeans(sums, sizes, [1, 1, 3, 3], [1], [1, 3]).pd.m).toBeCloseTo((0.4 + 3 * 1.0) / (4 * 2), 12);
});

/** Random predictions of `replicas` replicas per variant: binary P(y=1) in (0, 1). */
function syntheticOutputs(variants: number, replicas: number, n: number, seed: string): ReplicaOutput[] {
  const rng = seededRandom(seed);
  const base = Float32Array.from({length: n}, () => rng());
  const outputs: ReplicaOutput[] = [];
  for (let v = 0; v < variants; v++) {
    for (let r = 0; r < replicas; r++) {
      // Replica noise shrinks with the variant, so the ratios are away from 1.
      const probabilities = base.map((p) => Math.min(0.999, Math.max(0.001, p + (rng() - 0.5) * 0.2 / (v + 1))));
      const exampleLosses = Float32Array.from({length: n}, () => 0.3 + rng());
      outputs.push({
        task: {id: v * replicas + r, variant: v, replica: r, group: 0, initSeed: 0, orderSeed: r, dataSeed: 0},
        probabilities,
        exampleLosses,
        evalLoss: exampleLosses.reduce((a, b) => a + b, 0) / n,
        seconds: 0,
      });
    }
  }
  return outputs;
}

/**
 * The straightforward computation of one draw: expand the counts into an explicit list of replicas and of
 * examples, then average `metric` (a tensor metric of tensor_pd.ts) over every pair of positions whose replicas
 * differ, and the loss over every position.
 */
function explicitDraw(
    outputs: ReplicaOutput[], variant: number, replicas: number, blocks: Int32Array, replicaCounts: Int32Array,
    blockCounts: Int32Array, metric: (a: tf.Tensor, b: tf.Tensor) => tf.Scalar): {pd: number, loss: number} {
  const list: number[] = [];
  replicaCounts.forEach((c, r) => {
    for (let k = 0; k < c; k++) list.push(r);
  });
  const examples: number[] = [];
  blockCounts.forEach((c, k) => {
    for (let t = 0; t < c; t++) blocks.forEach((b, i) => (b === k ? examples.push(i) : undefined));
  });
  const of = (r: number) => outputs[variant * replicas + r];
  let pdSum = 0, pairs = 0;
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      if (list[i] === list[j]) continue;
      const a = tf.tensor1d(examples.map((e) => of(list[i]).probabilities[e]));
      const b = tf.tensor1d(examples.map((e) => of(list[j]).probabilities[e]));
      const d = metric(a, b);
      pdSum += d.dataSync()[0];
      pairs++;
      tf.dispose([a, b, d]);
    }
  }
  let lossSum = 0;
  for (const r of list)
    for (const e of examples) lossSum += of(r).exampleLosses[e];
  return {pd: pdSum / pairs, loss: lossSum / (list.length * examples.length)};
}

const sortedQuantiles = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const h = (s.length - 1) * q, lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
  };
  return {lo: at(0.025), hi: at(0.975)};
};

test('aggregateExperiment: ratios, loss changes and their intervals match an explicit resampling computed here', () => {
  const replicas = 4, n = 230, draws = 60;  // 230 examples in 200 blocks: some blocks hold two
  const plan = planExperiment({
    variants: [{activation: 'relu'}, {activation: 'smelu'}],
    replicas,
    epochs: 1,
    batchSize: 8,
    learningRate: 0.01,
    seed: 11,
    regime: {init: 'same', order: 'different'},
    shuffle: 'batch',
    norm: 'none',
    topK: 1,
    bootstrapDraws: draws,
  });
  const outputs = syntheticOutputs(2, replicas, n, 'aggregate');
  const labels = Float32Array.from({length: n}, (_, i) => i % 2);
  const info: WorkloadInfo = {
    name: 'synthetic',
    description: 'synthetic',
    source: 'test',
    kind: 'binary',
    numClasses: 1,
    numTrain: 0,
    numEval: n,
    evalLabels: labels,
    batchesPerReplica: 1,
  };
  const result = aggregateExperiment(info, plan, outputs, {backend: 'cpu', startedAt: new Date(0), seconds: 0});

  // The same resampling plan, rebuilt from the documented seeds: 200 blocks of examples, and the draws.
  const seed = deriveSeed(11, 'bootstrap');
  expect(result.bootstrap).toMatchObject({draws, blocks: 200, seed, level: 0.95});
  const blocks = exampleBlocks(n, 200, seed);
  const resampling = bootstrapPlan({replicas, blocks: 200, draws, seed});
  const ratios: number[] = [], lossChanges: number[] = [];
  for (let b = 0; b < draws; b++) {
    const [relu, smelu] = [0, 1].map(
        (v) => explicitDraw(
            outputs, v, replicas, blocks, resampling.replicaCounts[b], resampling.blockCounts[b],
            (x, y) => relativePD(x, y)));
    ratios.push(smelu.pd / relu.pd);
    lossChanges.push(100 * (smelu.loss - relu.loss) / relu.loss);
  }
  const everything = Int32Array.from({length: replicas}, () => 1), allBlocks = Int32Array.from({length: 200}, () => 1);
  const point =
      [0, 1].map((v) => explicitDraw(outputs, v, replicas, blocks, everything, allBlocks, (x, y) => relativePD(x, y)));

  const smelu = result.variants[1];
  expect(result.primaryMetric).toBe('relativePD');
  expect(smelu.vsRelu!.pdRatio.estimate).toBeCloseTo(point[1].pd / point[0].pd, 5);
  expect(smelu.relativePDRatioVsRelu).toBeCloseTo(point[1].pd / point[0].pd, 5);
  expect(smelu.relativePD!.mean).toBeCloseTo(point[1].pd, 5);
  const expectedRatio = sortedQuantiles(ratios);
  expect(smelu.vsRelu!.pdRatio.lo).toBeCloseTo(expectedRatio.lo, 5);
  expect(smelu.vsRelu!.pdRatio.hi).toBeCloseTo(expectedRatio.hi, 5);
  const expectedLoss = sortedQuantiles(lossChanges);
  expect(smelu.vsRelu!.lossChangePct.lo).toBeCloseTo(expectedLoss.lo, 3);
  expect(smelu.vsRelu!.lossChangePct.hi).toBeCloseTo(expectedLoss.hi, 3);
  // Noise halves for the second variant: its PD is about half ReLU's, and the interval says so.
  expect(smelu.vsRelu!.pdRatio.hi).toBeLessThan(1);
  expect(smelu.vsRelu!.pd).toBe('smaller');
  expect(result.verdict[0])
      .toMatch(/^SmeLU β=1: relative PD 0\.\d\d× ReLU's \(95% CI 0\.\d\d–0\.\d\d\), resolved, smaller than ReLU's/);

  // The other metrics' ratios (point estimates) against the tensor metrics too.
  const others = {absolutePD, top1Disagreement} as const;
  for (const [name, metric] of Object.entries(others)) {
    const p = [0, 1].map((v) => explicitDraw(outputs, v, replicas, blocks, everything, allBlocks, metric));
    expect(smelu.vsRelu!.pdRatios[name].estimate).toBeCloseTo(p[1].pd / p[0].pd, 5);
  }
});

test('the verdict reads the intervals, not the point estimates', () => {
  const read = (lo: number, hi: number, lossLo = -1, lossHi = 1) => comparisonVerdict(
      'X', 'relativePD',
      {pdRatio: {relativePD: {estimate: (lo + hi) / 2, lo, hi}}, lossChangePct: {estimate: 0, lo: lossLo, hi: lossHi}},
      4);
  expect(read(0.7, 0.9)).toMatchObject({pd: 'smaller', halfTarget: 'excluded', loss: 'not resolved'});
  expect(read(0.3, 0.45)).toMatchObject({pd: 'smaller', halfTarget: 'reached'});
  expect(read(0.4, 0.95)).toMatchObject({pd: 'smaller', halfTarget: 'not excluded'});
  // A point estimate of 0.8 with an interval reaching above 1 is not resolved.
  expect(read(0.6, 1.0001)).toMatchObject({pd: 'not resolved'});
  expect(read(1.05, 1.3, 0.5, 2)).toMatchObject({pd: 'larger', loss: 'higher'});
  expect(read(0.9, 0.95, -2, -0.1)).toMatchObject({loss: 'lower'});
  expect(read(0.6, 1.2).sentence)
      .toBe(
          'X: relative PD 0.90× ReLU\'s (95% CI 0.60–1.20), not resolved (the interval contains 1); ' +
          '≤ 0.5× excluded (the interval lies above 0.5); eval loss +0.00% vs ReLU (95% CI −1.00% to +1.00%), not resolved.');
  expect(comparisonVerdict(
             'Y', 'relativePD',
             {pdRatio: {relativePD: {estimate: 0.8, lo: 0.7, hi: 0.9}}, lossChangePct: {estimate: 0, lo: -1, hi: 1}}, 2)
             .sentence)
      .toMatch(/\[2 replicas: the interval covers eval examples only\]$/);
});
