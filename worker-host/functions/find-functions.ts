import type * as t from '@babel/types';
import type { FoundFunction, FunctionSite } from '../protocol/functions';
import { jsDocTag, parseModule, positionOf, unwrapExpression } from './parse-source';
import { workerpoolRegistrations } from './workerpool-registrations';

export type { FoundFunction };

type Fields = Pick<FunctionSite, 'name' | 'displayName' | 'kind' | 'exported'>;
type Position = { line: number; column: number };

/**
 * The functions of a JS/TS file that the profiler can resolve in the module's scope: top-level function
 * declarations, consts holding arrow or function expressions, and methods of top-level classes.
 * Parsing only; nothing in the file runs.
 */
export function findFunctions(source: string, fileName = 'file.ts'): FoundFunction[] {
  const file = parseModule(source, fileName);
  if (!file) return [];
  const exportedNames = collectExportedNames(file.program.body, source);
  const sites: FoundFunction[] = [];

  for (const outer of file.program.body) {
    const exportsIt = outer.type === 'ExportNamedDeclaration' || outer.type === 'ExportDefaultDeclaration';
    const statement = exportsIt && outer.declaration ? outer.declaration : outer;
    const site = (name: Position, host: t.Node, docs: t.Node, fields: Fields): void => {
      const profileArgs = jsDocTag(docs.leadingComments, 'profileArgs');
      sites.push({
        ...fields,
        ...name,
        ...(profileArgs !== undefined && { profileArgs }),
        end: positionOf(host, 'end'),
        statementStart: positionOf(outer),
      });
    };
    const poolEntry = poolEntryOf(outer, source);
    if (poolEntry) {
      const { name, kind, at } = poolEntry;
      site(at, outer, outer, { name, displayName: name, kind, exported: true });
      continue;
    }
    if (statement.type === 'FunctionDeclaration' && statement.id && statement.body) {
      const name = statement.id.name;
      site(positionOf(statement.id), outer, outer, {
        name,
        displayName: name,
        kind: 'function',
        exported: exportsIt || exportedNames.has(name),
      });
    } else if (statement.type === 'VariableDeclaration') {
      for (const declaration of statement.declarations) {
        const init = declaration.init && unwrapExpression(declaration.init);
        if (declaration.id.type !== 'Identifier' || !init) continue;
        if (init.type !== 'ArrowFunctionExpression' && init.type !== 'FunctionExpression') continue;
        const name = declaration.id.name;
        site(positionOf(declaration.id), declaration, outer, {
          name,
          displayName: name,
          kind: init.type === 'ArrowFunctionExpression' ? 'arrow' : 'function',
          exported: exportsIt || exportedNames.has(name),
        });
      }
    } else if (statement.type === 'ClassDeclaration' && statement.id) {
      const className = statement.id.name;
      const classExported = exportsIt || exportedNames.has(className);
      for (const member of statement.body.body) {
        if (member.type !== 'ClassMethod' || member.kind !== 'method' || member.computed) continue;
        if (member.key.type !== 'Identifier') continue;
        const method = member.key.name;
        site(positionOf(member.key), member, member, {
          name: member.static ? `${className}.${method}` : `${className}.prototype.${method}`,
          displayName: `${className}.${method}`,
          kind: member.static ? 'class-method' : 'method',
          exported: classExported,
        });
      }
    }
  }
  return withWorkerpoolTasks(sites, file.program.body);
}

/**
 * A workerpool worker file's tasks: a lens on each task registered inline (`{ hash: (text) => … }`) or under
 * another name than its binding's, and the functions registered by name count as reachable (exported).
 */
