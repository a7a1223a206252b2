#!/usr/bin/env node
/**
 * What a packed tfjs-smelu costs its users, measured from a tarball:
 *
 *   node scripts/package-footprint.js <tfjs-smelu-x.y.z.tgz> [--json]
 *
 * 1. `npm i <tarball>` in an empty project with --legacy-peer-deps (the
 *    package and its own runtime dependencies, no peers), and
 *    `npm i <tarball> @tensorflow/tfjs-core @tensorflow/tfjs-layers`:
 *    install size (bytes of node_modules, `du -sb`) and package count
 *    (entries of package-lock.json's "packages", the project itself excluded).
 * 2. The names each entry of its "exports" map exports (`Object.keys` of the
 *    ES module namespace, in Node, with tfjs-core, tfjs-layers and the cpu
 *    backend installed; entries that need more, like `./tfjs`, get
 *    @tensorflow/tfjs too).
 * 3. The op-only bundle increment: esbuild (this repository's) bundles, minified
 *    ESM for the browser, of `tf.relu` on tfjs-core + tfjs-backend-cpu, and of
 *    the same app calling `smelu` from `tfjs-smelu/core` (or from the main
 *    entry when the package has no `./core`): the size difference, raw and gzip.
 *
 * The @tensorflow packages are the versions this repository develops against
 * (its devDependencies). npm runs with --prefer-offline --no-audit --no-fund
 * --ignore-scripts. Scratch folders go under os.tmpdir() and are removed.
 */
'use strict';
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const REPO_ROOT = path.resolve(__dirname, '..');
const devDeps = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).devDependencies;
const tfjsSpec = (name) => `${name}@${devDeps[name]}`;

