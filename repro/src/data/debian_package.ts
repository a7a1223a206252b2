/**
 * Fetches a Debian package's files without installing it: `apt-get download`
 * into a cache folder, then `dpkg-deb -x`. Works without root and without R
 * or Python; the package archive is the only network access.
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Result of {@link fetchDebianPackage}. */
export interface DebianPackageFiles {
  /** Folder the package was unpacked into (its root, containing `usr/`). */
  readonly root: string;
  /** The .deb file name, e.g. `r-cran-dslabs_0.7.4-1_all.deb` (names the version). */
  readonly debFile: string;
}

/**
 * Downloads (once) and unpacks a Debian package under `cacheDir`.
 *
 * ```js
 * const {root} = tfSmeluRepro.fetchDebianPackage('r-cran-dslabs', '/tmp/cache');
 * ```
 * @param name Package name, e.g. `r-cran-dslabs`.
 * @param cacheDir Folder for the .deb and the unpacked tree.
 * @param timeoutMs Limit for `apt-get download`.
 */
export function fetchDebianPackage(name: string, cacheDir: string, timeoutMs = 120000): DebianPackageFiles {
  if (!/^[a-z0-9][a-z0-9+.-]+$/.test(name)) throw new Error(`fetchDebianPackage: invalid package name '${name}'.`);
  const debDir = path.join(cacheDir, 'debs');
  fs.mkdirSync(debDir, {recursive: true});
  let debFile = findDeb(debDir, name);
  if (debFile == null) {
    const download = () => execFileSync('apt-get', ['download', name], {cwd: debDir, timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe']});
    try {
      download();
    } catch (e) {
      const err = e as {stderr?: Buffer, message: string};
      const detail = err.stderr?.toString().trim().split('\n').filter((l) => !l.startsWith('W:')).pop() ?? err.message;
      // A fresh machine may have no package lists yet; as root, fetch them once and retry.
      let retried = false;
      if (process.getuid?.() === 0 && /Unable to locate package|has no installation candidate/.test(detail)) {
        try {
          execFileSync('apt-get', ['update'], {timeout: timeoutMs, stdio: 'ignore'});
          download();
          retried = true;
        } catch {
          // Report the original failure below.
        }
      }
      if (!retried) throw new Error(`'apt-get download ${name}' failed: ${detail}`);
    }
    debFile = findDeb(debDir, name);
    if (debFile == null) throw new Error(`'apt-get download ${name}' left no ${name}_*.deb in ${debDir}.`);
  }
  const root = path.join(cacheDir, 'unpacked', debFile.replace(/\.deb$/, ''));
  if (!fs.existsSync(path.join(root, '.complete'))) {
    // Unpack into a temporary folder, then rename: an interrupted run leaves no half tree.
    const tmp = `${root}.tmp-${process.pid}`;
    fs.rmSync(tmp, {recursive: true, force: true});
    fs.mkdirSync(tmp, {recursive: true});
    try {
      execFileSync('dpkg-deb', ['-x', path.join(debDir, debFile), tmp], {stdio: ['ignore', 'pipe', 'pipe']});
    } catch (e) {
      fs.rmSync(tmp, {recursive: true, force: true});
      const err = e as {stderr?: Buffer, message: string};
      throw new Error(`'dpkg-deb -x ${debFile}' failed: ${err.stderr?.toString().trim() || err.message}`);
    }
    fs.writeFileSync(path.join(tmp, '.complete'), debFile);
    fs.rmSync(root, {recursive: true, force: true});
    fs.mkdirSync(path.dirname(root), {recursive: true});
    fs.renameSync(tmp, root);
  }
  return {root, debFile};
}

function findDeb(dir: string, name: string): string|null {
  const matches = fs.readdirSync(dir).filter((f) => f.startsWith(`${name}_`) && f.endsWith('.deb')).sort();
  return matches.length > 0 ? matches[matches.length - 1] : null;
}
