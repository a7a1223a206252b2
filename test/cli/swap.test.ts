/**
 * `tfjs-smelu swap`: round trips on models saved to temp directories, through
 * `run()` in process and through the built executable (dist/cli.cjs), and
 * every bad input (non-zero exit, nothing written).
 * @fullRun built
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {layers} from 'tfjs-smelu';
import {fileSystemHandler} from 'tfjs-smelu/node';
import {main} from '../../src/cli/main';
import {run} from '../../src/cli/swap';
import {EditableJSON} from '../support/json';
import {REPO_ROOT} from '../support/paths';
import {
  copyWeightsByName,
  disposeFully,
  expectIdenticalWeights,
  listTree,
  makeTempDir,
  predictArrays,
  seededBias,
  seededKernel,
  spreadInput,
} from '../support/swap_helpers';

type Sym = tfl.SymbolicTensor;
const CLI = path.join(REPO_ROOT, 'dist', 'cli.cjs');

function dense(name: string, units: number, seed: number, activation?: string) {
  return tfl.layers.dense({
    name,
    units,
    activation: activation as never,
    kernelInitializer: seededKernel(seed),
    biasInitializer: seededBias(seed + 50)
  });
}

/** Shared Dense(relu) on two inputs, a ReLU and an Activation('relu') branch, a capped ReLU; two outputs. */
function graph(smeluBeta?: number): tfl.LayersModel {
  const a = tfl.input({shape: [4], name: 'a'});
  const b = tfl.input({shape: [4], name: 'b'});
  const swapped = smeluBeta != null;
  const shared = dense('shared', 3, 1, swapped ? 'linear' : 'relu');
  let sa = shared.apply(a) as Sym;
  let sb = shared.apply(b) as Sym;
  if (swapped) {
    const after = layers.smelu({beta: smeluBeta, name: 'shared_smelu'});
    [sa, sb] = [after.apply(sa) as Sym, after.apply(sb) as Sym];
  }
  const act = (name: string) => swapped ? layers.smelu({beta: smeluBeta, name}) :
      name === 'act'                    ? tfl.layers.activation({activation: 'relu', name}) :
                                          tfl.layers.reLU({name});
  const left = act('plain').apply(sa) as Sym;
  const right = act('act').apply(sb) as Sym;
  const capped = tfl.layers.reLU({maxValue: 6, name: 'capped'}).apply(sb) as Sym;
  const merged = tfl.layers.concatenate({name: 'merge'}).apply([left, right, capped]) as Sym;
  return tfl.model({inputs: [a, b], outputs: [dense('head', 2, 2).apply(merged) as Sym, sa]});
}

