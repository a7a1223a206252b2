/**
 * Fuzz (fast-check): mutated model.json files, from three real saved models,
 * go through fileSystemHandler().load() and `tfjs-smelu swap`. Mutations:
 * values of another type, weight shapes, shard paths (escapes, absolute,
 * symlinks out, NUL), missing and extra keys, huge numbers, deep nesting,
 * broken UTF-8, truncated text and weight files of the wrong size.
 *
 * Every case must end in success or a clear Error, never a crash or a hang;
 * no file outside the output folder may change and no file outside the
 * model's folder may be read (a decoy of the right size waits outside); a
 * failed swap leaves no output at all, a successful one leaves a model that
 * loads and whose weight bytes are the input's own.
 *
 * The seed is fixed so CI runs the same cases; FUZZ_SEED and FUZZ_RUNS
 * (cases per property) explore further locally.
 * @fullRun built
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {spawnSync} from 'child_process';
import {createHash} from 'crypto';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';

import {layers} from 'tfjs-smelu';
import {fileSystemHandler} from 'tfjs-smelu/node';
import {run} from '../../src/cli/swap';
import {REPO_ROOT} from '../support/paths';
import {disposeFully, listTree, makeTempDir, seededBias, seededKernel} from '../support/swap_helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const LOAD_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SWAP_RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const CLI_RUNS = 3;
/** FUZZ_CASE='<a case as JSON>' (from a failure report) is run first; with FUZZ_RUNS=0, alone. */
const EXAMPLES: Array<[FuzzCase]> = process.env.FUZZ_CASE ? [[JSON.parse(process.env.FUZZ_CASE) as FuzzCase]] : [];
/** A case slower than this counts as a hang (the slowest seen here take well under a second). */
const CASE_TIME_LIMIT_MS = 10_000;
const CLI = path.join(REPO_ROOT, 'dist', 'cli.cjs');

type Json = null|boolean|number|string|Json[]|{[key: string]: Json};
type JsonObject = {
  [key: string]: Json
};

function isObject(value: Json|undefined): value is JsonObject {
  return value != null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at `key` of an array or object (undefined when absent). */
function valueAt(container: Json[]|JsonObject, key: string|number): Json|undefined {
  return (container as Record<string|number, Json>)[key];
}

function setAt(container: Json[]|JsonObject, key: string|number, value: Json): void {
  (container as Record<string|number, Json>)[key] = value;
}
type Sym = tfl.SymbolicTensor;

/** Placeholders written as strings, turned into text that JSON.stringify cannot produce. */
const INFINITY = '__INFINITY__';
const MINUS_INFINITY = '__MINUS_INFINITY__';
const deepMarker = (depth: number) => `__DEEP_${depth}__`;
const ABSOLUTE_DECOY = '__ABSOLUTE_DECOY__';

const HUGE_NUMBERS: Json[] =
    [1e308, 2 ** 53 + 2, 2 ** 32, 2 ** 31, -(2 ** 31), 1e20, -1e20, 5e-324, INFINITY, MINUS_INFINITY];
const SHARD_PATHS = [
  '../outside/decoy.bin',
  'sub/../../outside/decoy.bin',
  ABSOLUTE_DECOY,
  'link.bin',
  'linkdir/decoy.bin',
  '',
  'weights.bin\u0000',
  'C:\\outside\\decoy.bin',
  '\\\\host\\share\\decoy.bin',
  '%2e%2e/outside/decoy.bin',
  'file:///etc/passwd',
  'missing.bin',
  '.',
  'weights.bin/..',
  './weights.bin',
  'sub/../weights.bin',
  'inside-link.bin',
];
const BAD_UTF8: number[][] = [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xfe, 0xff]];

