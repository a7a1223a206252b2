/**
 * The Node backends' suite compiled the way the package is built (esbuild,
 * as tsup does), not by tsx, which runs the rest of the benchmark. tsx keeps
 * function names (each closure made at run time then pays an
 * Object.defineProperty) and reaches every imported binding through a
 * getter: costs that a user's copy of tfjs-smelu does not have, and that
 * came to about 1 µs per g-SmeLU call, as much as its whole loop on 4,096
 * elements. The browser backends get the same treatment (browser.ts bundles
 * the page with esbuild). Compiled in memory: no file is written.
 */
import Module from 'module';
import * as path from 'path';

import type * as NodeBackends from './node_backends';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

interface CompilableModule extends Module {
  _compile(code: string, filename: string): void;
}

let loaded: Promise<typeof NodeBackends>|undefined;

/** The Node backends' modules, compiled once per process (the package registers its kernels once). */
export function loadNodeBackends(): Promise<typeof NodeBackends> {
  loaded ??= compile();
  return loaded;
}

async function compile(): Promise<typeof NodeBackends> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'node_backends.ts')],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    // tfjs and every other package stay the installed ones, loaded by require.
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  // As if it were a file of the built package (dist/): the package's own lookups relative to its
  // folder (the native TensorFlow ops in native/build/) then work as they do for users.
  const filename = path.join(REPO_ROOT, 'dist', 'bench-node-backends.cjs');
  const compiled = new Module(filename, module) as CompilableModule;
  compiled.filename = filename;
  compiled.paths =
      (Module as unknown as {_nodeModulePaths(dir: string): string[]})._nodeModulePaths(path.dirname(filename));
  compiled._compile(result.outputFiles[0].text, filename);
  return compiled.exports as typeof NodeBackends;
}
