import type { WorkerSlot } from './worker-slot';

/** The pool's workers. "Live" ones (not on their way out) are what counts against maxWorkers. */
export class WorkerSet implements Iterable<WorkerSlot> {
  private readonly slots = new Set<WorkerSlot>();

  get size(): number {
    return this.slots.size;
  }

  [Symbol.iterator](): Iterator<WorkerSlot> {
    return this.slots[Symbol.iterator]();
  }

  add(slot: WorkerSlot): void {
    this.slots.add(slot);
  }

  delete(slot: WorkerSlot): void {
    this.slots.delete(slot);
  }

  live(): WorkerSlot[] {
    return [...this.slots].filter((slot) => slot.isLive);
  }

  counts(): { live: number; starting: number } {
    let live = 0;
    let starting = 0;
    for (const slot of this.slots) {
      if (slot.isLive) live++;
      if (slot.state === 'starting') starting++;
    }
    return { live, starting };
  }

  /**
   * The workers to stop: idle ones beyond the pool's size (busy ones stop when their task ends), and starting
   * ones no task waits for; every idle one once the pool is shut down with nothing queued.
   */
  spare(maxWorkers: number, queueEmpty: boolean, shutDown: boolean): WorkerSlot[] {
    let excess = this.counts().live - maxWorkers;
    const allIdle = shutDown && queueEmpty;
    // The common case, a pool within its size and running, needs no list of its workers.
    if (excess <= 0 && !allIdle) return [];
    const spare: WorkerSlot[] = [];
    for (const slot of this.live()) {
      const unneeded = slot.state === 'idle' || (slot.state === 'starting' && queueEmpty);
      if ((excess > 0 && unneeded) || (allIdle && slot.state === 'idle')) {
        spare.push(slot);
        excess--;
      }
    }
    return spare;
  }

  idle(): WorkerSlot | undefined {
    for (const slot of this.slots) if (slot.state === 'idle') return slot;
    return undefined;
  }
}
