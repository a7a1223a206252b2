/**
 * The plain-Node file-system IOHandler (tfjs-smelu/node): round trips, the
 * on-disk format checked against tfjs-node's own `file://` handler
 * (NodeFileSystem, pure JS, usable without the native addon), and bad input.
 * @fullRun built
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {layers, swapActivations} from 'tfjs-smelu';
import {fileSystemHandler} from 'tfjs-smelu/node';
import {EditableJSON, readJsonFile} from '../support/json';
import {REPO_ROOT} from '../support/paths';
import {
  disposeFully,
  expectIdenticalWeights,
  listTree,
  makeTempDir,
  predictArrays,
  seededBias,
  seededKernel,
  spreadInput,
} from '../support/swap_helpers';

// tfjs-node's handler class, the code behind its file:// scheme.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const {NodeFileSystem} = require('@tensorflow/tfjs-node/dist/io/file_system') as {
  NodeFileSystem: new (path: string) => tf.io.IOHandler,
};

function smeluModel(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense(
          {name: 'd1', units: 5, inputShape: [3], kernelInitializer: seededKernel(1), biasInitializer: seededBias(2)}),
      layers.smelu({name: 's', beta: 0.5}),
      tfl.layers.dense({
        name: 'd2',
        units: 2,
        activation: 'smelu' as never,
        kernelInitializer: seededKernel(3),
        biasInitializer: seededBias(4)
      }),
    ]
  });
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
    const json = readJsonFile(path.join(out, 'model.json'));
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
    const relu = tfl.sequential({
      layers: [
        tfl.layers.dense({
          name: 'a',
          units: 4,
          inputShape: [3],
          activation: 'relu',
          kernelInitializer: seededKernel(5),
          biasInitializer: seededBias(6)
        }),
        tfl.layers.dense({name: 'b', units: 2, kernelInitializer: seededKernel(7)}),
      ]
    });
    const {model} = await swapActivations(relu, {beta: 1});
    relu.dispose();
    const ours = path.join(temp.dir, 'ours');
    const theirs = path.join(temp.dir, 'theirs');
    await model.save(fileSystemHandler(ours));
    await model.save(new NodeFileSystem(theirs));
    const strip = (json: EditableJSON) => ({...json, generatedBy: undefined});
    expect(strip(readJsonFile(path.join(ours, 'model.json'))))
        .toEqual(strip(readJsonFile(path.join(theirs, 'model.json'))));
    expect(fs.readFileSync(path.join(ours, 'weights.bin')).equals(fs.readFileSync(path.join(theirs, 'weights.bin'))))
        .toBe(true);

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
    const json = readJsonFile(path.join(dir, 'model.json'));
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

  it('refuses a non-empty directory unless overwrite is set, then replaces only model.json and weights.bin',
     async () => {
       const model = smeluModel();
       const dir = path.join(temp.dir, 'busy');
       fs.mkdirSync(dir);
       fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
       await expect(model.save(fileSystemHandler(dir)))
           .rejects.toThrow(`output directory ${dir} exists and is not empty`);
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

  it('an overwrite that fails half-way leaves the old model.json and weights.bin whole, and no temporary file',
     async () => {
       const model = smeluModel();
       const dir = path.join(temp.dir, 'old');
       await model.save(fileSystemHandler(dir));
       fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
       const before =
           Object.fromEntries(listTree(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
       const other = tfl.sequential(
           {layers: [tfl.layers.dense({units: 5, inputShape: [3], kernelInitializer: seededKernel(9)})]});
       // The fs module's own promises object (the one the handler calls): the 4th rename, model.json into place, fails.
       const promises = fs.promises;
       const rename = promises.rename;
       let calls = 0;
       const spy = jest.spyOn(promises, 'rename').mockImplementation(async (from, to) => {
         if (++calls === 4) throw Object.assign(new Error('EIO: i/o error, rename'), {code: 'EIO'});
         return rename(from, to);
       });
       try {
         await expect(other.save(fileSystemHandler(dir, {overwrite: true}))).rejects.toThrow(/EIO/);
       } finally {
         spy.mockRestore();
       }
       expect(calls).toBeGreaterThan(4);  // the undo renamed the old pair back
       expect(Object.fromEntries(listTree(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')])))
           .toEqual(before);
       other.dispose();
       model.dispose();
     });

  it('SIGTERM during a save (a real process) ends the process only once the new pair is in place', () => {
    const dir = path.join(temp.dir, 'interrupted');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'model.json'), '{"old": true}');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
    // The process sends itself SIGTERM as the first temporary file is written.
    const script = `
      require('@tensorflow/tfjs-backend-cpu');
      const tfl = require('@tensorflow/tfjs-layers');
      const {fileSystemHandler} = require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'node.cjs'))});
      const promises = require('fs').promises;
      const writeFile = promises.writeFile;
      promises.writeFile = function (...args) {
        process.kill(process.pid, 'SIGTERM');
        return writeFile.apply(this, args);
      };
      const model = tfl.sequential({layers: [tfl.layers.dense({units: 2, inputShape: [3], kernelInitializer: 'ones'})]});
      model.save(fileSystemHandler(process.argv[1], {overwrite: true})).then(() => console.log('saved'));
      setTimeout(() => console.log('still running'), 5000);`;
    const result = spawnSync(process.execPath, ['-e', script, dir], {cwd: REPO_ROOT, encoding: 'utf8', timeout: 20000});
    expect({signal: result.signal, stdout: result.stdout}).toEqual({signal: 'SIGTERM', stdout: ''});
    expect(result.stderr).not.toMatch(/Error/);
    expect(listTree(dir)).toEqual(['model.json', 'notes.txt', 'weights.bin']);
    expect(readJsonFile(path.join(dir, 'model.json')).weightsManifest[0].paths).toEqual(['weights.bin']);
    const weights = new Float32Array(Uint8Array.from(fs.readFileSync(path.join(dir, 'weights.bin'))).buffer);
    expect(Array.from(weights)).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);  // the 3×2 kernel of ones, then the zero bias
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
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
      await expect(load(path.join(temp.dir, 'nope', 'model.json')))
          .rejects.toThrow(`model.json not found: ${path.join(temp.dir, 'nope', 'model.json')}`);
    });

    it('invalid JSON', async () => {
      fs.writeFileSync(path.join(temp.dir, 'model.json'), '{"modelTopology": ');
      await expect(load(path.join(temp.dir, 'model.json'))).rejects.toThrow(/model\.json is not valid JSON/);
    });

    it.each([
      [
        'a graph model', {format: 'graph-model', modelTopology: {node: []}, weightsManifest: []},
        /is a graph model \(format 'graph-model'\), not a Layers model/
      ],
      ['a graph model without format', {modelTopology: {node: [], library: {}}}, /is a graph model/],
      ['another format', {format: 'onnx', modelTopology: {}}, /has format "onnx"; expected 'layers-model'/],
      ['no modelTopology', {weightsManifest: []}, /is not a Layers model: it has no 'modelTopology' object/],
      [
        'an unknown class', {modelTopology: {class_name: 'Graph', config: {}}},
        /modelTopology\.class_name is "Graph", expected Sequential, Model or Functional/
      ],
      ['a JSON array', [1, 2], /is not a model\.json: expected a JSON object, but got an array/],
      [
        'a bad manifest', {modelTopology: {class_name: 'Sequential', config: {}}, weightsManifest: {paths: 'w.bin'}},
        /malformed weightsManifest/
      ],
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
      await expect(load(dir)).rejects.toThrow(
          /the weight shards hold 20 bytes but the weightsManifest describes 128 bytes/);
    });
  });

  describe('never reads outside the model folder', () => {
    /** A saved model in temp/m and, outside it, temp/outside/x.bin holding bytes of the same size. */
    async function savedWithOutsideFile(): Promise<{dir: string, file: string, outside: string, json: EditableJSON}> {
      const model = smeluModel();
      const dir = path.join(temp.dir, 'm');
      await model.save(fileSystemHandler(dir));
      model.dispose();
      const outside = path.join(temp.dir, 'outside', 'x.bin');
      fs.mkdirSync(path.dirname(outside));
      fs.writeFileSync(outside, Buffer.alloc(fs.statSync(path.join(dir, 'weights.bin')).size, 0x7f));
      const file = path.join(dir, 'model.json');
      return {dir, file, outside, json: readJsonFile(file)};
    }
    function withShardPath(file: string, json: EditableJSON, shard: string): void {
      json.weightsManifest[0].paths = [shard];
      fs.writeFileSync(file, JSON.stringify(json));
    }
    const load = (p: string) => tfl.loadLayersModel(fileSystemHandler(p));

    it.each([
      ['a ../ escape', '../outside/x.bin', 'leads outside the folder'],
      ['a climb through a subfolder', 'sub/../../outside/x.bin', 'leads outside the folder'],
      ['the folder itself', '.', 'leads outside the folder'],
      ['an empty path', '', 'is empty'],
      ['a NUL character', 'weights.bin\u0000.txt', 'contains a NUL character'],
      ['a Windows drive path', 'C:\\outside\\x.bin', 'is absolute'],
      ['a Windows UNC path', '\\\\server\\share\\x.bin', 'is absolute'],
    ])('refuses %s, naming the path', async (_label, shard, why) => {
      const {dir, file, json} = await savedWithOutsideFile();
      withShardPath(file, json, shard);
      await expect(load(file))
          .rejects.toThrow(`${file}: weight shard path ${JSON.stringify(shard)} ${
              why}; shard paths must stay inside the model's folder ${dir}.`);
    });

    it('refuses an absolute path, even to a file of the right size', async () => {
      const {dir, file, outside, json} = await savedWithOutsideFile();
      withShardPath(file, json, outside);
      await expect(load(file))
          .rejects.toThrow(`${file}: weight shard path ${
              JSON.stringify(outside)} is absolute; shard paths must stay inside the model's folder ${dir}.`);
    });

    it('refuses a symlinked shard, or a symlinked folder, that leads outside', async () => {
      const {dir, file, outside, json} = await savedWithOutsideFile();
      fs.symlinkSync(outside, path.join(dir, 'link.bin'));
      withShardPath(file, json, 'link.bin');
      await expect(load(file))
          .rejects.toThrow(`${file}: weight shard path "link.bin" is a symlink to ${
              outside}, outside the folder; shard paths must stay inside the model's folder ${dir}.`);
      fs.symlinkSync(path.dirname(outside), path.join(dir, 'linkdir'));
      withShardPath(file, json, 'linkdir/x.bin');
      await expect(load(file))
          .rejects.toThrow(`weight shard path "linkdir/x.bin" is a symlink to ${outside}, outside the folder`);
    });

    it('accepts paths that stay inside: ./, a/../, and a symlink to a file in the folder', async () => {
      const model = smeluModel();
      const {dir, file, json} = await savedWithOutsideFile();
      fs.mkdirSync(path.join(dir, 'a'));
      fs.symlinkSync(path.join(dir, 'weights.bin'), path.join(dir, 'a', 'inside-link.bin'));
      for (const shard of ['./weights.bin', 'a/../weights.bin', 'a/inside-link.bin']) {
        withShardPath(file, json, shard);
        const loaded = await load(file);
        // smeluModel() is seeded: a fresh copy has the saved weights.
        expectIdenticalWeights(model, loaded);
        loaded.dispose();
      }
      model.dispose();
    });

    it('resolves the folder itself through symlinks (a model folder reached by a link still loads)', async () => {
      const model = smeluModel();
      const {dir} = await savedWithOutsideFile();
      const link = path.join(temp.dir, 'link-to-m');
      fs.symlinkSync(dir, link);
      const loaded = await load(path.join(link, 'model.json'));
      expectIdenticalWeights(model, loaded);
      loaded.dispose();
      model.dispose();
    });
  });

  describe('bounds the weightsManifest', () => {
    async function savedJson(): Promise<{file: string, json: EditableJSON, dir: string}> {
      const model = smeluModel();
      const dir = path.join(temp.dir, 'm');
      await model.save(fileSystemHandler(dir));
      model.dispose();
      const file = path.join(dir, 'model.json');
      return {file, dir, json: readJsonFile(file)};
    }
    const firstSpec = (json: EditableJSON) => json.weightsManifest[0].weights[0];
    const cases: Array<[string, (json: EditableJSON) => void, string]> = [
      [
        'a fractional dimension', (j) => firstSpec(j).shape = [3, 2.5],
        `weight 'd1/kernel' has shape [3,2.5]: every dimension must be an integer >= 0, but got 2.5.`
      ],
      [
        'a negative dimension', (j) => firstSpec(j).shape = [-3, 5],
        `weight 'd1/kernel' has shape [-3,5]: every dimension must be an integer >= 0, but got -3.`
      ],
      [
        'a dimension too large for a double (1e999 in the file)', (j) => firstSpec(j).shape = ['INF'],
        ' holds a number too large for a 64-bit float (it reads as Infinity) at .weightsManifest[0].weights[0].shape[0].'
      ],
      [
        'a null dimension', (j) => firstSpec(j).shape = [3, null],
        `weight 'd1/kernel' has shape [3,null]: every dimension must be an integer >= 0, but got null.`
      ],
      [
        'a string dimension', (j) => firstSpec(j).shape = ['3', 5],
        `weight 'd1/kernel' has shape ["3",5]: every dimension must be an integer >= 0, but got the string "3".`
      ],
      [
        'a shape that is not an array', (j) => firstSpec(j).shape = 15,
        `weight 'd1/kernel' has shape 15; expected an array of at most 16 dimensions.`
      ],
      [
        'too many dimensions', (j) => firstSpec(j).shape = new Array(17).fill(1),
        `weight 'd1/kernel' has shape [${new Array(17).fill(1)}]; expected an array of at most 16 dimensions.`
      ],
      [
        'an element count that overflows', (j) => firstSpec(j).shape = [2 ** 30, 2 ** 30, 2 ** 30],
        `weight 'd1/kernel' has shape [1073741824,1073741824,1073741824], whose element count overflows.`
      ],
      [
        'byte sizes that overflow together',
        (j) => j.weightsManifest[0].weights.forEach((w: EditableJSON) => w.shape = [2 ** 51]),
        'the byte sizes in its weightsManifest overflow.'
      ],
      [
        'a duplicate weight name', (j) => j.weightsManifest[0].weights[1].name = 'd1/kernel',
        `its weightsManifest lists the weight 'd1/kernel' twice.`
      ],
      [
        'an unknown dtype', (j) => firstSpec(j).dtype = 'float64',
        `weight 'd1/kernel' has dtype the string "float64"; expected one of float32, int32, bool, complex64.`
      ],
      [
        'a missing dtype', (j) => delete firstSpec(j).dtype,
        `weight 'd1/kernel' has dtype undefined; expected one of float32, int32, bool, complex64.`
      ],
      [
        'string weights', (j) => firstSpec(j).dtype = 'string',
        `weight 'd1/kernel' has dtype 'string'; Layers models have numeric weights only.`
      ],
      [
        'an unknown quantization', (j) => firstSpec(j).quantization = {dtype: 'int4'},
        `weight 'd1/kernel' has quantization object {"dtype":"int4"}; expected {dtype: uint8|uint16|float16, ...}.`
      ],
      [
        'a uint8 quantization without scale', (j) => firstSpec(j).quantization = {dtype: 'uint8', min: 0},
        `weight 'd1/kernel' is quantized to uint8 but its quantization has no finite scale and min`
      ],
      [
        'a weight without a name', (j) => delete firstSpec(j).name,
        'weightsManifest[0].weights[0].name must be a non-empty string, but got undefined.'
      ],
      [
        'a weight that is not an object', (j) => j.weightsManifest[0].weights[0] = 7,
        'weightsManifest[0].weights[0] must be an object {name, shape, dtype}, but got 7.'
      ],
      [
        'weights but no shard', (j) => j.weightsManifest[0].paths = [],
        'has a malformed weightsManifest: it lists 4 weight(s) but no shard file'
      ],
      [
        'a path that is not a string', (j) => j.weightsManifest[0].paths = [7],
        'has a malformed weightsManifest: group 0 lists the path 7'
      ],
      [
        'a manifest that is an object', (j) => j.weightsManifest = {paths: ['weights.bin']},
        'has a malformed weightsManifest: it is object {"paths":["weights.bin"]}'
      ],
      [
        'more weights than the bound',
        (j) => j.weightsManifest[0].weights =
            Array.from({length: 100_001}, (_, i) => ({name: `w${i}`, shape: [0], dtype: 'float32'})),
        'its weightsManifest lists more than 100000 weights.'
      ],
      [
        'more shards than the bound',
        (j) => j.weightsManifest[0].paths = Array.from({length: 10_001}, (_, i) => `s${i}.bin`),
        'its weightsManifest lists more than 10000 shard files.'
      ],
      [
        'shards larger than described', (j) => firstSpec(j).shape = [3, 4],
        'the weight shards hold 128 bytes but the weightsManifest describes 116 bytes'
      ],
    ];
    it.each(cases)('%s', async (_label, mutate, message) => {
      const {file, json, dir} = await savedJson();
      mutate(json);
      fs.writeFileSync(file, JSON.stringify(json).replace('"INF"', '1e999'));
      const before = listTree(temp.dir);
      const handler = fileSystemHandler(dir);
      await expect(handler.load!()).rejects.toThrow(message);
      await expect(handler.load!()).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
      expect(listTree(temp.dir)).toEqual(before);
    });

    it('reads quantized weights (uint8 with scale and min) as tfjs does', async () => {
      const {file, json, dir} = await savedJson();
      const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
      // d1/kernel quantized to uint8: 15 bytes instead of 60.
      const spec = firstSpec(json);
      spec.quantization = {dtype: 'uint8', scale: 0.5, min: -1};
      fs.writeFileSync(
          path.join(dir, 'weights.bin'),
          Buffer.concat([Buffer.from(Array.from({length: 15}, (_, i) => i)), bytes.subarray(60)]));
      fs.writeFileSync(file, JSON.stringify(json));
      const artifacts = await fileSystemHandler(dir).load!();
      expect(artifacts.weightSpecs![0]).toEqual(spec);
      expect(new Uint8Array(artifacts.weightData as ArrayBuffer).subarray(0, 15))
          .toEqual(Uint8Array.from({length: 15}, (_, i) => i));
      const loaded = await tfl.loadLayersModel(fileSystemHandler(dir));
      expect(Array.from(loaded.getLayer('d1').getWeights()[0].dataSync()))
          .toEqual(Array.from({length: 15}, (_, i) => i * 0.5 - 1));
      loaded.dispose();
    });
  });

  describe('model.json text', () => {
    async function saved(): Promise<string> {
      const model = smeluModel();
      const dir = path.join(temp.dir, 'm');
      await model.save(fileSystemHandler(dir));
      model.dispose();
      return path.join(dir, 'model.json');
    }

    it.each([
      ['a lone 0xff byte', [0xff]],
      ['a truncated two-byte sequence', [0xc3]],
      ['an overlong encoding of "/"', [0xc0, 0xaf]],
      ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ])('refuses invalid UTF-8 (%s)', async (_label, bad) => {
      const file = await saved();
      const text = fs.readFileSync(file);
      // Inside the first layer's name string, where a lenient decoder would just substitute U+FFFD.
      const at = text.indexOf('"d1"') + 2;
      fs.writeFileSync(file, Buffer.concat([text.subarray(0, at), Buffer.from(bad), text.subarray(at)]));
      await expect(fileSystemHandler(file).load!())
          .rejects.toThrow(`${file} is not valid UTF-8 text, so it is not a model.json.`);
    });

    it('accepts a UTF-8 byte-order mark', async () => {
      const file = await saved();
      fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(file)]));
      const loaded = await tfl.loadLayersModel(fileSystemHandler(file));
      expect(loaded.layers.map((l) => l.name)).toEqual(['d1', 's', 'd2']);
      loaded.dispose();
    });

    it('refuses nesting deeper than 128 levels, without recursing', async () => {
      const file = await saved();
      const json = readJsonFile(file);
      const depth = 1_000_000;
      const text = JSON.stringify({...json, userDefinedMetadata: {deep: 0}})
                       .replace('{"deep":0}', `{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      fs.writeFileSync(file, text);
      await expect(fileSystemHandler(file).load!())
          .rejects.toThrow(
              `${file} nests arrays/objects more than 128 levels deep; no Layers model does, so it is refused.`);
    });

    it('refuses a number literal too large for a double anywhere (it would be written back as null)', async () => {
      const file = await saved();
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"units":5', '"units":-1e999'));
      await expect(fileSystemHandler(file).load!())
          .rejects.toThrow(`${
              file} holds a number too large for a 64-bit float (it reads as -Infinity) at .modelTopology.config.layers[0].config.units.`);
    });

    it.each([
      ['trainingConfig', 7, `'trainingConfig' must be an object, but got 7.`],
      ['userDefinedMetadata', [1], `'userDefinedMetadata' must be an object, but got object [1].`],
      ['generatedBy', {}, `'generatedBy' must be a string, but got object {}.`],
    ])('refuses a top-level %s of the wrong type', async (key, value, message) => {
      const file = await saved();
      fs.writeFileSync(file, JSON.stringify({...readJsonFile(file), [key]: value}));
      await expect(fileSystemHandler(file).load!()).rejects.toThrow(`${file}: ${message}`);
    });
  });
});
describe('fileSystemHandler: functional topologies tfjs could never finish building', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });
  beforeEach(() => {
    temp = makeTempDir('graph');
  });
  afterEach(() => temp.cleanup());

  /** a → d1 → d2, plus a nested model 'inner' (its own input → 'deep') called on d2. */
  async function savedGraph(): Promise<{file: string, json: EditableJSON}> {
    const ix = tfl.input({shape: [2], name: 'inner_in'});
    const inner = tfl.model({
      name: 'inner',
      inputs: ix,
      outputs: tfl.layers.dense({name: 'deep', units: 2}).apply(ix) as tfl.SymbolicTensor
    });
    const a = tfl.input({shape: [3], name: 'a'});
    const d1 = tfl.layers.dense({name: 'd1', units: 4}).apply(a) as tfl.SymbolicTensor;
    const d2 = tfl.layers.dense({name: 'd2', units: 2}).apply(d1) as tfl.SymbolicTensor;
    const model = tfl.model({name: 'outer', inputs: a, outputs: inner.apply(d2) as tfl.SymbolicTensor});
    const dir = path.join(temp.dir, 'g');
    await model.save(fileSystemHandler(dir));
    model.dispose();
    const file = path.join(dir, 'model.json');
    return {file, json: readJsonFile(file)};
  }
  const layerOf = (json: EditableJSON, name: string) =>
      json.modelTopology.config.layers.find((l: EditableJSON) => l.name === name);

  it('loads unchanged (the check accepts what tfjs writes, nested models included)', async () => {
    const {file} = await savedGraph();
    const loaded = await tfl.loadLayersModel(fileSystemHandler(file));
    expect(loaded.layers.map((l) => l.name)).toEqual(['a', 'd1', 'd2', 'inner']);
    loaded.dispose();
  });

  const cases: Array<[string, (json: EditableJSON) => void, string]> = [
    [
      'an input from a layer that is not in the model', (j) => layerOf(j, 'd2').inbound_nodes[0][0][0] = 'nope',
      `model 'outer': layer 'd2' inbound_nodes[0] takes an input from layer 'nope', which is not in this model.`
    ],
    [
      'an input from a call that never happens', (j) => layerOf(j, 'd2').inbound_nodes[0][0][1] = 1,
      `model 'outer': layer 'd2' inbound_nodes[0] takes an input from call 1 of layer 'd1', which never happens (its calls form a cycle, or it is called fewer times); TensorFlow.js would never finish building this model, so it is refused.`
    ],
    [
      'a cycle', (j) => layerOf(j, 'd1').inbound_nodes[0][0][0] = 'd2',
      `model 'outer': layer 'd1' inbound_nodes[0] takes an input from call 0 of layer 'd2', which never happens (its calls form a cycle, or it is called fewer times); TensorFlow.js would never finish building this model, so it is refused.`
    ],
    ['two layers with one name', (j) => layerOf(j, 'd2').name = 'd1', `model 'outer': two layers are named 'd1'.`],
    [
      'an entry name that disagrees with config.name', (j) => layerOf(j, 'd2').config.name = 'other',
      `model 'outer': layer 'd2' has config.name "other"; the two names must agree.`
    ],
    [
      'an input written as a bare name', (j) => layerOf(j, 'd2').inbound_nodes[0] = ['d1'],
      `model 'outer': layer 'd2' inbound_nodes[0][0] must be [layer name, call index, tensor index, kwargs], but got "d1".`
    ],
    [
      'inbound_nodes that is not a list', (j) => layerOf(j, 'd2').inbound_nodes = {d1: 0},
      `model 'outer': layer 'd2' must have an inbound_nodes list, but got {"d1":0}.`
    ],
    [
      'an output from a layer that is not in the model',
      (j) => j.modelTopology.config.output_layers = [['ghost', 0, 0]],
      `model 'outer': output_layers[0] must name a call of a layer of this model as [layer name, call index, tensor index], but got ["ghost",0,0].`
    ],
    [
      'the same fault inside a nested model',
      (j) => layerOf(j, 'inner').config.layers[1].inbound_nodes[0][0][0] = 'nope',
      `model 'inner': layer 'deep' inbound_nodes[0] takes an input from layer 'nope', which is not in this model.`
    ],
  ];
  it.each(cases)('refuses %s, naming the layer', async (_label, mutate, message) => {
    const {file, json} = await savedGraph();
    mutate(json);
    fs.writeFileSync(file, JSON.stringify(json));
    await expect(fileSystemHandler(file).load!()).rejects.toThrow(`${file}: ${message}`);
  });

  it('(why: tfjs itself loops forever on the first of them; shown in a child process with a time limit)', async () => {
    const {file, json} = await savedGraph();
    layerOf(json, 'd2').inbound_nodes[0][0][0] = 'nope';
    const script = `
      require('@tensorflow/tfjs-backend-cpu');
      const tfl = require('@tensorflow/tfjs-layers');
      const topology = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')).modelTopology;
      console.log('building');
      tfl.models.modelFromJSON({modelTopology: topology}).then(() => console.log('built'), (e) => console.log('error', e.message));`;
    fs.writeFileSync(file, JSON.stringify(json));
    const result = spawnSync(process.execPath, ['-e', script, file], {cwd: REPO_ROOT, encoding: 'utf8', timeout: 8000});
    expect(result.stdout.trim().split('\n').pop()).toBe('building');
    expect(result.signal).toBe('SIGTERM');
  });
});
