/**
 * Smoke test of `npm run bench`: runs the real command in --quick mode on the
 * cpu backend and checks what it writes (shape and internal consistency;
 * never timings, which belong to the benchmark itself).
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type {BackendResult} from '../../bench/types';
import {REPO_ROOT} from '../support/paths';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const ACTIVATIONS = [
  'relu',
  'smelu',
  'smelu (composite)',
  'g-smelu',
  'g-smelu (numbers)',
  'g-smelu (per-channel)',
  'g-smelu (composite)',
  'leakyRelu',
  'elu',
  'gelu (layers)',
  'swish (layers)',
  'softplus',
];
/** Forward + backward only: g-SmeLU with the gradients of its five parameters too. */
const PARAM_GRADIENT_CASES = ['g-smelu dx + 5 dparams', 'g-smelu (composite) dx + 5 dparams'];

function runBench(args: string[]) {
  return spawnSync(TSX, [path.join('bench', 'main.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 240_000,
  });
}

describe('npm run bench (--quick, cpu)', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-bench-'));
  // 16: the per-call column; 100,000: large enough for the first-touch measurements.
  const sizes = [16, 1000, 100_000];
  let run: ReturnType<typeof runBench>;
  let result: BackendResult;

  beforeAll(() => {
    run = runBench(['--backend', 'cpu', '--quick', '--sizes', sizes.join(','), '--out', outDir]);
    if (run.status !== 0) throw new Error(`bench exited with ${run.status}:\n${run.stderr}`);
    result = JSON.parse(fs.readFileSync(path.join(outDir, 'cpu.json'), 'utf8')) as BackendResult;
  });

  afterAll(() => fs.rmSync(outDir, {recursive: true, force: true}));

  it('writes cpu.json for a quick run of the requested sizes', () => {
    expect(result.backend).toBe('cpu');
    expect(result.unavailable).toBeUndefined();
    expect(result.options.quick).toBe(true);
    expect(result.options.sizes).toEqual(sizes);
    expect(result.machine['tfjs-core']).toMatch(/^4\./);
    // cpu kernels are single-threaded: timed with the process's CPU time, immune to other processes' load.
    expect(result.clock).toContain('process CPU time');
    expect(result.forward.map((t) => t.size)).toEqual(sizes);
    expect(result.forwardBackward.map((t) => t.size)).toEqual(sizes);
    // Inputs [size / C, C], C the largest divisor up to 128: the per-channel g-SmeLU row's channels.
    expect(result.forward.map((t) => t.shape)).toEqual([[1, 16], [8, 125], [800, 125]]);
    expect(typeof result.loadAtEnd).toBe('number');
  });

  it('times every activation forward (plus the copy floor) and forward+backward', () => {
    for (const t of result.forward) {
      expect(t.cases.map((c) => c.name)).toEqual([...ACTIVATIONS, 'copy (floor)']);
    }
    for (const t of result.forwardBackward) {
      expect(t.cases.map((c) => c.name)).toEqual([...ACTIVATIONS, ...PARAM_GRADIENT_CASES]);
    }
    for (const t of [...result.forward, ...result.forwardBackward]) {
      for (const c of t.cases) {
        expect(c.error).toBeUndefined();
        expect(c.us).toBeGreaterThan(0);
        expect(c.samples).toBe(result.options.rounds);
        expect(c.callsPerSample).toBeGreaterThanOrEqual(1);
        expect(c.ratioToRelu).toBeGreaterThan(0);
        expect(c.ratioSpread).toBeGreaterThanOrEqual(0);
        // Each case was warmed up (outputs disposed) before the rounds, for at most the time allowed.
        expect(c.warmUp?.samples).toBeGreaterThanOrEqual(0);
        expect(typeof c.warmUp?.steady).toBe('boolean');
      }
      // Ratios are per-round ratios against samples of the same run: relu to itself is exactly 1, every round.
      expect(t.cases.find((c) => c.name === 'relu')?.ratioToRelu).toBe(1);
      expect(t.cases.find((c) => c.name === 'relu')?.ratioSpread).toBe(0);
    }
    for (const t of result.forward) {
      expect(t.cases.find((c) => c.name === 'copy (floor)')?.ratioToCopy).toBe(1);
      expect(t.cases.every((c) => c.ratioToCopy != null && c.ratioToCopy > 0)).toBe(true);
    }
  });

  it('says how readable the ratios are', () => {
    // Every ratio to relu: forward (every activation but relu, and the copy floor), then forward + backward.
    const cells =
        ACTIVATIONS.length * sizes.length + (ACTIVATIONS.length - 1 + PARAM_GRADIENT_CASES.length) * sizes.length;
    expect(result.noise.ratios).toBe(cells);
    expect(result.noise.flagged).toBeGreaterThanOrEqual(0);
    expect(result.noise.flagged).toBeLessThanOrEqual(cells);
    expect(result.noise.tooNoisy).toBe(result.noise.flagged > cells / 4);
  });

  it('measures first touch apart from the kernels, where an output spans many pages', () => {
    expect(result.firstTouch.map((f) => f.size)).toEqual([100_000]);
    const [f] = result.firstTouch;
    expect(f.freshUs).toBeGreaterThan(0);
    expect(f.warmUs).toBeGreaterThan(0);
    expect(Number.isFinite(f.usPerPage)).toBe(true);
    expect(f.keptOutputs.map((k) => k.name)).toEqual(['relu', 'smelu']);
    for (const k of f.keptOutputs) {
      expect(k.error).toBeUndefined();
      expect(k.us).toBeGreaterThan(0);
      expect(k.hotUs).toBe(result.forward[2].cases.find((c) => c.name === k.name)?.us);
    }
  });

  it('records what SmeLU allocates: exactly its output, forward and backward', () => {
    const probe = (name: string) => result.memory.find((m) => m.name === name);
    for (const name of ['smelu forward', 'smeluGrad kernel (dy, x)']) {
      const p = probe(name);
      expect(p).toBeDefined();
      expect(p?.kernels).toHaveLength(1);
      expect(p?.newTensors).toBe(1);
      expect(p?.newBytes).toBe(4 * p!.size);
      expect(p?.peakExtraBytes).toBe(4 * p!.size);
    }
    // The hand-written composite runs several kernels and holds intermediates at its peak.
    const composite = probe('smelu (composite) forward');
    expect(composite?.kernels.length).toBeGreaterThan(1);
    expect(composite?.peakExtraBytes).toBeGreaterThan(4 * composite!.size);
    expect(probe('smelu backward (tf.grad with dy)')?.newTensors).toBe(1);
    // The fused g-SmeLU kernel (cpu has one): one kernel, exactly its output.
    expect(probe('g-smelu forward')?.kernels).toEqual(['GeneralizedSmeLU']);
    expect(probe('g-smelu forward')?.newBytes).toBe(4 * probe('g-smelu forward')!.size);
  });

  it('times a training step of the MLP for ReLU, SmeLU and GELU', () => {
    expect(result.mlp?.layers).toEqual([256, 512, 512, 1]);
    expect(result.mlp?.steps.map((s) => s.activation)).toEqual(['relu', 'smelu', 'gelu']);
    for (const s of result.mlp!.steps) {
      expect(s.error).toBeUndefined();
      expect(s.ms).toBeGreaterThan(0);
      expect(s.samples).toBe(result.options.mlpRounds);
    }
    expect(result.mlp!.steps[0].ratioToRelu).toBe(1);
  });

  it('prints the markdown tables (also saved as cpu.md)', () => {
    const markdown = fs.readFileSync(path.join(outDir, 'cpu.md'), 'utf8');
    expect(run.stdout).toContain(markdown.trim());
    expect(markdown).toContain('### Backend `cpu`');
    expect(markdown).toContain('| op | 16 (per call) | 1,000 | 100,000 |');
    expect(markdown).toContain('#### Forward: µs per call');
    expect(markdown).toContain('#### Forward: ratio to the copy floor');
    expect(markdown).toContain('#### First touch');
    expect(markdown).toContain('#### Targets (bench/targets.ts)');
    expect(markdown).toMatch(/(Noise: \d+ of \d+ ratios|\*\*Too noisy to read:\*\*)/);
    expect(markdown).toMatch(/\| smelu \| [0-9.,]+ ±\d+% \| [0-9.,]+ ±\d+% \| [0-9.,]+ ±\d+% \|/);
    // Ratio cells carry their per-round spread.
    expect(markdown).toMatch(/\| smelu \| [0-9.]+× ±\d+%/);
  });

  it('rejects a bad flag with a message naming it', () => {
    const bad = runBench(['--sizes', '12x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--sizes');
    expect(bad.stderr).toContain('"12x"');
    const unknown = runBench(['--backend', 'tpu']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('"tpu"');
  });
});
