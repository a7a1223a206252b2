/**
 * Fuzz (fast-check): mutated CSV files, made from three of scikit-learn's
 * data sets (Debian python3-sklearn: breast cancer, binary; iris,
 * multiclass; diabetes, regression), go through compare's reader
 * (readCompareData: a held-out split or an eval file, all or some feature
 * columns, numeric or text labels) and a few through the built
 * `tfjs-smelu-repro compare`. Mutations: line ends (LF, CRLF, CR, mixed),
 * quoting (a field quoted, a quoted line break, a stray quote), values
 * (empty, NaN, 1e999, hex, a decimal comma, text, NUL, non-ASCII digits, very
 * long), fields and rows added or removed, blank lines, header edits
 * (renamed, repeated, empty, label removed), bytes (invalid UTF-8, NUL, a
 * BOM in the middle), truncation, byte-order marks and re-encoding (UTF-16,
 * UTF-32).
 *
 * Every case must end in success or one clear Error line, never a crash, a
 * V8 error or a hang: a success gives arrays of the right shapes, finite
 * features, labels in the task's range, and the rows and feature sums of an
 * independent reading (csv-parse's synchronous parser over the whole text,
 * numbers checked here); an error is one line of at most 300 characters
 * besides the paths it names, naming the file, and any line it names exists.
 * Nothing is written: the sandbox is unchanged, and the command line leaves
 * no output folder and nothing in its temporary folder when it refuses.
 *
 * The seed is fixed so CI runs the same cases; FUZZ_SEED and FUZZ_RUNS
 * (cases of the reader) explore further locally; FUZZ_CASE='<a case as
 * JSON>' (from a failure report) is run first, and alone with FUZZ_RUNS=0.
 * @fullRun built, debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {spawnSync} from 'child_process';
import {createHash} from 'crypto';
import {parse} from 'csv-parse/sync';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';

import 'tfjs-smelu';
import {CompareDataSpec, readCompareData} from '../../../repro/src/compare/files';
import {REPRO_ROOT} from '../../support/paths';
import {
  BREAST_CANCER_FEATURES,
  convertSklearnClassification,
  convertSklearnDiabetes,
  DIABETES_FEATURES,
  IRIS_FEATURES,
  saveModel,
  tempDir,
} from './support';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const READER_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** Random cases through the built CLI, after one valid case (text labels, CRLF, an eval file) that must succeed. */
const CLI_RUNS = 3;
const EXAMPLES: Array<[FuzzCase]> = process.env.FUZZ_CASE ? [[JSON.parse(process.env.FUZZ_CASE) as FuzzCase]] : [];
/** A case slower than this counts as a hang (they take milliseconds). */
const CASE_TIME_LIMIT_MS = 10_000;
/** The bound on a message's length, besides the paths it names. */
const MAX_MESSAGE = 300;
const CLI = path.join(REPRO_ROOT, 'dist', 'cli.cjs');

const VALUES = [
  '',    ' ',   'NaN', 'nan', 'Infinity', '-inf',   '1e999',  '1e-999', '0x1A',           '1,5',      '1.5.2', '--1',
  '+.5', '.',   'M',   'B',   'é',        '\u0000', '\u0663', '\uff11', '9'.repeat(5000), '"quoted"', '1 2',   '2',
  '-1',  '0.5', '3',   ' 4 ', '\ufeff1',  'a"b',
];
const BAD_BYTES: number[][] =
    [[0x00], [0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], [0x22], [0x0d], [0x2c]];

type Mutation = {
  kind: 'value',
  pick: number,
  value: string,
  raw: boolean
}|{kind: 'quote-field', pick: number}|{kind: 'quoted-break', pick: number, brk: string}|
    {kind: 'drop-field' | 'add-field' | 'drop-row' | 'repeat-row' | 'blank-line', pick: number}|
    {kind: 'header', op: 'rename' | 'repeat' | 'empty' | 'drop-label', pick: number};
