import type * as vscode from 'vscode';
import type { ErrorKind, SourceLocation } from '../../shared/report';

/**
 * The facts behind one profiler Problem, kept as data beside the diagnostic (quick fixes and views decide on
 * these, never on the message's text). One record per root cause: the modes that failed the same way share it.
 */
export interface ProblemRecord {
  /** The profiled function's resolvable name and the name the user reads. */
  functionName: string;
  displayName: string;
  kind: ErrorKind;
  /** The value that failed: `fn` for the profiled function itself, `args[0]`, `args[1].handler`. */
  path?: string;
  /** Where the failing value (or the function) is defined. */
  location?: SourceLocation;
  /** Every mode that failed this way, in run order. */
  modes: string[];
}

/** Failures that say nothing about the user's code: nothing to fix in it. */
export const NOT_THE_CODE: ReadonlySet<ErrorKind> = new Set([
  'cancelled',
  'shutdown',
  'timeout',
  'missing-dependency',
  'unreachable',
]);

/** Kinds where the worker could not reach a function or class by reference. */
export const REACHABILITY_KINDS: ReadonlySet<ErrorKind> = new Set(['task-deserialize', 'task-serialize']);

/** The profiled function itself failed (rather than a value in its arguments). */
export function isTheFunction(record: Pick<ProblemRecord, 'path'>): boolean {
  return record.path === undefined || record.path === 'fn';
}

/** Identifies a diagnostic across the copies VS Code hands back to code action providers (as vscode-eslint does). */
export function diagnosticKey(diagnostic: vscode.Diagnostic): string {
  const { start, end } = diagnostic.range;
  const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');
  return `[${start.line},${start.character},${end.line},${end.character}]-${code}-${diagnostic.message}`;
}
