/**
 * Smoke test of `npm run bench -- --backend tensorflow` (--quick): every path
 * of the tensorflow kernels has its rows (native op and TF op chain, SmeLU and
 * g-SmeLU, forward and forward+backward), they all ran, and the report lists
 * the tensorflow targets of bench/targets.ts. Checks shape and consistency, never
 * timings (those belong to the benchmark itself).
 * @fullRun tfjs-node
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {describeTarget, RATIO_TARGETS} from '../../../bench/targets';
import type {BackendResult} from '../../../bench/types';
import {REPO_ROOT} from '../../support/paths';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const TENSORFLOW_ROWS = [
  'smelu (native op)',
  'smelu (TF op chain)',
  'gSmelu (native op)',
  'gSmelu (TF op chain)',
  'gSmelu (composite op)',
];

describe('npm run bench (--quick, tensorflow)', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-bench-tf-'));
  let result: BackendResult;
  let markdown = '';

  beforeAll(() => {
    const run = spawnSync(
        TSX,
        [path.join('bench', 'main.ts'), '--backend', 'tensorflow', '--quick', '--sizes', '1000,20000', '--out', outDir],
        {cwd: REPO_ROOT, encoding: 'utf8', timeout: 600_000, env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2'}});
    if (run.status !== 0) throw new Error(`bench exited with ${run.status}:\n${run.stderr}`);
    result = JSON.parse(fs.readFileSync(path.join(outDir, 'tensorflow.json'), 'utf8')) as BackendResult;
    markdown = fs.readFileSync(path.join(outDir, 'tensorflow.md'), 'utf8');
  }, 600_000);
  afterAll(() => fs.rmSync(outDir, {recursive: true, force: true}));

  it('times every tensorflow path forward and forward+backward, next to the common rows', () => {
    expect(result.unavailable).toBeUndefined();
    expect(String(result.machine['tfjs-smelu native ops'])).toMatch(/^loaded \(TensorFlow 2\./);
    for (const t of [...result.forward, ...result.forwardBackward]) {
      const names = t.cases.map((c) => c.name);
      expect(names.slice(0, 2)).toEqual(['relu', 'smelu']);
      expect(names.filter((n) => TENSORFLOW_ROWS.includes(n))).toEqual(TENSORFLOW_ROWS);
      for (const c of t.cases) {
        expect({name: c.name, error: c.error}).toEqual({name: c.name, error: undefined});
        expect(c.ratioToRelu).toBeGreaterThan(0);
      }
    }
  });

  it('probes memory per path: each fused op runs one kernel and allocates exactly its output', () => {
    const probe = (name: string) => result.memory.find((m) => m.name === name)!;
    for (const name of ['smelu (native op) forward', 'smelu (TF op chain) forward', 'gSmelu (native op) forward']) {
      // One tfjs kernel each (the TF op chain is one kernel to tfjs: its ops are raw TensorFlow handles).
      expect({name, kernels: probe(name).kernels.length, tensors: probe(name).newTensors, bytes: probe(name).newBytes})
          .toEqual({name, kernels: 1, tensors: 1, bytes: 4 * probe(name).size});
    }
    // The g-SmeLU op chain runs tfjs ops inside the kernel (tf.profile lists them).
    expect(probe('gSmelu (TF op chain) forward').kernels.length).toBeGreaterThan(10);
  });

  it('lists every tensorflow target of bench/targets.ts in the report, each with a measured value', () => {
    const targets = RATIO_TARGETS.filter((t) => (t.backends as readonly string[]).includes('tensorflow'));
    expect(targets.map((t) => t.caseName)).toEqual(expect.arrayContaining([
      'smelu', 'smelu (native op)', 'gSmelu (native op)'
    ]));
    for (const target of targets) {
      const row = markdown.split('\n').find((line) => line.startsWith(`| ${describeTarget(target)}`));
      expect({target: describeTarget(target), row: row != null}).toEqual({target: describeTarget(target), row: true});
      expect(row).toMatch(/\d\.\d+×/);
    }
  });
});
