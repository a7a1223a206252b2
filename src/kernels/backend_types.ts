/**
 * The few members of each backend that our kernels touch, described
 * structurally so that the backend packages stay optional peer dependencies:
 * nothing here imports them at run time (or even at type level).
 */
import type {DataId, DataType, TensorInfo} from '@tensorflow/tfjs-core';

/** Typed arrays a backend may hold numeric tensor data in. */
export type NumericArray = Float32Array|Int32Array|Uint8Array;

/** `MathBackendCPU` from @tensorflow/tfjs-backend-cpu (also what `wasm` falls back to). */
export interface CpuBackendLike {
  data: {get(dataId: DataId): {values?: unknown}};
  makeTensorInfo(shape: number[], dtype: DataType, values?: NumericArray): TensorInfo;
}
