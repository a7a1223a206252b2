/**
 * The g-SmeLU op's parameters: defaults, the options type, and their
 * conversion into the kernels' inputs (tensors) and attrs (numbers). (Names are in
 * kernel_names.ts, the value and shape checks in validate.ts: kernels and
 * layers share those.)
 */
import {cast, scalar, Tensor, TensorLike} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUAttrs, GeneralizedSmeLUParamName} from '../kernel_names';
import {
  assertParamShapeFits,
  assertValidParamValue,
  assertValidParamValues,
  describeValue,
  isWidthParam,
  normalizeChannelAxis
} from '../validate';
import {convertToRealTensor} from './convert_to_tensor';
import {DEFAULT_SMELU_BETA} from './smelu';

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

/**
 * Parameters ready for the kernels: the ones given as tensors (float32, in
 * GENERALIZED_SMELU_PARAM_NAMES order: the kernel's inputs after x) and the
 * kernel attrs (the normalized axis, and the value of every parameter given
 * as a number or left at its default; null for a tensor).
 */
export interface PreparedGeneralizedSmeLUParams {
  tensors: Tensor[];
  attrs: GeneralizedSmeLUAttrs;
}

/**
 * Turns the user's options into the kernel's inputs and attrs, and checks
 * them. Numbers (and defaults) stay numbers: the kernels take them as attrs,
 * so they cost nothing per call; each is rounded to float32 here, as a
 * tensor holding it would be, and checked before and after rounding.
 * TensorLikes become tensors (one per call) and are checked value by value
 * (they live on the CPU already); the values of Tensors are checked by the
 * cpu, wasm and tensorflow kernels, which read them anyway, and not on GPU
 * backends, where reading them back would stall every call. Call inside
 * `op()`/`tidy()`: created tensors are scoped.
 */
export function prepareGeneralizedSmeLUParams(
    xShape: readonly number[], params: GeneralizedSmeLUParams|undefined,
    where: string): PreparedGeneralizedSmeLUParams {
  if (params != null && (typeof params !== 'object' || params instanceof Tensor)) {
    throw new Error(
        `${where}: the second argument must be an options object {alpha, beta, gNeg, gPos, shift, axis}, but got ${
            params instanceof Tensor ? 'a Tensor' : describeValue(params)}.`);
  }
  const options = params ?? {};
  const rawAxis = options.axis ?? -1;
  const axis = normalizeChannelAxis(rawAxis, xShape.length, where);
  const tensors: Tensor[] = [];
  const context = {xShape, axis, rawAxis, where, tensors};
  // One parameter at a time by name (not a loop over names): this runs on every call.
  const attrs: GeneralizedSmeLUAttrs = {
    axis,
    alpha: prepareParam(context, 'alpha', options.alpha),
    beta: prepareParam(context, 'beta', options.beta),
    gNeg: prepareParam(context, 'gNeg', options.gNeg),
    gPos: prepareParam(context, 'gPos', options.gPos),
    shift: prepareParam(context, 'shift', options.shift),
  };
  return {tensors, attrs};
}

/**
 * One parameter: its attr value (a number, or its default), or null after
 * appending its tensor to `context.tensors`.
 */
function prepareParam(
    context: {xShape: readonly number[], axis: number, rawAxis: number, where: string, tensors: Tensor[]},
    name: GeneralizedSmeLUParamName, given: number|Tensor|TensorLike|undefined): number|null {
  if (given === undefined) return DEFAULT_GENERALIZED_SMELU_PARAMS[name];
  const {where} = context;
  if (typeof given === 'number') {
    assertValidParamValue(name, given, where);
    return float32ParamValue(name, given, where);
  }
  let t = convertToRealTensor(given, name, where);
  if (t.dtype !== 'float32') t = cast(t, 'float32');
  assertParamShapeFits(name, t.shape, context.xShape, context.axis, where, context.rawAxis);
  if (!(given instanceof Tensor)) assertValidParamValues(name, t.dataSync(), where);
  context.tensors.push(t);
  return null;
}

/**
 * `value` rounded to float32, where the kernels compute; throws when a valid
 * number stops being valid there (an α of 1e-50 is 0 in float32, a shift of
 * 1e39 is Infinity).
 */
function float32ParamValue(name: GeneralizedSmeLUParamName, value: number, where: string): number {
  const rounded = Math.fround(value);
  const valid = isWidthParam(name) ? rounded > 0 && rounded < Infinity : Number.isFinite(rounded);
  if (!valid) {
    const wanted = isWidthParam(name) ? 'a finite number > 0' : 'a finite number';
    throw new Error(`${where}: ${name} must be ${wanted} in float32, but ${value} rounds to ${rounded}.`);
  }
  return rounded;
}

/**
 * Every parameter as a float32 tensor, for the composite of stock ops: the
 * tensors given, and a new scalar for each number (scoped like any op's).
 */
export function paramTensors(prepared: PreparedGeneralizedSmeLUParams): Record<GeneralizedSmeLUParamName, Tensor> {
  const out = {} as Record<GeneralizedSmeLUParamName, Tensor>;
  let next = 0;
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    const value = prepared.attrs[name];
    out[name] = value == null ? prepared.tensors[next++] : scalar(value);
  }
  return out;
}
