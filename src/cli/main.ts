#!/usr/bin/env node
/**
 * `tfjs-smelu <command> ...`: one executable, one module per command, loaded
 * only when asked for (so `swap` does not pay for the demo's dependencies).
 */

type CommandModule = {run(argv: string[]): Promise<number>};

const COMMANDS: Record<string, {summary: string, load: () => Promise<CommandModule>}> = {
  demo: {
    summary: 'measure prediction differences between replicas (ReLU vs SmeLU vs ...)',
    load: async () => require('./demo') as CommandModule,
  },
  swap: {
    summary: 'replace ReLU activations of a saved Layers model with SmeLU',
    load: async () => require('./swap') as CommandModule,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(6)} ${c.summary}`);
  return `Usage: tfjs-smelu <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
      `Run 'tfjs-smelu <command> --help' for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name == null || name === '--help' || name === '-h') {
    console.log(usage());
    return name == null ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (command == null) {
    console.error(`tfjs-smelu: unknown command '${name}'.\n\n${usage()}`);
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
        console.error(`tfjs-smelu: ${err.message}`);
        process.exitCode = 1;
      });
}
