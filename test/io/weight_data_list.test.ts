/**
 * fileSystemHandler.save with `weightData` as a list of ArrayBuffers (what
 * tfjs >= 4.6 may hand over for large models) and as one ArrayBuffer (tfjs
 * 4.0-4.5 and small models): weights.bin holds the bytes in order, and a
 * load gives them back as one buffer.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as fs from 'fs';
import * as path from 'path';

import {fileSystemHandler} from 'tfjs-smelu/node';
import {makeTempDir} from '../support/swap_helpers';

/** A one-Dense-layer topology: kernel [2, 3] and bias [3], float32 (36 bytes). */
function artifacts(weightData: ArrayBuffer|ArrayBuffer[]): tf.io.ModelArtifacts {
  return {
    modelTopology: {
      class_name: 'Sequential',
      config:
          {name: 'seq', layers: [{class_name: 'Dense', config: {name: 'd', units: 3, batch_input_shape: [null, 2]}}]},
      keras_version: 'tfjs-layers',
      backend: 'tensor_flow.js',
    },
    format: 'layers-model',
    weightSpecs: [{name: 'd/kernel', shape: [2, 3], dtype: 'float32'}, {name: 'd/bias', shape: [3], dtype: 'float32'}],
    weightData,
  };
}

const KERNEL = [1, 2, 3, 4, 5, 6];
const BIAS = [-1, -2, -3];

describe('fileSystemHandler weight data', () => {
  const temp = makeTempDir('weight-data');
  afterAll(() => temp.cleanup());

  it.each([
    ['a list of two buffers', () => [new Float32Array(KERNEL).buffer, new Float32Array(BIAS).buffer]],
    ['one buffer', () => new Float32Array([...KERNEL, ...BIAS]).buffer],
  ])('saves %s as one weights.bin in order and loads it back', async (label, data) => {
    const dir = path.join(temp.dir, label.replace(/ /g, '-'));
    await fileSystemHandler(dir).save!(artifacts(data()));
    const onDisk = fs.readFileSync(path.join(dir, 'weights.bin'));
    expect(Array.from(new Float32Array(onDisk.buffer, onDisk.byteOffset, onDisk.byteLength / 4))).toEqual([
      ...KERNEL, ...BIAS
    ]);
    const loaded = await fileSystemHandler(dir).load!();
    expect(Array.from(new Float32Array(loaded.weightData as ArrayBuffer))).toEqual([...KERNEL, ...BIAS]);
    expect(loaded.weightSpecs!.map((s) => s.name)).toEqual(['d/kernel', 'd/bias']);
  });
});
