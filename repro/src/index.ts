/**
 * tfjs-smelu-repro: the reproducibility toolkit, browser-safe part: PD
 * metrics, the activation registry, seeded replica training, workloads and
 * the experiment runner. Data loading and report writing (file system) are
 * in `tfjs-smelu-repro/node`; the demo is the `tfjs-smelu-repro` command.
 *
 * @module tfjs-smelu-repro
 */
export {GELUBeta, geluBeta, SoftplusBeta, softplusBeta, SwishBeta, swishBeta} from './activation_layers';
export type {BetaActivationArgs} from './activation_layers';
export {activationNames, getActivation, registerActivation} from './activations';
export type {ActivationLayer, ActivationSpec, BetaSpec} from './activations';
export {digitsWorkload} from './digits_workload';
export {ScatterEmbedding} from './embedding';
export type {ScatterEmbeddingArgs} from './embedding';
export {runExperiment, validateExperimentConfig} from './experiment';
export type {ExperimentConfig, ExperimentHooks, ExperimentResult, VariantResult, VariantSpec} from './experiment';
export {
  absolutePD, halfL1Distance, pairwiseStats, RELATIVE_PD_EPSILON, relativePD, rocAuc, summarize, top1Disagreement,
  topKSwapRate,
} from './metrics';
export type {PairwiseStats} from './metrics';
export {movieLensWorkload} from './movielens_workload';
export type {MovieLensWorkloadOptions} from './movielens_workload';
export {formatResultsMarkdown, formatResultsTable, summaryHeaders, summaryRows} from './summary';
export type {SummaryRow} from './summary';
export {deriveSeed, epochOrder, replicaSeeds, SHUFFLE_MODES, trainModel} from './trainer';
export type {ReplicaRegime, ReplicaSeeds, ShuffleMode, TrainOptions} from './trainer';
export {hiddenTower, NORM_MODES, outputLayer} from './workload';
export type {ModelOptions, NormMode, Workload} from './workload';
