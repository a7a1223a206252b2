/**
 * SmeLU's WebGPU kernels in headless Chromium (WGSL on SwiftShader's Vulkan).
 * Never skipped: when the page gets no WebGPU adapter, every test fails with
 * the reason.
 * @fullRun browser
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
