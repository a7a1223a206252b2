/**
 * Where splitting a native op over threads starts to pay: times each of
 * tfjs-smelu's native TensorFlow ops (through the tfjs ops, as a user calls
 * them) on one thread and on all threads with no minimum part size, in
 * interleaved rounds, and prints the median per-round ratio (all threads /
 * one thread) per size, and in parentheses the ratio of the fastest samples
 * (the least disturbed by other processes on a shared machine). A ratio below
 * 1 means the split pays at that size.
 * The library's default threshold (worker_pool.cc, kDefaultMinElementsPerPart)
 * comes from this measurement.
 *
 *   npx tsx bench/tensorflow_native_threads.ts [--rounds N] [--sizes 1e3,1e4,...]
 */
import * as tf from '@tensorflow/tfjs-core';
import * as os from 'os';

import {generalizedSmelu, smelu, smeluGrad} from '../src';
import {nativeTensorflowOps, nativeTensorflowOpsStatus} from '../src/kernels/tensorflow/native_library';
import {median} from './stats';

interface Case {
  name: string;
  /** One call; returns the tensor to wait for. */
  make(size: number): {call: () => tf.Tensor, dispose: () => void};
}

const CASES: Case[] = [
  {
    name: 'SmeLU forward',
    make: (n) => {
      const x = tf.randomUniform([n], -3, 3, 'float32', 1);
      return {call: () => smelu(x, 1), dispose: () => x.dispose()};
    }
  },
  {
    name: 'SmeLU gradient',
    make: (n) => {
      const x = tf.randomUniform([n], -3, 3, 'float32', 1), dy = tf.randomUniform([n], 0, 1, 'float32', 2);
      return {call: () => smeluGrad(dy, x, 1), dispose: () => tf.dispose([x, dy])};
    }
  },
  {
    name: 'g-SmeLU forward',
    make: (n) => {
      const x = tf.randomUniform([n], -3, 3, 'float32', 1);
      const p =
          {alpha: tf.scalar(0.5), beta: tf.scalar(1), gNeg: tf.scalar(-0.1), gPos: tf.scalar(1), shift: tf.scalar(0)};
      return {call: () => generalizedSmelu(x, p), dispose: () => tf.dispose([x, ...Object.values(p)])};
    }
  },
  {
    name: 'g-SmeLU dβ (sum)',
    make: (n) => {
      const x = tf.randomUniform([n], -3, 3, 'float32', 1), dy = tf.randomUniform([n], 0, 1, 'float32', 2);
      const beta = tf.scalar(1);
      const grad = tf.grad((b: tf.Tensor) => generalizedSmelu(x, {alpha: 0.5, beta: b, gNeg: -0.1}));
      return {call: () => tf.tidy(() => grad(beta, dy)), dispose: () => tf.dispose([x, dy, beta])};
    }
  },
];

function parseList(argv: string[], flag: string, fallback: number[]): number[] {
  const i = argv.indexOf(flag);
  return i < 0 ? fallback : argv[i + 1].split(',').map(Number);
}

async function main(): Promise<void> {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  await import('@tensorflow/tfjs-node');
  const ops = nativeTensorflowOps();
  if (ops == null) throw new Error(`the native ops are not loaded: ${nativeTensorflowOpsStatus().reason}`);
  const argv = process.argv.slice(2);
  const rounds = parseList(argv, '--rounds', [41])[0];
  const sizes = parseList(argv, '--sizes', [4096, 16384, 65536, 131072, 262144, 524288, 1048576, 4194304]);
  const saved = ops.getParallelism();
  const threads = saved.threads;
  console.log(
      `# Native op thread split: ${threads} threads vs 1 (cores: ${os.cpus().length}, ` +
      `load average at start: ${os.loadavg()[0].toFixed(2)}; ${rounds} interleaved rounds, wall time)\n`);
  console.log(`| op | ${sizes.map((s) => s.toExponential(1)).join(' | ')} |`);
  console.log(`| --- |${sizes.map(() => ' ---: ').join('|')}|`);
  try {
    for (const c of CASES) {
      const cells: string[] = [];
      for (const size of sizes) {
        const {call, dispose} = c.make(size);
        const calls = Math.max(1, Math.round(2e6 / size));
        // All threads with no minimum part size: parts of size / (4 · threads) elements.
        const sample = (parts: number) => {
          ops.setParallelism(parts, parts === 1 ? 1 << 30 : 1);
          const start = performance.now();
          for (let k = 0; k < calls; ++k) {
            const t = call();
            if (k === calls - 1) t.dataSync();
            t.dispose();
          }
          return (performance.now() - start) / calls;
        };
        // Warm-up.
        sample(1);
        sample(threads);
        const ratios: number[] = [], ones: number[] = [], alls: number[] = [];
        for (let r = 0; r < rounds; ++r) {
          // Alternate the order within a round, so neither setting always runs first.
          let one: number, all: number;
          if (r % 2 === 0) {
            one = sample(1);
            all = sample(threads);
          } else {
            all = sample(threads);
            one = sample(1);
          }
          ratios.push(all / one);
          ones.push(one);
          alls.push(all);
        }
        dispose();
        // Median of per-round ratios, and the ratio of the fastest samples (least disturbed by other processes).
        cells.push(`${median(ratios).toFixed(2)}× (${(Math.min(...alls) / Math.min(...ones)).toFixed(2)}×)`);
      }
      console.log(`| ${c.name} | ${cells.join(' | ')} |`);
    }
  } finally {
    ops.setParallelism(saved.threads, saved.minElementsPerPart);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
