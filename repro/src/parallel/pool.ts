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
import type {ReplicaJob} from '../experiment/jobs';
import {ExperimentPlan, ExperimentResult, ReplicaOutput, WorkloadInfo} from '../experiment/types';
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
  /** A replica has finished (its outputs are in); `job` says which job of the run it was. */
  onReplicaEnd?: (output: ReplicaOutput, replicasDone: number, replicasTotal: number, job: ReplicaJob) => void;
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

/** What the workers produced for a list of jobs (see {@link runJobsInWorkers}). */
export interface JobRunOutput extends WorkerRunOutput {
  /** SHA-256 of the workload's tensors, the same in every worker. */
  dataDigest: string;
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
  /** The job it is training (an index into the job list), or null. */
  job: number|null;
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
  const run = await runJobsInWorkers(spec, [plan], plan.tasks.map((task) => ({plan: 0, task})), options);
  return {backend: run.backend, info: run.info, outputs: run.outputs, workers: run.workers};
}

/**
 * Runs a list of replica jobs over several plans (the shuffling dial's windows, or a shard of them; see
 * experiment/jobs.ts) in one pool
 * of `jobs` worker processes: each worker loads the backend and the workload once and trains the jobs it is
 * sent, each under its own plan. Returns the outputs in the order of `list`. Failures as
 * {@link runReplicasInWorkers}.
 * @throws Error for a bad `jobs` or backend, an unknown workload kind, an empty job list, or a worker's failure.
 */
export async function runJobsInWorkers(
    spec: WorkloadSpec, plans: ExperimentPlan[], list: ReplicaJob[],
    options: WorkerRunOptions = {}): Promise<JobRunOutput> {
  const jobs = options.jobs ?? defaultJobs();
  validateJobs(jobs, options.jobsName ?? 'jobs');
  const backend = options.backend ?? 'auto';
  if (!BACKEND_CHOICES.includes(backend)) {
    throw new Error(`backend must be one of ${BACKEND_CHOICES.join(', ')}, but got ${describeValue(backend)}.`);
  }
  if (list.length === 0) throw new Error('runJobsInWorkers: the job list is empty.');
  for (const j of list) {
    if (plans[j.plan]?.tasks[j.task.id] == null)
      throw new Error(`runJobsInWorkers: job for plan ${j.plan} task ${j.task.id} is not in the plans.`);
  }
  validateWorkloadSpec(spec);
  const script = options.workerScript ?? defaultWorkerScript();
  const hooks = options.hooks ?? {};
  const prepared = await prepareWorkload(spec, (s) => hooks.onLog?.(s));
  try {
    return await runPreparedInWorkers(prepared.spec, plans, list, script, jobs, backend, hooks);
  } finally {
    prepared.release();
  }
}

/** The workers' part of {@link runJobsInWorkers}: `spec` is what the prepare step handed them. */
function runPreparedInWorkers(
    spec: WorkloadSpec, plans: ExperimentPlan[], list: ReplicaJob[], script: string, jobs: number,
    backend: BackendChoice, hooks: WorkerHooks): Promise<JobRunOutput> {
  const pending = list.map((_, i) => i);
  const outputs = new Map<number, ReplicaOutput>();
  const workerCount = Math.min(jobs, list.length);
  let batchesPerReplica = 0;
  let info: WorkloadInfo|null = null;
  let dataDigest = '';
  let activeBackend = '';
  let readyCount = 0;
  const label = (job: number) => {
    const {plan, task} = list[job];
    return `${plans[plan].variants[task.variant].label}${
        plans.length > 1 ? ` (plan ${plan + 1}, shuffle ${plans[plan].config.shuffle})` : ''}`;
  };

  return new Promise<JobRunOutput>((settleResolve, settleReject) => {
    let failure: Error|null = null;
    const workers: WorkerState[] = [];
    // A signal stops every worker at once (Ctrl-C in a terminal reaches them too; `kill` of this process does not).
    const release = onInterrupt(() => {
      for (const w of workers)
        if (!w.exited) w.child.kill('SIGKILL');
    });
    const resolve = (output: JobRunOutput) => {
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
      if (outputs.size === list.length && workers.every((w) => w.exited)) {
        resolve({
          backend: activeBackend,
          info: info!,
          workers: workerCount,
          dataDigest,
          outputs: list.map((_, i) => outputs.get(i)!),
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
      const done = outputs.size * batchesPerReplica + workers.reduce((a, w) => a + (w.job != null ? w.batches : 0), 0);
      hooks.onProgress?.(done, list.length * batchesPerReplica);
    };
    const dispatch = (w: WorkerState) => {
      const job = pending.shift();
      w.job = job ?? null;
      w.batches = 0;
      post(w, job != null ? {type: 'task', job, plan: list[job].plan, task: list[job].task} : {type: 'stop'});
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
            dataDigest = message.dataDigest;
            activeBackend = message.backend;
            batchesPerReplica = message.info.batchesPerReplica;
          } else if (message.backend !== activeBackend) {
            fail(new Error(
                `worker ${w.index + 1} runs backend '${message.backend}' but worker 1 runs '${activeBackend}'.`));
            return;
          } else if (!sameWorkload(info, message.info) || message.dataDigest !== dataDigest) {
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
          if (w.job != null && message.job === w.job) {
            w.batches = message.batchesDone;
            progress();
          }
          break;
        case 'result': {
          const output = message.output;
          if (w.job == null || message.job !== w.job || output.task.id !== list[w.job].task.id) {
            fail(new Error(`worker ${w.index + 1} returned a result for a task it was not given.`));
            return;
          }
          const job = w.job;
          outputs.set(job, output);
          w.job = null;
          progress();
          hooks.onReplicaEnd?.(output, outputs.size, list.length, list[job]);
          dispatch(w);
          break;
        }
        case 'error': {
          const where =
              w.job != null ? ` (${label(w.job)}, replica ${list[w.job].task.replica + 1})` : ' (while loading)';
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
      const w: WorkerState = {index, child, ready: false, job: null, batches: 0, stderr: '', exited: false};
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
        if (failure == null && (code !== 0 || w.job != null || !w.ready)) {
          const tail = w.stderr.trim().split('\n').slice(-5).join('\n');
          fail(new Error(
              `worker ${index + 1} exited with ${signal != null ? `signal ${signal}` : `code ${code}`}` +
              `${w.job != null ? ` while training ${label(w.job)} replica ${list[w.job].task.replica + 1}` : ''}` +
              `${tail !== '' ? `:\n${tail}` : ''}`));
          return;
        }
        finishIfDone();
      });
      post(w, {type: 'init', spec, plans, backend, workerIndex: index});
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
