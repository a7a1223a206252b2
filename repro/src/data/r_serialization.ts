/**
 * A small reader for R's binary serialization format (the XDR flavour written
 * by `saveRDS`, `save` and lazy-load databases), enough to read data frames:
 * vectors (logical, integer, double, character, list), attributes, factors,
 * symbols, pairlists, references and the compact ALTREP sequences R ≥ 3.5
 * writes. Environments and closures are read structurally but not evaluated.
 *
 * Format reference: R's `src/main/serialize.c` (R Internals, "Serialization
 * Formats"). No R installation is needed.
 */

/** An R value: a typed vector, a list, a symbol, NULL or an opaque object. */
export type RValue = RNull|RVector|RSymbol|RPairlist|ROpaque;

/** R's NULL. */
export interface RNull {
  readonly type: 'NULL';
}

/** Attributes of an R object by name (names, class, levels, row.names...). */
export type RAttributes = Map<string, RValue>;

/** Logical, integer, double, character or list vectors. */
export interface RVector {
  readonly type: 'logical'|'integer'|'double'|'character'|'list'|'raw'|'complex';
  /**
   * logical/integer: Int32Array (NA = −2^31); double: Float64Array (NA is a
   * NaN); character: (string|null)[] (null = NA); list: RValue[]; raw:
   * Uint8Array; complex: Float64Array of interleaved (re, im).
   */
  readonly data: Int32Array|Float64Array|Uint8Array|(string|null)[]|RValue[];
  readonly attributes: RAttributes;
}

/** A symbol (a name such as `names` or `levels`). */
export interface RSymbol {
  readonly type: 'symbol';
  readonly name: string;
}

/** A pairlist (used for attributes and calls); `tag` is null when untagged. */
export interface RPairlist {
  readonly type: 'pairlist';
  readonly items: {tag: string|null, value: RValue}[];
  readonly attributes: RAttributes;
}

/** Something this reader does not interpret (environment, closure, ...). */
export interface ROpaque {
  readonly type: 'opaque';
  readonly sexpType: number;
}

/**
 * R's integer NA.
 *
 * ```js
 * console.log(R_NA_INTEGER);  // -2147483648
 * console.log(numbersOf({type: 'integer', data: Int32Array.from([1, R_NA_INTEGER]), attributes: new Map()}));
 * // Float64Array [1, NaN]
 * ```
 */
export const R_NA_INTEGER = -2147483648;

// SEXP types (serialize.c / Rinternals.h).
const NILSXP = 0, SYMSXP = 1, LISTSXP = 2, CLOSXP = 3, ENVSXP = 4, PROMSXP = 5, LANGSXP = 6, SPECIALSXP = 7,
      BUILTINSXP = 8, CHARSXP = 9, LGLSXP = 10, INTSXP = 13, REALSXP = 14, CPLXSXP = 15, STRSXP = 16, DOTSXP = 17,
      VECSXP = 19, EXPRSXP = 20, BCODESXP = 21, EXTPTRSXP = 22, WEAKREFSXP = 23, RAWSXP = 24, S4SXP = 25;
// Pseudo-types used only in the stream.
const REFSXP = 255, NILVALUE_SXP = 254, GLOBALENV_SXP = 253, UNBOUNDVALUE_SXP = 252, MISSINGARG_SXP = 251,
      BASENAMESPACE_SXP = 250, NAMESPACESXP = 249, PACKAGESXP = 248, PERSISTSXP = 247, EMPTYENV_SXP = 242,
      BASEENV_SXP = 241, ATTRLANGSXP = 240, ATTRLISTSXP = 239, ALTREP_SXP = 238;

const HAS_ATTR_BIT = 1 << 9, HAS_TAG_BIT = 1 << 10;
const LATIN1_MASK = 1 << 2;

const NULL_VALUE: RNull = {
  type: 'NULL'
};

/**
 * Parses one serialized R object (the bytes after decompression: they start
 * with `X\n`, the XDR format marker).
 *
 * ```js
 * // not run: needs your data.rds
 * const bytes = zlib.gunzipSync(fs.readFileSync('data.rds'));
 * const value = unserializeR(bytes);
 * ```
 * @param bytes Uncompressed serialization stream.
 * @param what Name used in error messages (e.g. the file name).
 */
export function unserializeR(bytes: Uint8Array, what = 'R serialization'): RValue {
  return new RReader(bytes, what).readStream();
}

class RReader {
  private pos = 0;
  private readonly view: DataView;
  private readonly refs: RValue[] = [];

