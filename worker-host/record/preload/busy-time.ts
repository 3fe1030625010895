import { now } from './clock';
import { lazyPerformance } from './lazy-modules';

/**
 * How long this thread worked per reply: the time since the previous measured reply less what the thread spent
 * idle (waiting for events, or blocked in `Atomics.wait` as piscina's idle workers are) and less the recorder's
 * own measuring, shared among the replies sent in that time. For a pool worker that is the task's receive and run
 * time, what a reply cost is set against. Only measured replies read the clocks: the others are counted.
 */
export class BusyTime {
  private lastReplyAt: number | undefined;
  private idleAtLastReply = 0;
  private blockedMs = 0;
  private recorderMs = 0;
  private repliesSince = 0;

  noteBlocked(ms: number): void {
    this.blockedMs += ms;
  }

  noteRecorderWork(ms: number): void {
    this.recorderMs += ms;
  }

  /** A reply that is not measured: its share of the busy time is read with the next measured one. */
  replied(): void {
    this.repliesSince++;
  }

  /**
   * A measured reply: the busy milliseconds per reply since the previous measured one (undefined for the first),
   * then starts counting afresh.
   */
  measuredReply(): number | undefined {
    const at = now();
    const idle = lazyPerformance().eventLoopUtilization().idle;
    const previous = this.lastReplyAt;
    const replies = this.repliesSince + 1;
    const busy =
      previous === undefined
        ? undefined
        : (at - previous - (idle - this.idleAtLastReply) - this.blockedMs - this.recorderMs) / replies;
    this.lastReplyAt = at;
    this.idleAtLastReply = idle;
    this.blockedMs = 0;
    this.recorderMs = 0;
    this.repliesSince = 0;
    return busy === undefined ? undefined : Math.max(0, busy);
  }
}
