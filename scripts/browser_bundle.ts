/**
 * The browser bundle of tfjs-smelu: one IIFE script that defines the global
 * `tfSmelu` and uses the page's global `tf` (from tfjs's own `<script>`
 * bundle) for @tensorflow/tfjs-core and @tensorflow/tfjs-layers, so kernels,
 * gradients and the `'smelu'` activation register in the page's one copy of
 * TensorFlow.js. tsup.config.ts builds dist/tfjs-smelu.min.js with these
 * settings; the browser tests bundle the sources the same way, in memory.
 */
import type {BuildOptions, Plugin} from 'esbuild';

/** Global the bundle defines. */
export const BROWSER_GLOBAL_NAME = 'tfSmelu';

/** The packages the page provides as `tf` (the union package `@tensorflow/tfjs` has both). */
const FROM_GLOBAL_TF = /^@tensorflow\/tfjs(-core|-layers)?$/;

/**
 * esbuild plugin: `import ... from '@tensorflow/tfjs-core'` (or -layers, or
 * the union package) becomes the global `tf`; any other @tensorflow import
 * fails the build, since src/ must not load backend packages at run time.
 */
export function tfjsGlobalPlugin(): Plugin {
  return {
    name: 'tfjs-global',
    setup(build) {
      build.onResolve({filter: /^@tensorflow\//}, (args) => {
        if (!FROM_GLOBAL_TF.test(args.path)) {
          return {
            errors: [{
              text: `${args.path} is imported by ${args.importer}; the browser bundle can only ` +
                  `take @tensorflow/tfjs-core and @tensorflow/tfjs-layers from the global \`tf\`.`,
            }],
          };
        }
        return {path: args.path, namespace: 'tfjs-global'};
      });
      build.onLoad({filter: /.*/, namespace: 'tfjs-global'}, () => ({
                                                               contents: `
          if (typeof globalThis.tf === 'undefined') {
            throw new Error('tfjs-smelu: load TensorFlow.js (the global \`tf\`, e.g. tf.min.js) ' +
                'before tfjs-smelu.min.js');
          }
          module.exports = globalThis.tf;`,
                                                               loader: 'js',
                                                             }));
    },
  };
}

/** esbuild options for the IIFE bundle (tsup.config.ts mirrors them). */
export function browserBundleOptions(): BuildOptions {
  return {
    entryPoints: ['src/index.ts'],
    bundle: true,
    format: 'iife',
    globalName: BROWSER_GLOBAL_NAME,
    platform: 'browser',
    target: 'es2017',
    plugins: [tfjsGlobalPlugin()],
    logLevel: 'silent',
  };
}
