/**
 * Adding a copied ArrayBuffer to the transfer list of the call that sends it — offered only when the source
 * shows that the sender never reads the value again and never sends it a second time (a transferred buffer is
 * detached: reading it again would see zero bytes, sending it again would throw).
 */
import type { AnyNode, Expression, ObjectExpression } from 'acorn';
import { unwrapTypes } from './syntax-walk';
import { declaratorOf, repeatingScope, usedAfter, valueAt, type ParsedSource, type SendCall } from './send-syntax';

const TYPED_ARRAYS = new Set([
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'DataView',
]);

const OWN_RESULT = new Set(['fill', 'map', 'slice', 'filter']);

export interface TextInsert {
  offset: number;
  text: string;
}

export interface TransferEdit {
  /** What goes into the transfer list, e.g. `job.pixels.buffer`. */
  transferred: string;
  insert: TextInsert;
}

/** `new ArrayBuffer(n)` → '' (itself); `new Float64Array(n)` → '.buffer' (a view over a buffer of its own). */
function ownBufferSuffix(written: Expression | null | undefined): string | undefined {
  const init = written && unwrapTypes(written);
  // `new Uint8Array(n).fill(x)` returns the array it filled; `.map(f)`, `.slice()`, `.filter(f)` a new one
  // with a buffer of its own.
  if (
    init?.type === 'CallExpression' &&
    init.callee.type === 'MemberExpression' &&
    !init.callee.computed &&
    init.callee.property.type === 'Identifier' &&
    OWN_RESULT.has(init.callee.property.name)
  ) {
    const made = unwrapTypes(init.callee.object);
    return made.type === 'NewExpression' ? ownBufferSuffix(made) : undefined;
  }
  if (!init || init.type !== 'NewExpression' || init.callee.type !== 'Identifier') return undefined;
  const name = init.callee.name;
  if (name === 'ArrayBuffer') return '';
  // With one argument (a length or values to copy) the view owns its whole buffer; (buffer, offset) would share one.
  if (TYPED_ARRAYS.has(name) && name !== 'DataView' && init.arguments.length <= 1) return '.buffer';
  return undefined;
}

function propertyNamed(
  object: ObjectExpression,
  name: string,
): Extract<ObjectExpression['properties'][number], { type: 'Property' }> | undefined {
  for (const p of object.properties) {
    if (
      p.type === 'Property' &&
      !p.computed &&
      ((p.key.type === 'Identifier' && p.key.name === name) || (p.key.type === 'Literal' && p.key.value === name))
    )
      return p;
  }
  return undefined;
}

/** Appends to `[a, b]` or creates the list; undefined when the existing list is not written as a literal. */
function addToList(
  list: Expression | undefined,
  item: string,
  after: number,
  wrap: (list: string) => string,
): TextInsert | undefined {
  if (list === undefined) return { offset: after, text: wrap(`[${item}]`) };
  if (list.type !== 'ArrayExpression') return undefined;
  const last = list.elements[list.elements.length - 1];
  return last ? { offset: last.end, text: `, ${item}` } : { offset: list.start + 1, text: item };
}

function insertInto(send: SendCall, transferred: string): TextInsert | undefined {
  const [message, second] = send.call.arguments;
  if (!message || message.type === 'SpreadElement' || send.call.arguments.length > 2) return undefined;
  if (second?.type === 'SpreadElement') return undefined;
  const key = send.method === 'run' ? 'transferList' : 'transfer';
  if (send.method === 'postMessage' && (second === undefined || second.type === 'ArrayExpression')) {
    return addToList(second, transferred, message.end, (list) => `, ${list}`);
  }
  if (send.method === 'run' || send.method === 'postMessage') {
    if (second === undefined)
      return send.method === 'run' ? { offset: message.end, text: `, { ${key}: [${transferred}] }` } : undefined;
    if (second.type !== 'ObjectExpression') return undefined;
    const existing = propertyNamed(second, key);
    if (existing) return addToList(existing.value as Expression, transferred, 0, (list) => list);
    return { offset: second.start + 1, text: ` ${key}: [${transferred}],` };
  }
  return undefined;
}

/** The edit, or undefined when the source does not show plainly that transferring is safe. */
export function transferEdit(source: ParsedSource, send: SendCall, path: string): TransferEdit | undefined {
  if (send.method !== 'postMessage' && send.method !== 'run') return undefined;
  const message = send.call.arguments[0];
  if (!message || message.type === 'SpreadElement') return undefined;
  const value = valueAt(source, message, path);
  if (!value) return undefined;
  // The value must be a name the sender declared itself, whose initializer shows a buffer of its own.
  if (value.node.type !== 'Identifier' || value.text !== value.node.name) return undefined;
  const declared = declaratorOf(source, value.root, send.call.start);
  if (!declared || declared.kind === 'var') return undefined;
  const suffix = ownBufferSuffix(declared.declarator.init);
  if (suffix === undefined) return undefined;
  // Declared in the same run of the same loop body or function as the send: each send transfers a fresh buffer.
  const sendScope = repeatingScope(send.ancestors);
  const declarationScope = repeatingScope(declared.ancestors);
  if (sendScope !== declarationScope) return undefined;
  if (usedAfter(source, value.root, send.call.end, sendScope as AnyNode | undefined)) return undefined;
  const transferred = `${value.text}${suffix}`;
  const insert = insertInto(send, transferred);
  return insert ? { transferred, insert } : undefined;
}
