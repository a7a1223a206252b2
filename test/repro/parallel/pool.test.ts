/**
 * Parallel replicas (worker processes running repro/dist/worker.cjs): the
 * same plan gives bit-identical predictions, losses and rankings in-process
 * (cpu), with 1 worker and with 2 workers, on the cpu and the tensorflow
 * (tfjs-node) backends; results.json numbers are equal too. A worker that
 * throws or dies ends the run with its message, leaves no worker running, and
 * runAndReport writes nothing. Uses a small synthetic workload module (no data
 * download) and, for tfjs-node and the ranking output, a small MovieLens.
 * @fullRun tfjs-node, built, debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import 'tfjs-smelu';
import {
  aggregateExperiment,
  describeWorkload,
  ExperimentConfig,
  planExperiment,
  ReplicaOutput,
  trainReplica,
  Workload,
} from 'tfjs-smelu-repro';
import {runAndReport, runExperimentInWorkers, runReplicasInWorkers, WorkloadSpec} from 'tfjs-smelu-repro/node';
import {defaultWorkerScript} from '../../../repro/src/parallel/pool';
import {REPO_ROOT} from '../../support/paths';

const SYNTHETIC = path.join(REPO_ROOT, 'test', 'support', 'workloads', 'synthetic_workload.cjs');
const CACHE = path.join(os.tmpdir(), 'tfjs-smelu-test-cache');

const config = (over: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
  variants: [{activation: 'relu'}, {activation: 'smelu', beta: 0.5}, {activation: 'linear'}],
  replicas: 3,
  epochs: 2,
  batchSize: 16,
  learningRate: 0.01,
  seed: 7,
  regime: {init: 'same', order: 'different'},
  shuffle: 'batch',
  norm: 'layer',
  normPlacement: 'after',
  topK: 3,
  bootstrapDraws: 200,
  ...over,
});

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** Every array of every output, as bit patterns, in task order. */
function fingerprint(outputs: ReplicaOutput[]) {
  return outputs.map((o) => ({
                       task: o.task,
                       probabilities: bits(o.probabilities),
                       losses: bits(o.exampleLosses),
                       ranking: o.ranking == null ? null : bits(o.ranking),
                     }));
}

/** The results without the fields that time or describe the run. */
function measurements(result: ReturnType<typeof aggregateExperiment>) {
  return JSON.parse(JSON.stringify({
    ...result,
    startedAt: 0,
    seconds: 0,
    run: 0,
    backend: 0,
    variants: result.variants.map((v) => ({...v, seconds: 0}))
  }));
}

/** Worker processes of this test process that are still alive. */
function liveWorkers(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], {encoding: 'utf8'});
  return out.split('\n').filter((l) => l.includes('worker.cjs')).map((l) => Number(l.trim().split(/\s+/)[0]));
}

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  defaultWorkerScript();  // fails clearly when the package is not built
});

