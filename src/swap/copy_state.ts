/**
 * Carries a model's state over to its swapped twin: weight values (exactly),
 * trainable flags, and the compile state (optimizer config, loss, metrics).
 */
import {Optimizer, serialization, Variable} from '@tensorflow/tfjs-core';
import {LayersModel} from '@tensorflow/tfjs-layers';

import {renameOutputKeys} from './rewrite_topology';

type LayerLike = LayersModel['layers'][number];
type LayerVariableLike = LayerLike['weights'][number];

function isContainer(layer: LayerLike): layer is LayersModel {
  return Array.isArray((layer as {layers?: unknown}).layers);
}

/**
 * Assigns `source`'s value to `target` without `LayerVariable.write`, which
 * re-applies the layer's constraint (e.g. maxNorm rescales by norm/(ε+norm)):
 * the copy must be bit-identical. Tensors are immutable, so sharing the data is safe.
 */
function assignExactly(target: LayerVariableLike, source: LayerVariableLike): void {
  if (target.shape.join(',') !== source.shape.join(',') || target.dtype !== source.dtype) {
    throw new Error(
        `swapActivations: internal error, weight '${source.originalName}' has shape ` +
        `[${source.shape}] ${source.dtype} but its copy has [${target.shape}] ${target.dtype}.`);
  }
  (target as unknown as {val: Variable}).val.assign(source.read());
  target.trainable = source.trainable;
}

function copyLeaf(source: LayerLike, target: LayerLike): void {
  if (target.trainable !== source.trainable) target.trainable = source.trainable;
  // Match by creation order, which does not depend on trainable flags (`weights` does).
  const own = (layer: LayerLike) => {
    const internal =
        layer as unknown as {_trainableWeights: LayerVariableLike[], _nonTrainableWeights: LayerVariableLike[]};
    return [...internal._trainableWeights, ...internal._nonTrainableWeights];
  };
  const sourceWeights = own(source);
  const targetWeights = own(target);
  if (sourceWeights.length !== targetWeights.length) {
    throw new Error(`swapActivations: internal error, layer '${source.name}' has ${
        sourceWeights.length} weights but its copy has ${targetWeights.length}.`);
  }
  sourceWeights.forEach((weight, i) => assignExactly(targetWeights[i], weight));
}

/** Copies weights and trainable flags layer by layer (matched by name, nested models included). */
export function copyWeightsAndFlags(source: LayersModel, target: LayersModel): void {
  target.trainable = source.trainable;
  for (const layer of source.layers) {
    const twin = target.getLayer(layer.name);
    if (isContainer(layer)) {
      if (!isContainer(twin)) {
        throw new Error(`swapActivations: internal error, nested model '${layer.name}' was not rebuilt as a model.`);
      }
      copyWeightsAndFlags(layer, twin);
    } else {
      copyLeaf(layer, twin);
    }
  }
}

/** A fresh optimizer of the same class and config (its state, e.g. Adam's moments, is not copied). */
function cloneOptimizer(optimizer: Optimizer): Optimizer {
  const className = optimizer.getClassName();
  const entry = serialization.SerializationMap.getMap().classNameMap[className];
  if (entry == null) {
    throw new Error(
        `swapActivations: cannot recreate the optimizer '${className}' of the compiled ` +
        `model: it is not registered with tf.serialization.registerClass.`);
  }
  const [cls, fromConfig] = entry;
  return fromConfig(cls, optimizer.getConfig()) as Optimizer;
}

/**
 * Compiles `target` like `source` if `source` was compiled; returns whether it did.
 * The optimizer is a new instance with the same config, owned (and disposed) by `target`.
 */
export function copyCompileState(
    source: LayersModel, target: LayersModel, outputRenames: Map<string, string>): boolean {
  const optimizer = source.optimizer as Optimizer | undefined;
  if (optimizer == null) return false;
  target.compile({
    optimizer: cloneOptimizer(optimizer),
    loss: renameOutputKeys(source.loss, outputRenames),
    metrics: renameOutputKeys(source.metrics as never, outputRenames),
  });
  (target as unknown as {isOptimizerOwned: boolean}).isOptimizerOwned = true;
  return true;
}
