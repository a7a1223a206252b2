/**
 * g-SmeLU's per-channel constants for the last few sets of parameter
 * tensors, kept on the heap in the SIMD module's block layout. Computing
 * them costs about as much per channel as the loop does per row (a few µs
 * for a layer of 128 units): once per set of parameters instead of once per
 * call, so that inference, and the backward call of a training step that
 * follows its forward call, pay nothing for them.
 *
 * Keyed by each per-channel parameter's data id (tfjs tensors never change
 * their values: a Variable's `assign` gives it a new data id, so the same id
 * means the same values) and each single-value parameter's value (the op
 * makes a new scalar tensor per call for a number or a default). An evicted
 * set's memory is freed at once.
 */
import type {DataId} from '@tensorflow/tfjs-core';

/** Per parameter: its data id (one value per channel) or its value (one value). */
export type ParamKey = DataId|number;

/** Constants on the heap: byte offset, and the bits their computation returned (see writeConstantBlocks). */
export interface ConstantBlocks {
  offset: number;
  flags: number;
}

interface Entry extends ConstantBlocks {
  key: readonly ParamKey[];
  channels: number;
}

/** Sets of parameters kept: a model's g-SmeLU layers, or the same layer's forward and backward calls. */
const CAPACITY = 8;

export class ConstantBlockCache {
  private readonly entries: Entry[] = [];

  constructor(private readonly malloc: (bytes: number) => number, private readonly free: (offset: number) => void) {}

  /**
   * The constants of the parameters `key` over `channels` channels: kept
   * ones, or `bytes` bytes newly written by `write(offset)`, which returns
   * the flags. Flags with `invalid` set are returned but not kept (the
   * caller reports the bad value; nothing is left allocated).
   */
  get(key: readonly ParamKey[], channels: number, bytes: number, invalid: number,
      write: (offset: number) => number): ConstantBlocks {
    for (let e = 0; e < this.entries.length; ++e) {
      const entry = this.entries[e];
      if (entry.channels === channels && sameKey(entry.key, key)) {
        if (e > 0) this.entries.unshift(...this.entries.splice(e, 1));
        return entry;
      }
    }
    const offset = this.malloc(Math.max(bytes, 16));
    if (offset === 0) throw new Error(`wasm: could not allocate ${bytes} bytes for g-SmeLU's constants`);
    let flags: number;
    try {
      flags = write(offset);
    } catch (e) {
      this.free(offset);
      throw e;
    }
    if (flags & invalid) {
      this.free(offset);
      return {offset: -1, flags};
    }
    this.entries.unshift({key: [...key], channels, offset, flags});
    if (this.entries.length > CAPACITY) this.free(this.entries.pop()!.offset);
    return this.entries[0];
  }

  /** Number of sets kept (for tests). */
  get size(): number {
    return this.entries.length;
  }
}

function sameKey(a: readonly ParamKey[], b: readonly ParamKey[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; ++i)
    if (!Object.is(a[i], b[i])) return false;
  return true;
}
