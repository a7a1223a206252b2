/**
 * tfjs-smelu-repro: the reproducibility toolkit, browser-safe part. Data
 * flows through it in this order: a workload (a data set in tensors and a
 * model family, `workloads/`) and the activations to compare
 * (`activations/`) → seeded replicas (`training/`) planned, trained and
 * aggregated by the experiment (`experiment/`) → PD metrics from one
 * registry (`metrics/`) with intervals (`intervals/`) and a verdict → the
 * results table (`report/`). Data loading, the report folder, parallel
 * replicas and `compareActivations` (file system, child processes) are in
 * `tfjs-smelu-repro/node`; the demo and compare are the `tfjs-smelu-repro`
 * command.
 *
 * @module tfjs-smelu-repro
 */
export * from './activations';
export * from './experiment';
export * from './intervals';
export * from './metrics';
export * from './report';
export * from './training';
export * from './workloads';
