/**
 * Data for the Node examples, from the loaders of tfjs-smelu-repro/node (they
 * read Debian's packages, downloaded once into ~/.cache/tfjs-smelu; nothing is
 * committed), turned into tensors.
 */
import * as tf from 'tfjs-smelu/tfjs';
import {defaultCacheDir, loadFashionMnist, loadMovieLens} from 'tfjs-smelu-repro/node';
import {exitWith} from './cli.js';

/**
 * Why a loader failed, in one sentence: its whole message (what it tried), without the data set's name it starts
 * with and without the final period.
 */
function reason(error, name) {
  return error.message.split('\n')
      .join(' ')
      .replace(new RegExp(`^${name}( could not be loaded:)? `), '')
      .replace(/\.$/, '');
}

/** Exit code for a load that failed: 2 when the user's --data-path is wrong (an input error), 1 otherwise. */
const exitCode = (dataPath) => (dataPath != null ? 2 : 1);

/** Fashion-MNIST (60,000 training and 10,000 test images), or one line on how to get it and exit (see exitCode). */
export function loadFashionMnistOrExit(example, dataPath) {
  try {
    return loadFashionMnist({path: dataPath});
  } catch (e) {
    exitWith(
        example,
        `Fashion-MNIST could not be loaded (${reason(e, 'Fashion-MNIST')}). ` +
            'It comes from Debian\'s dataset-fashion-mnist package (MIT licence), which \'apt-get download ' +
            `dataset-fashion-mnist' fetches into ${defaultCacheDir()} (no root needed); or pass --data-path with a ` +
            'folder holding the four IDX files from github.com/zalandoresearch/fashion-mnist.',
        exitCode(dataPath));
  }
}

/** MovieLens ml-latest-small (100,004 ratings), or one line on how to get it and exit (see exitCode). */
export async function loadMovieLensOrExit(example, dataPath) {
  try {
    return await loadMovieLens({path: dataPath});
  } catch (e) {
    exitWith(
        example,
        `MovieLens could not be loaded (${reason(e, 'MovieLens')}). ` +
            'It comes from Debian\'s r-cran-dslabs package, which \'apt-get download r-cran-dslabs\' fetches into ' +
            `${defaultCacheDir()} (no root needed), or from GroupLens (files.grouplens.org/datasets/movielens/` +
            'ml-latest-small.zip); --data-path takes either file or the unpacked folder.',
        exitCode(dataPath));
  }
}

/**
 * The first `count` images of a Fashion-MNIST split as tensors: `xs`
 * [count, 28, 28, 1] float32 scaled to 0..1, `ys` one-hot [count, 10], and
 * `labels` int32 [count].
 */
export function imageTensors(split, count = split.count) {
  return tf.tidy(() => {
    const pixels = tf.tensor4d(split.pixels.subarray(0, count * 784), [count, 28, 28, 1], 'int32');
    const labels = tf.tensor1d(split.labels.subarray(0, count), 'int32');
    return {xs: pixels.toFloat().div(255), ys: tf.oneHot(labels, 10).toFloat(), labels};
  });
}

/**
 * A permutation of 0..n−1 that depends only on `seed` (int32 [n]): seeded
 * uniform noise, ranked. The examples order their data with it because
 * `model.fit`'s own shuffle draws from Math.random, which cannot be seeded.
 */
export function seededOrder(n, seed) {
  return tf.tidy(() => tf.topk(tf.randomUniform([n], 0, 1, 'float32', seed), n).indices);
}
