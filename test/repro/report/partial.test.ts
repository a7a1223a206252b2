/**
 * Partial results on disk: partial.json keeps every float32 and int32 value
 * bit for bit (typed arrays as their bytes) and the numbers JSON has no text
 * for (NaN, ±Infinity, −0); it is written under the output-folder rule (a
 * manifest with its SHA-256), and read back only when it matches the
 * manifest and holds exactly its shard's jobs. A shard's folder may not hold
 * a report. Canonical JSON and the first difference of two configurations.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {assertWritableDialOutputDir} from '../../../repro/src/report/dial';
import {
  canonicalJson,
  codeVersion,
  firstDifference,
  PARTIAL_FILE,
  PartialResult,
  readPartial,
  writePartial,
} from '../../../repro/src/report/partial';
import {assertWritableOutputDir} from '../../../repro/src/report/write';
import {REPORT_MANIFEST, writeOutputFiles} from '../../../repro/src/util/output_folder';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-partial-'));
});
afterEach(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

/** A partial of shard 2/3 of a run of 5 jobs (jobs 1 and 4), with awkward values. */
function partial(): PartialResult {
  const output = (id: number, loss: number) => ({
    task: {id, variant: 0, replica: id, group: 0, initSeed: 1, orderSeed: 2, dataSeed: 3},
    probabilities: new Float32Array([0.1, 1 / 3, Math.fround(1e-38), -0, 2 ** -149]),
    exampleLosses: new Float32Array([NaN, Infinity, 0.25, 1e30, -0]),
    evalLoss: loss,
    seconds: 0.5,
  });
  return {
    format: 'tfjs-smelu-repro partial result',
    version: 1,
    command: 'demo',
    shard: {index: 2, count: 3},
    jobs: 5,
    fingerprint: {configuration: 'a'.repeat(64), code: 'b'.repeat(64), data: 'c'.repeat(64)},
    configuration: {command: 'demo'},
    code: codeVersion(),
    data: {source: 'test', digest: 'c'.repeat(64)},
    backend: 'cpu',
    plans: [],
    windows: null,
    info: {
      name: 't',
      description: 'd',
      source: 's',
      kind: 'binary',
      numClasses: 1,
      numTrain: 10,
      numEval: 5,
      evalLabels: new Int32Array([0, 1, -2147483648, 2147483647, 0]),
      batchesPerReplica: 1
    },
    details: {command: 'x'},
    startedAt: new Date(0).toISOString(),
    seconds: 1,
    workers: 1,
    outputs: [{job: 1, output: output(1, NaN)}, {job: 4, output: output(4, -0)}],
  };
}

test('partial.json round-trips typed arrays bit for bit, and NaN, ±Infinity and −0', () => {
  const written = writePartial(partial(), path.join(dir, 'p'));
  expect(fs.readdirSync(written.dir).sort()).toEqual([PARTIAL_FILE, REPORT_MANIFEST]);
  const back = readPartial(path.join(dir, 'p'));
  const original = partial();
  const bytes = (a: Float32Array|Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
  for (const [i, o] of back.outputs.entries()) {
    const want = original.outputs[i].output;
    expect(o.output.probabilities).toBeInstanceOf(Float32Array);
    expect(bytes(o.output.probabilities)).toBe(bytes(want.probabilities));
    expect(bytes(o.output.exampleLosses)).toBe(bytes(want.exampleLosses));
    expect(Object.is(o.output.evalLoss, want.evalLoss)).toBe(true);
  }
  expect(back.info.evalLabels).toBeInstanceOf(Int32Array);
  expect(Array.from(back.info.evalLabels)).toEqual([0, 1, -2147483648, 2147483647, 0]);
});

test(
    'readPartial refuses a folder without partial.json, an edited partial.json, and outputs that are not its shard\'s jobs',
    () => {
      expect(() => readPartial(path.join(dir, 'none')))
          .toThrow(
              `'${path.join(dir, 'none')}' is not a partial result folder of tfjs-smelu-repro (it does not exist).`);
      writeOutputFiles(path.join(dir, 'report'), {'results.json': '{}'}, {writtenBy: 'test'});
      expect(() => readPartial(path.join(dir, 'report')))
          .toThrow(
              /is not a partial result folder of tfjs-smelu-repro \(no partial\.json; write one with --shard K\/N\)\.$/);
      writePartial(partial(), path.join(dir, 'p'));
      fs.appendFileSync(path.join(dir, 'p', PARTIAL_FILE), '\n');
      expect(() => readPartial(path.join(dir, 'p'))).toThrow(/partial\.json changed since tfjs-smelu-repro wrote it/);
      const wrong = partial();
      wrong.outputs[1].job = 3;
      writePartial(wrong, path.join(dir, 'q'));
      expect(() => readPartial(path.join(dir, 'q')))
          .toThrow(/partial\.json holds jobs 1, 3, not the jobs of shard 2\/3\.$/);
    });

test('a report is refused a folder that holds a partial result (its manifest would orphan partial.json)', () => {
  writePartial(partial(), path.join(dir, 'p'));
  const message =
      /^--out '.*' holds a shard's partial result \(partial\.json\), not a report; nothing was written or deleted: join the shards/;
  expect(() => assertWritableOutputDir(path.join(dir, 'p'), '--out')).toThrow(message);
  expect(() => assertWritableDialOutputDir(path.join(dir, 'p'), '--out')).toThrow(message);
  assertWritableOutputDir(path.join(dir, 'new'), '--out');  // a new folder is fine
  expect(fs.readdirSync(path.join(dir, 'p')).sort()).toEqual([PARTIAL_FILE, REPORT_MANIFEST]);
});

test('a shard\'s folder may be new, empty or an earlier partial, never a report', () => {
  writePartial(partial(), path.join(dir, 'p'));
  writePartial(partial(), path.join(dir, 'p'));  // rerun into its own partial folder: replaced
  writeOutputFiles(path.join(dir, 'r'), {'results.json': '{}', 'table.md': 'x'}, {writtenBy: 'test'});
  expect(() => writePartial(partial(), path.join(dir, 'r'), '--out'))
      .toThrow(
          /^--out '.*' holds a report \(results\.json, table\.md\), not a partial result; nothing was written or deleted/);
  expect(fs.readdirSync(path.join(dir, 'r')).sort()).toEqual(['results.json', 'table.md', REPORT_MANIFEST].sort());
});

test('canonicalJson sorts keys at every depth; firstDifference names the first differing path', () => {
  expect(canonicalJson({b: 1, a: {d: [2, {f: 1, e: 0}], c: null}}))
      .toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  expect(firstDifference({a: 1, b: [1, 2]}, {b: [1, 2], a: 1})).toBeNull();
  expect(firstDifference({plans: [{config: {epochs: 1, seed: 1}}]}, {
    plans: [{config: {epochs: 2, seed: 1}}]
  })).toBe('plans.0.config.epochs: 1 vs 2');
  expect(firstDifference({a: 1}, {a: 1, b: 'x'})).toBe('b: absent vs "x"');
});
