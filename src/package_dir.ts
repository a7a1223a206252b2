/**
 * The folder of the package a Node module belongs to, found one way for both
 * packages: the nearest folder at or above the module's own folder that holds
 * a package.json. That is the package's root whether the module runs from its
 * build (`dist/`, or a chunk of it) or from the repository's sources (tests).
 * Node only (it reads the file system); not part of the plugin's public API.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * The package folder above `moduleDir` (a module's own folder, `__dirname`).
 *
 * @throws Error when no folder above it holds a package.json.
 */
export function packageDirOf(moduleDir: string): string {
  for (let dir = path.resolve(moduleDir);; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${moduleDir} or any folder above it.`);
  }
}
