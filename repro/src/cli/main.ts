#!/usr/bin/env node
/**
 * `tfjs-smelu-repro <command> ...`: the toolkit's executable, one module per
 * command, loaded only when asked for.
 */
import {version} from '../../package.json';

type CommandModule = {run(argv: string[]): Promise<number>};

const COMMANDS: Record<string, {summary: string, load: () => Promise<CommandModule>}> = {
  demo: {
    summary: 'measure prediction differences between replicas (ReLU vs SmeLU vs ...)',
    load: async () => require('./demo') as CommandModule,
  },
  compare: {
    summary: "measure what SmeLU does to your saved model's reproducibility on your CSV data",
    load: async () => require('./compare') as CommandModule,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `Usage: tfjs-smelu-repro <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
      `Options:\n  -h, --help     show this help\n  -v, --version  print the version\n\n` +
      `Run 'tfjs-smelu-repro <command> --help' for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name == null) {
    // A usage error: one line that says where the help is, not the whole help.
    console.error(`tfjs-smelu-repro: no command given; run 'tfjs-smelu-repro --help' for the commands.`);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version);
    return 0;
  }
  const command = COMMANDS[name];
  if (command == null) {
    console.error(`tfjs-smelu-repro: unknown command '${name}'; run 'tfjs-smelu-repro --help' for the commands.`);
    return 2;
  }
  return (await command.load()).run(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
      (code) => {
        process.exitCode = code;
      },
      (err: Error) => {
        console.error(`tfjs-smelu-repro: ${err.message}`);
        process.exitCode = 1;
      });
}
