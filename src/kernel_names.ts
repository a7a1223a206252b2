/**
 * Kernel names and their input/attribute shapes, defined once as in
 * tfjs-core's `kernel_names.ts`. The constants carry a `KernelName` suffix so
 * that they do not clash with the `SmeLU` layer class.
 */
import type {NamedAttrMap, NamedTensorInfoMap, TensorInfo} from '@tensorflow/tfjs-core';

/**
 * Forward SmeLU kernel: inputs `{x}`, attrs `{beta}`.
 *
 * ```js
 * console.log(tf.getKernel(tfSmelu.SmeLUKernelName, 'cpu') != null);  // true
 * ```
 */
export const SmeLUKernelName = 'SmeLU';
/** Inputs of the {@link SmeLUKernelName} kernel. */
export type SmeLUInputs = {
  /** The values to activate. */
  x: TensorInfo,
}&NamedTensorInfoMap;

/**
 * SmeLU gradient kernel: inputs `{dy, x}`, attrs `{beta}`; returns dy·f′(x).
 *
 * ```js
 * console.log(tf.getKernel(tfSmelu.SmeLUGradKernelName, 'cpu') != null);  // true
 * ```
 */
export const SmeLUGradKernelName = 'SmeLUGrad';
/** Inputs of the {@link SmeLUGradKernelName} kernel. */
export type SmeLUGradInputs = {
  /** Upstream gradient, same shape as `x`. */
  dy: TensorInfo,
  /** The forward input. */
  x: TensorInfo,
}&NamedTensorInfoMap;

/** Attributes shared by both kernels. */
export interface SmeLUAttrs extends NamedAttrMap {
  /** Half-width of the quadratic region, finite and > 0. */
  beta: number;
}

/**
 * Forward generalized SmeLU (g-SmeLU) kernel. Each of the five parameters
 * (α, β, g₋, g₊, t) is either a number, passed as the attr of its name (as
 * tfjs's LeakyRelu passes its alpha: nothing is created per call), or a
 * tensor input holding one value or one value per channel along `axis` (so
 * it can be trained). Inputs are an array, as tfjs's AddN and Concat take
 * theirs: `[x, ...the tensor parameters]`, in
 * {@link GENERALIZED_SMELU_PARAM_NAMES} order; attrs
 * `{axis, alpha, beta, gNeg, gPos, shift}`, where a parameter's attr is its
 * value, or null (or left out) where it is a tensor input.
 *
 * ```js
 * console.log(tf.getKernel(tfSmelu.GeneralizedSmeLUKernelName, 'cpu') != null);  // true
 * const x = tf.tensor1d([-3, 0, 3]);
 * const beta = tf.scalar(2);
 * const attrs = {axis: 0, alpha: 1, beta: null, gNeg: -0.5, gPos: 1, shift: 0};
 * tf.engine().runKernel(tfSmelu.GeneralizedSmeLUKernelName, [x, beta], attrs).print();  // [1, -0.25, 1.75]
 * ```
 */
export const GeneralizedSmeLUKernelName = 'GeneralizedSmeLU';
/**
 * Inputs of the {@link GeneralizedSmeLUKernelName} kernel: x (the values to
 * activate), then each parameter that is a tensor (float32 or int32; one
 * value, or one value per channel along `axis`), in
 * {@link GENERALIZED_SMELU_PARAM_NAMES} order.
 */
export type GeneralizedSmeLUInputs = TensorInfo[];

/**
 * The parameters' attrs: a parameter's value (rounded to float32 by the
 * kernels, as a tensor's would be), or null (or absent) where the parameter
 * is a tensor input instead.
 */
export type GeneralizedSmeLUParamAttrs = {
  [name in GeneralizedSmeLUParamName]?: number|null;
};

/** Attributes of the forward g-SmeLU kernel. */
export interface GeneralizedSmeLUAttrs extends GeneralizedSmeLUParamAttrs {
  /** Channel axis of per-channel parameters, already normalized to 0 ≤ axis < rank (0 for scalars). */
  axis: number;
}

/** What a `GeneralizedSmeLUGrad` call differentiates with respect to. */
export type GeneralizedSmeLUGradTarget = 'x'|'alpha'|'beta'|'gNeg'|'gPos'|'shift';

/**
 * g-SmeLU gradient kernel: inputs `[dy, x, ...the tensor parameters]`, attrs
 * those of the forward kernel plus `wrt`. For `wrt: 'x'` returns dy·∂f/∂x
 * (shape of x); for a parameter (which must be a tensor input) returns
 * Σ dy·∂f/∂p reduced to that parameter's shape.
 *
 * ```js
 * console.log(tf.getKernel(tfSmelu.GeneralizedSmeLUGradKernelName, 'cpu') != null);  // true
 * ```
 */
export const GeneralizedSmeLUGradKernelName = 'GeneralizedSmeLUGrad';
/** Inputs of the {@link GeneralizedSmeLUGradKernelName} kernel: `dy` (x's shape), then the forward inputs. */
export type GeneralizedSmeLUGradInputs = TensorInfo[];
/** Attributes of the g-SmeLU gradient kernel: the forward kernel's, plus what to differentiate. */
export interface GeneralizedSmeLUGradAttrs extends GeneralizedSmeLUAttrs {
  /** What to differentiate with respect to: `'x'` or the name of a tensor parameter. */
  wrt: GeneralizedSmeLUGradTarget;
}

/**
 * The five g-SmeLU parameters, in kernel input order.
 *
 * ```js
 * console.log(tfSmelu.GENERALIZED_SMELU_PARAM_NAMES);  // ['alpha', 'beta', 'gNeg', 'gPos', 'shift']
 * ```
 */
export const GENERALIZED_SMELU_PARAM_NAMES = ['alpha', 'beta', 'gNeg', 'gPos', 'shift'] as const;
/** One of the g-SmeLU parameter names: `'alpha' | 'beta' | 'gNeg' | 'gPos' | 'shift'`. */
export type GeneralizedSmeLUParamName = typeof GENERALIZED_SMELU_PARAM_NAMES[number];
