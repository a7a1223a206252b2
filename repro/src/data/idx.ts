/**
 * The IDX file format of MNIST and Fashion-MNIST (LeCun & Cortes): a 4-byte
 * magic number (two zero bytes, a type code, the number of dimensions), one
 * 32-bit big-endian size per dimension, then the values in row-major order.
 * Files may be gzipped (detected from their first two bytes).
 */
import * as zlib from 'zlib';

/** A parsed IDX file of unsigned bytes (the only type the MNIST family uses). */
export interface IdxArray {
  /** Sizes of the dimensions, e.g. [60000, 28, 28]. */
  readonly shape: number[];
  /** The values, row-major; length = product of `shape`. */
  readonly data: Uint8Array;
}

const IDX_UNSIGNED_BYTE = 0x08;

/**
 * Parses an IDX file of unsigned bytes (gzipped or not).
 *
 * ```js
 * // 2 labels: magic 0x00000801, size 2, then the bytes 7 and 3
 * const {shape, data} = parseIdx(Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 7, 3]));
 * console.log(shape, Array.from(data));  // [2] [7, 3]
 * ```
 * @param bytes The file's contents.
 * @param what Names the file in error messages.
 * @throws Error when the magic number is wrong, the type is not unsigned byte, or the length does not match the header.
 */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): IdxArray {
  let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = zlib.gunzipSync(buf);
    } catch (e) {
      throw new Error(`${what}: not a valid gzip file (${(e as Error).message}).`);
    }
  }
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new Error(`${what}: not an IDX file (bad magic number).`);
  const type = buf[2], rank = buf[3];
  if (type !== IDX_UNSIGNED_BYTE) {
    throw new Error(
        `${what}: IDX type 0x${type.toString(16).padStart(2, '0')} is not supported (only unsigned byte, 0x08).`);
  }
  if (rank < 1) throw new Error(`${what}: IDX file with ${rank} dimensions.`);
  const headerLength = 4 + 4 * rank;
  if (buf.length < headerLength) throw new Error(`${what}: truncated header.`);
  const shape = Array.from({length: rank}, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const size = shape.reduce((a, b) => a * b, 1);
  if (buf.length !== headerLength + size) {
    throw new Error(
        `${what}: the header says ${shape.join('×')} = ${size} values, but the file has ${buf.length - headerLength}.`);
  }
  return {shape, data: new Uint8Array(buf.buffer, buf.byteOffset + headerLength, size)};
}
