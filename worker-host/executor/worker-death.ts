import type { Task } from './task';
import type { WorkerSlot } from './worker-slot';

/**
 * What happens to the tasks of a worker that died, so that no task ever runs twice (loky's rule: a task
 * already handed to a worker that died fails). A worker runs its tasks one at a time, in order, and starts a
 * task sent ahead only once its answer to the one before has left it (worker-main.ts); the parent reads every
 * answer the worker sent before it learns of the death. So of the tasks still unanswered, the first may have
 * run, wholly or partly, and fails; the others provably never started, and run on another worker.
 */
export function tasksOfDeadWorker(slot: WorkerSlot): { mayHaveRun: Task | undefined; neverStarted: Task[] } {
  const [mayHaveRun, ...neverStarted] = slot.tasks.splice(0);
  return { mayHaveRun, neverStarted: neverStarted.filter((task) => !task.settled) };
}