function npmInstall(dir, specs, extra = []) {
  fs.mkdirSync(dir, {recursive: true});
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest))
    fs.writeFileSync(manifest, JSON.stringify({name: 'footprint', version: '1.0.0', private: true}));
  // Without npm's run-script variables (npm_config_local_prefix would point npm at this repository),
  // keeping the machine's own settings.
  const keep =
      /^npm_config_(cache|registry|userconfig|globalconfig|cafile|ca|proxy|https_proxy|http_proxy|noproxy|no_proxy|strict_ssl|nodedir)$/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || keep.test(k)));
  cp.execFileSync(
      'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...extra, ...specs],
      {cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit']});
}

function footprint(dir) {
  const bytes =
      Number(cp.execFileSync('du', ['-sb', path.join(dir, 'node_modules')], {encoding: 'utf8'}).split('\t')[0]);
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
  const packages = Object.keys(lock.packages).filter((k) => k !== '');
  return {bytes, packages: packages.length};
}

function exportedNames(dir, pkg) {
  const entries = Object.keys(pkg.exports ?? {'.': pkg.main}).filter((e) => e !== './package.json');
  const out = {};
  for (const entry of entries) {
    const spec = entry === '.' ? pkg.name : `${pkg.name}/${entry.slice(2)}`;
    const script = `import(${
        JSON.stringify(spec)}).then((m) => console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default'))))`;
    const names = JSON.parse(
        cp.execFileSync(
              process.execPath, ['-e', script], {cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
            .trim()
            .split('\n')
            .pop());
    out[spec] = names.length;
  }
  return out;
}

async function bundleIncrement(dir, pkg) {
  const esbuild = require(require.resolve('esbuild', {paths: [REPO_ROOT]}));
  const hasCore = pkg.exports != null && pkg.exports['./core'] != null;
  const from = hasCore ? `${pkg.name}/core` : pkg.name;
  const base = `import * as tf from '@tensorflow/tfjs-core';\nimport '@tensorflow/tfjs-backend-cpu';\n`;
  const use = (op) => `console.log(${op}(tf.tensor1d([-3, -1, 0, 1, 3]), 2).arraySync());\n`;
  const build = async (source) => {
    const entry = path.join(dir, `app-${Math.random().toString(36).slice(2)}.mjs`);
    fs.writeFileSync(entry, source);
    const result = await esbuild.build({
      entryPoints: [entry],
      absWorkingDir: dir,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      write: false,
      metafile: true,
      logLevel: 'silent'
    });
    const code = result.outputFiles[0].contents;
    const layers = Object.keys(result.metafile.inputs).some((f) => f.includes('node_modules/@tensorflow/tfjs-layers/'));
    return {bytes: code.byteLength, gzip: zlib.gzipSync(code, {level: 9}).byteLength, containsTfjsLayers: layers};
  };
  const without = await build(base + use('tf.relu'));
  const withPlugin = await build(`${base}import {smelu} from '${from}';\n${use('smelu')}`);
  return {
    importedFrom: from,
    withoutPlugin: without,
    withPlugin,
    increment: {bytes: withPlugin.bytes - without.bytes, gzip: withPlugin.gzip - without.gzip}
  };
}

async function main() {
  const args = process.argv.slice(2);
  const tarball = args.find((a) => !a.startsWith('--'));
  if (tarball == null || !fs.existsSync(tarball)) {
    console.error('Usage: node scripts/package-footprint.js <tfjs-smelu-x.y.z.tgz> [--json]');
    return 2;
  }
  const abs = path.resolve(tarball);
  const pkg = JSON.parse(cp.execFileSync('tar', ['-xOzf', abs, 'package/package.json'], {encoding: 'utf8'}));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-footprint-'));
  try {
    const bare = path.join(root, 'bare');
    npmInstall(bare, [abs], ['--legacy-peer-deps']);
    const withTf = path.join(root, 'with-tfjs');
    npmInstall(withTf, [abs, tfjsSpec('@tensorflow/tfjs-core'), tfjsSpec('@tensorflow/tfjs-layers')]);
    const sizes = {bare: footprint(bare), withTfjsCoreAndLayers: footprint(withTf)};
    // For exports and bundles: the cpu backend and @tensorflow/tfjs (tfjs-smelu/tfjs needs it) as well.
    npmInstall(withTf, [tfjsSpec('@tensorflow/tfjs-backend-cpu'), tfjsSpec('@tensorflow/tfjs')]);
    const report = {
      package: `${pkg.name}@${pkg.version}`,
      dependencies: Object.keys(pkg.dependencies ?? {}),
      install: sizes,
      exportedNames: exportedNames(withTf, pkg),
      opOnlyBundle: await bundleIncrement(withTf, pkg)
    };
    if (args.includes('--json')) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
      const kb = (b) => `${(b / 1e3).toFixed(1)} kB`;
      console.log(`${report.package}: runtime dependencies: ${report.dependencies.join(', ') || 'none'}`);
      console.log(`  npm i <tarball> --legacy-peer-deps: ${mb(sizes.bare.bytes)}, ${sizes.bare.packages} packages`);
      console.log(
          `  npm i <tarball> @tensorflow/tfjs-core @tensorflow/tfjs-layers: ${
              mb(sizes.withTfjsCoreAndLayers.bytes)}, ` +
          `${sizes.withTfjsCoreAndLayers.packages} packages`);
      for (const [entry, n] of Object.entries(report.exportedNames)) console.log(`  exported names of ${entry}: ${n}`);
      const b = report.opOnlyBundle;
      console.log(
          `  op-only bundle (smelu from ${b.importedFrom}): +${kb(b.increment.bytes)} minified, ` +
          `+${kb(b.increment.gzip)} gzip over ${kb(b.withoutPlugin.bytes)} (${kb(b.withoutPlugin.gzip)} gzip); ` +
          `tfjs-layers in the bundle: ${b.withPlugin.containsTfjsLayers}`);
    }
    return 0;
  } finally {
    fs.rmSync(root, {recursive: true, force: true});
  }
}

main().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e.stack ?? e);
      process.exitCode = 1;
    });