type ByteMutation = {
  kind: 'bytes',
  at: number,
  bytes: number[]
}|{kind: 'truncate', at: number}|{kind: 'bom'}|
    {kind: 'encode', encoding: 'utf16le' | 'utf16be' | 'utf32le' | 'utf32be', bom: boolean}|null;

interface FuzzCase {
  base: number;
  mutations: Mutation[];
  eol: 'LF'|'CRLF'|'CR'|'mixed';
  bytes: ByteMutation;
  /** Which file is mutated: the only one (split), or the training or the eval file of a pair. */
  evalMode: 'split'|'mutated-train'|'mutated-eval';
  features: 'all'|'some';
  textLabels: boolean;
}

const pick = fc.nat({max: 100_000});
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
    {
      weight: 5,
      arbitrary:
          fc.record({kind: fc.constant('value' as const), pick, value: fc.constantFrom(...VALUES), raw: fc.boolean()})
    },
    {weight: 2, arbitrary: fc.record({kind: fc.constant('quote-field' as const), pick})},
    {
      weight: 2,
      arbitrary: fc.record({kind: fc.constant('quoted-break' as const), pick, brk: fc.constantFrom('\n', '\r\n', '\r')})
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constantFrom(
            'drop-field' as const, 'add-field' as const, 'drop-row' as const, 'repeat-row' as const,
            'blank-line' as const),
        pick
      })
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('header' as const),
        op: fc.constantFrom('rename' as const, 'repeat' as const, 'empty' as const, 'drop-label' as const),
        pick
      })
    },
);
const caseArb: fc.Arbitrary<FuzzCase> = fc.record({
  base: fc.nat({max: 2}),
  // Some cases stay valid, so that successes are checked as well as refusals.
  mutations: fc.array(mutationArb, {minLength: 0, maxLength: 3}),
  eol: fc.constantFrom('LF' as const, 'CRLF' as const, 'CR' as const, 'mixed' as const),
  bytes: fc.oneof(
      {weight: 10, arbitrary: fc.constant(null)}, {
        weight: 2,
        arbitrary: fc.record({kind: fc.constant('bytes' as const), at: pick, bytes: fc.constantFrom(...BAD_BYTES)})
      },
      {weight: 1, arbitrary: fc.record({kind: fc.constant('truncate' as const), at: pick})},
      {weight: 1, arbitrary: fc.record({kind: fc.constant('bom' as const)})}, {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('encode' as const),
          encoding: fc.constantFrom('utf16le' as const, 'utf16be' as const, 'utf32le' as const, 'utf32be' as const),
          bom: fc.boolean()
        })
      }),
  evalMode: fc.constantFrom('split' as const, 'mutated-train' as const, 'mutated-eval' as const),
  features: fc.constantFrom('all' as const, 'some' as const),
  textLabels: fc.boolean(),
});

/** One base data set: its table, the label column, the task, and the text labels of its classes. */
interface Base {
  header: string[];
  rows: string[][];
  label: string;
  task: 'binary'|'multiclass'|'regression';
  numClasses: number;
  /** Class id → text label, for text-label cases (none for regression). */
  names: string[]|null;
}

