/**
 * Layer normalization over the last axis with broadcasting ops only. tfjs's
 * own `layerNormalization` tiles γ and β to the batch shape, and the gradient
 * of `tile` is one slice and one add per repetition: about 1,000 kernels per
 * training step for a batch of 256, which makes it ~10× slower than the rest
 * of a small MLP on tfjs-node. Here γ and β broadcast, and their gradients
 * are single reductions. Same maths: y = (x − mean)/sqrt(var + ε)·γ + β, with
 * mean and (biased) variance over the last axis, γ = 1 and β = 0 initially.
 */
import {add, mean, mul, rsqrt, serialization, square, sub, Tensor, tidy} from '@tensorflow/tfjs-core';
import {initializers, layers} from '@tensorflow/tfjs-layers';
import type {LayerArgs} from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type {LayerVariable} from '@tensorflow/tfjs-layers/dist/variables.js';

import {singleInput} from '../../../src/validate';

/** Constructor arguments of {@link LastAxisLayerNorm}. */
export interface LastAxisLayerNormArgs extends LayerArgs {
  /** Added to the variance (default 1e-3, tfjs-layers' and Keras's default). */
  epsilon?: number;
}

/**
 * Normalizes each example over its last axis, then scales by γ and shifts by
 * β (both learned, one per feature). Input and output: [batch, …, features].
 *
 * ```js
 * const layer = new tfSmeluRepro.LastAxisLayerNorm();
 * layer.apply(tf.tensor2d([[1, 2, 3], [0, 0, 6]])).print();  // each row: mean 0, variance ≈ 1
 * ```
 * @throws Error when epsilon is not a finite number ≥ 0.
 */
export class LastAxisLayerNorm extends layers.Layer {
  /** @nocollapse */
  static className = 'LastAxisLayerNorm';
  readonly epsilon: number;
  private gamma: LayerVariable|null = null;
  private beta: LayerVariable|null = null;

  constructor(args: LastAxisLayerNormArgs = {}) {
    super(args);
    const epsilon = args.epsilon ?? 1e-3;
    if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0) {
      throw new Error(`LastAxisLayerNorm layer: epsilon must be a finite number ≥ 0, but got ${epsilon}.`);
    }
    this.epsilon = epsilon;
    this.supportsMasking = true;
  }

  override build(inputShape: number[]|number[][]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
    const features = shape[shape.length - 1];
    this.gamma = this.addWeight('gamma', [features], 'float32', initializers.ones());
    this.beta = this.addWeight('beta', [features], 'float32', initializers.zeros());
    this.built = true;
  }

  override computeOutputShape<S>(inputShape: S): S {
    return inputShape;
  }

  override call(inputs: Tensor|Tensor[]): Tensor {
    return tidy(() => {
      const x = singleInput(inputs, 'LastAxisLayerNorm layer');
      const centered = sub(x, mean(x, -1, true));
      const variance = mean(square(centered), -1, true);
      const normalized = mul(centered, rsqrt(add(variance, this.epsilon)));
      return add(mul(normalized, this.gamma!.read()), this.beta!.read());
    });
  }

  override getConfig(): serialization.ConfigDict {
    return {epsilon: this.epsilon, ...super.getConfig()};
  }
}
serialization.registerClass(LastAxisLayerNorm);
