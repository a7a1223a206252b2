/**
 * The few members of each backend that our kernels touch, described
 * structurally so that the backend packages stay optional peer dependencies:
 * nothing here imports them at run time (or even at type level).
 */
import type {DataId, DataType, TensorInfo} from '@tensorflow/tfjs-core';

/** Typed arrays a backend may hold numeric tensor data in. */
export type NumericArray = Float32Array|Int32Array|Uint8Array;

/** `MathBackendCPU` from @tensorflow/tfjs-backend-cpu (also what `wasm` falls back to). */
export interface CpuBackendLike {
  data: {get(dataId: DataId): {values?: unknown}};
  makeTensorInfo(shape: number[], dtype: DataType, values?: NumericArray): TensorInfo;
}

/** A GPGPU program as `MathBackendWebGL.runWebGLProgram` takes it (tfjs-backend-webgl `GPGPUProgram`). */
export interface WebGLProgramLike {
  /** Input names; input `A` is read in `userCode` with `getAAtOutCoords()`. */
  variableNames: string[];
  outputShape: number[];
  /** GLSL that defines `void main()` and calls `setOutput(value)`. */
  userCode: string;
  /** Inputs read as RGBA texels of 2×2 values (`vec4`); the output is written packed too. */
  packedInputs?: boolean;
  packedOutput?: boolean;
  /** Shapes as uniforms: one compiled program serves every shape of the same rank. */
  enableShapeUniforms?: boolean;
  /** Extra uniforms; their values are passed to `runWebGLProgram` in the same order. */
  customUniforms?: Array<{name: string, type: 'float'|'vec2'|'vec3'|'vec4'|'int'}>;
}

/** `MathBackendWebGL` from @tensorflow/tfjs-backend-webgl (backend name `webgl`). */
export interface WebGLBackendLike {
  runWebGLProgram(
      program: WebGLProgramLike, inputs: TensorInfo[], outputDtype: DataType,
      customUniformValues?: number[][]): TensorInfo;
  /** Frees an intermediate result of `runWebGLProgram` (or of another kernel). */
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

/** A compute program as `WebGPUBackend.runWebGPUProgram` takes it (tfjs-backend-webgpu `WebGPUProgram`). */
export interface WebGPUProgramLike {
  /** Pipeline cache key prefix: must differ between programs whose code differs. */
  shaderKey: string;
  outputShape: number[];
  variableNames: string[];
  /** Which output dimensions map to the dispatch's x/y/z. */
  dispatchLayout: {x: number[], y?: number[], z?: number[]};
  /** Workgroup counts in x, y, z. */
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Declares `uniforms.size` (the output's element count, divided by `outputComponent`). */
  size?: boolean;
  /** Elements per invocation: 4 binds every buffer as `array<vec4<f32>>` (default 1). */
  outputComponent?: number;
  /** Elements per read of each input's buffer (default: `outputComponent` for every input). */
  variableComponents?: number[];
  /** Extra uniform struct members, e.g. `'beta : f32, '`; values passed to `runWebGPUProgram`. */
  uniforms?: string;
  /** WGSL defining `main(index : i32)` (via the backend's main header) for flat dispatch. */
  getUserCode(): string;
}

/** `WebGPUBackend` from @tensorflow/tfjs-backend-webgpu (backend name `webgpu`). */
export interface WebGPUBackendLike {
  runWebGPUProgram(
      program: WebGPUProgramLike, inputs: TensorInfo[], outputDtype: DataType,
      programDefinedUniform?: Array<{type: 'float32' | 'int32' | 'uint32', data: number[]}>): TensorInfo;
  /** Frees a tensor's data (an intermediate result of `runWebGPUProgram` or another kernel). */
  disposeData(dataId: DataId, force?: boolean): boolean;
}
