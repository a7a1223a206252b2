/**
 * Where the time of a forward + backward pass goes on wasm: `tf.grad(f)(x, dy)`
 * for relu and SmeLU (β = 1), the kernels each one runs (listed by
 * `tf.profile`), and each of those kernels timed alone on the same tensors.
 * What tf.grad costs beyond the sum of its kernels is the engine's own work
 * (tape, scopes, disposal).
 *
 * Two things set a floor under SmeLU's ratio that no kernel can lower:
 * - the engine saves the forward's input for the backward pass with
 *   `clone`, and tfjs-backend-wasm's `Identity` kernel copies the data (the
 *   cpu backend shares it instead): a full read and write of x that SmeLU
 *   pays like relu;
 * - the engine's own work per call and per tf.grad.
 * Two bounds follow from the measurements: SmeLU's ratio if its two SIMD
 * loops took no time at all (tf.grad(smelu) less the loops, timed alone on
 * buffers already on the heap), and if they streamed memory at exactly the
 * pace of the backend's own relu loop (forward: one read and one write, as
 * relu; backward: two reads and one write, 1.5× relu's loop).
 *
 * Interleaved rounds, medians of per-round ratios, process CPU time; outputs
 * disposed before the next call, as in a training loop.
 *
 *   npx tsx bench/wasm_backward_floor.ts [--sizes 4096,100000,1048576] [--rounds 31]
 *
 * Speed is measured here, never asserted.
 */
import '@tensorflow/tfjs-backend-wasm';

import * as tf from '@tensorflow/tfjs-core';

// The built package (dist/, `npm run build:js`), as users get it: tsx's transform of src/ adds per-call costs (see
// backends/node_bundle.ts), and tsconfig's paths would send 'tfjs-smelu' to src/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const {smelu} = require('../dist/index.cjs') as typeof import('../src/index');
import {SmeLUGradKernelName} from '../src/kernel_names';
import {simdKernelsFor} from '../src/kernels/wasm/simd_kernels';
import type {WasmBackendLike} from '../src/kernels/wasm/wasm_backend_types';
import {PROCESS_CPU_CLOCK} from './backends/node_common';
import {median, pairedRatio} from './stats';
import {interleavedSamples, parseSizesAndRounds, WasmBackendInternals} from './wasm_script';

/** The kernels a call runs, in order (tf.profile), e.g. "Relu, Identity, Step, Identity, Multiply". */
async function kernelsOf(f: () => tf.Tensor): Promise<string> {
  const info = await tf.profile(() => f());
  return info.kernelNames.join(', ');
}

async function main(): Promise<void> {
  const {sizes, rounds} = parseSizesAndRounds(process.argv.slice(2), 31, 3);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  const backend = tf.backend() as unknown as WasmBackendInternals;
  const simd = simdKernelsFor(backend as unknown as WasmBackendLike);
  if (simd == null) throw new Error('the SIMD module does not run here (no wasm SIMD?)');
  const clock = PROCESS_CPU_CLOCK;
  const gradRelu = tf.grad((t: tf.Tensor) => tf.relu(t));
  const gradSmelu = tf.grad((t: tf.Tensor) => smelu(t, 1));
  console.log(`wasm, forward + backward: tf.grad(f)(x, dy), x ~ U(−4, 4), β = 1; µs per call (median of ${
      rounds} interleaved rounds, ${clock.description})`);
  for (const size of sizes) {
    const x = tf.randomUniform([size], -4, 4, 'float32', 42);
    const dy = tf.randomUniform([size], 0, 1, 'float32', 7);
    const step = tf.step(x);
    const out = tf.zeros([size]);
    const offset = (t: tf.Tensor) => backend.dataIdMap.get(t.dataId).memoryOffset;
    const [xo, dyo, oo, xi, oi] =
        [offset(x), offset(dy), offset(out), backend.dataIdMap.get(x.dataId).id, backend.dataIdMap.get(out.dataId).id];
    // A tfjs call returns a tensor, disposed before the next call; a loop alone writes into `out` and returns nothing.
    const cases: Array<[string, () => tf.Tensor | void]> = [
      ['tf.grad(relu)', () => gradRelu(x, dy)],
      ['tf.grad(smelu)', () => gradSmelu(x, dy)],
      ['Relu', () => tf.relu(x)],
      ['SmeLU', () => smelu(x, 1)],
      ['Identity (clone)', () => tf.clone(x)],
      ['Step', () => tf.step(x)],
      ['Multiply', () => tf.mul(dy, step)],
      ['SmeLUGrad', () => tf.engine().runKernel(SmeLUGradKernelName, {dy, x}, {beta: 1}) as tf.Tensor],
      ['relu loop alone', () => backend.wasm._Relu(xi, 0, oi)],
      ['smelu loop alone', () => simd.exports.smelu(xo, oo, size, 1)],
      ['smeluGrad loop alone', () => simd.exports.smeluGrad(dyo, xo, oo, size, 1)],
    ];
    // Enough calls per sample for ~10 ms, after a warm-up that lets the heap settle; µs per call.
    const samples = interleavedSamples(cases.map(([, f]) => f), clock, {rounds, warmUp: 50, sampleMs: 10})
                        .map((ms) => ms.map((v) => v * 1000));
    const t = Object.fromEntries(cases.map(([name], c) => [name, median(samples[c])]));
    const reluKernels = await kernelsOf(() => gradRelu(x, dy));
    const smeluKernels = await kernelsOf(() => gradSmelu(x, dy));
    const engineRelu = t['tf.grad(relu)'] - t.Relu - 2 * t['Identity (clone)'] - t.Step - t.Multiply;
    const engineSmelu = t['tf.grad(smelu)'] - t.SmeLU - t['Identity (clone)'] - t.SmeLUGrad;
    // The bounds round by round (as the measured ratio is), then their median.
    const at = (name: string) => samples[cases.findIndex(([n]) => n === name)];
    const perRound = (extra: (r: number) => number) => median(at('tf.grad(relu)').map((relu, r) => {
      const loops = at('smelu loop alone')[r] + at('smeluGrad loop alone')[r];
      return (at('tf.grad(smelu)')[r] - loops + extra(r)) / relu;
    }));
    const free = perRound(() => 0);
    const atReluPace = perRound((r) => 2.5 * at('relu loop alone')[r]);
    console.log(`\n### ${size.toLocaleString('en-US')} elements\n`);
    console.log('| call | µs | × relu |\n| --- | ---: | ---: |');
    cases.forEach(([name], c) => {
      console.log(`| ${name} | ${t[name].toFixed(2)} | ${pairedRatio(samples[c], samples[2]).toFixed(2)} |`);
    });
    console.log(`\n- tf.grad(relu) runs: ${reluKernels}; beyond them (engine): ${engineRelu.toFixed(2)} µs`);
    console.log(`- tf.grad(smelu) runs: ${smeluKernels}; beyond them (engine): ${engineSmelu.toFixed(2)} µs`);
    console.log(`- SmeLU forward + backward / relu's: ${pairedRatio(samples[1], samples[0]).toFixed(3)}`);
    console.log(`- the same if SmeLU's two loops took no time: ${free.toFixed(3)}`);
    console.log(
        `- the same with its loops at the pace of relu's per stream (2.5 × relu's loop): ${atReluPace.toFixed(3)}`);
    tf.dispose([x, dy, step, out]);
  }
}

main().catch((e) => {
  console.error(`wasm_backward_floor: ${(e as Error).message}`);
  process.exitCode = 1;
});