/** The table of a case after its structural mutations; rows may be ragged, `null` rows are blank lines. */
function mutateTable(base: Base, c: FuzzCase): {header: string[], rows: (string[]|null)[], quoted: Set<string>} {
  const header = [...base.header];
  const labelAt = header.indexOf(base.label);
  const rows: (string[]|null)[] = base.rows.map((r) => {
    const row = [...r];
    if (c.textLabels && base.names != null) row[labelAt] = base.names[Number(row[labelAt])];
    return row;
  });
  const quoted = new Set<string>();  // "row:column" of fields to quote
  const dataRow = (n: number) => {
    const live = rows.map((r, i) => [r, i] as const).filter(([r]) => r != null);
    return live.length === 0 ? null : live[n % live.length][1];
  };
  for (const m of c.mutations) {
    if (m.kind === 'header') {
      const j = m.pick % header.length;
      if (m.op === 'rename')
        header[j] = `${header[j]}_renamed`;
      else if (m.op === 'repeat')
        header[(j + 1) % header.length] = header[j];
      else if (m.op === 'empty')
        header[j] = '';
      else
        header[labelAt] = 'no_label_here';
      continue;
    }
    const i = dataRow(m.pick);
    if (i == null) continue;
    const row = rows[i]!;
    const j = Math.floor(m.pick / 7) % Math.max(1, row.length);
    switch (m.kind) {
      case 'value':
        row[j] = m.value;
        if (!m.raw) quoted.add(`${i}:${j}`);
        break;
      case 'quote-field':
        quoted.add(`${i}:${j}`);
        break;
      case 'quoted-break':
        row[j] = `${row[j]}${m.brk}${row[j]}`;
        quoted.add(`${i}:${j}`);
        break;
      case 'drop-field':
        row.splice(j, 1);
        break;
      case 'add-field':
        row.splice(j, 0, '1');
        break;
      case 'drop-row':
        rows.splice(i, 1);
        break;
      case 'repeat-row':
        rows.splice(i, 0, [...row]);
        break;
      case 'blank-line':
        rows.splice(i, 0, null);
        break;
    }
  }
  return {header, rows, quoted};
}

