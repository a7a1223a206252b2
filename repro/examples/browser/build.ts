/**
 * Builds the browser demo into examples/browser/dist/: the page, its style, the
 * bundled data and one script bundling tfjs, vega, vega-lite and this package's
 * source (so the page needs neither a prior `npm run build` nor a network).
 *
 *   npx tsx examples/browser/build.ts [--out DIR] [--no-minify]
 */
import {build} from 'esbuild';
import {copyFileSync, mkdirSync} from 'fs';
import {join, resolve} from 'path';

export const DEMO_DIR = resolve(__dirname);
export const DEFAULT_OUT_DIR = join(DEMO_DIR, 'dist');

/** Files copied next to the bundle, relative to the demo folder. */
const STATIC_FILES = ['index.html', 'style.css', 'data/digits.csv.gz', 'data/LICENSE', 'data/PROVENANCE.md'];

export interface BuildOptions {
  outDir?: string;
  minify?: boolean;
}

/** Bundles and copies the page; returns the folder to serve. */
export async function buildBrowserDemo({outDir = DEFAULT_OUT_DIR, minify = true}: BuildOptions = {}): Promise<string> {
  mkdirSync(join(outDir, 'data'), {recursive: true});
  await build({
    entryPoints: [join(DEMO_DIR, 'src', 'main.ts')],
    outfile: join(outDir, 'bundle.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify,
    sourcemap: true,
    legalComments: 'linked',
    define: {'process.env.NODE_ENV': '"production"'},
    logLevel: 'warning',
  });
  for (const file of STATIC_FILES) copyFileSync(join(DEMO_DIR, file), join(outDir, file));
  return outDir;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  buildBrowserDemo({
    outDir: outIndex >= 0 ? resolve(args[outIndex + 1]) : DEFAULT_OUT_DIR,
    minify: !args.includes('--no-minify'),
  }).then((dir) => console.log(`browser demo built in ${dir}`), (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
