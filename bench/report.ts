/** Markdown tables of one backend's results (what `npm run bench` prints and docs/performance.md quotes). */
import {checkTargets} from './targets';
import type {BackendResult, CaseTiming, SizeTimings} from './types';

/** 1e4, 4e6, 12345 → short labels. */
export function sizeLabel(size: number): string {
  const exp = Math.floor(Math.log10(size));
  const mantissa = size / 10 ** exp;
  return Number.isInteger(mantissa) && exp >= 3 ? `${mantissa}e${exp}` : String(size);
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) :
                                                                                     value.toFixed(3);
}

function ratio(value: number|null): string {
  return value == null || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`;
}

function table(header: string[], rows: string[][]): string {
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
  for (const t of timings) for (const c of t.cases) if (c.error && !seen.has(c.name)) seen.set(c.name, c.error);
  return [...seen].map(([name, error]) => `- \`${name}\` could not run: ${error}`);
}

function timingSection(title: string, timings: SizeTimings[]): string[] {
  if (timings.length === 0) return [];
  const hasCopy = timings.some((t) => t.cases.some((c) => c.name === 'copy (floor)' && !c.error));
  const out = [
    `#### ${title}: ms per call (median; ± inter-quartile range)`, '',
    timingTable(timings, (c) => `${ms(c.ms)} ±${Math.round(c.spread * 100)}%`), '',
    `#### ${title}: ratio to \`relu\``, '',
    timingTable(timings, (c) => ratio(c.ratioToRelu), 'relu'), '',
  ];
  if (hasCopy) {
    out.push(`#### ${title}: ratio to the copy floor`, '', timingTable(timings, (c) => ratio(c.ratioToCopy), 'copy (floor)'), '');
  }
  out.push(...errorsOf(timings));
  if (out[out.length - 1] !== '') out.push('');
  return out;
}

/** The whole markdown report of one backend. */
export function formatReport(result: BackendResult): string {
  const lines = [`### Backend \`${result.backend}\``, ''];
  if (result.unavailable) {
    return [...lines, `Not measured: ${result.unavailable}`, ''].join('\n');
  }
  const m = result.machine;
  const o = result.options;
  lines.push(
      `${Object.entries(m).map(([k, v]) => `${k}: ${v}`).join('; ')}.`, '',
      `${o.rounds} interleaved rounds after ${o.warmup} warm-up calls; each sample repeats a call for ≥ ${
          o.minSampleMs} ms, timed with ${result.clock}. Ratios are medians of per-round ratios (same process, same run). ` +
          `Input x ~ U(−3β, 3β), β = ${o.beta}${o.quick ? ' (**--quick run: not for quoting**)' : ''}.`,
      '');
  lines.push(...timingSection('Forward', result.forward));
  lines.push(...timingSection('Forward + backward (`tf.grad(f)(x, dy)`)', result.forwardBackward));
  if (result.mlp) {
    const mlp = result.mlp;
    lines.push(
        `#### Training step (forward + backward + Adam), MLP ${mlp.layers.join('-')}, batch ${mlp.batch}`, '',
        table(['activation', 'ms (median)', '× ReLU', '× GELU'], mlp.steps.map((s) => s.error ?
            [s.activation, `n/a: ${s.error}`, '–', '–'] :
            [s.activation, `${ms(s.ms)} ±${Math.round(s.spread * 100)}%`, ratio(s.ratioToRelu), ratio(s.ratioToGelu)])),
        '');
  }
  if (result.memory.length > 0) {
    lines.push(
        `#### Memory per call (\`tf.profile\`, ${sizeLabel(result.memory[0].size)} elements, output = ${
            result.memory[0].outputBytes} B)`,
        '',
        table(['call', 'kernels', 'new tensors', 'new bytes', 'peak extra bytes'], result.memory.map((p) => p.error ?
            [p.name, `n/a: ${p.error}`, '–', '–', '–'] :
            [p.name, String(p.kernels.length), String(p.newTensors), String(p.newBytes), String(p.peakExtraBytes)])),
        '');
  }
  const checks = checkTargets(result);
  if (checks.length > 0) {
    lines.push('#### Targets', '', table(['target', 'measured', 'met'], checks.map((c) => [
      c.target, c.measured, c.met == null ? 'not measured' : c.met ? 'yes' : '**no**',
    ])), '');
  }
  lines.push(`Wall time: ${result.wallSeconds.toFixed(0)} s.`, '');
  return lines.join('\n');
}
