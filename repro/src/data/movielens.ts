/**
 * MovieLens "latest-small" ratings for the reproducibility demo.
 *
 * GroupLens's licence forbids redistributing the data, so it is never part of
 * this package: {@link loadMovieLens} looks for it, in order, at an explicit
 * path, in the cache folder, at GroupLens (`ml-latest-small.zip`, where the
 * internet is reachable), and in Debian's `r-cran-dslabs` package (the
 * `movielens` data frame: 100,004 ratings by 671 users of 9,066 movies, the
 * 2016 snapshot). GroupLens's current zip is a later, larger snapshot; the
 * loaded data says which one it is in `source`.
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';

import {holdSignals} from '../util/interrupts';
import {makeScratchDir} from '../util/scratch_dir';
import {defaultCacheDir} from './cache';
import {parseCsv} from './csv';
import {fetchDebianPackage, fetchDebianPackageAsync} from './debian_package';
import {RColumn, rDataFrame} from './r_dataframe';
import {readRLazyLoadObject} from './r_lazyload';
import {runCommand} from './run_command';
import {readZipEntries} from './zip';

/** Ratings with dense 0-based user and movie indices and per-movie genres. */
export interface MovieLensData {
  /** Where the data came from (file, package version or URL). */
  readonly source: string;
  readonly numRatings: number;
  readonly numUsers: number;
  readonly numMovies: number;
  /** Dense user index of each rating (0..numUsers−1, in order of first appearance of the sorted ids). */
  readonly userIndex: Int32Array;
  /** Dense movie index of each rating (0..numMovies−1). */
  readonly movieIndex: Int32Array;
  /** Star rating of each rating (0.5..5). */
  readonly ratings: Float32Array;
  /** Unix time of each rating (seconds). */
  readonly timestamps: Float64Array;
  /** Genre names (without '(no genres listed)'). */
  readonly genreNames: string[];
  /** Multi-hot genres, numMovies × genreNames.length, row-major. */
  readonly movieGenres: Uint8Array;
  /** Title of each movie with its year, as MovieLens writes it, e.g. `Toy Story (1995)` (numMovies entries). */
  readonly movieTitles: string[];
}

/** Options of {@link loadMovieLens}. */
export interface LoadMovieLensOptions {
  /**
   * A local copy: a folder with GroupLens's `ratings.csv` and `movies.csv`, the
   * `ml-latest-small.zip` file, an `r-cran-dslabs_*.deb`, or a folder holding
   * dslabs' `Rdata.rdx`/`Rdata.rdb`. When given, nothing else is tried.
   */
  path?: string;
  /** Cache folder; defaults to {@link defaultCacheDir}. */
  cacheDir?: string;
  /** Try GroupLens's download (default true). */
  download?: boolean;
  /** Try Debian's `r-cran-dslabs` (default true). */
  debian?: boolean;
  /** Time limit for the GroupLens download in ms (default 5000). */
  downloadTimeoutMs?: number;
  /** Called with one line per step tried. */
  log?: (message: string) => void;
  /** How the loaded data's `source` names a local `path` (default: the path itself). */
  source?: string;
}

/**
 * GroupLens's download of the small MovieLens data set.
 *
 * ```js
 * console.log(GROUPLENS_ML_LATEST_SMALL_URL);  // https://files.grouplens.org/datasets/movielens/ml-latest-small.zip
 * ```
 */
export const GROUPLENS_ML_LATEST_SMALL_URL = 'https://files.grouplens.org/datasets/movielens/ml-latest-small.zip';

const DSLABS_DATA_DIR = 'usr/lib/R/site-library/dslabs/data';
const NO_GENRES = '(no genres listed)';

/**
 * Loads MovieLens ml-latest-small (see the module notes for where it looks).
 *
 * ```js
 * const data = await tfSmeluRepro.loadMovieLens();
 * console.log(data.source, data.numRatings, data.numUsers, data.numMovies);
 * ```
 */
