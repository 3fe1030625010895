import type * as t from '@babel/types';
import type { FunctionSite } from '../protocol/functions';
import { positionOf, unwrapExpression } from './parse-source';

/** A task a workerpool worker file registers by name, with where its lens goes. */
export interface Registration {
  name: string;
  /** The module-level binding registered (`{ fib }`, `{ fibonacci: fib }`), else the function is written inline. */
  binding?: string;
  kind: FunctionSite['kind'];
  at: { line: number; column: number };
  node: t.Node;
}

/**
 * What `workerpool.worker({ … })` registers at the top level of a file, read without running it: the names
 * workerpool's pool calls (`pool.exec('fib', …)`). The call is recognised through the names the file binds
 * to workerpool (`const workerpool = require('workerpool')`, `import { worker } from 'workerpool'`, …).
 */
export function workerpoolRegistrations(statements: readonly t.Statement[]): Registration[] {
  const { namespaces, workers } = workerpoolNames(statements);
  if (namespaces.size === 0 && workers.size === 0) return [];
  const found: Registration[] = [];
  for (const call of callsIn(statements)) {
    if (!isWorkerCall(call.callee, namespaces, workers)) continue;
    const [methods] = call.arguments;
    if (!methods || methods.type !== 'ObjectExpression') continue;
    for (const property of methods.properties) {
      const name = propertyName(property);
      if (name === undefined || property.type === 'SpreadElement') continue;
      const at = positionOf(property.key);
      if (property.type === 'ObjectMethod') {
        if (property.kind === 'method') found.push({ name, kind: 'function', at, node: property });
        continue;
      }
      const value = unwrapExpression(property.value as t.Expression);
      if (value.type === 'Identifier') found.push({ name, binding: value.name, kind: 'function', at, node: property });
      else if (value.type === 'ArrowFunctionExpression') found.push({ name, kind: 'arrow', at, node: property });
      else if (value.type === 'FunctionExpression') found.push({ name, kind: 'function', at, node: property });
    }
  }
  return found;
}

/**
 * Every call in the file, at any depth: a worker may register inside a callback, after an asynchronous set-up
 * (`setTimeout(() => workerpool.worker({ … }), …)`, `init().then(() => worker({ … }))`).
 */
function callsIn(statements: readonly t.Statement[]): t.CallExpression[] {
  const calls: t.CallExpression[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object' || typeof (node as { type?: unknown }).type !== 'string') return;
    if ((node as t.Node).type === 'CallExpression') calls.push(node as t.CallExpression);
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'loc' && key !== 'leadingComments' && key !== 'trailingComments' && key !== 'innerComments')
        visit(child);
    }
  };
  visit(statements);
  return calls;
}

function propertyName(property: t.ObjectExpression['properties'][number]): string | undefined {
  if (property.type === 'SpreadElement' || property.computed) return undefined;
  if (property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'StringLiteral') return property.key.value;
  return undefined;
}

function isWorkerCall(callee: t.Node, namespaces: Set<string>, workers: Set<string>): boolean {
  if (callee.type === 'Identifier') return workers.has(callee.name);
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.object.type === 'Identifier' &&
    namespaces.has(callee.object.name) &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 'worker'
  );
}

/** The file's names for workerpool's module (`workerpool`) and for its `worker` function. */
function workerpoolNames(statements: readonly t.Statement[]): { namespaces: Set<string>; workers: Set<string> } {
  const namespaces = new Set<string>();
  const workers = new Set<string>();
  for (const statement of withBranches(statements)) {
    if (statement.type === 'ImportDeclaration' && statement.source.value === 'workerpool') {
      for (const specifier of statement.specifiers) {
        if (specifier.type !== 'ImportSpecifier') namespaces.add(specifier.local.name);
        else if (importedName(specifier) === 'worker') workers.add(specifier.local.name);
      }
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (!declarator.init || !requiresWorkerpool(unwrapExpression(declarator.init))) continue;
        if (declarator.id.type === 'Identifier') namespaces.add(declarator.id.name);
        if (declarator.id.type !== 'ObjectPattern') continue;
        for (const property of declarator.id.properties) {
          if (property.type !== 'ObjectProperty' || property.value.type !== 'Identifier') continue;
          if (propertyName(property) === 'worker') workers.add(property.value.name);
        }
      }
    }
  }
  return { namespaces, workers };
}

/** Top-level statements and those of top-level `if` branches (`if (typeof importScripts …) … else var wp = …`). */
function withBranches(statements: readonly t.Statement[]): t.Statement[] {
  return statements.flatMap((statement) => {
    if (statement.type !== 'IfStatement') return [statement];
    const branches = [statement.consequent, statement.alternate].filter((branch) => branch != null);
    return branches.flatMap((branch) => (branch.type === 'BlockStatement' ? branch.body : [branch]));
  });
}

function importedName(specifier: t.ImportSpecifier): string {
  return specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
}

function requiresWorkerpool(init: t.Expression): boolean {
  return (
    init.type === 'CallExpression' &&
    init.callee.type === 'Identifier' &&
    init.callee.name === 'require' &&
    init.arguments[0]?.type === 'StringLiteral' &&
    init.arguments[0].value === 'workerpool'
  );
}
