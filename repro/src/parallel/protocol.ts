/**
 * The messages between the replica runner and its worker processes (Node
 * IPC with the 'advanced' serialization, so typed arrays travel as they are).
 * Everything a worker needs is data: the workload spec, the experiment plan
 * and the backend name; no closures cross the process boundary.
 *
 *   parent → worker: init (once), then task … task, then stop
 *   worker → parent: ready (after loading the data), progress …, result (per task), log, error
 *
 * A worker is given every plan of the run once, in `init` (the shuffling dial
 * has one plan per window); each `task` names its plan by index, so one pool
 * of workers, each loading the workload once, runs every window's replicas.
 */
import type {ExperimentPlan, ReplicaOutput, ReplicaTask, WorkloadInfo} from '../experiment/types';
import type {BackendChoice} from './backend';
import type {WorkloadSpec} from './workload_specs';

/** Parent → worker. */
export type ToWorker =
    |{type: 'init', spec: WorkloadSpec, plans: ExperimentPlan[], backend: BackendChoice, workerIndex: number}
/** Job `job` of the run: `task` of `plans[plan]`. */
|{type: 'task', job: number, plan: number, task: ReplicaTask}|{type: 'stop'};

/** Worker → parent. */
export type FromWorker =
    /**
       `dataDigest`: SHA-256 of the workload's tensors (dtype, shape, values), the data a replica trains and is
       evaluated on.
     */
    |{type: 'ready', backend: string, info: WorkloadInfo, dataDigest: string}|{type: 'log', message: string}|
    {type: 'progress', job: number, batchesDone: number, batchesTotal: number}|
    {type: 'result', job: number, output: ReplicaOutput}|{type: 'error', message: string, stack?: string};
