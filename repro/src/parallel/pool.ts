/**
 * Parallel replicas: the experiment's replica tasks run in worker processes
 * (child_process.fork of dist/worker.cjs), each with its own tfjs backend, and
 * their outputs are aggregated here exactly as an in-process run aggregates
 * them. A replica's arithmetic does not depend on how many workers there are:
 * every worker runs TensorFlow (tfjs-node) with one intra-op and one inter-op
 * thread, whatever `jobs` is, so `--jobs 1` and `--jobs 8` give bit-identical
 * predictions. Child processes rather than worker threads, because tfjs-node's
 * native addon is loaded once per process.
 */
import {ChildProcess, fork} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {describeValue} from '../../../src/validate';
import {aggregateExperiment} from '../experiment/aggregate';
import {ExperimentPlan, ExperimentResult, ReplicaOutput, ReplicaTask, WorkloadInfo} from '../experiment/types';
import {onInterrupt} from '../util/interrupts';
import {toolkitDir} from '../util/node_require';
import {BACKEND_CHOICES, BackendChoice} from './backend';
import type {FromWorker, ToWorker} from './protocol';
import {prepareWorkload, validateWorkloadSpec, WorkloadSpec} from './workload_specs';

/** Progress callbacks of {@link runReplicasInWorkers}, all optional. */
export interface WorkerHooks {
  /** A line worth showing (data loading steps, backend fallback notes). */
  onLog?: (message: string) => void;
  /** Every worker has loaded its backend and workload. */
  onReady?: (backend: string, info: WorkloadInfo, workers: number) => void;
  /** Batches done over all replicas (merged across workers), and the total. */
  onProgress?: (batchesDone: number, batchesTotal: number) => void;
  /** A replica has finished (its outputs are in). */
  onReplicaEnd?: (output: ReplicaOutput, replicasDone: number, replicasTotal: number) => void;
}

/** Options of {@link runReplicasInWorkers}. */
export interface WorkerRunOptions {
  /** Worker processes (default: the number of CPU cores), capped at the number of tasks. */
  jobs?: number;
  /** Backend of every worker (default `auto`). */
  backend?: BackendChoice;
  hooks?: WorkerHooks;
  /** The worker entry (default: dist/worker.cjs of this package). */
  workerScript?: string;
  /** How `jobs` is named in errors (default `jobs`; the CLI says `--jobs`). */
  jobsName?: string;
}

/** What the workers produced. */
export interface WorkerRunOutput {
  backend: string;
  info: WorkloadInfo;
  /** One output per task, in task order. */
  outputs: ReplicaOutput[];
  /** Worker processes used. */
  workers: number;
}

/**
 * The default number of parallel jobs: the CPU cores Node reports.
 *
 * ```js
 * console.log(defaultJobs() >= 1);  // true
 * ```
 */
export function defaultJobs(): number {
  const available = (os as {availableParallelism?: () => number}).availableParallelism?.();
  return Math.max(1, available ?? os.cpus().length);
}

/**
 * Checks a job count: an integer ≥ 1.
 *
 * ```js
 * validateJobs(2);  // ok; validateJobs(0) throws "jobs must be an integer ≥ 1, but got 0."
 * ```
 * @throws Error naming `name` and the value.
 */
export function validateJobs(jobs: unknown, name = 'jobs', text?: string): asserts jobs is number {
  if (typeof jobs !== 'number' || !Number.isInteger(jobs) || jobs < 1) {
    throw new Error(`${name} must be an integer ≥ 1, but got ${text != null ? `'${text}'` : describeValue(jobs)}.`);
  }
}

/**
 * The worker script replicas run in: dist/worker.cjs of the toolkit's package
 * folder (the installed package, or repro/ in the repository after a build).
 *
 * ```js
 * console.log(defaultWorkerScript().endsWith('worker.cjs'));  // true
 * ```
 * @throws Error when the built worker script cannot be found (build the package first).
 */
export function defaultWorkerScript(): string {
  const script = path.join(toolkitDir, 'dist', 'worker.cjs');
  if (!fs.existsSync(script)) {
    throw new Error(
        `the replica worker script is missing (looked for ${script}); build the package first (npm run build).`);
  }
  return script;
}

interface WorkerState {
  index: number;
  child: ChildProcess;
  ready: boolean;
  task: ReplicaTask|null;
  batches: number;
  stderr: string;
  exited: boolean;
}

