/**
 * The members of tfjs-node's `NodeJSKernelBackend` (backend `tensorflow`)
 * that our kernels use, described structurally so that @tensorflow/tfjs-node
 * stays an optional peer: nothing here imports it.
 */
import type {DataId, Tensor, TensorInfo} from '@tensorflow/tfjs-core';

import type {NumericArray} from '../backend_types';

/** What `binding.executeOp` returns for each output: a native tensor handle id. */
export interface NativeTensorMetadata {
  id: number;
  shape: number[];
  dtype: number;
}

/** One attribute of a TensorFlow eager op. */
export interface NativeOpAttr {
  name: string;
  type: number;
  value: number|boolean|string|number[];
}

/** The N-API addon (`tfjs_binding.node`) that runs TensorFlow eager ops. */
export interface TfjsBindingLike {
  TF_FLOAT: number;
  TF_INT32: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_INT: number;
  TF_ATTR_FLOAT: number;
  /** The TensorFlow version tfjs-node runs. */
  TF_Version: string;
  createTensor(shape: number[], dtype: number, values: Float32Array|Int32Array): number;
  deleteTensor(id: number): void;
  executeOp(name: string, attrs: NativeOpAttr[], inputIds: number[], numOutputs: number): NativeTensorMetadata[];
}

export interface TensorflowBackendLike {
  binding: TfjsBindingLike;
  /** Native handle ids of engine tensors (uploads values written from JS first). */
  getInputTensorIds(tensors: TensorInfo[]): number[];
  /** Wraps a native handle as an engine tensor that the backend then owns. */
  createOutputTensor(metadata: NativeTensorMetadata): Tensor;
  /** Host copy of a tensor's values (a native read when it lives in TensorFlow). */
  readSync(dataId: DataId): NumericArray;
  /** One more reference to a tensor's data (released by the engine's dispose). */
  incRef(dataId: DataId): void;
  /** Registers host values as a new tensor; returns its data id. */
  write(values: Float32Array, shape: number[], dtype: 'float32'): DataId;
}
