/**
 * One timer for all the deadlines of a pool's running tasks. A timer armed and cleared for every task costs
 * more than a short task's own bookkeeping; this one is re-armed only when a deadline comes sooner than the
 * one it waits for, and when it fires, for the next deadline still pending.
 */
export class DeadlineWatch {
  private timer: NodeJS.Timeout | undefined;
  private firesAt = Infinity;

  /** `onDue(now)` handles the deadlines that have passed and returns the next one (Infinity for none). */
  constructor(private readonly onDue: (now: number) => number) {}

  /** Makes sure the watch wakes by `deadline` (a performance.now() reading). */
  watch(deadline: number): void {
    if (deadline < this.firesAt) this.arm(deadline);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.firesAt = Infinity;
  }

  private arm(deadline: number): void {
    this.stop();
    this.firesAt = deadline;
    this.timer = setTimeout(() => this.fire(), Math.max(0, deadline - performance.now()));
    // Running tasks keep the process alive through their workers; the watch alone never does.
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.firesAt = Infinity;
    const next = this.onDue(performance.now());
    if (next < Infinity) this.arm(next);
  }
}