function render(table: ReturnType<typeof mutateTable>, eol: FuzzCase['eol']): string {
  const ends = {LF: ['\n'], CRLF: ['\r\n'], CR: ['\r'], mixed: ['\n', '\r\n', '\r']}[eol];
  // Marked fields are quoted as RFC 4180 says; the others are written as they are (a raw comma or quote breaks the
  // row).
  const field = (v: string, quote: boolean) => (quote ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [table.header.map((h) => (/[",\r\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(',')];
  table.rows.forEach(
      (r, i) => lines.push(r == null ? '' : r.map((v, j) => field(v, table.quoted.has(`${i}:${j}`))).join(',')));
  return lines.map((l, i) => l + ends[i % ends.length]).join('');
}

function encodeBytes(text: string, m: ByteMutation): Buffer {
  let bytes = Buffer.from(text, 'utf8');
  if (m == null) return bytes;
  switch (m.kind) {
    case 'bytes': {
      const at = m.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    }
    case 'truncate':
      return bytes.subarray(0, m.at % Math.max(1, bytes.length));
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case 'encode': {
      const s = m.bom ? `\ufeff${text}` : text;
      if (m.encoding.startsWith('utf16')) {
        bytes = Buffer.from(s, 'utf16le');
        return m.encoding === 'utf16be' ? bytes.swap16() : bytes;
      }
      const out = Buffer.alloc([...s].length * 4);
      [...s].forEach(
          (ch, i) =>
              (m.encoding === 'utf32le' ? out.writeUInt32LE(ch.codePointAt(0)!, i * 4) :
                                          out.writeUInt32BE(ch.codePointAt(0)!, i * 4)));
      return out;
    }
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * An independent reading of one file for a success: csv-parse's synchronous parser over the whole text, blank lines
 * (and lines holding only an empty quoted field) left out, numbers checked with this file's own pattern.
 */
function referenceRows(bytes: Buffer, labelText: (s: string) => number, features: string[], label: string):
    {rows: number, featureSum: number}|null {
  let text = bytes.toString('utf8');
  if (text.startsWith('\ufeff')) text = text.slice(1);
  let records: string[][];
  try {
    records =
        (parse(text, {relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'], max_record_size: 1 << 25}) as
         string[][])
            .filter((r) => !(r.length === 1 && r[0] === ''));
  } catch {
    return null;
  }
  const header = records[0]?.map((h) => h.trim());
  if (header == null) return null;
  let featureSum = 0;
  for (const r of records.slice(1)) {
    if (r.length !== header.length) return null;
    for (const f of features) {
      const raw = r[header.indexOf(f)];
      const v = raw.trim();
      // A number may have spaces around it, but not a line break (a quoted field over two lines).
      if (/[\r\n]/.test(raw) || !NUMBER.test(v) || !Number.isFinite(Number(v))) return null;
      featureSum += Math.fround(Number(v));
    }
    if (!Number.isFinite(labelText(r[header.indexOf(label)]))) return null;
  }
  return {rows: records.length - 1, featureSum};
}

/** Content digest of every file under `dir`. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, {withFileTypes: true})) {
      const full = path.join(d, e.name);
      if (e.isDirectory())
        walk(full);
      else
        out.set(path.relative(dir, full), createHash('sha1').update(fs.readFileSync(full)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** V8 and engine failures that must never reach a user as the message. */
const RAW_ENGINE_ERROR =
    /Cannot read propert|is not a function|is not iterable|Maximum call stack|undefined is not|Invalid typed array|Cannot create a string|Array buffer allocation/;

describe('fuzzed CSV files through compare\'s reader and tfjs-smelu-repro compare', () => {
  let root: string;
  const bases: Base[] = [];
  const models: string[] = [];
  let caseCount = 0;
  const stats = {ok: 0, errors: 0, withLine: 0, cliRuns: 0, cliOk: 0, slowestMs: 0};

  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    root = tempDir('tfjs-smelu-csv-fuzz-');
    const data = path.join(root, 'data');
    fs.mkdirSync(data);
    const asText = (rows: number[][]) => rows.map((r) => r.map(String));
    const cancer = convertSklearnClassification('breast_cancer.csv', BREAST_CANCER_FEATURES, data);
    // Every fifth tumour, so that both classes are there: 114 rows.
    bases.push({
      header: [...BREAST_CANCER_FEATURES, 'target'],
      rows: asText(cancer.rows.filter((_, i) => i % 5 === 0)),
      label: 'target',
      task: 'binary',
      numClasses: 1,
      names: ['M', 'B']
    });
    const iris = convertSklearnClassification('iris.csv', IRIS_FEATURES, data);
    bases.push({
      header: [...IRIS_FEATURES, 'target'],
      rows: asText(iris.rows),
      label: 'target',
      task: 'multiclass',
      numClasses: 3,
      names: iris.classes
    });
    const diabetes = convertSklearnDiabetes(data);
    bases.push({
      header: [...DIABETES_FEATURES, 'progression'],
      rows: asText(diabetes.rows.slice(0, 100)),
      label: 'progression',
      task: 'regression',
      numClasses: 1,
      names: null
    });
    const dense = (inputs: number, units: number, activation: string) => tfl.sequential({
      layers: [
        tfl.layers.dense({units: 4, activation: 'relu', inputShape: [inputs]}),
        tfl.layers.dense({units, activation: activation as never})
      ]
    });
    models.push(await saveModel(dense(30, 1, 'sigmoid'), path.join(root, 'models', 'cancer')));
    models.push(await saveModel(dense(4, 3, 'softmax'), path.join(root, 'models', 'iris')));
    const regression = dense(10, 1, 'linear');
    regression.compile({optimizer: 'adam', loss: 'meanSquaredError'});
    models.push(await saveModel(regression, path.join(root, 'models', 'diabetes'), {includeOptimizer: true}));
  });
  afterAll(() => {
    fs.rmSync(root, {recursive: true, force: true});
    console.log(
        `CSV fuzz (seed ${SEED}): ${caseCount} cases; reader ${stats.ok} ok / ${stats.errors} clear errors ` +
        `(${stats.withLine} naming a line); ${stats.cliRuns} through the built CLI (${stats.cliOk} ok); slowest case ${
            stats.slowestMs} ms.`);
  });

  /** Writes one case into a fresh sandbox: train.csv (and eval.csv), mutated as the case says. */
  function materialize(c: FuzzCase) {
    const base = bases[c.base];
    const dir = fs.mkdtempSync(path.join(root, 'case-'));
    const mutated = encodeBytes(render(mutateTable(base, c), c.eol), c.bytes);
    const clean = Buffer.from(render(mutateTable(base, {...c, mutations: []}), 'LF'), 'utf8');
    const train = path.join(dir, 'train.csv');
    const evalFile = c.evalMode === 'split' ? null : path.join(dir, 'eval.csv');
    fs.writeFileSync(train, c.evalMode === 'mutated-eval' ? clean : mutated);
    if (evalFile != null) fs.writeFileSync(evalFile, c.evalMode === 'mutated-eval' ? mutated : clean);
    const features = c.features === 'some' ? base.header.slice(0, 3).reverse() : null;
    const spec: CompareDataSpec = {
      train,
      eval: evalFile,
      evalFraction: evalFile == null ? 0.25 : null,
      seed: 1,
      label: base.label,
      features,
      task: base.task,
      numClasses: base.numClasses,
      standardize: false,
      ...(c.textLabels && base.task === 'binary' ? {positive: 'M'} : {}),
      ...(c.textLabels && base.task === 'multiclass' ? {classes: base.names!} : {}),
    };
    return {dir, spec, mutated, clean, mutatedFile: c.evalMode === 'mutated-eval' ? evalFile! : train};
  }

  /** The label encoding of the case, for the reference reading. */
  function labelOf(base: Base, c: FuzzCase): (s: string) => number {
    const t = (s: string) => s.trim();
    if (base.task === 'binary' && c.textLabels) return (s) => (t(s) === 'M' ? 1 : t(s) === 'B' ? 0 : NaN);
    if (base.task === 'multiclass' && c.textLabels)
      return (s) => (base.names!.includes(t(s)) ? base.names!.indexOf(t(s)) : NaN);
    return (s) => {
      const v = !/[\r\n]/.test(s) && NUMBER.test(t(s)) ? Number(t(s)) : NaN;
      if (base.task === 'binary') return v === 0 || v === 1 ? v : NaN;
      if (base.task === 'multiclass') return Number.isInteger(v) && v >= 0 && v < base.numClasses ? v : NaN;
      return v;
    };
  }

  it('readCompareData: arrays that match an independent reading, or one bounded line naming the file', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      await fc.assert(fc.asyncProperty(caseArb, async (c) => {
        caseCount++;
        const base = bases[c.base];
        const {dir, spec, mutated, mutatedFile} = materialize(c);
        const before = snapshot(root);
        const start = Date.now();
        let outcome: Awaited<ReturnType<typeof readCompareData>>|Error;
        try {
          outcome = await readCompareData(spec);
        } catch (e) {
          outcome = e as Error;
        }
        const elapsed = Date.now() - start;
        stats.slowestMs = Math.max(stats.slowestMs, elapsed);
        expect(elapsed).toBeLessThan(CASE_TIME_LIMIT_MS);
        expect(snapshot(root)).toEqual(before);
        if (outcome instanceof Error) {
          stats.errors++;
          expect(outcome.constructor).toBe(Error);
          const message = outcome.message;
          expect(message).not.toContain('\n');
          expect(message).not.toMatch(RAW_ENGINE_ERROR);
          expect(message.includes(spec.train) || (spec.eval != null && message.includes(spec.eval))).toBe(true);
          expect(message.split(dir).join('').length).toBeLessThanOrEqual(MAX_MESSAGE);
          const line = /line (\d+)/.exec(message);
          if (line != null) {
            stats.withLine++;
            const file = message.includes(spec.eval ?? '\0') ? spec.eval! : spec.train;
            const text = fs.readFileSync(file).toString('latin1');
            expect(Number(line[1])).toBeGreaterThanOrEqual(1);
            expect(Number(line[1])).toBeLessThanOrEqual((text.match(/\r\n|\r|\n/g) ?? []).length + 1);
          }
        } else {
          stats.ok++;
          const F = outcome.features.length;
          const {trainX, trainY, evalX, evalY} = outcome.arrays;
          expect([trainX.length, evalX.length, trainY.length, evalY.length]).toEqual([
            outcome.numTrain * F, outcome.numEval * F, outcome.numTrain, outcome.numEval
          ]);
          expect(outcome.numTrain).toBeGreaterThan(0);
          expect(outcome.numEval).toBeGreaterThan(0);
          for (const v of [...trainX, ...evalX]) expect(Number.isFinite(v)).toBe(true);
          for (const y of [...trainY, ...evalY]) {
            if (base.task === 'binary')
              expect([0, 1]).toContain(y);
            else if (base.task === 'multiclass')
              expect([0, 1, 2]).toContain(y);
            else
              expect(Number.isFinite(y)).toBe(true);
          }
          // The independent reading of the mutated file agrees on its rows and on the sum of its feature values.
          const ref = referenceRows(mutated, labelOf(base, c), outcome.features, base.label);
          expect(ref).not.toBeNull();
          const rows = c.evalMode === 'split' ? outcome.numTrain + outcome.numEval :
              mutatedFile === spec.train      ? outcome.numTrain :
                                                outcome.numEval;
          expect(rows).toBe(ref!.rows);
          const x = c.evalMode === 'split' ? [...trainX, ...evalX] : mutatedFile === spec.train ? trainX : evalX;
          expect(Array.from(x).reduce((a, b) => a + b, 0)).toBeCloseTo(ref!.featureSum, 6);
        }
        fs.rmSync(dir, {recursive: true, force: true});
      }), {seed: SEED, numRuns: READER_RUNS, examples: EXAMPLES});
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });

  it('the built executable: exit 0 or 2, one line on stderr when it refuses, nothing written then, no temporary folder left',
     () => {
       if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' (npm test builds it first).`);
       const valid: FuzzCase = {
         base: 0,
         mutations: [],
         eol: 'CRLF',
         bytes: null,
         evalMode: 'mutated-eval',
         features: 'all',
         textLabels: true
       };
       for (const c of [valid, ...fc.sample(caseArb, {seed: SEED + 1, numRuns: CLI_RUNS})]) {
         caseCount++;
         stats.cliRuns++;
         const {dir, spec} = materialize(c);
         const tmp = path.join(dir, 'tmp');
         fs.mkdirSync(tmp);
         const before = snapshot(dir);
         const args = [
           'compare',
           '--model',
           models[c.base],
           '--data',
           spec.train,
           '--label',
           spec.label,
           '--replicas',
           '2',
           '--epochs',
           '1',
           '--jobs',
           '1',
           '--backend',
           'cpu',
           '--bootstrap-draws',
           '20',
           '--activations',
           'relu,smelu',
           '--out',
           path.join(dir, 'out'),
           ...(spec.eval != null ? ['--eval', spec.eval] : []),
           ...(spec.features != null ? ['--features', spec.features.join(',')] : []),
           ...(spec.positive != null ? ['--positive', spec.positive] : []),
           ...(spec.classes != null ? ['--classes', spec.classes.join(',')] : [])
         ];
         const result = spawnSync(
             process.execPath, [CLI, ...args],
             {encoding: 'utf8', timeout: 120_000, env: {...process.env, TMPDIR: tmp, TF_CPP_MIN_LOG_LEVEL: '2'}});
         expect(result.signal).toBeNull();
         expect(c === valid ? [0] : [0, 2]).toContain(result.status);
         expect(fs.readdirSync(tmp)).toEqual([]);
         if (result.status === 2) {
           const lines = result.stderr.trimEnd().split('\n').filter((l) => !/^(=+|Hi, looks like|\s*$)/.test(l));
           expect(lines).toEqual([expect.stringMatching(/^tfjs-smelu-repro compare: /)]);
           expect(snapshot(dir)).toEqual(before);
         } else {
           stats.cliOk++;
           expect(fs.existsSync(path.join(dir, 'out', 'results.json'))).toBe(true);
         }
         fs.rmSync(dir, {recursive: true, force: true});
       }
     });
});
