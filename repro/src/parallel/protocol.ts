/**
 * The messages between the replica runner and its worker processes (Node
 * IPC with the 'advanced' serialization, so typed arrays travel as they are).
 * Everything a worker needs is data: the workload spec, the experiment plan
 * and the backend name; no closures cross the process boundary.
 *
 *   parent → worker: init (once), then task … task, then stop
 *   worker → parent: ready (after loading the data), progress …, result (per task), log, error
 */
import type {ExperimentPlan, ReplicaOutput, ReplicaTask, WorkloadInfo} from '../experiment/types';
import type {BackendChoice} from './backend';
import type {WorkloadSpec} from './workload_specs';

/** Parent → worker. */
export type ToWorker =
    |{type: 'init', spec: WorkloadSpec, plan: ExperimentPlan, backend: BackendChoice, workerIndex: number}|
    {type: 'task', task: ReplicaTask}|{type: 'stop'};

/** Worker → parent. */
export type FromWorker =|{type: 'ready', backend: string, info: WorkloadInfo}|{type: 'log', message: string}|
    {type: 'progress', taskId: number, batchesDone: number, batchesTotal: number}|
    {type: 'result', output: ReplicaOutput}|{type: 'error', message: string, stack?: string};
