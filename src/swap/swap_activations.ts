import {LayersModel, models} from '@tensorflow/tfjs-layers';

// The SmeLU layer class and the 'smelu' activation must be registered before deserialising.
import '../layers/smelu_activation';
import '../layers/smelu_layer';
import {describeValue} from '../validate';
import {copyCompileState, copyWeightsAndFlags} from './copy_state';
import {parseSwapOptions} from './options';
import {rewriteTopology} from './rewrite_topology';
import type {SwapActivationsOptions, SwapActivationsResult} from './types';

function assertLayersModel(model: unknown): asserts model is LayersModel {
  if (model instanceof LayersModel) return;
  const candidate = model as Record<string, unknown>| null | undefined;
  let what = describeValue(model);
  if (candidate != null && typeof candidate === 'object') {
    if (typeof candidate['executeAsync'] === 'function' && !('layers' in candidate)) {
      what = 'a tf.GraphModel (graph models have no layer topology to edit; swap the Keras or ' +
          'Layers model it was converted from)';
    } else if (typeof candidate['toJSON'] === 'function' && Array.isArray(candidate['layers'])) {
      what = 'a LayersModel from another copy of @tensorflow/tfjs-layers (use a single copy)';
    } else {
      what = `an object that is not a LayersModel (${describeValue(model).slice(0, 80)})`;
    }
  }
  throw new Error(
      `swapActivations: model must be a tf.LayersModel (tf.sequential, tf.model or ` +
      `tf.loadLayersModel), but got ${what}.`);
}

/**
 * Returns a copy of a Layers model with its ReLU activations replaced by SmeLU,
 * keeping every weight (bit-identical), layer name, trainable flag, user-defined
 * metadata and, if the model was compiled, its optimizer config, loss and
 * metrics (a fresh optimizer: its state, e.g. Adam's moments, starts over). The
 * input model is not modified.
 *
 * It works on the model's JSON topology, so Sequential and functional models
 * (branches, several inputs/outputs, shared layers) and nested models are all
 * covered. Replaced: the `activation` of any layer that has one (Dense, Conv*,
 * SeparableConv2D, DepthwiseConv2D, Conv2DTranspose, SimpleRNN/LSTM/GRU's
 * `activation` but never their gates' `recurrentActivation`), plain `ReLU`
 * layers and `Activation('relu')` layers. Capped or leaky ReLUs are skipped (and
 * listed in `skipped` with the reason) unless `options.from` asks for them.
 *
 * The `'smelu'` activation string means β = 2, so for another β (or when
 * `options.to` is a SmeLU layer config) the layer gets `activation: 'linear'`
 * and a `SmeLU` layer named `<layer>_smelu` is inserted right after it (shared
 * layers get a shared SmeLU layer). Recurrent layers cannot take an inserted
 * layer and are then skipped.
 *
 * ```js
 * const model = tf.sequential({layers: [
 *   tf.layers.dense({units: 8, activation: 'relu', inputShape: [4]}),
 *   tf.layers.dense({units: 1}),
 * ]});
 * const {model: swapped, replaced} = await tfSmelu.swapActivations(model, {beta: 1});
 * console.log(replaced.map((r) => `${r.layerName}: ${r.before} -> ${r.after}`));
 * swapped.predict(tf.ones([1, 4])).print();
 * ```
 * @param model A `tf.LayersModel` (Sequential or functional).
 * @param options `from`, `beta`, `filter`, `to`: see {@link SwapActivationsOptions}.
 * @returns The new model and the lists of replaced and skipped activations.
 */
export async function swapActivations(
    model: LayersModel, options?: SwapActivationsOptions): Promise<SwapActivationsResult> {
  const plan = parseSwapOptions(options);
  assertLayersModel(model);
  // Through JSON text, as a saved model.json would be.
  const topology = JSON.parse(JSON.stringify(model.toJSON(null, false))) as Record<string, unknown>;
  const {replaced, skipped, outputRenames} = rewriteTopology(topology, plan);
  const swapped = await models.modelFromJSON({modelTopology: topology as never});
  try {
    copyWeightsAndFlags(model, swapped);
    const metadata = model.getUserDefinedMetadata();
    if (metadata != null) swapped.setUserDefinedMetadata(metadata);
    const compiled = copyCompileState(model, swapped, outputRenames);
    return {model: swapped, replaced, skipped, compiled};
  } catch (error) {
    swapped.dispose();
    throw error;
  }
}