function withWorkerpoolTasks(sites: FoundFunction[], statements: readonly t.Statement[]): FoundFunction[] {
  const registrations = workerpoolRegistrations(statements);
  if (registrations.length === 0) return sites;
  const all = [...sites];
  for (const { name, binding, kind, at, node } of registrations) {
    const bound = binding === undefined ? undefined : sites.find((site) => site.name === binding);
    if (bound) bound.exported = true;
    if (bound && binding === name) continue;
    if (all.some((site) => site.name === name)) continue;
    all.push({
      name,
      displayName: name,
      kind,
      exported: true,
      ...at,
      end: positionOf(node, 'end'),
      statementStart: at,
    });
  }
  return all.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Where the `default` of `export default` stands (the name a pool imports). */
function defaultKeyword(statement: t.Node, source: string): Position {
  const head = /export\s+default\b/y;
  head.lastIndex = statement.start ?? 0;
  const match = head.exec(source);
  const offset = match ? (statement.start ?? 0) + match[0].length - 'default'.length : (statement.start ?? 0);
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * A statement that exports a task function without a module-level name of its own, as pool workers are written:
 * `export default (…) => …`, `export default function (…) {}`, `export default load()` (an async factory),
 * `module.exports = function (…) {}` or `= factory(…)`, `exports.name = (…) => …`. Named `default` (the CommonJS
 * `module.exports` is what a pool imports as `default`) or by its export name.
 */
function poolEntryOf(
  statement: t.Statement,
  source: string,
): { name: string; at: Position; kind: FunctionSite['kind'] } | undefined {
  let target: string;
  let value: t.Node;
  let at: Position;
  if (statement.type === 'ExportDefaultDeclaration') {
    const declaration = statement.declaration;
    if (declaration.type === 'FunctionDeclaration') {
      return declaration.id || !declaration.body
        ? undefined
        : { name: 'default', at: defaultKeyword(statement, source), kind: 'function' };
    }
    if (declaration.type === 'ClassDeclaration' || declaration.type === 'TSDeclareFunction') return undefined;
    target = 'default';
    value = unwrapExpression(declaration);
    at = defaultKeyword(statement, source);
  } else if (
    statement.type === 'ExpressionStatement' &&
    statement.expression.type === 'AssignmentExpression' &&
    statement.expression.operator === '='
  ) {
    const { left, right } = statement.expression;
    const leftText = source.slice(left.start ?? 0, left.end ?? 0);
    const named = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(leftText);
    if (leftText !== 'module.exports' && !named) return undefined;
    target = named ? named[1] : 'default';
    value = unwrapExpression(right);
    at = positionOf(left);
  } else {
    return undefined;
  }
  if (value.type === 'ArrowFunctionExpression') return { name: target, at, kind: 'arrow' };
  if (value.type === 'FunctionExpression') return { name: target, at, kind: 'function' };
  if (value.type === 'CallExpression' || value.type === 'AwaitExpression')
    return { name: target, at, kind: 'function' };
  return undefined;
}

/** Names exported by `export { a, b as c }`, `export default a`, `module.exports = { a }` and `exports.a = a`. */
function collectExportedNames(statements: readonly t.Statement[], source: string): Set<string> {
  const names = new Set<string>();
  for (const statement of statements) {
    if (statement.type === 'ExportNamedDeclaration' && !statement.source && !statement.declaration) {
      for (const specifier of statement.specifiers) {
        if (specifier.type === 'ExportSpecifier') names.add(specifier.local.name);
      }
    } else if (statement.type === 'ExportDefaultDeclaration' && statement.declaration.type === 'Identifier') {
      names.add(statement.declaration.name);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      collectCommonJsExports(statement.expression, source, names);
    }
  }
  return names;
}

function collectCommonJsExports(assignment: t.AssignmentExpression, source: string, names: Set<string>): void {
  if (assignment.operator !== '=') return;
  const target = source.slice(assignment.left.start ?? 0, assignment.left.end ?? 0);
  const value = assignment.right;
  if (target === 'module.exports' && value.type === 'ObjectExpression') {
    for (const property of value.properties) {
      if (property.type === 'ObjectProperty' && property.value.type === 'Identifier') names.add(property.value.name);
    }
  } else if (target === 'module.exports' && value.type === 'Identifier') {
    names.add(value.name);
  } else if (/^(module\.)?exports\.\w+$/.test(target) && value.type === 'Identifier') {
    names.add(value.name);
  }
}
