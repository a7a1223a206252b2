/**
 * A saved Layers model as an experiment workload: what `compare` needs to
 * know about the model (its input and output, the task, the loss), the
 * activation variants made by the plugin's `swapActivations`, and a fresh,
 * seeded replica of a variant for every replica task. Browser-safe: it works
 * on a loaded `tf.LayersModel` and arrays; the files are read by
 * `tfjs-smelu-repro/node`.
 */
import {dispose, serialization, Tensor, tensor1d, tensor2d} from '@tensorflow/tfjs-core';
import {LayersModel, Sequential} from '@tensorflow/tfjs-layers';

import {swapActivations} from 'tfjs-smelu';
import {deriveSeed} from '../training/random';
import type {ModelOptions, Workload} from '../workloads/workload';
import {compareLossFunctions, defaultLossOf, parseCompiledLoss, taskOfLoss} from './losses';
import type {
  CompareLoss, CompareTask, OutputMode, SavedModelFacts, SwapChange, SwapSkip, VariantSwapReport} from './types';

type Layer = LayersModel['layers'][number];
type ConfigObject = Record<string, unknown>;

const isContainer = (layer: Layer): layer is LayersModel => layer instanceof LayersModel;

/** Every layer that is not itself a model, nested models included, in model order. */
function leafLayers(model: LayersModel): Layer[] {
  return model.layers.flatMap((layer) => (isContainer(layer) ? leafLayers(layer) : [layer]));
}

