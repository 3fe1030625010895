import { fork } from 'node:child_process';
import type { Socket } from 'node:net';
import { distFile } from '../paths';
import { FRAME_FD, readMessages, writeMessage } from './frames';
import type { FromWorker, ToWorker } from './messages';
import { OutputTail } from './output-tail';
import type { SpawnOptions, WorkerEvents, WorkerHandle } from './worker-handle';

/** A child process running dist/worker.js; task and result bytes travel as binary frames over a pipe. */
export function spawnProcessWorker(options: SpawnOptions, events: WorkerEvents): WorkerHandle {
  const stderr = new OutputTail();
  const stdout = new OutputTail(5);
  const child = fork(distFile('worker.js'), [], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv,
  });
  const frames = child.stdio[FRAME_FD] as Socket;
  stderr.follow(child.stderr);
  stdout.follow(child.stdout);
  readMessages<FromWorker>(frames, (message) => events.onMessage(message));
  frames.on('error', () => undefined);
  let ended = false;
  const end = (code: number | null, signal: NodeJS.Signals | null, error?: Error): void => {
    if (ended) return;
    ended = true;
    events.onExit({ code, signal, stderr: stderr.text(), ...(error ? { error } : {}) });
  };
  child.on('close', (code, signal) => end(code, signal));
  child.on('error', (error) => {
    if (child.pid === undefined || child.exitCode !== null) end(child.exitCode, child.signalCode, error);
  });

  const handles = [child.stdout, child.stderr, frames] as unknown as (Socket | null)[];
  let held = true;
  const send = (message: ToWorker): void => {
    if (frames.writable) writeMessage(frames, message);
  };
  return {
    pid: child.pid ?? -1,
    send,
    stop() {
      if (frames.writable) send({ type: 'stop' });
      else child.kill('SIGKILL');
    },
    kill() {
      child.kill('SIGKILL');
    },
    keepAlive(busy) {
      // A busy pool asks again for every task; each ask touches four handles.
      if (busy === held) return;
      held = busy;
      const method = busy ? 'ref' : 'unref';
      child[method]();
      child.channel?.[method]();
      for (const handle of handles) handle?.[method]?.();
    },
  };
}
