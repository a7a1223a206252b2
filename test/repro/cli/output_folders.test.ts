/**
 * `--out` of the built executable (`demo` and `compare`) on folders written for
 * each case: the current folder of a project, a home folder, a model's folder,
 * a data folder, an earlier report with a file of the user's, an earlier report
 * with a file the user edited. Refused folders: exit 2, one line naming the
 * folder and some of its files, before any data is fetched or model trained,
 * and the whole tree is unchanged (snapshot before and after). An earlier
 * report is replaced file by file, and the user's file stays.
 * @fullRun built, debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {createHash} from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import 'tfjs-smelu';
import {startCli, treeSnapshot} from '../../support/cli_process';
import {CACHE, convertSklearnClassification, saveModel, WINE_FEATURES} from '../compare/support';

const MANIFEST = 'tfjs-smelu-repro-manifest.json';
const REPORT_FILES = ['pd_by_activation.svg', 'pd_vs_loss.svg', 'report.html', 'results.json', 'table.md', MANIFEST];
/** A small digits run of one regime (not the default dial): 2 variants × 2 replicas, 1 epoch (a few seconds). */
const SMALL_DEMO = [
  'demo', '--dataset', 'digits', '--shuffle',   'batch', '--activations',     'relu,smelu', '--replicas',
  '2',    '--epochs',  '1',      '--hidden',    '8',     '--bootstrap-draws', '50',         '--jobs',
  '2',    '--backend', 'cpu',    '--cache-dir', CACHE,   '--no-download'
];

let root: string;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-out-cli-'));
});

afterEach(() => {
  fs.rmSync(root, {recursive: true, force: true});
});

async function run(args: string[], cwd = root) {
  const cli = startCli(args, {cwd});
  const {code, signal} = await cli.exit(120000);
  return {code, signal, stdout: cli.stdout(), stderr: cli.stderr()};
}