export async function loadMovieLens(options: LoadMovieLensOptions = {}): Promise<MovieLensData> {
  const log = options.log ?? (() => {});
  if (options.path != null) return loadMovieLensFromPath(options.path, options.source);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const failures: string[] = [];

  const cachedZip = path.join(cacheDir, 'ml-latest-small.zip');
  if (fs.existsSync(cachedZip)) return loadMovieLensFromPath(cachedZip);
  const cachedDeb = findCachedDslabsDeb(cacheDir);
  if (cachedDeb != null) return loadDslabsFromCache(cacheDir);

  if (options.download !== false) {
    try {
      log(`downloading ${GROUPLENS_ML_LATEST_SMALL_URL}`);
      const zip = await download(GROUPLENS_ML_LATEST_SMALL_URL, options.downloadTimeoutMs ?? 5000);
      const data = parseMovieLensZip(zip, GROUPLENS_ML_LATEST_SMALL_URL);
      fs.mkdirSync(cacheDir, {recursive: true});
      const tmp = `${cachedZip}.tmp-${process.pid}`;
      // Written and renamed with signals held: an interrupt never leaves the temporary file in the cache.
      holdSignals(() => {
        fs.writeFileSync(tmp, zip);
        fs.renameSync(tmp, cachedZip);
      });
      return data;
    } catch (e) {
      failures.push(`GroupLens download: ${(e as Error).message}`);
      log(`GroupLens download failed (${(e as Error).message})`);
    }
  }
  if (options.debian !== false) {
    try {
      log('fetching Debian package r-cran-dslabs (apt-get download)');
      return await loadDslabsFromCache(cacheDir);
    } catch (e) {
      failures.push(`Debian r-cran-dslabs: ${(e as Error).message}`);
    }
  }
  throw new Error(
      'MovieLens ml-latest-small could not be loaded. Options:\n' +
      '  1. pass a local copy with --data-path (a folder with ratings.csv and movies.csv, ml-latest-small.zip,\n' +
      `     r-cran-dslabs_*.deb, or dslabs' data folder with Rdata.rdx/Rdata.rdb), or put it in ${cacheDir};\n` +
      `  2. allow the download from ${GROUPLENS_ML_LATEST_SMALL_URL};\n` +
      '  3. on Debian/Ubuntu, allow \'apt-get download r-cran-dslabs\' (no root needed).\n' +
      `What was tried:\n  - ${failures.join('\n  - ') || 'nothing (downloads disabled)'}`);
}

/**
 * Loads MovieLens from a local file or folder (formats as in
 * {@link LoadMovieLensOptions.path}).
 *
 * ```js
 * // not run: needs your copy of ml-latest-small/
 * const data = loadMovieLensFromPath('ml-latest-small/');
 * ```
 */
export function loadMovieLensFromPath(p: string, source?: string): MovieLensData {
  if (!fs.existsSync(p)) throw new Error(`MovieLens data path '${p}' does not exist.`);
  const stat = fs.statSync(p);
  if (stat.isDirectory()) {
    if (fs.existsSync(path.join(p, 'ratings.csv'))) {
      return parseMovieLensCsv(
          readText(path.join(p, 'ratings.csv')), readText(path.join(p, 'movies.csv')), source ?? path.resolve(p));
    }
    for (const dir of [p, path.join(p, DSLABS_DATA_DIR)]) {
      if (fs.existsSync(path.join(dir, 'Rdata.rdx')))
        return loadDslabsData(path.join(dir, 'Rdata'), source ?? path.resolve(dir));
    }
    throw new Error(`MovieLens data path '${p}' has neither ratings.csv/movies.csv nor Rdata.rdx/Rdata.rdb.`);
  }
  if (p.endsWith('.zip')) return parseMovieLensZip(fs.readFileSync(p), source ?? path.resolve(p));
  if (p.endsWith('.deb')) {
    // Unpacked into the OS temp folder, never beside the user's file; removed afterwards and on a signal.
    const scratch = makeScratchDir('dslabs');
    try {
      execFileSync('dpkg-deb', ['-x', p, scratch.path], {stdio: 'pipe'});
      return loadDslabsData(path.join(scratch.path, DSLABS_DATA_DIR, 'Rdata'), source ?? path.basename(p));
    } finally {
      scratch.remove();
    }
  }
  throw new Error(`MovieLens data path '${p}' is not a folder, a .zip or a .deb file.`);
}

/**
 * Loads the `movielens` data frame of Debian's `r-cran-dslabs`, downloading the
 * package into `cacheDir` first if needed (`apt-get download`, no root).
 *
 * ```js
 * const data = loadMovieLensFromDslabs('/tmp/cache');  // 100004 ratings
 * ```
 */
export function loadMovieLensFromDslabs(cacheDir = defaultCacheDir()): MovieLensData {
  const {root, debFile} = fetchDebianPackage('r-cran-dslabs', cacheDir);
  return loadDslabsData(path.join(root, DSLABS_DATA_DIR, 'Rdata'), `Debian package ${debFile} (dslabs::movielens)`);
}

