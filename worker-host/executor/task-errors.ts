import { ERROR_CLASSES, type ErrorDetails, type SerializationProfilerError, WorkerTerminatedError } from '../errors';
import type { ErrorKind } from '../protocol/report';
import type { ExitInfo } from './worker-handle';

/** What each place a task can break says first, and loky's generic advice after it; the cause's own words follow. */
const HEADLINES: Partial<Record<ErrorKind, (pickler: string) => { said: string; advice?: string }>> = {
  'task-serialize': (p) => ({ said: `Could not serialize the task to send it to the workers (pickler '${p}').` }),
  'task-deserialize': (p) => ({
    said: 'A task has failed to un-serialize.',
    advice: `Please ensure that the function and the arguments of the task can all be carried by the '${p}' pickler.`,
  }),
  'result-serialize': (p) => ({ said: `The task's result could not be serialized in the worker (pickler '${p}').` }),
  'result-deserialize': (p) => ({
    said: 'A result has failed to un-serialize.',
    advice: `Please ensure that the objects returned by the function are always serializable by the '${p}' pickler.`,
  }),
};

/** The error for a task that broke at `kind`, carrying what a PickleError (or any error) said about the value. */
export function taskError(kind: ErrorKind, cause: unknown, pickler: string): SerializationProfilerError {
  const causeText = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  const headline = HEADLINES[kind]?.(pickler);
  const details = detailsOf(cause);
  if (!headline) return new ERROR_CLASSES[kind](causeText, { ...details, summary: details.summary ?? causeText });
  // One line: the place it broke, then the cause's own words (the cause keeps its stack).
  const advice = headline.advice === undefined ? '' : ` ${headline.advice}`;
  const causeSaid = details.summary ?? (cause instanceof Error ? cause.message : causeText);
  return new ERROR_CLASSES[kind](`${headline.said}${advice} ${causeText}`, {
    ...details,
    summary: `${headline.said} ${causeSaid}`,
  });
}

export function detailsOf(cause: unknown): ErrorDetails {
  const details: ErrorDetails = { cause };
  const source = cause as Partial<
    Record<'name' | 'summary' | 'path' | 'hint' | 'valueType' | 'location', unknown>
  > | null;
  // Which value failed comes only from a pickler's error: a user's error may have a `path` of its own (a file).
  if (source?.name === 'PickleError') {
    if (typeof source.summary === 'string') details.summary = source.summary;
    if (typeof source.path === 'string') details.path = source.path;
    if (typeof source.hint === 'string') details.hint = source.hint;
    if (typeof source.valueType === 'string') details.valueType = source.valueType;
  }
  if (source?.location && typeof source.location === 'object')
    details.location = source.location as ErrorDetails['location'];
  return details;
}

const OOM_PATTERNS = [/heap out of memory/i, /ERR_WORKER_OUT_OF_MEMORY/, /out of memory/i];

export function isOutOfMemory(info: ExitInfo): boolean {
  const code = (info.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return true;
  return OOM_PATTERNS.some((pattern) => pattern.test(info.stderr));
}

/** loky's TerminatedWorkerError, with how the worker ended and its last words. */
export function terminatedError(info: ExitInfo, backend: 'process' | 'thread'): WorkerTerminatedError {
  const what = backend === 'process' ? 'A worker process' : 'A worker thread';
  const how = isOutOfMemory(info)
    ? 'ran out of memory'
    : info.signal
      ? `was killed by signal ${info.signal}`
      : info.error
        ? `stopped on an uncaught ${info.error.name}: ${info.error.message}`
        : `exited with code ${info.code}`;
  const lines = [
    `${what} managed by the executor was unexpectedly terminated while running the task: it ${how}. ` +
      `This could be caused by the task calling process.exit, a native crash, an uncaught error outside the ` +
      `task, or excessive memory usage.`,
  ];
  if (info.stderr) lines.push(`Its last output on stderr:\n${info.stderr}`);
  return new WorkerTerminatedError(lines.join('\n'), {
    cause: info.error ?? { code: info.code, signal: info.signal, outOfMemory: isOutOfMemory(info) },
    hint: isOutOfMemory(info)
      ? 'Raise the worker memory limit (execArgv --max-old-space-size, or resourceLimits for threads), ' +
        'or send less data.'
      : 'Look at the worker output above; a task must not end its worker.',
  });
}
