/**
 * g-SmeLU on tfjs-node's backend `tensorflow` with tfjs-smelu's native ops
 * switched off: the kernels' composite of stock ops (and the shared backend
 * suite, which trains and reloads a per-channel β layer). Never skipped: if
 * tfjs-node does not load, this fails with the fix.
 */
import {describeGeneralizedSmeLUOnBackend} from '../../support/generalized_smelu_backend_suite';
import {describeGeneralizedSmeLUTensorflowKernels} from './generalized_smelu_tensorflow_suite';
import {useTensorflow} from './tensorflow_env';

describeGeneralizedSmeLUTensorflowKernels('composite');

describeGeneralizedSmeLUOnBackend('tensorflow', () => useTensorflow('composite'),
    // tfjs-node hands out typed arrays of Node's main realm; under jest, tfjs-core's
    // weight encoder (io_utils, `instanceof Float32Array`) runs in the test realm and
    // rejects them. Plain Node has one realm and saves fine.
    'under jest, tfjs-core\'s weight encoder rejects tfjs-node\'s Float32Arrays (another JS realm)',
    {fusedKernels: true, fusedKernelsRunOps: true, label: 'kernels on the composite of stock ops'});
