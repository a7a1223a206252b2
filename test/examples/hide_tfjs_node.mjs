// Loaded with `node --import` by node_examples.test.ts: makes '@tensorflow/tfjs-node' unresolvable, as on a
// machine where it is not installed, so the examples' fallback to cpu and their error line can be tested.
import {register} from 'node:module';

register(`data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === '@tensorflow/tfjs-node') {
    const error = new Error("Cannot find package '@tensorflow/tfjs-node' (hidden by the test)");
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`)}`);
