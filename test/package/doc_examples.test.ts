/**
 * The ```js examples in the API docs are real: TypeDoc (same config as
 * `npm run docs`, every entry point of both packages) lists every exported
 * function, class and constant; each must have an example, and every example
 * (and every example in an entry point's module comment) runs on the cpu
 * backend. Where a `.print()` is followed by a `// [values]` (or `// value`)
 * comment, the printed tensor must equal those values: the documented results
 * are checked, not just run.
 *
 * What an example sees, as a user of the packages would:
 * - `tf`: `@tensorflow/tfjs`; in `tfjs-smelu/tfjs` examples, that entry point
 *   itself (`import * as tf from 'tfjs-smelu/tfjs'`).
 * - `tfSmelu`: the plugin, `tfjs-smelu` (as on a page with both <script>
 *   tags); in `tfjs-smelu/core` examples that entry point; in
 *   `tfjs-smelu/node` examples the main and node entry points together.
 * - `tfSmeluRepro`: the toolkit, `tfjs-smelu-repro`; in
 *   `tfjs-smelu-repro/node` examples its main and node entry points together.
 * - `require(name)` of either package's entry points and `@tensorflow/tfjs`.
 *
 * An example that cannot run on its own (it needs a data download or files
 * the reader has) says so in its first line, `// not run: <reason>`, which
 * the docs show too; those are listed with their reasons, never silently.
 *
 * The ```js snippets of the Markdown docs (README.md, repro/README.md,
 * docs/*.md) run too, each as its own Node program (`.mjs` when it has
 * `import` lines, else `.cjs`) against the built packages (`npm run build`
 * first), in a scratch folder: it must exit 0, and every value its comments
 * promise (`x.print();  // [1, 2]`, `console.log(...);  // text`, or a
 * `// [1, 2]` line right after such a line) must be in its output. A snippet
 * that is not run says why in an HTML comment right before its fence,
 * `<!-- snippet not run: <reason> -->` (invisible on GitHub), and is listed.
 * @fullRun built, tfjs-node
 */
import * as tf from '@tensorflow/tfjs';
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as tfSmelu from 'tfjs-smelu';
import * as tfSmeluCore from 'tfjs-smelu/core';
import * as tfSmeluNode from 'tfjs-smelu/node';
import * as tfSmeluTfjs from 'tfjs-smelu/tfjs';
import * as tfSmeluRepro from 'tfjs-smelu-repro';
import * as tfSmeluReproNode from 'tfjs-smelu-repro/node';
import {collectDocExamples, DocExample} from '../../scripts/doc_examples';
import {REPO_ROOT, REPRO_ROOT} from '../support/paths';

const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'doc-examples');
const API_JSON = path.join(OUTPUT_DIR, 'api.json');

/** Modules an example may require, as a user of the package would. */
const REQUIRABLE: Record<string, unknown> = {
  'tfjs-smelu': tfSmelu,
  'tfjs-smelu/core': tfSmeluCore,
  'tfjs-smelu/tfjs': tfSmeluTfjs,
  'tfjs-smelu/node': tfSmeluNode,
  'tfjs-smelu-repro': tfSmeluRepro,
  'tfjs-smelu-repro/node': tfSmeluReproNode,
  '@tensorflow/tfjs': tf,
};

/** The globals an example of an entry point sees (see the file comment). */
interface ExampleScope {
  tf: object;
  tfSmelu: object;
  tfSmeluRepro: object;
}

const SCOPES: Record<string, ExampleScope> = {
  'tfjs-smelu': {tf, tfSmelu, tfSmeluRepro},
  'tfjs-smelu/core': {tf, tfSmelu: tfSmeluCore, tfSmeluRepro},
  'tfjs-smelu/tfjs': {tf: tfSmeluTfjs, tfSmelu, tfSmeluRepro},
  'tfjs-smelu/node': {tf, tfSmelu: {...tfSmelu, ...tfSmeluNode}, tfSmeluRepro},
  'tfjs-smelu-repro': {tf, tfSmelu, tfSmeluRepro},
  'tfjs-smelu-repro/node': {tf, tfSmelu, tfSmeluRepro: {...tfSmeluRepro, ...tfSmeluReproNode}},
};

function scopeOf(module: string): ExampleScope {
  const scope = SCOPES[module];
  if (scope == null) throw new Error(`no example scope for entry point '${module}'; add it to SCOPES`);
  return scope;
}

