import {serialization, Tensor, tidy} from '@tensorflow/tfjs-core';
import {layers} from '@tensorflow/tfjs-layers';
import type {LayerArgs} from '@tensorflow/tfjs-layers/dist/engine/topology';

import {DEFAULT_SMELU_BETA, smelu} from '../ops/smelu';
import {assertValidBeta} from '../ops/validate';

/** Constructor arguments of the {@link SmeLU} layer. */
export interface SmeLULayerArgs extends LayerArgs {
  /** Half-width of the smooth region; a finite number > 0. Defaults to 2. */
  beta?: number;
}

/** The single tensor a one-input layer receives (tfjs passes one or a list). */
export function singleInput(inputs: Tensor|Tensor[], layerName: string): Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) {
      throw new Error(`${layerName} expects exactly one input tensor, but got ${inputs.length}.`);
    }
    return inputs[0];
  }
  return inputs;
}

/**
 * Smooth ReLU activation layer, the Keras-style counterpart of
 * `tf.layers.reLU()`: `0` for x ≤ −β, `(x + β)² / (4β)` for |x| < β, `x` for x ≥ β.
 *
 * Input shape: arbitrary. Output shape: same as the input.
 *
 * ```js
 * const model = tf.sequential();
 * model.add(tf.layers.dense({units: 8, inputShape: [4]}));
 * model.add(tfSmelu.layers.smelu({beta: 1}));
 * model.predict(tf.ones([2, 4])).print();
 * ```
 */
export class SmeLU extends layers.Layer {
  /** @nocollapse */
  static className = 'SmeLU';
  readonly beta: number;

  constructor(args: SmeLULayerArgs = {}) {
    super(args);
    // Only a missing beta takes the default: null in a loaded config is an error.
    const beta = args.beta === undefined ? DEFAULT_SMELU_BETA : args.beta;
    assertValidBeta(beta, 'SmeLU layer');
    this.beta = beta;
    this.supportsMasking = true;
  }

  override call(inputs: Tensor|Tensor[]): Tensor {
    return tidy(() => smelu(singleInput(inputs, 'SmeLU layer'), this.beta));
  }

  override computeOutputShape<S>(inputShape: S): S {
    return inputShape;
  }

  override getConfig(): serialization.ConfigDict {
    return {beta: this.beta, ...super.getConfig()};
  }
}
serialization.registerClass(SmeLU);
