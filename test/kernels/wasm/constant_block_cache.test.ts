/**
 * ConstantBlockCache (src/kernels/wasm/constant_block_cache.ts) with a
 * recording allocator: what it keeps, what it frees and when.
 */
import {ConstantBlockCache, ParamKey} from '../../../src/kernels/wasm/constant_block_cache';

const INVALID = 2;

function recordingCache() {
  let next = 16;
  const live = new Set<number>();
  const cache = new ConstantBlockCache(
      (bytes) => {
        const offset = next;
        next += bytes;
        live.add(offset);
        return offset;
      },
      (offset) => {
        if (!live.delete(offset)) throw new Error(`free of ${offset}, which is not allocated`);
      });
  let writes = 0;
  const get = (key: ParamKey[], channels = 4, flags = 1) => cache.get(key, channels, 288, INVALID, () => {
    ++writes;
    return flags;
  });
  return {cache, live, get, writes: () => writes};
}

describe('ConstantBlockCache', () => {
  const a = {}, b = {}, c = {};

  it('computes once per set of parameters: same data ids and the same single values', () => {
    const {get, writes, live} = recordingCache();
    const first = get([a, 1, 0, b, 0]);
    expect(get([a, 1, 0, b, 0])).toBe(first);
    expect(writes()).toBe(1);
    expect(get([a, 2, 0, b, 0]).offset).not.toBe(first.offset);     // another value
    expect(get([c, 1, 0, b, 0]).offset).not.toBe(first.offset);     // another tensor
    expect(get([a, 1, 0, b, 0], 8).offset).not.toBe(first.offset);  // the same parameters over more channels
    expect(get([a, 1, -0, b, 0]).offset).not.toBe(first.offset);    // -0 and 0 give different constants
    expect(writes()).toBe(5);
    expect(live.size).toBe(5);
  });

  it('keeps at most 8 sets and frees each one it drops, least recently used first', () => {
    const {cache, get, live} = recordingCache();
    const kept = get([a, 0, 0, 0, 0]);
    for (let i = 1; i <= 7; ++i) get([b, i, 0, 0, 0]);
    get([a, 0, 0, 0, 0]);  // used again: now the most recent
    for (let i = 8; i <= 14; ++i) get([b, i, 0, 0, 0]);
    expect(cache.size).toBe(8);
    expect(live.size).toBe(8);
    expect(live.has(kept.offset)).toBe(true);
  });

  it('returns invalid flags without keeping anything, and frees when writing throws', () => {
    const {cache, get, live} = recordingCache();
    expect(get([a, NaN, 0, 0, 0], 4, INVALID | 1)).toEqual({offset: -1, flags: INVALID | 1});
    expect(() => cache.get([a, 1, 0, 0, 0], 4, 288, INVALID, () => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(cache.size).toBe(0);
    expect(live.size).toBe(0);
  });
});
