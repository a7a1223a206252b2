/**
 * The measurements themselves, independent of where they run: Node (cpu,
 * wasm, tensorflow) calls `runSuite` directly, the browser page (webgl,
 * webgpu) calls the same function from a bundle. The environment supplies
 * only what differs: how to wait for a result, and the copy floor.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {smeluGrad} from '../src';
import {
  Activation,
  benchActivations,
  benchChannels,
  benchParamGradients,
  GeneralizedSmeLUBenchParams,
  makeGeneralizedSmeLUBenchParams,
  ParamGradientCase
} from './activations';
import {median, pairedRatio, pairedRatioSpread, relativeSpread} from './stats';
import {
  BackendResult,
  BenchOptions,
  CaseTiming,
  FirstTouch,
  MemoryProbe,
  MlpTiming,
  Noise,
  NOISY_SPREAD,
  SizeTimings,
  WarmUp
} from './types';

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
  call: () => tf.Tensor | void;
}

const COPY_CASE = 'copy (floor)';
const RELU_CASE = 'relu';
/** Element count of the memory probes: large enough to dwarf scalars, quick everywhere. */
const MEMORY_PROBE_SIZE = 100_000;
const MLP_LAYERS = [256, 512, 512, 1];
/** Cases timed with their outputs kept alive (first-touch regime), at sizes from FIRST_TOUCH_MIN_SIZE. */
const KEPT_OUTPUT_CASES = ['relu', 'smelu'];
const FIRST_TOUCH_MIN_SIZE = 100_000;
/** Calls (and outputs kept) per first-touch measurement. */
const KEPT_OUTPUTS = 8;
/** Warm-up: a case is steady once the median of its last three samples is within this of the three before. */
const STEADY_WITHIN = 0.1;

const WALL_CLOCK = {
  now: () => performance.now(),
  description: 'wall time (performance.now)'
};

function errorMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/**
 * x ~ U(−4β, 4β), shape [size / C, C] (see benchChannels): 3/8 of the
 * elements below the smooth region, 1/4 in it, 3/8 above; half negative for relu.
 */
function benchInput(size: number, beta: number): tf.Tensor2D {
  const channels = benchChannels(size);
  return tf.randomUniform([size / channels, channels], -4 * beta, 4 * beta, 'float32', 42);
}

function clockOf(env: BenchEnv): {now(): number, description: string} {
  return env.clock ?? WALL_CLOCK;
}

/**
 * µs per call over `calls` calls, each output disposed before the next call
 * (so the allocator hands back the memory just freed, as in a training loop).
 */
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
  return (clockOf(env).now() - start) * 1000 / calls;
}

function callsFor(usPerCall: number, options: BenchOptions): number {
  return Math.max(1, Math.min(100_000, Math.ceil(options.minSampleMs * 1000 / Math.max(usPerCall, 1e-3))));
}

/**
 * Samples `c` (outputs disposed, as in the rounds) until its time per call
 * settles: the first calls compile kernels, tier up JIT code and grow the
 * allocator's pools, and none of that is what the rounds should time.
 * Returns the calls per sample for the rounds and how the warm-up ended.
 */
async function warmUp(env: BenchEnv, c: TimedCase, options: BenchOptions): Promise<{calls: number, warmUp: WarmUp}> {
  const start = performance.now();
  let calls = callsFor(await timeOneSample(env, c, 1), options);
  // Half-length samples: quicker to settle, and the rounds' samples are longer anyway.
  calls = Math.max(1, Math.ceil(calls / 2));
  const times: number[] = [];
  let steady = false;
  while (!steady && performance.now() - start < options.maxWarmupMs) {
    const t = await timeOneSample(env, c, calls);
    times.push(t);
    calls = Math.max(1, Math.ceil(callsFor(t, options) / 2));
    if (times.length >= 6) {
      const last = median(times.slice(-3));
      const before = median(times.slice(-6, -3));
      steady = Math.abs(last - before) <= STEADY_WITHIN * before;
    }
  }
  const usPerCall = times.length > 0 ? median(times.slice(-3)) : await timeOneSample(env, c, 1);
  return {
    calls: callsFor(usPerCall, options),
    warmUp: {ms: Math.round(performance.now() - start), samples: times.length, steady},
  };
}

/**
 * Times `cases` in interleaved rounds (each round samples every case once,
 * starting at a rotating position) so that load changes on a shared machine
 * hit every case alike; ratios are medians of per-round ratios. Each case is
 * first warmed up on its own, then one untimed round settles the allocator
 * for the mix of cases.
 */
