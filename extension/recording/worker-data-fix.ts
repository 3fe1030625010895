/**
 * Moving a large value that every message repeats into the Worker's `workerData` — offered only when the source
 * proves the program cannot tell the difference:
 * - the sender: the message is an object literal whose property is a module-level `const` that nothing else in the
 *   file reads, changes or shares (its initializer names no other module-level binding), declared before the
 *   `const worker = new Worker(…)` that receives it, whose options are absent or a literal without `workerData`;
 * - the worker file (named by `new URL('./file', import.meta.url)`): see worker-data-receiver.ts.
 * When the worker reads the value from its messages, the edit would have to change the worker too (and a worker
 * that changed the value would keep the change from one message to the next), so it is explained, not made.
 */
import type { AnyNode, Expression, Identifier, Node, ObjectExpression, Program, Property } from 'acorn';
import { ancestor, type AncestorVisitors } from 'acorn-walk';
import { declaratorOf, lineOf, pathSegments, type ParsedSource, type SendCall } from './send-syntax';
import { unwrapTypes } from './syntax-walk';

export interface TextReplace {
  start: number;
  end: number;
  text: string;
}

/** Why the move is not offered, as data: the explanation names it. */
export type WorkerDataRefusal =
  | { why: 'message-not-literal' }
  | { why: 'value-not-module-const' }
  | { why: 'value-used-elsewhere'; line: number }
  | { why: 'value-built-from-module-state' }
  | { why: 'no-worker-in-file' }
  | { why: 'worker-options-not-literal' }
  | { why: 'worker-file-not-named' }
  | { why: 'worker-file-unreadable'; file: string }
  | { why: 'worker-uses-worker-data'; file: string }
  | { why: 'worker-reads-value'; file: string; line: number }
  | { why: 'worker-message-escapes'; file: string; line: number }
  | { why: 'worker-imports-modules'; file: string; line: number };

export interface WorkerDataPlan {
  /** The module-level constant moved, and the message key it was sent under. */
  value: string;
  key: string;
  /** 1-based line of the `new Worker(…)`. */
  workerLine: number;
  /** The worker file, relative to the sender, as the source names it. */
  workerFile: string;
  edits: TextReplace[];
}

type Plan = { plan: WorkerDataPlan } | { refused: WorkerDataRefusal };

const WORKER_MODULES = new Set(['node:worker_threads', 'worker_threads']);

export function propertyKey(property: Pick<Property, 'computed' | 'key'>): string | undefined {
  if (property.computed) return undefined;
  if (property.key.type === 'Identifier') return property.key.name;
  return property.key.type === 'Literal' && typeof property.key.value === 'string' ? property.key.value : undefined;
}

/**
 * Every identifier under `root`, read or bound: acorn-walk meets a binding (a declaration, a parameter, a pattern)
 * as a 'VariablePattern', a type its visitor types leave out.
 */
export function identifiers(root: Node, found: (node: Identifier, ancestors: AnyNode[]) => void): void {
  const visit = (node: Node, _state: unknown, ancestors: AnyNode[]): void => found(node as Identifier, ancestors);
  ancestor(root, { Identifier: visit, VariablePattern: visit } as unknown as AncestorVisitors<unknown>);
}

/** Lines of every read or binding of `name` in the program, besides the ones at `except` offsets. */
function otherUses(program: Node, name: string, except: Set<number>, source: ParsedSource): number[] {
  const lines: number[] = [];
  identifiers(program, (node) => {
    if (node.name === name && !except.has(node.start)) lines.push(lineOf(source, node.start) + 1);
  });
  return lines;
}

/** Names bound at the module's top level: its variables, functions, classes and imports. */
function moduleBindings(program: Program): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement;
    if (!declaration) continue;
    if (declaration.type === 'VariableDeclaration')
      for (const d of declaration.declarations) identifiers(d.id, (node) => names.add(node.name));
    if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id)
      names.add(declaration.id.name);
    if (declaration.type === 'ImportDeclaration') for (const s of declaration.specifiers) names.add(s.local.name);
  }
  return names;
}

/** Whether the module exports `name` by a specifier (`export { name }`), which no walk of expressions sees. */
function exportedByName(program: Program, name: string): boolean {
  return program.body.some(
    (s) =>
      s.type === 'ExportNamedDeclaration' &&
      s.specifiers.some((specifier) => specifier.local.type === 'Identifier' && specifier.local.name === name),
  );
}

/** Whether `Worker` is worker_threads' class in this file (imported or required under that name). */
function importsWorkerClass(program: Program): boolean {
  return program.body.some((statement) => {
    if (statement.type === 'ImportDeclaration')
      return (
        WORKER_MODULES.has(String(statement.source.value)) &&
        statement.specifiers.some(
          (s) =>
            s.type === 'ImportSpecifier' &&
            s.local.name === 'Worker' &&
            s.imported.type === 'Identifier' &&
            s.imported.name === 'Worker',
        )
      );
    if (statement.type !== 'VariableDeclaration') return false;
    return statement.declarations.some((d) => {
      const init = d.init && unwrapTypes(d.init);
      return (
        d.id.type === 'ObjectPattern' &&
        d.id.properties.some(
          (p) => p.type === 'Property' && propertyKey(p) === 'Worker' && p.value.type === 'Identifier',
        ) &&
        init?.type === 'CallExpression' &&
        init.callee.type === 'Identifier' &&
        init.callee.name === 'require' &&
        init.arguments[0]?.type === 'Literal' &&
        WORKER_MODULES.has(String(init.arguments[0].value))
      );
    });
  });
}