/** Runs a command that must be refused: exit 2, the one line matching `message`, nothing trained, `root` unchanged. */
async function expectRefused(args: string[], message: RegExp, cwd = root): Promise<void> {
  const before = treeSnapshot(root);
  const res = await run(args, cwd);
  expect({code: res.code, stdout: res.stdout}).toEqual({code: 2, stdout: ''});
  expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(res.stderr.trimEnd()).toMatch(message);
  expect(res.stderr.length).toBeLessThan(500);
  expect(treeSnapshot(root)).toEqual(before);
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('demo --out', () => {
  test('\'.\' in a project folder (notes.txt, a sub-folder): refused, and every file is still there', async () => {
    fs.writeFileSync(path.join(root, 'notes.txt'), 'my notes');
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub', 'data.csv'), 'a,b\n');
    await expectRefused(
        [...SMALL_DEMO, '--out', '.'],
        new RegExp(
            `^tfjs-smelu-repro demo: --out '\\.' \\(${root}\\) is not empty and ` +
            'holds no report of tfjs-smelu-repro \\(notes\\.txt, sub/\\); nothing was written or deleted: choose a new or empty folder, ' +
            'or one that holds an earlier report\\.$'));
  });

  test('a home folder: refused', async () => {
    const home = path.join(root, 'home');
    for (const d of ['.cache', '.config', 'Documents']) fs.mkdirSync(path.join(home, d), {recursive: true});
    fs.writeFileSync(path.join(home, '.bashrc'), 'export A=1\n');
    fs.writeFileSync(path.join(home, '.profile'), '');
    await expectRefused(
        [...SMALL_DEMO, '--out', home],
        /--out '.*home' is not empty and holds no report of tfjs-smelu-repro \(\.bashrc, \.cache\/, \.config\/ and 2 more\)/);
  });

  test('a data folder: refused', async () => {
    const data = path.join(root, 'data');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'ratings.csv'), 'userId,movieId,rating,timestamp\n');
    await expectRefused([...SMALL_DEMO, '--out', 'data'], /--out 'data' \(.*\/data\) is not empty .* \(ratings\.csv\)/);
  });

  test(
      'an earlier report with a file of the user\'s: the report is replaced, the user\'s file and folder stay',
      async () => {
        const first = await run([...SMALL_DEMO, '--out', 'report']);
        expect({code: first.code, stderr: first.code === 0 ? '' : first.stderr}).toEqual({code: 0, stderr: ''});
        const out = path.join(root, 'report');
        expect(fs.readdirSync(out).sort()).toEqual(REPORT_FILES);
        const earlier = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), 'utf8'));
        fs.writeFileSync(path.join(out, 'notes.md'), 'what I concluded');
        fs.mkdirSync(path.join(out, 'figures'));
        fs.writeFileSync(path.join(out, 'figures', 'mine.svg'), '<svg/>');
        const mine = treeSnapshot(out);

        const second = await run([...SMALL_DEMO, '--seed', '2', '--out', 'report']);
        expect({code: second.code, stderr: second.code === 0 ? '' : second.stderr}).toEqual({code: 0, stderr: ''});
        expect(fs.readdirSync(out).sort()).toEqual(['figures', 'notes.md', ...REPORT_FILES].sort());
        const now = treeSnapshot(out);
        for (const key of ['notes.md', 'figures', path.join('figures', 'mine.svg')]) expect(now[key]).toBe(mine[key]);
        const manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), 'utf8'));
        expect(manifest.files.map((f: {name: string}) => f.name).sort())
            .toEqual(REPORT_FILES.filter((f) => f !== MANIFEST));
        for (const f of manifest.files) expect(sha256(path.join(out, f.name))).toBe(f.sha256);
        expect(manifest.files.find((f: {name: string}) => f.name === 'results.json').sha256)
            .not.toBe(earlier.files.find((f: {name: string}) => f.name === 'results.json').sha256);
        expect(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).config.seed).toBe(2);
        expect(fs.readdirSync(root)).toEqual(['report']);  // nothing beside it either
      },
      120000);

  test('an earlier report with a file the user edited: refused, naming the file', async () => {
    const out = path.join(root, 'report');
    const first = await run([...SMALL_DEMO, '--out', out]);
    expect(first.code).toBe(0);
    fs.appendFileSync(path.join(out, 'table.md'), '\nMy reading of this table.\n');
    await expectRefused(
        [...SMALL_DEMO, '--out', out],
        /--out '.*report' holds an earlier report whose table\.md changed since tfjs-smelu-repro wrote it/);
  }, 120000);
});

describe('compare --out', () => {
  let model: string;
  let wine: string;

  beforeEach(async () => {
    wine = convertSklearnClassification('wine_data.csv', WINE_FEATURES, root).path;
    model = await saveModel(
        tfl.sequential({
          layers: [
            tfl.layers.dense({units: 8, activation: 'relu', inputShape: [13], name: 'hidden'}),
            tfl.layers.dense({units: 3, activation: 'softmax', name: 'cultivar'}),
          ]
        }),
        path.join(root, 'wine-model'));
    fs.writeFileSync(path.join(root, 'README.txt'), 'my project');
  });

  const compare = (out: string) =>
      ['compare', '--model', model, '--data', wine, '--label', 'target', '--standardize', '--activations',
       'relu,smelu:1', '--replicas', '2', '--epochs', '1', '--jobs', '2', '--backend', 'cpu', '--bootstrap-draws', '50',
       '--out', out];

  test('the model\'s folder: refused, model.json and weights.bin untouched', async () => {
    await expectRefused(
        compare(path.dirname(model)),
        /^tfjs-smelu-repro compare: --out '.*wine-model' is not empty and holds no report of tfjs-smelu-repro \(model\.json, weights\.bin\); nothing was written or deleted/);
  });

  test(
      'the project folder (\'.\', holding the model, the CSV and other files): refused, the working folder is still there',
      async () => {
        await expectRefused(
            compare('.'),
            /--out '\.' \(.*\) is not empty and holds no report of tfjs-smelu-repro \(README\.txt, wine-model\/, wine\.csv\)/);
      });
});
