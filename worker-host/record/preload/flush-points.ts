import { isMainThread } from 'node:worker_threads';
import type { Recorder } from './recorder';
import { now } from './clock';

/** A worker idle in `Atomics.wait` this long writes what it has (it may be terminated while it waits). */
const IDLE_WAIT_FLUSH_MS = 20;

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

/** How long the main thread, exiting, lets its worker threads finish a send and write what they have. */
const WORKERS_AT_EXIT_MS = 30;

/** Worker threads end with the process, wherever they are: before that, they get a moment to write. */
function waitForWorkersAtExit(): void {
  let live = 0;
  process.on('worker', (worker) => {
    live++;
    worker.once('exit', () => live--);
  });
  process.on('exit', () => {
    if (live > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, WORKERS_AT_EXIT_MS);
  });
}

function flushBeforeLongWaits(recorder: Recorder): void {
  const wait = Atomics.wait;
  Atomics.wait = function flushingWait(array: Int32Array | BigInt64Array, index: number, value: never, timeout?: number) {
    const started = now();
    try {
      return waitFlushing(array, index, value, timeout);
    } finally {
      recorder.busy.noteBlocked(now() - started);
    }
  } as typeof Atomics.wait;
  function waitFlushing(array: Int32Array | BigInt64Array, index: number, value: never, timeout?: number): ReturnType<typeof Atomics.wait> {
    const limit = timeout === undefined ? Infinity : Number(timeout);
    if (!(limit > IDLE_WAIT_FLUSH_MS) || !recorder.dirty) return wait(array as Int32Array, index, value, timeout);
    const first = wait(array as Int32Array, index, value, IDLE_WAIT_FLUSH_MS);
    if (first !== 'timed-out') return first;
    recorder.flush();
    return wait(array as Int32Array, index, value, limit === Infinity ? undefined : limit - IDLE_WAIT_FLUSH_MS);
  }
}