type Mutation = {
  kind: 'type',
  pick: number,
  value: Json
}|{kind: 'delete', pick: number}|{kind: 'extra', pick: number, key: string, value: Json}|
    {kind: 'huge', pick: number, value: Json}|{kind: 'shape', pick: number, shape: Json}|
    {kind: 'dtype', pick: number, dtype: Json}|{kind: 'duplicate-name', pick: number}|
    {kind: 'path', pick: number, path: string}|{kind: 'nest', pick: number, depth: number}|
    {kind: 'weights-size', delta: number};
type TextMutation = {
  kind: 'utf8',
  at: number,
  bytes: number[]
}|{kind: 'truncate', at: number}|null;

interface FuzzCase {
  base: number;
  mutations: Mutation[];
  text: TextMutation;
  flags: string[];
}

const pick = fc.nat({max: 100_000});
// Weighted towards edits of the topology (types, missing and extra keys), which a model may survive, so that
// successes are exercised as well as refusals.
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(
          {kind: fc.constant('type' as const), pick, value: fc.jsonValue({maxDepth: 2}) as fc.Arbitrary<Json>})
    },
    {weight: 3, arbitrary: fc.record({kind: fc.constant('delete' as const), pick})},
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        pick,
        key: fc.string({maxLength: 12}),
        value: fc.jsonValue({maxDepth: 2}) as fc.Arbitrary<Json>
      })
    },
    {
      weight: 2,
      arbitrary: fc.record({kind: fc.constant('huge' as const), pick, value: fc.constantFrom(...HUGE_NUMBERS)})
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('shape' as const),
        pick,
        shape: fc.oneof(
            fc.array(
                fc.oneof(fc.integer({min: -3, max: 40}), fc.double(), fc.constantFrom(...HUGE_NUMBERS)),
                {maxLength: 20}) as fc.Arbitrary<Json>,
            fc.jsonValue({maxDepth: 1}) as fc.Arbitrary<Json>)
      })
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('dtype' as const),
        pick,
        dtype: fc.constantFrom<Json>('float64', 'string', 'int32', 'bool', 'complex64', 'uint8', null, 3, {})
      })
    },
    {weight: 1, arbitrary: fc.record({kind: fc.constant('duplicate-name' as const), pick})},
    {
      weight: 2,
      arbitrary: fc.record({kind: fc.constant('path' as const), pick, path: fc.constantFrom(...SHARD_PATHS)})
    },
    {
      weight: 1,
      arbitrary: fc.record({kind: fc.constant('nest' as const), pick, depth: fc.constantFrom(50, 129, 1000, 200_000)})
    },
    {
      weight: 1,
      arbitrary: fc.record({kind: fc.constant('weights-size' as const), delta: fc.constantFrom(-4, -1, 1, 4, 1000)})
    },
);
const caseArb: fc.Arbitrary<FuzzCase> = fc.record({
  base: fc.nat({max: 2}),
  mutations: fc.array(mutationArb, {minLength: 1, maxLength: 2}),
  // Most cases keep valid UTF-8 JSON text, so that the mutations above reach the later checks.
  text: fc.oneof(
      {arbitrary: fc.constant(null), weight: 8}, {
        arbitrary: fc.record({kind: fc.constant('utf8' as const), at: pick, bytes: fc.constantFrom(...BAD_UTF8)}),
        weight: 1
      },
      {arbitrary: fc.record({kind: fc.constant('truncate' as const), at: pick}), weight: 1}),
  flags: fc.constantFrom(
      [], ['--beta', '0.5'], ['--from', 'relu,relu6,leakyReLU'], ['--beta', '3', '--from', 'leakyReLU']),
});

/** Every (container, key) in the JSON tree, depth first: what `pick` indexes. */
function slots(root: Json): Array<[Json[] | {[key: string]: Json}, string | number]> {
  const out: Array<[Json[] | {[key: string]: Json}, string | number]> = [];
  const walk = (node: Json) => {
    if (node == null || typeof node !== 'object') return;
    const keys: Array<string|number> = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const key of keys) {
      out.push([node, key]);
      walk((node as Record<string|number, Json>)[key]);
    }
  };
  walk(root);
  return out;
}

