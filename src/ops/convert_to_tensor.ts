import {Tensor, tensor, TensorLike} from '@tensorflow/tfjs-core';

import {assertRealDtype, describeValue} from '../validate';

/**
 * Public-API stand-in for tfjs-core's internal `convertToTensor`: accepts a
 * Tensor or a TensorLike (number, nested array, typed array) and returns a
 * float32/int32 Tensor, or throws an Error that names the argument and op.
 * A converted TensorLike is a new tensor; callers run inside `op()` so it is
 * disposed with the op's scope.
 */
export function convertToRealTensor(x: Tensor|TensorLike, argName: string, opName: string): Tensor {
  let $x: Tensor;
  if (x instanceof Tensor) {
    $x = x;
  } else {
    if (x == null || typeof x === 'string' || typeof x === 'boolean') {
      throw new Error(
          `${opName}: argument '${argName}' must be a Tensor or TensorLike of numbers, but got ${describeValue(x)}.`);
    }
    try {
      $x = tensor(x);
    } catch (e) {
      throw new Error(`${opName}: argument '${argName}' could not be converted to a tensor: ${(e as Error).message}`);
    }
  }
  assertRealDtype($x.dtype, opName, argName);
  return $x;
}
