/** Loading a tfjs backend by name in Node (the demo's process or a replica worker). */
import {nodeRequire} from '../util/node_require';

/**
 * Backends a run can ask for: `auto` = tfjs-node's `tensorflow` when it loads, else `cpu`.
 *
 * ```js
 * const {BACKEND_CHOICES} = require('tfjs-smelu-repro/node');
 * console.log(BACKEND_CHOICES);  // ['auto', 'tensorflow', 'cpu', 'wasm']
 * ```
 */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'cpu', 'wasm'] as const;

/** One of {@link BACKEND_CHOICES}. */
export type BackendChoice = typeof BACKEND_CHOICES[number];

/**
 * Loads and activates a backend (and the plugin's SmeLU kernels for it);
 * `auto` prefers tfjs-node and falls back to cpu with a note through `log`.
 * Returns the name of the active backend.
 *
 * ```js
 * // not run: changes the process's tfjs backend
 * const {setUpBackend} = require('tfjs-smelu-repro/node');
 * const name = await setUpBackend('auto', console.error);  // 'tensorflow' where tfjs-node works
 * ```
 * @throws Error when the named backend cannot be loaded or initialized.
 */
export async function setUpBackend(name: BackendChoice, log: (s: string) => void = () => {}): Promise<string> {
  const tf = await import('@tensorflow/tfjs-core');
  const tryLoad = async(backend: string): Promise<string|null> => {
    try {
      if (backend === 'tensorflow') {
        process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
        nodeRequire('@tensorflow/tfjs-node');
      } else if (backend === 'wasm') {
        nodeRequire('@tensorflow/tfjs-backend-wasm');
      } else {
        nodeRequire('@tensorflow/tfjs-backend-cpu');
      }
      if (!(await tf.setBackend(backend))) return `backend '${backend}' failed to initialize`;
      return null;
    } catch (error) {
      return (error as Error).message.split('\n')[0];
    }
  };
  tf.enableProdMode();
  let chosen: string = name;
  if (name === 'auto') {
    const failure = await tryLoad('tensorflow');
    if (failure == null) return finish('tensorflow');
    log(`note: @tensorflow/tfjs-node is not usable (${failure}); using the cpu backend (slower). ` +
        'Install @tensorflow/tfjs-node (in a clone of the repository: node scripts/setup-tfjs-node.js).');
    chosen = 'cpu';
  }
  const failure = await tryLoad(chosen);
  if (failure != null) throw new Error(`backend '${chosen}' could not be loaded: ${failure}`);
  return finish(chosen);

  async function finish(backend: string): Promise<string> {
    // The plugin registers its kernels for the backends present when it loads; register again for this one.
    (await import('tfjs-smelu')).registerSmeLU();
    return backend;
  }
}
