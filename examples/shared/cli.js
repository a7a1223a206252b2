/**
 * The start every Node example shares: its flags, its backend, and errors
 * that fit on one line. Kept out of the examples so that each of them shows
 * only its data, model and training.
 */
import {parseArgs} from 'node:util';

import * as tf from 'tfjs-smelu/tfjs';

/**
 * Backends the Node examples run on. Without `--backend` they take
 * `tensorflow` when @tensorflow/tfjs-node loads, else `cpu`.
 */
export const NODE_BACKENDS = ['tensorflow', 'wasm', 'cpu'];

/** Prints `message` as one line (prefixed with the example's name) and exits with `code`. */
export function exitWith(example, message, code = 1) {
  console.error(`${example}: ${String(message).split('\n').join(' ')}`);
  process.exit(code);
}

/**
 * Parses `process.argv` with Node's `util.parseArgs` plus the flags every
 * example has (`--backend`, `--smoke`, `--help`). A flag it does not know, or
 * `--backend` with another value, exits with code 2. `unsupported` maps a
 * backend the example cannot train on to the reason (e.g. tfjs's wasm backend
 * has no kernel for a gradient the model needs).
 */
export function parseFlags(example, usage, options, unsupported = {}) {
  let values;
  try {
    ({values} = parseArgs({
       options: {
         ...options,
         'backend': {type: 'string'},
         'smoke': {type: 'boolean', default: false},
         'help': {type: 'boolean', short: 'h', default: false},
       },
     }));
  } catch (e) {
    exitWith(example, `${e.message.replace(/\.$/, '')}. Usage: ${usage}`, 2);
  }
  if (values.help) {
    console.log(`Usage: ${usage}`);
    process.exit(0);
  }
  if (values.backend != null && !NODE_BACKENDS.includes(values.backend)) {
    const browserOnly = ['webgl', 'webgpu'].includes(values.backend);
    const where = browserOnly ? ' (a browser backend: see examples/browser-training)' : '';
    exitWith(
        example,
        `--backend ${values.backend} is not available in Node${where}; ` +
            `use one of ${NODE_BACKENDS.join(', ')}.`,
        2);
  }
  if (values.backend != null && unsupported[values.backend] != null) {
    const others = NODE_BACKENDS.filter((b) => unsupported[b] == null).join(' or ');
    exitWith(example, `--backend ${values.backend}: ${unsupported[values.backend]}; use ${others}.`, 2);
  }
  return values;
}

/** Reads a flag as an integer ≥ `min`; anything else exits with code 2. */
export function intFlag(example, values, name, min = 1) {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min) {
    exitWith(example, `--${name} must be an integer ≥ ${min}, got '${values[name]}'.`, 2);
  }
  return value;
}

/**
 * Starts the backend: `tensorflow` (@tensorflow/tfjs-node, with tfjs-smelu's
 * fused SmeLU op once `npx tfjs-smelu native build` has run) when asked for
 * or when it loads, else `cpu`; `wasm` when asked for. A backend this machine
 * cannot provide exits with one line that says why.
 */
export async function useBackend(example, requested) {
  if (requested == null || requested === 'tensorflow') {
    // TensorFlow's C++ logging is chatty at load; keep warnings and errors only.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    try {
      // Imported on demand, not at the top: a machine without tfjs-node's native addon still runs on cpu.
      await import('@tensorflow/tfjs-node');
    } catch (e) {
      if (requested === 'tensorflow') {
        const reason = e.message.split('\n')[0];
        exitWith(
            example,
            `--backend tensorflow: @tensorflow/tfjs-node does not load here (${reason}). ` +
                `In a clone of tfjs-smelu, 'node scripts/setup-tfjs-node.js' sets it up.`);
      }
    }
  } else if (requested === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
    } catch (e) {
      exitWith(
          example, `--backend wasm: @tensorflow/tfjs-backend-wasm does not load here (${e.message.split('\n')[0]}).`);
    }
  }
  const backend = requested ?? (tf.findBackendFactory('tensorflow') != null ? 'tensorflow' : 'cpu');
  if (!(await tf.setBackend(backend))) exitWith(example, `--backend ${backend}: the backend did not start.`);
  return backend;
}

/** Seconds since `start` (a `performance.now()` value), for log lines. */
export function secondsSince(start) {
  return (performance.now() - start) / 1000;
}
