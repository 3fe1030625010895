import { inspect } from 'node:util';
import { ERROR_KINDS, type ErrorKind, type ReportError, type ValueWarning } from '../protocol/report';
import { SerializationProfilerError } from '../errors';
import { mapCompiledFrames } from '../executor/stack-location';

/** Properties the executor and the picklers put on errors themselves; the report has fields for them. */
const OWN_DETAILS = new Set(['summary', 'path', 'location', 'hint', 'valueType', 'kind', 'partial', 'report']);
/** Failures that come after the value was delivered: a change on the way may explain them. */
const AFTER_DELIVERY: readonly ErrorKind[] = ['task-deserialize', 'run', 'result-serialize', 'result-deserialize'];

/**
 * The report's view of anything a task rejected with: the executor's classified errors keep every detail,
 * and the error underneath keeps its own properties (`code`, `errno`, `status`…). Never throws.
 */
export function toReportError(error: unknown, warnings: readonly ValueWarning[] = []): ReportError {
  const classified =
    error instanceof SerializationProfilerError || hasKnownKind(error)
      ? (error as SerializationProfilerError)
      : undefined;
  const message = safely(
    () => (error instanceof Error ? error.message : String(error)),
    'an error that could not be read',
  );
  const ownSummary: unknown = safely(() => classified?.summary, undefined);
  const summary = typeof ownSummary === 'string' ? ownSummary : message;
  const report: ReportError = { kind: classified?.kind ?? 'run', message, summary };
  // A classified error carries what went wrong underneath it; anything else is itself the cause (its stack).
  const underneath = classified ? classified.cause : error;
  const properties = ownProperties(underneath);
  const cause = describeCause(underneath, properties);
  if (cause !== undefined) report.cause = cause;
  if (properties) report.properties = properties;
  if (classified?.path !== undefined) report.path = classified.path;
  if (classified?.location !== undefined) report.location = classified.location;
  if (classified?.hint !== undefined) report.hint = classified.hint;
  if (warnings.length > 0 && AFTER_DELIVERY.includes(report.kind)) {
    report.changedPaths = [...new Set(warnings.map((warning) => warning.path))];
    const shown = report.changedPaths.slice(0, 3).join(', ') + (report.changedPaths.length > 3 ? ', …' : '');
    const changed = `This mode changed values on the way (${shown}; see the warnings): a change may be the cause.`;
    report.message = withSentence(report.message, changed);
    report.summary = withSentence(report.summary, changed);
  }
  return report;
}

function withSentence(text: string, sentence: string): string {
  return `${text.trimEnd()}${/[.!?]$/.test(text.trimEnd()) ? ' ' : '. '}${sentence}`;
}

function hasKnownKind(error: unknown): boolean {
  const kind = safely(() => (error as { kind?: unknown } | null)?.kind, undefined);
  return (
    error instanceof Error && typeof kind === 'string' && (ERROR_KINDS as readonly string[]).includes(kind as ErrorKind)
  );
}

/** An error's own enumerable properties as Node prints them (`code: 'E_BAD'`), or undefined without any. */
function ownProperties(cause: unknown): Record<string, string> | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  // The executor's and the picklers' own fields have places in the report; a user's error keeps all of its own
  // (an fs error's `path`), but for the location the executor found for it.
  const ours = safely(
    () => cause instanceof SerializationProfilerError || (cause as Error).name === 'PickleError',
    false,
  );
  const shown = (key: string) => (ours ? !OWN_DETAILS.has(key) : key !== 'location');
  const keys = safely(() => Object.keys(cause).filter(shown), [] as string[]);
  if (keys.length === 0) return undefined;
  const properties: Record<string, string> = {};
  for (const key of keys) {
    properties[key] = safely(
      () => inspect((cause as Record<string, unknown>)[key], { depth: 2, breakLength: Infinity, maxStringLength: 200 }),
      '(unreadable)',
    );
  }
  return properties;
}

function describeCause(cause: unknown, properties: Record<string, string> | undefined): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  const shown = Object.entries(properties ?? {}).map(([key, value]) => `  ${key}: ${value}`);
  const suffix = shown.length > 0 ? ` {\n${shown.join(',\n')}\n}` : '';
  if (cause instanceof Error) {
    return mapCompiledFrames(safely(() => cause.stack ?? `${cause.name}: ${cause.message}`, 'Error')) + suffix;
  }
  if (typeof cause === 'string') return cause;
  return safely(() => JSON.stringify(cause), undefined) ?? safely(() => String(cause), '(unprintable)');
}

function safely<T, F>(read: () => T, fallback: F): T | F {
  try {
    return read();
  } catch {
    return fallback;
  }
}
