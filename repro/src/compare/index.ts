/**
 * `compare`, Node only: would SmeLU make *your* model more reproducible?
 * The user's saved Layers model (files.ts loads it, saved_model.ts reads its
 * facts and makes it a workload, losses.ts its loss) on the user's CSV data
 * (data/tabular.ts), trained as saved (ReLU) and with SmeLU swapped in, by
 * the demo's engine in worker processes (compare.ts), with the checks that
 * say when a comparison would not mean what its table says (warnings.ts) and
 * its own report sections (report.ts).
 *
 * In: a model.json, CSV files, options. Out: a CompareResult (the
 * experiment's results plus `compare`) and the report folder.
 */
export {COMPARE_DEFAULTS, compareActivations, prepareComparison, runPreparedComparison} from './compare';
export type {CompareOptions, PreparedComparison} from './compare';
// Low-level: the two steps `npm run bench:csv` times in a built package (the workers' data file, a worker's load).
export {loadSavedModelWorkload, writeCompareArrays} from './files';
export type {CompareArraysFile, SavedModelSpecOptions} from './files';
export type {
  CompareDetails,
  CompareLoss,
  CompareLossName,
  CompareResult,
  CompareTask,
  OutputMode,
  SavedModelFacts,
  SwapChange,
  SwapSkip,
  VariantSwapReport,
} from './types';
