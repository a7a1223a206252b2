/**
 * tfjs-smelu-repro: the reproducibility toolkit, browser-safe part: PD
 * metrics, the activation registry, seeded replica training, workloads, the
 * experiment (plan → replicas → aggregation with bootstrap intervals) and
 * the verdict. Data loading, report writing and parallel replicas (file
 * system, child processes) are in `tfjs-smelu-repro/node`; the demo is the
 * `tfjs-smelu-repro` command.
 *
 * @module tfjs-smelu-repro
 */
export {GELUBeta, geluBeta, SoftplusBeta, softplusBeta, SwishBeta, swishBeta} from './activations/beta_activations';
export type {BetaActivationArgs} from './activations/beta_activations';
export {activationNames, getActivation, registerActivation} from './activations/registry';
export type {ActivationLayer, ActivationSpec, BetaSpec} from './activations/registry';
export {
  blockSums, bootstrapIntervals, bootstrapPlan, DEFAULT_BOOTSTRAP_BLOCKS, exampleBlocks, groupBootstrapPlan, quantileSorted,
  replicaPairs, weightedMeans,
} from './intervals/bootstrap';
export type {BlockSums, BootstrapPlan, Interval, MeanIntervals, RatioIntervals} from './intervals/bootstrap';
export {COMPARE_LOSSES, compareLossFunctions, parseCompiledLoss} from './compare/losses';
export type {LossFunctions, ParsedLoss} from './compare/losses';
export {
  checkTrainingNoise, compareMetrics, inspectSavedModel, resolveTask, savedModelWorkload, variantSwapReports,
  withSeededInitializers,
} from './compare/saved_model';
export type {
  ResolvedTask, SavedModelWorkload, SavedModelWorkloadOptions, TabularArrays,
} from './compare/saved_model';
export {COMPARE_TASKS} from './compare/types';
export type {
  CompareDetails, CompareLoss, CompareLossName, CompareTask, OutputMode, SavedModelFacts, SwapChange, SwapSkip,
  VariantSwapReport,
} from './compare/types';
export {
  baselineEvalLoss, checkLearning, FEATURE_SCALE_WARNING_RATIO, featureScaleWarning, learningVerdict,
} from './compare/warnings';
export type {LearningBaseline, VariantLearning} from './compare/warnings';
export {digitsWorkload} from './workloads/digits';
export {ScatterEmbedding} from './workloads/scatter_embedding';
export {LastAxisLayerNorm} from './workloads/layer_norm';
export type {LastAxisLayerNormArgs} from './workloads/layer_norm';
export type {ScatterEmbeddingArgs} from './workloads/scatter_embedding';
export {examplePD, PD_METRIC_LABELS, pdMetricsFor, regressionExamplePD, regressionScale} from './metrics/example_pd';
export type {OutputKind, PDMetric} from './metrics/example_pd';
export {
  aggregateExperiment, DEFAULT_BOOTSTRAP_DRAWS, describeWorkload, planExperiment, runExperiment, trainReplica,
  validateExperimentConfig,
} from './experiment/experiment';
export type {
  ExperimentConfig, ExperimentHooks, ExperimentPlan, ExperimentResult, PlannedVariant, ReplicaOutput, ReplicaTask,
  SettingNames, VariantIntervals, VariantResult, VariantSpec, WorkloadInfo,
} from './experiment/experiment';
export {fashionMnistWorkload} from './workloads/fashion_mnist';
export {groupMeans, groupTIntervals, INTERVAL_METHODS, studentTCritical} from './intervals/group_t';
export type {GroupMeans, IntervalMethod} from './intervals/group_t';
export type {FashionMnistWorkloadOptions} from './workloads/fashion_mnist';
export {
  absolutePD, halfL1Distance, pairwiseStats, RELATIVE_PD_EPSILON, relativePD, rocAuc, summarize, top1Disagreement,
  topKSwapRate,
} from './metrics/tensor_pd';
export type {PairwiseStats} from './metrics/tensor_pd';
export {movieLensWorkload} from './workloads/movielens';
export type {MovieLensWorkloadOptions} from './workloads/movielens';
export {deriveSeed, seededPermutation, seededRandom, shuffleInPlace} from './training/random';
export type {RandomSource} from './training/random';
export {
  compareMetricsTable, formatResultsMarkdown, formatResultsTable, summaryHeaders, summaryRows, swapReportLines,
} from './report/tables';
export type {SummaryRow} from './report/tables';
export {
  epochOrder, initGroupSeed, replicaGroupSeeds, replicaSeeds, SeededTrainer, SHUFFLE_MODES, shuffleWindow, trainModel,
  validateShuffleMode,
} from './training/trainer';
export type {GroupedReplicaSeeds, ReplicaRegime, ReplicaSeeds, ShuffleMode, TrainOptions} from './training/trainer';
export {comparisonVerdict, overallVerdict, sideOf} from './experiment/verdict';
export type {Comparison} from './experiment/verdict';
export {classificationLosses, hiddenTower, NORM_MODES, NORM_PLACEMENTS, outputLayer} from './workloads/workload';
export type {ModelOptions, NormMode, NormPlacement, Workload} from './workloads/workload';
