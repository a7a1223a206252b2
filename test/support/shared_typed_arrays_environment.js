/**
 * A Node test environment whose typed-array constructors are Node's own (the
 * main realm's). tfjs-node's native binding returns typed arrays of the main
 * realm; in jest's default environment the test code runs in another realm, so
 * tfjs-core's `instanceof Float32Array` checks (the weight encoder of
 * model.save) reject them. Plain Node has one realm; this makes jest match it.
 * Used by the test files that save models on the `tensorflow` backend
 * (`@jest-environment ./test/support/shared_typed_arrays_environment.js`).
 */
const {TestEnvironment} = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'
];

class SharedTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArraysEnvironment;
