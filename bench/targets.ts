/** The speed and memory targets, checked against one backend's results. */
import {sizeLabel} from './report';
import type {BackendResult, SizeTimings} from './types';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean|null;  // null: not measured in this run
}

/** The size targets are stated at: 1e6, else the largest measured (quick runs). */
function targetSize(timings: SizeTimings[]): SizeTimings|undefined {
  return timings.find((t) => t.size === 1e6) ?? timings[timings.length - 1];
}

function ratioCheck(
    label: string, timings: SizeTimings[], caseName: string, key: 'ratioToRelu'|'ratioToCopy',
    limit: number): TargetCheck {
  const at = targetSize(timings);
  const c = at?.cases.find((k) => k.name === caseName);
  const value = c?.[key];
  const ref = key === 'ratioToRelu' ? 'relu' : 'copy floor';
  const target = `${label}: ${caseName} ≤ ${limit}× ${ref} at ${at ? sizeLabel(at.size) : '1e6'}`;
  if (value == null || !Number.isFinite(value)) {
    return {target, measured: c?.error ?? 'not measured', met: null};
  }
  return {target, measured: `${value.toFixed(2)}×`, met: value <= limit};
}

const FORWARD_LIMIT: Record<string, number> = {cpu: 0.5, wasm: 1.5, tensorflow: 1.1, webgl: 1.1, webgpu: 1.1};
/** Backends whose SmeLU forward + backward must take at most half of relu's (issue 17 for tensorflow). */
const HALF_OF_RELU_BACKWARD = new Set(['cpu', 'tensorflow']);

export function checkTargets(result: BackendResult): TargetCheck[] {
  const b = result.backend;
  const checks: TargetCheck[] = [];
  const limit = FORWARD_LIMIT[b];
  if (limit != null) checks.push(ratioCheck('forward', result.forward, 'smelu', 'ratioToRelu', limit));
  if (b === 'cpu') checks.push(ratioCheck('forward', result.forward, 'smelu', 'ratioToCopy', 4));
  if (HALF_OF_RELU_BACKWARD.has(b)) {
    checks.push(ratioCheck('forward+backward', result.forwardBackward, 'smelu', 'ratioToRelu', 0.5));
  } else if (limit != null) {
    checks.push(ratioCheck('forward+backward', result.forwardBackward, 'smelu', 'ratioToRelu', limit));
  }
  // Issue 17: fused g-SmeLU forward ≤ 1.5× relu on every backend.
  checks.push(ratioCheck('forward', result.forward, 'g-smelu', 'ratioToRelu', 1.5));
  if (b === 'tensorflow') {
    // The fused native ops (issue 17); the plain `smelu` row above is whichever path is active.
    checks.push(ratioCheck('forward', result.forward, 'smelu (native op)', 'ratioToRelu', 1.1));
    checks.push(ratioCheck('forward+backward', result.forwardBackward, 'smelu (native op)', 'ratioToRelu', 0.5));
    checks.push(ratioCheck('g-SmeLU forward', result.forward, 'gSmelu (native op)', 'ratioToRelu', 1.5));
  }
  const smeluStep = result.mlp?.steps.find((s) => s.activation === 'smelu');
  for (const [key, lim, ref] of [['ratioToRelu', 1.05, 'ReLU'], ['ratioToGelu', 0.6, 'GELU']] as const) {
    const value = smeluStep?.[key];
    checks.push({
      target: `MLP step: SmeLU ≤ ${lim}× ${ref}`,
      measured: value == null ? (smeluStep?.error ?? 'not measured') : `${value.toFixed(2)}×`,
      met: value == null ? null : value <= lim,
    });
  }
  for (const name of ['smelu forward', 'smeluGrad kernel (dy, x)']) {
    const p = result.memory.find((m) => m.name === name);
    const exact = p != null && !p.error && p.newTensors === 1 && p.newBytes === p.outputBytes &&
        p.peakExtraBytes === p.outputBytes;
    checks.push({
      target: `memory: ${name} allocates exactly its output`,
      measured: p == null ? 'not measured' :
          p.error ?? `${p.newTensors} tensor, ${p.newBytes} B new, ${p.peakExtraBytes} B peak (output ${p.outputBytes} B)`,
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
