/**
 * SmeLU's WebGPU kernels in headless Chromium (WGSL on SwiftShader's Vulkan).
 * The only browser suite allowed to skip: when the page gets no WebGPU
 * adapter, each test prints why and does nothing.
 */
import {describeGpuVariant, printMeasuredErrors, useBrowserFixture} from '../../support/browser/smelu_browser_suite';

const fixture = useBrowserFixture();
printMeasuredErrors();

describeGpuVariant(fixture, {
  name: 'webgpu',
  backend: 'webgpu',
  flags: {},
  tolerance: 1e-6,
});
