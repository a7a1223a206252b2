import * as tf from '@tensorflow/tfjs-core';

/** Handle on the per-test leak check of {@link expectNoTensorLeaksPerTest}. */
export interface TensorLeakCheck {
  /**
   * Takes the current tensor count as this test's baseline: for a test whose
   * expected failure leaves tensors that tfjs itself owns (e.g. a gradient
   * function that throws mid-backprop: the engine never disposes what it saved).
   */
  resetBaseline(): void;
}

/**
 * The single leak hook of the test suites: registers jest hooks asserting
 * that every test in the enclosing block leaves `tf.memory().numTensors` as
 * it found it.
 */
export function expectNoTensorLeaksPerTest(): TensorLeakCheck {
  let before = 0;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(before);
  });
  return {
    resetBaseline: () => {
      before = tf.memory().numTensors;
    },
  };
}

/**
 * Runs `step` once (to create lazily built backend state), then `iterations`
 * times inside `tf.tidy`, and asserts the tensor count did not change.
 */
export function expectNoTensorLeaksOver(iterations: number, step: () => void): void {
  tf.tidy(step);
  const before = tf.memory().numTensors;
  for (let i = 0; i < iterations; ++i) tf.tidy(step);
  expect(tf.memory().numTensors).toBe(before);
}
