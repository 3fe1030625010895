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

  idle(): WorkerSlot | undefined {
    for (const slot of this.slots) if (slot.state === 'idle') return slot;
    return undefined;
  }
}
