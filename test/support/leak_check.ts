import * as tf from '@tensorflow/tfjs-core';

/**
 * Registers jest hooks asserting that every test in the enclosing block
 * leaves `tf.memory().numTensors` as it found it.
 */
export function expectNoTensorLeaksPerTest(): void {
  let before = 0;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(before);
  });
}
