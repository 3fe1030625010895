import { elapsedMs } from './clock';
import type { WorkerStamps } from './messages';
import type { TaskTimings } from './types';

/**
 * The phases between the parent's send and its receipt of the answer, from the worker's timestamps:
 * transfer = worker receive − parent send, and so on, so that with serialize and resultDeserialize
 * measured in the parent the seven phases add up to the total by construction. A task sent ahead waits in
 * the worker from its receipt to its start; that wait (waitedInWorkerMs) is queue time, in no phase.
 */
export function workerPhases(
  parentSentAt: bigint,
  stamps: WorkerStamps,
  parentReceivedAt?: bigint,
): Partial<TaskTimings> {
  const phases: Partial<TaskTimings> = { transfer: elapsedMs(parentSentAt, stamps.receivedAt) };
  if (stamps.loadedAt === undefined) return phases;
  phases.deserialize = elapsedMs(stamps.startedAt, stamps.loadedAt);
  if (stamps.ranAt === undefined) return phases;
  phases.run = elapsedMs(stamps.loadedAt, stamps.ranAt);
  if (stamps.sentAt === undefined) return phases;
  phases.resultSerialize = elapsedMs(stamps.ranAt, stamps.sentAt);
  if (parentReceivedAt !== undefined) phases.resultTransfer = elapsedMs(stamps.sentAt, parentReceivedAt);
  return phases;
}

/** How long a task sent ahead waited in its worker behind earlier tasks. */
export function waitedInWorkerMs(stamps: WorkerStamps): number {
  return elapsedMs(stamps.receivedAt, stamps.startedAt);
}
