/**
 * SmeLU on tfjs-node's native backend `tensorflow` (TensorFlow's C library):
 * the shared conformance suite plus element-wise agreement with the cpu
 * kernel. Never skipped: when the native addon cannot load, the suite runs
 * scripts/setup-tfjs-node.js (idempotent) and fails with its message if that
 * does not fix it.
 */
import * as tf from '@tensorflow/tfjs-core';
import {spawnSync} from 'child_process';
import * as path from 'path';

import {describeSmeLUConformance} from '../../support/conformance';
import {describeCpuAgreement, disableEngineKernelLeakCheck} from '../../support/cpu_agreement';
import {REPO_ROOT} from '../../support/paths';

// TensorFlow reads this when the library loads: keep its C++ logging quiet.
process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL ?? '2';

const SETUP_SCRIPT = path.join(REPO_ROOT, 'scripts', 'setup-tfjs-node.js');

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
      throw new Error(`@tensorflow/tfjs-node does not load (${(e as Error).message.split('\n')[0]}) and ` +
          `scripts/setup-tfjs-node.js could not fix it:\n${setup.stdout}${setup.stderr}`);
    }
  }
  requireTfjsNode();
}

let loaded = false;
async function useTensorflow(): Promise<void> {
  if (!loaded) {
    loadTfjsNode();
    loaded = true;
  }
  await disableEngineKernelLeakCheck();
  expect(await tf.setBackend('tensorflow')).toBe(true);
}

describeSmeLUConformance('tensorflow', {
  setup: useTensorflow,
  // Four float32 TensorFlow ops (clip, squared difference, multiply, max): a few ulps.
  forwardTolerance: {relative: 1e-6},
  gradientTolerance: 1e-6,
});

describe('tensorflow backend', () => {
  beforeAll(useTensorflow);
  it('is the active backend, running TensorFlow\'s C library', () => {
    expect(tf.getBackend()).toBe('tensorflow');
    const binding = (tf.backend() as unknown as {binding: {TF_Version: string}}).binding;
    expect(binding.TF_Version).toMatch(/^2\.\d+/);
  });
  describeCpuAgreement('tensorflow');
});
