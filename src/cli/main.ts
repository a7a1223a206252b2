#!/usr/bin/env node
/**
 * `tfjs-smelu <command> ...`: the plugin's executable. One module per
 * command, loaded only when asked for. The reproducibility demo lives in the
 * toolkit package (`npx tfjs-smelu-repro demo`).
 */
import {version} from '../../package.json';
import {CommandLineProgram, dispatchCommand, runAsProcess} from './dispatch';

const PROGRAM: CommandLineProgram = {
  bin: 'tfjs-smelu',
  version,
  commands: {
    swap: {
      summary: 'replace ReLU activations of a saved Layers model with SmeLU',
      load: () => import('./swap'),
    },
    native: {
      summary: 'build / status: the fused TensorFlow ops for tfjs-node',
      load: () => import('./native'),
    },
  },
  footer: ' The reproducibility\ndemo is in the toolkit package: npx tfjs-smelu-repro demo --help',
};

export function main(argv: string[]): Promise<number> {
  return dispatchCommand(PROGRAM, argv);
}

if (require.main === module) runAsProcess(PROGRAM.bin, main);
