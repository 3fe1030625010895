import type { PartialMeasure } from './executor/types';
import type { ErrorKind, SourceLocation } from './protocol/report';

export interface ErrorDetails {
  cause?: unknown;
  /** The message without what has a field here (path, location, hint): the message itself when not given. */
  summary?: string;
  /** The value that failed: `fn`, `args[1].handlers[0]`, `result.cache`. */
  path?: string;
  /** Where the function, class or value involved is defined. */
  location?: SourceLocation;
  /** What to do about it. */
  hint?: string;
  /** The failing value's type as a reader would name it: `function funcAsync`, `Socket`, `Map`. */
  valueType?: string;
}

/** Base of every error the executor rejects a task with; `kind` says where the task broke. */
export class SerializationProfilerError extends Error {
  readonly kind: ErrorKind;
  /** The message said once, without the path, location, hint or generic advice (each has a field). */
  readonly summary: string;
  readonly path?: string;
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly valueType?: string;
  /** What the executor measured of the task before it failed (its phases so far, its bytes). */
  partial?: PartialMeasure;

  constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.summary = details.summary ?? message;
    if (details.path !== undefined) this.path = details.path;
    if (details.location !== undefined) this.location = details.location;
    if (details.hint !== undefined) this.hint = details.hint;
    if (details.valueType !== undefined) this.valueType = details.valueType;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

function errorClass(kind: ErrorKind) {
  return class extends SerializationProfilerError {
    constructor(message: string, details?: ErrorDetails) {
      super(kind, message, details);
    }
  };
}

/** Parent: the function or arguments could not be serialized (loky: `PicklingError: Could not pickle the task`). */
export class TaskSerializeError extends errorClass('task-serialize') {}
/** Worker: the task's bytes could not be loaded (loky: `BrokenProcessPool: A task has failed to un-serialize`). */
export class TaskDeserializeError extends errorClass('task-deserialize') {}
/** Worker: the function threw; `cause` is the original error with its stack. */
export class RunError extends errorClass('run') {}
/** Worker: the return value could not be serialized. */
export class ResultSerializeError extends errorClass('result-serialize') {}
/** Parent: the result's bytes could not be loaded (loky: `A result has failed to un-serialize`). */
export class ResultDeserializeError extends errorClass('result-deserialize') {}
/** The worker died: exit code, signal, out of memory (loky: `TerminatedWorkerError`). */
export class WorkerTerminatedError extends errorClass('worker-terminated') {}
export class TimeoutError extends errorClass('timeout') {}
export class CancelledError extends errorClass('cancelled') {}
/** The executor was shut down or replaced while the task waited or ran (loky: `ShutdownExecutorError`). */
export class ShutdownError extends errorClass('shutdown') {}
/** What a mode needs is not installed for the interpreter (the dask mode without dask.distributed). */
export class MissingDependencyError extends errorClass('missing-dependency') {}
/** What a mode runs on cannot be reached (the dask mode's scheduler). */
export class UnreachableError extends errorClass('unreachable') {}

export const ERROR_CLASSES = {
  'task-serialize': TaskSerializeError,
  'task-deserialize': TaskDeserializeError,
  run: RunError,
  'result-serialize': ResultSerializeError,
  'result-deserialize': ResultDeserializeError,
  'worker-terminated': WorkerTerminatedError,
  timeout: TimeoutError,
  cancelled: CancelledError,
  shutdown: ShutdownError,
  'missing-dependency': MissingDependencyError,
  unreachable: UnreachableError,
} as const satisfies Record<ErrorKind, new (message: string, details?: ErrorDetails) => SerializationProfilerError>;

/**
 * What a pickler throws from `dumps` or `loads`. It does not know whether it ran in the parent or the worker,
 * on the task or the result; the executor turns it into the error class of the place it broke.
 */
export class PickleError extends Error {
  /** The message said once, without the path, location or hint (each has a field). */
  readonly summary: string;
  readonly path?: string;
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly valueType?: string;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'PickleError';
    this.summary = details.summary ?? message;
    if (details.path !== undefined) this.path = details.path;
    if (details.location !== undefined) this.location = details.location;
    if (details.hint !== undefined) this.hint = details.hint;
    if (details.valueType !== undefined) this.valueType = details.valueType;
  }
}
