/**
 * The run's job list and its shards: `K/N` read with one-line errors naming
 * the setting and the value; the shards of N partition the job list (every
 * job in exactly one shard, i ≡ K − 1 mod N, checked by counting); the job
 * list runs plan by plan in task order, and outputs split back by plan.
 */
import {planExperiment, ReplicaOutput} from 'tfjs-smelu-repro';
import {outputsByPlan, parseShard, replicaJobs, shardPositions} from '../../../repro/src/experiment/jobs';

const plan = (shuffle: 'batch'|'example') => planExperiment({
  variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}],
  replicas: 2,
  groups: 2,
  epochs: 1,
  batchSize: 8,
  learningRate: 1e-3,
  seed: 3,
  regime: {init: 'same', order: 'different'},
  shuffle,
  norm: 'none',
  topK: 1,
});

test('parseShard reads K/N (K from 1) and names the setting and the value of anything else', () => {
  expect(parseShard('2/4')).toEqual({index: 2, count: 4});
  expect(parseShard(' 1 / 1 ', '--shard')).toEqual({index: 1, count: 1});
  expect(() => parseShard('3/2', '--shard'))
      .toThrow('--shard \'3/2\': the shard K must be between 1 and N = 2 (K counts from 1), but got 3.');
  expect(() => parseShard('0/4', '--shard'))
      .toThrow('--shard \'0/4\': the shard K must be between 1 and N = 4 (K counts from 1), but got 0.');
  expect(() => parseShard('1/0', '--shard'))
      .toThrow('--shard \'1/0\': the number of shards N must be an integer ≥ 1, but got 0.');
  for (const bad of ['abc', '1', '1/2/3', '-1/2', '1.5/2', '', '1/']) {
    expect(() => parseShard(bad, '--shard'))
        .toThrow(`--shard must be K/N with integers 1 ≤ K ≤ N (shard K of N), but got '${bad}'.`);
  }
});

test('the N shards partition the job list: each position in exactly one shard, the one with i mod N = K − 1', () => {
  for (const total of [1, 7, 24, 96]) {
    for (let n = 1; n <= Math.min(total, 9); n++) {
      const seen = new Array<number>(total).fill(0);
      for (let k = 1; k <= n; k++) {
        const positions = shardPositions(total, {index: k, count: n});
        for (const i of positions) {
          expect(i % n).toBe(k - 1);
          seen[i]++;
        }
        // Balanced: shard sizes differ by at most one.
        expect(Math.abs(positions.length - total / n)).toBeLessThan(1);
      }
      expect(seen.every((c) => c === 1)).toBe(true);
    }
  }
});

test('the job list runs plan by plan in task order, and outputs split back by plan', () => {
  const plans = [plan('batch'), plan('example')];
  const jobs = replicaJobs(plans);
  expect(jobs).toHaveLength(16);
  expect(jobs.map((j) => [j.plan, j.task.id])).toEqual([...Array(16).keys()].map((i) => [Math.floor(i / 8), i % 8]));
  expect(jobs[9].task).toBe(plans[1].tasks[1]);
  const outputs = jobs.map((j) => ({task: j.task, evalLoss: j.plan * 100 + j.task.id}) as unknown as ReplicaOutput);
  const byPlan = outputsByPlan(plans, outputs);
  expect(byPlan.map((o) => o.map((x) => x.evalLoss))).toEqual([
    [0, 1, 2, 3, 4, 5, 6, 7], [100, 101, 102, 103, 104, 105, 106, 107]
  ]);
  expect(() => outputsByPlan(plans, outputs.slice(1))).toThrow('outputsByPlan: 15 outputs for 16 jobs.');
  expect(() => outputsByPlan(plans, [outputs[1], outputs[0], ...outputs.slice(2)]))
      .toThrow('outputsByPlan: output 0 is task 1, not 0.');
});
