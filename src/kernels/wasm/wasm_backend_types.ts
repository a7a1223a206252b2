/**
 * The members of `BackendWasm` (@tensorflow/tfjs-backend-wasm) that our
 * kernels use, described structurally so that the wasm package stays an
 * optional peer: nothing here imports it.
 */
import type {DataId, DataType, TensorInfo} from '@tensorflow/tfjs-core';

import type {NumericArray} from '../backend_types';

export interface WasmBackendLike {
  /** Allocates the output on the wasm heap (may grow it, detaching older views). */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A typed-array view of a tensor's bytes on the wasm heap. */
  typedArrayFromHeap(tensor: TensorInfo): NumericArray;
  /** Byte offset of a tensor's data on the wasm heap. */
  getMemoryOffset(dataId: DataId): number;
  /** Frees a tensor's data (for scratch buffers made with `makeOutput`). */
  disposeData(dataId: DataId, force?: boolean): boolean;
  /**
   * The Emscripten module: `asm.memory` is its exported heap memory,
   * `_malloc`/`_free` the heap's allocator (for scratch buffers no tensor owns).
   */
  wasm?: {asm?: {memory?: unknown}, _malloc?: unknown, _free?: unknown};
}
