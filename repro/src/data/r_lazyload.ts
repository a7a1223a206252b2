/**
 * Reads objects from an R lazy-load database (`<name>.rdx` index +
 * `<name>.rdb` blobs), the format R packages use for their data sets.
 * Node-only (uses `fs` and `zlib`).
 */
import * as fs from 'fs';
import * as zlib from 'zlib';

import {numbersOf, RValue, RVector, unserializeR} from './r_serialization';

/** Index of a lazy-load database: object name → [offset, length] in the .rdb. */
export interface RLazyLoadIndex {
  readonly variables: Map<string, [number, number]>;
  /** 1 = zlib, 2 = bzip2, 3 = xz (as R's `compressed` field). */
  readonly compression: number;
}

/**
 * Parses a `.rdx` file (a gzip-compressed serialized list with `variables`,
 * `references` and `compressed`).
 *
 * ```js
 * // not run: needs an unpacked R package data folder
 * const index = readRLazyLoadIndex('dslabs/data/Rdata.rdx');
 * console.log([...index.variables.keys()]);  // ['admissions', ..., 'movielens', ...]
 * ```
 */
export function readRLazyLoadIndex(rdxPath: string): RLazyLoadIndex {
  const raw = fs.readFileSync(rdxPath);
  let bytes: Buffer;
  try {
    bytes = zlib.gunzipSync(raw);
  } catch (e) {
    throw new Error(`${rdxPath}: not a gzip-compressed R index (${(e as Error).message}).`);
  }
  const value = unserializeR(bytes, rdxPath);
  const variables = listElement(value, 'variables', rdxPath)!;
  const names = namesOf(variables);
  const entries = variables.data as RValue[];
  const map = new Map<string, [number, number]>();
  entries.forEach((entry, i) => {
    const [offset, length] = numbersOf(entry);
    map.set(names[i], [offset, length]);
  });
  let compression = 1;
  const compressed = listElement(value, 'compressed', rdxPath, true);
  if (compressed != null) compression = numbersOf(compressed)[0];
  return {variables: map, compression};
}

/**
 * Reads one object (e.g. a data frame) from a lazy-load database.
 *
 * ```js
 * // not run: needs an unpacked R package data folder
 * const movielens = readRLazyLoadObject('dslabs/data/Rdata', 'movielens');
 * ```
 * @param basePath Path without extension (`.../Rdata` for Rdata.rdx/Rdata.rdb).
 * @param name Object name as listed in the index.
 */
export function readRLazyLoadObject(basePath: string, name: string): RValue {
  const index = readRLazyLoadIndex(`${basePath}.rdx`);
  const where = index.variables.get(name);
  if (where == null) {
    throw new Error(
        `${basePath}.rdx has no object named '${name}' (it has: ${[...index.variables.keys()].join(', ')}).`);
  }
  const [offset, length] = where;
  const fd = fs.openSync(`${basePath}.rdb`, 'r');
  const blob = Buffer.alloc(length);
  try {
    const read = fs.readSync(fd, blob, 0, length, offset);
    if (read !== length)
      throw new Error(
          `${basePath}.rdb is truncated: object '${name}' needs ${length} bytes at ${offset}, got ${read}.`);
  } finally {
    fs.closeSync(fd);
  }
  return unserializeR(decompressBlob(blob, index.compression, `${basePath}.rdb:${name}`), `${basePath}.rdb:${name}`);
}

/** A blob is a 4-byte big-endian uncompressed length, then the compressed stream. */
function decompressBlob(blob: Buffer, compression: number, what: string): Buffer {
  const expected = blob.readUInt32BE(0);
  let out: Buffer;
  if (compression === 1) {
    out = inflate(blob.subarray(4), what);
  } else {
    // Types 2/3 prefix a method byte: '0' stored, 'Z' zlib, '2' bzip2, 'X' xz.
    const method = String.fromCharCode(blob[4]);
    if (method === '0')
      out = blob.subarray(5);
    else if (method === 'Z')
      out = inflate(blob.subarray(5), what);
    else
      throw new Error(`${what}: compression method '${method}' (bzip2/xz) is not supported; only zlib is.`);
  }
  if (out.length !== expected) {
    throw new Error(`${what}: decompressed to ${out.length} bytes, but the header says ${expected}.`);
  }
  return out;
}

function inflate(data: Buffer, what: string): Buffer {
  try {
    return zlib.inflateSync(data);
  } catch (e) {
    throw new Error(`${what}: corrupt zlib data (${(e as Error).message}).`);
  }
}

/**
 * `names` attribute of a vector as strings.
 *
 * ```js
 * const names = {type: 'character', data: ['userId', 'rating'], attributes: new Map()};
 * const frame = {type: 'list', data: [], attributes: new Map([['names', names]])};
 * console.log(namesOf(frame));  // ['userId', 'rating']
 * ```
 */
export function namesOf(value: RValue): string[] {
  if (value.type === 'NULL' || value.type === 'symbol' || value.type === 'opaque' || value.type === 'pairlist') {
    return [];
  }
  const names = value.attributes.get('names');
  if (names == null || names.type !== 'character') return [];
  return (names.data as (string | null)[]).map((s) => s ?? 'NA');
}

function listElement(value: RValue, name: string, what: string, optional = false): RVector|null {
  if (value.type !== 'list') throw new Error(`${what}: expected a list, got ${value.type}.`);
  const i = namesOf(value).indexOf(name);
  if (i < 0) {
    if (optional) return null;
    throw new Error(`${what}: the index has no '${name}' element.`);
  }
  return (value.data as RValue[])[i] as RVector;
}