  constructor(private readonly bytes: Uint8Array, private readonly what: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  readStream(): RValue {
    if (this.bytes.length < 2 || this.bytes[0] !== 0x58 || this.bytes[1] !== 0x0a) {
      const head = Array.from(this.bytes.subarray(0, 2), (b) => b.toString(16)).join(' ');
      throw new Error(`${this.what}: not an XDR R serialization stream (starts with ${head || 'nothing'}).`);
    }
    this.pos = 2;
    const version = this.int();
    this.int();  // R version that wrote it
    this.int();  // minimal R version to read it
    if (version === 3) {
      const n = this.int();
      this.pos += n;  // native encoding name
    } else if (version !== 2) {
      throw new Error(`${this.what}: unsupported serialization version ${version}.`);
    }
    return this.item();
  }

  private fail(message: string): never {
    throw new Error(`${this.what}: ${message} (at byte ${this.pos}).`);
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) this.fail(`truncated data: needed ${n} more bytes`);
  }

  private int(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, false);
    this.pos += 4;
    return v;
  }

  private length(): number {
    const n = this.int();
    if (n >= 0) return n;
    if (n !== -1) this.fail(`negative length ${n}`);
    const upper = this.int(), lower = this.int();
    return upper * 2 ** 32 + (lower >>> 0);
  }

  private item(): RValue {
    const flags = this.int();
    const type = flags & 0xff;
    const hasAttr = (flags & HAS_ATTR_BIT) !== 0;
    switch (type) {
      case NILVALUE_SXP:
        return NULL_VALUE;
      case EMPTYENV_SXP:
      case BASEENV_SXP:
      case GLOBALENV_SXP:
      case UNBOUNDVALUE_SXP:
      case MISSINGARG_SXP:
      case BASENAMESPACE_SXP:
        return {type: 'opaque', sexpType: type};
      case REFSXP: {
        let index = flags >> 8;
        if (index === 0) index = this.int();
        const value = this.refs[index - 1];
        if (value === undefined) this.fail(`reference ${index} to an object not yet read`);
        return value;
      }
      case PERSISTSXP:
      case NAMESPACESXP:
      case PACKAGESXP: {
        const value: ROpaque = {type: 'opaque', sexpType: type};
        this.readPersistentNames();
        this.refs.push(value);
        return value;
      }
      case SYMSXP: {
        const name = this.item();
        const symbol: RSymbol = {type: 'symbol', name: stringOf(name) ?? 'NA'};
        this.refs.push(symbol);
        return symbol;
      }
      case ENVSXP: {
        const env: ROpaque = {type: 'opaque', sexpType: ENVSXP};
        this.refs.push(env);  // before the contents: they may refer back to it
        this.int();           // locked
        this.item();
        this.item();
        this.item();
        this.item();  // enclosure, frame, hashtab, attributes
        return env;
      }
      case LISTSXP:
      case LANGSXP:
      case CLOSXP:
      case PROMSXP:
      case DOTSXP:
      case ATTRLANGSXP:
      case ATTRLISTSXP:
        return this.pairlist(flags);
      case ALTREP_SXP:
        return this.altrep();
      case CHARSXP:
        return {type: 'character', data: [this.charsxp(flags)], attributes: new Map()};
      case LGLSXP:
      case INTSXP: {
        const n = this.length();
        this.need(4 * n);
        const data = new Int32Array(n);
        for (let i = 0; i < n; i++) data[i] = this.view.getInt32(this.pos + 4 * i, false);
        this.pos += 4 * n;
        return this.withAttributes(type === LGLSXP ? 'logical' : 'integer', data, hasAttr);
      }
      case REALSXP:
      case CPLXSXP: {
        const n = this.length() * (type === CPLXSXP ? 2 : 1);
        this.need(8 * n);
        const data = new Float64Array(n);
        for (let i = 0; i < n; i++) data[i] = this.view.getFloat64(this.pos + 8 * i, false);
        this.pos += 8 * n;
        return this.withAttributes(type === REALSXP ? 'double' : 'complex', data, hasAttr);
      }
      case STRSXP: {
        const n = this.length();
        const data: (string|null)[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const f = this.int();
          if ((f & 0xff) !== CHARSXP) this.fail(`expected a CHARSXP inside a character vector, got type ${f & 0xff}`);
          data[i] = this.charsxp(f);
        }
        return this.withAttributes('character', data, hasAttr);
      }
      case VECSXP:
      case EXPRSXP: {
        const n = this.length();
        const data: RValue[] = new Array(n);
        for (let i = 0; i < n; i++) data[i] = this.item();
        return this.withAttributes('list', data, hasAttr);
      }
      case RAWSXP: {
        const n = this.length();
        this.need(n);
        const data = this.bytes.slice(this.pos, this.pos + n);
        this.pos += n;
        return this.withAttributes('raw', data, hasAttr);
      }
      case S4SXP: {
        if (hasAttr) this.attributes();
        return {type: 'opaque', sexpType: type};
      }
      case SPECIALSXP:
      case BUILTINSXP: {
        const n = this.int();
        this.need(n);
        this.pos += n;
        return {type: 'opaque', sexpType: type};
      }
      case NILSXP:
        return NULL_VALUE;
      case BCODESXP:
      case EXTPTRSXP:
      case WEAKREFSXP:
      default:
        return this.fail(`unsupported R object type ${type}`);
    }
  }

  private readPersistentNames(): void {
    const flags = this.int();
    if (flags !== 0) this.fail('persistent names must start with 0');
    const n = this.int();
    for (let i = 0; i < n; i++) {
      const f = this.int();
      this.charsxp(f);
    }
  }

  private charsxp(flags: number): string|null {
    const n = this.int();
    if (n === -1) return null;  // NA_STRING
    this.need(n);
    const raw = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    const levels = flags >> 12;
    // UTF-8 and ASCII strings decode as UTF-8; latin1-marked ones as latin1.
    return new TextDecoder((levels & LATIN1_MASK) !== 0 ? 'latin1' : 'utf-8').decode(raw);
  }

  private withAttributes(type: RVector['type'], data: RVector['data'], hasAttr: boolean): RVector {
    return {type, data, attributes: hasAttr ? this.attributes() : new Map()};
  }

  private attributes(): RAttributes {
    const value = this.item();
    const map: RAttributes = new Map();
    if (value.type === 'pairlist') {
      for (const {tag, value: v} of value.items) {
        if (tag != null) map.set(tag, v);
      }
    }
    return map;
  }

  /** Pairlist-like objects, read iteratively along the CDR chain. */
  private pairlist(firstFlags: number): RValue {
    const items: {tag: string|null, value: RValue}[] = [];
    let attributes: RAttributes = new Map();
    let flags = firstFlags;
    let first = true;
    for (;;) {
      const type = flags & 0xff;
      const hasAttr = (flags & HAS_ATTR_BIT) !== 0 || type === ATTRLANGSXP || type === ATTRLISTSXP;
      const attrs = hasAttr ? this.attributes() : null;
      if (first && attrs != null) attributes = attrs;
      first = false;
      let tag: string|null = null;
      if ((flags & HAS_TAG_BIT) !== 0) {
        const t = this.item();
        tag = t.type === 'symbol' ? t.name : stringOf(t);
      }
      items.push({tag, value: this.item()});
      // The CDR: another cell of the same chain continues the loop.
      flags = this.int();
      const next = flags & 0xff;
      if (next === NILVALUE_SXP) break;
      if (next !== LISTSXP && next !== LANGSXP && next !== DOTSXP && next !== ATTRLISTSXP && next !== ATTRLANGSXP) {
        this.pos -= 4;
        this.item();  // an improper tail (e.g. a closure body): read and drop it
        break;
      }
    }
    return {type: 'pairlist', items, attributes};
  }

  /** ALTREP objects: expand the compact forms R writes for data frames. */
  private altrep(): RValue {
    const info = this.item();
    const state = this.item();
    const attr = this.item();
    const className = info.type === 'pairlist' && info.items[0]?.value.type === 'symbol' ?
        (info.items[0].value as RSymbol).name :
        'unknown';
    const attributes: RAttributes = new Map();
    if (attr.type === 'pairlist') {
      for (const {tag, value} of attr.items)
        if (tag != null) attributes.set(tag, value);
    }
    if (className === 'compact_intseq' || className === 'compact_realseq') {
      const s = numbersOf(state);
      const [n, start, step] = [s[0], s[1], s[2]];
      const data = className === 'compact_intseq' ? new Int32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = start + i * step;
      return {type: className === 'compact_intseq' ? 'integer' : 'double', data, attributes};
    }
    if (className.startsWith('wrap_') && state.type === 'list') {
      const inner = state.data as RValue[];
      const wrapped = inner[0] as RVector;
      return {type: wrapped.type, data: wrapped.data, attributes};
    }
    if (className === 'deferred_string' && state.type === 'pairlist') {
      const source = state.items[0].value;
      const data = Array.from(numbersOf(source), (v) => (Number.isNaN(v) ? null : String(v)));
      return {type: 'character', data, attributes};
    }
    return this.fail(`unsupported ALTREP class '${className}'`);
  }
}

/**
 * The first string of a character vector (or a symbol's name), else null.
 *
 * ```js
 * console.log(stringOf({type: 'character', data: ['Toy Story', 'Heat'], attributes: new Map()}));  // Toy Story
 * console.log(stringOf({type: 'symbol', name: 'movielens'}));  // movielens
 * ```
 */
export function stringOf(value: RValue): string|null {
  if (value.type === 'symbol') return value.name;
  if (value.type === 'character') return (value.data as (string | null)[])[0] ?? null;
  return null;
}

/**
 * The numbers of an integer/logical/double vector (integer NA → NaN).
 *
 * ```js
 * console.log(numbersOf({type: 'double', data: Float64Array.from([4.5, 3]), attributes: new Map()}));
 * // Float64Array [4.5, 3]
 * ```
 */
export function numbersOf(value: RValue): Float64Array {
  if (value.type === 'integer' || value.type === 'logical') {
    return Float64Array.from(value.data as Int32Array, (v) => (v === R_NA_INTEGER ? NaN : v));
  }
  if (value.type === 'double') return value.data as Float64Array;
  throw new Error(`expected a numeric R vector, got ${value.type}.`);
}
