/**
 * Runs a short chain of TensorFlow eager ops on native handles. Intermediates
 * and scalar operands never become engine tensors: they are raw handles,
 * deleted in `finally`, so a kernel leaks nothing even when an op throws.
 * Only the final handle is wrapped as the kernel's output tensor.
 */
import type {Tensor, TensorInfo} from '@tensorflow/tfjs-core';

import {assertRealDtype} from '../../validate';
import type {NativeOpAttr, TensorflowBackendLike} from './tensorflow_backend_types';

export class NativeOpChain {
  private readonly owned: number[] = [];
  private readonly floatAttrs: NativeOpAttr[];

  constructor(private readonly backend: TensorflowBackendLike) {
    const {binding} = backend;
    this.floatAttrs = [{name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT}];
  }

  /**
   * The native handle of a kernel input, as float32 (int32 is cast natively;
   * other dtypes throw, naming `name` and `where`).
   */
  input(x: TensorInfo, name = 'x', where = 'SmeLU (tensorflow backend)'): number {
    const [id] = this.backend.getInputTensorIds([x]);
    if (x.dtype === 'float32') return id;
    assertRealDtype(x.dtype, where, name);
    const {binding} = this.backend;
    return this.own(binding
                        .executeOp(
                            'Cast',
                            [
                              {name: 'SrcT', type: binding.TF_ATTR_TYPE, value: binding.TF_INT32},
                              {name: 'DstT', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT},
                              {name: 'Truncate', type: binding.TF_ATTR_BOOL, value: false},
                            ],
                            [id], 1)[0]
                        .id);
  }

  /** A float32 scalar operand (rounded from the JS number). */
  scalar(value: number): number {
    return this.own(this.backend.binding.createTensor([], this.backend.binding.TF_FLOAT, Float32Array.of(value)));
  }

  /** Runs a float32 op (attrs default to `T = float`) and returns its output handle. */
  op(name: string, inputs: number[], attrs: NativeOpAttr[] = this.floatAttrs): number {
    return this.own(this.backend.binding.executeOp(name, attrs, inputs, 1)[0].id);
  }

  /** Runs the last op and hands its output to the engine, outside this chain's cleanup. */
  finish(name: string, inputs: number[], attrs: NativeOpAttr[] = this.floatAttrs): Tensor {
    const [metadata] = this.backend.binding.executeOp(name, attrs, inputs, 1);
    return this.backend.createOutputTensor(metadata);
  }

  /** Deletes every handle this chain created. */
  dispose(): void {
    for (const id of this.owned) this.backend.binding.deleteTensor(id);
    this.owned.length = 0;
  }

  private own(id: number): number {
    this.owned.push(id);
    return id;
  }
}
