/** Markdown tables of one backend's results (what `npm run bench` prints and docs/performance.md quotes). */
import {checkTargets} from './targets';
import {BackendResult, CaseTiming, NOISY_SPREAD, PER_CALL_MAX_SIZE, SizeTimings} from './types';

/** 4096 → '4,096'; a per-call size gets its meaning in the label. */
export function sizeLabel(size: number): string {
  const digits = size.toLocaleString('en-US');
  return size <= PER_CALL_MAX_SIZE ? `${digits} (per call)` : digits;
}

/** µs with three significant digits (at least the units). */
export function micros(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function percent(fraction: number): string {
  return Number.isFinite(fraction) ? `±${Math.round(fraction * 100)}%` : '';
}

/** A ratio, its per-round spread, and ⚠ where the spread is too wide to read it on its own. */
export function ratioCell(value: number|null, spread: number|null = null): string {
  if (value == null || !Number.isFinite(value)) return '–';
  const text = `${value.toFixed(2)}×`;
  if (spread == null || !Number.isFinite(spread)) return text;
  return `${text} ${percent(spread)}${spread > NOISY_SPREAD ? ' ⚠' : ''}`;
}

export function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

function timingTable(timings: SizeTimings[], cell: (c: CaseTiming) => string, skip?: string): string {
  const names = timings[0]?.cases.map((c) => c.name).filter((n) => n !== skip) ?? [];
  const rows = names.map((name) => [name, ...timings.map((t) => {
                           const c = t.cases.find((k) => k.name === name);
                           if (c == null) return '–';
                           return c.error ? 'n/a' : cell(c);
                         })]);
  return table(['op', ...timings.map((t) => sizeLabel(t.size))], rows);
}

function errorsOf(timings: SizeTimings[]): string[] {
  const seen = new Map<string, string>();
  for (const t of timings)
    for (const c of t.cases)
      if (c.error && !seen.has(c.name)) seen.set(c.name, c.error);
  return [...seen].map(([name, error]) => `- \`${name}\` could not run: ${error}`);
}

function unsteadyOf(timings: SizeTimings[]): string[] {
  const cells: string[] = [];
  for (const t of timings) {
    for (const c of t.cases)
      if (c.warmUp && !c.warmUp.steady) cells.push(`${c.name} at ${sizeLabel(t.size)}`);
  }
  return cells.length === 0 ? [] : [`- Warm-up did not settle within the time allowed for: ${cells.join(', ')}.`];
}

function timingSection(title: string, timings: SizeTimings[]): string[] {
  if (timings.length === 0) return [];
  const hasCopy = timings.some((t) => t.cases.some((c) => c.name === 'copy (floor)' && !c.error));
  const out = [
    `#### ${title}: µs per call (median; ± inter-quartile range of the samples)`,
    '',
    timingTable(timings, (c) => `${micros(c.us)} ${percent(c.spread)}`),
    '',
    `#### ${title}: ratio to \`relu\` (median of per-round ratios; ± their inter-quartile range; ⚠ above ${
        Math.round(NOISY_SPREAD * 100)}%)`,
    '',
    timingTable(timings, (c) => ratioCell(c.ratioToRelu, c.ratioSpread), 'relu'),
    '',
  ];
  if (hasCopy) {
    out.push(
        `#### ${title}: ratio to the copy floor`, '',
        timingTable(timings, (c) => ratioCell(c.ratioToCopy), 'copy (floor)'), '');
  }
  out.push(...errorsOf(timings), ...unsteadyOf(timings));
  if (out[out.length - 1] !== '') out.push('');
  return out;
}

/** The run's readability, as one line. */
export function noiseLine(result: BackendResult): string {
  const n = result.noise;
  const share = `${n.flagged} of ${n.ratios} ratios have a per-round spread above ${Math.round(NOISY_SPREAD * 100)}%`;
  const load = `load average ${result.machine['load average (1 min) at start'] ?? '?'} at the start, ${
      result.loadAtEnd ?? '?'} at the end`;
  return n.tooNoisy ? `**Too noisy to read:** ${share} (${load}); rerun when the machine is quiet.` :
                      `Noise: ${share}, flagged ⚠ (${load}).`;
}

function firstTouchSection(result: BackendResult): string[] {
  if (result.firstTouch.length === 0) return [];
  const rows: string[][] = [];
  for (const f of result.firstTouch) {
    rows.push([
      `fill a new Float32Array (vs one filled before)`, sizeLabel(f.size), micros(f.freshUs), micros(f.warmUs),
      `${micros(f.usPerPage)} µs per 4 KiB page`
    ]);
    for (const k of f.keptOutputs) {
      rows.push([
        `\`${k.name}\`, ${'outputs kept alive'} (vs hot)`, sizeLabel(f.size),
        k.error ? `n/a: ${k.error}` : micros(k.us), micros(k.hotUs ?? NaN),
        k.hotUs ? `${(k.us / k.hotUs).toFixed(1)}×` : '–'
      ]);
    }
  }
  return [
    '#### First touch: what fresh memory costs, apart from the kernels',
    '',
    'Every timing above disposes each output before the next call, so the allocator hands back memory in use. ' +
        'Here, outputs land on new memory: µs per fill or call (median of ' +
        'several, each kept alive), against the same work on memory in use.',
    '',
    table(['what', 'elements', 'new memory (µs)', 'in use (µs)', 'difference'], rows),
    '',
  ];
}

/** The whole markdown report of one backend. */
export function formatReport(result: BackendResult): string {
  const lines = [`### Backend \`${result.backend}\``, ''];
  if (result.unavailable) {
    return [...lines, `Not measured: ${result.unavailable}`, ''].join('\n');
  }
  const m = result.machine;
  const o = result.options;
  const perCall = o.sizes.filter((s) => s <= PER_CALL_MAX_SIZE);
  lines.push(
      `${Object.entries(m).map(([k, v]) => `${k}: ${v}`).join('; ')}.`, '',
      `${o.rounds} interleaved rounds; before them each case is warmed up (outputs disposed) until its time per ` +
          `call settles (at most ${o.maxWarmupMs} ms); each sample repeats a call for ≥ ${o.minSampleMs} ms, ` +
          `disposing each output before the next call, timed with ${result.clock}. Ratios are medians of ` +
          `per-round ratios (same process, same run). Input x ~ U(−4β, 4β), β = ${
              o.beta}, shape [size / C, C] with C the largest divisor of the size up to 128.` +
          (perCall.length > 0 ? ` The ${perCall.join(', ')}-element column is the per-call overhead.` : '') +
          (o.quick ? ' (**--quick run: not for quoting**)' : ''),
      '', noiseLine(result), '');
  lines.push(...timingSection('Forward', result.forward));
  lines.push(...timingSection('Forward + backward (`tf.grad(f)(x, dy)`)', result.forwardBackward));
  lines.push(...firstTouchSection(result));
  if (result.mlp) {
    const mlp = result.mlp;
    lines.push(
        `#### Training step (forward + backward + Adam), MLP ${mlp.layers.join('-')}, batch ${mlp.batch}`, '',
        table(
            ['activation', 'ms (median)', '× ReLU', '× GELU'],
            mlp.steps.map(
                (s) => s.error ? [s.activation, `n/a: ${s.error}`, '–', '–'] :
                                 [
                                   s.activation, `${s.ms.toFixed(1)} ${percent(s.spread)}`, ratioCell(s.ratioToRelu),
                                   ratioCell(s.ratioToGelu)
                                 ])),
        '');
  }
  if (result.memory.length > 0) {
    lines.push(
        `#### Memory per call (\`tf.profile\`, ${result.memory[0].size.toLocaleString('en-US')} elements, output = ${
            result.memory[0].outputBytes} B)`,
        '',
        table(
            ['call', 'kernels', 'new tensors', 'new bytes', 'peak extra bytes'],
            result.memory.map(
                (p) => p.error ? [p.name, `n/a: ${p.error}`, '–', '–', '–'] :
                                 [
                                   p.name, String(p.kernels.length), String(p.newTensors), String(p.newBytes),
                                   String(p.peakExtraBytes)
                                 ])),
        '');
  }
  const checks = checkTargets(result);
  if (checks.length > 0) {
    lines.push(
        '#### Targets (bench/targets.ts)', '',
        table(
            ['target', 'measured', 'met'],
            checks.map(
                (c) =>
                    [c.target,
                     c.measured,
                     c.met == null ? 'not measured' :
                         c.met     ? 'yes' :
                                     '**no**',
    ])),
        '');
  }
  lines.push(`Wall time: ${result.wallSeconds.toFixed(0)} s.`, '');
  return lines.join('\n');
}
