/**
 * A MovieLens recommender: user and movie embeddings feed an MLP tower that
 * predicts the rating. Two replicas are trained from the same initial weights
 * on differently ordered data, once with ReLU in the tower and once with
 * SmeLU; the script prints one user's top-10 movies and how many of each
 * user's top 10 the two replicas agree on.
 */
import * as tf from 'tfjs-smelu/tfjs';  // @tensorflow/tfjs with tf.layers.smelu
import {exitWith, intFlag, parseFlags, useBackend} from '../shared/cli.js';
import {loadMovieLensOrExit, seededOrder} from '../shared/data.js';

const NAME = 'movielens-recommender';
const USAGE = `npm run example:${NAME} -- [--epochs 2] [--beta 1] [--user 1] [--backend tensorflow|wasm|cpu] ` +
    '[--data-path PATH] [--smoke]';
const EMBEDDING_SIZE = 32;
const TOP_K = 10;
// Movies with fewer training ratings are not recommended: their embeddings hardly move from the initial
// noise, and a top 10 of barely seen movies says little about either replica.
const MIN_RATINGS = 20;

/** Embeddings → concatenate → dense 64 → act → dense 32 → act → rating. Seeded: replicas start alike. */
function createModel(numUsers, numMovies, activation, beta, meanRating) {
  const act = () => activation === 'smelu' ? tf.layers.smelu({beta}) : tf.layers.reLU();
  const embed = (name, inputDim, seed) => {
    const input = tf.input({shape: [1], dtype: 'int32', name});
    const vectors = tf.layers
                        .embedding({
                          inputDim,
                          outputDim: EMBEDDING_SIZE,
                          embeddingsInitializer: tf.initializers.randomNormal({stddev: 0.05, seed})
                        })
                        .apply(input);
    return [input, tf.layers.flatten().apply(vectors)];
  };
  const [user, userVector] = embed('user', numUsers, 1);
  const [movie, movieVector] = embed('movie', numMovies, 2);
  let hidden = tf.layers.concatenate().apply([userVector, movieVector]);
  for (const [units, seed] of [[64, 3], [32, 4]]) {
    hidden = tf.layers.dense({units, kernelInitializer: tf.initializers.heNormal({seed})}).apply(hidden);
    hidden = act().apply(hidden);
  }
  // Starting at the mean rating spares the first epoch from learning an offset.
  const rating = tf.layers
                     .dense({
                       units: 1,
                       kernelInitializer: tf.initializers.glorotUniform({seed: 5}),
                       biasInitializer: tf.initializers.constant({value: meanRating})
                     })
                     .apply(hidden);
  return tf.model({inputs: [user, movie], outputs: rating});
}

/** Each user's top-k candidate movies (int32 [numUsers, k] indices into `candidates`), rated ones left out. */
function topMovies(model, numUsers, candidates, rated) {
  return tf.tidy(() => {
    const users = tf.range(0, numUsers, 1, 'int32').reshape([-1, 1]).tile([1, candidates.length]).reshape([-1, 1]);
    const movies = tf.tensor1d(candidates, 'int32').tile([numUsers]).reshape([-1, 1]);
    const scores = model.predict([users, movies], {batchSize: 8192}).reshape([numUsers, candidates.length]);
    return tf.topk(tf.where(rated, -Infinity, scores), TOP_K).indices;
  });
}