async function timeCases(env: BenchEnv, cases: TimedCase[], options: BenchOptions): Promise<CaseTiming[]> {
  const runnable: Array<{c: TimedCase, calls: number, warmUp: WarmUp, samples: number[]}> = [];
  const failed = new Map<string, string>();
  for (const c of cases) {
    try {
      runnable.push({c, ...await warmUp(env, c, options), samples: []});
    } catch (e) {
      failed.set(c.name, errorMessage(e));
    }
  }
  for (const entry of runnable) await timeOneSample(env, entry.c, entry.calls);
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
        name: c.name,
        us: NaN,
        spread: NaN,
        ratioToRelu: null,
        ratioSpread: null,
        ratioToCopy: null,
        callsPerSample: 0,
        samples: 0,
        error: failed.get(c.name),
      };
    }
    return {
      name: c.name,
      us: median(entry.samples),
      spread: relativeSpread(entry.samples),
      ratioToRelu: relu ? pairedRatio(entry.samples, relu) : null,
      ratioSpread: relu ? pairedRatioSpread(entry.samples, relu) : null,
      ratioToCopy: copy ? pairedRatio(entry.samples, copy) : null,
      callsPerSample: entry.calls,
      samples: entry.samples.length,
      warmUp: entry.warmUp,
    };
  });
}

/** What every size's activations share: g-SmeLU's scalar parameters and the backend's own rows. */
interface SuiteContext {
  env: BenchEnv;
  options: BenchOptions;
  scalarParams: GeneralizedSmeLUBenchParams;
  extra: BenchActivation[];
}

/**
 * The activations for input `x`: the common ones (per-channel g-SmeLU parameters sized to x's last axis) and the
 * backend's own.
 */
function activationsFor(ctx: SuiteContext, x: tf.Tensor): {activations: BenchActivation[], dispose(): void} {
  const beta = ctx.options.beta;
  const perChannel = makeGeneralizedSmeLUBenchParams(beta, x.shape[x.rank - 1]);
  return {
    activations:
        [...benchActivations(beta, ctx.scalarParams, perChannel).map(([name, f]) => ({name, f})), ...ctx.extra],
    dispose: () => tf.dispose(Object.values(perChannel)),
  };
}

async function timeActivations(
    ctx: SuiteContext, withBackward: boolean,
    paramGradients: Array<[string, ParamGradientCase]> = []): Promise<SizeTimings[]> {
  const {env, options} = ctx;
  const results: SizeTimings[] = [];
  for (const size of options.sizes) {
    const x = benchInput(size, options.beta);
    const {activations, dispose} = activationsFor(ctx, x);
    // Backward is the vector-Jacobian product with a given upstream gradient,
    // as inside a network. Not tf.grad of tf.sum: on cpu the sum's gradient (a
    // broadcasting multiply by ones) costs more than any activation's whole
    // backward pass and would hide the differences being measured.
    const dy = withBackward ? tf.randomUniform(x.shape, 0, 1, 'float32', 7) : null;
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
    results.push({size, shape: x.shape, cases: await timeCases(env, cases, options)});
    dispose();
    tf.dispose(dy ? [x, dy] : [x]);
  }
  return results;
}

/** Median µs to fill a Float32Array of `size`, made fresh each time (others kept alive) or reused (warm). */
function fillTimes(env: BenchEnv, size: number, fresh: boolean): number {
  const times: number[] = [];
  const kept: Float32Array[] = [];
  let reused = new Float32Array(size).fill(1);
  for (let k = 0; k < KEPT_OUTPUTS; ++k) {
    const start = clockOf(env).now();
    const a = fresh ? new Float32Array(size) : reused;
    a.fill(k + 2);
    times.push((clockOf(env).now() - start) * 1000);
    // Kept alive so that the next array cannot reuse this one's memory.
    if (fresh)
      kept.push(a);
    else
      reused = a;
  }
  return median(times);
}

/**
 * The cost of fresh memory, measured apart from the kernels (see FirstTouch):
 * at every size from FIRST_TOUCH_MIN_SIZE, where an output spans enough pages
 * for it to matter.
 */
