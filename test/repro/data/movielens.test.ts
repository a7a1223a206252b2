/**
 * Data loaders: the R serialization reader on hand-written XDR streams and on
 * the real `r-cran-dslabs` package (downloaded with `apt-get download` into a
 * cache under the OS temp folder; no other network access), the GroupLens CSV
 * and zip layouts on small hand-made files, the digits from `python3-sklearn`,
 * and malformed inputs.
 * @fullRun debian-data
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

import {parseCsv} from '../../../repro/src/data/csv';
import {loadDigits} from '../../../repro/src/data/digits';
import {loadMovieLens, loadMovieLensFromDslabs, loadMovieLensFromPath} from '../../../repro/src/data/movielens';
import {rDataFrame} from '../../../repro/src/data/r_dataframe';
import {numbersOf, unserializeR} from '../../../repro/src/data/r_serialization';
import {readZipEntries} from '../../../repro/src/data/zip';

const CACHE = path.join(os.tmpdir(), 'tfjs-smelu-test-cache');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-data-'));
}

/** Writes R's XDR serialization by hand (big-endian ints/doubles, flags words). */
class XdrWriter {
  private parts: Buffer[] = [];
  int(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  double(v: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    this.parts.push(b);
    return this;
  }
  bytes(s: string): this {
    this.parts.push(Buffer.from(s, 'utf8'));
    return this;
  }
  /** CHARSXP (type 9) with the UTF-8 flag (levels bit 3), or NA. */
  charsxp(s: string|null): this {
    if (s == null) return this.int(9).int(-1);
    return this.int(9 | (8 << 12)).int(Buffer.byteLength(s)).bytes(s);
  }
  header(): this {
    return this.bytes('X\n').int(3).int(0x040201).int(0x030500).int(5).bytes('UTF-8');
  }
  buffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const HAS_ATTR = 1 << 9, HAS_TAG = 1 << 10, IS_OBJECT = 1 << 8;
const LISTSXP = 2, SYMSXP = 1, INTSXP = 13, REALSXP = 14, STRSXP = 16, VECSXP = 19, NILVALUE = 254, REFSXP = 255;

/** A tagged pairlist cell: flags, tag (symbol, or a reference to an earlier symbol), value written by `value`. */
function cell(w: XdrWriter, tag: string|number, value: (w: XdrWriter) => void): void {
  w.int(LISTSXP | HAS_TAG);
  if (typeof tag === 'number')
    w.int(REFSXP | (tag << 8));
  else
    w.int(SYMSXP).charsxp(tag);
  value(w);
}

describe('unserializeR on hand-written streams', () => {
  test('a data frame with an integer column, a factor, a double column with NA and strings with NA', () => {
    const w = new XdrWriter().header();
    // list(n = 1:3 as ints, f = factor(c("b", "a", "b")), x = c(1.5, NA, -2), s = c("é", NA, "z"))
    w.int(VECSXP | HAS_ATTR | IS_OBJECT).int(4);
    w.int(INTSXP).int(3).int(1).int(2).int(3);
    w.int(INTSXP | HAS_ATTR | IS_OBJECT).int(3).int(2).int(1).int(2);
    cell(w, 'levels', (v) => v.int(STRSXP).int(2).charsxp('a').charsxp('b'));
    cell(w, 'class', (v) => v.int(STRSXP).int(1).charsxp('factor'));  // symbol #2
    w.int(NILVALUE);
    w.int(REALSXP).int(3).double(1.5);
    const na = Buffer.from([0x7f, 0xf0, 0, 0, 0, 0, 0x07, 0xa2]);  // R's NA_real_ bit pattern
    (w as unknown as {parts: Buffer[]}).parts.push(na);
    w.double(-2);
    w.int(STRSXP).int(3).charsxp('é').charsxp(null).charsxp('z');
    // Attributes of the list: names, class (a reference to symbol #2), row.names.
    cell(w, 'names', (v) => v.int(STRSXP).int(4).charsxp('n').charsxp('f').charsxp('x').charsxp('s'));
    cell(w, 2, (v) => v.int(STRSXP).int(1).charsxp('data.frame'));
    cell(w, 'row.names', (v) => v.int(INTSXP).int(2).int(-2147483648).int(-3));
    w.int(NILVALUE);

    const df = rDataFrame(unserializeR(w.buffer()), 'hand-made');
    expect(df.rowCount).toBe(3);
    expect([...df.columns.keys()]).toEqual(['n', 'f', 'x', 's']);
    expect(Array.from(df.columns.get('n') as Float64Array)).toEqual([1, 2, 3]);
    expect(df.columns.get('f')).toEqual(['b', 'a', 'b']);
    const x = df.columns.get('x') as Float64Array;
    expect([x[0], x[2]]).toEqual([1.5, -2]);
    expect(x[1]).toBeNaN();
    expect(df.columns.get('s')).toEqual(['é', null, 'z']);
  });

  test('the compact integer sequence R writes for 1:n (ALTREP)', () => {
    const w = new XdrWriter().header();
    w.int(238);  // ALTREP_SXP
    // info: pairlist(compact_intseq symbol, base symbol, 13L)
    w.int(LISTSXP).int(SYMSXP).charsxp('compact_intseq');
    w.int(LISTSXP).int(SYMSXP).charsxp('base');
    w.int(LISTSXP).int(INTSXP).int(1).int(13).int(NILVALUE);
    w.int(REALSXP).int(3).double(4).double(10).double(1);  // state: n = 4, start 10, step 1
    w.int(NILVALUE);                                       // attributes
    expect(Array.from(numbersOf(unserializeR(w.buffer())))).toEqual([10, 11, 12, 13]);
  });

  test('truncated and foreign streams fail with a clear message', () => {
    const w = new XdrWriter().header().int(INTSXP).int(5).int(1);
    expect(() => unserializeR(w.buffer(), 'cut.rds')).toThrow(/cut\.rds: truncated data/);
    expect(() => unserializeR(Buffer.from('RDX2\n'), 'other')).toThrow(/other: not an XDR R serialization stream/);
    const odd = new XdrWriter().header().int(21).buffer();  // bytecode
    expect(() => unserializeR(odd)).toThrow(/unsupported R object type 21/);
  });
});

describe('MovieLens from Debian r-cran-dslabs (real package data)', () => {
  test('100,004 ratings, 671 users, 9,066 movies, as published', () => {
    const data = loadMovieLensFromDslabs(CACHE);
    expect(data.source).toMatch(/r-cran-dslabs_.*\.deb/);
    expect(data.numRatings).toBe(100004);
    expect(data.numUsers).toBe(671);
    expect(data.numMovies).toBe(9066);
    expect(data.userIndex.length).toBe(100004);
    expect(Math.max(...data.userIndex)).toBe(670);
    expect(Math.max(...data.movieIndex)).toBe(9065);
    // Half-star ratings from 0.5 to 5.
    const stars = new Set(data.ratings);
    expect([...stars].sort((a, b) => a - b)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    // The 19 MovieLens genres (MovieLens's '(no genres listed)' is not a genre).
    expect(data.genreNames).toHaveLength(19);
    expect(data.genreNames).toEqual(expect.arrayContaining(['Action', 'Drama', 'Film-Noir', 'IMAX', 'Sci-Fi']));
    expect(data.movieGenres.length).toBe(9066 * 19);
    // The data set's first rating: user 1 gave movie 31 ("Dangerous Minds", Drama) 2.5 stars.
    expect(data.userIndex[0]).toBe(0);
    expect(data.ratings[0]).toBe(2.5);
    expect(data.timestamps[0]).toBe(1260759144);
    const drama = data.genreNames.indexOf('Drama');
    const row = Array.from(data.movieGenres.subarray(data.movieIndex[0] * 19, data.movieIndex[0] * 19 + 19));
    expect(row.reduce((a, b) => a + b, 0)).toBe(1);
    expect(row[drama]).toBe(1);
    // dslabs keeps title and year apart; the loader joins them the way movies.csv writes them.
    expect(data.movieTitles).toHaveLength(9066);
    expect(data.movieTitles[data.movieIndex[0]]).toBe('Dangerous Minds (1995)');
    expect(data.movieTitles[data.movieIndex[1]]).toBe('Dumbo (1941)');
  });

  test('loadMovieLens finds the cached package without any download', async () => {
    const data = await loadMovieLens({cacheDir: CACHE, download: false});
    expect(data.numRatings).toBe(100004);
  });

  test('the unpacked data folder and the .deb also work as --data-path', () => {
    const unpacked = path.join(CACHE, 'unpacked');
    const folder = fs.readdirSync(unpacked).find((f) => f.startsWith('r-cran-dslabs_'))!;
    expect(loadMovieLensFromPath(path.join(unpacked, folder)).numUsers).toBe(671);
    const deb = fs.readdirSync(path.join(CACHE, 'debs')).find((f) => f.startsWith('r-cran-dslabs_'))!;
    expect(loadMovieLensFromPath(path.join(CACHE, 'debs', deb)).numMovies).toBe(9066);
  });
});

describe('MovieLens in GroupLens layout (small hand-made files)', () => {
  const ratings = 'userId,movieId,rating,timestamp\n1,10,4.0,100\n1,20,3.5,101\n7,10,5.0,102\n';
  const movies = 'movieId,title,genres\n10,"Heat, The (1995)",Action|Crime\n20,Toy Story (1995),(no genres listed)\n';

  test('a folder with ratings.csv and movies.csv', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'ratings.csv'), ratings);
    fs.writeFileSync(path.join(dir, 'movies.csv'), movies);
    const data = loadMovieLensFromPath(dir);
    expect([data.numRatings, data.numUsers, data.numMovies]).toEqual([3, 2, 2]);
    expect(Array.from(data.userIndex)).toEqual([0, 0, 1]);
    expect(Array.from(data.movieIndex)).toEqual([0, 1, 0]);
    expect(Array.from(data.ratings)).toEqual([4, 3.5, 5]);
    expect(data.genreNames).toEqual(['Action', 'Crime']);
    expect(Array.from(data.movieGenres)).toEqual([1, 1, 0, 0]);
    expect(data.movieTitles).toEqual(['Heat, The (1995)', 'Toy Story (1995)']);
    // Without a title column (or for a movie missing from movies.csv) a movie is named by its id.
    fs.writeFileSync(path.join(dir, 'movies.csv'), 'movieId,genres\n10,Action\n');
    expect(loadMovieLensFromPath(dir).movieTitles).toEqual(['movieId 10', 'movieId 20']);
    fs.rmSync(dir, {recursive: true});
  });

  test('ml-latest-small.zip (stored entries) is read without unzipping tools', () => {
    const entries = [['ml-latest-small/ratings.csv', ratings], ['ml-latest-small/movies.csv', movies]];
    const zip = storedZip(entries.map(([n, c]) => [n, Buffer.from(c)]));
    expect([...readZipEntries(zip, () => true).keys()]).toEqual(entries.map(([n]) => n));
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'ml-latest-small.zip'), zip);
    expect(loadMovieLensFromPath(path.join(dir, 'ml-latest-small.zip')).numRatings).toBe(3);
    fs.rmSync(dir, {recursive: true});
  });

  test('malformed files are rejected with the file and row named', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'ratings.csv'), 'userId,movieId,rating,timestamp\n1,10,four,100\n');
    fs.writeFileSync(path.join(dir, 'movies.csv'), movies);
    expect(() => loadMovieLensFromPath(dir)).toThrow(/ratings\.csv row 2 has a bad value 'four'/);
    fs.writeFileSync(path.join(dir, 'ratings.csv'), 'user,movie\n1,10\n');
    expect(() => loadMovieLensFromPath(dir)).toThrow(/ratings\.csv has no 'userId' column/);
    fs.writeFileSync(path.join(dir, 'ratings.csv'), 'userId,movieId,rating,timestamp\n1,10,9,100\n');
    expect(() => loadMovieLensFromPath(dir)).toThrow(/rating 9 is outside 0\.\.5/);
    fs.writeFileSync(path.join(dir, 'Rdata.zip'), 'not a zip');
    expect(() => loadMovieLensFromPath(path.join(dir, 'Rdata.zip'))).toThrow(/not a zip file/);
    expect(() => loadMovieLensFromPath(path.join(dir, 'missing'))).toThrow(/does not exist/);
    fs.rmSync(dir, {recursive: true});
  });

  test('when nothing works the error names the three options', async () => {
    const dir = tempDir();
    await expect(loadMovieLens({cacheDir: dir, download: false, debian: false}))
        .rejects.toThrow(
            /--data-path[\s\S]*download from https:\/\/files\.grouplens\.org[\s\S]*apt-get download r-cran-dslabs/);
    fs.rmSync(dir, {recursive: true});
  });
});

