/**
 * Node's ES module entries of both packages: for each entry `<name>`, a file
 * `<name>.node.mjs` that re-exports the CommonJS build `<name>.cjs` under the
 * names of the ES module build `<name>.mjs`.
 *
 * Why: a Node app that `import`s a package and also `require`s it (itself,
 * or through a CommonJS dependency) would otherwise load both builds: two
 * copies of every class (a layer from one is not `instanceof` the other's
 * `SmeLU`) and of every registration (tfjs's class registry keeps the copy
 * registered last). tfjs's own packages have no "exports" field, so Node
 * runs their CommonJS `main` for `import` and `require` alike; the
 * package.json "node" condition sends `import` to these files, which do the
 * same for this package. Bundlers that do not target Node keep the real ES
 * modules (`<name>.mjs`), and their tree-shaking.
 *
 * tsup.config.ts (both packages) runs this after each library build. The
 * export names come from the ES module build, read with es-module-lexer:
 * `export * from '<package>'` (as in tfjs-smelu/tfjs) is kept as it is, the
 * other names are read from the CommonJS module.
 */
import {init, parse} from 'es-module-lexer';
import * as fs from 'fs';
import * as path from 'path';

/** The suffix of the Node entry files. */
export const NODE_ESM_SUFFIX = '.node.mjs';

/** The text of `<name>.node.mjs` for the ES module build's source `esmSource`. */
export function nodeEsmEntrySource(name: string, esmSource: string): string {
  const [, exports] = parse(esmSource);
  const names: string[] = [];
  const stars: string[] = [];
  for (const e of exports) {
    if (e.typeOnly) continue;
    if (e.type === 'reexport-all') {
      if (e.from.startsWith('.')) {
        throw new Error(`${name}.mjs re-exports everything from ${e.from}: list its names instead.`);
      }
      stars.push(e.from);
    } else if (e.name != null) {
      names.push(e.name);
    }
  }
  if (names.includes('default'))
    throw new Error(`${name}.mjs has a default export, which this wrapper does not carry.`);
  return [
    `// Node's ES module entry: the CommonJS build, so that \`import\` and \`require\` share one copy`,
    `// of the package in an app (written by scripts/node_esm_entries.ts from ${name}.mjs's exports).`,
    `import cjs from './${name}.cjs';`,
    ...stars.map((from) => `export * from '${from}';`),
    ...(names.length > 0 ? [`export const {${names.join(', ')}} = cjs;`] : []),
    '',
  ].join('\n');
}

/**
 * A tsup `onSuccess` hook writing `<outDir>/<name>.node.mjs` for each entry
 * name (after both formats of the build are written).
 */
export function writeNodeEsmEntries(outDir: string, names: string[]): () => Promise<void> {
  return async () => {
    await init();
    for (const name of names) {
      const esm = fs.readFileSync(path.join(outDir, `${name}.mjs`), 'utf8');
      if (!fs.existsSync(path.join(outDir, `${name}.cjs`))) throw new Error(`${outDir}/${name}.cjs is missing`);
      fs.writeFileSync(path.join(outDir, `${name}${NODE_ESM_SUFFIX}`), nodeEsmEntrySource(name, esm));
    }
  };
}
