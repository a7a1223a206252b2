/**
 * `npx tsx bench/summary.ts [dir]`: one markdown summary (docs/performance.md's
 * Performance tables) from the `<backend>.json` files `npm run bench` wrote.
 */
import * as fs from 'fs';
import * as path from 'path';

import {sizeLabel} from './report';
import {checkTargets} from './targets';
import type {BackendResult, SizeTimings} from './types';

const ORDER = ['cpu', 'wasm', 'tensorflow', 'webgl', 'webgpu'];

function ratioAt(timings: SizeTimings[], size: number, name: string, key: 'ratioToRelu'|'ratioToCopy'): string {
  const c = timings.find((t) => t.size === size)?.cases.find((k) => k.name === name);
  const value = c?.[key];
  return value == null || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`;
}

/** The summary of every result in `dir` at `size` elements. */
export function formatSummary(dir: string, size = 1e6): string {
  const results = fs.readdirSync(dir)
                      .filter((f) => f.endsWith('.json'))
                      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as BackendResult)
                      .sort((a, b) => ORDER.indexOf(a.backend) - ORDER.indexOf(b.backend));
  const lines = [
    `Ratios at ${sizeLabel(size)} float32 elements, each measured against \`tf.relu\` (or the copy floor) in the ` +
        'same run (median of per-round ratios; lower is faster).',
    '',
    '| backend | smelu | composite SmeLU | g-smelu | composite g-SmeLU | gelu | swish | softplus | ' +
        'smelu ÷ copy floor | smelu fwd+bwd | composite fwd+bwd | g-smelu fwd+bwd (dx) | ' +
        'g-smelu dx + 5 dparams | composite g-SmeLU dx + 5 dparams | gelu fwd+bwd | MLP step SmeLU ÷ ReLU | ' +
        'MLP step SmeLU ÷ GELU |',
    '| --- |' + ' ---: |'.repeat(16),
  ];
  for (const r of results) {
    if (r.unavailable) {
      lines.push(`| ${r.backend} | not measured: ${r.unavailable} |${' |'.repeat(15)}`);
      continue;
    }
    const f = r.forward;
    const fb = r.forwardBackward;
    const step = r.mlp?.steps.find((s) => s.activation === 'smelu');
    const fmt = (v: number|null|undefined) => v == null || !Number.isFinite(v) ? '–' : `${v.toFixed(2)}×`;
    lines.push(`| ${r.backend} | ${[
      ratioAt(f, size, 'smelu', 'ratioToRelu'), ratioAt(f, size, 'smelu (composite)', 'ratioToRelu'),
      ratioAt(f, size, 'g-smelu', 'ratioToRelu'), ratioAt(f, size, 'g-smelu (composite)', 'ratioToRelu'),
      ratioAt(f, size, 'gelu (layers)', 'ratioToRelu'), ratioAt(f, size, 'swish (layers)', 'ratioToRelu'),
      ratioAt(f, size, 'softplus', 'ratioToRelu'), ratioAt(f, size, 'smelu', 'ratioToCopy'),
      ratioAt(fb, size, 'smelu', 'ratioToRelu'), ratioAt(fb, size, 'smelu (composite)', 'ratioToRelu'),
      ratioAt(fb, size, 'g-smelu', 'ratioToRelu'), ratioAt(fb, size, 'g-smelu dx + 5 dparams', 'ratioToRelu'),
      ratioAt(fb, size, 'g-smelu (composite) dx + 5 dparams', 'ratioToRelu'), ratioAt(fb, size, 'gelu (layers)', 'ratioToRelu'), fmt(step?.ratioToRelu), fmt(step?.ratioToGelu),
    ].join(' | ')} |`);
  }
  lines.push('', '| backend | target | measured | met |', '| --- | --- | ---: | --- |');
  for (const r of results) {
    if (r.unavailable) continue;
    for (const c of checkTargets(r)) {
      lines.push(`| ${r.backend} | ${c.target} | ${c.measured} | ${
          c.met == null ? 'not measured' : c.met ? 'yes' : '**no**'} |`);
    }
  }
  lines.push('', 'Machines and settings of each run:', '');
  for (const r of results) {
    if (r.unavailable) continue;
    const mlp = r.mlp ? `, MLP ${r.mlp.layers.join('-')} batch ${r.mlp.batch} × ${r.options.mlpRounds} rounds` : '';
    lines.push(`- \`${r.backend}\` (${r.date.slice(0, 16).replace('T', ' ')} UTC): ${r.options.rounds} rounds, ${
        r.clock}${mlp}; ${Object.entries(r.machine).map(([k, v]) => `${k}: ${v}`).join('; ')}.`);
  }
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  process.stdout.write(formatSummary(process.argv[2] ?? path.join('bench', 'results')));
}
