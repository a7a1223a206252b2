/**
 * What the wasm-only scripts (wasm_loops.ts, wasm_backward_floor.ts) share:
 * the backend internals they call, and their two flags.
 */

/** The members of tfjs-backend-wasm's BackendWasm used here (internals: these are benchmarks, not the package). */
export interface WasmBackendInternals {
  dataIdMap: {get(dataId: object): {id: number, memoryOffset: number}};
  wasm: {_Relu(xId: number, dtype: number, outId: number): void};
}

/**
 * `--sizes LIST` (default 4,096, 100,000 and 2^20 elements) and `--rounds N`.
 * @throws Error naming the flag on an unknown flag, a size below 16 or fewer rounds than `minRounds`.
 */
export function parseSizesAndRounds(
    argv: readonly string[], defaultRounds: number, minRounds = 1): {sizes: number[], rounds: number} {
  let sizes = [4096, 100_000, 1_048_576], rounds = defaultRounds;
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--sizes')
      sizes = (argv[++i] ?? '').split(',').map(Number);
    else if (argv[i] === '--rounds')
      rounds = Number(argv[++i]);
    else
      throw new Error(`unknown flag ${JSON.stringify(argv[i])} (use --sizes LIST, --rounds N)`);
  }
  if (sizes.some((s) => !Number.isInteger(s) || s < 16) || !Number.isInteger(rounds) || rounds < minRounds) {
    throw new Error(`--sizes: integers ≥ 16; --rounds: an integer ≥ ${minRounds}`);
  }
  return {sizes, rounds};
}

/**
 * Times `calls` in interleaved rounds: each first run `warmUp` times, then
 * given as many calls per sample as fill `sampleMs`; each round takes one
 * sample of every call, starting at a different one. A call's returned
 * tensor is disposed before the next call, as in a training loop.
 * @returns [call][round] milliseconds per call.
 */
export function interleavedSamples(
    calls: ReadonlyArray<() => {
      dispose(): void
    } | void>,
    clock: {now(): number}, options: {rounds: number, warmUp: number, sampleMs: number}): number[][] {
  const run = (f: () => {dispose(): void} | void) => f()?.dispose();
  const perSample = calls.map((f) => {
    for (let i = 0; i < options.warmUp; ++i) run(f);
    const start = clock.now();
    let n = 0;
    while (clock.now() - start < options.sampleMs) {
      run(f);
      ++n;
    }
    return Math.max(1, n);
  });
  const samples = calls.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; ++round) {
    for (let k = 0; k < calls.length; ++k) {
      const c = (k + round) % calls.length;
      const start = clock.now();
      for (let i = 0; i < perSample[c]; ++i) run(calls[c]);
      samples[c].push((clock.now() - start) / perSample[c]);
    }
  }
  return samples;
}