/** The Debian route of {@link loadMovieLens}: fetched with the interruptible fetcher. */
async function loadDslabsFromCache(cacheDir: string): Promise<MovieLensData> {
  const {root, debFile} = await fetchDebianPackageAsync('r-cran-dslabs', cacheDir);
  return loadDslabsData(path.join(root, DSLABS_DATA_DIR, 'Rdata'), `Debian package ${debFile} (dslabs::movielens)`);
}

/**
 * The parent's prepare step for MovieLens: makes sure the data is in the
 * cache (fetched once, before any worker starts, so that workers only read).
 * Internal.
 */
export async function ensureMovieLensCached(options: Omit<LoadMovieLensOptions, 'path'|'source'>): Promise<void> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  if (fs.existsSync(path.join(cacheDir, 'ml-latest-small.zip'))) return;
  if (findCachedDslabsDeb(cacheDir) != null) {
    await fetchDebianPackageAsync('r-cran-dslabs', cacheDir);  // unpacks it, if that has not happened yet
    return;
  }
  await loadMovieLens({...options, cacheDir});
}

/**
 * Unpacks dslabs' data from a `r-cran-dslabs_*.deb` into `dir` (a scratch
 * folder of the run, never beside the file) and returns the data folder
 * ({@link loadMovieLensFromPath} reads it). Internal: the prepare step.
 */
export async function unpackDslabsDeb(deb: string, dir: string): Promise<string> {
  try {
    await runCommand('dpkg-deb', ['-x', deb, dir]);
  } catch (e) {
    const err = e as {stderr?: string, message: string};
    throw new Error(`MovieLens data path '${deb}': 'dpkg-deb -x' failed: ${err.stderr?.trim() || err.message}`);
  }
  const data = path.join(dir, DSLABS_DATA_DIR);
  if (!fs.existsSync(path.join(data, 'Rdata.rdx')))
    throw new Error(`MovieLens data path '${deb}' holds no dslabs data (${DSLABS_DATA_DIR}/Rdata.rdx).`);
  return data;
}

function findCachedDslabsDeb(cacheDir: string): string|null {
  const dir = path.join(cacheDir, 'debs');
  if (!fs.existsSync(dir)) return null;
  return fs.readdirSync(dir).find((f) => f.startsWith('r-cran-dslabs_') && f.endsWith('.deb')) ?? null;
}

function loadDslabsData(basePath: string, source: string): MovieLensData {
  const df = rDataFrame(readRLazyLoadObject(basePath, 'movielens'), 'dslabs::movielens');
  const col = (name: string): RColumn => {
    const c = df.columns.get(name);
    if (c == null) throw new Error(`dslabs::movielens has no column '${name}'.`);
    return c;
  };
  const numeric = (name: string): Float64Array => {
    const c = col(name);
    if (!(c instanceof Float64Array)) throw new Error(`dslabs::movielens column '${name}' is not numeric.`);
    return c;
  };
  const text = (name: string): Array<string|null> => {
    const c = col(name);
    if (c instanceof Float64Array) throw new Error(`dslabs::movielens column '${name}' is not text.`);
    return c;
  };
  const genres = text('genres'), titles = text('title'), years = numeric('year');
  // dslabs splits MovieLens's "Title (1995)" into title and year; join them back.
  const titleOf = (i: number) => `${titles[i] ?? ''}${Number.isFinite(years[i]) ? ` (${years[i]})` : ''}`.trim();
  return buildMovieLens(
      source, numeric('userId'), numeric('movieId'), numeric('rating'), numeric('timestamp'),
      (i) => genres[i] ?? NO_GENRES, titleOf);
}

function parseMovieLensZip(zip: Buffer, source: string): MovieLensData {
  const files = readZipEntries(zip, (n) => /(^|\/)(ratings|movies)\.csv$/.test(n), source);
  const find = (name: string): string => {
    for (const [k, v] of files)
      if (k.endsWith(`/${name}`) || k === name) return v.toString('utf8');
    throw new Error(`${source}: the archive has no ${name}.`);
  };
  return parseMovieLensCsv(find('ratings.csv'), find('movies.csv'), source);
}

