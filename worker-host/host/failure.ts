import { CancelledError } from '../errors';
import { PythonRunCancelledError } from '../python/bridge-errors';
import type { HostFailure } from '../protocol/host-messages';
import { ProfileInputError } from '../protocol/input-problem';

/** A failure already described as data (by a module thread), passed on as it is. */
export class HostFailureError extends Error {
  constructor(readonly failure: HostFailure) {
    super(failure.message);
    this.name = 'HostFailureError';
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof CancelledError || error instanceof PythonRunCancelledError;
}

export function failureOf(error: unknown, wasCancelled: boolean): HostFailure {
  if (wasCancelled) return { reason: 'cancelled', message: 'Profiling was cancelled.' };
  if (error instanceof HostFailureError) return error.failure;
  if (error instanceof ProfileInputError)
    return { reason: 'input', message: error.message, problem: error.toProblem() };
  const err = error instanceof Error ? error : new Error(String(error));
  return { reason: 'internal', message: err.message, ...(err.stack !== undefined && { stack: err.stack }) };
}
