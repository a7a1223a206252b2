/**
 * The g-SmeLU op's parameters: defaults, the options type, and their
 * conversion into checked float32 tensors for the kernels. (Names are in
 * kernel_names.ts, the value and shape checks in validate.ts: kernels and
 * layers share those.)
 */
import {cast, scalar, Tensor, TensorLike} from '@tensorflow/tfjs-core';

import {convertToRealTensor} from './convert_to_tensor';
import {DEFAULT_SMELU_BETA} from './smelu';
import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUParamName} from '../kernel_names';
import {assertParamShapeFits, assertValidParamValue, assertValidParamValues, describeValue, normalizeChannelAxis} from '../validate';

/**
 * Defaults that make g-SmeLU equal to `smelu(x, 2)`:
 * `{alpha: 2, beta: 2, gNeg: 0, gPos: 1, shift: 0}`.
 *
 * ```js
 * const x = tf.tensor1d([-1, 0, 1]);
 * tfSmelu.generalizedSmelu(x, tfSmelu.DEFAULT_GENERALIZED_SMELU_PARAMS).print();  // [0.125, 0.5, 1.125]
 * ```
 */
export const DEFAULT_GENERALIZED_SMELU_PARAMS: Readonly<Record<GeneralizedSmeLUParamName, number>> = {
  alpha: DEFAULT_SMELU_BETA,
  beta: DEFAULT_SMELU_BETA,
  gNeg: 0,
  gPos: 1,
  shift: 0,
};

/**
 * Options of `generalizedSmelu`. Each parameter is a number, or a tensor
 * (TensorLike) holding one value or one value per channel along `axis`.
 */
export interface GeneralizedSmeLUParams {
  /** Left half-width of the quadratic region, > 0. Default 2. */
  alpha?: number|Tensor|TensorLike;
  /** Right half-width of the quadratic region, > 0. Default 2. */
  beta?: number|Tensor|TensorLike;
  /** Slope left of −α. Default 0. */
  gNeg?: number|Tensor|TensorLike;
  /** Slope right of β. Default 1. */
  gPos?: number|Tensor|TensorLike;
  /** Vertical shift: the value at x = −α. Default 0. */
  shift?: number|Tensor|TensorLike;
  /** Channel axis for per-channel parameters; negative counts from the end. Default −1. */
  axis?: number;
}

/** Parameters ready for the kernels: float32 tensors plus the normalized axis. */
export interface PreparedGeneralizedSmeLUParams {
  tensors: Record<GeneralizedSmeLUParamName, Tensor>;
  axis: number;
}

/**
 * Turns the user's options into float32 parameter tensors and checks them.
 * Numbers and TensorLikes are checked value by value here (they live on the
 * CPU already); the values of Tensors are checked by the cpu, wasm and
 * tensorflow kernels, which read them anyway, and not on GPU backends, where
 * reading them back would stall every call. Call inside `op()`/`tidy()`: created tensors are scoped.
 */
export function prepareGeneralizedSmeLUParams(
    xShape: readonly number[], params: GeneralizedSmeLUParams|undefined, where: string):
    PreparedGeneralizedSmeLUParams {
  if (params != null && (typeof params !== 'object' || params instanceof Tensor)) {
    throw new Error(`${where}: the second argument must be an options object {alpha, beta, gNeg, gPos, shift, axis}, but got ${
        params instanceof Tensor ? 'a Tensor' : describeValue(params)}.`);
  }
  const options = params ?? {};
  const rawAxis = options.axis ?? -1;
  const axis = normalizeChannelAxis(rawAxis, xShape.length, where);
  const tensors = {} as Record<GeneralizedSmeLUParamName, Tensor>;
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    const given = options[name];
    if (given === undefined) {
      tensors[name] = scalar(DEFAULT_GENERALIZED_SMELU_PARAMS[name]);
      continue;
    }
    if (typeof given === 'number') {
      assertValidParamValue(name, given, where);
      tensors[name] = scalar(given);
      continue;
    }
    let t = convertToRealTensor(given, name, where);
    if (t.dtype !== 'float32') t = cast(t, 'float32');
    assertParamShapeFits(name, t.shape, xShape, axis, where, rawAxis);
    if (!(given instanceof Tensor)) assertValidParamValues(name, t.dataSync(), where);
    tensors[name] = t;
  }
  return {tensors, axis};
}
