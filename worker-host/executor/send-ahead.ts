import type { ResolvedOptions } from './options';
import { recyclesWorkers } from './recycling';
import type { Task } from './task';
import type { WorkerSet } from './worker-set';
import type { WorkerSlot } from './worker-slot';

/** A worker whose last task ran under this long may be sent further tasks ahead of time. */
const SHORT_TASK_MS = 1;

/**
 * The busy worker to send `task` ahead to, so that it goes from one task to the next without waiting for the
 * parent; undefined when the task should wait in the pool for an idle worker. Only when the pool is at its full
 * size with no worker starting, and neither the task nor the worker's current one has a timeout or signal;
 * never in a pool that recycles workers (a task sent ahead would miss the count). A worker is topped up once
 * half of its pipeline has drained, and then filled (`filling`, the worker the last task went to) up to the
 * full depth: the tasks of one top-up travel together in one message, one wake-up of the worker for several.
 */
export function workerToSendAhead(
  workers: WorkerSet,
  task: Task,
  options: ResolvedOptions,
  filling?: WorkerSlot,
): WorkerSlot | undefined {
  if (!task.mayWaitInWorker || options.pipelineDepth < 2 || recyclesWorkers(options)) return undefined;
  const refillAt = Math.max(1, options.pipelineDepth >> 1);
  let live = 0;
  let best: WorkerSlot | undefined;
  for (const slot of workers) {
    if (slot.state === 'starting') return undefined;
    if (!slot.isLive) continue;
    live++;
    if (slot.state !== 'busy' || slot.lastRunMs >= SHORT_TASK_MS || slot.tasks.length >= options.pipelineDepth)
      continue;
    if (!slot.current?.mayWaitInWorker || (slot !== filling && slot.tasks.length > refillAt)) continue;
    if (!best || (best !== filling && (slot === filling || slot.tasks.length < best.tasks.length))) best = slot;
  }
  return live === options.maxWorkers ? best : undefined;
}
