/**
 * Host computation for β outside the float32-safe range (float32SafeBeta in ../smelu_math.ts):
 * reads the inputs back, runs the cpu kernel's float64 loops and registers
 * the result with the backend. Correct, not fast; real models never get here.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {smeluBackwardLoop, smeluForwardLoop} from '../smelu_math';
import type {TensorflowBackendLike} from './tensorflow_backend_types';

export function smeluOnHost(backend: TensorflowBackendLike, x: TensorInfo, beta: number): TensorInfo {
  const out = new Float32Array(sizeOf(x));
  smeluForwardLoop(backend.readSync(x.dataId), out, beta);
  return {dataId: backend.write(out, x.shape, 'float32'), shape: x.shape, dtype: 'float32'};
}

export function smeluGradOnHost(
    backend: TensorflowBackendLike, dy: TensorInfo, x: TensorInfo, beta: number): TensorInfo {
  const out = new Float32Array(sizeOf(x));
  smeluBackwardLoop(backend.readSync(dy.dataId), backend.readSync(x.dataId), out, beta);
  return {dataId: backend.write(out, x.shape, 'float32'), shape: x.shape, dtype: 'float32'};
}

function sizeOf(x: TensorInfo): number {
  return x.shape.reduce((a, b) => a * b, 1);
}
