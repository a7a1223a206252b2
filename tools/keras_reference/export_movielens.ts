/**
 * Exports MovieLens ml-latest-small (Debian's r-cran-dslabs, `dslabs::movielens`)
 * as read by the toolkit's own loader, plus the 80/20 split, so that the Keras
 * reference (reference.py) trains on exactly the rows and split the tfjs demo uses.
 *
 *   npx tsx tools/keras_reference/export_movielens.ts [--out <dir>] [--cache-dir <dir>] [--split-seed <n>]
 *
 * Writes into <out> (default: <cache>/keras-reference, outside the git tree; the
 * GroupLens licence forbids redistributing the data, so never commit these files):
 * - ratings.csv: row,user,movie,rating,timestamp: one line per rating, in the
 *   loader's order; user/movie are the loader's dense 0-based indices.
 * - split.csv: position,row,part: the seeded permutation of the rows; the first
 *   round(0.2·n) positions are `eval`, the rest `train` (train order = this order).
 * - meta.json: source, counts, the split rule and its seed, SHA-256 of both CSVs.
 *
 * The split rule is the one of tfjs-smelu-repro's movieLensWorkload: a
 * Fisher–Yates shuffle of 0..n−1 driven by seedrandom(`split:<splitSeed>`), the
 * first round(n·0.2) rows held out. The script checks that the workload built
 * from the same data holds out exactly these rows (and says so).
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import {createHash} from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import seedrandom from 'seedrandom';
import {parseArgs} from 'util';

import {movieLensWorkload} from 'tfjs-smelu-repro';
import {defaultCacheDir, MovieLensData} from 'tfjs-smelu-repro/node';
// The dslabs snapshot itself (not the loader's fallbacks): an internal of the toolkit, from its source.
import {loadMovieLensFromDslabs} from '../../repro/src/data/movielens';

const EVAL_FRACTION = 0.2;

/** The split permutation of movieLensWorkload (see the module notes). */
function splitPermutation(numRatings: number, splitSeed: number): Int32Array {
  const rng = seedrandom(`split:${splitSeed}`);
  const rows = Int32Array.from({length: numRatings}, (_, i) => i);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = rows[i];
    rows[i] = rows[j];
    rows[j] = t;
  }
  return rows;
}

/** Does movieLensWorkload (same data, same seed) hold out the same rows, in the same order? */
async function workloadAgrees(
    data: MovieLensData, perm: Int32Array, numEval: number, splitSeed: number): Promise<boolean> {
  await tf.setBackend('cpu');
  const workload = movieLensWorkload(data, {evalFraction: EVAL_FRACTION, splitSeed, rankingCandidates: 1});
  try {
    const check = async(inputs: tf.Tensor[], labels: tf.Tensor, rows: Int32Array): Promise<boolean> => {
      const [users, movies, y] = await Promise.all([inputs[0].data(), inputs[1].data(), labels.data()]);
      if (users.length !== rows.length) return false;
      return rows.every(
          (r, k) => users[k] === data.userIndex[r] && movies[k] === data.movieIndex[r] &&
              y[k] === (data.ratings[r] >= 4 ? 1 : 0));
    };
    return await check(workload.evalInputs, workload.evalLabels, perm.subarray(0, numEval)) &&
        await check(workload.trainInputs, workload.trainLabels, perm.subarray(numEval));
  } finally {
    workload.dispose();
  }
}

function writeAtomically(file: string, text: string): string {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
  return createHash('sha256').update(text).digest('hex');
}

async function main(): Promise<void> {
  const {values} = parseArgs({
    options: {'out': {type: 'string'}, 'cache-dir': {type: 'string'}, 'split-seed': {type: 'string'}},
    allowPositionals: false,
  });
  const cacheDir = values['cache-dir'] ?? defaultCacheDir();
  const out = path.resolve(values.out ?? path.join(cacheDir, 'keras-reference'));
  const splitSeed = Number(values['split-seed'] ?? '0');
  if (!Number.isInteger(splitSeed))
    throw new Error(`--split-seed must be an integer, but got '${values['split-seed']}'.`);

  const data = loadMovieLensFromDslabs(cacheDir);
  const n = data.numRatings;
  const perm = splitPermutation(n, splitSeed);
  const numEval = Math.round(n * EVAL_FRACTION);

  const ratingLines = ['row,user,movie,rating,timestamp'];
  for (let r = 0; r < n; r++) {
    ratingLines.push(`${r},${data.userIndex[r]},${data.movieIndex[r]},${data.ratings[r]},${data.timestamps[r]}`);
  }
  const splitLines = ['position,row,part'];
  perm.forEach((r, k) => splitLines.push(`${k},${r},${k < numEval ? 'eval' : 'train'}`));

  fs.mkdirSync(out, {recursive: true});
  const ratingsSha256 = writeAtomically(path.join(out, 'ratings.csv'), ratingLines.join('\n') + '\n');
  const splitSha256 = writeAtomically(path.join(out, 'split.csv'), splitLines.join('\n') + '\n');
  const matchesWorkload = await workloadAgrees(data, perm, numEval, splitSeed);
  const meta = {
    source: data.source,
    numRatings: n,
    numUsers: data.numUsers,
    numMovies: data.numMovies,
    positives: Array.from(data.ratings).filter((r) => r >= 4).length,
    split: {
      rule:
          'Fisher–Yates shuffle of rows 0..n−1 driven by seedrandom(`split:<splitSeed>`); the first round(n·evalFraction) ' +
          'positions are eval, the rest train (as tfjs-smelu-repro movieLensWorkload)',
      splitSeed,
      evalFraction: EVAL_FRACTION,
      numEval,
      numTrain: n - numEval,
      matchesMovieLensWorkload: matchesWorkload,
    },
    files: {'ratings.csv': ratingsSha256, 'split.csv': splitSha256},
  };
  writeAtomically(path.join(out, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  console.log(`${data.source}: ${n} ratings, ${data.numUsers} users, ${data.numMovies} movies`);
  console.log(
      `split seed ${splitSeed}: ${n - numEval} train / ${numEval} eval; ` +
      `same rows as movieLensWorkload: ${matchesWorkload ? 'yes' : 'NO'}`);
  console.log(`wrote ${out}/{ratings.csv,split.csv,meta.json}`);
  if (!matchesWorkload) {
    console.error(
        'warning: tfjs-smelu-repro\'s movieLensWorkload no longer holds out these rows; the two runs would not ' +
        'see the same split. Check repro/src/workloads/movielens.ts.');
    process.exitCode = 2;
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
