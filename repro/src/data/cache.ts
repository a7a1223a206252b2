/** Where downloaded data sets are kept (outside the git tree; never committed). */
import * as os from 'os';
import * as path from 'path';

/**
 * The cache folder: `$TFJS_SMELU_CACHE`, else `$XDG_CACHE_HOME/tfjs-smelu`,
 * else `~/.cache/tfjs-smelu`.
 *
 * ```js
 * console.log(tfSmeluRepro.defaultCacheDir());  // e.g. /home/me/.cache/tfjs-smelu
 * ```
 */
export function defaultCacheDir(): string {
  const explicit = process.env.TFJS_SMELU_CACHE;
  if (explicit) return path.resolve(explicit);
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg ? path.resolve(xdg) : path.join(os.homedir(), '.cache'), 'tfjs-smelu');
}
