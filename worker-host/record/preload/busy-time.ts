import { now } from './clock';
import { lazyPerformance } from './lazy-modules';

/**
 * How long this thread worked between two of its replies: the time between them less what it spent idle
 * (waiting for events, or blocked in `Atomics.wait` as piscina's idle workers are) and less the recorder's
 * own measuring. For a pool worker that is the task's receive and run time, what a reply cost is set against.
 */
export class BusyTime {
  private lastReplyAt: number | undefined;
  private idleAtLastReply = 0;
  private blockedMs = 0;
  private recorderMs = 0;

  noteBlocked(ms: number): void {
    this.blockedMs += ms;
  }

  noteRecorderWork(ms: number): void {
    this.recorderMs += ms;
  }

  /** Busy milliseconds since the previous reply (undefined for the first), then starts counting afresh. */
  reply(): number | undefined {
    const at = now();
    const idle = lazyPerformance().eventLoopUtilization().idle;
    const previous = this.lastReplyAt;
    const busy =
      previous === undefined
        ? undefined
        : at - previous - (idle - this.idleAtLastReply) - this.blockedMs - this.recorderMs;
    this.lastReplyAt = at;
    this.idleAtLastReply = idle;
    this.blockedMs = 0;
    this.recorderMs = 0;
    return busy === undefined ? undefined : Math.max(0, busy);
  }
}