/** `new URL('./worker.mjs', import.meta.url)` → './worker.mjs'. */
function workerFileOf(spec: Expression): string | undefined {
  const url = unwrapTypes(spec);
  if (url.type !== 'NewExpression' || url.callee.type !== 'Identifier' || url.callee.name !== 'URL') return undefined;
  const [relative, base] = url.arguments;
  if (relative?.type !== 'Literal' || typeof relative.value !== 'string' || !relative.value.startsWith('.'))
    return undefined;
  const isImportMetaUrl =
    base?.type === 'MemberExpression' &&
    base.object.type === 'MetaProperty' &&
    base.property.type === 'Identifier' &&
    base.property.name === 'url';
  return isImportMetaUrl ? relative.value : undefined;
}

function removeProperty(message: ObjectExpression, index: number): TextReplace {
  const properties = message.properties;
  if (properties.length === 1) return { start: message.start, end: message.end, text: '{}' };
  if (index > 0) return { start: properties[index - 1].end, end: properties[index].end, text: '' };
  return { start: properties[0].start, end: properties[1].start, text: '' };
}

function addWorkerData(args: Expression[], entry: string): TextReplace | WorkerDataRefusal {
  const [spec, options] = args;
  if (options === undefined) return { start: spec.end, end: spec.end, text: `, { workerData: { ${entry} } }` };
  const literal = unwrapTypes(options);
  if (literal.type !== 'ObjectExpression' || args.length > 2) return { why: 'worker-options-not-literal' };
  for (const p of literal.properties)
    if (p.type !== 'Property' || propertyKey(p) === undefined || propertyKey(p) === 'workerData')
      return { why: 'worker-options-not-literal' };
  const text = literal.properties.length ? ` workerData: { ${entry} },` : ` workerData: { ${entry} } `;
  return { start: literal.start + 1, end: literal.start + 1, text };
}

/** The sender's side of the move, or why it cannot be proven safe there. */
export function planWorkerData(source: ParsedSource, send: SendCall, path: string): Plan {
  const refuse = (refused: WorkerDataRefusal): Plan => ({ refused });
  const segments = pathSegments(path);
  const callee = send.call.callee;
  const sent = send.call.arguments[0];
  const message = sent && sent.type !== 'SpreadElement' ? unwrapTypes(sent) : undefined;
  if (send.method !== 'postMessage' || segments?.length !== 1 || typeof segments[0] !== 'string')
    return refuse({ why: 'message-not-literal' });
  if (message?.type !== 'ObjectExpression' || message.properties.some((p) => p.type !== 'Property'))
    return refuse({ why: 'message-not-literal' });
  const key = segments[0];
  const index = message.properties.findIndex((p) => p.type === 'Property' && propertyKey(p) === key);
  const property = message.properties[index] as Property | undefined;
  const value = property && unwrapTypes(property.value as Expression);
  if (!property || value?.type !== 'Identifier') return refuse({ why: 'message-not-literal' });

  const program = source.program;
  const declared = declaratorOf(source, value.name, send.call.start);
  const declaration = declared?.ancestors[declared.ancestors.length - 2];
  if (!declared || declared.kind !== 'const' || !program.body.includes(declaration as Program['body'][number]))
    return refuse({ why: 'value-not-module-const' });
  const elsewhere = otherUses(program, value.name, new Set([declared.declarator.id.start, value.start]), source);
  if (elsewhere.length > 0) return refuse({ why: 'value-used-elsewhere', line: elsewhere[0] });
  if (exportedByName(program, value.name))
    return refuse({ why: 'value-used-elsewhere', line: lineOf(source, declared.declarator.start) + 1 });
  const bindings = moduleBindings(program);
  let sharesState = false;
  if (declared.declarator.init)
    ancestor(declared.declarator.init, {
      Identifier(node) {
        if (bindings.has(node.name)) sharesState = true;
      },
    });
  if (sharesState) return refuse({ why: 'value-built-from-module-state' });

  if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || !importsWorkerClass(program))
    return refuse({ why: 'no-worker-in-file' });
  const worker = declaratorOf(source, callee.object.name, send.call.start);
  const created = worker?.declarator.init && unwrapTypes(worker.declarator.init);
  const workerStatement = worker?.ancestors[worker.ancestors.length - 2] as AnyNode | undefined;
  if (
    !worker ||
    worker.kind !== 'const' ||
    !program.body.includes(workerStatement as Program['body'][number]) ||
    created?.type !== 'NewExpression' ||
    created.callee.type !== 'Identifier' ||
    created.callee.name !== 'Worker' ||
    created.arguments.length === 0 ||
    created.arguments.some((a) => a.type === 'SpreadElement') ||
    (declaration as AnyNode).end > (workerStatement as AnyNode).start
  )
    return refuse({ why: 'no-worker-in-file' });
  const args = created.arguments as Expression[];
  const workerFile = workerFileOf(args[0]);
  if (!workerFile) return refuse({ why: 'worker-file-not-named' });
  const entry =
    key === value.name ? key : `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${value.name}`;
  const added = addWorkerData(args, entry);
  if ('why' in added) return refuse(added);
  return {
    plan: {
      value: value.name,
      key,
      workerLine: lineOf(source, created.start) + 1,
      workerFile,
      edits: [added, removeProperty(message, index)],
    },
  };
}
