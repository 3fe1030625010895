/**
 * Switching the child process a JSON channel belongs to to `serialization: 'advanced'` — offered only when the
 * file forks exactly one child and its options are written as a literal, so the edit is the only change made.
 */
import type { CallExpression, ObjectExpression } from 'acorn';
import { ancestor } from 'acorn-walk';
import { calleeName, type ParsedSource } from './send-syntax';
import type { TextInsert } from './transfer-fix';

export interface ForkEdit {
  /** 1-based line of the `fork(` call that changes. */
  line: number;
  insert: TextInsert;
  /** Replaces `'json'` with `'advanced'` instead of inserting, when the option is written already. */
  replace?: { start: number; end: number; text: string };
}

function forkCalls(source: ParsedSource): CallExpression[] {
  const calls: CallExpression[] = [];
  ancestor(source.program, {
    CallExpression(node) {
      if (calleeName(node.callee) === 'fork') calls.push(node);
    },
  });
  return calls;
}

function serializationOption(
  options: ObjectExpression,
): Extract<ObjectExpression['properties'][number], { type: 'Property' }> | undefined | null {
  for (const p of options.properties) {
    if (p.type === 'SpreadElement') return null; // a spread may set it: unknown
    if (
      !p.computed &&
      ((p.key.type === 'Identifier' && p.key.name === 'serialization') ||
        (p.key.type === 'Literal' && p.key.value === 'serialization'))
    )
      return p;
  }
  return undefined;
}

export function forkEdit(source: ParsedSource, lineOf: (offset: number) => number): ForkEdit | undefined {
  const calls = forkCalls(source);
  if (calls.length !== 1) return undefined;
  const [call] = calls;
  const args = call.arguments;
  if (args.length === 0 || args.some((a) => a.type === 'SpreadElement')) return undefined;
  const line = lineOf(call.start) + 1;
  const last = args[args.length - 1];
  if (args.length === 1) return { line, insert: { offset: last.end, text: ", [], { serialization: 'advanced' }" } };
  if (args.length === 2 && args[1].type === 'ArrayExpression')
    return { line, insert: { offset: last.end, text: ", { serialization: 'advanced' }" } };
  const options = args.length === 3 ? args[2] : args[1];
  if (options.type !== 'ObjectExpression') return undefined;
  const existing = serializationOption(options);
  if (existing === null) return undefined;
  if (existing === undefined)
    return {
      line,
      insert: {
        offset: options.start + 1,
        text: options.properties.length ? " serialization: 'advanced'," : " serialization: 'advanced' ",
      },
    };
  if (existing.value.type !== 'Literal' || existing.value.value !== 'json') return undefined;
  return {
    line,
    insert: { offset: existing.value.start, text: '' },
    replace: { start: existing.value.start, end: existing.value.end, text: "'advanced'" },
  };
}
