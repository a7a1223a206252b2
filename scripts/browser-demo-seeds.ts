/**
 * The seed sweep quoted in docs/browser-demo.md ("What it measured"): the
 * browser demo's own experiment (repro/examples/browser/src/replicas.ts, the
 * page's defaults, 8 epochs) in Node on the `cpu` backend, over three
 * order-seed pairs and four β values; one line of relative PD per run.
 * `--check` runs only the page's defaults (seeds 1 and 2, β = 1), which must
 * give the page's 8-epoch `cpu` row.
 *
 *   npx tsx scripts/browser-demo-seeds.ts [--check]
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

import '../src';
import {parseDigitsCsv, splitDigits} from '../repro/examples/browser/src/digits';
import {DEFAULT_CONFIG, trainReplicas} from '../repro/examples/browser/src/replicas';

const DIGITS = path.join(__dirname, '..', 'repro', 'examples', 'browser', 'data', 'digits.csv.gz');

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const check = process.argv.includes('--check');
  const text = zlib.gunzipSync(fs.readFileSync(DIGITS)).toString('utf8');
  // The page's split (loadDigits' defaults).
  const data = splitDigits(parseDigitsCsv(text), 0.2, 'digits-split');
  const pairs: Array<[number, number]> = check ? [[1, 2]] : [[1, 2], [3, 4], [5, 6]];
  const betas = check ? [1] : [0.5, 1, 2, 4];
  for (const orderSeeds of pairs) {
    for (const beta of betas) {
      const last = await trainReplicas(data, {...DEFAULT_CONFIG, beta, orderSeeds}, () => {}, () => false);
      const pd = (activation: string) => last.find((r) => r.activation === activation)!.metrics.relativePD;
      console.log(
          `order seeds ${orderSeeds.join(', ')}, β = ${beta}: relative PD ReLU ${pd('relu').toFixed(4)}, ` +
          `SmeLU ${pd('smelu').toFixed(4)} (${(pd('smelu') / pd('relu')).toFixed(2)}×)`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
