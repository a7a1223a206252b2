/**
 * `tfjs-smelu native build [--force]` and `tfjs-smelu native status`: builds
 * tfjs-smelu's fused TensorFlow ops for the `tensorflow` backend
 * (@tensorflow/tfjs-node) on this machine, and says whether they load.
 * Importing tfjs-smelu never compiles anything; without this build the
 * `tensorflow` backend runs SmeLU and g-SmeLU as composites of stock
 * TensorFlow ops (same results, slower).
 */
import * as path from 'path';

import {nativeTensorflowOpsStatus} from '../kernels/tensorflow/native_library';
import {packageDirOf} from '../package_dir';

const USAGE = `Usage: tfjs-smelu native <build|status> [options]

  build     Compiles tfjs-smelu's SmeLU and g-SmeLU TensorFlow ops (C++,
            native/src) against the TensorFlow of @tensorflow/tfjs-node and
            checks that they run; the 'tensorflow' backend then uses them.
            Needs a C++17 compiler, Node's headers, and TensorFlow's C kernel
            API headers (tensorflow/c/kernels.h): from tfjs-node's
            deps/include or from TFJS_SMELU_TF_INCLUDE (for example a
            tensorflow wheel's tensorflow/include). When something is missing
            it says what, and the composite kernels stay in use.
  status    Loads @tensorflow/tfjs-node and the built ops, and says whether
            the 'tensorflow' backend uses them (exit 0) or not and why (exit 1).

Options (build):
  --force   Rebuild even when the library is up to date.
  -h, --help  Show this help.

Environment: TFJS_SMELU_NATIVE_OPS=<file> loads that library instead;
TFJS_SMELU_NATIVE_OPS=0 turns the native ops off. TFJS_SMELU_NUM_THREADS
caps the threads a large call is split over.`;

interface BuildScript {
  main(argv: string[], print?: (line: string) => void): Promise<number>;
}

/** scripts/interrupts.js: Ctrl-C stops the build's compilers and removes what it staged. */
interface Interrupts {
  install(tag: string): void;
  exitCode(code: number): number;
}

/** The package's folder: this file is dist/cli.cjs (or src/cli/native.ts in the repository). */
function packageRoot(): string {
  return packageDirOf(__dirname);
}

async function build(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--force');
  if (unknown.length > 0) {
    console.error(
        `tfjs-smelu native build: unknown option ${unknown.map((a) => `'${a}'`).join(', ')}; ` +
        'run \'tfjs-smelu native --help\'.');
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const script = require(path.join(packageRoot(), 'scripts', 'build-native-ops.js')) as BuildScript;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const interrupts = require(path.join(packageRoot(), 'scripts', 'interrupts.js')) as Interrupts;
  interrupts.install('build-native-ops:');
  return interrupts.exitCode(await script.main(argv));
}

function status(): number {
  process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL ?? '2';
  let tfVersion: string;
  try {
    // Resolved from the user's project, where tfjs-node is installed next to tfjs-smelu.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tfnode = require(require.resolve('@tensorflow/tfjs-node', {paths: [process.cwd(), packageRoot()]}));
    tfVersion = tfnode.backend().binding.TF_Version;
  } catch (e) {
    console.log(`native TensorFlow ops: not used: @tensorflow/tfjs-node does not load (${
        (e as Error).message.split('\n')[0]}).`);
    return 1;
  }
  const state = nativeTensorflowOpsStatus();
  if (!state.loaded) {
    console.log(`native TensorFlow ops: not used (TensorFlow ${tfVersion}): ${state.reason}`);
    return 1;
  }
  console.log(
      `native TensorFlow ops: loaded from ${state.path} (TensorFlow ${tfVersion}); ` +
      'the tensorflow backend runs SmeLU and g-SmeLU as fused ops.');
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub == null || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    console.log(USAGE);
    return sub == null ? 2 : 0;
  }
  if (sub === 'build') return build(rest);
  if (sub === 'status' && rest.length === 0) return status();
  console.error(
      `tfjs-smelu native: unknown ${sub === 'status' ? `option '${rest[0]}'` : `command '${sub}'`}; ` +
      'run \'tfjs-smelu native --help\'.');
  return 2;
}