/**
 * Runs every task of `plan` on the workload `spec` describes in `jobs` worker
 * processes and returns their outputs in task order. The first failure (a
 * worker's error, or a worker that dies) stops every worker and rejects with
 * that worker's message.
 *
 * ```js
 * // not run: starts worker processes and loads data
 * const {runReplicasInWorkers} = require('tfjs-smelu-repro/node');
 * const {planExperiment} = require('tfjs-smelu-repro');
 * const plan = planExperiment({...config});
 * const {outputs} = await runReplicasInWorkers({kind: 'digits'}, plan, {jobs: 2, backend: 'cpu'});
 * ```
 * @throws Error for a bad `jobs` or backend, an unknown workload kind, or a worker's failure.
 */
export async function runReplicasInWorkers(
    spec: WorkloadSpec, plan: ExperimentPlan, options: WorkerRunOptions = {}): Promise<WorkerRunOutput> {
  const jobs = options.jobs ?? defaultJobs();
  validateJobs(jobs, options.jobsName ?? 'jobs');
  const backend = options.backend ?? 'auto';
  if (!BACKEND_CHOICES.includes(backend)) {
    throw new Error(`backend must be one of ${BACKEND_CHOICES.join(', ')}, but got ${describeValue(backend)}.`);
  }
  validateWorkloadSpec(spec);
  const script = options.workerScript ?? defaultWorkerScript();
  const hooks = options.hooks ?? {};
  const prepared = await prepareWorkload(spec, (s) => hooks.onLog?.(s));
  try {
    return await runPreparedInWorkers(prepared.spec, plan, script, jobs, backend, hooks);
  } finally {
    prepared.release();
  }
}

/** The workers' part of {@link runReplicasInWorkers}: `spec` is what the prepare step handed them. */
function runPreparedInWorkers(
    spec: WorkloadSpec, plan: ExperimentPlan, script: string, jobs: number, backend: BackendChoice,
    hooks: WorkerHooks): Promise<WorkerRunOutput> {
  const pending = [...plan.tasks];
  const outputs = new Map<number, ReplicaOutput>();
  const workerCount = Math.min(jobs, plan.tasks.length);
  let batchesPerReplica = 0;
  let info: WorkloadInfo|null = null;
  let activeBackend = '';
  let readyCount = 0;

  return new Promise<WorkerRunOutput>((settleResolve, settleReject) => {
    let failure: Error|null = null;
    const workers: WorkerState[] = [];
    // A signal stops every worker at once (Ctrl-C in a terminal reaches them too; `kill` of this process does not).
    const release = onInterrupt(() => {
      for (const w of workers)
        if (!w.exited) w.child.kill('SIGKILL');
    });
    const resolve = (output: WorkerRunOutput) => {
      release();
      settleResolve(output);
    };
    const reject = (error: Error) => {
      release();
      settleReject(error);
    };
    const env = {
      ...process.env,
      // One thread per worker: the replicas are the parallelism, and a replica's arithmetic stays independent of jobs.
      TF_NUM_INTRAOP_THREADS: '1',
      TF_NUM_INTEROP_THREADS: '1',
      OMP_NUM_THREADS: '1',
      TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2',
    };
    const post = (w: WorkerState, message: ToWorker) => {
      if (!w.exited && w.child.connected) w.child.send(message);
    };
    const finishIfDone = () => {
      if (failure != null) {
        if (workers.every((w) => w.exited)) reject(failure);
        return;
      }
      if (outputs.size === plan.tasks.length && workers.every((w) => w.exited)) {
        resolve({
          backend: activeBackend,
          info: info!,
          workers: workerCount,
          outputs: plan.tasks.map((t) => outputs.get(t.id)!),
        });
      }
    };
    const fail = (error: Error) => {
      if (failure != null) return;
      failure = error;
      for (const w of workers)
        if (!w.exited) w.child.kill('SIGKILL');
      finishIfDone();
    };
    const progress = () => {
      const done = outputs.size * batchesPerReplica + workers.reduce((a, w) => a + (w.task != null ? w.batches : 0), 0);
      hooks.onProgress?.(done, plan.tasks.length * batchesPerReplica);
    };
    const dispatch = (w: WorkerState) => {
      const task = pending.shift();
      w.task = task ?? null;
      w.batches = 0;
      post(w, task != null ? {type: 'task', task} : {type: 'stop'});
    };
    const onMessage = (w: WorkerState, message: FromWorker) => {
      if (failure != null) return;
      switch (message.type) {
        case 'log':
          hooks.onLog?.(message.message);
          break;
        case 'ready': {
          if (info == null) {
            info = message.info;
            activeBackend = message.backend;
            batchesPerReplica = message.info.batchesPerReplica;
          } else if (message.backend !== activeBackend) {
            fail(new Error(
                `worker ${w.index + 1} runs backend '${message.backend}' but worker 1 runs '${activeBackend}'.`));
            return;
          } else if (!sameWorkload(info, message.info)) {
            fail(new Error(
                `worker ${w.index + 1} built a different workload than worker 1 (${message.info.description}).`));
            return;
          }
          w.ready = true;
          if (++readyCount === workerCount) hooks.onReady?.(activeBackend, info, workerCount);
          dispatch(w);
          break;
        }
        case 'progress':
          if (w.task != null && message.taskId === w.task.id) {
            w.batches = message.batchesDone;
            progress();
          }
          break;
        case 'result': {
          const output = message.output;
          if (w.task == null || output.task.id !== w.task.id) {
            fail(new Error(`worker ${w.index + 1} returned a result for a task it was not given.`));
            return;
          }
          outputs.set(output.task.id, output);
          w.task = null;
          progress();
          hooks.onReplicaEnd?.(output, outputs.size, plan.tasks.length);
          dispatch(w);
          break;
        }
        case 'error': {
          const where = w.task != null ? ` (${plan.variants[w.task.variant].label}, replica ${w.task.replica + 1})` :
                                         ' (while loading)';
          fail(new Error(`worker ${w.index + 1}${where}: ${message.message}`));
          break;
        }
      }
    };
    for (let index = 0; index < workerCount; index++) {
      let child: ChildProcess;
      try {
        child = fork(script, [], {serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env});
      } catch (e) {
        fail(new Error(`could not start worker ${index + 1}: ${(e as Error).message}`));
        break;
      }
      const w: WorkerState = {index, child, ready: false, task: null, batches: 0, stderr: '', exited: false};
      workers.push(w);
      const keepTail = (chunk: Buffer) => {
        w.stderr = (w.stderr + chunk.toString()).slice(-4000);
      };
      child.stdout?.on('data', keepTail);
      child.stderr?.on('data', keepTail);
      child.on('message', (m: FromWorker) => onMessage(w, m));
      child.on('error', (e) => fail(new Error(`worker ${index + 1}: ${e.message}`)));
      // 'close' (not 'exit'): it comes after the IPC channel has delivered the worker's last messages.
      child.on('close', (code, signal) => {
        w.exited = true;
        if (failure == null && (code !== 0 || w.task != null || !w.ready)) {
          const tail = w.stderr.trim().split('\n').slice(-5).join('\n');
          fail(new Error(
              `worker ${index + 1} exited with ${signal != null ? `signal ${signal}` : `code ${code}`}` +
              `${
                  w.task != null ?
                      ` while training ${plan.variants[w.task.variant].label} replica ${w.task.replica + 1}` :
                      ''}` +
              `${tail !== '' ? `:\n${tail}` : ''}`));
          return;
        }
        finishIfDone();
      });
      post(w, {type: 'init', spec, plan, backend, workerIndex: index});
    }
  });
}