/** A layer's activation as a name: its `activation` field, or what the layer itself computes. */
function activationOf(layer: Layer): string|null {
  const className = layer.getClassName();
  const config = layer.getConfig() as ConfigObject;
  if (className === 'Activation') return String(config['activation']);
  if (className === 'Softmax') return 'softmax';
  if (className === 'ReLU') return config['maxValue'] != null ? `relu (max ${String(config['maxValue'])})` : 'relu';
  if (['LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'SmeLU', 'GeneralizedSmeLU'].includes(className)) {
    return className === 'SmeLU' ? `smelu (β=${String(config['beta'])})` : className;
  }
  const activation = config['activation'];
  return typeof activation === 'string' ? activation : null;
}

/**
 * Reads a model's input and output: one input of shape [batch, features] and
 * one output of shape [batch, width].
 *
 * ```js
 * const model = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [3], activation: 'sigmoid'})]});
 * const facts = inspectSavedModel(model, 'model.json');
 * console.log(facts.inputWidth, facts.outputActivation);  // 3 sigmoid
 * ```
 * @throws Error naming `where` for several inputs or outputs, or an input or output that is not [batch, n].
 */
export function inspectSavedModel(model: LayersModel, where: string): SavedModelFacts {
  if (model.inputs.length !== 1) {
    throw new Error(
        `${where}: compare feeds the CSV's feature columns to one input, but the model has ${
            model.inputs.length} inputs ` +
        `(${model.inputs.map((t) => t.name).join(', ')}).`);
  }
  if (model.outputs.length !== 1) {
    throw new Error(`${where}: compare supports models with one output, but the model has ${model.outputs.length}.`);
  }
  const inShape = model.inputs[0].shape, outShape = model.outputs[0].shape;
  if (inShape.length !== 2 || inShape[1] == null) {
    throw new Error(
        `${where}: compare needs an input of shape [batch, features] (one row of numbers per example), ` +
        `but the model's input has shape [${inShape.map((d) => d ?? 'null').join(', ')}].`);
  }
  if (outShape.length !== 2 || outShape[1] == null) {
    throw new Error(
        `${where}: compare needs an output of shape [batch, units], but the model's output has shape ` +
        `[${outShape.map((d) => d ?? 'null').join(', ')}].`);
  }
  let outputLayer = model.outputs[0].sourceLayer as Layer;
  while (isContainer(outputLayer)) outputLayer = outputLayer.outputs[0].sourceLayer as Layer;
  const activations = leafLayers(model)
                          .map((l) => [l.name, activationOf(l)] as const)
                          .filter(([, a]) => a != null && a !== 'linear')
                          .map(([name, a]) => `${name}: ${a}`);
  return {
    className: model instanceof Sequential ? 'Sequential' : 'Functional',
    layers: leafLayers(model).length,
    parameters: model.countParams(),
    inputWidth: inShape[1],
    outputWidth: outShape[1],
    outputLayer: outputLayer.name,
    outputActivation: activationOf(outputLayer) ?? 'linear',
    activations,
  };
}

/** Layers with training-time noise that can be seeded per call (their `seed` is read on every training call). */
const SEEDABLE_NOISE = new Set(['Dropout', 'SpatialDropout1D']);
/** Layers whose training-time noise tfjs draws from Math.random with no seed. */
const UNSEEDABLE_NOISE = new Set(['GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'RandomWidth', 'RandomHeight']);
const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU', 'ConvLSTM2D', 'Bidirectional']);

/**
 * Checks that every source of training-time noise can be seeded: Dropout
 * (seeded per training call from the replica's order seed) is fine; layers
 * whose noise tfjs draws from `Math.random` (GaussianNoise, GaussianDropout,
 * AlphaDropout, random preprocessing, recurrent dropout) are refused.
 * Returns the names of the Dropout layers.
 *
 * ```js
 * const model = tf.sequential({
 *   layers: [tf.layers.dense({units: 4, inputShape: [2]}), tf.layers.dropout({rate: 0.5})],
 * });
 * console.log(checkTrainingNoise(model, 'model.json'));  // ['dropout_…']
 * ```
 * @throws Error naming the first layer whose noise cannot be seeded.
 */
export function checkTrainingNoise(model: LayersModel, where: string): string[] {
  const seeded: string[] = [];
  for (const layer of leafLayers(model)) {
    const className = layer.getClassName();
    const config = layer.getConfig() as ConfigObject;
    const positive = (key: string) => typeof config[key] === 'number' && (config[key] as number) > 0;
    if (SEEDABLE_NOISE.has(className)) {
      if (positive('rate')) seeded.push(layer.name);
    } else if (
        UNSEEDABLE_NOISE.has(className) &&
        (positive('rate') || positive('stddev') || !('rate' in config || 'stddev' in config))) {
      throw new Error(
          `${where}: layer '${layer.name}' (${className}) adds training-time noise that tfjs draws from Math.random ` +
          'without a seed, so replicas could not be trained reproducibly; remove it (or set its rate to 0) to compare.');
    } else if (RECURRENT.has(className)) {
      const inner =
          (className === 'Bidirectional' ? (config['layer'] as ConfigObject)?.['config'] : config) as ConfigObject |
          undefined;
      const rate = (k: string) => typeof inner?.[k] === 'number' && (inner[k] as number) > 0;
      if (rate('dropout') || rate('recurrentDropout')) {
        throw new Error(
            `${where}: layer '${layer.name}' (${className}) has dropout or recurrentDropout, whose masks tfjs draws ` +
            'from Math.random without a seed, so replicas could not be trained reproducibly; set them to 0 to compare.');
      }
    }
  }
  return seeded;
}

/** How {@link resolveTask} decided. */
export interface ResolvedTask {
  task: CompareTask;
  /** `--task` (or the name given), `compile config`, or `output layer`. */
  taskSource: string;
  loss: CompareLoss;
  outputMode: OutputMode;
  /** Multiclass: the classes (the output width); else 1. */
  numClasses: number;
}

/**
 * The task, the loss and how the output is read, from (in this order) the
 * task asked for, the compile config's loss, and the output layer's
 * activation; checked against the output's width and activation.
 *
 * - The task: as asked; else the compile config's loss's (binary
 *   cross-entropy → binary, (sparse) categorical → multiclass, MSE/MAE/Huber →
 *   regression); else from the output layer (1 sigmoid unit → binary, ≥ 2
 *   softmax units → multiclass).
 * - The loss: the compile config's (it must fit the task); else binary
 *   cross-entropy, sparse categorical cross-entropy or MSE.
 * - The output: a classifier's output layer must be sigmoid/softmax
 *   (probabilities) or linear (logits); a `from_logits` in the config must agree.
 *
 * ```js
 * const model = tf.sequential({layers: [tf.layers.dense({units: 3, inputShape: [2], activation: 'softmax'})]});
 * const facts = inspectSavedModel(model, 'm');
 * console.log(resolveTask(facts, undefined, undefined, 'm').task);  // multiclass
 * ```
 * @throws Error naming the conflict: a task the loss does not train, an output that does not fit the task, or no way to
 *     tell the task.
 */
export function resolveTask(
    facts: SavedModelFacts, trainingConfig: unknown, asked: CompareTask|undefined, where: string,
    taskName = 'task'): ResolvedTask {
  const compiledLoss = (trainingConfig as ConfigObject | undefined)?.['loss'];
  const parsed = compiledLoss != null ? parseCompiledLoss(compiledLoss, `${where}: the compile config`) : null;
  const out =
      `output layer '${facts.outputLayer}' (${facts.outputWidth} unit(s), activation '${facts.outputActivation}')`;
  let task: CompareTask, taskSource: string;
  if (asked != null) {
    task = asked;
    taskSource = taskName;
    if (parsed != null && taskOfLoss(parsed.name) !== asked) {
      throw new Error(
          `${taskName} '${asked}' disagrees with the model's compiled loss '${parsed.identifier}', which trains a ` +
          `${taskOfLoss(parsed.name)} task (${where}).`);
    }
  } else if (parsed != null) {
    task = taskOfLoss(parsed.name);
    taskSource = 'compile config';
  } else if (facts.outputActivation === 'sigmoid' && facts.outputWidth === 1) {
    task = 'binary';
    taskSource = 'output layer';
  } else if (facts.outputActivation === 'softmax' && facts.outputWidth >= 2) {
    task = 'multiclass';
    taskSource = 'output layer';
  } else {
    throw new Error(
        `cannot tell the task of ${where}: it has no compile config and its ${out} does not say; ` +
        `give ${taskName} (binary, multiclass or regression).`);
  }
  if (task === 'multiclass' ? facts.outputWidth < 2 : facts.outputWidth !== 1) {
    const multiclassHint = task === 'binary' && facts.outputWidth >= 2 ?
        `; for ${facts.outputWidth} classes use ${taskName} multiclass` :
        '';
    throw new Error(
        `a ${task} task needs ${task === 'multiclass' ? '≥ 2 output units (one per class)' : '1 output unit'}, but ` +
        `${where} has an ${out}${multiclassHint}.`);
  }
  let outputMode: OutputMode = 'values';
  if (task !== 'regression') {
    const squash = task === 'binary' ? 'sigmoid' : 'softmax';
    if (facts.outputActivation === squash) {
      outputMode = 'probabilities';
    } else if (facts.outputActivation === 'linear') {
      outputMode = 'logits';
    } else {
      throw new Error(
          `a ${task} classifier's output layer must have activation '${squash}' (probabilities) or 'linear' ` +
          `(logits), but ${where} has an ${out}.`);
    }
    if (parsed?.fromLogits != null && parsed.fromLogits !== (outputMode === 'logits')) {
      throw new Error(
          `${where}: the compiled loss '${parsed.identifier}' has from_logits ${parsed.fromLogits}, but the ${out} ` +
          `gives ${outputMode}.`);
    }
  }
  const loss: CompareLoss = parsed != null ? {
    name: parsed.name,
    ...(parsed.delta != null ? {delta: parsed.delta} : {}),
    identifier: parsed.identifier,
    source: 'compile config'
  } :
                                             {name: defaultLossOf(task), identifier: null, source: 'task'};
  return {task, taskSource, loss, outputMode, numClasses: task === 'multiclass' ? facts.outputWidth : 1};
}

/** Metric names `compare` computes, to their canonical name. */
const METRIC_ALIASES: Readonly<Record<string, string>> = {
  acc: 'accuracy',
  accuracy: 'accuracy',
  binaryaccuracy: 'accuracy',
  categoricalaccuracy: 'accuracy',
  sparsecategoricalaccuracy: 'accuracy',
  auc: 'auc',
  mse: 'mse',
  meansquarederror: 'mse',
  mae: 'mae',
  meanabsoluteerror: 'mae',
  rmse: 'rmse',
  rootmeansquarederror: 'rmse',
  r2: 'r2',
  r2score: 'r2',
};

const TASK_METRICS: Readonly<Record<CompareTask, string[]>> = {
  binary: ['accuracy', 'auc'],
  multiclass: ['accuracy'],
  regression: ['mse', 'mae', 'r2'],
};

/**
 * The metrics to report per variant: the compile config's (those `compare`
 * can compute: accuracy, AUC, MSE, MAE, RMSE, R²; the others are listed as
 * ignored), else the task's defaults.
 *
 * ```js
 * console.log(compareMetrics({metrics: ['acc', 'precision']}, 'binary'));
 * // {names: ['accuracy'], source: 'compile config', ignored: ['precision']}
 * ```
 */
export function compareMetrics(
    trainingConfig: unknown, task: CompareTask): {names: string[], source: 'compile config'|'task', ignored: string[]} {
  const raw = (trainingConfig as ConfigObject | undefined)?.['metrics'];
  const listed: string[] = [];
  const collect = (v: unknown) => {
    if (typeof v === 'string')
      listed.push(v);
    else if (Array.isArray(v))
      v.forEach(collect);
    else if (v != null && typeof v === 'object') {
      const o = v as ConfigObject;
      if (typeof o['class_name'] === 'string' || typeof o['className'] === 'string')
        listed.push(String(o['class_name'] ?? o['className']));
      else
        Object.values(o).forEach(collect);
    }
  };
  collect(raw);
  if (listed.length === 0) return {names: TASK_METRICS[task], source: 'task', ignored: []};
  const names: string[] = [], ignored: string[] = [];
  for (const m of listed) {
    const canonical = METRIC_ALIASES[m.replace(/_/g, '').toLowerCase()];
    const fits = canonical != null &&
        (task === 'regression' ? !['accuracy', 'auc'].includes(canonical) :
                                 canonical !== 'r2' && (canonical !== 'auc' || task === 'binary'));
    if (fits) {
      if (!names.includes(canonical!)) names.push(canonical!);
    } else {
      ignored.push(m);
    }
  }
  return {names, source: 'compile config', ignored};
}

/** Deep copy of a config (plain objects and arrays; other values as they are). */
function copyConfig<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyConfig) as unknown as T;
  if (value != null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: ConfigObject = {};
    for (const [k, v] of Object.entries(value as ConfigObject)) out[k] = copyConfig(v);
    return out as T;
  }
  return value;
}

const DETERMINISTIC_INITIALIZERS = new Set(['Zeros', 'Ones', 'Constant', 'Identity']);

/**
 * A copy of a model config (`model.getConfig()`, tfjs spelling) in which every
 * initializer that draws random numbers gets a seed derived from `initSeed`
 * and its place (the names of the enclosing layers and the config key, e.g.
 * `dense_1/kernelInitializer`). Initializers keep their class and settings:
 * a replica is initialized exactly as the layers' own configs say, only
 * seeded. Equal seeds give equal weights; the same layer in two activation
 * variants gets the same seed.
 *
 * ```js
 * const model = tf.sequential({layers: [tf.layers.dense({units: 2, inputShape: [2]})]});
 * const config = withSeededInitializers(model.getConfig(), 7);
 * console.log(typeof config.layers[0].config.kernelInitializer.config.seed);  // number
 * ```
 * @throws Error for an initializer that draws random numbers but takes no seed.
 */
export function withSeededInitializers<T>(config: T, initSeed: number): T {
  const visit = (value: unknown, path: string[]|null): unknown => {
    if (Array.isArray(value)) return value.map((v) => visit(v, path));
    if (value == null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
    const o = value as ConfigObject;
    // The model's own name (the root) is left out: the seeds depend on layer names only.
    const named = typeof o['name'] === 'string' && path != null && path[path.length - 1] !== o['name'];
    const here = path == null ? [] : named ? [...path, o['name'] as string] : path;
    const out: ConfigObject = {};
    for (const [key, v] of Object.entries(o)) {
      if (key.endsWith('Initializer') && v != null && typeof v === 'object' &&
          typeof (v as ConfigObject)['className'] === 'string') {
        const init = v as {className: string, config?: ConfigObject};
        const initConfig = copyConfig(init.config ?? {});
        if ('seed' in initConfig) {
          initConfig['seed'] = deriveSeed(initSeed, ...here, key);
        } else if (!DETERMINISTIC_INITIALIZERS.has(init.className)) {
          throw new Error(
              `layer '${here.join('/')}': its ${key} '${init.className}' takes no seed, so replicas could not be ` +
              'initialized reproducibly; start from the saved weights instead (--from-weights).');
        }
        out[key] = {...init, config: initConfig};
      } else {
        out[key] = visit(v, here);
      }
    }
    return out;
  };
  return visit(config, null) as T;
}

/** Copies weights layer by layer, matched by name (nested models included), through the public setWeights. */
function copyWeightsByName(source: LayersModel, target: LayersModel): void {
  for (const layer of source.layers) {
    const twin = target.getLayer(layer.name);
    if (isContainer(layer))
      copyWeightsByName(layer, twin as LayersModel);
    else if (layer.weights.length > 0)
      twin.setWeights(layer.getWeights());
  }
}

/**
 * Makes each Dropout layer draw a fresh, seeded mask on every training call:
 * tfjs reads the layer's `seed` once per call, and a fixed number would give
 * the same mask every batch, so `seed` becomes a counter-driven stream from
 * the replica's seed.
 */
function seedTrainingNoise(model: LayersModel, seed: number): void {
  let calls = 0;
  for (const layer of leafLayers(model)) {
    if (!SEEDABLE_NOISE.has(layer.getClassName())) continue;
    if (!('seed' in layer))
      throw new Error(`layer '${layer.name}' (${layer.getClassName()}) has no seed field in this tfjs version.`);
    Object.defineProperty(
        layer, 'seed', {get: () => deriveSeed(seed, 'dropout', layer.name, calls++), configurable: true});
  }
}

/** The train and eval arrays of a `compare` workload. */
export interface TabularArrays {
  numFeatures: number;
  /** [numTrain × numFeatures] row-major. */
  trainX: Float32Array;
  /** 0/1 (binary, float32), class ids (multiclass, int32) or targets (regression, float32). */
  trainY: Float32Array|Int32Array;
  evalX: Float32Array;
  evalY: Float32Array|Int32Array;
}

/** Options of {@link savedModelWorkload}. */
export interface SavedModelWorkloadOptions extends ResolvedTask {
  /**
   * `initializers`: every replica re-initialized from the layers' initializer configs, seeded; `saved weights`: from
   * the model's weights.
   */
  start: 'initializers'|'saved weights';
  /** SmeLU βs of the variants to prepare (the `relu` variant, the model as it is, always exists). */
  betas: number[];
  name?: string;
  description: string;
  source: string;
  settings?: Record<string, unknown>;
  defaults?: {epochs: number, batchSize: number, learningRate: number};
}

/** A saved model's workload, with the per-layer swap report of each prepared variant. */
export interface SavedModelWorkload extends Workload {
  /** The swap report of the `relu` variant (nothing replaced) or of `smelu` at a β. */
  swapReport(activation: string, beta: number|null): {replaced: SwapChange[], skipped: SwapSkip[]};
}

interface Variant {
  model: LayersModel;
  sequential: boolean;
  config: ConfigObject;
  replaced: SwapChange[];
  skipped: SwapSkip[];
}

const variantKey = (activation: string, beta: number|null|undefined) =>
    (activation === 'relu' ? 'relu' : `${activation}:${beta}`);

/**
 * Wraps a loaded Layers model and its data as a {@link Workload} whose
 * variants are `relu` (the model as saved) and `smelu` at each β of
 * `options.betas` (made by `swapActivations(model, {beta})`: its rules decide
 * which layers change and which are skipped, and why). Each replica is a
 * fresh model from the variant's config: re-initialized from its layers'
 * initializer configs seeded by the replica's init seed
 * ({@link withSeededInitializers}), or with the saved weights
 * (`start: 'saved weights'`); Dropout masks follow the replica's order seed.
 * The workload owns `model` and disposes it.
 *
 * ```js
 * const model = tf.sequential({layers: [
 *   tf.layers.dense({units: 4, inputShape: [2], activation: 'relu'}),
 *   tf.layers.dense({units: 1, activation: 'sigmoid'}),
 * ]});
 * const facts = inspectSavedModel(model, 'm');
 * const workload = await savedModelWorkload(model, {
 *   numFeatures: 2, trainX: new Float32Array([0, 1, 1, 0]), trainY: new Float32Array([0, 1]),
 *   evalX: new Float32Array([1, 1]), evalY: new Float32Array([1]),
 * }, {...resolveTask(facts, undefined, undefined, 'm'), start: 'initializers', betas: [1],
 *   description: 'a tiny model', source: 'inline'});
 * console.log(workload.swapReport('smelu', 1).replaced.length);  // 1
 * workload.dispose();
 * ```
 * @throws Error when the arrays do not fit the model, or a variant's swap replaces nothing (the model has no ReLU to
 *     swap).
 */
export async function savedModelWorkload(
    model: LayersModel, data: TabularArrays, options: SavedModelWorkloadOptions): Promise<SavedModelWorkload> {
  const variants = new Map<string, Variant>();
  const tensors: Tensor[] = [];
  try {
    const inputWidth = model.inputs[0].shape[1];
    if (inputWidth !== data.numFeatures) {
      throw new Error(`the model takes ${inputWidth} input features, but the data has ${data.numFeatures}.`);
    }
    const F = data.numFeatures;
    const nTrain = data.trainY.length, nEval = data.evalY.length;
    if (data.trainX.length !== nTrain * F || data.evalX.length !== nEval * F) {
      throw new Error(
          `savedModelWorkload: feature arrays of ${data.trainX.length} and ${data.evalX.length} values do not fit ` +
          `${nTrain} and ${nEval} rows of ${F} features.`);
    }
    variants.set('relu', {
      model,
      sequential: model instanceof Sequential,
      config: model.getConfig() as ConfigObject,
      replaced: [],
      skipped: []
    });
    for (const beta of options.betas) {
      if (variants.has(variantKey('smelu', beta))) continue;
      const swap = await swapActivations(model, {beta});
      const entry: Variant = {
        model: swap.model,
        sequential: swap.model instanceof Sequential,
        config: swap.model.getConfig() as ConfigObject,
        replaced: swap.replaced.map((r) => ({
                                      layer: r.layerName,
                                      className: r.className,
                                      modelPath: r.modelPath,
                                      before: r.before,
                                      after: r.after,
                                      ...(r.insertedLayerName != null ? {insertedLayer: r.insertedLayerName} : {}),
                                    })),
        skipped: swap.skipped.map((s) => ({
                                    layer: s.layerName,
                                    className: s.className,
                                    modelPath: s.modelPath,
                                    activation: s.activation,
                                    reason: s.reason,
                                  })),
      };
      variants.set(variantKey('smelu', beta), entry);
      if (entry.replaced.length === 0) {
        const found = inspectSavedModel(model, 'the model').activations;
        const skipped = entry.skipped.map((s) => `${s.layer} (${s.activation}: ${s.reason})`).join('; ');
        throw new Error(
            `the model has no activation that swapActivations replaces (plain ReLU: activation 'relu', ReLU() ` +
            `or Activation('relu') layers), so its SmeLU variant would be the model itself. Activations found: ` +
            `${found.length > 0 ? found.join(', ') : 'none'}${skipped !== '' ? `; skipped: ${skipped}` : ''}.`);
      }
    }
    const trainLabels = data.trainY instanceof Int32Array ? tensor1d(data.trainY, 'int32') : tensor1d(data.trainY);
    const evalLabels = data.evalY instanceof Int32Array ? tensor1d(data.evalY, 'int32') : tensor1d(data.evalY);
    const trainInputs = tensor2d(data.trainX, [nTrain, F]);
    const evalInputs = tensor2d(data.evalX, [nEval, F]);
    tensors.push(trainLabels, evalLabels, trainInputs, evalInputs);
    const losses = compareLossFunctions(options.loss, options.outputMode, options.numClasses);

    const buildModel = (o: ModelOptions): LayersModel => {
      const variant = variants.get(variantKey(o.activation.name, o.beta ?? null));
      if (variant == null) {
        throw new Error(
            `savedModelWorkload: variant ${o.activation.name}${
                o.beta != null ? ` β=${o.beta}` : ''} was not prepared ` +
            `(compare makes variants relu and smelu at the βs ${options.betas.join(', ')}).`);
      }
      const config = withSeededInitializers(variant.config, o.initSeed) as serialization.ConfigDict;
      const replica: LayersModel = variant.sequential ? Sequential.fromConfig<Sequential>(Sequential, config) :
                                                        LayersModel.fromConfig<LayersModel>(LayersModel, config);
      try {
        if (options.start === 'saved weights') copyWeightsByName(model, replica);
        seedTrainingNoise(replica, o.orderSeed ?? o.initSeed);
      } catch (e) {
        replica.dispose();
        throw e;
      }
      return replica;
    };

    const workload: SavedModelWorkload = {
      name: options.name ?? 'saved-model',
      description: options.description,
      source: options.source,
      kind: options.task,
      numClasses: options.numClasses,
      trainInputs: [trainInputs],
      trainLabels,
      evalInputs: [evalInputs],
      evalLabels,
      ...(options.settings != null ? {settings: options.settings} : {}),
      defaults: options.defaults ?? {epochs: 10, batchSize: 32, learningRate: 1e-3},
      buildModel,
      loss: losses.loss,
      exampleLosses: losses.exampleLosses,
      probabilities: losses.probabilities,
      swapReport(activation, beta) {
        const v = variants.get(variantKey(activation, beta));
        if (v == null)
          throw new Error(`savedModelWorkload: no variant ${activation}${beta != null ? ` β=${beta}` : ''}.`);
        return {replaced: v.replaced, skipped: v.skipped};
      },
      dispose() {
        for (const v of variants.values())
          if (v.model !== model) v.model.dispose();
        model.dispose();
        dispose(tensors);
      },
    };
    return workload;
  } catch (e) {
    for (const v of variants.values())
      if (v.model !== model) v.model.dispose();
    model.dispose();
    dispose(tensors);
    throw e;
  }
}

/**
 * The per-layer swap reports of a run's variants, in the plan's order.
 *
 * ```js
 * // not run: a fragment; `workload` from savedModelWorkload, `plan` from planExperiment
 * const reports = variantSwapReports(workload, plan.variants);
 * ```
 */
export function variantSwapReports(
    workload: SavedModelWorkload,
    variants: {activation: string, beta: number|null, label: string}[]): VariantSwapReport[] {
  return variants.map(
      (v) => ({label: v.label, activation: v.activation, beta: v.beta, ...workload.swapReport(v.activation, v.beta)}));
}
