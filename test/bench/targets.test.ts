/**
 * bench/targets.ts and bench/summary.ts on hand-made results (no timing
 * here: the targets are reported by the benchmark, never asserted on
 * measured times in a test).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {formatSummary} from '../../bench/summary';
import {checkTargets, RATIO_TARGETS} from '../../bench/targets';
import type {BackendResult, CaseTiming, SizeTimings} from '../../bench/types';

const SIZES = [16, 4096, 100_000, 1_048_576];

function timing(name: string, ratioToRelu: number): CaseTiming {
  return {
    name,
    us: 10 * ratioToRelu,
    spread: 0.05,
    ratioToRelu,
    ratioSpread: name === 'relu' ? 0 : 0.05,
    ratioToCopy: null,
    callsPerSample: 100,
    samples: 21,
    warmUp: {ms: 100, samples: 6, steady: true},
  };
}

/** Every case at every size with the ratio `ratios[name][sizeIndex]` (relu 1). */
function section(ratios: Record<string, number[]>): SizeTimings[] {
  return SIZES.map((size, i) => ({
                     size,
                     shape: [1, size],
                     cases: [timing('relu', 1), ...Object.entries(ratios).map(([name, r]) => timing(name, r[i]))],
                   }));
}

function result(
    backend: string, forward: Record<string, number[]>, forwardBackward: Record<string, number[]>): BackendResult {
  return {
    backend,
    date: '2026-12-07T10:00:00.000Z',
    machine: {'load average (1 min) at start': 0.5},
    options: {
      sizes: SIZES,
      rounds: 21,
      maxWarmupMs: 2000,
      minSampleMs: 20,
      beta: 1,
      mlpBatch: 512,
      mlpRounds: 15,
      quick: false
    },
    forward: section(forward),
    forwardBackward: section(forwardBackward),
    firstTouch: [],
    noise: {ratios: 40, flagged: 2, unsteady: 0, tooNoisy: false},
    memory: [],
    mlp: null,
    clock: 'test clock',
    wallSeconds: 1,
    loadAtEnd: 0.7,
  };
}

