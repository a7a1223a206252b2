/**
 * What `npm pack` puts in the two tarballs (what `npm publish` would upload)
 * and the package.json users get: the files users need (README, LICENSE,
 * built code, type declarations) and nothing else; every path the manifest
 * names exists; no leftover chunk from an older build; the plugin has no
 * runtime dependencies and peers only on TensorFlow.js packages; the toolkit
 * owns its own dependencies.
 * @fullRun packed
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {EditableJSON} from '../support/json';
import {REPO_ROOT, REPRO_ROOT} from '../support/paths';
import {packPackages, Tarballs, tarballFiles, tarballPackageJson} from './consumer_project';

/** Every path a package.json points at (main, module, types, exports, typesVersions, bin, unpkg). */
function manifestPaths(pkg: EditableJSON): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string')
      out.push(v);
    else if (Array.isArray(v))
      v.forEach(walk);
    else if (v != null && typeof v === 'object')
      Object.values(v).forEach(walk);
  };
  for (const field of ['main', 'module', 'types', 'exports', 'typesVersions', 'bin', 'unpkg', 'jsdelivr'])
    walk(pkg[field]);
  return [...new Set(out.map((p) => p.replace(/^\.\//, '')))].sort();
}

/** Relative imports of chunk files in a built module (`./chunk-XXXX.mjs`, `require("./chunk-XXXX.cjs")`). */
function importedChunks(code: string): string[] {
  return [...code.matchAll(/["']\.\/(chunk-[A-Za-z0-9_-]+\.(?:c|m)js)["']/g)].map((m) => `dist/${m[1]}`);
}

const TFJS_PEERS = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-backend-webgpu',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-node',
];

describe('npm pack', () => {
  let dir: string;
  let tarballs: Tarballs;
  let pluginFiles: string[];
  let reproFiles: string[];
  let plugin: EditableJSON;
  let repro: EditableJSON;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-packed-'));
    tarballs = await packPackages(dir);
    [pluginFiles, reproFiles] = await Promise.all([tarballFiles(tarballs.plugin), tarballFiles(tarballs.repro)]);
    [plugin, repro] = await Promise.all([tarballPackageJson(tarballs.plugin), tarballPackageJson(tarballs.repro)]);
  }, 300_000);
  afterAll(() => {
    if (dir != null) fs.rmSync(dir, {recursive: true, force: true});
  });

  describe('tfjs-smelu', () => {
    it('ships README, LICENSE, package.json and the built entries with their types and source maps, nothing else', () => {
      for (const f of ['README.md', 'LICENSE', 'package.json']) expect(pluginFiles).toContain(f);
      for (const entry of ['index', 'core', 'tfjs', 'node']) {
        // <entry>.node.mjs: Node's `import` target, the CommonJS build re-exported (one copy for import and require).
        for (const ext of ['cjs', 'mjs', 'node.mjs', 'd.ts', 'd.mts', 'cjs.map', 'mjs.map'])
          expect(pluginFiles).toContain(`dist/${entry}.${ext}`);
      }
      for (const f of ['bin/tfjs-smelu.cjs', 'dist/cli.cjs', 'dist/tfjs-smelu.min.js'])
        expect(pluginFiles).toContain(f);
      const allowed =
          /^(README\.md|LICENSE|package\.json|bin\/tfjs-smelu\.cjs|dist\/((index|core|tfjs|node)\.(c|m|node\.m)js(\.map)?|(index|core|tfjs|node)\.d\.(m)?ts|chunk-[A-Za-z0-9_-]+\.(c|m)js(\.map)?|cli\.cjs(\.map)?|tfjs-smelu\.min\.js(\.map)?)|native\/src\/[a-z_]+\.(cc|h)|scripts\/(build-native-ops|interrupts)\.js)$/;
      expect(pluginFiles.filter((f) => !allowed.test(f))).toEqual([]);
      // The native TensorFlow ops ship as sources plus their build script (`npx tfjs-smelu native build`), never as
      // a prebuilt binary: importing the package compiles nothing.
      expect(pluginFiles).toEqual(expect.arrayContaining([
        'scripts/build-native-ops.js', 'scripts/interrupts.js', 'native/src/kernels.cc'
      ]));
      expect(pluginFiles.some((f) => f.endsWith('.node'))).toBe(false);
    });

    it('has no leftover chunk from an older build: every chunk is imported by an entry', () => {
      const chunks = pluginFiles.filter((f) => /^dist\/chunk-.*\.(c|m)js$/.test(f));
      const used = new Set(['index', 'core', 'node', 'tfjs'].flatMap(
          (e) => ['cjs', 'mjs'].flatMap(
              (ext) => importedChunks(fs.readFileSync(path.join(REPO_ROOT, 'dist', `${e}.${ext}`), 'utf8')))));
      expect(chunks.filter((c) => !used.has(c))).toEqual([]);
    });

    it('points only at files it ships', () => {
      expect(manifestPaths(plugin).filter((p) => !pluginFiles.includes(p) && p !== 'package.json')).toEqual([]);
      expect(manifestPaths(plugin)).toEqual(expect.arrayContaining([
        'dist/index.cjs', 'dist/core.d.mts', 'dist/node.d.ts', 'bin/tfjs-smelu.cjs'
      ]));
    });

    it('has no runtime dependencies; peers only on TensorFlow.js, with tfjs-core the only required one', () => {
      expect(plugin.dependencies ?? {}).toEqual({});
      expect(Object.keys(plugin.peerDependencies).sort()).toEqual(TFJS_PEERS);
      const optional = Object.entries(plugin.peerDependenciesMeta ?? {})
                           .filter(([, m]) => (m as {optional?: boolean}).optional)
                           .map(([n]) => n);
      expect(optional.sort()).toEqual(TFJS_PEERS.filter((p) => p !== '@tensorflow/tfjs-core'));
      // Every range is a 4.x caret range.
      for (const range of Object.values(plugin.peerDependencies)) expect(range).toMatch(/^\^4\.\d+\.\d+$/);
    });

    it('has the fields a registry page and tools read', () => {
      expect(plugin).toMatchObject({name: 'tfjs-smelu', license: 'Apache-2.0', type: 'commonjs', sideEffects: true});
      expect(plugin.repository?.url).toMatch(/^git\+https:\/\//);
      expect(typeof plugin.homepage).toBe('string');
      expect(typeof plugin.bugs?.url).toBe('string');
      expect(plugin.bin).toEqual({'tfjs-smelu': 'bin/tfjs-smelu.cjs'});
      expect(plugin.version).toBe(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
      // Nothing runs at the user's install. `prepare` runs only in a clone or a git or folder install, where it
      // builds dist/ (npm never runs it for a registry tarball, which ships dist/).
      expect(Object.keys(plugin.scripts ?? {}).filter((s) => /^(pre|post)?install$/.test(s))).toEqual([]);
      expect(plugin.scripts.prepare).toBe('node scripts/build-if-stale.js');
    });

    it('ships the Apache-2.0 licence text', () => {
      const text = fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
      expect(text).toMatch(/Apache License\s+Version 2\.0, January 2004/);
      expect(text).toMatch(/END OF TERMS AND CONDITIONS/);
    });
  });

  describe('tfjs-smelu-repro', () => {
    it('ships README, LICENSE, package.json and the built entries with their types, nothing else', () => {
      for (const f of ['README.md', 'LICENSE', 'package.json', 'bin/tfjs-smelu-repro.cjs', 'dist/cli.cjs']) {
        expect(reproFiles).toContain(f);
      }
      for (const entry of ['index', 'node']) {
        for (const ext of ['cjs', 'mjs', 'node.mjs', 'd.ts', 'd.mts'])
          expect(reproFiles).toContain(`dist/${entry}.${ext}`);
      }
      // Shared chunks (index + node build together) and type chunks are part of the build too.
      const allowed =
          /^(README\.md|LICENSE|package\.json|bin\/tfjs-smelu-repro\.cjs|dist\/((index|node)\.(c|m|node\.m)js(\.map)?|(index|node)\.d\.(m)?ts|chunk-[A-Za-z0-9_-]+\.(c|m)js(\.map)?|[A-Za-z0-9_]+-[A-Za-z0-9_-]+\.d\.(m)?ts|(cli|worker)\.cjs(\.map)?))$/;
      expect(reproFiles.filter((f) => !allowed.test(f))).toEqual([]);
      // The browser demo and the sources stay in the repository.
      expect(reproFiles.some((f) => f.startsWith('src/') || f.startsWith('examples/'))).toBe(false);
    });

    it('points only at files it ships', () => {
      expect(manifestPaths(repro).filter((p) => !reproFiles.includes(p) && p !== 'package.json')).toEqual([]);
    });

    it('depends on tfjs-smelu and owns vega, vega-lite, cli-progress, seedrandom, csv-parse, fflate and jstat', () => {
      expect(Object.keys(repro.dependencies).sort()).toEqual([
        'cli-progress', 'csv-parse', 'fflate', 'jstat', 'seedrandom', 'tfjs-smelu', 'vega', 'vega-lite'
      ]);
      expect(repro.dependencies['tfjs-smelu']).toBe(`^${plugin.version}`);
      // Its TensorFlow.js peers are within the plugin's ranges (same floors or higher).
      for (const [name, range] of Object.entries(repro.peerDependencies)) {
        expect(TFJS_PEERS).toContain(name);
        expect(range).toBe(plugin.peerDependencies[name]);
      }
      expect(repro.bin).toEqual({'tfjs-smelu-repro': 'bin/tfjs-smelu-repro.cjs'});
    });

    it('ships the same licence text as the plugin', () => {
      expect(fs.readFileSync(path.join(REPRO_ROOT, 'LICENSE'), 'utf8'))
          .toBe(fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8'));
    });
  });
});