describe('parallel = sequential, bit for bit', () => {
  test('synthetic binary workload on cpu: in-process, 1 worker and 2 workers agree in every bit', async () => {
    const spec: WorkloadSpec = {kind: 'module', module: SYNTHETIC, options: {n: 200, hidden: [8, 8]}};
    const plan = planExperiment(config());
    // In-process, one replica after another (the browser-safe path).
    const {createWorkload} = await import(SYNTHETIC) as {createWorkload: (o: object) => Workload};
    const before = tf.memory().numTensors;
    const workload = createWorkload(spec.options!);
    const info = await describeWorkload(workload, plan);
    const sequential: ReplicaOutput[] = [];
    for (const task of plan.tasks) sequential.push(await trainReplica(workload, plan, task));
    workload.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const one = await runExperimentInWorkers(spec, plan, {jobs: 1, backend: 'cpu'});
    const two = await runExperimentInWorkers(spec, plan, {jobs: 2, backend: 'cpu'});
    expect(one.result.run).toMatchObject({workers: 1});
    expect(two.result.run).toMatchObject({workers: 2});
    expect(fingerprint(one.outputs)).toEqual(fingerprint(sequential));
    expect(fingerprint(two.outputs)).toEqual(fingerprint(sequential));
    // Replicas do differ (the order seeds differ), so the comparison above is not trivially true.
    expect(bits(sequential[0].probabilities)).not.toEqual(bits(sequential[1].probabilities));

    const inProcess = aggregateExperiment(info, plan, sequential, {backend: 'cpu', startedAt: new Date(), seconds: 0});
    expect(measurements(one.result)).toEqual(measurements(inProcess));
    expect(measurements(two.result)).toEqual(measurements(inProcess));
    expect(liveWorkers()).toEqual([]);
  });

  test('synthetic 3-class workload: 1 worker and 3 workers agree (multiclass outputs)', async () => {
    const spec: WorkloadSpec = {kind: 'module', module: SYNTHETIC, options: {n: 160, classes: 3}};
    const plan = planExperiment(config({variants: [{activation: 'relu'}, {activation: 'gelu'}], replicas: 2}));
    const one = await runReplicasInWorkers(spec, plan, {jobs: 1, backend: 'cpu'});
    const three = await runReplicasInWorkers(spec, plan, {jobs: 3, backend: 'cpu'});
    expect(one.info.kind).toBe('multiclass');
    expect(one.outputs[0].probabilities.length).toBe(40 * 3);
    expect(fingerprint(three.outputs)).toEqual(fingerprint(one.outputs));
  });

  test(
      'MovieLens subset on tfjs-node (tensorflow backend): 1 worker and 2 workers agree, rankings included',
      async () => {
        const spec: WorkloadSpec = {
          kind: 'movielens',
          data: {cacheDir: CACHE, download: false},
          options: {maxRatings: 3000, rankingCandidates: 20, hidden: [16, 8]},
        };
        const plan = planExperiment(config({epochs: 1, batchSize: 128, replicas: 2, topK: 5}));
        const one = await runExperimentInWorkers(spec, plan, {jobs: 1, backend: 'tensorflow'});
        const two = await runExperimentInWorkers(spec, plan, {jobs: 2, backend: 'tensorflow'});
        expect(one.result.backend).toBe('tensorflow');
        expect(two.result.backend).toBe('tensorflow');
        expect(one.outputs[0].ranking).toHaveLength(one.result.workload.settings!.rankingCandidates as number * 671);
        expect(fingerprint(two.outputs)).toEqual(fingerprint(one.outputs));
        expect(measurements(two.result)).toEqual(measurements(one.result));
        expect(one.result.variants[0].topKSwap!.mean).toBeGreaterThanOrEqual(0);
      });
});

describe('a failing worker ends the run', () => {
  const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-parallel-'));

  test('an error thrown in a worker rejects with its message, stops every worker, and writes no report', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'report');
    const spec: WorkloadSpec = {kind: 'module', module: SYNTHETIC, options: {failOn: 'smelu'}};
    const plan = planExperiment(config());
    await expect(runAndReport(spec, plan, {out, jobs: 2, backend: 'cpu'}))
        .rejects.toThrow(/worker \d \(SmeLU β=0\.5, replica \d\): synthetic failure while building smelu/);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(liveWorkers()).toEqual([]);
    fs.rmSync(dir, {recursive: true});
  });

  test('a worker process that dies mid-run is reported with its exit code', async () => {
    const dir = tempDir();
    const spec: WorkloadSpec = {kind: 'module', module: SYNTHETIC, options: {crashOn: 'linear'}};
    await expect(runAndReport(spec, planExperiment(config()), {out: path.join(dir, 'report'), jobs: 2, backend: 'cpu'}))
        .rejects.toThrow(/worker \d exited with code 3 while training Linear replica \d/);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(liveWorkers()).toEqual([]);
    fs.rmSync(dir, {recursive: true});
  });

  test('a workload that fails to load is reported before any training', async () => {
    const spec: WorkloadSpec = {kind: 'module', module: SYNTHETIC, export: 'noSuchFactory'};
    await expect(runReplicasInWorkers(spec, planExperiment(config()), {jobs: 2, backend: 'cpu'}))
        .rejects.toThrow(
            /worker \d \(while loading\): workload module '.*synthetic_workload\.cjs' has no function export 'noSuchFactory'/);
    expect(liveWorkers()).toEqual([]);
  });

  test('bad jobs, backend and workload kind are refused before any worker starts', async () => {
    const plan = planExperiment(config());
    const spec: WorkloadSpec = {kind: 'module', module: SYNTHETIC};
    await expect(runReplicasInWorkers(spec, plan, {
      jobs: 0
    })).rejects.toThrow('jobs must be an integer ≥ 1, but got 0.');
    await expect(runReplicasInWorkers(spec, plan, {
      jobs: 1.5
    })).rejects.toThrow('jobs must be an integer ≥ 1, but got 1.5.');
    await expect(runReplicasInWorkers(spec, plan, {jobs: 1, backend: 'webgl' as 'cpu'}))
        .rejects.toThrow('backend must be one of auto, tensorflow, cpu, wasm, but got the string "webgl".');
    await expect(runReplicasInWorkers({kind: 'imagenet'}, plan, {jobs: 1}))
        .rejects.toThrow(
            'unknown workload kind "imagenet"; known kinds: movielens, digits, fashion-mnist, saved-model, module.');
    expect(liveWorkers()).toEqual([]);
  });
});
