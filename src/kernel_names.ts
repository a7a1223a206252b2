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
 * Forward generalized SmeLU (g-SmeLU) kernel: inputs `{x, alpha, beta, gNeg,
 * gPos, shift}`, attrs `{axis}`. Parameters are tensors (so they can be
 * trained) holding one value or one value per channel along `axis`.
 *
 * ```js
 * console.log(tf.getKernel(tfSmelu.GeneralizedSmeLUKernelName, 'cpu') != null);  // true
 * ```
 */
export const GeneralizedSmeLUKernelName = 'GeneralizedSmeLU';
/** Inputs of the {@link GeneralizedSmeLUKernelName} kernel: x and the five parameters as tensors. */
export type GeneralizedSmeLUInputs = {
  /** The values to activate. */
  x: TensorInfo,
  /** Left half-width α > 0: a scalar or one value per channel. */
  alpha: TensorInfo,
  /** Right half-width β > 0: a scalar or one value per channel. */
  beta: TensorInfo,
  /** Left slope g₋: a scalar or one value per channel. */
  gNeg: TensorInfo,
  /** Right slope g₊: a scalar or one value per channel. */
  gPos: TensorInfo,
  /** Shift t: a scalar or one value per channel. */
  shift: TensorInfo,
}&NamedTensorInfoMap;

/** What a `GeneralizedSmeLUGrad` call differentiates with respect to. */
export type GeneralizedSmeLUGradTarget = 'x'|'alpha'|'beta'|'gNeg'|'gPos'|'shift';

/** Attributes of the forward g-SmeLU kernel. */
export interface GeneralizedSmeLUAttrs extends NamedAttrMap {
  /** Channel axis of per-channel parameters, already normalized to 0 ≤ axis < rank (0 for scalars). */
  axis: number;
}

/**
 * g-SmeLU gradient kernel: inputs `{dy, x, alpha, beta, gNeg, gPos, shift}`,
 * attrs `{axis, wrt}`. For `wrt: 'x'` returns dy·∂f/∂x (shape of x); for a
 * parameter returns Σ dy·∂f/∂p reduced to that parameter's shape.
 *
 * ```js
 * console.log(tf.getKernel(tfSmelu.GeneralizedSmeLUGradKernelName, 'cpu') != null);  // true
 * ```
 */
export const GeneralizedSmeLUGradKernelName = 'GeneralizedSmeLUGrad';
/** Inputs of the {@link GeneralizedSmeLUGradKernelName} kernel: the forward inputs plus `dy`. */
export type GeneralizedSmeLUGradInputs = {
  /** Upstream gradient, same shape as `x`. */
  dy: TensorInfo,
}&GeneralizedSmeLUInputs;
export interface GeneralizedSmeLUGradAttrs extends GeneralizedSmeLUAttrs {
  /** What to differentiate with respect to: `'x'` or a parameter name. */
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
