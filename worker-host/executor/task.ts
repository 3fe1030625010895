import type { SerializationProfilerError } from '../errors';
import type { Pickler } from '../picklers/pickler';
import type { ValueWarning } from '../protocol/report';
import { elapsedMs, now } from './clock';
import type { PartialMeasure, TaskOptions, TaskOutcome } from './types';
import type { WorkerSlot } from './worker-slot';

export type AnyFunction = (...args: never[]) => unknown;

/** A submitted task, from its submission until it settles. */
export interface Task {
  id: number;
  fn: AnyFunction;
  args: unknown[];
  pickler: Pickler;
  picklerName: string;
  options: TaskOptions;
  /** Workers spawned before this task was submitted; a worker spawned later was started for the queue. */
  spawnedBefore: number;
  warnings: ValueWarning[];
  measure: PartialMeasure;
  stamps: { submittedAt: bigint; dumpStart?: bigint; sentAt?: bigint };
  settled: boolean;
  /** It may wait in a busy worker behind earlier tasks (see ExecutorOptions.pipelineDepth). */
  mayWaitInWorker: boolean;
  /** The worker it was handed to, once sent. */
  slot?: WorkerSlot;
  /** performance.now() by which it must have finished (tasks with a timeoutMs). */
  deadline?: number;
  resolve(outcome: TaskOutcome<unknown>): void;
  reject(error: SerializationProfilerError): void;
}

/** Forgets a task's attempt on a worker that died before starting it, so that it can be sent again. */
export function resetForRetry(task: Task): void {
  task.slot = undefined;
  task.deadline = undefined;
  task.warnings = [];
  task.measure = { timings: {}, bytes: {} };
  task.stamps = { submittedAt: task.stamps.submittedAt };
}

/** Serializes the task to send it, timing that; what its pickler threw when it cannot. */
export function dumpTask(task: Task): { bytes: Uint8Array } | { error: unknown } {
  const dumpStart = now();
  task.stamps.dumpStart = dumpStart;
  task.measure.queuedMs = elapsedMs(task.stamps.submittedAt, dumpStart);
  let bytes: Uint8Array;
  try {
    bytes = task.pickler.dumps({ fn: task.fn, args: task.args }, { root: 'task', warnings: task.warnings });
  } catch (error) {
    return { error };
  }
  const sentAt = now();
  task.stamps.sentAt = sentAt;
  task.measure.timings.serialize = elapsedMs(dumpStart, sentAt);
  task.measure.bytes.task = bytes.byteLength;
  return { bytes };
}
