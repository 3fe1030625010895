import { Worker } from 'node:worker_threads';
import { distFile } from '../paths';
import type { FromWorker, ToWorker } from './messages';
import { OutputTail } from './output-tail';
import { ThreadPoster, unpack } from './thread-posting';
import type { SpawnOptions, WorkerEvents, WorkerHandle } from './worker-handle';

/** A worker thread running dist/worker.js; bytes travel as a transferred ArrayBuffer. */
export function spawnThreadWorker(options: SpawnOptions, events: WorkerEvents): WorkerHandle {
  const stderr = new OutputTail();
  const stdout = new OutputTail(5);
  const worker = new Worker(distFile('worker.js'), {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv,
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
  let error: Error | undefined;
  let held = true;
  const poster = new ThreadPoster((value, transfer) => worker.postMessage(value, transfer));
  const receive = (message: FromWorker): void => {
    if (message.type === 'output') (message.stream === 'stderr' ? stderr : stdout).push(message.text);
    else events.onMessage(message);
  };
  worker.on('message', (posted: unknown) => unpack(posted, receive));
  // A message the thread could write but this side cannot read back (V8 writes some graphs it cannot read).
  worker.on('messageerror', (error) => events.onUnreadable(error));
  worker.on('error', (thrown) => {
    error = thrown;
  });
  worker.on('exit', (code) => {
    // Let the last stderr chunks arrive before reporting.
    setImmediate(() => events.onExit({ code, signal: null, stderr: stderr.text(), ...(error ? { error } : {}) }));
  });

  return {
    pid: process.pid,
    threadId: worker.threadId,
    send(message: ToWorker) {
      poster.send(message);
    },
    stop() {
      poster.send({ type: 'stop' } satisfies ToWorker);
    },
    kill() {
      void worker.terminate();
    },
    keepAlive(busy) {
      // A busy pool asks again for every task; each ask is a call into the runtime.
      if (busy === held) return;
      held = busy;
      if (busy) worker.ref();
      else worker.unref();
    },
  };
}
