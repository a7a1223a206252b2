/**
 * Shared set-up of the `tensorflow` backend suites: loads tfjs-node (running
 * the project's set-up once if its addon is missing), activates the backend,
 * and picks the path the tfjs-smelu kernels take: the native ops
 * (native/build/tfjs_smelu_ops.node) or the composite of stock ops. A suite
 * that asks for the native ops fails, with the reason, when they do not load:
 * the tensorflow suites never skip.
 */
import * as tf from '@tensorflow/tfjs-core';
import {spawnSync} from 'child_process';
import * as path from 'path';

import {
  loadedNativeTensorflowOps,
  nativeTensorflowOpsStatus,
  NativeSmeluOps,
  setNativeTensorflowOpsEnabled
} from '../../../src/kernels/tensorflow/native_library';
import {disableEngineKernelLeakCheck} from '../../support/cpu_agreement';
import {REPO_ROOT} from '../../support/paths';

// TensorFlow reads this when the library loads: keep its C++ logging quiet.
process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL ?? '2';

const SETUP_SCRIPT = path.join(REPO_ROOT, 'scripts', 'setup-tfjs-node.js');
const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts', 'build-native-ops.js');

function requireTfjsNode(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-node');
}

/** Loads tfjs-node, running the project's setup once if the addon is missing. */
function loadTfjsNode(): void {
  try {
    requireTfjsNode();
    return;
  } catch (e) {
    const setup = spawnSync(process.execPath, [SETUP_SCRIPT], {encoding: 'utf8'});
    if (setup.status !== 0) {
      throw new Error(
          `@tensorflow/tfjs-node does not load (${(e as Error).message.split('\n')[0]}) and ` +
          `scripts/setup-tfjs-node.js could not fix it:\n${setup.stdout}${setup.stderr}`);
    }
  }
  requireTfjsNode();
}

let loaded = false;

/** Activates the `tensorflow` backend; `kernels` picks the path the tfjs-smelu kernels take. */
export async function useTensorflow(kernels: 'native'|'composite'): Promise<void> {
  if (!loaded) {
    loadTfjsNode();
    loaded = true;
  }
  await disableEngineKernelLeakCheck();
  expect(await tf.setBackend('tensorflow')).toBe(true);
  setNativeTensorflowOpsEnabled(kernels === 'native');
  if (kernels === 'native') requireNativeOps();
}

/** The loaded native ops (on or off); throws with the loader's reason (and the fix) when they are not loaded. */
export function requireNativeOps(): NativeSmeluOps {
  const ops = loadedNativeTensorflowOps();
  if (ops == null) {
    throw new Error(
        `tfjs-smelu's native TensorFlow ops are not loaded (${nativeTensorflowOpsStatus().reason}). ` +
        `Build them with \`node ${path.relative(process.cwd(), BUILD_SCRIPT)}\` (npm test's set-up does).`);
  }
  return ops;
}

/**
 * How many times each native op has run in this process (compare before and
 * after), or null when the library is not loaded (then no native op can run).
 */
export function nativeCallCounts(): Record<string, number>|null {
  return loadedNativeTensorflowOps()?.callCounts() ?? null;
}
