/**
 * `tfjs-smelu-repro/node`: the Node-only parts of the toolkit: data loaders
 * (file system, zlib, `apt-get download`, CSV tables), the report writer
 * (files, SVG plots rendered with vega-lite), parallel replicas in worker
 * processes (workloads described as data, the worker protocol, the runner),
 * and `compareActivations` (the `compare` command: a saved model on CSV data). The
 * browser-safe parts (metrics, trainer, experiment, workloads) are the main
 * entry, `tfjs-smelu-repro`.
 *
 * @module tfjs-smelu-repro/node
 */
export * from './data';
export {COMPARE_DEFAULTS, compareActivations, computeCompareMetrics, prepareComparison, runPreparedComparison} from './compare/compare';
export type {CompareOptions, PreparedComparison} from './compare/compare';
export {
  loadSavedModel, loadSavedModelWorkload, modelJsonPath, readCompareArrays, readCompareData, RUN_DATA_DIR_PREFIX, withRunDataFile,
  writeCompareArrays,
} from './compare/files';
export type {
  CompareArraysFile, CompareData, CompareDataSpec, LoadedSavedModel, ReadCompareDataOptions, SavedModelSpecOptions,
} from './compare/files';
export {assertWritableOutputDir, pdLossPlotSpec, pdPlotSpec, renderVegaLiteSvg, REPORT_FILES, reportHtml, writeReport} from './report/write';
export {inspectOutputFolder, OutputFolderError, REPORT_MANIFEST, writeOutputFiles} from './node/output_folder';
export type {ManifestEntry, OutputFolderState, ReportManifest} from './node/output_folder';
export {BACKEND_CHOICES, setUpBackend} from './parallel/backend';
export type {BackendChoice} from './parallel/backend';
export type {FromWorker, ToWorker} from './parallel/protocol';
export {
  defaultJobs, defaultWorkerScript, runExperimentInWorkers, runReplicasInWorkers, validateJobs,
} from './parallel/pool';
export type {WorkerHooks, WorkerRunOptions, WorkerRunOutput} from './parallel/pool';
export {runAndReport} from './parallel/run_and_report';
export {loadWorkload, prepareWorkload, validateWorkloadSpec, WORKLOAD_KINDS} from './parallel/workload_specs';
export type {PreparedWorkload, WorkloadFactory, WorkloadKind, WorkloadSpec} from './parallel/workload_specs';