/** Captures console output of an in-process run. */
async function runCaptured(argv: string[], entry = run): Promise<{code: number, stdout: string, stderr: string}> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...args) => void err.push(args.join(' ')));
  try {
    const code = await entry(argv);
    return {code, stdout: out.join('\n'), stderr: err.join('\n')};
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('tfjs-smelu swap', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let original: tfl.LayersModel;
  let inputJson: string;

  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });
  beforeEach(async () => {
    temp = makeTempDir('cli');
    original = graph();
    original.compile(
        {optimizer: tf.train.adam(0.002), loss: ['meanSquaredError', 'meanAbsoluteError'], metrics: ['mse']});
    await original.save(fileSystemHandler(path.join(temp.dir, 'in')), {includeOptimizer: true});
    inputJson = path.join(temp.dir, 'in', 'model.json');
  });
  afterEach(() => {
    original.optimizer.dispose();
    disposeFully(original);
    temp.cleanup();
  });

  /** Loads `dir`'s model and checks it against the hand-built SmeLU twin of `original`. */
  async function expectSwappedModel(dir: string, beta: number): Promise<void> {
    const loaded = await tfl.loadLayersModel(fileSystemHandler(path.join(dir, 'model.json')));
    const handBuilt = graph(beta);
    copyWeightsByName(original, handBuilt);
    expectIdenticalWeights(original, loaded);
    const inputs = [spreadInput([5, 4], 1), spreadInput([5, 4], 2)];
    expect(predictArrays(loaded, inputs)).toEqual(predictArrays(handBuilt, inputs));
    tf.dispose(inputs);
    disposeFully(loaded);
    disposeFully(handBuilt);
  }

  it('run(): swaps a saved model, keeps its training config, prints the replacements', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const out = path.join(temp.dir, 'out');
    const {code, stdout, stderr} = await runCaptured([inputJson, out, '--beta', '0.5']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(stdout.split('\n')).toEqual([
      'Replaced 3 activation(s):',
      '  shared (Dense): activation \'relu\' -> activation \'linear\' + SmeLU layer \'shared_smelu\' (beta=0.5)',
      '  plain (ReLU): ReLU() -> SmeLU(beta=0.5)',
      '  act (Activation): Activation(\'relu\') -> SmeLU(beta=0.5)',
      'Skipped 1:',
      '  capped (ReLU): ReLU(max_value=6): \'relu6\' is not in options.from ([relu]); add it to replace this layer',
      `Wrote ${out}/model.json and weights.bin.`,
    ]);
    expect(listTree(out)).toEqual(['model.json', 'weights.bin']);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8'));
    const input = JSON.parse(fs.readFileSync(inputJson, 'utf8'));
    expect(written.trainingConfig).toEqual(input.trainingConfig);
    // Every weight, the optimizer's included, is written as it was.
    expect(written.weightsManifest).toEqual(input.weightsManifest);
    expect(fs.readFileSync(path.join(out, 'weights.bin'))
               .equals(fs.readFileSync(path.join(temp.dir, 'in', 'weights.bin'))))
        .toBe(true);
    await expectSwappedModel(out, 0.5);
  });

  it('run() through the main dispatcher, with --from relu,relu6 and the default beta', async () => {
    const out = path.join(temp.dir, 'out');
    const {code, stdout} = await runCaptured(['swap', `file://${inputJson}`, out, '--from', 'relu,relu6'], main);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Replaced 4 activation\(s\):/);
    expect(stdout).toMatch(/capped \(ReLU\): ReLU\(max_value=6\) -> SmeLU\(beta=2\)/);
    expect(stdout).not.toMatch(/Skipped/);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8'));
    const layerSummary = json.modelTopology.config.layers.map(
        (l: EditableJSON) => [l.name, l.class_name, l.config.activation ?? l.config.beta]);
    expect(layerSummary).toEqual(expect.arrayContaining([
      ['shared', 'Dense', 'smelu'], ['capped', 'SmeLU', 2], ['plain', 'SmeLU', 2]
    ]));
  });

  it('the built executable (node dist/cli.cjs) swaps, and fails with exit code 1 on a non-empty outdir', async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsup\` (npm test builds it first).`);
    const out = path.join(temp.dir, 'out');
    const ok = spawnSync(process.execPath, [CLI, 'swap', inputJson, out, '--beta', '0.5'], {encoding: 'utf8'});
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^Replaced 3 activation\(s\):/);
    await expectSwappedModel(out, 0.5);

    const again = spawnSync(process.execPath, [CLI, 'swap', inputJson, out], {encoding: 'utf8'});
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(`tfjs-smelu swap: output directory ${out} exists and is not empty; pass --force`);
  });

  // The built executable registers only what its own imports register (no test imports help it): the default
  // β writes the 'smelu' activation string, which must be registered in that process to check the result loads.
  it.each([[[] as string[], 2], [['--beta', '2'], 2]])(
      'the built executable swaps with %j (β %d, the activation string)', async (flags, beta) => {
        const out = path.join(temp.dir, 'out-default');
        const r = spawnSync(process.execPath, [CLI, 'swap', inputJson, out, ...flags], {encoding: 'utf8'});
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/^Replaced 3 activation\(s\):/);
        await expectSwappedModel(out, beta);
      });

  it('--force writes into a non-empty directory, leaving other files alone', async () => {
    const out = path.join(temp.dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'README'), 'mine');
    expect((await runCaptured([inputJson, out, '--beta', '0.5'])).code).toBe(1);
    expect(listTree(out)).toEqual(['README']);
    expect((await runCaptured([inputJson, out, '--beta', '0.5', '--force'])).code).toBe(0);
    expect(listTree(out)).toEqual(['README', 'model.json', 'weights.bin']);
    await expectSwappedModel(out, 0.5);
  });

  it('classifies layers from the file: a Keras ReLU with negative_slope (which tfjs ignores) is skipped', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({name: 'd', units: 3, inputShape: [4], activation: 'relu'}),
        tfl.layers.reLU({name: 'keras_leaky'}),
      ]
    });
    const dir = path.join(temp.dir, 'keras');
    await model.save(fileSystemHandler(dir));
    model.dispose();
    const file = path.join(dir, 'model.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    Object.assign(json.modelTopology.config.layers[1].config, {negative_slope: 0.1, threshold: 0});
    fs.writeFileSync(file, JSON.stringify(json));
    const out = path.join(temp.dir, 'out');
    const {code, stdout} = await runCaptured([file, out, '--from', 'relu,relu6,leakyReLU']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Replaced 1 activation\(s\):\n {2}d \(Dense\)/);
    expect(stdout).toMatch(
        /Skipped 1:\n {2}keras_leaky \(ReLU\): ReLU\(max_value=null, negative_slope=0\.1, threshold=0\): a ReLU with negative_slope or threshold is not a plain ReLU/);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8'));
    // The skipped layer is written exactly as it was, keys tfjs does not implement included.
    expect(written.modelTopology.config.layers[1]).toEqual(json.modelTopology.config.layers[1]);
  });

  it('reads Keras-converter topologies (model_config wrapper, class Functional)', async () => {
    const json = JSON.parse(fs.readFileSync(inputJson, 'utf8'));
    json.modelTopology = {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: {...json.modelTopology, class_name: 'Functional'},
    };
    delete json.trainingConfig;
    fs.writeFileSync(inputJson, JSON.stringify(json));
    const out = path.join(temp.dir, 'out');
    const {code, stdout} = await runCaptured([inputJson, out, '--beta', '0.5']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Replaced 3 activation\(s\):/);
    await expectSwappedModel(out, 0.5);
  });

  describe('edits model.json: only what it replaces changes', () => {
    /** A saved Sequential model whose model.json then gets keys tfjs does not implement. */
    async function kerasStyleModel(): Promise<{file: string, json: EditableJSON}> {
      const built = tfl.sequential({
        layers: [
          tfl.layers.dense({
            name: 'd1',
            units: 3,
            inputShape: [4],
            activation: 'relu',
            kernelInitializer: seededKernel(11),
            biasInitializer: seededBias(12)
          }),
          tfl.layers.reLU({name: 'thresholded'}),
          tfl.layers.dense({name: 'd2', units: 2, kernelInitializer: seededKernel(13)}),
        ]
      });
      built.setUserDefinedMetadata({owner: 'test'});
      const dir = path.join(temp.dir, 'keras');
      await built.save(fileSystemHandler(dir));
      built.dispose();
      const file = path.join(dir, 'model.json');
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      Object.assign(json.modelTopology.config.layers[1].config, {threshold: 1, negative_slope: 0.1});
      json.modelTopology.config.layers[0].config.future_key = {kept: [1, 2.5, 'x']};
      json.modelTopology.keras_version = '3.1.0';
      json.extraTopLevelKey = 'kept';
      fs.writeFileSync(file, JSON.stringify(json));
      return {file, json};
    }

    it('in place (beta 2): the Dense activation becomes smelu, every other byte of the topology is kept', async () => {
      const {file, json} = await kerasStyleModel();
      const out = path.join(temp.dir, 'out');
      const first = await runCaptured([file, out]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).not.toMatch(/Nothing matched/);
      expect(first.stdout)
          .toMatch(/Skipped 1:\n {2}thresholded \(ReLU\): ReLU\(max_value=null, negative_slope=0\.1, threshold=1\)/);
      const expected = JSON.parse(JSON.stringify(json));
      expected.modelTopology.config.layers[0].config.activation = 'smelu';
      const written = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8'));
      expect(written).toEqual(expected);
      expect(fs.readFileSync(path.join(out, 'weights.bin'))
                 .equals(fs.readFileSync(path.join(path.dirname(file), 'weights.bin'))))
          .toBe(true);
    });

    it('with SmeLU layers (beta 0.5): the host gets linear and a SmeLU layer follows it; nothing else changes',
       async () => {
         const {file, json} = await kerasStyleModel();
         const out = path.join(temp.dir, 'out');
         expect((await runCaptured([file, out, '--beta', '0.5'])).code).toBe(0);
         const expected = JSON.parse(JSON.stringify(json));
         const layersList = expected.modelTopology.config.layers;
         layersList[0].config.activation = 'linear';
         layersList.splice(
             1, 0, {class_name: 'SmeLU', config: {name: 'd1_smelu', trainable: true, beta: 0.5, dtype: 'float32'}});
         const written = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8'));
         expect(written).toEqual(expected);
       });

    it('is idempotent: a second run replaces nothing, says so, and writes the same files', async () => {
      const {file} = await kerasStyleModel();
      const out1 = path.join(temp.dir, 'out1');
      const out2 = path.join(temp.dir, 'out2');
      expect((await runCaptured([file, out1, '--beta', '0.5', '--from', 'relu,relu6,leakyReLU'])).code).toBe(0);
      const second =
          await runCaptured([path.join(out1, 'model.json'), out2, '--beta', '0.5', '--from', 'relu,relu6,leakyReLU']);
      expect(second.code).toBe(0);
      expect(second.stdout.split('\n').slice(0, 1)).toEqual(['Replaced 0 activation(s):']);
      expect(second.stdout).toMatch(/Skipped 1:\n {2}thresholded \(ReLU\)/);
      expect(second.stdout).toMatch(/\nNothing matched: the written model equals the input\.\n/);
      for (const name of ['model.json', 'weights.bin']) {
        expect(fs.readFileSync(path.join(out2, name)).equals(fs.readFileSync(path.join(out1, name)))).toBe(true);
      }
    });

    it('merges several weight groups and shards into weights.bin, bytes and specs unchanged', async () => {
      const dir = path.join(temp.dir, 'in');
      const json = JSON.parse(fs.readFileSync(inputJson, 'utf8'));
      const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
      const specs = json.weightsManifest[0].weights;
      fs.mkdirSync(path.join(dir, 'shards'));
      fs.writeFileSync(path.join(dir, 'shards', 'a.bin'), bytes.subarray(0, 24));
      fs.writeFileSync(path.join(dir, 'shards', 'b.bin'), bytes.subarray(24, 100));
      fs.writeFileSync(path.join(dir, 'c.bin'), bytes.subarray(100));
      fs.rmSync(path.join(dir, 'weights.bin'));
      json.weightsManifest = [
        {paths: ['shards/a.bin', 'shards/b.bin'], weights: specs.slice(0, 3)},
        {paths: ['./c.bin'], weights: specs.slice(3)}
      ];
      fs.writeFileSync(inputJson, JSON.stringify(json));
      const out = path.join(temp.dir, 'out');
      expect((await runCaptured([inputJson, out, '--beta', '0.5'])).code).toBe(0);
      const written = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8'));
      expect(written.weightsManifest).toEqual([{paths: ['weights.bin'], weights: specs}]);
      expect(fs.readFileSync(path.join(out, 'weights.bin')).equals(bytes)).toBe(true);
      await expectSwappedModel(out, 0.5);
    });

    it('renames per-output loss keys when a SmeLU layer becomes an output', async () => {
      const x = tfl.input({shape: [3], name: 'x'});
      const head = dense('head', 2, 21, 'relu');
      const model = tfl.model({inputs: x, outputs: head.apply(x) as Sym});
      model.compile({optimizer: 'sgd', loss: {head: 'meanSquaredError'}});
      const dir = path.join(temp.dir, 'dict');
      await model.save(fileSystemHandler(dir), {includeOptimizer: true});
      model.dispose();
      const input = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      expect(input.trainingConfig.loss).toEqual({head: 'mean_squared_error'});
      const out = path.join(temp.dir, 'out');
      expect((await runCaptured([path.join(dir, 'model.json'), out, '--beta', '0.5'])).code).toBe(0);
      const written = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8'));
      expect(written.trainingConfig).toEqual({...input.trainingConfig, loss: {head_smelu: 'mean_squared_error'}});
      expect(written.modelTopology.config.output_layers).toEqual([['head_smelu', 0, 0]]);
      const loaded = await tfl.loadLayersModel(fileSystemHandler(out));
      expect(loaded.outputNames).toEqual(['head_smelu']);
      loaded.optimizer.dispose();
      disposeFully(loaded);
    });
  });

  it('--help prints the usage and exits 0', async () => {
    const {code, stdout} = await runCaptured(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: tfjs-smelu swap <model.json> <outdir> \[options\]/);
  });

  describe('bad input: non-zero exit, clear message, nothing written', () => {
    function writeJson(name: string, json: unknown): string {
      const file = path.join(temp.dir, name, 'model.json');
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, JSON.stringify(json));
      return file;
    }
    const cases: Array<[string, (out: string) => string[], number, RegExp|string]> = [
      ['no arguments', () => [], 2, /expected <model.json> and <outdir>, but got 0 argument\(s\)/],
      ['one argument', () => [inputJson], 2, /but got 1 argument\(s\)/],
      ['an unknown flag', (out) => [inputJson, out, '--bogus'], 2, 'tfjs-smelu swap: unknown option \'--bogus\'.'],
      ['an unknown short flag', (out) => [inputJson, out, '-x'], 2, 'tfjs-smelu swap: unknown option \'-x\'.'],
      ['--beta 0', (out) => [inputJson, out, '--beta', '0'], 2, 'tfjs-smelu swap: --beta must be a finite number > 0, but got 0.'],
      ['--beta -1', (out) => [inputJson, out, '--beta', '-1'], 2, 'tfjs-smelu swap: --beta must be a finite number > 0, but got -1.'],
      ['--beta=-1', (out) => [inputJson, out, '--beta=-1'], 2, 'tfjs-smelu swap: --beta must be a finite number > 0, but got -1.'],
      ['--beta abc', (out) => [inputJson, out, '--beta', 'abc'], 2, 'tfjs-smelu swap: --beta must be a finite number > 0, but got the string "abc".'],
      ['--beta Infinity', (out) => [inputJson, out, '--beta', 'Infinity'], 2, 'tfjs-smelu swap: --beta must be a finite number > 0, but got Infinity.'],
      ['--beta without a value', (out) => [inputJson, out, '--beta'], 2, 'tfjs-smelu swap: --beta needs a value.'],
      ['--beta twice', (out) => [inputJson, out, '--beta', '1', '--beta', '2'], 2, 'tfjs-smelu swap: --beta is given more than once.'],
      ['--force=yes', (out) => [inputJson, out, '--force=yes'], 2, 'tfjs-smelu swap: --force takes no value, but got \'yes\'.'],
      ['--from empty', (out) => [inputJson, out, '--from', ','], 2, 'tfjs-smelu swap: --from must be a non-empty list of activation identifiers (relu, relu6, leakyReLU), but got the string ",".'],
      ['--from sigmoid', (out) => [inputJson, out, '--from', 'relu,sigmoid'], 2, /^tfjs-smelu swap: --from contains the string "sigmoid".*not a ReLU-family activation/],
      ['--from nonsense', (out) => [inputJson, out, '--from', 'rleu'], 2, /"rleu", which cannot be swapped: it is not a known activation identifier/],
      ['a missing model.json', (out) => [path.join(temp.dir, 'none.json'), out], 1, /model\.json not found: .*none\.json$/],
      ['a graph model', (out) => [writeJson('graph', {format: 'graph-model', modelTopology: {node: []}}), out], 1, /is a graph model \(format 'graph-model'\), not a Layers model/],
      ['not a Layers model', (out) => [writeJson('other', {modelTopology: {class_name: 'Foo', config: {}}}), out], 1, /is not a Layers model: modelTopology\.class_name is "Foo"/],
      ['a layer class tfjs does not know', (out) => [writeJson('unknown', {modelTopology: {class_name: 'Sequential', config: {layers: [{class_name: 'NoSuchLayer', config: {}}]}}}), out], 1,
        /unknown\/model\.json does not load in TensorFlow\.js: Unknown layer: NoSuchLayer\. This may be due to/],
      ['a missing weight shard', (out) => {
        fs.rmSync(path.join(temp.dir, 'in', 'weights.bin'));
        return [inputJson, out];
      }, 1, /missing weight shard\(s\) listed in its weightsManifest: .*weights\.bin/],
      ['a shard path that leaves the folder', (out) => {
        fs.copyFileSync(path.join(temp.dir, 'in', 'weights.bin'), path.join(temp.dir, 'x.bin'));
        const json = JSON.parse(fs.readFileSync(inputJson, 'utf8'));
        json.weightsManifest[0].paths = ['../x.bin'];
        fs.writeFileSync(inputJson, JSON.stringify(json));
        return [inputJson, out];
      }, 1, `weight shard path "../x.bin" leads outside the folder; shard paths must stay inside the model's folder`],
      ['an outdir that is a file', (out) => {
        fs.writeFileSync(out, '');
        return [inputJson, out];
      }, 1, /output path .* exists and is not a directory/],
    ];
    it.each(cases)('%s', async (_label, args, expectedCode, message) => {
      const out = path.join(temp.dir, 'out');
      const argv = args(out);
      const before = listTree(temp.dir);
      const tensorsBefore = tf.memory().numTensors;
      const {code, stdout, stderr} = await runCaptured(argv);
      expect(code).toBe(expectedCode);
      const lines = stderr.split('\n');
      expect(lines[0]).toMatch(/^tfjs-smelu swap: /);
      if (typeof message === 'string' && expectedCode === 2) {
        expect(lines[0]).toBe(message);
      } else if (typeof message === 'string') {
        expect(lines[0]).toContain(message);
      } else {
        expect(lines[0]).toMatch(message);
      }
      // A usage error: its own line, then a one-line pointer to --help (not the whole help).
      expect(lines.slice(1)).toEqual(expectedCode === 2 ? ['Run \'tfjs-smelu swap --help\' for the options.'] : []);
      expect(stdout).toBe('');
      expect(listTree(temp.dir)).toEqual(before);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    });
  });
});
