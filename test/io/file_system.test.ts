/**
 * The plain-Node file-system IOHandler (tfjs-smelu/node): round trips, the
 * on-disk format checked against tfjs-node's own `file://` handler
 * (NodeFileSystem, pure JS, usable without the native addon), and bad input.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as fs from 'fs';
import * as path from 'path';

import {layers, swapActivations} from 'tfjs-smelu';
import {fileSystemHandler} from 'tfjs-smelu/node';
import {
  disposeFully, expectIdenticalWeights, listTree, makeTempDir, predictArrays, seededBias, seededKernel, spreadInput,
} from '../support/swap_helpers';

// tfjs-node's handler class, the code behind its file:// scheme.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const {NodeFileSystem} = require('@tensorflow/tfjs-node/dist/io/file_system') as {
  NodeFileSystem: new (path: string) => tf.io.IOHandler,
};

function smeluModel(): tfl.Sequential {
  return tfl.sequential({layers: [
    tfl.layers.dense({name: 'd1', units: 5, inputShape: [3], kernelInitializer: seededKernel(1), biasInitializer: seededBias(2)}),
    layers.smelu({name: 's', beta: 0.5}),
    tfl.layers.dense({name: 'd2', units: 2, activation: 'smelu' as never, kernelInitializer: seededKernel(3), biasInitializer: seededBias(4)}),
  ]});
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

describe('fileSystemHandler', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let tensorsBefore = 0;
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });
  beforeEach(() => {
    temp = makeTempDir('io');
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    temp.cleanup();
  });

  it('saves model.json + weights.bin and loads them back bit-identically', async () => {
    const model = smeluModel();
    const out = path.join(temp.dir, 'nested', 'out');
    const result = await model.save(fileSystemHandler(out));
    expect(result.modelArtifactsInfo.modelTopologyType).toBe('JSON');
    expect(listTree(temp.dir)).toEqual(['nested', 'nested/out', 'nested/out/model.json', 'nested/out/weights.bin']);
    const json = readJson(path.join(out, 'model.json'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toEqual([{paths: ['weights.bin'], weights: expect.any(Array)}]);
    expect(fs.statSync(path.join(out, 'weights.bin')).size).toBe(4 * (3 * 5 + 5 + 5 * 2 + 2));

    for (const source of [path.join(out, 'model.json'), out, `file://${out}/model.json`]) {
      const loaded = await tfl.loadLayersModel(fileSystemHandler(source));
      expect(loaded.toJSON(null, false)).toEqual(model.toJSON(null, false));
      expectIdenticalWeights(model, loaded);
      const x = spreadInput([4, 3], 1);
      expect(predictArrays(loaded, x)).toEqual(predictArrays(model, x));
      x.dispose();
      loaded.dispose();
    }
    model.dispose();
  });

  it('writes exactly what tfjs-node\'s file:// handler writes, and each reads the other\'s files', async () => {
    const relu = tfl.sequential({layers: [
      tfl.layers.dense({name: 'a', units: 4, inputShape: [3], activation: 'relu', kernelInitializer: seededKernel(5), biasInitializer: seededBias(6)}),
      tfl.layers.dense({name: 'b', units: 2, kernelInitializer: seededKernel(7)}),
    ]});
    const {model} = await swapActivations(relu, {beta: 1});
    relu.dispose();
    const ours = path.join(temp.dir, 'ours');
    const theirs = path.join(temp.dir, 'theirs');
    await model.save(fileSystemHandler(ours));
    await model.save(new NodeFileSystem(theirs));
    const strip = (json: any) => ({...json, generatedBy: undefined});
    expect(strip(readJson(path.join(ours, 'model.json')))).toEqual(strip(readJson(path.join(theirs, 'model.json'))));
    expect(fs.readFileSync(path.join(ours, 'weights.bin')).equals(fs.readFileSync(path.join(theirs, 'weights.bin')))).toBe(true);

    const fromTheirs = await tfl.loadLayersModel(fileSystemHandler(path.join(theirs, 'model.json')));
    const fromOurs = await tfl.loadLayersModel(new NodeFileSystem(path.join(ours, 'model.json')));
    const x = spreadInput([4, 3], 2);
    for (const loaded of [fromTheirs, fromOurs]) {
      expectIdenticalWeights(model, loaded);
      expect(predictArrays(loaded, x)).toEqual(predictArrays(model, x));
      loaded.dispose();
    }
    x.dispose();
    model.dispose();
  });

  it('reads several weight groups and shards in manifest order', async () => {
    const model = smeluModel();
    const dir = path.join(temp.dir, 'm');
    await model.save(fileSystemHandler(dir));
    const json = readJson(path.join(dir, 'model.json'));
    const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
    const specs = json.weightsManifest[0].weights;
    // Group 1: d1's kernel and bias in two shards; group 2: d2's weights in one.
    const d1Bytes = 4 * (3 * 5 + 5);
    fs.writeFileSync(path.join(dir, 'g1-shard1of2.bin'), bytes.subarray(0, 40));
    fs.writeFileSync(path.join(dir, 'g1-shard2of2.bin'), bytes.subarray(40, d1Bytes));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'g2.bin'), bytes.subarray(d1Bytes));
    fs.rmSync(path.join(dir, 'weights.bin'));
    json.weightsManifest = [
      {paths: ['g1-shard1of2.bin', 'g1-shard2of2.bin'], weights: specs.slice(0, 2)},
      {paths: ['sub/g2.bin'], weights: specs.slice(2)},
    ];
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    const loaded = await tfl.loadLayersModel(fileSystemHandler(path.join(dir, 'model.json')));
    expectIdenticalWeights(model, loaded);
    disposeFully(loaded);
    model.dispose();
  });

  it('refuses a non-empty directory unless overwrite is set, then replaces only model.json and weights.bin', async () => {
    const model = smeluModel();
    const dir = path.join(temp.dir, 'busy');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
    await expect(model.save(fileSystemHandler(dir))).rejects.toThrow(
        `output directory ${dir} exists and is not empty`);
    expect(listTree(temp.dir)).toEqual(['busy', 'busy/notes.txt']);

    await model.save(fileSystemHandler(dir, {overwrite: true}));
    expect(listTree(temp.dir)).toEqual(['busy', 'busy/model.json', 'busy/notes.txt', 'busy/weights.bin']);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    const loaded = await tfl.loadLayersModel(fileSystemHandler(dir));
    expectIdenticalWeights(model, loaded);

    // An existing empty directory is fine without overwrite.
    fs.mkdirSync(path.join(temp.dir, 'empty'));
    await model.save(fileSystemHandler(path.join(temp.dir, 'empty')));
    expect(listTree(path.join(temp.dir, 'empty'))).toEqual(['model.json', 'weights.bin']);
    loaded.dispose();
    model.dispose();
  });

  it('refuses to save over a file', async () => {
    const model = smeluModel();
    const file = path.join(temp.dir, 'file');
    fs.writeFileSync(file, 'x');
    await expect(model.save(fileSystemHandler(file))).rejects.toThrow(`${file} exists and is not a directory`);
    expect(listTree(temp.dir)).toEqual(['file']);
    model.dispose();
  });

  describe('loading bad input', () => {
    async function saved(): Promise<string> {
      const model = smeluModel();
      const dir = path.join(temp.dir, 'm');
      await model.save(fileSystemHandler(dir));
      model.dispose();
      return dir;
    }
    const load = (p: string) => tfl.loadLayersModel(fileSystemHandler(p));

    it('a missing model.json', async () => {
      await expect(load(path.join(temp.dir, 'nope', 'model.json'))).rejects.toThrow(
          `model.json not found: ${path.join(temp.dir, 'nope', 'model.json')}`);
    });

    it('invalid JSON', async () => {
      fs.writeFileSync(path.join(temp.dir, 'model.json'), '{"modelTopology": ');
      await expect(load(path.join(temp.dir, 'model.json'))).rejects.toThrow(/model\.json is not valid JSON/);
    });

    it.each([
      ['a graph model', {format: 'graph-model', modelTopology: {node: []}, weightsManifest: []}, /is a graph model \(format 'graph-model'\), not a Layers model/],
      ['a graph model without format', {modelTopology: {node: [], library: {}}}, /is a graph model/],
      ['another format', {format: 'onnx', modelTopology: {}}, /has format "onnx"; expected 'layers-model'/],
      ['no modelTopology', {weightsManifest: []}, /is not a Layers model: it has no 'modelTopology' object/],
      ['an unknown class', {modelTopology: {class_name: 'Graph', config: {}}}, /modelTopology\.class_name is "Graph", expected Sequential, Model or Functional/],
      ['a JSON array', [1, 2], /is not a model\.json: expected a JSON object, but got an array/],
      ['a bad manifest', {modelTopology: {class_name: 'Sequential', config: {}}, weightsManifest: {paths: 'w.bin'}}, /malformed weightsManifest/],
    ])('%s', async (_label, json, message) => {
      fs.writeFileSync(path.join(temp.dir, 'model.json'), JSON.stringify(json));
      await expect(load(path.join(temp.dir, 'model.json'))).rejects.toThrow(message);
    });

    it('a missing weight shard (named with its expected path)', async () => {
      const dir = await saved();
      fs.rmSync(path.join(dir, 'weights.bin'));
      await expect(load(dir)).rejects.toThrow(
          `missing weight shard(s) listed in its weightsManifest: ${path.join(dir, 'weights.bin')}`);
    });

    it('a truncated weight shard', async () => {
      const dir = await saved();
      const bin = path.join(dir, 'weights.bin');
      fs.writeFileSync(bin, fs.readFileSync(bin).subarray(0, 20));
      await expect(load(dir)).rejects.toThrow(/the weight shards hold 20 bytes but the weightsManifest describes 128 bytes/);
    });
  });
});
