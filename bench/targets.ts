/**
 * The speed and memory targets, checked against one backend's results. They
 * are reported (bench/results/<backend>.md, docs/performance.md), never
 * asserted in a test: timings on a shared machine vary too much for that.
 */
import {sizeLabel} from './report';
import {BackendResult, PER_CALL_MAX_SIZE, SizeTimings} from './types';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean|null;  // null: not measured in this run
}

/** A time ratio of one case to `relu` (or to the copy floor), measured in the same rounds. */
export interface RatioTarget {
  backends: readonly string[];
  /** 'forward', or 'forwardBackward' (`tf.grad(f)(x, dy)` against relu's own). */
  section: 'forward'|'forwardBackward';
  caseName: string;
  ref: 'relu'|'copy floor';
  /** At most this. */
  limit: number;
  /**
   * Which sizes of the run it holds at: every size above the per-call one
   * (4,096, 100,000 and 1,048,576 in a full run), or the largest only.
   */
  at: 'every size'|'largest size';
}

const EVERY_OTHER_BACKEND = ['cpu', 'tensorflow', 'webgl', 'webgpu'] as const;

/**
 * The targets. wasm's hold in the hot regime at the sizes of real layers and
 * at 2^20 elements; the others' at the largest size, as first set.
 */
export const RATIO_TARGETS: readonly RatioTarget[] = [
  {backends: ['wasm'], section: 'forward', caseName: 'smelu', ref: 'relu', limit: 1.3, at: 'every size'},
  {backends: ['wasm'], section: 'forward', caseName: 'g-smelu', ref: 'relu', limit: 1.6, at: 'every size'},
  {backends: ['wasm'], section: 'forward', caseName: 'g-smelu (numbers)', ref: 'relu', limit: 1.6, at: 'every size'},
  {
    backends: ['wasm'],
    section: 'forward',
    caseName: 'g-smelu (per-channel)',
    ref: 'relu',
    limit: 1.6,
    at: 'every size'
  },
  {backends: ['wasm'], section: 'forwardBackward', caseName: 'smelu', ref: 'relu', limit: 0.5, at: 'every size'},
  {backends: ['cpu'], section: 'forward', caseName: 'smelu', ref: 'relu', limit: 0.5, at: 'largest size'},
  {backends: ['cpu'], section: 'forward', caseName: 'smelu', ref: 'copy floor', limit: 4, at: 'largest size'},
  {
    backends: ['tensorflow', 'webgl', 'webgpu'],
    section: 'forward',
    caseName: 'smelu',
    ref: 'relu',
    limit: 1.1,
    at: 'largest size'
  },
  {
    backends: ['cpu', 'tensorflow'],
    section: 'forwardBackward',
    caseName: 'smelu',
    ref: 'relu',
    limit: 0.5,
    at: 'largest size'
  },
  {
    backends: ['webgl', 'webgpu'],
    section: 'forwardBackward',
    caseName: 'smelu',
    ref: 'relu',
    limit: 1.1,
    at: 'largest size'
  },
  {backends: EVERY_OTHER_BACKEND, section: 'forward', caseName: 'g-smelu', ref: 'relu', limit: 1.5, at: 'largest size'},
  // The tensorflow backend's fused native ops; its plain `smelu` row is whichever path is active.
  {
    backends: ['tensorflow'],
    section: 'forward',
    caseName: 'smelu (native op)',
    ref: 'relu',
    limit: 1.1,
    at: 'largest size'
  },
  {
    backends: ['tensorflow'],
    section: 'forwardBackward',
    caseName: 'smelu (native op)',
    ref: 'relu',
    limit: 0.5,
    at: 'largest size'
  },
  {
    backends: ['tensorflow'],
    section: 'forward',
    caseName: 'gSmelu (native op)',
    ref: 'relu',
    limit: 1.5,
    at: 'largest size'
  },
];

/** MLP training step: SmeLU against ReLU and GELU, every backend. */
export const MLP_TARGETS =
    [{ref: 'ReLU', key: 'ratioToRelu', limit: 1.05}, {ref: 'GELU', key: 'ratioToGelu', limit: 0.6}] as const;

/** The sizes of `timings` a target is checked at. */
function sizesFor(target: RatioTarget, timings: SizeTimings[]): SizeTimings[] {
  const sized = timings.filter((t) => t.size > PER_CALL_MAX_SIZE);
  if (target.at === 'every size') return sized;
  const largest = sized[sized.length - 1] ?? timings[timings.length - 1];
  return largest ? [largest] : [];
}

/** How a target reads in the tables. */
export function describeTarget(t: RatioTarget): string {
  const what = t.section === 'forward' ? 'forward' : 'forward + backward';
  const ref = t.ref === 'relu' ? (t.section === 'forward' ? '`relu`' : '`relu`\'s') : 'the copy floor';
  return `${what}: \`${t.caseName}\` ≤ ${t.limit}× ${ref}`;
}

function ratioChecks(result: BackendResult, target: RatioTarget): TargetCheck[] {
  const timings = target.section === 'forward' ? result.forward : result.forwardBackward;
  const at = sizesFor(target, timings);
  if (at.length === 0)
    return [{target: `${describeTarget(target)} (${target.at})`, measured: 'not measured', met: null}];
  return at.map((t) => {
    const c = t.cases.find((k) => k.name === target.caseName);
    const value = target.ref === 'relu' ? c?.ratioToRelu : c?.ratioToCopy;
    const label = `${describeTarget(target)} at ${sizeLabel(t.size)}`;
    if (value == null || !Number.isFinite(value))
      return {target: label, measured: c?.error ?? 'not measured', met: null};
    return {target: label, measured: `${value.toFixed(2)}×`, met: value <= target.limit};
  });
}

export function checkTargets(result: BackendResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const target of RATIO_TARGETS) {
    if (target.backends.includes(result.backend)) checks.push(...ratioChecks(result, target));
  }
  const smeluStep = result.mlp?.steps.find((s) => s.activation === 'smelu');
  for (const {ref, key, limit} of MLP_TARGETS) {
    const value = smeluStep?.[key];
    checks.push({
      target: `MLP step: SmeLU ≤ ${limit}× ${ref}`,
      measured: value == null ? (smeluStep?.error ?? 'not measured') : `${value.toFixed(2)}×`,
      met: value == null ? null : value <= limit,
    });
  }
  for (const name of ['smelu forward', 'smeluGrad kernel (dy, x)']) {
    const p = result.memory.find((m) => m.name === name);
    const exact = p != null && !p.error && p.newTensors === 1 && p.newBytes === p.outputBytes &&
        p.peakExtraBytes === p.outputBytes;
    checks.push({
      target: `memory: ${name} allocates exactly its output`,
      measured: p == null ? 'not measured' :
                            p.error ??
              `${p.newTensors} tensor, ${p.newBytes} B new, ${p.peakExtraBytes} B peak (output ${p.outputBytes} B)`,
      met: p == null || p.error ? null : exact,
    });
  }
  const grad = result.memory.find((m) => m.name === 'smelu backward (tf.grad with dy)');
  if (grad) {
    checks.push({
      target: 'memory: tf.grad(smelu) leaves exactly the gradient',
      measured: grad.error ?? `${grad.newTensors} tensor, ${grad.newBytes} B`,
      met: grad.error ? null : grad.newTensors === 1 && grad.newBytes === grad.outputBytes,
    });
  }
  return checks;
}
