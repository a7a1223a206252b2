/**
 * SmeLU/relu time ratios on the Node backends `wasm` and `tensorflow` (both
 * run kernels synchronously), for the kernel call alone and including the
 * read-back of the result (what a caller waits for), in one process:
 * interleaved rounds, median of the per-round ratios.
 *
 *   TF_CPP_MIN_LOG_LEVEL=2 npx tsx scripts/smelu-relu-ratio.ts [wasm|tensorflow|cpu] [size=1e6] [rounds=31] [no-simd]
 *
 * `no-simd` times the wasm kernels' JavaScript-loop fallback instead of our SIMD module.
 *
 * Also prints the max relative error of SmeLU and its gradient against the
 * cpu kernel on the same input. Speed is checked here, never in tests.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as path from 'path';

import {smelu, smeluGrad} from '../src';
import {setSmeLUWasmSimdEnabled} from '../src/kernels/wasm/simd_kernels';

async function load(backend: string): Promise<void> {
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(
        path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
  } else if (backend === 'tensorflow') {
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    await import('@tensorflow/tfjs-node');
  }
  if (!await tf.setBackend(backend)) throw new Error(`backend ${backend} did not initialise`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds for one call of `fn`, optionally including the read-back. */
function timeOnce(fn: () => tf.Tensor, readBack: boolean): number {
  const start = process.hrtime.bigint();
  const y = fn();
  if (readBack) y.dataSync();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  y.dispose();
  return ms;
}

function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; ++i) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    if (a[i] === b[i]) continue;
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-6));
  }
  return worst;
}

async function main(): Promise<void> {
  const [backend = 'wasm', sizeText = '1e6', roundsText = '31', simdText = ''] = process.argv.slice(2);
  setSmeLUWasmSimdEnabled(simdText !== 'no-simd');
  const size = Number(sizeText), rounds = Number(roundsText), beta = 1;
  await load(backend);
  const xValues = Float32Array.from({length: size}, (_, i) => ((i * 7919) % size) / size * 6 * beta - 3 * beta);
  const x = tf.tensor1d(xValues);
  const dy = tf.onesLike(x);
  const cases: Record<string, () => tf.Tensor> = {
    relu: () => tf.relu(x),
    smelu: () => smelu(x, beta),
    reluGrad: () => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy)),
    smeluGrad: () => smeluGrad(dy, x, beta),
  };
  for (let i = 0; i < 5; ++i)
    for (const fn of Object.values(cases)) timeOnce(fn, true);
  const ratios: Record<string, number[]> = {};
  const times: Record<string, number[]> = {};
  for (let r = 0; r < rounds; ++r) {
    for (const readBack of [false, true]) {
      const mode = readBack ? 'with read-back' : 'kernel only';
      const t: Record<string, number> = {};
      for (const [name, fn] of Object.entries(cases)) {
        t[name] = timeOnce(fn, readBack);
        (times[`${name} ${mode}`] ??= []).push(t[name]);
      }
      (ratios[`SmeLU/relu ${mode}`] ??= []).push(t.smelu / t.relu);
      (ratios[`smeluGrad/relu-grad ${mode}`] ??= []).push(t.smeluGrad / t.reluGrad);
    }
  }
  const y = smelu(x, beta), g = smeluGrad(dy, x, beta);
  const [yData, gData] = [y.dataSync().slice(), g.dataSync().slice()];
  tf.dispose([y, g, x, dy]);
  await tf.setBackend('cpu');
  const xc = tf.tensor1d(xValues), dyc = tf.onesLike(xc);
  const yc = smelu(xc, beta), gc = smeluGrad(dyc, xc, beta);
  const forwardError = maxRelative(yData, yc.dataSync()), gradError = maxRelative(gData, gc.dataSync());
  tf.dispose([xc, dyc, yc, gc]);
  const fmt = (v: number) => v.toFixed(3);
  console.log(`${backend}${simdText === 'no-simd' ? ' (no SIMD module)' : ''}, ${size} float32 elements, beta=${
      beta}, ${rounds} interleaved rounds`);
  for (const mode of ['kernel only', 'with read-back']) {
    console.log(
        `  ${mode}: median ms relu ${fmt(median(times[`relu ${mode}`]))}, smelu ${
            fmt(median(times[`smelu ${mode}`]))}, relu grad (tf.grad) ${fmt(median(times[`reluGrad ${mode}`]))}, ` +
        `smeluGrad kernel ${fmt(median(times[`smeluGrad ${mode}`]))}`);
    console.log(`    SmeLU/relu ${median(ratios[`SmeLU/relu ${mode}`]).toFixed(2)}x, smeluGrad/relu-grad ${
        median(ratios[`smeluGrad/relu-grad ${mode}`]).toFixed(2)}x`);
  }
  console.log(
      `  max relative error vs cpu kernel (floor 1e-6): forward ${forwardError.toExponential(2)}, ` +
      `gradient ${gradError.toExponential(2)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
