import { isMainThread } from 'node:worker_threads';
import type { Recorder } from './recorder';
import { now } from './clock';
import { askToWrite } from './flush-on-terminate';
import { blockUntilWritten, holdsPending } from './pending-marks';

/** A worker idle in `Atomics.wait` this long writes what it has (it may be terminated while it waits). */
const IDLE_WAIT_FLUSH_MS = 5;

/**
 * Makes sure what was recorded reaches the event file however the thread ends: at exit, on a terminating
 * signal (then the signal's own effect follows as before), and before a worker blocks in `Atomics.wait`
 * for long (piscina's idle workers do, and are then ended without running another line).
 */
export function installFlushPoints(recorder: Recorder): void {
  process.on('exit', (code) => recorder.finish(typeof code === 'number' ? code : Number(process.exitCode ?? 0)));
  if (isMainThread) {
    waitForWorkersAtExit();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const onSignal = (): void => {
        recorder.flush();
        if (process.listenerCount(signal) === 1) {
          process.removeListener(signal, onSignal);
          process.kill(process.pid, signal);
        }
      };
      process.on(signal, onSignal);
    }
  } else {
    flushBeforeLongWaits(recorder);
  }
}

/** How long the main thread, exiting, lets worker threads that hold unwritten data write it. */
const WORKERS_AT_EXIT_MS = 30;

/**
 * Worker threads end with the process, wherever they are: those holding data not yet written are asked to
 * write it and get a moment to do so; with nothing pending the process exits at once.
 */
function waitForWorkersAtExit(): void {
  const live = new Set<number>();
  process.on('worker', (worker) => {
    const id = worker.threadId;
    live.add(id);
    worker.once('exit', () => live.delete(id));
  });
  process.on('exit', () => {
    const pending = [...live].filter(holdsPending);
    if (pending.length === 0) return;
    for (const id of pending) askToWrite(id);
    const deadline = now() + WORKERS_AT_EXIT_MS;
    for (const id of pending) blockUntilWritten(id, deadline);
  });
}

function flushBeforeLongWaits(recorder: Recorder): void {
  const wait = Atomics.wait;
  Atomics.wait = function flushingWait(
    array: Int32Array | BigInt64Array,
    index: number,
    value: never,
    timeout?: number,
  ) {
    const started = now();
    try {
      return waitFlushing(array, index, value, timeout);
    } finally {
      recorder.busy.noteBlocked(now() - started);
    }
  } as typeof Atomics.wait;
  function waitFlushing(
    array: Int32Array | BigInt64Array,
    index: number,
    value: never,
    timeout?: number,
  ): ReturnType<typeof Atomics.wait> {
    const limit = timeout === undefined ? Infinity : Number(timeout);
    if (!(limit > IDLE_WAIT_FLUSH_MS) || !recorder.dirty) return wait(array as Int32Array, index, value, timeout);
    const first = wait(array as Int32Array, index, value, IDLE_WAIT_FLUSH_MS);
    if (first !== 'timed-out') return first;
    recorder.flush();
    return wait(array as Int32Array, index, value, limit === Infinity ? undefined : limit - IDLE_WAIT_FLUSH_MS);
  }
}