describe('bench targets', () => {
  it('holds the wasm targets at every size but the per-call one: SmeLU 1.3×, g-SmeLU 1.6× (all three), fwd+bwd 0.5×',
     () => {
       const wasm =
           RATIO_TARGETS.filter((t) => t.backends.includes('wasm')).map((t) => [t.section, t.caseName, t.limit, t.at]);
       expect(wasm).toEqual([
         ['forward', 'smelu', 1.3, 'every size'],
         ['forward', 'g-smelu', 1.6, 'every size'],
         ['forward', 'g-smelu (numbers)', 1.6, 'every size'],
         ['forward', 'g-smelu (per-channel)', 1.6, 'every size'],
         ['forwardBackward', 'smelu', 0.5, 'every size'],
       ]);
       const checks = checkTargets(result(
           'wasm', {
             'smelu': [9, 1.2, 1.31, 1.0],
             'g-smelu': [9, 1.6, 1.5, 1.1],
             'g-smelu (numbers)': [9, 1.2, 1.7, 1.0],
             'g-smelu (per-channel)': [9, 2.1, 1.5, 1.4],
           },
           {'smelu': [9, 0.5, 0.45, 0.6]}));
       const ratioChecks = checks.filter((c) => c.target.startsWith('forward'));
       expect(ratioChecks.map((c) => [c.target, c.measured, c.met])).toEqual([
         ['forward: `smelu` ≤ 1.3× `relu` at 4,096', '1.20×', true],
         ['forward: `smelu` ≤ 1.3× `relu` at 100,000', '1.31×', false],
         ['forward: `smelu` ≤ 1.3× `relu` at 1,048,576', '1.00×', true],
         ['forward: `g-smelu` ≤ 1.6× `relu` at 4,096', '1.60×', true],
         ['forward: `g-smelu` ≤ 1.6× `relu` at 100,000', '1.50×', true],
         ['forward: `g-smelu` ≤ 1.6× `relu` at 1,048,576', '1.10×', true],
         ['forward: `g-smelu (numbers)` ≤ 1.6× `relu` at 4,096', '1.20×', true],
         ['forward: `g-smelu (numbers)` ≤ 1.6× `relu` at 100,000', '1.70×', false],
         ['forward: `g-smelu (numbers)` ≤ 1.6× `relu` at 1,048,576', '1.00×', true],
         ['forward: `g-smelu (per-channel)` ≤ 1.6× `relu` at 4,096', '2.10×', false],
         ['forward: `g-smelu (per-channel)` ≤ 1.6× `relu` at 100,000', '1.50×', true],
         ['forward: `g-smelu (per-channel)` ≤ 1.6× `relu` at 1,048,576', '1.40×', true],
         ['forward + backward: `smelu` ≤ 0.5× `relu`\'s at 4,096', '0.50×', true],
         ['forward + backward: `smelu` ≤ 0.5× `relu`\'s at 100,000', '0.45×', true],
         ['forward + backward: `smelu` ≤ 0.5× `relu`\'s at 1,048,576', '0.60×', false],
       ]);
     });

  it('holds the other backends\' targets at the largest size only', () => {
    const checks =
        checkTargets(result('webgl', {'smelu': [1, 1, 1, 1.05], 'g-smelu': [1, 1, 1, 1.6]}, {'smelu': [1, 1, 1, 0.4]}));
    expect(checks.filter((c) => c.target.startsWith('forward')).map((c) => [c.target, c.met])).toEqual([
      ['forward: `smelu` ≤ 1.1× `relu` at 1,048,576', true],
      ['forward + backward: `smelu` ≤ 1.1× `relu`\'s at 1,048,576', true],
      ['forward: `g-smelu` ≤ 1.5× `relu` at 1,048,576', false],
    ]);
  });

  it('says "not measured" for a case the run does not have', () => {
    const checks = checkTargets(result('wasm', {'smelu': [1, 1, 1, 1]}, {}));
    const perChannel = checks.filter((c) => c.target.includes('per-channel'));
    expect(perChannel.map((c) => [c.measured, c.met])).toEqual([
      ['not measured', null], ['not measured', null], ['not measured', null]
    ]);
  });
});

describe('bench summary', () => {
  it('gives each backend the ratios at every size, the per-call overhead, the targets and the run\'s load', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-summary-'));
    try {
      fs.writeFileSync(
          path.join(dir, 'wasm.json'),
          JSON.stringify(result(
              'wasm', {
                'smelu': [1, 1.2, 1.1, 1.0],
                'g-smelu': [1.5, 1.5, 1.4, 1.1],
                'g-smelu (numbers)': [1.2, 1.3, 1.4, 1.1],
                'g-smelu (per-channel)': [2, 1.7, 1.5, 1.2],
                'elu': [1, 2, 4, 3],
              },
              {'smelu': [0.6, 0.5, 0.45, 0.4]})));
      const summary = formatSummary(dir);
      expect(summary).toContain('| `wasm`, ratio to `relu` | 16 (per call) | 4,096 | 100,000 | 1,048,576 |');
      expect(summary).toContain('| SmeLU forward | 1.00× ±5% | 1.20× ±5% | 1.10× ±5% | 1.00× ±5% |');
      expect(summary).toContain(
          '| g-SmeLU forward, per-channel parameters | 2.00× ±5% | 1.70× ±5% | 1.50× ±5% | 1.20× ±5% |');
      expect(summary).toContain(
          '| SmeLU forward + backward (vs relu\'s) | 0.60× ±5% | 0.50× ±5% | 0.45× ±5% | 0.40× ±5% |');
      expect(summary).toMatch(/\| wasm \| 10\.0 \| 10\.0 \| 15\.0 \| 12\.0 \| 20\.0 \| 10\.0 \| 10\.0 \| 6\.00 \|/);
      expect(summary).toContain('| wasm | forward: `g-smelu (per-channel)` ≤ 1.6× `relu` at 4,096 | 1.70× | **no** |');
      expect(summary).toContain('load average 0.5 at the start, 0.7 at the end');
    } finally {
      fs.rmSync(dir, {recursive: true, force: true});
    }
  });
});
