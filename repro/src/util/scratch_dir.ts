/**
 * A run's scratch folder in the OS temp folder (never beside the user's
 * files, never in the output folder): removed when the run ends, fails, or
 * is interrupted by a signal. Node-only.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {onInterrupt} from './interrupts';

/** A scratch folder; `remove()` deletes it with everything in it (once; later calls do nothing). */
export interface ScratchDir {
  readonly path: string;
  remove(): void;
}

/**
 * Creates `<os.tmpdir()>/tfjs-smelu-repro-<what>-XXXXXX`.
 *
 * ```js
 * // not run: internal (the parent's prepare step unpacks data into one)
 * const scratch = makeScratchDir('movielens');
 * try { unpackInto(scratch.path); } finally { scratch.remove(); }
 * ```
 */
export function makeScratchDir(what: string): ScratchDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tfjs-smelu-repro-${what}-`));
  const remove = () => fs.rmSync(dir, {recursive: true, force: true});
  const release = onInterrupt(remove);
  let removed = false;
  return {
    path: dir,
    remove() {
      if (removed) return;
      removed = true;
      try {
        remove();
      } finally {
        release();
      }
    },
  };
}
