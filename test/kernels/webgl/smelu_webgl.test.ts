/**
 * SmeLU's WebGL kernels in headless Chromium (SwiftShader): WebGL2 and WebGL1,
 * packed and unpacked programs, and float16 textures. Required: fails when
 * Chromium or WebGL is missing.
 * @fullRun browser
 */
import {describeGpuVariant, printMeasuredErrors, useBrowserFixture} from '../../support/browser/smelu_browser_suite';

const fixture = useBrowserFixture();
printMeasuredErrors();

/** The packing flags tfjs's unary and binary kernels read on each call. */
const packing = (packed: boolean) => ({WEBGL_PACK_UNARY_OPERATIONS: packed, WEBGL_PACK_BINARY_OPERATIONS: packed});

describeGpuVariant(fixture, {
  name: 'webgl2 packed',
  backend: 'webgl',
  flags: {WEBGL_VERSION: 2, ...packing(true)},
  webglVersion: 2,
  packed: true,
  tolerance: 1e-6,
});

describeGpuVariant(fixture, {
  name: 'webgl2 unpacked',
  backend: 'webgl',
  flags: {WEBGL_VERSION: 2, ...packing(false)},
  webglVersion: 2,
  packed: false,
  tolerance: 1e-6,
});

describeGpuVariant(fixture, {
  name: 'webgl1 packed',
  backend: 'webgl',
  flags: {WEBGL_VERSION: 1, ...packing(true)},
  webglVersion: 1,
  packed: true,
  tolerance: 1e-6,
});

describeGpuVariant(fixture, {
  name: 'webgl1 unpacked',
  backend: 'webgl',
  flags: {WEBGL_VERSION: 1, ...packing(false)},
  webglVersion: 1,
  packed: false,
  tolerance: 1e-6,
});

// Values are stored as float16 between kernels (2⁻¹¹ ≈ 4.9e-4 relative rounding of each result).
describeGpuVariant(fixture, {
  name: 'webgl2 float16 textures',
  backend: 'webgl',
  flags: {WEBGL_VERSION: 2, WEBGL_FORCE_F16_TEXTURES: true, ...packing(true)},
  webglVersion: 2,
  packed: true,
  float16: true,
  tolerance: 1e-3,
});
