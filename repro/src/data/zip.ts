/** Reading .zip archives with fflate. */
import {unzipSync} from 'fflate';

/**
 * Returns the uncompressed bytes of every entry whose name passes `want`.
 *
 * ```js
 * // not run: needs your ml-latest-small.zip
 * const files = readZipEntries(fs.readFileSync('ml-latest-small.zip'), (n) => n.endsWith('.csv'));
 * ```
 * @throws Error naming `what` when the data is not a zip archive or an entry cannot be inflated.
 */
export function readZipEntries(
    zip: Uint8Array, want: (name: string) => boolean, what = 'zip archive'): Map<string, Buffer> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {filter: (file) => want(file.name)});
  } catch (e) {
    const message = (e as Error).message;
    const problem = /invalid zip data/i.test(message) ? 'not a zip file' : 'unreadable zip file';
    throw new Error(`${what}: ${problem} (${message}).`);
  }
  return new Map(Object.entries(entries).map(
      ([name, bytes]) => [name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]));
}
