/**
 * The shuffling dial end to end, in worker processes (repro/dist/worker.cjs):
 * with equal initialization and `window:1` every replica of a group trains on
 * the same order and comes out bit-identical, so every PD is exactly 0, on
 * the cpu backend (a synthetic workload) and on tfjs-node's tensorflow backend
 * (a MovieLens subset with its ranking). Init groups differ from each other.
 * With windows inside a batch the replicas train on the same batches summed
 * in different orders: bit-identical on cpu (its kernels accumulate in
 * float64), different on tensorflow (float32 accumulation).
 * @fullRun built, tfjs-node
 */
import * as os from 'os';
import * as path from 'path';

import {ExperimentConfig, planExperiment, ReplicaOutput} from 'tfjs-smelu-repro';
import {runExperimentInWorkers, WorkloadSpec} from 'tfjs-smelu-repro/node';
import {defaultWorkerScript} from '../../../repro/src/parallel/pool';
import {REPO_ROOT} from '../../support/paths';

const SYNTHETIC = path.join(REPO_ROOT, 'test', 'support', 'workloads', 'synthetic_workload.cjs');
const CACHE = path.join(os.tmpdir(), 'tfjs-smelu-test-cache');

const config = (over: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
  variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}],
  replicas: 3,
  groups: 2,
  epochs: 2,
  batchSize: 16,
  learningRate: 0.01,
  seed: 5,
  regime: {init: 'same', order: 'different'},
  shuffle: 'window:1',
  norm: 'layer',
  normPlacement: 'after',
  topK: 3,
  bootstrapDraws: 50,
  ...over,
});

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** Whether the outputs of tasks i and j are equal in every bit (predictions, losses, rankings). */
const sameBits = (outputs: ReplicaOutput[], i: number, j: number) => {
  const [a, b] = [outputs[i], outputs[j]];
  return JSON.stringify([bits(a.probabilities), bits(a.exampleLosses), a.ranking && bits(a.ranking)]) ===
      JSON.stringify([bits(b.probabilities), bits(b.exampleLosses), b.ranking && bits(b.ranking)]);
};

beforeAll(() => {
  defaultWorkerScript();  // fails clearly when the package is not built
});

/** Checks that window:1 made every replica of a group identical (and the groups different): every PD is 0. */
function expectIdenticalWithinGroups(
    outputs: ReplicaOutput[], result: Awaited<ReturnType<typeof runExperimentInWorkers>>['result']) {
  const {groups, replicasPerGroup} = result.layout;
  const R = groups * replicasPerGroup;
  outputs.forEach((o, i) => {
    const first = i - (i % replicasPerGroup);  // the first replica of the same group and variant
    expect({task: o.task.id, identical: sameBits(outputs, i, first)}).toEqual({task: o.task.id, identical: true});
  });
  for (let v = 0; v < result.variants.length; v++)
    expect(sameBits(outputs, v * R, v * R + replicasPerGroup)).toBe(false);
  for (const v of result.variants) {
    for (const metric of ['relativePD', 'absolutePD', 'top1Disagreement', 'topKSwap'] as const) {
      if (v[metric] == null) continue;
      expect({metric, values: v[metric]!.values}).toEqual({metric, values: v[metric]!.values.map(() => 0)});
    }
    expect(v.pd).toEqual({estimate: 0, lo: 0, hi: 0});
  }
  expect(result.verdict).toEqual(['ReLU\'s replicas agree exactly (relative PD 0): there is no ratio to report.']);
}

test(
    'cpu, synthetic workload: window:1 with equal init → bit-identical replicas in each init group, PD exactly 0',
    async () => {
      const spec: WorkloadSpec = {kind: 'module', module: SYNTHETIC, options: {n: 200, hidden: [8, 8]}};
      const {result, outputs} = await runExperimentInWorkers(spec, planExperiment(config()), {jobs: 2, backend: 'cpu'});
      expect(result.backend).toBe('cpu');
      expectIdenticalWithinGroups(outputs, result);
      // Windows inside a batch (4 divides 16): same batches, other summation orders, still identical on cpu.
      const inBatch = await runExperimentInWorkers(
          spec, planExperiment(config({shuffle: 'window:4', groups: 1})), {jobs: 2, backend: 'cpu'});
      expect(inBatch.result.variants.map((v) => v.relativePD!.mean)).toEqual([0, 0]);
      // (Windows across batches make them differ: trainer.test.ts.)
    });

test(
    'tensorflow (tfjs-node), MovieLens subset: window:1 with equal init → bit-identical replicas, PD and top-k swap exactly 0',
    async () => {
      const spec: WorkloadSpec = {
        kind: 'movielens',
        data: {cacheDir: CACHE, download: false},
        options: {maxRatings: 3000, rankingCandidates: 20, hidden: [16, 8]},
      };
      const plan = planExperiment(config({epochs: 2, batchSize: 128}));
      const {result, outputs} = await runExperimentInWorkers(spec, plan, {jobs: 2, backend: 'tensorflow'});
      expect(result.backend).toBe('tensorflow');
      expect(outputs[0].ranking).toBeDefined();
      expectIdenticalWithinGroups(outputs, result);
      // Windows inside a batch (32 divides 128): the same batches, summed in other orders in float32: replicas differ.
      const inBatch = await runExperimentInWorkers(
          spec, planExperiment(config({epochs: 2, batchSize: 128, shuffle: 'window:32', groups: 1})),
          {jobs: 2, backend: 'tensorflow'});
      for (const v of inBatch.result.variants) expect(v.relativePD!.mean).toBeGreaterThan(0);
    });