function parseMovieLensCsv(ratingsCsv: string, moviesCsv: string, source: string): MovieLensData {
  const ratingRows = parseCsv(ratingsCsv);
  const header = ratingRows.shift() ?? [];
  const idx = (h: string[], name: string, file: string): number => {
    const i = h.indexOf(name);
    if (i < 0) throw new Error(`${source}: ${file} has no '${name}' column (header: ${h.join(',')}).`);
    return i;
  };
  const [u, m, r, t] = ['userId', 'movieId', 'rating', 'timestamp'].map((n) => idx(header, n, 'ratings.csv'));
  const rows = ratingRows.filter((row) => row.length > 1);
  const num = (row: string[], i: number, line: number): number => {
    const v = Number(row[i]);
    if (row[i] === '' || !Number.isFinite(v))
      throw new Error(`${source}: ratings.csv row ${line + 2} has a bad value '${row[i]}'.`);
    return v;
  };
  const users = new Float64Array(rows.length), movies = new Float64Array(rows.length);
  const ratings = new Float64Array(rows.length), times = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    users[i] = num(row, u, i);
    movies[i] = num(row, m, i);
    ratings[i] = num(row, r, i);
    times[i] = num(row, t, i);
  });
  const movieRows = parseCsv(moviesCsv);
  const mh = movieRows.shift() ?? [];
  const [mid, gen] = [idx(mh, 'movieId', 'movies.csv'), idx(mh, 'genres', 'movies.csv')];
  const title = mh.indexOf('title');  // optional: movies are then named by their id
  const genresById = new Map<number, string>(), titleById = new Map<number, string>();
  for (const row of movieRows) {
    if (row.length > gen) genresById.set(Number(row[mid]), row[gen]);
    if (title >= 0 && row.length > title) titleById.set(Number(row[mid]), row[title]);
  }
  return buildMovieLens(
      source, users, movies, ratings, times, (i) => genresById.get(movies[i]) ?? NO_GENRES,
      (i) => titleById.get(movies[i]) ?? '');
}

function buildMovieLens(
    source: string, userIds: Float64Array, movieIds: Float64Array, ratings: Float64Array, timestamps: Float64Array,
    genresOf: (row: number) => string, titleOf: (row: number) => string): MovieLensData {
  const n = userIds.length;
  if (n === 0) throw new Error(`${source}: no ratings.`);
  const denseIndex = (ids: Float64Array, what: string): {index: Int32Array, count: number} => {
    for (const v of ids)
      if (!Number.isFinite(v)) throw new Error(`${source}: a ${what} is missing (NA).`);
    const sorted = Array.from(new Set(ids)).sort((a, b) => a - b);
    const map = new Map(sorted.map((id, i) => [id, i]));
    return {index: Int32Array.from(ids, (id) => map.get(id)!), count: sorted.length};
  };
  const users = denseIndex(userIds, 'userId');
  const movies = denseIndex(movieIds, 'movieId');
  for (const r of ratings) {
    if (!(r >= 0 && r <= 5)) throw new Error(`${source}: rating ${r} is outside 0..5.`);
  }
  const genreSet = new Set<string>();
  const movieGenreText: string[] = new Array(movies.count).fill(NO_GENRES);
  const movieTitles: string[] = new Array(movies.count);
  for (let i = 0; i < n; i++) {
    movieGenreText[movies.index[i]] = genresOf(i);
    // A movie missing from movies.csv (or with an NA title) is still named.
    movieTitles[movies.index[i]] = titleOf(i) || `movieId ${movieIds[i]}`;
  }
  for (const g of movieGenreText)
    for (const name of g.split('|'))
      if (name !== NO_GENRES && name !== '') genreSet.add(name);
  const genreNames = Array.from(genreSet).sort();
  const genreIdx = new Map(genreNames.map((g, i) => [g, i]));
  const movieGenres = new Uint8Array(movies.count * genreNames.length);
  movieGenreText.forEach((g, mIdx) => {
    for (const name of g.split('|')) {
      const j = genreIdx.get(name);
      if (j != null) movieGenres[mIdx * genreNames.length + j] = 1;
    }
  });
  return {
    source,
    numRatings: n,
    numUsers: users.count,
    numMovies: movies.count,
    userIndex: users.index,
    movieIndex: movies.index,
    ratings: Float32Array.from(ratings),
    timestamps: Float64Array.from(timestamps),
    genreNames,
    movieGenres,
    movieTitles,
  };
}

function readText(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`MovieLens data: '${file}' does not exist.`);
  return fs.readFileSync(file, 'utf8');
}

/** GET with a hard time limit (connection + transfer); follows up to 3 redirects. */
function download(url: string, timeoutMs: number, redirects = 3): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, (res) => {
      if (res.statusCode != null && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location &&
          redirects > 0) {
        res.resume();
        clearTimeout(timer);
        download(new URL(res.headers.location, url).toString(), timeoutMs, redirects - 1).then(resolve, reject);
        return;
      }
      if (res.statusCode !== 200) {
        res.resume();
        clearTimeout(timer);
        reject(new Error(`HTTP ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks));
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
