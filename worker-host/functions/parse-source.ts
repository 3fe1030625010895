/**
 * One parser for reading JavaScript and TypeScript without running it: Babel's, which knows TS, JSX and
 * CommonJS and weighs a fraction of the TypeScript compiler (which is not shipped at all).
 */
import { parse, parseExpression, type ParserOptions, type ParserPlugin } from '@babel/parser';
import type { Comment, Expression, File, Node } from '@babel/types';

export type { Comment, Expression, File, Node };

function pluginsFor(fileName: string): ParserPlugin[] {
  const typescript = /\.[cm]?tsx?$/.test(fileName);
  const jsx = /x$/.test(fileName) || !typescript;
  return [...(typescript ? (['typescript', 'decorators-legacy'] as const) : []), ...(jsx ? (['jsx'] as const) : [])];
}

const tolerant: ParserOptions = {
  sourceType: 'unambiguous',
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowImportExportEverywhere: true,
  allowUndeclaredExports: true,
  errorRecovery: true,
};

/** The module's syntax tree, or undefined when it does not parse even with recovery (a file mid-edit). */
export function parseModule(source: string, fileName: string): File | undefined {
  for (const plugins of [pluginsFor(fileName), pluginsFor(fileName).filter((p) => p !== 'jsx')]) {
    try {
      return parse(source, { ...tolerant, plugins });
    } catch {
      // A JavaScript file whose `<` reads as JSX: tried once more without JSX.
    }
  }
  return undefined;
}

/** An expression in TypeScript syntax (a superset of what an argument list may hold); throws a SyntaxError. */
export function parseTypeScriptExpression(source: string): Expression {
  return parseExpression(source, { plugins: ['typescript'] });
}

/** `(`, `as`, `satisfies` and `!` around an expression, taken off. */
export function unwrapExpression(node: Expression): Expression {
  let current = node;
  while (
    current.type === 'ParenthesizedExpression' ||
    current.type === 'TSAsExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSNonNullExpression'
  ) {
    current = current.expression;
  }
  return current;
}

/** 1-based line and column of an offset into the source. */
export function positionOf(node: Node, edge: 'start' | 'end' = 'start'): { line: number; column: number } {
  const point = edge === 'start' ? node.loc?.start : node.loc?.end;
  return { line: point?.line ?? 1, column: (point?.column ?? 0) + 1 };
}

/** The text of `@tag` in the last JSDoc block before a node, e.g. `@profileArgs 21, largeList`. */
export function jsDocTag(comments: readonly Comment[] | null | undefined, tag: string): string | undefined {
  const docs = (comments ?? []).filter((c) => c.type === 'CommentBlock' && c.value.startsWith('*'));
  for (const doc of docs.reverse()) {
    const lines = doc.value.split('\n').map((line) => line.replace(/^\s*\*?\s?/, ''));
    const text = lines.join('\n');
    const match = new RegExp(`(?:^|\\s)@${tag}\\b([\\s\\S]*?)(?=\\n\\s*@|$)`).exec(text);
    const value = match?.[1].trim();
    if (value) return value;
  }
  return undefined;
}
