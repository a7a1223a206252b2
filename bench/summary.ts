/**
 * `npx tsx bench/summary.ts [dir]`: the summary tables of docs/performance.md
 * from the `<backend>.json` files `npm run bench` wrote.
 */
import * as fs from 'fs';
import * as path from 'path';

import {micros, noiseLine, ratioCell, sizeLabel, table} from './report';
import {checkTargets} from './targets';
import {BackendResult, CaseTiming, PER_CALL_MAX_SIZE, SizeTimings} from './types';

const ORDER = ['cpu', 'wasm', 'tensorflow', 'webgl', 'webgpu'];

function caseAt(timings: SizeTimings[], size: number, name: string): CaseTiming|undefined {
  return timings.find((t) => t.size === size)?.cases.find((k) => k.name === name);
}

/** Rows of the headline table: what each ratio compares (always against relu, same section). */
const HEADLINE: Array<{label: string, section: 'forward' | 'forwardBackward', name: string}> = [
  {label: 'SmeLU forward', section: 'forward', name: 'smelu'},
  {label: 'g-SmeLU forward, scalar parameters', section: 'forward', name: 'g-smelu'},
  {label: 'g-SmeLU forward, number parameters', section: 'forward', name: 'g-smelu (numbers)'},
  {label: 'g-SmeLU forward, per-channel parameters', section: 'forward', name: 'g-smelu (per-channel)'},
  {label: 'SmeLU forward + backward (vs relu\'s)', section: 'forwardBackward', name: 'smelu'},
  {label: 'g-SmeLU forward + backward, dx (vs relu\'s)', section: 'forwardBackward', name: 'g-smelu'},
  {label: 'g-SmeLU forward + backward, dx, number parameters', section: 'forwardBackward', name: 'g-smelu (numbers)'},
  {label: 'tfjs\'s own `elu` (for scale)', section: 'forward', name: 'elu'},
  {label: 'GELU (tfjs-layers)', section: 'forward', name: 'gelu (layers)'},
  {label: 'SmeLU from stock ops (composite)', section: 'forward', name: 'smelu (composite)'},
];

/** One backend: relu's µs per call, then ratios to relu at each size of the run (the per-call size first). */
function headlineTable(r: BackendResult): string {
  const sizes = r.forward.map((t) => t.size);
  const rows = [
    ['`relu` (µs per call)', ...sizes.map((s) => micros(caseAt(r.forward, s, 'relu')?.us ?? NaN))],
    [
      '`relu` forward + backward (µs per call)',
      ...sizes.map((s) => micros(caseAt(r.forwardBackward, s, 'relu')?.us ?? NaN))
    ]
  ];
  for (const h of HEADLINE) {
    const timings = h.section === 'forward' ? r.forward : r.forwardBackward;
    rows.push([
      h.label, ...sizes.map((s) => {
        const c = caseAt(timings, s, h.name);
        return c?.error ? 'n/a' : ratioCell(c?.ratioToRelu ?? null, c?.ratioSpread ?? null);
      })
    ]);
  }
  return table([`\`${r.backend}\`, ratio to \`relu\``, ...sizes.map(sizeLabel)], rows);
}

/** Per-call overhead (the per-call size) of every backend, µs. */
function perCallTable(results: BackendResult[]): string[] {
  const names = ['relu', 'smelu', 'g-smelu', 'g-smelu (numbers)', 'g-smelu (per-channel)', 'elu'];
  const rows: string[][] = [];
  let size = NaN;
  for (const r of results) {
    const t = r.forward.find((k) => k.size <= PER_CALL_MAX_SIZE);
    const fb = r.forwardBackward.find((k) => k.size <= PER_CALL_MAX_SIZE);
    if (t == null) continue;
    size = t.size;
    const us = (timings: SizeTimings|undefined, name: string) =>
        micros(timings?.cases.find((c) => c.name === name)?.us ?? NaN);
    rows.push([r.backend, ...names.map((n) => us(t, n)), us(fb, 'relu'), us(fb, 'smelu')]);
  }
  if (rows.length === 0) return [];
  return [
    `Per-call overhead: µs per call on ${size}-element tensors (median; what a call costs besides its loop):`,
    '',
    table(['backend', ...names.map((n) => `\`${n}\``), '`relu` fwd + bwd', '`smelu` fwd + bwd'], rows),
    '',
  ];
}

/** The summary of every result in `dir`. */
export function formatSummary(dir: string): string {
  const results = fs.readdirSync(dir)
                      .filter((f) => f.endsWith('.json'))
                      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as BackendResult)
                      // The folder also holds other benchmarks' results (csv_read.json): backends only.
                      .filter((r) => ORDER.includes(r.backend))
                      .sort((a, b) => ORDER.indexOf(a.backend) - ORDER.indexOf(b.backend));
  const measured = results.filter((r) => !r.unavailable);
  const lines: string[] = [...perCallTable(measured)];
  lines.push(
      'Ratios to `relu` per backend and size, each measured against `relu` in the same rounds (median of ' +
          'per-round ratios ± their inter-quartile range, ⚠ where that is too wide to read; lower is faster):',
      '');
  for (const r of measured) lines.push(headlineTable(r), '');
  for (const r of results.filter((k) => k.unavailable))
    lines.push(`- \`${r.backend}\`: not measured: ${r.unavailable}`);
  lines.push(
      '', 'MLP training step (forward + backward + Adam), SmeLU against ReLU and GELU:', '',
      table(['backend', 'SmeLU ÷ ReLU', 'SmeLU ÷ GELU'], measured.map((r) => {
        const step = r.mlp?.steps.find((s) => s.activation === 'smelu');
        return [r.backend, ratioCell(step?.ratioToRelu ?? null), ratioCell(step?.ratioToGelu ?? null)];
      })),
      '', 'Targets (bench/targets.ts) and whether this run met them:', '', '| backend | target | measured | met |',
      '| --- | --- | ---: | --- |');
  for (const r of measured) {
    for (const c of checkTargets(r)) {
      const met = c.met == null ? 'not measured' : c.met ? 'yes' : '**no**';
      lines.push(`| ${r.backend} | ${c.target} | ${c.measured} | ${met} |`);
    }
  }
  lines.push('', 'Runs:', '');
  for (const r of measured) {
    const mlp = r.mlp ? `, MLP ${r.mlp.layers.join('-')} batch ${r.mlp.batch} × ${r.options.mlpRounds} rounds` : '';
    lines.push(`- \`${r.backend}\` (ended ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${
        r.wallSeconds.toFixed(0)} s): ${r.options.rounds} rounds, ${r.clock}${mlp}. ${noiseLine(r)} ${
        Object.entries(r.machine).map(([k, v]) => `${k}: ${v}`).join('; ')}.`);
  }
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  process.stdout.write(formatSummary(process.argv[2] ?? path.join('bench', 'results')));
}
