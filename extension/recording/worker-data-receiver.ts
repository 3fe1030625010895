/**
 * The worker's side of moving a value into `workerData` (worker-data-fix.ts): the worker file never mentions
 * `workerData`, imports nothing but Node's built-in modules (another module could listen to the messages too), and
 * each of its `parentPort.on('message', (message) => …)` handlers only reads other named properties of the message.
 */
import { isBuiltin } from 'node:module';
import type { Node } from 'acorn';
import { ancestor } from 'acorn-walk';
import { lineOf, type ParsedSource } from './send-syntax';
import { identifiers, propertyKey, type WorkerDataRefusal } from './worker-data-fix';

/** The first module the file loads that is not one of Node's own (`import`, `import()`, `require`), and its line. */
function firstModuleImport(worker: ParsedSource): number | undefined {
  const lines: number[] = [];
  const note = (source: Node | null | undefined, at: Node): void => {
    const name = source?.type === 'Literal' ? (source as Node & { value: unknown }).value : undefined;
    if (typeof name !== 'string' || !isBuiltin(name)) lines.push(lineOf(worker, at.start) + 1);
  };
  ancestor(worker.program, {
    ImportDeclaration(node) {
      note(node.source, node);
    },
    ExportNamedDeclaration(node) {
      if (node.source) note(node.source, node);
    },
    ExportAllDeclaration(node) {
      note(node.source, node);
    },
    ImportExpression(node) {
      note(node.source, node);
    },
    CallExpression(node) {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require') note(node.arguments[0], node);
    },
  });
  return lines.length ? Math.min(...lines) : undefined;
}

const LISTENS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * The worker's side: undefined when it provably never reads `key` from a message nor uses `workerData`, else why.
 * Every place the file could receive a message must be a recognised handler; anything else refuses.
 */
export function checkWorkerSide(worker: ParsedSource, key: string, file: string): WorkerDataRefusal | undefined {
  if (worker.text.includes('workerData')) return { why: 'worker-uses-worker-data', file };
  const imported = firstModuleImport(worker);
  if (imported !== undefined) return { why: 'worker-imports-modules', file, line: imported };
  let refusal: WorkerDataRefusal | undefined;
  let handlers = 0;
  const at = (node: Node): number => lineOf(worker, node.start) + 1;
  const escapes = (node: Node): void => {
    refusal ??= { why: 'worker-message-escapes', file, line: at(node) };
  };
  ancestor(worker.program, {
    Literal(node, _state, ancestors) {
      if (node.value !== 'message') return;
      const call = ancestors[ancestors.length - 2];
      if (call?.type !== 'CallExpression' || call.arguments[0] !== node) return escapes(node);
      const callee = call.callee;
      const listens =
        callee.type === 'MemberExpression' &&
        !callee.computed &&
        callee.property.type === 'Identifier' &&
        LISTENS.has(callee.property.name);
      const handler = call.arguments[1];
      if (!listens || (handler?.type !== 'ArrowFunctionExpression' && handler?.type !== 'FunctionExpression'))
        return escapes(node);
      handlers += 1;
      const parameter = handler.params[0];
      if (!parameter) return;
      if (parameter.type === 'ObjectPattern') {
        for (const p of parameter.properties)
          if (p.type !== 'Property' || propertyKey(p) === undefined) escapes(p);
          else if (propertyKey(p) === key) refusal ??= { why: 'worker-reads-value', file, line: at(p) };
        return;
      }
      if (parameter.type !== 'Identifier') return escapes(parameter);
      const name = parameter.name;
      // Every occurrence of the parameter's name must read a named property of the message; a binding of the same
      // name (shadowing) or any other use refuses.
      identifiers(handler.body, (reference, path) => {
        if (reference.name !== name) return;
        const parent = path[path.length - 2];
        if (parent?.type !== 'MemberExpression' || parent.object !== reference || parent.computed)
          return escapes(reference);
        if (parent.property.type === 'Identifier' && parent.property.name === key)
          refusal ??= { why: 'worker-reads-value', file, line: at(parent) };
      });
    },
    Identifier(node) {
      if (node.name === 'receiveMessageOnPort') escapes(node);
    },
    MemberExpression(node) {
      if (!node.computed && node.property.type === 'Identifier' && node.property.name === 'onmessage') escapes(node);
    },
  });
  if (!refusal && handlers === 0) return { why: 'worker-message-escapes', file, line: 1 };
  return refusal;
}
