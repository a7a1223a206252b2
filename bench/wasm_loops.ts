/**
 * The wasm kernels' loops alone: the SIMD module's functions
 * (src/kernels/wasm/smelu_simd.wat) called directly on buffers already on
 * the heap, against the wasm backend's own `Relu` export called the same way
 * (its tensor ids, no tfjs call, no allocation). What is left is each loop's
 * cost per 4 floats; `npm run bench`'s 16-element column gives the per-call
 * overhead that a real call adds. Interleaved rounds, medians of per-round
 * ratios, process CPU time.
 *
 *   npx tsx bench/wasm_loops.ts [--sizes 4096,100000,1048576] [--rounds 41]
 *
 * Speed is measured here, never asserted.
 */
import '@tensorflow/tfjs-backend-wasm';

import * as tf from '@tensorflow/tfjs-core';

import {simdKernelsFor} from '../src/kernels/wasm/simd_kernels';
import type {WasmBackendLike} from '../src/kernels/wasm/wasm_backend_types';
import {benchChannels} from './activations';
import {PROCESS_CPU_CLOCK} from './backends/node_common';
import {median, pairedRatio, pairedRatioSpread} from './stats';
import {interleavedSamples, parseSizesAndRounds, WasmBackendInternals} from './wasm_script';

async function main(): Promise<void> {
  const {sizes, rounds} = parseSizesAndRounds(process.argv.slice(2), 41);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  const backend = tf.backend() as unknown as WasmBackendInternals;
  const kernels = simdKernelsFor(backend as unknown as WasmBackendLike);
  if (kernels == null) throw new Error('the SIMD module does not run here (no wasm SIMD?)');
  const {smelu, smeluGrad, gsmelu, gsmeluGradX, gsmeluChannels, gsmeluConstants} = kernels.exports;
  const clock = PROCESS_CPU_CLOCK;
  console.log(`wasm loops, ns per 4 floats (ratio to relu, ± spread of the per-round ratios); ${rounds} rounds, ${
      clock.description}`);
  console.log(`\n| loop | ${sizes.map((s) => s.toLocaleString('en-US')).join(' | ')} |`);
  console.log(`| --- |${' ---: |'.repeat(sizes.length)}`);
  const rows = new Map<string, string[]>();
  for (const size of sizes) {
    const channels = benchChannels(size);
    const x = tf.randomUniform([size], -4, 4, 'float32', 42);
    const dy = tf.randomUniform([size], 0, 1, 'float32', 7);
    const out = tf.zeros([size]);
    // Per-channel parameters (α, β, g₋, g₊, t, one row each) and room for their constants.
    const params = tf.tidy(() => tf.concat([0.75, 1.25, 0.1, 1.2, 0.05].map((v) => tf.fill([channels], v))));
    const constants = tf.zeros([(Math.ceil(channels / 4) + 1) * 36]);
    const offset = (t: tf.Tensor) => backend.dataIdMap.get(t.dataId).memoryOffset;
    const id = (t: tf.Tensor) => backend.dataIdMap.get(t.dataId).id;
    const [xo, dyo, oo, po, ko, xi, oi] =
        [offset(x), offset(dy), offset(out), offset(params), offset(constants), id(x), id(out)];
    const at = (row: number) => po + 4 * row * channels;
    gsmeluConstants(at(0), 4, at(1), 4, at(2), 4, at(3), 4, at(4), 4, channels, ko);
    const cases: Array<[string, () => void]> = [
      ['relu (tfjs)', () => backend.wasm._Relu(xi, 0, oi)],
      ['smelu (β = 1, a float32: 6 ops)', () => smelu(xo, oo, size, 1)],
      ['smelu (β = 0.1, not a float32: 7 ops)', () => smelu(xo, oo, size, 0.1)],
      ['smeluGrad (β = 1: 5 ops)', () => smeluGrad(dyo, xo, oo, size, 1)],
      ['smeluGrad (β = 0.1: 6 ops)', () => smeluGrad(dyo, xo, oo, size, 0.1)],
      [
        'g-smelu, no zero slope (11 ops)',
        () => gsmelu(xo, oo, size, 0.75, 2, 0.1, 1.2, 0.05, 0.275, -Infinity, Infinity)
      ],
      ['g-smelu, a zero slope (13 ops)', () => gsmelu(xo, oo, size, 0.75, 2, 0, 1.2, 0.05, 0.3, -3.4e38, Infinity)],
      [`g-smelu per-channel (${channels} channels)`, () => gsmeluChannels(xo, oo, size / channels, channels, ko, 0)],
      ['g-smelu dx', () => gsmeluGradX(dyo, xo, oo, size, 0.75, 2, 0.1, 0.55)],
    ];
    // ns per 4 floats.
    const samples = interleavedSamples(cases.map(([, f]) => f), clock, {rounds, warmUp: 200, sampleMs: 20})
                        .map((ms) => ms.map((v) => v * 1e6 / (size / 4)));
    cases.forEach(([name], c) => {
      const ratio = c === 0 ? '' :
                              ` (${pairedRatio(samples[c], samples[0]).toFixed(2)}× ±${
                                  Math.round(pairedRatioSpread(samples[c], samples[0]) * 100)}%)`;
      const label = name.startsWith('g-smelu per-channel') ? 'g-smelu per-channel' : name;
      rows.set(label, [...(rows.get(label) ?? []), `${median(samples[c]).toFixed(2)}${ratio}`]);
    });
    tf.dispose([x, dy, out, params, constants]);
  }
  for (const [name, cells] of rows) console.log(`| ${name} | ${cells.join(' | ')} |`);
}

main().catch((e) => {
  console.error(`wasm_loops: ${(e as Error).message}`);
  process.exitCode = 1;
});
