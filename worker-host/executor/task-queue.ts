import type { Task } from './task';

/** The tasks waiting for a worker, first come first served; tasks that must run again go to the front. */
export class TaskQueue {
  private tasks: Task[] = [];

  get length(): number {
    return this.tasks.length;
  }

  peek(): Task | undefined {
    return this.tasks[0];
  }

  push(task: Task): void {
    this.tasks.push(task);
  }

  shift(): Task | undefined {
    return this.tasks.shift();
  }

  /** Puts tasks back at the front, in their order, ahead of everything waiting. */
  putBack(tasks: Task[]): void {
    if (tasks.length > 0) this.tasks.unshift(...tasks);
  }

  /** Takes `task` out of the queue; false when it was not waiting there. */
  remove(task: Task): boolean {
    const at = this.tasks.indexOf(task);
    if (at < 0) return false;
    this.tasks.splice(at, 1);
    return true;
  }

  /** Empties the queue, returning what waited. */
  takeAll(): Task[] {
    const all = this.tasks;
    this.tasks = [];
    return all;
  }
}