async function measureFirstTouch(ctx: SuiteContext, hot: SizeTimings[]): Promise<FirstTouch[]> {
  const {env, options} = ctx;
  const results: FirstTouch[] = [];
  for (const size of options.sizes.filter((n) => n >= FIRST_TOUCH_MIN_SIZE)) {
    env.log?.(`${env.backend}: first touch ${size}`);
    const warmUs = fillTimes(env, size, false);
    const freshUs = fillTimes(env, size, true);
    const x = benchInput(size, options.beta);
    const {activations, dispose} = activationsFor(ctx, x);
    const keptOutputs: FirstTouch['keptOutputs'] = [];
    for (const name of KEPT_OUTPUT_CASES) {
      const activation = activations.find((a) => a.name === name)!;
      const hotUs = hot.find((t) => t.size === size)?.cases.find((c) => c.name === name)?.us ?? null;
      const outputs: tf.Tensor[] = [];
      try {
        const times: number[] = [];
        for (let k = 0; k < KEPT_OUTPUTS; ++k) {
          const start = clockOf(env).now();
          const y = tf.tidy(() => activation.f(x));
          await env.sync(y);
          times.push((clockOf(env).now() - start) * 1000);
          outputs.push(y);
        }
        keptOutputs.push({name, us: median(times), hotUs});
      } catch (e) {
        keptOutputs.push({name, us: NaN, hotUs, error: errorMessage(e)});
      } finally {
        tf.dispose(outputs);
      }
    }
    dispose();
    x.dispose();
    const pages = size * 4 / 4096;
    results.push({size, freshUs, warmUs, usPerPage: (freshUs - warmUs) / pages, keptOutputs});
  }
  return results;
}

/** How many ratio cells are too noisy to read, and whether the whole run is. */
function assessNoise(sections: SizeTimings[][]): Noise {
  let ratios = 0, flagged = 0, unsteady = 0;
  for (const timings of sections) {
    for (const t of timings) {
      for (const c of t.cases) {
        if (c.warmUp && !c.warmUp.steady) ++unsteady;
        if (c.name === RELU_CASE || c.ratioSpread == null || !Number.isFinite(c.ratioSpread)) continue;
        ++ratios;
        if (c.ratioSpread > NOISY_SPREAD) ++flagged;
      }
    }
  }
  return {ratios, flagged, unsteady, tooNoisy: flagged > ratios / 4};
}

async function probe(name: string, size: number, f: () => tf.Tensor): Promise<MemoryProbe> {
  const outputBytes = 4 * size;
  const before = tf.memory().numBytes;
  try {
    const info = await tf.profile(f);
    (info.result as tf.Tensor).dispose();
    return {
      name,
      size,
      outputBytes,
      newTensors: info.newTensors,
      newBytes: info.newBytes,
      peakExtraBytes: info.peakBytes - before,
      kernels: info.kernels.map((k) => k.name),
    };
  } catch (e) {
    return {
      name,
      size,
      outputBytes,
      newTensors: NaN,
      newBytes: NaN,
      peakExtraBytes: NaN,
      kernels: [],
      error: errorMessage(e)
    };
  }
}

function runDirectly<T>(run: () => T): T {
  return run();
}

/** What each call leaves behind and allocates on the way (tf.profile), forward and backward. */
async function probeMemory(ctx: SuiteContext): Promise<MemoryProbe[]> {
  const size = MEMORY_PROBE_SIZE;
  const beta = ctx.options.beta;
  const x = benchInput(size, beta);
  const {activations, dispose} = activationsFor(ctx, x);
  const dy = tf.onesLike(x);
  const probes: MemoryProbe[] = [];
  for (const {name, f, around = runDirectly} of activations) {
    probes.push(await around(() => probe(`${name} forward`, size, () => f(x))));
  }
  probes.push(await probe('smeluGrad kernel (dy, x)', size, () => smeluGrad(dy, x, beta)));
  for (const {name, f, around = runDirectly} of activations) {
    probes.push(await around(() => probe(`${name} backward (tf.grad with dy)`, size, () => tf.grad(f)(x, dy))));
  }
  dispose();
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
        const cost =
            optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.apply(xs) as tf.Tensor) as tf.Scalar, true);
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
  const scalarParams = makeGeneralizedSmeLUBenchParams(options.beta);
  const ctx: SuiteContext = {env, options, scalarParams, extra: env.extraActivations?.(options.beta) ?? []};
  const forward = await timeActivations(ctx, false);
  const forwardBackward = await timeActivations(ctx, true, benchParamGradients(scalarParams));
  const firstTouch = await measureFirstTouch(ctx, forward);
  const memory = await probeMemory(ctx);
  tf.dispose(Object.values(scalarParams));
  const mlp = await timeMlp(env, options);
  return {
    backend: env.backend,
    date: new Date().toISOString(),
    machine: env.machine,
    options,
    forward,
    forwardBackward,
    firstTouch,
    noise: assessNoise([forward, forwardBackward]),
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
