/**
 * TypeDoc plugin: documents tfjs-style ops from their implementation.
 *
 * tfjs ops are written as `function smelu_(...) {...}` carrying the doc
 * comment, then exported as `export const smelu = op({smelu_})`. TypeDoc only
 * sees the exported constant, which has no comment of its own; this plugin
 * gives such a constant the comment of the `name_` function it wraps, and
 * documents it as a function (with that function's signature).
 */
// @ts-check
import {Converter, ReflectionKind} from 'typedoc';
import ts from 'typescript';

/** The `name_` function declaration wrapped by `op({name_})`, if that is the initializer. */
function wrappedOpFunction(declaration, checker) {
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const call = declaration.initializer;
  if (!ts.isCallExpression(call) || call.expression.getText() !== 'op' || call.arguments.length !== 1) {
    return undefined;
  }
  const [arg] = call.arguments;
  if (!ts.isObjectLiteralExpression(arg) || arg.properties.length !== 1) return undefined;
  const [prop] = arg.properties;
  if (!ts.isShorthandPropertyAssignment(prop)) return undefined;
  const target = checker.getShorthandAssignmentValueSymbol(prop)?.valueDeclaration;
  return target && ts.isFunctionDeclaration(target) ? target : undefined;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  /** @type {Set<import('typedoc').DeclarationReflection>} */
  const ops = new Set();
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (reflection.kind !== ReflectionKind.Variable || reflection.comment) return;
    const symbol = context.getSymbolFromReflection(reflection);
    const fn = wrappedOpFunction(symbol?.valueDeclaration, context.checker);
    if (!fn) return;
    const comment = context.getSignatureComment(fn) ?? context.getNodeComment(fn, false);
    if (comment) {
      reflection.comment = comment;
      ops.add(reflection);
    }
  });
  // The op's type is `typeof name_`, whose call signature carries the same
  // comment: drop that copy so the page shows the documentation once.
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, () => {
    for (const reflection of ops) {
      const type = reflection.type;
      if (type?.type !== 'reflection') continue;
      for (const signature of type.declaration.signatures ?? []) signature.comment = undefined;
    }
    ops.clear();
  });
}
