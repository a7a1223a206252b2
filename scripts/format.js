/**
 * `npm run format` rewrites the TypeScript, JavaScript and C++ sources of both packages with clang-format (the
 * clang-format npm package's own binary, so it works offline; the style is .clang-format at the root).
 * `npm run format:check` (`--check`) rewrites nothing: it lists the files clang-format would change and exits 1
 * when there are any. Extra arguments limit either to those files.
 *
 * The files are what git tracks under the source folders, less generated code (kept as its generator writes it).
 *
 * clang-format's TypeScript support misreads a few constructs (a regular expression inside a template literal's
 * `${}`, for one) and would change what the code does. So every TypeScript or JavaScript file it rewrites is parsed
 * before and after, and its tokens must be the same (string literals by value, as quotes may change), and so must
 * the code blocks of its doc comments (the doc-example test runs them). A file where they differ is left as it is
 * and reported with the first token that differs: rewrite that spot, or wrap it in `// clang-format off` and `on`.
 */
'use strict';
const {execFileSync, spawn} = require('child_process');
const {getNativeBinary} = require('clang-format');
const fs = require('fs');
const os = require('os');
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const FOLDERS = [
  'src', 'repro/src', 'repro/examples', 'repro/bin', 'test', 'bench', 'scripts', 'tools', 'examples', 'native', 'bin'
];
const EXTENSIONS = /\.(ts|js|mjs|cjs|cc|h)$/;
/** Written by a generator; formatting them would make the generator's next run a diff. */
const GENERATED = new Set(['src/kernels/wasm/smelu_simd_module.ts']);
/** clang-format picks the language from the extension; these it does not know are JavaScript. */
const ASSUME = {
  '.cjs': 'file.js',
  '.mjs': 'file.js'
};

/** The tracked source files (paths relative to the root), or `only` where given. */
function sourceFiles(only) {
  if (only.length > 0) return only.map((f) => path.relative(ROOT, path.resolve(f)));
  const listed = execFileSync('git', ['ls-files', '-z', '--', ...FOLDERS], {cwd: ROOT, encoding: 'utf8'});
  return listed.split('\0')
      .filter((f) => EXTENSIONS.test(f) && !GENERATED.has(f) && !f.includes('/vendor/'))
      .filter((f) => fs.existsSync(path.join(ROOT, f)));
}

/**
 * What clang-format 1.8.0 (clang 15) gets wrong in TypeScript and this script puts right: it does not know
 * `export type {…} from` and writes `export type{…}`.
 */
function fixUps(text) {
  return text.replace(/^(\s*export) type\{/gm, '$1 type {');
}

/** `source` (the text of `file`) as clang-format would write it, with the fix-ups above. */
function clangFormat(binary, file, source) {
  const assume = ASSUME[path.extname(file)] ? path.join(path.dirname(file), ASSUME[path.extname(file)]) : file;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--style=file', `--assume-filename=${assume}`], {cwd: ROOT});
    const out = [], err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0)
        resolve(fixUps(Buffer.concat(out).toString('utf8')));
      else
        reject(new Error(`clang-format failed on ${file}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.end(source, 'utf8');
  });
}

/** The fenced code blocks of a doc comment, without the ` * ` margin. */
function docCodeBlocks(comment) {
  const lines = comment.split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, ''));
  return [...lines.join('\n').matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/**
 * What formatting must not change: the file's tokens (string literals by value), the code blocks of its doc
 * comments, and its count of parse errors (a misread can turn code into one).
 */
function meaning(file, text) {
  const kind = /\.ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const out = [];
  const walk = (node) => {
    if (ts.isJSDoc(node)) {
      for (const block of docCodeBlocks(node.getText(sourceFile))) out.push(`doc example: ${block}`);
      return;
    }
    const children = node.getChildren(sourceFile);
    if (children.length === 0) {
      out.push(ts.isStringLiteral(node) ? `string ${JSON.stringify(node.text)}` : node.getText(sourceFile));
      return;
    }
    children.forEach(walk);
  };
  walk(sourceFile);
  out.push(`parse errors: ${sourceFile.parseDiagnostics.length}`);
  return out;
}

/** Where formatting would change the code (one line), or null when it would not. */
function changedMeaning(file, before, after) {
  if (!/\.(ts|js|mjs|cjs)$/.test(file)) return null;
  const a = meaning(file, before), b = meaning(file, after);
  for (let i = 0; i < Math.max(a.length, b.length); ++i) {
    if (a[i] !== b[i]) return `${JSON.stringify(a[i])} would become ${JSON.stringify(b[i])}`;
  }
  return null;
}

/** Runs `job` over `items`, `limit` at a time; the results in order. */
async function mapLimited(items, limit, job) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]);
    }
  };
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
  return results;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const files = sourceFiles(args.filter((a) => a !== '--check'));
  const binary = getNativeBinary();
  const results = await mapLimited(files, Math.max(os.cpus().length, 1), async (file) => {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const output = await clangFormat(binary, file, source);
    if (output === source) return {file, changed: false};
    return {file, changed: true, output, misread: changedMeaning(file, source, output)};
  });
  const changed = results.filter((r) => r.changed && !r.misread);
  const misread = results.filter((r) => r.misread);
  for (const r of misread) {
    console.error(
        `${r.file}: left as it is, as clang-format would change the code (rewrite that spot or wrap it ` +
        `in // clang-format off and on): ${r.misread}`);
  }
  if (check) {
    for (const r of changed) console.error(`${r.file}: not formatted`);
    if (changed.length > 0) {
      console.error(
          `format:check: ${changed.length} of ${files.length} files are not formatted; run 'npm run format'.`);
    } else if (misread.length === 0) {
      console.log(`format:check: all ${files.length} files are formatted.`);
    }
  } else {
    for (const r of changed) fs.writeFileSync(path.join(ROOT, r.file), r.output);
    console.log(`format: ${changed.length} of ${files.length} files rewritten.`);
  }
  if ((check && changed.length > 0) || misread.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e.message);
  process.exitCode = 2;
});
