import { ResultDeserializeError, type SerializationProfilerError } from '../errors';
import { elapsedMs, now } from './clock';
import { definitionOf } from './definition';
import type { FailureMessage, ResultMessage } from './messages';
import { waitedInWorkerMs, workerPhases } from './phases';
import { rebuildError } from './remote-error';
import { userLocationFromStack } from './stack-location';
import type { Task } from './task';
import { taskError } from './task-errors';
import { isThenable } from './thenable';
import type { TaskOutcome } from './types';
import type { WorkerSlot } from './worker-slot';

/**
 * Turns a worker's answer into the task's outcome or error. `done` is called once, in this turn for the
 * built-in picklers (only a custom pickler's loads may be asynchronous).
 */
export function readResult(
  task: Task,
  slot: WorkerSlot,
  message: ResultMessage,
  done: (outcome: TaskOutcome<unknown>) => void,
  failed: (error: SerializationProfilerError) => void,
): void {
  const receivedAt = now();
  Object.assign(task.measure.timings, workerPhases(task.stamps.sentAt as bigint, message.stamps, receivedAt));
  const waitedMs = waitedInWorkerMs(message.stamps);
  task.measure.bytes.result = message.bytes.byteLength;
  if (message.warnings.length > 0) task.warnings.push(...message.warnings);
  const loadFailed = (error: unknown): void => failed(taskError('result-deserialize', error, task.picklerName));
  const loaded = (value: unknown): void => {
    const loadedAt = now();
    const t = task.measure.timings;
    t.resultDeserialize = elapsedMs(receivedAt, loadedAt);
    t.total = elapsedMs(task.stamps.dumpStart as bigint, loadedAt) - waitedMs;
    done({
      value,
      timings: t as TaskOutcome<unknown>['timings'],
      bytes: task.measure.bytes as TaskOutcome<unknown>['bytes'],
      warnings: task.warnings,
      workerId: slot.id,
      pid: slot.handle.pid,
      ...(slot.handle.threadId === undefined ? {} : { threadId: slot.handle.threadId }),
      workerStarted: task.measure.workerStarted ?? false,
      queuedMs: (task.measure.queuedMs ?? 0) + waitedMs,
      pickler: task.picklerName,
    });
  };
  let value: unknown;
  try {
    value = task.pickler.loads(message.bytes, { root: 'result', warnings: task.warnings });
  } catch (error) {
    loadFailed(error);
    return;
  }
  if (isThenable(value)) Promise.resolve(value).then(loaded, loadFailed);
  else loaded(value);
}

/** The error for a task the worker reports as failed, pointing at the user's code where it can. */
export function failureOf(task: Task, message: FailureMessage): SerializationProfilerError {
  Object.assign(task.measure.timings, workerPhases(task.stamps.sentAt as bigint, message.stamps));
  task.measure.queuedMs = (task.measure.queuedMs ?? 0) + waitedInWorkerMs(message.stamps);
  let cause: Error;
  try {
    cause = rebuildError(message.error);
    if (message.kind === 'run' && !message.error.location) {
      // The user's frame in the stack, else (code shipped by value runs as evaluated code) the function's definition.
      const location = userLocationFromStack(cause.stack) ?? definitionOf(task.fn);
      if (location) Object.assign(cause, { location });
    }
  } catch (error) {
    return unreadableAnswer(task, error);
  }
  return taskError(message.kind, cause, task.picklerName);
}

/** The error for a task whose answer arrived but could not be read back. */
export function unreadableAnswer(task: Task, error: unknown): SerializationProfilerError {
  return new ResultDeserializeError(
    `The worker answered the task, but its answer could not be read back (pickler '${task.picklerName}'): ` +
      String(error),
    {
      cause: error,
      hint: 'The task threw or returned a value that cannot be carried back, such as an error that is its own cause.',
    },
  );
}
