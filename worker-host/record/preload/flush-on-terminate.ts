import { BroadcastChannel, isMainThread, threadId, Worker } from 'node:worker_threads';
import type { Recorder } from './recorder';
import { holdsPending, whenWritten } from './pending-marks';

const CHANNEL = 'serial-profile.recorder.flush';
/** How long `worker.terminate()` waits for a worker's recorder that holds unwritten data to write it. */
const TERMINATE_WAITS_MS = 30;

let requests: BroadcastChannel | undefined;
const post = BroadcastChannel.prototype.postMessage;

/** Asks worker `thread` to write what its recorder holds (it does at its next turn of the event loop). */
export function askToWrite(thread: number): void {
  if (requests) post.call(requests, thread);
}

/**
 * `worker.terminate()` ends a thread without running another line of it, so when the thread's recorder holds
 * data it has not written, terminate first asks it to write and waits a little for that (a thread blocked in
 * `Atomics.wait` writes on its own after a moment). A thread with nothing pending is terminated at once.
 */
export function flushWorkersBeforeTerminate(recorder: Recorder): void {
  requests = new BroadcastChannel(CHANNEL);
  requests.unref();
  if (!isMainThread) {
    requests.onmessage = (event) => {
      if ((event as MessageEvent).data === threadId) recorder.flush();
    };
  }
  const terminate = Worker.prototype.terminate;
  Worker.prototype.terminate = function flushThenTerminate(this: Worker, ...args: unknown[]) {
    const id = this.threadId;
    if (id < 0 || !holdsPending(id)) return Reflect.apply(terminate, this, args) as Promise<number>;
    askToWrite(id);
    return whenWritten(id, TERMINATE_WAITS_MS).then(() => Reflect.apply(terminate, this, args) as Promise<number>);
  };
}
