import { TimeoutError } from '../errors';
import { DeadlineWatch } from './deadline-watch';
import type { Task } from './task';
import type { WorkerSet } from './worker-set';
import type { WorkerSlot } from './worker-slot';

/** Tasks with a `timeoutMs`: their clock starts when they are sent; one past its deadline fails and its worker goes. */
export class TaskTimeouts {
  private readonly watch = new DeadlineWatch((now) => this.timeOutDue(now));

  constructor(
    private readonly workers: WorkerSet,
    private readonly timedOut: (task: Task, slot: WorkerSlot, error: TimeoutError) => void,
  ) {}

  started(task: Task): void {
    if (task.options.timeoutMs === undefined) return;
    task.deadline = performance.now() + task.options.timeoutMs;
    this.watch.watch(task.deadline);
  }

  stop(): void {
    this.watch.stop();
  }

  /** Fails the running tasks whose deadline has passed; returns the next deadline. */
  private timeOutDue(now: number): number {
    let next = Infinity;
    for (const slot of this.workers) {
      const task = slot.current;
      if (!task || task.settled || task.deadline === undefined || !slot.isLive) continue;
      // Timers may fire a little before the reading they were armed for.
      if (task.deadline > now + 1) {
        next = Math.min(next, task.deadline);
        continue;
      }
      const timeoutMs = task.options.timeoutMs;
      const error = new TimeoutError(
        `The task did not finish within ${timeoutMs} ms; its worker was killed and will be replaced.`,
        {
          cause: { timeoutMs, workerId: slot.id, pid: slot.handle.pid },
          hint: 'Raise timeoutMs if the task is slow, or look for an endless loop.',
        },
      );
      this.timedOut(task, slot, error);
    }
    return next;
  }
}
