/**
 * β-parameterized smooth activations to compare with SmeLU, as small
 * serializable tfjs-layers layers: Swish x·σ(βx), Softplus log(1+e^{βx})/β and
 * GELU x·Φ(βx). For Swish and Softplus a larger β is closer to ReLU (less
 * smooth); for SmeLU a larger β is smoother.
 */
import {add, div, erf, mul, scalar, serialization, sigmoid, softplus, Tensor, tidy} from '@tensorflow/tfjs-core';
import {layers} from '@tensorflow/tfjs-layers';
import type {LayerArgs} from '@tensorflow/tfjs-layers/dist/engine/topology.js';

import {assertValidBeta, singleInput} from '../../../src/validate';

/** Constructor arguments of the β-parameterized activation layers. */
export interface BetaActivationArgs extends LayerArgs {
  /** Smoothness parameter; a finite number > 0. Defaults to 1. */
  beta?: number;
}

/**
 * Swish with a slope parameter: `x · sigmoid(βx)` (β = 1 is SiLU).
 *
 * ```js
 * swishBeta(tf.tensor1d([-1, 0, 1]), 1).print();  // [-0.2689, 0, 0.7311]
 * ```
 */
export function swishBeta(x: Tensor, beta = 1): Tensor {
  assertValidBeta(beta, 'swishBeta');
  return tidy(() => mul(x, sigmoid(mul(x, scalar(beta)))));
}

/**
 * Softplus with a sharpness parameter: `log(1 + e^{βx}) / β` (β → ∞ is ReLU).
 *
 * ```js
 * softplusBeta(tf.tensor1d([0]), 2).print();  // [0.3466] = ln 2 / 2
 * ```
 */
export function softplusBeta(x: Tensor, beta = 1): Tensor {
  assertValidBeta(beta, 'softplusBeta');
  return tidy(() => div(softplus(mul(x, scalar(beta))), scalar(beta)));
}

/**
 * GELU with a sharpness parameter: `x · Φ(βx)`, Φ the standard normal CDF
 * (β = 1 is the usual exact GELU).
 *
 * ```js
 * geluBeta(tf.tensor1d([1]), 1).print();  // [0.8413]
 * ```
 */
export function geluBeta(x: Tensor, beta = 1): Tensor {
  assertValidBeta(beta, 'geluBeta');
  return tidy(() => mul(mul(x, 0.5), add(erf(mul(x, scalar(beta / Math.SQRT2))), 1)));
}

abstract class BetaActivation extends layers.Layer {
  readonly beta: number;

  constructor(args: BetaActivationArgs, where: string) {
    super(args);
    const beta = args.beta ?? 1;
    assertValidBeta(beta, where);
    this.beta = beta;
    this.supportsMasking = true;
  }

  override computeOutputShape<S>(inputShape: S): S {
    return inputShape;
  }

  override getConfig(): serialization.ConfigDict {
    return {beta: this.beta, ...super.getConfig()};
  }
}

/**
 * Layer computing {@link swishBeta}.
 *
 * ```js
 * new SwishBeta({beta: 2}).apply(tf.tensor1d([-1, 0, 1])).print();
 * ```
 */
export class SwishBeta extends BetaActivation {
  /** @nocollapse */
  static className = 'SwishBeta';
  constructor(args: BetaActivationArgs = {}) {
    super(args, 'SwishBeta layer');
  }
  override call(inputs: Tensor|Tensor[]): Tensor {
    return swishBeta(singleInput(inputs, 'SwishBeta layer'), this.beta);
  }
}
serialization.registerClass(SwishBeta);

/**
 * Layer computing {@link softplusBeta}.
 *
 * ```js
 * new SoftplusBeta({beta: 2}).apply(tf.tensor1d([-1, 0, 1])).print();
 * ```
 */
export class SoftplusBeta extends BetaActivation {
  /** @nocollapse */
  static className = 'SoftplusBeta';
  constructor(args: BetaActivationArgs = {}) {
    super(args, 'SoftplusBeta layer');
  }
  override call(inputs: Tensor|Tensor[]): Tensor {
    return softplusBeta(singleInput(inputs, 'SoftplusBeta layer'), this.beta);
  }
}
serialization.registerClass(SoftplusBeta);

/**
 * Layer computing {@link geluBeta}.
 *
 * ```js
 * new GELUBeta({beta: 1}).apply(tf.tensor1d([-1, 0, 1])).print();
 * ```
 */
export class GELUBeta extends BetaActivation {
  /** @nocollapse */
  static className = 'GELUBeta';
  constructor(args: BetaActivationArgs = {}) {
    super(args, 'GELUBeta layer');
  }
  override call(inputs: Tensor|Tensor[]): Tensor {
    return geluBeta(singleInput(inputs, 'GELUBeta layer'), this.beta);
  }
}
serialization.registerClass(GELUBeta);
