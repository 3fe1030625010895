import { BroadcastChannel, isMainThread, threadId, Worker } from 'node:worker_threads';
import type { Recorder } from './recorder';

const CHANNEL = 'serial-profile.recorder.flush';
/** How long `worker.terminate()` waits for the worker's recorder to write what it has. */
const TERMINATE_WAITS_MS = 30;

/**
 * `worker.terminate()` ends a thread without running another line of it, so first it asks the thread's
 * recorder to write what it has (and waits a little for the answer). The program sees terminate as before.
 */
export function flushWorkersBeforeTerminate(recorder: Recorder): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  const post = BroadcastChannel.prototype.postMessage;
  if (!isMainThread) {
    channel.onmessage = (event) => {
      if ((event as MessageEvent).data !== threadId) return;
      recorder.flush();
      post.call(channel, { flushed: threadId });
    };
  }
  const waiting = new Map<number, () => void>();
  const answers = new BroadcastChannel(CHANNEL);
  answers.unref();
  answers.onmessage = (event) => {
    const data = (event as MessageEvent).data as { flushed?: number };
    if (typeof data?.flushed === 'number') waiting.get(data.flushed)?.();
  };
  const terminate = Worker.prototype.terminate;
  Worker.prototype.terminate = function flushThenTerminate(this: Worker, ...args: unknown[]) {
    const id = this.threadId;
    if (id < 0) return Reflect.apply(terminate, this, args) as Promise<number>;
    const flushed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, TERMINATE_WAITS_MS);
      waiting.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      post.call(channel, id);
    });
    return flushed.then(() => {
      waiting.delete(id);
      return Reflect.apply(terminate, this, args) as Promise<number>;
    });
  };
}
