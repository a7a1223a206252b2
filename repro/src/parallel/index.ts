/**
 * Parallel replicas, Node only: the experiment's replica tasks run in worker
 * processes (pool.ts starts them, worker.ts is the worker, protocol.ts the
 * messages between them), each on a backend set up by name (backend.ts) and
 * a workload described as data (workload_specs.ts: a built-in kind, or a
 * module of your own), aggregated exactly as an in-process run is; and the
 * run from a spec to a report folder (run_and_report.ts).
 *
 * In: a WorkloadSpec and an ExperimentPlan. Out: the replicas' outputs and
 * the ExperimentResult (and the report folder).
 */
export {BACKEND_CHOICES, setUpBackend} from './backend';
export type {BackendChoice} from './backend';
export {runExperimentInWorkers, runReplicasInWorkers} from './pool';
export type {WorkerHooks, WorkerRunOptions, WorkerRunOutput} from './pool';
export {runAndReport} from './run_and_report';
export type {WorkloadFactory, WorkloadSpec} from './workload_specs';
