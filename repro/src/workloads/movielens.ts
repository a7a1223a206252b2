/**
 * MovieLens as a binary task: will this user rate this movie ≥ 4 stars?
 * Inputs: user and movie ids (learned embeddings) and, optionally, the movie's
 * genres; model: embeddings → MLP tower with the activation under test → one
 * logit.
 */
import {losses, Reduction, reshape, Scalar, sigmoid, Tensor, tensor2d} from '@tensorflow/tfjs-core';
import {input, layers as tflLayers, model as tflModel, SymbolicTensor} from '@tensorflow/tfjs-layers';

import type {MovieLensData} from '../data/movielens';
import {deriveSeed, seededPermutation} from '../training/random';
import {EMBEDDING_INITS, EmbeddingInit, ScatterEmbedding} from './scatter_embedding';
import {hiddenTower, ModelOptions, outputLayer, Workload} from './workload';

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
  /** Initialization of the embeddings: U(−0.05, 0.05) (`uniform`, default) or N(0, 0.05²) (`normal`). */
  embeddingInit?: EmbeddingInit;
  /** Feed the movie's genres (multi-hot) next to the embeddings (default true). */
  genres?: boolean;
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
 * @throws Error when evalFraction is not in (0, 1) or embeddingInit is neither 'uniform' nor 'normal'.
 */
export function movieLensWorkload(data: MovieLensData, options: MovieLensWorkloadOptions = {}): Workload {
  const evalFraction = options.evalFraction ?? 0.2;
  if (!(evalFraction > 0 && evalFraction < 1))
    throw new Error(`movieLensWorkload: evalFraction must be in (0, 1), but got ${evalFraction}.`);
  const embeddingInit = options.embeddingInit ?? 'uniform';
  if (!EMBEDDING_INITS.includes(embeddingInit)) {
    throw new Error(
        `movieLensWorkload: embeddingInit must be 'uniform' or 'normal', but got ${JSON.stringify(embeddingInit)}.`);
  }
  const embeddingDim = options.embeddingDim ?? 16;
  const hidden = options.hidden ?? [64, 32];
  const useGenres = options.genres ?? true;
  const splitSeed = options.splitSeed ?? 0;
  let rows = seededPermutation(data.numRatings, `split:${splitSeed}`);
  if (options.maxRatings != null && options.maxRatings < rows.length) rows = rows.slice(0, options.maxRatings);
  const numEval = Math.round(rows.length * evalFraction);
  const evalRows = rows.slice(0, numEval);
  const trainRows = rows.slice(numEval);
  const numGenres = useGenres ? data.genreNames.length : 0;

  /** Inputs for (user, movie) pairs: [users, movies] plus genres when used. */
  const inputsFor = (users: Int32Array, movies: Int32Array): Tensor[] => {
    const n = users.length;
    const inputs = [tensor2d(users, [n, 1], 'int32'), tensor2d(movies, [n, 1], 'int32')];
    if (useGenres) {
      const genres = new Float32Array(n * numGenres);
      movies.forEach(
          (m, k) => genres.set(data.movieGenres.subarray(m * numGenres, (m + 1) * numGenres), k * numGenres));
      inputs.push(tensor2d(genres, [n, numGenres]));
    }
    return inputs;
  };
  const features = (which: Int32Array) => ({
    inputs:
        inputsFor(Int32Array.from(which, (r) => data.userIndex[r]), Int32Array.from(which, (r) => data.movieIndex[r])),
    labels: tensor2d(Float32Array.from(which, (r) => (data.ratings[r] >= 4 ? 1 : 0)), [which.length, 1]),
  });
  const trainSet = features(trainRows);
  const evalSet = features(evalRows);

  // Ranking read-out: every user × the most-rated movies of the training split.
  const counts = new Map<number, number>();
  for (const r of trainRows) counts.set(data.movieIndex[r], (counts.get(data.movieIndex[r]) ?? 0) + 1);
  const candidates = Array.from(counts.entries())
                         .sort((a, b) => b[1] - a[1] || a[0] - b[0])
                         .slice(0, options.rankingCandidates ?? 200)
                         .map(([m]) => m);
  const numUsers = data.numUsers, numCandidates = candidates.length;
  const rUsers = new Int32Array(numUsers * numCandidates), rMovies = new Int32Array(numUsers * numCandidates);
  for (let u = 0, k = 0; u < numUsers; u++) {
    for (const m of candidates) {
      rUsers[k] = u;
      rMovies[k++] = m;
    }
  }
  const rankingInputs = inputsFor(rUsers, rMovies);

  const buildModel = (o: ModelOptions) => {
    const userIn = input({shape: [1], dtype: 'int32', name: 'user'});
    const movieIn = input({shape: [1], dtype: 'int32', name: 'movie'});
    const genresIn = useGenres ? [input({shape: [numGenres], name: 'genres'})] : [];
    const embed = (x: SymbolicTensor, count: number, label: string) => new ScatterEmbedding({
                                                                         inputDim: count,
                                                                         outputDim: embeddingDim,
                                                                         seed: deriveSeed(o.initSeed, label),
                                                                         initializer: embeddingInit,
                                                                       }).apply(x) as SymbolicTensor;
    const joined = tflLayers.concatenate().apply([
      embed(userIn, data.numUsers, 'users'), embed(movieIn, data.numMovies, 'movies'), ...genresIn
    ]) as SymbolicTensor;
    return tflModel(
        {inputs: [userIn, movieIn, ...genresIn], outputs: outputLayer(hiddenTower(joined, hidden, o), 1, o.initSeed)});
  };

  const initText = embeddingInit === 'normal' ? 'N(0, 0.05²)' : 'U(−0.05, 0.05)';
  return {
    name: 'movielens',
    description: `MovieLens: P(rating ≥ 4 | user, movie${useGenres ? ', genres' : ''}); embeddings ` +
        `${embeddingDim}+${embeddingDim} (init ${initText})${useGenres ? ` + ${numGenres} genres` : ''} → ` +
        `MLP [${hidden.join(', ')}] → 1 logit; ${trainRows.length} train / ${evalRows.length} eval ratings; ` +
        `top-k over ${numCandidates} most-rated movies for ${numUsers} users`,
    source: data.source,
    kind: 'binary',
    numClasses: 1,
    trainInputs: trainSet.inputs,
    trainLabels: trainSet.labels,
    evalInputs: evalSet.inputs,
    evalLabels: evalSet.labels,
    ranking: {inputs: rankingInputs, users: numUsers, candidates: numCandidates},
    settings: {
      evalFraction,
      splitSeed,
      maxRatings: options.maxRatings ?? null,
      embeddingDim,
      embeddingInit,
      genres: useGenres,
      hidden,
      rankingCandidates: numCandidates,
      numTrain: trainRows.length,
      numEval: evalRows.length,
    },
    defaults: {epochs: 3, batchSize: 256, learningRate: 2e-3},
    buildModel,
    loss: (logits: Tensor, labels: Tensor): Scalar => losses.sigmoidCrossEntropy(labels, logits) as Scalar,
    exampleLosses: (logits: Tensor, labels: Tensor): Tensor =>
        reshape(losses.sigmoidCrossEntropy(labels, logits, undefined, 0, Reduction.NONE), [-1]),
    probabilities: (logits: Tensor) => reshape(sigmoid(logits), [-1]),
    dispose: () => {
      for (const t of [...trainSet.inputs, trainSet.labels, ...evalSet.inputs, evalSet.labels, ...rankingInputs])
        t.dispose();
    },
  };
}