/** The weight specs that are objects (earlier mutations may have replaced some). */
function specs(json: Json): JsonObject[] {
  const groups = isObject(json) && Array.isArray(json.weightsManifest) ? json.weightsManifest : [];
  return groups.flatMap((g) => isObject(g) && Array.isArray(g.weights) ? g.weights : []).filter(isObject);
}

/** Applies one mutation to the parsed model.json (and maybe the weight bytes). */
function mutate(json: Json, weights: Buffer, m: Mutation): Buffer {
  const all = slots(json);
  const at = <T>(list: T[], n: number): T|undefined => list.length === 0 ? undefined : list[n % list.length];
  switch (m.kind) {
    case 'type':
    case 'huge': {
      const candidates = m.kind === 'huge' ? all.filter(([c, k]) => typeof valueAt(c, k) === 'number') : all;
      const slot = at(candidates, m.pick);
      if (slot) setAt(slot[0], slot[1], m.value);
      break;
    }
    case 'delete': {
      const slot = at(all, m.pick);
      if (slot && Array.isArray(slot[0]))
        slot[0].splice(slot[1] as number, 1);
      else if (slot)
        delete (slot[0] as JsonObject)[slot[1]];
      break;
    }
    case 'extra': {
      const objects = [json, ...all.map(([c, k]) => valueAt(c, k))].filter(isObject);
      const target = at(objects, m.pick);
      if (target) target[m.key] = m.value;
      break;
    }
    case 'shape': {
      const spec = at(specs(json), m.pick);
      if (spec) spec.shape = m.shape;
      break;
    }
    case 'dtype': {
      const spec = at(specs(json), m.pick);
      if (spec) spec.dtype = m.dtype;
      break;
    }
    case 'duplicate-name': {
      const list = specs(json);
      if (list.length > 1) list[(m.pick % (list.length - 1)) + 1].name = list[0].name;
      break;
    }
    case 'path': {
      const manifest = isObject(json) ? json.weightsManifest : null;
      const pathLists = Array.isArray(manifest) ?
          manifest.flatMap((g) => isObject(g) && Array.isArray(g.paths) ? [g.paths] : []) :
          [];
      const paths = at(pathLists, m.pick);
      if (paths) paths[m.pick % Math.max(paths.length, 1)] = m.path;
      break;
    }
    case 'nest': {
      const slot = at(all, m.pick);
      if (slot) setAt(slot[0], slot[1], deepMarker(m.depth));
      break;
    }
    case 'weights-size':
      return m.delta < 0 ? weights.subarray(0, Math.max(0, weights.length + m.delta)) :
                           Buffer.concat([weights, Buffer.alloc(m.delta, 1)]);
  }
  return weights;
}

/** The model.json bytes for a mutated object, with the text-only forms (Infinity, deep nesting, bad bytes) put in. */
function render(json: Json, text: TextMutation, decoy: string): Buffer {
  const out = JSON.stringify(json)
                  .split(JSON.stringify(INFINITY))
                  .join('1e999')
                  .split(JSON.stringify(MINUS_INFINITY))
                  .join('-1e999')
                  .split(JSON.stringify(ABSOLUTE_DECOY))
                  .join(JSON.stringify(decoy))
                  .replace(/"__DEEP_(\d+)__"/g, (_, d) => '['.repeat(Number(d)) + ']'.repeat(Number(d)));
  let bytes = Buffer.from(out, 'utf8');
  if (text?.kind === 'utf8') {
    const at = text.at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(text.bytes), bytes.subarray(at)]);
  } else if (text?.kind === 'truncate') {
    bytes = bytes.subarray(0, text.at % bytes.length);
  }
  return bytes;
}

/** Content digest of every file and link under `dir` except `skip` (a top-level name). */
function snapshot(dir: string, skip: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const rel of listTree(dir)) {
    if (rel === skip || rel.startsWith(`${skip}/`)) continue;
    const full = path.join(dir, rel);
    const info = fs.lstatSync(full);
    result.set(
        rel,
        info.isSymbolicLink() ? `link:${fs.readlinkSync(full)}` :
            info.isFile() ? createHash('sha1').update(fs.readFileSync(full)).digest('hex') :
                            'dir');
  }
  return result;
}