test('parseCsv handles quotes, doubled quotes and CRLF', () => {
  expect(parseCsv('a,b\r\n1,"x, ""y"""\n2,\n')).toEqual([['a', 'b'], ['1', 'x, "y"'], ['2', '']]);
  expect(() => parseCsv('a,"open')).toThrow(/unterminated quoted field/);
});

test('digits from Debian python3-sklearn: 1,797 8×8 images of 10 classes', () => {
  const digits = loadDigits({cacheDir: CACHE});
  expect(digits.source).toMatch(/python3-sklearn_.*\.deb/);
  expect([digits.numExamples, digits.numFeatures, digits.numClasses]).toEqual([1797, 64, 10]);
  const perClass = new Array(10).fill(0);
  for (const y of digits.labels) perClass[y]++;
  // scikit-learn documents about 180 images per class.
  for (const c of perClass) expect(c).toBeGreaterThanOrEqual(170);
  expect(Math.min(...digits.pixels)).toBe(0);
  expect(Math.max(...digits.pixels)).toBe(1);
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'digits.csv'), '0,1,17,3\n');
  expect(() => loadDigits({path: path.join(dir, 'digits.csv')})).toThrow(/bad pixel '17'/);
  fs.rmSync(dir, {recursive: true});
});

/** A zip archive with stored (uncompressed) entries, per APPNOTE.TXT. */
function storedZip(files: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [], centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const crc = zlib.crc32 ? zlib.crc32(data) : 0;
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
