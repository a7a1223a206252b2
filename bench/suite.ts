/**
 * The measurements themselves, independent of where they run: Node (cpu,
 * wasm, tensorflow) calls `runSuite` directly, the browser page (webgl,
 * webgpu) calls the same function from a bundle. The environment supplies
 * only what differs: how to wait for a result, and the copy floor.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {smeluGrad} from '../src';
import {Activation, benchActivations, benchParamGradients, makeGeneralizedSmeLUBenchParams, ParamGradientCase} from './activations';
import {median, pairedRatio, relativeSpread} from './stats';
import type {BackendResult, BenchOptions, CaseTiming, MemoryProbe, MlpTiming, SizeTimings} from './types';

export interface BenchEnv {
  /** The tfjs backend name, already set with `tf.setBackend`. */
  backend: string;
  /**
   * Returns once `t` is really computed. Backends that compute synchronously
   * may read one element; GPU backends must wait for the queue.
   */
  sync(t: tf.Tensor): void|Promise<void>;
  /**
   * A function that copies `x`'s bytes into a freshly allocated buffer of the
   * backend (and frees it): the memory-bandwidth floor of any elementwise op.
   * Undefined where no such floor is measured (GPU backends).
   */
  copyFloor?(x: tf.Tensor): () => void;
  machine: Record<string, string|number>;
  /**
   * The clock samples are taken with, in ms, and its description. Default:
   * wall time (`performance.now`). Single-threaded backends in Node use the
   * process's CPU time, which time slices lost to other processes on a
   * shared machine do not inflate.
   */
  clock?: {now(): number, description: string};
  log?(line: string): void;
  /**
   * Rows only this backend has (e.g. the `tensorflow` backend's native-op and
   * op-chain paths), timed and probed after the common activations.
   */
  extraActivations?(beta: number): BenchActivation[];
}

/**
 * A backend-specific row: `f`, run inside `around` (forward and backward
 * alike), e.g. to switch a kernel path on or off for this row only.
 */
export interface BenchActivation {
  name: string;
  f: Activation;
  around?: <T>(run: () => T) => T;
}

/** One timed thing: a call that returns a tensor to wait for and dispose, or nothing. */
interface TimedCase {
  name: string;
  call: () => tf.Tensor|void;
}

const COPY_CASE = 'copy (floor)';
const RELU_CASE = 'relu';
/** Element count of the memory probes: large enough to dwarf scalars, quick everywhere. */
const MEMORY_PROBE_SIZE = 100_000;
const MLP_LAYERS = [256, 512, 512, 1];

const WALL_CLOCK = {now: () => performance.now(), description: 'wall time (performance.now)'};

function errorMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** x ~ U(−3β, 3β): a third of the elements in each SmeLU region, half negative for relu. */
function benchInput(size: number, beta: number): tf.Tensor1D {
  return tf.randomUniform([size], -3 * beta, 3 * beta, 'float32', 42);
}

function clockOf(env: BenchEnv): {now(): number, description: string} {
  return env.clock ?? WALL_CLOCK;
}

async function timeOneSample(env: BenchEnv, c: TimedCase, calls: number): Promise<number> {
  const start = clockOf(env).now();
  let last: tf.Tensor|void = undefined;
  for (let k = 0; k < calls; ++k) {
    if (last) last.dispose();
    last = c.call();
  }
  if (last) {
    await env.sync(last);
    last.dispose();
  }
  return (clockOf(env).now() - start) / calls;
}

/**
 * Times `cases` in interleaved rounds (each round samples every case once,
 * starting at a rotating position) so that load changes on a shared machine
 * hit every case alike; ratios are medians of per-round ratios.
 */
async function timeCases(env: BenchEnv, cases: TimedCase[], options: BenchOptions): Promise<CaseTiming[]> {
  const runnable: Array<{c: TimedCase, calls: number, samples: number[]}> = [];
  const failed = new Map<string, string>();
  for (const c of cases) {
    try {
      for (let i = 0; i < options.warmup; ++i) await timeOneSample(env, c, 1);
      const single = await timeOneSample(env, c, 1);
      const calls = Math.max(1, Math.min(10_000, Math.ceil(options.minSampleMs / Math.max(single, 1e-3))));
      runnable.push({c, calls, samples: []});
    } catch (e) {
      failed.set(c.name, errorMessage(e));
    }
  }
  for (let round = 0; round < options.rounds; ++round) {
    for (let k = 0; k < runnable.length; ++k) {
      const entry = runnable[(k + round) % runnable.length];
      entry.samples.push(await timeOneSample(env, entry.c, entry.calls));
    }
  }
  const samplesOf = (name: string) => runnable.find((r) => r.c.name === name)?.samples;
  const relu = samplesOf(RELU_CASE);
  const copy = samplesOf(COPY_CASE);
  return cases.map((c): CaseTiming => {
    const entry = runnable.find((r) => r.c === c);
    if (entry == null) {
      return {
        name: c.name, ms: NaN, spread: NaN, ratioToRelu: null, ratioToCopy: null, callsPerSample: 0,
        samples: 0, error: failed.get(c.name),
      };
    }
    return {
      name: c.name,
      ms: median(entry.samples),
      spread: relativeSpread(entry.samples),
      ratioToRelu: relu ? pairedRatio(entry.samples, relu) : null,
      ratioToCopy: copy ? pairedRatio(entry.samples, copy) : null,
      callsPerSample: entry.calls,
      samples: entry.samples.length,
    };
  });
}

