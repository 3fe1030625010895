import { getEnvironmentData, isMainThread, setEnvironmentData, threadId } from 'node:worker_threads';
import { now } from './clock';

const KEY = 'serial-profile.recorder.pending';
const SLOTS = 1024;

/**
 * Which worker threads of this process hold recorded data not written yet, in memory every thread shares:
 * a thread adds 1 to its slot (thread id modulo SLOTS) when it starts holding data and takes it away when it
 * writes. Two threads that share a slot only make the other side wait when it need not; a zero is always true.
 * The memory goes to every thread through Node's environment data, which new workers receive as they start.
 */
function sharedMarks(): Int32Array {
  const known = getEnvironmentData(KEY);
  if (known instanceof Int32Array) return known;
  const marks = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  setEnvironmentData(KEY, marks);
  return marks;
}

const marks = sharedMarks();
const slotOf = (thread: number): number => thread % SLOTS;

/** This thread's mark (a main thread is never waited for: nothing ends it from outside). */
export class PendingMark {
  private held = false;
  private readonly slot = slotOf(threadId);

  hold(): void {
    if (this.held || isMainThread) return;
    this.held = true;
    Atomics.add(marks, this.slot, 1);
  }

  written(): void {
    if (!this.held) return;
    this.held = false;
    Atomics.sub(marks, this.slot, 1);
    Atomics.notify(marks, this.slot);
  }
}

export function holdsPending(thread: number): boolean {
  return Atomics.load(marks, slotOf(thread)) !== 0;
}

// ES2023's lib (the project's) does not declare Atomics.waitAsync, which Node has had since 16.
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Resolves once `thread` has written what it held, or after `ms`. */
export async function whenWritten(thread: number, ms: number): Promise<void> {
  const slot = slotOf(thread);
  const deadline = now() + ms;
  // Atomics.waitAsync holds no handle: without this timer a program with nothing else pending (a pool that
  // unrefs its workers, awaiting their termination) would end before the wait does, its promise never settled.
  const keepAlive = setTimeout(() => undefined, ms + 1);
  try {
    for (;;) {
      const value = Atomics.load(marks, slot);
      const left = deadline - now();
      if (value === 0 || left <= 0) return;
      const waited = waitAsync(marks, slot, value, left);
      if (waited.async) await waited.value;
    }
  } finally {
    clearTimeout(keepAlive);
  }
}

/** Blocks (at exit) until `thread` has written what it held, or until `deadline` on the `now()` clock. */
export function blockUntilWritten(thread: number, deadline: number): void {
  const slot = slotOf(thread);
  for (;;) {
    const value = Atomics.load(marks, slot);
    const left = deadline - now();
    if (value === 0 || left <= 0) return;
    Atomics.wait(marks, slot, value, left);
  }
}
