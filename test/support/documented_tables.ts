/**
 * Reads the tables a documentation page prints, so that a test can rerun what
 * produced them and compare: a documented number that drifts from what the
 * code now gives fails the build instead of going stale.
 */
import * as fs from 'fs';
import * as path from 'path';

import {REPO_ROOT} from './paths';

/** One row of a Markdown table: cell text by header (trimmed, as written). */
export type TableRow = Record<string, string>;

/**
 * The first pipe table after the heading `heading` (e.g. `## What it measured`) in
 * `docFile` (relative to the repository root), one record per body row.
 * Throws when the heading or the table is missing, or a row has the wrong width.
 */
export function documentedTable(docFile: string, heading: string): TableRow[] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, docFile), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.trim() === heading);
  if (at < 0) throw new Error(`${docFile} has no heading '${heading}'.`);
  const start = lines.findIndex((l, i) => i > at && l.startsWith('|'));
  if (start < 0 || /^#/.test(lines.slice(at + 1, start).find((l) => /^#/.test(l)) ?? '')) {
    throw new Error(`${docFile} has no table under '${heading}'.`);
  }
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const headers = cells(lines[start]);
  const rows: TableRow[] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const values = cells(lines[i]);
    if (values.length !== headers.length)
      throw new Error(`${docFile} line ${i + 1}: ${values.length} cells, header has ${headers.length}.`);
    rows.push(Object.fromEntries(headers.map((h, j) => [h, values[j]])));
  }
  return rows;
}