function runTypedocJson(): DocExample[] {
  fs.mkdirSync(OUTPUT_DIR, {recursive: true});
  const result = spawnSync(
      process.execPath,
      [
        path.join(path.dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc'),
        '--json',
        API_JSON,
        '--treatWarningsAsErrors',
        'false',
        '--logLevel',
        'Error',
      ],
      {cwd: REPO_ROOT, encoding: 'utf8'});
  if (result.status !== 0) {
    throw new Error(`typedoc failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return collectDocExamples(API_JSON);
}

/**
 * Turns `EXPR.print();  // [1, 2]` (or a `// [1, 2]` line right after the
 * print; or a single number for a scalar) into a check that EXPR's values are
 * [1, 2]; other lines stay as written.
 */
function withValueChecks(code: string): {code: string, checks: number} {
  const lines = code.split('\n');
  const out: string[] = [];
  let checks = 0;
  for (let i = 0; i < lines.length; i++) {
    const print = /^(\s*)(.+)\.print\(\);\s*(?:\/\/\s*(.*))?$/.exec(lines[i]);
    let expected = print?.[3];
    if (print != null && expected == null && /^\s*\/\/\s*(\[|-?\d)/.test(lines[i + 1] ?? '')) {
      expected = lines[i + 1].replace(/^\s*\/\/\s*/, '');
      i++;
    }
    if (print != null && expected != null && isJsonValues(expected)) {
      out.push(`${print[1]}__expectValues(${print[2]}, ${expected}, ${JSON.stringify(lines[i])});`);
      checks++;
    } else {
      out.push(lines[i]);
    }
  }
  return {code: out.join('\n'), checks};
}

/** A JSON array of numbers, or one number (what a scalar prints). */
function isJsonValues(text: string): boolean {
  try {
    const value = JSON.parse(text.trim());
    return Array.isArray(value) || typeof value === 'number';
  } catch {
    return false;
  }
}

function expectValues(t: tf.Tensor, expected: unknown, line: string): void {
  const actual = (t.arraySync() as unknown as number[]);
  const flat = (v: unknown): number[] => Array.isArray(v) ? v.flatMap(flat) : [v as number];
  const a = flat(actual);
  const e = flat(expected);
  if (a.length !== e.length) {
    throw new Error(`${line}: printed ${a.length} values, the comment says ${e.length}: ${JSON.stringify(actual)}`);
  }
  // Numbers written with 4+ decimals are read as rounded (0.8413 stands for 0.84134…).
  const decimals = (line.split('//').pop()!.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi) ??
                    []).map((n) => /e/i.test(n) ? 0 : (n.split('.')[1] ?? '').length);
  a.forEach((value, i) => {
    const rounding = decimals.length === e.length && decimals[i] >= 4 ? 0.5 * 10 ** -decimals[i] : 0;
    // Comments show tfjs's printed (float32, ~7 significant digit) values.
    if (!(Math.abs(value - e[i]) <= rounding + 1e-5 + 1e-5 * Math.abs(e[i]))) {
      throw new Error(`${line}: printed ${JSON.stringify(actual)}, the comment says ${JSON.stringify(expected)}`);
    }
  });
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) =>
                          (...values: unknown[]) => Promise<void>;

const NOT_RUN = /^\s*\/\/\s*not run:\s*(.*)$/i;

/** The reason given in an example's `// not run: <reason>` first line, or null. */
function notRunReason(code: string): string|null {
  const match = NOT_RUN.exec(code.split('\n')[0]);
  return match == null ? null : match[1].trim();
}

async function runExample(code: string, scope: ExampleScope): Promise<void> {
  const requireModule = (name: string) => {
    if (!(name in REQUIRABLE)) throw new Error(`example requires "${name}", which the runner does not provide`);
    return REQUIRABLE[name];
  };
  const fn = new AsyncFunction('tf', 'tfSmelu', 'tfSmeluRepro', 'require', '__expectValues', code);
  // Examples print; keep the test log for failures.
  const log = jest.spyOn(console, 'log').mockImplementation(() => {});
  const cwd = process.cwd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-doc-example-'));
  try {
    process.chdir(dir);  // relative paths in examples land in a scratch folder
    await fn(scope.tf, scope.tfSmelu, scope.tfSmeluRepro, requireModule, expectValues);
  } finally {
    process.chdir(cwd);
    log.mockRestore();
    fs.rmSync(dir, {recursive: true, force: true});
  }
}

const documented = runTypedocJson();

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

test('TypeDoc lists the exports of every entry point of both packages', () => {
  const names = documented.map((d) => d.exportName);
  for (const name
           of ['tfjs-smelu.smelu', 'tfjs-smelu.SmeLU', 'tfjs-smelu.registerSmeLU', 'tfjs-smelu.layers',
               'tfjs-smelu.swapActivations', 'tfjs-smelu/tfjs.layers', 'tfjs-smelu/node.fileSystemHandler',
               'tfjs-smelu-repro.relativePD', 'tfjs-smelu-repro.trainModel', 'tfjs-smelu-repro.runExperiment',
               'tfjs-smelu-repro/node.loadMovieLens', 'tfjs-smelu-repro/node.writeReport']) {
    expect(names).toContain(name);
  }
  // Every entry point is documented; /core re-exports the main entry's ops, so its own comment is its example.
  expect(new Set(documented.map((d) => d.module))).toEqual(new Set(Object.keys(SCOPES)));
});

test('every exported function, class and constant has a ```js example', () => {
  expect(documented.filter((d) => d.kind !== 'Module' && d.examples.length === 0).map((d) => d.exportName)).toEqual([]);
});

const allExamples = documented.flatMap((d) => d.examples.map((code, i) => ({
                                                               name: `${d.exportName} #${i + 1}`,
                                                               code,
                                                               scope: scopeOf(d.module),
                                                               notRun: notRunReason(code),
                                                             })));
const runnable = allExamples.filter((e) => e.notRun == null);
const notRun = allExamples.filter((e) => e.notRun != null);

test.each(runnable)('example of $name runs and prints what its comments say', async ({code, scope}) => {
  const {code: checked} = withValueChecks(code);
  await runExample(checked, scope);
});

test('examples marked "not run" give a reason (listed here)', () => {
  if (notRun.length > 0) {
    console.log(`Doc examples not run (${notRun.length} of ${allExamples.length}):\n${
        notRun.map((e) => `  ${e.name}: ${e.notRun}`).join('\n')}`);
  }
  for (const e of notRun) expect(e.notRun).not.toBe('');
  // Most examples must really run: the marker is for data downloads and user files.
  expect(runnable.length).toBeGreaterThan(notRun.length);
});

test('the value checks really compare (a wrong comment fails)', async () => {
  const {code, checks} = withValueChecks('tfSmelu.smelu(tf.tensor1d([0]), 2).print();  // [0.75]');
  expect(checks).toBe(1);
  await expect(runExample(code, SCOPES['tfjs-smelu'])).rejects.toThrow(/the comment says \[0.75\]/);
  const right = withValueChecks('tfSmelu.smelu(tf.tensor1d([0]), 2).print();  // [0.5]');
  await expect(runExample(right.code, SCOPES['tfjs-smelu'])).resolves.toBeUndefined();
  // smelu(0.2, 3) = 3.2² / 12 = 0.85333…: a 4-decimal comment is read as rounded, within half a unit.
  const rounded = withValueChecks('tfSmelu.smelu(tf.tensor1d([0.2]), 3).print();  // [0.8533]');
  await expect(runExample(rounded.code, SCOPES['tfjs-smelu'])).resolves.toBeUndefined();
  const misrounded = withValueChecks('tfSmelu.smelu(tf.tensor1d([0.2]), 3).print();  // [0.8535]');
  await expect(runExample(misrounded.code, SCOPES['tfjs-smelu'])).rejects.toThrow(/the comment says \[0.8535\]/);
  // A scalar's value as a bare number: smelu(1, 2) = 3² / 8 = 1.125.
  const scalar = withValueChecks('tfSmelu.smelu(tf.scalar(1), 2).print();  // 1.125');
  expect(scalar.checks).toBe(1);
  await expect(runExample(scalar.code, SCOPES['tfjs-smelu'])).resolves.toBeUndefined();
  const wrongScalar = withValueChecks('tfSmelu.smelu(tf.scalar(1), 2).print();  // 0.9');
  await expect(runExample(wrongScalar.code, SCOPES['tfjs-smelu'])).rejects.toThrow(/the comment says 0.9/);
  // The toolkit's examples run with tfSmeluRepro in scope: |0.2 − 0.6| / ((0.2 + 0.6)/2) = 1.
  const repro = withValueChecks('tfSmeluRepro.relativePD(tf.tensor1d([0.2]), tf.tensor1d([0.6])).print();  // 1');
  await expect(runExample(repro.code, SCOPES['tfjs-smelu-repro'])).resolves.toBeUndefined();
  const wrongRepro =
      withValueChecks('tfSmeluRepro.relativePD(tf.tensor1d([0.2]), tf.tensor1d([0.6])).print();  // 0.9');
  await expect(runExample(wrongRepro.code, SCOPES['tfjs-smelu-repro'])).rejects.toThrow(/the comment says 0.9/);
});

/** Markdown files whose ```js snippets run as programs. */
function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', 'repro/README.md', ...docs.sort()];
}

interface MarkdownSnippet {
  name: string;
  code: string;
  esm: boolean;
  notRun: string|null;
}

const SNIPPET = /(?:<!--\s*snippet not run:\s*([\s\S]*?)\s*-->\s*\n)?```js\n([\s\S]*?)```/g;

function markdownSnippets(): MarkdownSnippet[] {
  return markdownFiles().flatMap((file) => {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    return [...text.matchAll(SNIPPET)].map((m, i) => ({
                                             name: `${file} #${i + 1}`,
                                             code: m[2],
                                             esm: /^import\s/m.test(m[2]),
                                             notRun: m[1] ?? null,
                                           }));
  });
}

/**
 * What a snippet's comments say it prints: the text after `//` on a line
 * that calls `.print()` or `console.log(...)`, or on a comment-only line
 * right after one. Whitespace is normalized (tfjs pads printed tensors).
 */
function promisedOutputs(code: string): string[] {
  const printing = (codePart: string) => /\.print\(\)|console\.log\(/.test(codePart);
  const lines = code.split('\n').map(splitComment);
  const promised: string[] = [];
  lines.forEach(({codePart, comment}, i) => {
    if (comment == null) return;
    if (codePart.trim() !== '') {
      if (printing(codePart)) promised.push(comment);
    } else if (/^(\[|-?\d)/.test(comment) && i > 0 && lines[i - 1].comment == null && printing(lines[i - 1].codePart)) {
      promised.push(comment);
    }
  });
  return promised.map(normalizeSpace);
}

/** A line's code and its `// comment` (the snippets have no `//` inside strings). */
function splitComment(line: string): {codePart: string, comment: string|null} {
  const match = /(^|\s)\/\/\s?(.*)$/.exec(line);
  return match == null ? {codePart: line, comment: null} : {codePart: line.slice(0, match.index), comment: match[2]};
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']').trim();
}

describe('Markdown docs snippets', () => {
  const snippets = markdownSnippets();
  const SNIPPET_DIR = path.join(OUTPUT_DIR, 'markdown');

  beforeAll(() => {
    for (const built of [path.join(REPO_ROOT, 'dist', 'index.cjs'), path.join(REPRO_ROOT, 'dist', 'index.cjs')]) {
      if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
    }
    fs.rmSync(SNIPPET_DIR, {recursive: true, force: true});
    fs.mkdirSync(SNIPPET_DIR, {recursive: true});
  });

  test('the docs have snippets, and the ones not run say why (listed here)', () => {
    expect(snippets.filter((s) => s.name.startsWith('README.md')).length).toBeGreaterThanOrEqual(4);
    const skipped = snippets.filter((s) => s.notRun != null);
    if (skipped.length > 0) {
      console.log(`Markdown snippets not run (${skipped.length} of ${snippets.length}):\n${
          skipped.map((s) => `  ${s.name}: ${s.notRun}`).join('\n')}`);
    }
    for (const s of skipped) expect(s.notRun).not.toBe('');
    expect(snippets.length - skipped.length).toBeGreaterThan(skipped.length);
  });

  test('the output check really compares (a wrong comment is caught)', () => {
    expect(promisedOutputs(
               'smelu(x).print();  // [0, 0.5]\nconsole.log(a);  // Dense → SmeLU\nconsole.log(b);\n// [ 1, 2 ]'))
        .toEqual(['[0, 0.5]', 'Dense → SmeLU', '[1, 2]']);
    expect(promisedOutputs('const y = 1;  // not output\nconsole.log(y);\n// prose, not output')).toEqual([]);
  });

  test.each(snippets.filter((s) => s.notRun == null))(
      '$name runs and prints what its comments say', ({name, code, esm}) => {
        const file = path.join(SNIPPET_DIR, `${name.replace(/[^\w]+/g, '_')}.${esm ? 'mjs' : 'cjs'}`);
        fs.writeFileSync(file, code);
        const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-doc-snippet-'));
        try {
          const result = spawnSync(process.execPath, [file], {
            cwd,
            encoding: 'utf8',
            timeout: 180_000,
            env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2'},
          });
          const output = `${result.stdout}\n${result.stderr}`;
          if (result.status !== 0) throw new Error(`${name} exited with ${result.status}:\n${output}`);
          const printed = normalizeSpace(result.stdout);
          for (const promise of promisedOutputs(code)) {
            if (!printed.includes(promise)) {
              throw new Error(`${name}: its comment promises "${promise}", but it printed:\n${result.stdout}`);
            }
          }
        } finally {
          fs.rmSync(cwd, {recursive: true, force: true});
        }
      });
});
