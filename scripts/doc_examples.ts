/**
 * Reads TypeDoc's JSON output (docs/api/api.json, written by `npm run docs`)
 * and lists, for every exported function, class and constant of every entry
 * point of both packages (tfjs-smelu, tfjs-smelu/core, /tfjs, /node,
 * tfjs-smelu-repro, tfjs-smelu-repro/node), the ```js examples of its doc
 * comment, plus the examples in each entry point's module comment. `npm run
 * docs` runs this as a check: an export without an example fails it (module
 * comments may have none). test/package/doc_examples.test.ts runs them all.
 *
 *   npx tsx scripts/doc_examples.ts [docs/api/api.json]
 */
import {readFileSync} from 'fs';
import {resolve} from 'path';

/** TypeDoc ReflectionKind values that must carry an example. */
const KINDS_NEEDING_EXAMPLES: Record<number, string> = {
  32: 'Variable',
  64: 'Function',
  128: 'Class'
};
const MODULE_KIND = 2;

interface CommentPart {
  kind: string;
  text: string
}
interface Comment {
  summary?: CommentPart[];
  blockTags?: {tag: string, content: CommentPart[]}[]
}
interface Reflection {
  name: string;
  kind: number;
  comment?: Comment;
  signatures?: {comment?: Comment}[];
  children?: Reflection[];
}

/** One documented export (or entry point) and the code of its examples. */
export interface DocExample {
  /** `module.name`, e.g. `tfjs-smelu.smelu`; an entry point's own comment is `module` alone. */
  exportName: string;
  /** The entry point, e.g. `tfjs-smelu-repro/node`. */
  module: string;
  /** 'Variable', 'Function', 'Class', or 'Module' for an entry point's own comment. */
  kind: string;
  examples: string[];
}

const CODE_BLOCK = /```(?:js|javascript)\n([\s\S]*?)```/g;

function commentText(comment: Comment|undefined): string {
  if (comment == null) return '';
  const parts = [...(comment.summary ?? []), ...(comment.blockTags ?? []).flatMap((t) => t.content)];
  return parts.map((p) => p.text).join('');
}

/**
 * Every exported function, class and constant of every entry point, with its
 * examples, and every entry point whose module comment has examples.
 */
export function collectDocExamples(apiJsonPath: string): DocExample[] {
  const project = JSON.parse(readFileSync(apiJsonPath, 'utf8')) as Reflection;
  const modules = project.kind === MODULE_KIND || project.children?.every((c) => c.kind !== MODULE_KIND) ?
      [project] :
      (project.children ?? []).filter((c) => c.kind === MODULE_KIND);
  const found: DocExample[] = [];
  const examplesOf = (comments: (
      Comment|undefined)[]) => [...comments.map(commentText).join('\n').matchAll(CODE_BLOCK)].map((m) => m[1]);
  for (const module of modules) {
    const moduleExamples = examplesOf([module.comment]);
    if (moduleExamples.length > 0) {
      found.push({exportName: module.name, module: module.name, kind: 'Module', examples: moduleExamples});
    }
    for (const child of module.children ?? []) {
      const kind = KINDS_NEEDING_EXAMPLES[child.kind];
      if (kind == null) continue;
      const examples = examplesOf([child.comment, ...(child.signatures ?? []).map((s) => s.comment)]);
      found.push({exportName: `${module.name}.${child.name}`, module: module.name, kind, examples});
    }
  }
  return found;
}

if (require.main === module) {
  const path = resolve(process.argv[2] ?? 'docs/api/api.json');
  const all = collectDocExamples(path).filter((e) => e.kind !== 'Module');
  const missing = all.filter((e) => e.examples.length === 0);
  const perModule =
      [...new Set(all.map((e) => e.module))].map((m) => `${m} ${all.filter((e) => e.module === m).length}`);
  console.log(
      `doc examples: ${all.length - missing.length} of ${all.length} exported functions, classes and ` +
      `constants have a \`\`\`js example (${perModule.join(', ')}).`);
  if (missing.length > 0) {
    console.error(`Missing a \`\`\`js example in the doc comment:\n${
        missing.map((e) => `  ${e.exportName} (${e.kind})`).join('\n')}`);
    process.exitCode = 1;
  }
}
