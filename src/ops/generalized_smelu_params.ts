/**
 * Parameter handling shared by the g-SmeLU op, its kernels and its layer:
 * names, defaults, and the checks that turn bad values or shapes into errors
 * that name the parameter and the sizes involved.
 */
import {cast, scalar, Tensor, TensorLike} from '@tensorflow/tfjs-core';

import {convertToRealTensor} from './convert_to_tensor';
import {DEFAULT_SMELU_BETA} from './smelu';
import {assertFinite, assertValidBeta, describeValue} from './validate';

/**
 * The five g-SmeLU parameters, in kernel input order.
 *
 * ```js
 * console.log(tfSmelu.GSMELU_PARAM_NAMES);  // ['alpha', 'beta', 'gNeg', 'gPos', 'shift']
 * ```
 */
export const GSMELU_PARAM_NAMES = ['alpha', 'beta', 'gNeg', 'gPos', 'shift'] as const;
/** One of the g-SmeLU parameter names: `'alpha' | 'beta' | 'gNeg' | 'gPos' | 'shift'`. */
export type GeneralizedSmeLUParamName = typeof GSMELU_PARAM_NAMES[number];

/**
 * Defaults that make g-SmeLU equal to `smelu(x, 2)`:
 * `{alpha: 2, beta: 2, gNeg: 0, gPos: 1, shift: 0}`.
 *
 * ```js
 * const x = tf.tensor1d([-1, 0, 1]);
 * tfSmelu.generalizedSmelu(x, tfSmelu.DEFAULT_GSMELU_PARAMS).print();  // [0.125, 0.5, 1.125]
 * ```
 */
export const DEFAULT_GSMELU_PARAMS: Readonly<Record<GeneralizedSmeLUParamName, number>> = {
  alpha: DEFAULT_SMELU_BETA,
  beta: DEFAULT_SMELU_BETA,
  gNeg: 0,
  gPos: 1,
  shift: 0,
};

/** α and β are half-widths and must be > 0; the slopes and the shift only finite. */
export function isWidthParam(name: GeneralizedSmeLUParamName): boolean {
  return name === 'alpha' || name === 'beta';
}

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

/** One value check with the shared wording; `label` may carry an index, e.g. `beta[3]`. */
export function assertValidParamValue(
    name: GeneralizedSmeLUParamName, value: unknown, where: string, label: string = name): void {
  if (isWidthParam(name)) {
    assertValidBeta(value, where, label);
  } else {
    assertFinite(value, where, label);
  }
}

/** Checks every value of a parameter (a handful: one or one per channel). */
export function assertValidParamValues(
    name: GeneralizedSmeLUParamName, values: ArrayLike<number>, where: string): void {
  for (let i = 0; i < values.length; ++i) {
    assertValidParamValue(name, values[i], where, values.length === 1 ? name : `${name}[${i}]`);
  }
}

/** Normalizes `axis` against `rank`; throws naming the op when it is out of range. */
export function normalizeChannelAxis(axis: unknown, rank: number, where: string): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -Math.max(rank, 1) ||
      axis >= Math.max(rank, 1)) {
    throw new Error(`${where}: axis must be an integer in [${-Math.max(rank, 1)}, ${
        Math.max(rank, 1)}) for an input of rank ${rank}, but got ${describeValue(axis)}.`);
  }
  return axis < 0 ? axis + Math.max(rank, 1) : axis;
}

/**
 * Throws unless a parameter of shape `paramShape` fits an input of shape
 * `xShape`: one value (any rank), or a 1-D tensor of `xShape[axis]` values.
 */
export function assertParamShapeFits(
    name: string, paramShape: readonly number[], xShape: readonly number[], axis: number,
    where: string, rawAxis: number = axis): void {
  const size = paramShape.reduce((a, b) => a * b, 1);
  if (size === 1) return;
  if (xShape.length === 0) {
    throw new Error(`${where}: ${name} has ${size} values (shape [${
        paramShape}]) but the input is a scalar, which has no channel axis; pass a single value.`);
  }
  const channels = xShape[axis];
  if (paramShape.length !== 1 || size !== channels) {
    throw new Error(`${where}: ${name} has ${size} values (shape [${
        paramShape}]) but must hold 1 value or one per channel: the input (shape [${
        xShape}]) has ${channels} channels along axis ${rawAxis}.`);
  }
}

/** Parameters ready for the kernels: float32 tensors plus the normalized axis. */
export interface PreparedGSmeLUParams {
  tensors: Record<GeneralizedSmeLUParamName, Tensor>;
  axis: number;
}

/**
 * Turns the user's options into float32 parameter tensors and checks them.
 * Numbers and TensorLikes are checked value by value here (they live on the
 * CPU already); the values of Tensors are checked by the cpu kernels, which
 * read them anyway, and not on GPU backends, where reading them back would
 * stall every call. Call inside `op()`/`tidy()`: created tensors are scoped.
 */
export function prepareGSmeLUParams(
    xShape: readonly number[], params: GeneralizedSmeLUParams|undefined, where: string):
    PreparedGSmeLUParams {
  if (params != null && (typeof params !== 'object' || params instanceof Tensor)) {
    throw new Error(`${where}: the second argument must be an options object {alpha, beta, gNeg, gPos, shift, axis}, but got ${
        params instanceof Tensor ? 'a Tensor' : describeValue(params)}.`);
  }
  const options = params ?? {};
  const rawAxis = options.axis ?? -1;
  const axis = normalizeChannelAxis(rawAxis, xShape.length, where);
  const tensors = {} as Record<GeneralizedSmeLUParamName, Tensor>;
  for (const name of GSMELU_PARAM_NAMES) {
    const given = options[name];
    if (given === undefined) {
      tensors[name] = scalar(DEFAULT_GSMELU_PARAMS[name]);
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
