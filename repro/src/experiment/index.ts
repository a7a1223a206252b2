/**
 * The experiment: for each activation variant, train N seeded replicas on a
 * workload, evaluate them on the held-out split, and measure how much their
 * predictions differ, pair by pair, with intervals on every ratio to ReLU.
 *
 * Three steps that also run apart, so that replicas can be trained in other
 * processes (parallel/, in `tfjs-smelu-repro/node`) with results
 * bit-identical to a run here: planExperiment (plan.ts: validate once, list
 * the replica tasks), trainReplica (replica.ts: one task → plain arrays) and
 * aggregateExperiment (aggregate.ts: arrays → results, on the host, no
 * tensors), which reads the verdict from the intervals (verdict.ts).
 * runExperiment (run.ts) does all three in this thread. Replicas can form
 * independent init groups (`groups`), each with its own shared
 * initialization and base order; PD is measured within groups.
 *
 * In: a Workload and an ExperimentConfig. Out: an ExperimentResult (what
 * results.json holds), which report/ renders.
 */
export {aggregateExperiment} from './aggregate';
export {planExperiment} from './plan';
export {describeWorkload, trainReplica} from './replica';
export {runExperiment} from './run';
export type {
  ExperimentConfig,
  ExperimentHooks,
  ExperimentPlan,
  ExperimentResult,
  PDMetricStats,
  PlannedVariant,
  ReplicaOutput,
  ReplicaTask,
  SettingNames,
  VariantIntervals,
  VariantResult,
  VariantSpec,
  WorkloadInfo,
} from './types';
export type {Comparison, MetricComparison} from './verdict';
export type {DialResult, DialSetting, DialWindow} from './dial';