async function main() {
  const args = parseFlags(
      NAME, USAGE, {
        // Two epochs: ReLU's test RMSE is lowest there and rises after (it overfits); SmeLU's barely moves.
        // Comparing replicas past that point would mostly measure ReLU's overfitting.
        'epochs': {type: 'string', default: '2'},
        'beta': {type: 'string', default: '1'},
        'user': {type: 'string', default: '1'},
        'data-path': {type: 'string'},
      },
      {wasm: 'tfjs\'s wasm backend has no kernel for the embedding\'s gradient (UnsortedSegmentSum)'});
  const epochs = args.smoke ? 1 : intFlag(NAME, args, 'epochs');
  const beta = Number(args.beta);
  if (!(beta > 0 && Number.isFinite(beta))) exitWith(NAME, `--beta must be a number > 0, got '${args.beta}'.`, 2);
  const backend = await useBackend(NAME, args.backend);
  const data = await loadMovieLensOrExit(NAME, args['data-path']);
  const user = intFlag(NAME, args, 'user') - 1;
  if (user >= data.numUsers) exitWith(NAME, `--user must be at most ${data.numUsers}, got '${args.user}'.`, 2);

  // 90% of the ratings train (in a seeded order), 10% test. --smoke: 4,000 ratings, to check that everything runs.
  const numRatings = args.smoke ? 4000 : data.numRatings;
  const shuffled = seededOrder(data.numRatings, 7);
  const order = Array.from(await shuffled.data()).slice(0, numRatings);
  shuffled.dispose();
  const numTrain = Math.round(0.9 * numRatings);
  const trainRows = order.slice(0, numTrain), testRows = order.slice(numTrain);
  const pick = (rows) =>
      [tf.tensor2d(rows.map((i) => data.userIndex[i]), [rows.length, 1], 'int32'),
       tf.tensor2d(rows.map((i) => data.movieIndex[i]), [rows.length, 1], 'int32'),
  ];
  const [xTest, yTest] = [pick(testRows), tf.tensor2d(testRows.map((i) => data.ratings[i]), [testRows.length, 1])];
  const meanRating = trainRows.reduce((sum, i) => sum + data.ratings[i], 0) / numTrain;

  const ratingsPerMovie = new Int32Array(data.numMovies);
  for (const i of trainRows) ratingsPerMovie[data.movieIndex[i]]++;
  const minRatings = args.smoke ? 1 : MIN_RATINGS;
  const candidates = [...ratingsPerMovie.keys()].filter((m) => ratingsPerMovie[m] >= minRatings);
  const column = new Map(candidates.map((m, k) => [m, k]));
  const ratedBuffer = tf.buffer([data.numUsers, candidates.length], 'bool');
  for (const i of trainRows) {
    if (column.has(data.movieIndex[i])) ratedBuffer.set(1, data.userIndex[i], column.get(data.movieIndex[i]));
  }
  const rated = ratedBuffer.toTensor();
  console.log(
      `${numTrain} training and ${testRows.length} test ratings by ${data.numUsers} users of ` +
      `${data.numMovies} movies (${data.source}); ${candidates.length} movies with ≥ ${minRatings} ` +
      `ratings can be recommended; backend ${backend}, SmeLU β = ${beta}`);

  const results = {};
  for (const activation of ['relu', 'smelu']) {
    results[activation] = [];
    // Same initial weights for both replicas; only the order of the training data differs.
    for (const orderSeed of [1, 2]) {
      const model = createModel(data.numUsers, data.numMovies, activation, beta, meanRating);
      model.compile({optimizer: 'adam', loss: 'meanSquaredError'});
      const replicaRows = tf.tidy(() => tf.gather(tf.tensor1d(trainRows, 'int32'), seededOrder(numTrain, orderSeed)));
      const rows = Array.from(await replicaRows.data());
      const [xTrain, yTrain] = [pick(rows), tf.tensor2d(rows.map((i) => data.ratings[i]), [numTrain, 1])];
      // The test ratings only watch training (RMSE per epoch); nothing is tuned on them.
      const {history} = await model.fit(
          xTrain, yTrain, {epochs, batchSize: 256, shuffle: false, validationData: [xTest, yTest], verbose: 0});
      const rmse = history.val_loss.map(Math.sqrt);
      const predictions = model.predict(xTest);
      const top = topMovies(model, data.numUsers, candidates, rated);
      results[activation].push({predictions, rmse: rmse[epochs - 1], top: await top.array()});
      console.log(
          `${activation.padEnd(5)} replica ${orderSeed}: test RMSE after each epoch ` +
          rmse.map((r) => r.toFixed(3)).join(' '));
      tf.dispose([replicaRows, xTrain, yTrain, top]);
      model.dispose();
    }
  }

  const [first, second] = results.smelu;
  console.log(`\nuser ${user + 1}'s top ${TOP_K} (SmeLU, replica 1; * = also in replica 2's top ${TOP_K}):`);
  first.top[user].forEach((k, rank) => {
    const shared = second.top[user].includes(k) ? '*' : ' ';
    console.log(`  ${String(rank + 1).padStart(2)}. ${shared} ${data.movieTitles[candidates[k]]}`);
  });

  console.log(`\nthe two replicas (same initial weights, different data order), per activation:`);
  for (const [activation, [a, b]] of Object.entries(results)) {
    const overlap = a.top.map((topA, u) => topA.filter((k) => b.top[u].includes(k)).length);
    const mean = overlap.reduce((sum, n) => sum + n, 0) / overlap.length;
    // Relative prediction difference: mean |p1 − p2| over the mean prediction, on the test ratings.
    const pd = tf.tidy(
        () => a.predictions.sub(b.predictions)
                  .abs()
                  .mean()
                  .div(a.predictions.add(b.predictions).mean().div(2))
                  .dataSync()[0]);
    console.log(
        `  ${activation === 'relu' ? 'ReLU ' : 'SmeLU'}: top-${TOP_K} overlap ${overlap[user]}/${TOP_K} for ` +
        `user ${user + 1}, ${mean.toFixed(2)}/${TOP_K} on average over ${overlap.length} users; ` +
        `test RMSE ${a.rmse.toFixed(3)} and ${b.rmse.toFixed(3)}; relative PD ${pd.toFixed(4)}`);
  }
  tf.dispose([...xTest, yTest, rated, ...Object.values(results).flat().map((r) => r.predictions)]);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
