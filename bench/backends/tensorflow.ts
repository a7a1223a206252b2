/** The `tensorflow` backend (@tensorflow/tfjs-node's native TensorFlow). */
import type {BackendModule} from './backend_module';
import {runInNode} from './node_common';

export const tensorflowBench: BackendModule = {
  name: 'tensorflow',
  run: (options, log) => runInNode({
    backend: 'tensorflow',
    load: async () => {
      process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
      try {
        await import('@tensorflow/tfjs-node');
      } catch (e) {
        throw new Error(`@tensorflow/tfjs-node does not load (${(e as Error).message.split('\n')[0]}); ` +
                        'run `node scripts/setup-tfjs-node.js` to build its native addon');
      }
    },
  }, options, log),
};
