/**
 * The MovieLens workload's options used by the presets (real dslabs data from
 * the test cache): the reference setup (no genres, N(0, 0.05²) embeddings)
 * against the demo's (genres, U(−0.05, 0.05)): inputs, initial weights'
 * distribution, the split and the target.
 * @fullRun debian-data
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as os from 'os';
import * as path from 'path';

import 'tfjs-smelu';
import {getActivation, movieLensWorkload, seededPermutation} from 'tfjs-smelu-repro';
import {loadMovieLens} from 'tfjs-smelu-repro/node';

const CACHE = path.join(os.tmpdir(), 'tfjs-smelu-test-cache');

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

test(
    'reference options: two id inputs, N(0, 0.05²) embeddings of width 16; the default: genres and U(−0.05, 0.05)',
    async () => {
      const data = await loadMovieLens({cacheDir: CACHE, download: false});
      const before = tf.memory().numTensors;
      const reference =
          movieLensWorkload(data, {genres: false, embeddingInit: 'normal', maxRatings: 5000, rankingCandidates: 10});
      const demo = movieLensWorkload(data, {maxRatings: 5000, rankingCandidates: 10});
      expect(reference.trainInputs).toHaveLength(2);
      expect(demo.trainInputs).toHaveLength(3);
      expect(demo.trainInputs[2].shape[1]).toBe(data.genreNames.length);
      expect(reference.settings)
          .toMatchObject({genres: false, embeddingInit: 'normal', embeddingDim: 16, numTrain: 4000, numEval: 1000});

      const options = {activation: getActivation('relu'), beta: undefined, initSeed: 3, norm: 'none' as const};
      const stats = (w: typeof reference) => {
        const model = w.buildModel(options);
        const movies = model.getWeights().find((t) => t.shape[0] === data.numMovies && t.shape[1] === 16)!;
        const v = Array.from(movies.dataSync());
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
        const maxAbs = v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
        const inputs = model.inputs.length;
        model.dispose();
        return {mean, sd, maxAbs, inputs};
      };
      const r = stats(reference), d = stats(demo);
      // 145,056 draws: the sample sd is within 1% of 0.05 (N) or of 0.05/√3 (U), far beyond chance.
      expect(r.inputs).toBe(2);
      expect(Math.abs(r.mean)).toBeLessThan(0.001);
      expect(r.sd).toBeGreaterThan(0.0495);
      expect(r.sd).toBeLessThan(0.0505);
      expect(r.maxAbs).toBeGreaterThan(0.15);  // a normal's tail, impossible under U(−0.05, 0.05)
      expect(d.inputs).toBe(3);
      expect(d.sd).toBeGreaterThan(0.99 * 0.05 / Math.sqrt(3));
      expect(d.sd).toBeLessThan(1.01 * 0.05 / Math.sqrt(3));
      expect(d.maxAbs).toBeLessThanOrEqual(0.05);

      // The 80/20 split is the seeded permutation's first 20% (of the subsample), the target rating ≥ 4.
      const rows = seededPermutation(data.numRatings, 'split:0').slice(0, 5000);
      const labels = reference.evalLabels.dataSync();
      for (const k of [0, 17, 999]) expect(labels[k]).toBe(data.ratings[rows[k]] >= 4 ? 1 : 0);
      const users = reference.evalInputs[0].dataSync();
      expect(users[17]).toBe(data.userIndex[rows[17]]);
      reference.dispose();
      demo.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(() => movieLensWorkload(data, {embeddingInit: 'he' as 'normal'}))
          .toThrow('movieLensWorkload: embeddingInit must be \'uniform\' or \'normal\', but got "he".');
    });
