/** Reads named entries of a .zip archive (stored or deflated) with Node's zlib. */
import * as zlib from 'zlib';

/**
 * Returns the uncompressed bytes of every entry whose name passes `want`.
 *
 * ```js
 * // not run: needs your ml-latest-small.zip
 * const files = tfSmeluRepro.readZipEntries(fs.readFileSync('ml-latest-small.zip'), (n) => n.endsWith('.csv'));
 * ```
 */
export function readZipEntries(zip: Buffer, want: (name: string) => boolean, what = 'zip archive'): Map<string, Buffer> {
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${what}: not a zip file (no end-of-central-directory record).`);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`${what}: corrupt central directory.`);
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localHeader = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (!want(name)) continue;
    const localNameLength = zip.readUInt16LE(localHeader + 26);
    const localExtraLength = zip.readUInt16LE(localHeader + 28);
    const start = localHeader + 30 + localNameLength + localExtraLength;
    const data = zip.subarray(start, start + compressedSize);
    if (method === 0) out.set(name, Buffer.from(data));
    else if (method === 8) out.set(name, zlib.inflateRawSync(data));
    else throw new Error(`${what}: entry '${name}' uses unsupported compression method ${method}.`);
  }
  return out;
}
