import { ERROR_KINDS, type ErrorKind, type ReportError } from '../protocol/report';
import { SerializationProfilerError } from '../errors';

/** The report's view of anything a task rejected with: the executor's classified errors keep every detail. */
export function toReportError(error: unknown): ReportError {
  const classified = error instanceof SerializationProfilerError || hasKnownKind(error) ? (error as SerializationProfilerError) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const report: ReportError = { kind: classified?.kind ?? 'run', message };
  // A classified error carries what went wrong underneath it; anything else is itself the cause (its stack).
  const cause = describeCause(classified ? classified.cause : error);
  if (cause !== undefined) report.cause = cause;
  if (classified?.path !== undefined) report.path = classified.path;
  if (classified?.location !== undefined) report.location = classified.location;
  if (classified?.hint !== undefined) report.hint = classified.hint;
  return report;
}

function hasKnownKind(error: unknown): boolean {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return error instanceof Error && typeof kind === 'string' && (ERROR_KINDS as readonly string[]).includes(kind as ErrorKind);
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (cause instanceof Error) return cause.stack ?? `${cause.name}: ${cause.message}`;
  if (typeof cause === 'string') return cause;
  try {
    return JSON.stringify(cause);
  } catch {
    return String(cause);
  }
}
