/** The names an argument list uses and a module defines, for JavaScript and TypeScript, from the parser. */
import type * as t from '@babel/types';
import { parseModule, parseTypeScriptExpression } from '../functions/parse-source';

const MODULE_SCOPE = [
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'undefined',
  'NaN',
  'Infinity',
  'arguments',
];
const NOT_CHILDREN = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments']);

function children(node: t.Node): t.Node[] {
  const found: t.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (NOT_CHILDREN.has(key)) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string')
        found.push(item as t.Node);
    }
  }
  return found;
}

/** Identifiers the list reads from its scope; none when it declares its own (functions, classes), to stay safe. */
export async function javascriptFreeNames(expression: string): Promise<string[]> {
  let root: t.Node;
  try {
    root = parseTypeScriptExpression(`[${expression}\n]`);
  } catch {
    return [];
  }
  const names: string[] = [];
  let declaresNames = false;
  const visit = (node: t.Node, skip?: t.Node): void => {
    if (/Function|Class|Method/.test(node.type)) declaresNames = true;
    if (node.type === 'Identifier' && node !== skip) names.push(node.name);
    const name =
      (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && !node.computed
        ? node.property
        : node.type === 'ObjectProperty' && !node.computed
          ? node.key
          : undefined;
    for (const child of children(node)) visit(child, name);
  };
  visit(root);
  return declaresNames ? [] : names;
}

function addBinding(pattern: t.Node, names: Set<string>): void {
  if (pattern.type === 'Identifier') names.add(pattern.name);
  else if (pattern.type === 'ObjectPattern') {
    for (const property of pattern.properties)
      addBinding(property.type === 'RestElement' ? property.argument : property.value, names);
  } else if (pattern.type === 'ArrayPattern') {
    for (const element of pattern.elements) if (element) addBinding(element, names);
  } else if (pattern.type === 'RestElement') addBinding(pattern.argument, names);
  else if (pattern.type === 'AssignmentPattern') addBinding(pattern.left, names);
}

/** Top-level declarations and imports of the module, plus the globals any module sees. */
export async function javascriptModuleNames(source: string, fileName: string): Promise<Set<string>> {
  const names = new Set([...Object.getOwnPropertyNames(globalThis), ...MODULE_SCOPE]);
  for (const outer of parseModule(source, fileName)?.program.body ?? []) {
    const exported = outer.type === 'ExportNamedDeclaration' || outer.type === 'ExportDefaultDeclaration';
    const statement = exported && outer.declaration ? outer.declaration : outer;
    if (statement.type === 'VariableDeclaration') for (const d of statement.declarations) addBinding(d.id, names);
    else if (
      (statement.type === 'FunctionDeclaration' ||
        statement.type === 'ClassDeclaration' ||
        statement.type === 'TSEnumDeclaration') &&
      statement.id
    ) {
      names.add(statement.id.name);
    } else if (statement.type === 'ImportDeclaration') {
      for (const specifier of statement.specifiers) names.add(specifier.local.name);
    } else if (statement.type === 'TSImportEqualsDeclaration') names.add(statement.id.name);
  }
  return names;
}
