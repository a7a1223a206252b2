/** Shared helpers of the swap test files: seeded models, exact weight comparison, a float64 MLP. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {smeluRef} from './reference';

export function seededKernel(seed: number) {
  return tfl.initializers.glorotNormal({seed});
}

/** Non-zero biases, so that a bias that was not copied would show. */
export function seededBias(seed: number) {
  return tfl.initializers.randomNormal({mean: 0, stddev: 0.5, seed});
}

type Layer = tfl.LayersModel['layers'][number];

/** Every non-container layer, depth first, with its path of enclosing models. */
export function leafLayers(model: tfl.LayersModel, prefix = ''): Array<{path: string, layer: Layer}> {
  const result: Array<{path: string, layer: Layer}> = [];
  for (const layer of model.layers) {
    const name = `${prefix}${layer.name}`;
    if (layer instanceof tfl.LayersModel) {
      result.push(...leafLayers(layer, `${name}/`));
    } else {
      result.push({path: name, layer});
    }
  }
  return result;
}

/** Weight values (copied out of the tensors) per leaf layer path, trainable and not. */
export function weightValues(model: tfl.LayersModel): Map<string, Array<{name: string, values: number[]}>> {
  const map = new Map<string, Array<{name: string, values: number[]}>>();
  for (const {path: p, layer} of leafLayers(model)) {
    if (layer.weights.length === 0) continue;
    map.set(p, layer.weights.map((w) => ({name: w.originalName, values: Array.from(w.read().dataSync())})));
  }
  return map;
}

/** Asserts that every weight of `original` exists in `swapped` with bit-identical values. */
export function expectIdenticalWeights(original: tfl.LayersModel, swapped: tfl.LayersModel): void {
  const before = weightValues(original);
  const after = weightValues(swapped);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [layerPath, weights] of before) {
    const copies = after.get(layerPath)!;
    expect(copies.map((w) => w.name)).toEqual(weights.map((w) => w.name));
    weights.forEach((w, i) => {
      // toEqual on number arrays uses Object.is per element: bit-exact for finite floats.
      expect(copies[i].values).toEqual(w.values);
    });
  }
}

/** Copies weights layer by layer (matched by name) into a hand-built twin. */
export function copyWeightsByName(from: tfl.LayersModel, to: tfl.LayersModel): void {
  for (const layer of to.layers) {
    if (layer instanceof tfl.LayersModel) {
      copyWeightsByName(from.getLayer(layer.name) as tfl.LayersModel, layer);
    } else if (layer.weights.length > 0) {
      layer.setWeights(from.getLayer(layer.name).getWeights());
    }
  }
}

/** Model outputs as plain arrays (one per output). */
export function predictArrays(model: tfl.LayersModel, inputs: tf.Tensor|tf.Tensor[]): number[][] {
  return tf.tidy(() => {
    const out = model.predict(inputs);
    return (Array.isArray(out) ? out : [out]).map((t) => Array.from(t.dataSync()));
  });
}

/** Inputs spread over SmeLU's three regions for the default weights scale. */
export function spreadInput(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -3, 3, 'float32', seed);
}

/** Float64 forward pass of a Dense-only MLP given its weights and per-layer activation. */
export function mlpReference(
    x: number[][], layers: Array<{kernel: number[][], bias: number[], act: (v: number) => number}>): number[][] {
  let h = x;
  for (const {kernel, bias, act} of layers) {
    h = h.map((row) => bias.map((b, j) => act(row.reduce((s, v, i) => s + v * kernel[i][j], b))));
  }
  return h;
}

export function denseWeights(layer: Layer): {kernel: number[][], bias: number[]} {
  const [kernel, bias] = layer.getWeights();
  return {kernel: kernel.arraySync() as number[][], bias: bias.arraySync() as number[]};
}

export const smeluAct = (beta: number) => (v: number) => smeluRef(v, beta);
export const identity = (v: number) => v;

/** A fresh temp directory, removed by the returned cleanup. */
export function makeTempDir(label: string): {dir: string, cleanup: () => void} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tfjs-smelu-${label}-`));
  return {dir, cleanup: () => fs.rmSync(dir, {recursive: true, force: true})};
}

/** All file names under `dir`, recursively, sorted (to check that nothing was written). */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const entry of fs.readdirSync(d, {withFileTypes: true})) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      out.push(r);
      if (entry.isDirectory()) walk(path.join(d, entry.name), r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/**
 * Disposes a model including layers it shares (tfjs counts one reference per
 * call of a layer, and model.dispose() releases only one), so tensor counts
 * can be checked for models with shared layers.
 */
export function disposeFully(model: tfl.LayersModel): void {
  const release = (layer: Layer) => {
    while (((layer as unknown as {_refCount: number | null})._refCount ?? 0) > 0) layer.dispose();
  };
  release(model);
  const visit = (container: tfl.LayersModel) => {
    for (const layer of container.layers) {
      release(layer);
      if (layer instanceof tfl.LayersModel) visit(layer);
    }
  };
  visit(model);
}
