import type { ModeResult, ReportError } from './report';

/** Failed modes that broke the same way: one root cause, told once (a Problem, a failure in the panel). */
export interface FailureGroup {
  error: ReportError;
  /** The failed modes, in run order; the first one's error is `error`. */
  results: ModeResult[];
}

/** Kinds whose message is about the run, not the code (how long each mode was given): each mode is told apart. */
const PER_MODE_KINDS = new Set(['timeout', 'cancelled', 'shutdown', 'missing-dependency', 'unreachable']);

/** Modes share a root cause when they failed in the same place, on the same value, defined at the same spot. */
export function rootCauseKey(error: ReportError, mode: string): string {
  const at = error.location ? `${error.location.file}:${error.location.line}:${error.location.column}` : '';
  return `${error.kind}|${error.path ?? 'fn'}|${at}${PER_MODE_KINDS.has(error.kind) ? `|${mode}` : ''}`;
}

export function groupFailures(results: readonly ModeResult[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const result of results) {
    if (result.status !== 'error' || !result.error) continue;
    const key = rootCauseKey(result.error, result.mode);
    const group = groups.get(key);
    if (group) group.results.push(result);
    else groups.set(key, { error: result.error, results: [result] });
  }
  return [...groups.values()];
}
