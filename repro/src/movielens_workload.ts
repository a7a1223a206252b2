/**
 * MovieLens as a binary task: will this user rate this movie ≥ 4 stars?
 * Inputs: user and movie ids (learned embeddings) and the movie's genres;
 * model: embeddings → MLP tower with the activation under test → one logit.
 */
import {losses, reshape, Scalar, sigmoid, Tensor, tensor2d} from '@tensorflow/tfjs-core';
import {input, layers as tflLayers, model as tflModel, SymbolicTensor} from '@tensorflow/tfjs-layers';
import seedrandom from 'seedrandom';

import type {MovieLensData} from './data/movielens';
import {ScatterEmbedding} from './embedding';
import {hiddenTower, ModelOptions, outputLayer, Workload} from './workload';
import {deriveSeed} from './trainer';

/** Options of {@link movieLensWorkload}. */
export interface MovieLensWorkloadOptions {
  /** Share of ratings held out for evaluation (default 0.2). */
  evalFraction?: number;
  /** Seed of the train/eval split and of subsampling (default 0). */
  splitSeed?: number;
  /** Use only this many ratings (random subset), e.g. for quick runs. */
  maxRatings?: number;
  /** Embedding width for users and movies (default 16). */
  embeddingDim?: number;
  /** Widths of the hidden layers (default [64, 32]). */
  hidden?: number[];
  /** Candidates ranked per user for the top-k swap rate: the most-rated movies (default 200). */
  rankingCandidates?: number;
}

/**
 * Builds the MovieLens workload from loaded ratings.
 *
 * ```js
 * // not run: loads MovieLens (a download or a Debian package); `npm run demo` runs it
 * const data = await tfSmeluRepro.loadMovieLens();
 * const workload = tfSmeluRepro.movieLensWorkload(data, {maxRatings: 20000});
 * ```
 */
export function movieLensWorkload(data: MovieLensData, options: MovieLensWorkloadOptions = {}): Workload {
  const evalFraction = options.evalFraction ?? 0.2;
  if (!(evalFraction > 0 && evalFraction < 1)) throw new Error(`movieLensWorkload: evalFraction must be in (0, 1), but got ${evalFraction}.`);
  const embeddingDim = options.embeddingDim ?? 16;
  const hidden = options.hidden ?? [64, 32];
  const rng = seedrandom(`split:${options.splitSeed ?? 0}`);
  let rows = Array.from({length: data.numRatings}, (_, i) => i);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  if (options.maxRatings != null && options.maxRatings < rows.length) rows = rows.slice(0, options.maxRatings);
  const numEval = Math.round(rows.length * evalFraction);
  const evalRows = rows.slice(0, numEval);
  const trainRows = rows.slice(numEval);
  const numGenres = data.genreNames.length;

  const features = (which: number[]) => {
    const users = new Int32Array(which.length), movies = new Int32Array(which.length);
    const genres = new Float32Array(which.length * numGenres), labels = new Float32Array(which.length);
    which.forEach((r, k) => {
      users[k] = data.userIndex[r];
      movies[k] = data.movieIndex[r];
      genres.set(data.movieGenres.subarray(movies[k] * numGenres, (movies[k] + 1) * numGenres), k * numGenres);
      labels[k] = data.ratings[r] >= 4 ? 1 : 0;
    });
    return {
      inputs: [tensor2d(users, [which.length, 1], 'int32'), tensor2d(movies, [which.length, 1], 'int32'),
        tensor2d(genres, [which.length, numGenres])],
      labels: tensor2d(labels, [which.length, 1]),
    };
  };
  const trainSet = features(trainRows);
  const evalSet = features(evalRows);

  // Ranking read-out: every user × the most-rated movies of the training split.
  const counts = new Map<number, number>();
  for (const r of trainRows) counts.set(data.movieIndex[r], (counts.get(data.movieIndex[r]) ?? 0) + 1);
  const candidates = Array.from(counts.entries()).sort((a, b) => b[1] - a[1] || a[0] - b[0])
                         .slice(0, options.rankingCandidates ?? 200).map(([m]) => m);
  const numUsers = data.numUsers, numCandidates = candidates.length;
  const rUsers = new Int32Array(numUsers * numCandidates), rMovies = new Int32Array(numUsers * numCandidates);
  const rGenres = new Float32Array(numUsers * numCandidates * numGenres);
  for (let u = 0, k = 0; u < numUsers; u++) {
    for (const m of candidates) {
      rUsers[k] = u;
      rMovies[k] = m;
      rGenres.set(data.movieGenres.subarray(m * numGenres, (m + 1) * numGenres), k * numGenres);
      k++;
    }
  }
  const rankingInputs = [tensor2d(rUsers, [rUsers.length, 1], 'int32'), tensor2d(rMovies, [rMovies.length, 1], 'int32'),
    tensor2d(rGenres, [rUsers.length, numGenres])];

  const buildModel = (o: ModelOptions) => {
    const userIn = input({shape: [1], dtype: 'int32', name: 'user'});
    const movieIn = input({shape: [1], dtype: 'int32', name: 'movie'});
    const genresIn = input({shape: [numGenres], name: 'genres'});
    const embed = (x: SymbolicTensor, count: number, label: string) => new ScatterEmbedding({
      inputDim: count, outputDim: embeddingDim, seed: deriveSeed(o.initSeed, label)}).apply(x) as SymbolicTensor;
    const joined = tflLayers.concatenate().apply(
        [embed(userIn, data.numUsers, 'users'), embed(movieIn, data.numMovies, 'movies'), genresIn]) as SymbolicTensor;
    return tflModel({inputs: [userIn, movieIn, genresIn], outputs: outputLayer(hiddenTower(joined, hidden, o), 1, o.initSeed)});
  };

  return {
    name: 'movielens',
    description: `MovieLens: P(rating ≥ 4 | user, movie, genres); embeddings ${embeddingDim}+${embeddingDim}+${numGenres} genres → ` +
        `MLP [${hidden.join(', ')}] → 1 logit; ${trainRows.length} train / ${evalRows.length} eval ratings; ` +
        `top-k over ${numCandidates} most-rated movies for ${numUsers} users`,
    source: data.source,
    kind: 'binary',
    trainInputs: trainSet.inputs,
    trainLabels: trainSet.labels,
    evalInputs: evalSet.inputs,
    evalLabels: evalSet.labels,
    ranking: {inputs: rankingInputs, users: numUsers, candidates: numCandidates},
    defaults: {epochs: 3, batchSize: 256, learningRate: 2e-3},
    buildModel,
    loss: (logits: Tensor, labels: Tensor): Scalar => losses.sigmoidCrossEntropy(labels, logits) as Scalar,
    probabilities: (logits: Tensor) => reshape(sigmoid(logits), [-1]),
    dispose: () => {
      for (const t of [...trainSet.inputs, trainSet.labels, ...evalSet.inputs, evalSet.labels, ...rankingInputs]) t.dispose();
    },
  };
}
