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
export {GELUBeta, geluBeta, SoftplusBeta, softplusBeta, SwishBeta, swishBeta} from './activation_layers';
export type {BetaActivationArgs} from './activation_layers';
export {activationNames, getActivation, registerActivation} from './activations';
export type {ActivationLayer, ActivationSpec, BetaSpec} from './activations';
export {
  blockSums, bootstrapIntervals, bootstrapPlan, DEFAULT_BOOTSTRAP_BLOCKS, exampleBlocks, groupBootstrapPlan, quantileSorted,
  replicaPairs, weightedMeans,
} from './bootstrap';
export type {BlockSums, BootstrapPlan, Interval, MeanIntervals, RatioIntervals} from './bootstrap';
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
export {digitsWorkload} from './digits_workload';
export {ScatterEmbedding} from './embedding';
export {LastAxisLayerNorm} from './layer_norm';
export type {LastAxisLayerNormArgs} from './layer_norm';
export type {ScatterEmbeddingArgs} from './embedding';
export {examplePD, PD_METRIC_LABELS, pdMetricsFor, regressionExamplePD, regressionScale} from './example_metrics';
export type {OutputKind, PDMetric} from './example_metrics';
export {
  aggregateExperiment, DEFAULT_BOOTSTRAP_DRAWS, describeWorkload, planExperiment, runExperiment, trainReplica,
  validateExperimentConfig,
} from './experiment';
export type {
  ExperimentConfig, ExperimentHooks, ExperimentPlan, ExperimentResult, PlannedVariant, ReplicaOutput, ReplicaTask,
  SettingNames, VariantIntervals, VariantResult, VariantSpec, WorkloadInfo,
} from './experiment';
export {fashionMnistWorkload} from './fashion_mnist_workload';
export {groupMeans, groupTIntervals, INTERVAL_METHODS, studentTCritical} from './intervals';
export type {GroupMeans, IntervalMethod} from './intervals';
export type {FashionMnistWorkloadOptions} from './fashion_mnist_workload';
export {
  absolutePD, halfL1Distance, pairwiseStats, RELATIVE_PD_EPSILON, relativePD, rocAuc, summarize, top1Disagreement,
  topKSwapRate,
} from './metrics';
export type {PairwiseStats} from './metrics';
export {movieLensWorkload} from './movielens_workload';
export type {MovieLensWorkloadOptions} from './movielens_workload';
export {deriveSeed, seededPermutation, seededRandom, shuffleInPlace} from './random';
export type {RandomSource} from './random';
export {
  compareMetricsTable, formatResultsMarkdown, formatResultsTable, summaryHeaders, summaryRows, swapReportLines,
} from './summary';
export type {SummaryRow} from './summary';
export {
  epochOrder, initGroupSeed, replicaGroupSeeds, replicaSeeds, SeededTrainer, SHUFFLE_MODES, shuffleWindow, trainModel,
  validateShuffleMode,
} from './trainer';
export type {GroupedReplicaSeeds, ReplicaRegime, ReplicaSeeds, ShuffleMode, TrainOptions} from './trainer';
export {comparisonVerdict, overallVerdict, sideOf} from './verdict';
export type {Comparison} from './verdict';
export {classificationLosses, hiddenTower, NORM_MODES, NORM_PLACEMENTS, outputLayer} from './workload';
export type {ModelOptions, NormMode, NormPlacement, Workload} from './workload';
