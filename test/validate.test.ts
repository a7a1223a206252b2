/** Bad arguments are rejected with an Error naming the parameter and value, before any work. */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';

import {layers, SmeLU, smelu, smeluGrad} from 'tfjs-smelu';
import {isPlainObject} from '../src/validate';

const BAD_BETAS: Array<[unknown, RegExp]> = [
  [0, /beta must be a finite number > 0, but got 0\b/],
  [-1, /but got -1\b/],
  [NaN, /but got NaN/],
  [Infinity, /but got Infinity/],
  [-Infinity, /but got -Infinity/],
  ['2', /but got the string "2"/],
  [null, /but got null/],
];

describe('bad input', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it.each(BAD_BETAS)('smelu rejects beta = %p', (beta, message) => {
    const x = tf.tensor1d([1, 2]);
    const before = tf.memory().numTensors;
    expect(() => smelu(x, beta as number)).toThrow(message);
    expect(() => smelu(x, beta as number)).toThrow(/^smelu: beta/);
    expect(() => smeluGrad(x, x, beta as number)).toThrow(/^smeluGrad: beta/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it.each(BAD_BETAS)('the SmeLU layer rejects beta = %p', (beta, message) => {
    expect(() => new SmeLU({beta: beta as number})).toThrow(message);
    expect(() => layers.smelu({beta: beta as number})).toThrow(/^SmeLU layer: beta/);
  });

  it.each(['bool', 'string', 'complex64'] as const)('smelu rejects dtype %s, naming it', (dtype) => {
    const x = dtype === 'string' ? tf.tensor1d(['a', 'b'], 'string') :
        dtype === 'complex64'    ? tf.complex([1, 2], [0, 1]) :
                                   tf.tensor1d([1, 0], 'bool');
    const before = tf.memory().numTensors;
    expect(() => smelu(x)).toThrow(`smelu: x must have dtype float32 or int32, but got dtype '${dtype}'`);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects non-numeric TensorLikes and mismatched gradient shapes', () => {
    expect(() => smelu('abc' as never)).toThrow(/smelu: argument 'x' must be a Tensor or TensorLike/);
    expect(() => smelu(undefined as never)).toThrow(/argument 'x'.*undefined/);
    expect(() => smelu([true, false] as never)).toThrow(/dtype 'bool'/);
    const a = tf.ones([2, 3]);
    const b = tf.ones([3, 2]);
    expect(() => smeluGrad(a, b)).toThrow('smeluGrad: dy and x must have the same shape, but got [2,3] and [3,2]');
    tf.dispose([a, b]);
  });
});

describe('isPlainObject (the one check for JSON objects used by io, swap and the layers)', () => {
  it.each([
    [{}, true],
    [{a: 1}, true],
    [Object.create(null), true],
    [JSON.parse('{"__proto__": 1}'), true],
    [[], false],
    [[1], false],
    [null, false],
    [undefined, false],
    ['{}', false],
    [3, false],
    [true, false],
  ])('%p → %p', (value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });
});
