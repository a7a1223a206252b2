/** The `wasm` backend (@tensorflow/tfjs-backend-wasm; .wasm files load from the package in Node). */
import * as tf from '@tensorflow/tfjs-core';

import type {BackendModule} from './backend_module';
import {copySink, runInNode} from './node_common';

interface WasmBackendData {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** The floor: allocate a heap output like every wasm kernel does, copy x into it, free it. */
function wasmCopyFloor(x: tf.Tensor): () => void {
  const backend = tf.backend() as unknown as WasmBackendData;
  return () => {
    const out = backend.makeOutput(x.shape, 'float32');
    // Views after makeOutput: allocating can grow the heap and detach older views.
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x));
    copySink.last = out.dataId;
    backend.disposeData(out.dataId, true);
  };
}

export const wasmBench: BackendModule = {
  name: 'wasm',
  run: (options, log) => runInNode(
      {
        backend: 'wasm',
        load: async () => {
          await import('@tensorflow/tfjs-backend-wasm');
        },
        copyFloor: wasmCopyFloor,
        cpuTimeClock: true,
        extraInfo: () => ({
          'wasm SIMD': String(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')),
          'wasm threads': String(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')),
        }),
      },
      options, log),
};