async function timeActivations(
    env: BenchEnv, activations: BenchActivation[], options: BenchOptions,
    withBackward: boolean, paramGradients: Array<[string, ParamGradientCase]> = []): Promise<SizeTimings[]> {
  const results: SizeTimings[] = [];
  for (const size of options.sizes) {
    const x = benchInput(size, options.beta);
    // Backward is the vector-Jacobian product with a given upstream gradient,
    // as inside a network. Not tf.grad of tf.sum: on cpu the sum's gradient (a
    // broadcasting multiply by ones) costs more than any activation's whole
    // backward pass and would hide the differences being measured.
    const dy = withBackward ? tf.randomUniform([size], 0, 1, 'float32', 7) : null;
    const cases: TimedCase[] = activations.map(({name, f, around = runDirectly}) => {
      if (dy == null) return {name, call: () => around(() => tf.tidy(() => f(x)))};
      const vjp = tf.grad(f);
      return {name, call: () => around(() => tf.tidy(() => vjp(x, dy)))};
    });
    // Every gradient computed; the last one is returned (tidy frees the rest), the sync waits for all.
    if (dy != null) {
      for (const [name, grads] of paramGradients) {
        cases.push({name, call: () => tf.tidy(() => grads(x, dy).pop()!)});
      }
    }
    // The floor is one read and one write of x: a forward pass's minimum.
    if (env.copyFloor && !withBackward) cases.push({name: COPY_CASE, call: env.copyFloor(x)});
    env.log?.(`${env.backend}: ${withBackward ? 'forward+backward' : 'forward'} ${size}`);
    results.push({size, cases: await timeCases(env, cases, options)});
    tf.dispose(dy ? [x, dy] : [x]);
  }
  return results;
}

async function probe(name: string, size: number, f: () => tf.Tensor): Promise<MemoryProbe> {
  const outputBytes = 4 * size;
  const before = tf.memory().numBytes;
  try {
    const info = await tf.profile(f);
    (info.result as tf.Tensor).dispose();
    return {
      name, size, outputBytes, newTensors: info.newTensors, newBytes: info.newBytes,
      peakExtraBytes: info.peakBytes - before, kernels: info.kernels.map((k) => k.name),
    };
  } catch (e) {
    return {name, size, outputBytes, newTensors: NaN, newBytes: NaN, peakExtraBytes: NaN, kernels: [],
            error: errorMessage(e)};
  }
}

function runDirectly<T>(run: () => T): T {
  return run();
}

/** What each call leaves behind and allocates on the way (tf.profile), forward and backward. */
async function probeMemory(activations: BenchActivation[], beta: number): Promise<MemoryProbe[]> {
  const size = MEMORY_PROBE_SIZE;
  const x = benchInput(size, beta);
  const dy = tf.onesLike(x);
  const probes: MemoryProbe[] = [];
  for (const {name, f, around = runDirectly} of activations) {
    probes.push(await around(() => probe(`${name} forward`, size, () => f(x))));
  }
  probes.push(await probe('smeluGrad kernel (dy, x)', size, () => smeluGrad(dy, x, beta)));
  for (const {name, f, around = runDirectly} of activations) {
    probes.push(await around(() => probe(`${name} backward (tf.grad with dy)`, size, () => tf.grad(f)(x, dy))));
  }
  tf.dispose([x, dy]);
  return probes;
}

function buildMlp(activation: string): tfl.Sequential {
  const model = tfl.sequential();
  for (let i = 1; i < MLP_LAYERS.length; ++i) {
    const last = i === MLP_LAYERS.length - 1;
    model.add(tfl.layers.dense({
      units: MLP_LAYERS[i],
      inputShape: i === 1 ? [MLP_LAYERS[0]] : undefined,
      // 'smelu' is a registered activation class; the type lists only built-ins.
      activation: (last ? 'linear' : activation) as 'linear',
      kernelInitializer: tfl.initializers.glorotUniform({seed: i}),
    }));
  }
  return model;
}

