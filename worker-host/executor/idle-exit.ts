/**
 * Ends a worker once it has been idle for `timeoutMs` (never when that is Infinity). The timer is not re-armed
 * for every task (that costs more than a short task): when it fires early, it waits for the rest of the
 * current idle stretch.
 */
export class IdleExit {
  private timer: NodeJS.Timeout | undefined;
  private idleSince = 0;

  constructor(
    private readonly timeoutMs: () => number,
    private readonly isIdle: () => boolean,
    private readonly expire: () => void,
  ) {}

  becameIdle(): void {
    this.idleSince = performance.now();
    if (!this.timer) this.arm(this.timeoutMs());
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delayMs: number): void {
    if (delayMs === Infinity) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const idleMs = this.isIdle() ? performance.now() - this.idleSince : 0;
        if (this.isIdle() && idleMs >= this.timeoutMs()) this.expire();
        else this.arm(this.timeoutMs() - idleMs);
      },
      Math.max(delayMs, 1),
    );
    this.timer.unref();
  }
}
