/**
 * Kernel names and their input/attribute shapes, defined once as in
 * tfjs-core's `kernel_names.ts`. The constants carry a `KernelName` suffix so
 * that they do not clash with the `SmeLU` layer class.
 */
import type {NamedAttrMap, NamedTensorInfoMap, TensorInfo} from '@tensorflow/tfjs-core';

/** Forward SmeLU kernel: inputs `{x}`, attrs `{beta}`. */
export const SmeLUKernelName = 'SmeLU';
export type SmeLUInputs = {x: TensorInfo}&NamedTensorInfoMap;

/** SmeLU gradient kernel: inputs `{dy, x}`, attrs `{beta}`; returns dy·f′(x). */
export const SmeLUGradKernelName = 'SmeLUGrad';
export type SmeLUGradInputs = {dy: TensorInfo, x: TensorInfo}&NamedTensorInfoMap;

/** Attributes shared by both kernels. */
export interface SmeLUAttrs extends NamedAttrMap {
  /** Half-width of the quadratic region, finite and > 0. */
  beta: number;
}