/** One Adam step (forward, backward, update) of a 256-512-512-1 MLP per activation, interleaved. */
async function timeMlp(env: BenchEnv, options: BenchOptions): Promise<BackendResult['mlp']> {
  if (options.mlpRounds <= 0) return null;
  const activations = ['relu', 'smelu', 'gelu'];
  const xs = tf.randomNormal([options.mlpBatch, MLP_LAYERS[0]], 0, 1, 'float32', 1);
  const ys = tf.randomNormal([options.mlpBatch, 1], 0, 1, 'float32', 2);
  interface MlpRun {
    activation: string;
    model: tfl.Sequential|null;
    optimizer: tf.Optimizer|null;
    step: (() => Promise<void>)|null;
    samples: number[];
    error?: string;
  }
  const runs = activations.map((activation): MlpRun => {
    try {
      const model = buildMlp(activation);
      const optimizer = tf.train.adam(1e-3);
      const lastWeight = model.trainableWeights[model.trainableWeights.length - 1];
      const step = async () => {
        const cost = optimizer.minimize(
            () => tf.losses.meanSquaredError(ys, model.apply(xs) as tf.Tensor) as tf.Scalar, true);
        cost?.dispose();
        // Adam updates this variable last: once it is readable, the whole step ran.
        await env.sync(lastWeight.read());
      };
      return {activation, model, optimizer, step, samples: []};
    } catch (e) {
      return {activation, model: null, optimizer: null, step: null, samples: [], error: errorMessage(e)};
    }
  });
  env.log?.(`${env.backend}: MLP training step, batch ${options.mlpBatch}`);
  for (const run of runs) {
    if (!run.step) continue;
    try {
      await run.step();  // builds the optimizer's slots and compiles what needs compiling
    } catch (e) {
      run.error = errorMessage(e);
      run.step = null;
    }
  }
  for (let round = 0; round < options.mlpRounds; ++round) {
    for (const run of runs) {
      if (!run.step) continue;
      const start = clockOf(env).now();
      await run.step();
      run.samples.push(clockOf(env).now() - start);
    }
  }
  const samplesOf = (a: string) => runs.find((r) => r.activation === a && r.step)?.samples;
  const relu = samplesOf('relu');
  const gelu = samplesOf('gelu');
  const steps = runs.map((run): MlpTiming => {
    const ok = run.step != null;
    return {
      activation: run.activation,
      ms: ok ? median(run.samples) : NaN,
      spread: ok ? relativeSpread(run.samples) : NaN,
      ratioToRelu: ok && relu ? pairedRatio(run.samples, relu) : null,
      ratioToGelu: ok && gelu ? pairedRatio(run.samples, gelu) : null,
      samples: run.samples.length,
      error: run.error,
    };
  });
  for (const run of runs) {
    run.model?.dispose();
    run.optimizer?.dispose();
  }
  tf.dispose([xs, ys]);
  return {layers: MLP_LAYERS, batch: options.mlpBatch, steps};
}

/** Runs every measurement on the current backend (set by the caller). */
export async function runSuite(env: BenchEnv, options: BenchOptions): Promise<BackendResult> {
  const start = performance.now();
  if (tf.getBackend() !== env.backend) {
    throw new Error(`runSuite: the active backend is '${tf.getBackend()}', expected '${env.backend}'`);
  }
  const generalizedParams = makeGeneralizedSmeLUBenchParams(options.beta);
  const activations: BenchActivation[] = [
    ...benchActivations(options.beta, generalizedParams).map(([name, f]) => ({name, f})),
    ...(env.extraActivations?.(options.beta) ?? []),
  ];
  const forward = await timeActivations(env, activations, options, false);
  const forwardBackward =
      await timeActivations(env, activations, options, true, benchParamGradients(generalizedParams));
  const memory = await probeMemory(activations, options.beta);
  tf.dispose(Object.values(generalizedParams));
  const mlp = await timeMlp(env, options);
  return {
    backend: env.backend,
    date: new Date().toISOString(),
    machine: env.machine,
    options,
    forward,
    forwardBackward,
    memory,
    mlp,
    clock: clockOf(env).description,
    wallSeconds: (performance.now() - start) / 1000,
  };
}

/** Waits for `t` by reading back one element (cheap, and it drains every queued GPU command). */
export async function syncByReadingOneElement(t: tf.Tensor): Promise<void> {
  const one = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, Math.min(1, t.size)));
  try {
    await one.data();
  } finally {
    one.dispose();
  }
}
