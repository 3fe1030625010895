import type { ResolvedOptions } from './options';
import type { WorkerSlot } from './worker-slot';

/** Whether the pool replaces workers after a number of tasks or on memory growth. */
export function recyclesWorkers(options: ResolvedOptions): boolean {
  return options.maxTasksPerWorker !== Infinity || options.maxMemoryGrowthMb !== Infinity;
}

/** Whether a worker that just finished its tasks is due for replacement, given its memory now. */
export function isDueForRecycling(slot: WorkerSlot, memoryBytes: number, options: ResolvedOptions): boolean {
  const grownMb = (memoryBytes - slot.baselineMemory) / (1024 * 1024);
  return slot.tasksRun >= options.maxTasksPerWorker || grownMb > options.maxMemoryGrowthMb;
}
