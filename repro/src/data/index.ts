/** Node-only data loaders for the reproducibility demo (they use fs, zlib, child_process). */
export {defaultCacheDir} from './cache';
export {parseCsv} from './csv';
export {fetchDebianPackage} from './debian_package';
export type {DebianPackageFiles} from './debian_package';
export {loadDigits} from './digits';
export type {DigitsData} from './digits';
export {FASHION_MNIST_CLASSES, FASHION_MNIST_PACKAGE, loadFashionMnist} from './fashion_mnist';
export type {FashionMnistData, FashionMnistSplit} from './fashion_mnist';
export {parseIdx} from './idx';
export type {IdxArray} from './idx';
export {GROUPLENS_ML_LATEST_SMALL_URL, loadMovieLens, loadMovieLensFromDslabs, loadMovieLensFromPath} from './movielens';
export type {LoadMovieLensOptions, MovieLensData} from './movielens';
export {rDataFrame} from './r_dataframe';
export type {RColumn, RDataFrame} from './r_dataframe';
export {namesOf, readRLazyLoadIndex, readRLazyLoadObject} from './r_lazyload';
export type {RLazyLoadIndex} from './r_lazyload';
export {numbersOf, R_NA_INTEGER, stringOf, unserializeR} from './r_serialization';
export type {RAttributes, RNull, ROpaque, RPairlist, RSymbol, RValue, RVector} from './r_serialization';
export {assertUtf8Csv, csvEncodingProblem, forEachCsvRecord, MAX_CSV_RECORD_CHARS} from './csv_records';
export {featureScaling, parseDecimal, parseTabularCsv, readTabularCsv, splitRows, standardize, takeRows} from './tabular';
export type {
  FeatureScaling, LabelTask, ReadTabularOptions, TabularData, TabularDataLimit, TabularFile, TabularSelection,
} from './tabular';
export {readZipEntries} from './zip';
