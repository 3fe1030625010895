/**
 * TypeScript in acorn-walk: Babel's parser (with its `estree` plugin) gives TypeScript files the tree acorn gives
 * JavaScript, plus `TS…` nodes. They are taught once to acorn-walk's default visitors, so every walk of this bundle
 * reads TypeScript as the JavaScript it runs as: the expression inside `x as T`, `x!`, `<T>x`, `x satisfies T`, a
 * constructor's parameter properties, enum initializers, namespace bodies, JSX's expressions; a type is never walked
 * (a name in a type is not a read of a value).
 */
import { parse as parseBabel, type ParserPlugin } from '@babel/parser';
import type { Node, Program } from 'acorn';
import { base } from 'acorn-walk';

/** acorn-walk's recursive callback, with the third argument its types leave out: the node type to walk it as. */
type Walk = (node: Node, state: unknown, override?: string) => void;
type Visit = (node: Node, state: unknown, walk: Walk) => void;
/** A `TS…` node: only the fields the walk reads (Babel's estree output has them under these names). */
interface TsNode extends Node {
  expression?: Node;
  parameter?: Node;
  members?: { initializer?: Node | null }[];
  body?: Node | { type: string; body?: Node[] };
}

const EXPRESSION_WRAPPERS = [
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
];

const ignore: Visit = () => {};

function tsVisitors(): Record<string, Visit> {
  const visitors: Record<string, Visit> = {};
  for (const type of EXPRESSION_WRAPPERS)
    visitors[type] = (node, state, walk) => {
      const { expression } = node as TsNode;
      if (expression) walk(expression, state, 'Expression');
    };
  visitors.TSParameterProperty = (node, state, walk) => {
    const { parameter } = node as TsNode;
    if (parameter) walk(parameter, state, 'Pattern');
  };
  visitors.TSEnumDeclaration = (node, state, walk) => {
    for (const member of (node as TsNode).members ?? [])
      if (member.initializer) walk(member.initializer, state, 'Expression');
  };
  visitors.TSModuleDeclaration = (node, state, walk) => {
    const body = (node as TsNode).body;
    if (body && 'body' in body && Array.isArray(body.body)) for (const s of body.body) walk(s, state, 'Statement');
    else if (body?.type === 'TSModuleDeclaration') walk(body as Node, state);
  };
  visitors.TSExportAssignment = visitors.TSAsExpression;
  // JSX (.tsx, .jsx): the expressions inside elements run; tag names and text do not read values of the file's.
  const children = (node: Node, state: unknown, walk: Walk): void => {
    const element = node as Node & { openingElement?: { attributes: Node[] }; children?: Node[] };
    for (const attribute of element.openingElement?.attributes ?? []) walk(attribute, state);
    for (const child of element.children ?? []) walk(child, state);
  };
  visitors.JSXElement = children;
  visitors.JSXFragment = children;
  visitors.JSXAttribute = (node, state, walk) => {
    const { value } = node as Node & { value?: Node | null };
    if (value) walk(value, state);
  };
  visitors.JSXExpressionContainer = visitors.TSAsExpression;
  visitors.JSXSpreadAttribute = (node, state, walk) =>
    walk((node as Node & { argument: Node }).argument, state, 'Expression');
  visitors.JSXSpreadChild = visitors.TSAsExpression;
  for (const type of ['JSXText', 'JSXEmptyExpression']) visitors[type] = ignore;
  // Declarations and annotations that are only types: nothing runs, nothing is read.
  for (const type of [
    'TSInterfaceDeclaration',
    'TSTypeAliasDeclaration',
    'TSDeclareFunction',
    'TSImportEqualsDeclaration',
    'TSNamespaceExportDeclaration',
    'TSAbstractMethodDefinition',
    'TSAbstractPropertyDefinition',
    'TSIndexSignature',
    'TSDeclareMethod',
  ])
    visitors[type] = ignore;
  return visitors;
}

Object.assign(base as unknown as Record<string, Visit>, tsVisitors());

/** The expression a TypeScript wrapper (`x as T`, `x!`, `<T>x`, `x satisfies T`) stands for; any other node itself. */
export function unwrapTypes<T extends Node>(node: T): T {
  let inner: Node = node;
  while (EXPRESSION_WRAPPERS.includes(inner.type) && (inner as TsNode).expression)
    inner = (inner as TsNode).expression as Node;
  return inner as T;
}

export type SourceDialect = 'javascript' | 'typescript' | 'tsx' | 'jsx';

/** What a file is written in, from its name: `.ts`, `.mts`, `.cts` TypeScript; `.tsx`; `.jsx`; else JavaScript. */
export function dialectOf(fileName: string): SourceDialect {
  if (/\.[mc]?ts$/i.test(fileName)) return 'typescript';
  if (/\.tsx$/i.test(fileName)) return 'tsx';
  if (/\.jsx$/i.test(fileName)) return 'jsx';
  return 'javascript';
}

/** A TypeScript or JSX file as an ESTree program, or undefined when it does not parse. */
export function parseWithBabel(text: string, dialect: Exclude<SourceDialect, 'javascript'>): Program | undefined {
  const plugins: ParserPlugin[] = [['estree', { classFeatures: true }]];
  if (dialect !== 'jsx') plugins.push('typescript');
  if (dialect !== 'typescript') plugins.push('jsx');
  try {
    const file = parseBabel(text, {
      sourceType: 'unambiguous',
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      plugins,
    });
    // Babel's estree output is the ESTree acorn's types describe, with TS… nodes the walk above knows.
    return file.program as unknown as Program;
  } catch {
    return undefined;
  }
}
