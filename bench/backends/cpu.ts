/** The `cpu` backend (@tensorflow/tfjs-backend-cpu, plain JS typed arrays). */
import * as tf from '@tensorflow/tfjs-core';

import type {BackendModule} from './backend_module';
import {copySink, runInNode} from './node_common';

interface CpuBackendData {
  data: {get(dataId: object): {values?: unknown}};
}

/** The floor: allocate a Float32Array like every cpu kernel does, and copy x into it. */
function cpuCopyFloor(x: tf.Tensor): () => void {
  const values = (tf.backend() as unknown as CpuBackendData).data.get(x.dataId).values as Float32Array;
  return () => {
    const out = new Float32Array(values.length);
    out.set(values);
    copySink.last = out;
  };
}

export const cpuBench: BackendModule = {
  name: 'cpu',
  run: (options, log) => runInNode(
      {
        backend: 'cpu',
        load: async () => {
          await import('@tensorflow/tfjs-backend-cpu');
        },
        copyFloor: cpuCopyFloor,
        cpuTimeClock: true,
      },
      options, log),
};
