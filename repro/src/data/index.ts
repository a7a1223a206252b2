/**
 * Data, Node only: the loaders of the demo's data sets into plain arrays,
 * from a local copy, the cache folder (`defaultCacheDir`), or a download
 * (Debian's archive, GroupLens): MovieLens (dslabs' R data, or GroupLens's
 * CSVs), Fashion-MNIST (IDX files) and the 8×8 digits; and the CSV reader of
 * `compare` (tabular.ts, csv_records.ts: streamed once into float32 arrays,
 * every bad value named by file, line and column). The R, IDX, zip and CSV
 * readers and the Debian fetcher are internal.
 *
 * In: paths, the cache, the network. Out: arrays for workloads/.
 */
export {defaultCacheDir} from './cache';
export {loadDigits} from './digits';
export type {DigitsData} from './digits';
export {FASHION_MNIST_CLASSES, loadFashionMnist} from './fashion_mnist';
export type {FashionMnistData, FashionMnistSplit} from './fashion_mnist';
export {loadMovieLens} from './movielens';
export type {LoadMovieLensOptions, MovieLensData} from './movielens';
