/** Command-line flags of `npm run bench` → what to run. */
import type {BenchOptions} from './types';

export const ALL_BACKENDS = ['cpu', 'wasm', 'tensorflow', 'webgl', 'webgpu'] as const;
export type BackendName = typeof ALL_BACKENDS[number];

export interface CliOptions {
  backends: BackendName[];
  bench: BenchOptions;
  /** Folder for `<backend>.json`. */
  outDir: string;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [flags]

  --backend LIST   comma-separated: ${ALL_BACKENDS.join(', ')} or all (default: all)
  --sizes LIST     element counts, e.g. 16,4096,1e5 (default: 16,4096,1e5,1048576; --quick: 16,4096);
                   a size up to 64 measures per-call overhead
  --quick          few rounds, small sizes, short warm-up, small MLP batch (a smoke run, not for numbers)
  --rounds N       timed rounds per case (default: 21; --quick: 3)
  --out DIR        where <backend>.json goes (default: bench/results)
  --help           this text
`;

/**
 * 16 elements: per-call overhead; 4,096 (a batch of 32 × 128 units) and
 * 100,000: the sizes of real layers' activations; 2^20: a large tensor.
 */
const FULL: BenchOptions = {
  sizes: [16, 4096, 100_000, 1_048_576],
  rounds: 21,
  maxWarmupMs: 2000,
  minSampleMs: 20,
  beta: 1,
  mlpBatch: 512,
  mlpRounds: 15,
  quick: false,
};
const QUICK: BenchOptions = {
  sizes: [16, 4096],
  rounds: 3,
  maxWarmupMs: 50,
  minSampleMs: 2,
  beta: 1,
  mlpBatch: 16,
  mlpRounds: 2,
  quick: true,
};

function positiveInteger(flag: string, text: string|undefined): number {
  const value = Number(text);
  if (text == null || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(text ?? null)}`);
  }
  return value;
}

function parseSizes(text: string|undefined): number[] {
  if (text == null || text.trim() === '') throw new Error('--sizes needs a list such as 1e4,1e6');
  return text.split(',').map((part) => {
    const size = Number(part.trim());
    if (!Number.isInteger(size) || size <= 0 || size > 1e8) {
      throw new Error(`--sizes: each size must be an integer in [1, 1e8], got ${JSON.stringify(part)}`);
    }
    return size;
  });
}

function parseBackends(text: string|undefined): BackendName[] {
  if (text == null || text.trim() === '') throw new Error(`--backend needs a list of: ${ALL_BACKENDS.join(', ')}, all`);
  if (text.trim() === 'all') return [...ALL_BACKENDS];
  return text.split(',').map((part) => {
    const name = part.trim();
    if (!(ALL_BACKENDS as readonly string[]).includes(name)) {
      throw new Error(`--backend: unknown backend ${JSON.stringify(name)} (known: ${ALL_BACKENDS.join(', ')}, all)`);
    }
    return name as BackendName;
  });
}

/** Parses argv (without node and script); throws an Error naming the bad flag and value. */
export function parseArgs(argv: readonly string[]): CliOptions {
  let backends: BackendName[] = [...ALL_BACKENDS];
  let sizes: number[]|undefined;
  let rounds: number|undefined;
  let quick = false;
  let outDir = 'bench/results';
  let help = false;
  for (let i = 0; i < argv.length; ++i) {
    const [flag, inlineValue] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inlineValue ?? argv[++i];
    switch (flag) {
      case '--backend':
      case '--backends':
        backends = parseBackends(value());
        break;
      case '--sizes':
        sizes = parseSizes(value());
        break;
      case '--rounds':
        rounds = positiveInteger('--rounds', value());
        break;
      case '--quick':
        quick = true;
        break;
      case '--out': {
        const dir = value();
        if (!dir) throw new Error('--out needs a folder');
        outDir = dir;
        break;
      }
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`unknown flag ${JSON.stringify(argv[i])}\n\n${USAGE}`);
    }
  }
  const base = quick ? QUICK : FULL;
  return {
    backends,
    bench: {...base, sizes: sizes ?? base.sizes, rounds: rounds ?? base.rounds},
    outDir,
    help,
  };
}
