import { fork } from 'node:child_process';
import type { Socket } from 'node:net';
import { distFile } from '../paths';
import type { ToWorker } from './messages';
import { OutputTail } from './output-tail';
import type { SpawnOptions, WorkerEvents, WorkerHandle } from './worker-handle';

/** A child process running dist/worker.js; bytes travel over the IPC channel with V8 serialization. */
export function spawnProcessWorker(options: SpawnOptions, events: WorkerEvents): WorkerHandle {
  const stderr = new OutputTail();
  const stdout = new OutputTail(5);
  const child = fork(distFile('worker.js'), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv,
  });
  stderr.follow(child.stderr);
  stdout.follow(child.stdout);
  let ended = false;
  const end = (code: number | null, signal: NodeJS.Signals | null, error?: Error): void => {
    if (ended) return;
    ended = true;
    events.onExit({ code, signal, stderr: stderr.text(), ...(error ? { error } : {}) });
  };
  child.on('message', (message) => events.onMessage(message as Parameters<WorkerEvents['onMessage']>[0]));
  child.on('close', (code, signal) => end(code, signal));
  child.on('error', (error) => {
    if (child.pid === undefined || child.exitCode !== null) end(child.exitCode, child.signalCode, error);
  });

  const streams = [child.stdout, child.stderr] as unknown as (Socket | null)[];
  return {
    pid: child.pid ?? -1,
    send(message: ToWorker) {
      if (child.connected) child.send(message);
    },
    stop() {
      if (child.connected) child.send({ type: 'stop' } satisfies ToWorker);
      else child.kill('SIGKILL');
    },
    kill() {
      child.kill('SIGKILL');
    },
    keepAlive(busy) {
      const method = busy ? 'ref' : 'unref';
      child[method]();
      child.channel?.[method]();
      for (const stream of streams) stream?.[method]?.();
    },
  };
}
