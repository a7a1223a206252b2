/**
 * Plain-data types of `compare` (the user's saved model on the user's CSV
 * data): what results.json records about the model, the data, the loss and
 * the per-layer activation swap, added to the experiment's results.
 */
import type {ExperimentResult} from '../experiment/types';
import type {OutputKind} from '../metrics/registry';


/** What the model predicts: one probability (`binary`), a class distribution (`multiclass`), or a real value. */
export type CompareTask = OutputKind;

/**
 * How the model's output is read: `probabilities` (a sigmoid or softmax
 * output layer), `logits` (a linear output read through sigmoid/softmax), or
 * `values` (regression: the output as is).
 */
export type OutputMode = 'probabilities'|'logits'|'values';

/** The losses `compare` trains with, in tfjs spelling. */
export type CompareLossName = 'binaryCrossentropy'|'categoricalCrossentropy'|'sparseCategoricalCrossentropy'|
    'meanSquaredError'|'meanAbsoluteError'|'huber';

/** The training loss: which one, and where it came from. */
export interface CompareLoss {
  name: CompareLossName;
  /** Huber's δ (default 1, as in Keras). */
  delta?: number;
  /** The identifier as the compile config wrote it, or `null` when derived from the task. */
  identifier: string|null;
  /** `compile config` or `task`. */
  source: 'compile config'|'task';
}

/** One layer whose activation a variant replaced (from swapActivations' `replaced`). */
export interface SwapChange {
  layer: string;
  className: string;
  /** Enclosing nested models, outermost first. */
  modelPath: string[];
  before: string;
  after: string;
  /** The SmeLU layer inserted after it, when one was. */
  insertedLayer?: string;
}

/** A ReLU-family activation a variant left alone, with swapActivations' reason. */
export interface SwapSkip {
  layer: string;
  className: string;
  modelPath: string[];
  activation: string;
  reason: string;
}

/** The per-layer swap report of one variant. */
export interface VariantSwapReport {
  label: string;
  activation: string;
  beta: number|null;
  /** Empty for the `relu` variant (the saved model as it is). */
  replaced: SwapChange[];
  skipped: SwapSkip[];
}

/** What `compare` reads off a saved model. */
export interface SavedModelFacts {
  /** `Sequential` or `Functional`. */
  className: string;
  layers: number;
  parameters: number;
  inputWidth: number;
  outputWidth: number;
  outputLayer: string;
  /** The output layer's activation, e.g. `sigmoid`, `softmax`, `linear` (also when it has none). */
  outputActivation: string;
  /** Every non-linear activation of the model, as `layer: activation`. */
  activations: string[];
}

/** What results.json and the report say about a `compare` run beyond the experiment's fields. */
export interface CompareDetails {
  /** The saved model: what `inspectSavedModel` read, and the model.json it came from. */
  model: SavedModelFacts&{path: string};
  /** Where every replica's weights start: `initializers` (re-initialized, seeded) or `saved weights`. */
  start: 'initializers'|'saved weights';
  task: CompareTask;
  /** `--task`, `compile config` (its loss) or `output layer` (its activation). */
  taskSource: string;
  loss: CompareLoss;
  outputMode: OutputMode;
  /** Metrics reported per variant (`VariantResult.metrics`), and where they came from. */
  metrics: {names: string[], source: 'compile config'|'task', ignored: string[]};
  /** The optimizer of the compile config, when there is one (training always uses Adam). */
  compiledOptimizer: string|null;
  data: {
    train: string;
    /** The eval CSV, or null when the eval split is cut from the training file. */
    eval: string | null;
    evalFraction: number | null;
    label: string;
    features: string[];
    numTrain: number;
    numEval: number;
    standardized: boolean;
    /** Classifiers: examples per class in the training split. */
    trainClassCounts?: number[];
    /** Text labels mapped to class ids (`--positive`, `--classes`): class id → label. */
    labelNames?: string[];
  };
  /**
   * What makes the comparison less meaningful, said before training (e.g. feature scales orders of magnitude apart).
   */
  warnings: string[];
  /** The eval loss of always predicting what the training labels say on average: the floor a model must beat. */
  baseline: {evalLoss: number, prediction: string};
  /** After the run: per variant, whether its replicas learned (see checkLearning). */
  learning?: {label: string, learned: boolean, evalLoss: number, constantReplicas: number, replicas: number}[];
  /** One entry per variant, in the run's order. */
  swap: VariantSwapReport[];
  /** Rules applied and things worth knowing (stated in the report). */
  notes: string[];
}

/**
 * The results of a `compare` run: the experiment's, plus `compare` (and each
 * variant's `metrics`, the compile config's or the task's, over replicas).
 */
export interface CompareResult extends ExperimentResult {
  compare: CompareDetails;
}
