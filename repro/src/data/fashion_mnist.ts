/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017; MIT licence): 70,000 grey
 * 28×28 images of clothing in 10 classes, the official 60,000/10,000
 * train/test split. Read from Debian's `dataset-fashion-mnist` package (IDX
 * files, gzipped) or from a folder holding the same four files.
 */
import * as fs from 'fs';
import * as path from 'path';

import {defaultCacheDir} from './cache';
import {fetchDebianPackage} from './debian_package';
import {parseIdx} from './idx';

/** One split of Fashion-MNIST: raw pixels (0..255) and labels (0..9). */
export interface FashionMnistSplit {
  readonly count: number;
  /** count × 784 bytes, row-major (28 rows of 28 pixels per image). */
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

/** Fashion-MNIST as loaded by {@link loadFashionMnist}. */
export interface FashionMnistData {
  readonly source: string;
  /** 784 = 28 × 28. */
  readonly numFeatures: number;
  readonly numClasses: number;
  readonly classNames: readonly string[];
  readonly train: FashionMnistSplit;
  readonly test: FashionMnistSplit;
}

/**
 * The class names of Fashion-MNIST, by label.
 *
 * ```js
 * console.log(tfSmeluRepro.FASHION_MNIST_CLASSES[0]);  // T-shirt/top
 * ```
 */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/**
 * The Debian package that ships Fashion-MNIST (MIT licence), fetched with
 * `apt-get download` by {@link loadFashionMnist}.
 *
 * ```js
 * console.log(FASHION_MNIST_PACKAGE);  // dataset-fashion-mnist
 * ```
 */
export const FASHION_MNIST_PACKAGE = 'dataset-fashion-mnist';
const PACKAGE_DIR = 'usr/share/datasets/fashion-mnist';
const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/**
 * Loads Fashion-MNIST from `path` (a folder with the four IDX files, gzipped
 * or not, or an unpacked package root) or from Debian's
 * `dataset-fashion-mnist` (downloaded once into the cache folder with
 * `apt-get download`; no root needed).
 *
 * ```js
 * const data = tfSmeluRepro.loadFashionMnist();
 * console.log(data.train.count, data.test.count);  // 60000 10000
 * ```
 * @throws Error naming the file when a file is missing or malformed, or when the package cannot be fetched.
 */
export function loadFashionMnist(options: {path?: string, cacheDir?: string} = {}): FashionMnistData {
  if (options.path != null) {
    if (!fs.existsSync(options.path)) throw new Error(`Fashion-MNIST data path '${options.path}' does not exist.`);
    const dir =
        fs.existsSync(path.join(options.path, PACKAGE_DIR)) ? path.join(options.path, PACKAGE_DIR) : options.path;
    return readFashionMnistDir(dir, path.resolve(dir));
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  let root: string, debFile: string;
  try {
    ({root, debFile} = fetchDebianPackage(FASHION_MNIST_PACKAGE, cacheDir));
  } catch (e) {
    throw new Error(
        `Fashion-MNIST could not be loaded: ${(e as Error).message}\n` +
        `Pass --data-path with a folder holding the four IDX files, or allow 'apt-get download ${
            FASHION_MNIST_PACKAGE}'.`);
  }
  return readFashionMnistDir(path.join(root, PACKAGE_DIR), `Debian package ${debFile}`);
}

function readFashionMnistDir(dir: string, source: string): FashionMnistData {
  const read = (name: string) => {
    const file = [`${name}.gz`, name].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (file == null) throw new Error(`Fashion-MNIST: '${path.join(dir, name)}(.gz)' does not exist.`);
    return parseIdx(fs.readFileSync(file), file);
  };
  const split = (imagesName: string, labelsName: string): FashionMnistSplit => {
    const images = read(imagesName), labels = read(labelsName);
    if (images.shape.length !== 3 || images.shape[1] !== 28 || images.shape[2] !== 28) {
      throw new Error(`Fashion-MNIST: ${imagesName} has shape [${images.shape}], expected [n, 28, 28].`);
    }
    if (labels.shape.length !== 1 || labels.shape[0] !== images.shape[0]) {
      throw new Error(`Fashion-MNIST: ${labelsName} has shape [${labels.shape}], expected [${images.shape[0]}].`);
    }
    const bad = labels.data.findIndex((l) => l > 9);
    if (bad >= 0)
      throw new Error(`Fashion-MNIST: ${labelsName} entry ${bad} is ${labels.data[bad]}, not a class 0..9.`);
    return {count: images.shape[0], pixels: images.data, labels: labels.data};
  };
  return {
    source: `${source} (Fashion-MNIST, MIT licence)`,
    numFeatures: 28 * 28,
    numClasses: 10,
    classNames: FASHION_MNIST_CLASSES,
    train: split(FILES.trainImages, FILES.trainLabels),
    test: split(FILES.testImages, FILES.testLabels),
  };
}