/** Engine-level failures: allowed only as the cause inside "does not load in TensorFlow.js: ...". */
const RAW_ENGINE_ERROR =
    /Cannot read propert|is not a function|is not iterable|Maximum call stack|undefined is not|Cannot convert/;

/** Asserts that `bytes` is `unit` repeated 0 or more times. */
function expectCopiesOf(bytes: Buffer, unit: Buffer): void {
  const copies = unit.length === 0 ? 0 : Math.floor(bytes.length / unit.length);
  expect(bytes.equals(Buffer.concat(new Array(copies).fill(unit)))).toBe(true);
}

interface Base {
  json: string;
  weights: Buffer;
}

describe('fuzzed model.json files through fileSystemHandler and tfjs-smelu swap', () => {
  let temp: ReturnType<typeof makeTempDir>;
  const bases: Base[] = [];
  let caseCount = 0;
  const stats = {loadOk: 0, loadError: 0, swapOk: 0, swapError: 0, swapTfjsRefused: 0, cliRuns: 0, slowestMs: 0};

  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    temp = makeTempDir('fuzz');
    const dense = (name: string, units: number, seed: number, activation?: string) => tfl.layers.dense({
      name,
      units,
      activation: activation as never,
      kernelInitializer: seededKernel(seed),
      biasInitializer: seededBias(seed + 1)
    });
    // 0: functional, two inputs, a shared Dense(relu), ReLU and Activation branches, compiled (optimizer weights
    // saved).
    const a = tfl.input({shape: [3], name: 'a'});
    const b = tfl.input({shape: [3], name: 'b'});
    const shared = dense('shared', 4, 1, 'relu');
    const [sa, sb] = [shared.apply(a) as Sym, shared.apply(b) as Sym];
    const merged = tfl.layers.concatenate({name: 'merge'}).apply([
      tfl.layers.reLU({name: 'plain'}).apply(sa) as Sym,
      tfl.layers.activation({activation: 'relu', name: 'act'}).apply(sb) as Sym,
      tfl.layers.reLU({maxValue: 6, name: 'capped'}).apply(sb) as Sym
    ]) as Sym;
    const functional = tfl.model({inputs: [a, b], outputs: dense('head', 2, 3, 'relu').apply(merged) as Sym});
    functional.compile({optimizer: tf.train.adam(0.01), loss: 'meanSquaredError'});
    // 1: Sequential with a SmeLU layer learning β, a LeakyReLU and a nested model.
    const nested = tfl.sequential({
      name: 'inner',
      layers: [
        tfl.layers.dense(
            {name: 'inner_d', units: 3, inputShape: [3], activation: 'relu6', kernelInitializer: seededKernel(5)}),
        tfl.layers.leakyReLU({name: 'leaky'})
      ]
    });
    const sequential = tfl.sequential({
      layers: [
        tfl.layers.dense(
            {name: 'first', units: 3, inputShape: [2], activation: 'relu', kernelInitializer: seededKernel(7)}),
        layers.smelu({name: 'learned', beta: 0.5, learnBeta: true}), nested, dense('last', 1, 9)
      ]
    });
    // 2: a small convolutional model.
    const conv = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          name: 'conv',
          filters: 2,
          kernelSize: 2,
          inputShape: [4, 4, 1],
          activation: 'relu',
          kernelInitializer: seededKernel(11)
        }),
        tfl.layers.flatten({name: 'flat'}), dense('out', 2, 13, 'relu')
      ]
    });
    const models: Array<[tfl.LayersModel, boolean]> = [[functional, true], [sequential, false], [conv, false]];
    for (const [i, [model, includeOptimizer]] of models.entries()) {
      const dir = path.join(temp.dir, `base${i}`);
      await model.save(fileSystemHandler(dir), {includeOptimizer});
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      if (i === 1) {
        // A Keras ReLU that tfjs does not implement fully: swap must keep it verbatim.
        json.modelTopology.config.layers.push(
            {class_name: 'ReLU', config: {name: 'keras_relu', threshold: 0.5, negative_slope: 0.1, trainable: true}});
      }
      bases.push({json: JSON.stringify(json), weights: fs.readFileSync(path.join(dir, 'weights.bin'))});
      if (includeOptimizer) model.optimizer.dispose();
      disposeFully(model);
    }
  });
  afterAll(() => {
    temp?.cleanup();
    // A one-line summary of what the fuzz covered, for the test log.
    console.log(
        `model.json fuzz (seed ${SEED}): ${caseCount} cases; load ${stats.loadOk} ok / ${
            stats.loadError} clear errors; ` +
        `swap ${stats.swapOk} ok / ${stats.swapError} clear errors (${
            stats.swapTfjsRefused} of them: the model does not load ` +
        `in TensorFlow.js); ${stats.cliRuns} through the built CLI; slowest case ${stats.slowestMs} ms.`);
  });

  /** Writes one case into a fresh sandbox: in/ (the model), outside/decoy.bin, and links from in/ to outside. */
  function materialize(c: FuzzCase): {root: string, modelJson: string, weights: Buffer, out: string} {
    const root = fs.mkdtempSync(path.join(temp.dir, 'case-'));
    const inDir = path.join(root, 'in');
    const outside = path.join(root, 'outside');
    fs.mkdirSync(inDir);
    fs.mkdirSync(path.join(inDir, 'sub'));
    fs.mkdirSync(outside);
    const base = bases[c.base];
    // The decoy has exactly the size of the real weights: a read outside would not be caught by a size check.
    const decoy = path.join(outside, 'decoy.bin');
    fs.writeFileSync(decoy, Buffer.alloc(base.weights.length, 0x7f));
    fs.symlinkSync(decoy, path.join(inDir, 'link.bin'));
    fs.symlinkSync(outside, path.join(inDir, 'linkdir'));
    fs.symlinkSync(path.join(inDir, 'weights.bin'), path.join(inDir, 'inside-link.bin'));
    const json = JSON.parse(base.json) as Json;
    let weights = base.weights;
    for (const m of c.mutations) weights = mutate(json, weights, m);
    fs.writeFileSync(path.join(inDir, 'weights.bin'), weights);
    const modelJson = path.join(inDir, 'model.json');
    fs.writeFileSync(modelJson, render(json, c.text, decoy));
    return {root, modelJson, weights, out: path.join(root, 'out')};
  }

  async function timed<T>(work: () => Promise<T>): Promise<T> {
    const start = Date.now();

    const result = await work();
    const elapsed = Date.now() - start;
    stats.slowestMs = Math.max(stats.slowestMs, elapsed);
    expect(elapsed).toBeLessThan(CASE_TIME_LIMIT_MS);
    return result;
  }

  it(`fileSystemHandler().load(): success with the folder's own bytes, or a plain Error naming the file`, async () => {
    await fc.assert(fc.asyncProperty(caseArb, async (c) => {
      caseCount++;
      const {root, modelJson, weights} = materialize(c);
      const before = snapshot(root, '');
      let outcome: tf.io.ModelArtifacts|Error;
      try {
        outcome = await timed(() => fileSystemHandler(modelJson).load!());
      } catch (error) {
        outcome = error as Error;
      }
      if (outcome instanceof Error) {
        stats.loadError++;

        expect(outcome.constructor).toBe(Error);  // our own check, not a TypeError/RangeError from deep inside
        expect(outcome.message).toContain(modelJson);
      } else {
        stats.loadOk++;
        // Whatever the paths said, the bytes come from the model folder's weights.bin: read 0 or more times
        // (a manifest may list no shard, or the same file twice), never from the decoy outside.
        expectCopiesOf(
            outcome.weightData == null ? Buffer.alloc(0) : Buffer.from(outcome.weightData as ArrayBuffer), weights);
      }
      expect(snapshot(root, '')).toEqual(before);
      fs.rmSync(root, {recursive: true, force: true});
    }), {seed: SEED, numRuns: LOAD_RUNS, examples: EXAMPLES});
  });

  it('tfjs-smelu swap: success with a loadable model and the input\'s weight bytes, or one clear error line and no output',
     async () => {
       const rejections: unknown[] = [];
       const onRejection = (reason: unknown) => void rejections.push(reason);
       process.on('unhandledRejection', onRejection);
       try {
         await fc.assert(fc.asyncProperty(caseArb, async (c) => {
           caseCount++;
           const {root, modelJson, weights, out} = materialize(c);
           const before = snapshot(root, 'out');
           const lines: {stdout: string[], stderr: string[]} = {stdout: [], stderr: []};
           const log =
               jest.spyOn(console, 'log').mockImplementation((...args) => void lines.stdout.push(args.join(' ')));
           const error =
               jest.spyOn(console, 'error').mockImplementation((...args) => void lines.stderr.push(args.join(' ')));
           let code: number;
           try {
             code = await timed(() => run([modelJson, out, ...c.flags]));
           } finally {
             log.mockRestore();
             error.mockRestore();
           }
           // Nothing outside out/ changed (the input folder included), and no temp folder is left behind.
           expect(snapshot(root, 'out')).toEqual(before);
           if (code === 0) {
             stats.swapOk++;
             expect(lines.stderr).toEqual([]);
             expect(listTree(out)).toEqual(['model.json', 'weights.bin']);
             expectCopiesOf(fs.readFileSync(path.join(out, 'weights.bin')), weights);
             const loaded = await tfl.loadLayersModel(fileSystemHandler(out));
             if (loaded.optimizer != null) loaded.optimizer.dispose();
             disposeFully(loaded);
           } else {
             stats.swapError++;
             expect(code).toBe(1);
             expect(fs.existsSync(out)).toBe(false);
             expect(lines.stdout).toEqual([]);
             expect(lines.stderr).toHaveLength(1);
             const message = lines.stderr[0];

             expect(message).toMatch(/^tfjs-smelu swap: /);
             expect(message).not.toContain('\n');
             expect(message).not.toMatch(/internal error/);
             expect(message).toContain(modelJson);
             if (message.includes('does not load in TensorFlow.js')) {
               stats.swapTfjsRefused++;
             } else {
               expect(message).not.toMatch(RAW_ENGINE_ERROR);
             }
           }
           fs.rmSync(root, {recursive: true, force: true});
         }), {seed: SEED + 1, numRuns: SWAP_RUNS, examples: EXAMPLES});
       } finally {
         process.off('unhandledRejection', onRejection);
       }
       expect(rejections).toEqual([]);
     });

  it('the built executable: exit 0 or 1 (never a signal or a Node crash), one line on stderr when it fails', () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsup\` (npm test builds it first).`);
    for (const c of fc.sample(caseArb, {seed: SEED + 2, numRuns: CLI_RUNS})) {
      caseCount++;
      stats.cliRuns++;
      const {root, modelJson, out} = materialize(c);
      const before = snapshot(root, 'out');
      const result = spawnSync(
          process.execPath, [CLI, 'swap', modelJson, out, ...c.flags],
          {encoding: 'utf8', timeout: 60_000, env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2'}});
      expect(result.signal).toBeNull();
      expect([0, 1]).toContain(result.status);
      if (result.status === 1) {
        expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^tfjs-smelu swap: /)]);
        expect(fs.existsSync(out)).toBe(false);
      } else {
        expect(listTree(out)).toEqual(['model.json', 'weights.bin']);
      }
      expect(snapshot(root, 'out')).toEqual(before);
      fs.rmSync(root, {recursive: true, force: true});
    }
  });
});