function sameWorkload(a: WorkloadInfo, b: WorkloadInfo): boolean {
  if (a.name !== b.name || a.kind !== b.kind || a.numEval !== b.numEval || a.numTrain !== b.numTrain ||
      a.numClasses !== b.numClasses || a.evalLabels.length !== b.evalLabels.length) {
    return false;
  }
  for (let i = 0; i < a.evalLabels.length; i++)
    if (a.evalLabels[i] !== b.evalLabels[i]) return false;
  return true;
}

/**
 * {@link runReplicasInWorkers}, then {@link aggregateExperiment}: the whole
 * experiment in parallel, with results bit-identical to `runExperiment` on
 * the same backend.
 *
 * ```js
 * // not run: starts worker processes and loads data
 * const {runExperimentInWorkers} = require('tfjs-smelu-repro/node');
 * const {result} = await runExperimentInWorkers({kind: 'digits'}, plan, {jobs: 2});
 * console.log(result.verdict.join('\n'));
 * ```
 * @throws Error as {@link runReplicasInWorkers}.
 */
export async function runExperimentInWorkers(
    spec: WorkloadSpec, plan: ExperimentPlan, options: WorkerRunOptions&{details?: Record<string, unknown>} = {}):
    Promise<{result: ExperimentResult, outputs: ReplicaOutput[]}> {
  const started = new Date();
  const run = await runReplicasInWorkers(spec, plan, options);
  const result = aggregateExperiment(run.info, plan, run.outputs, {
    backend: run.backend,
    startedAt: started,
    seconds: (Date.now() - started.getTime()) / 1000,
    details: {workers: run.workers, threadsPerWorker: 1, ...options.details},
  });
  return {result, outputs: run.outputs};
}
