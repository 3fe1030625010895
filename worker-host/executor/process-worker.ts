import { fork } from 'node:child_process';
import type { Socket } from 'node:net';
import { distFile } from '../paths';
import { ANSWER_FD, TASK_FD, readMessages, writeMessage, type PayloadDetour } from './frames';
import type { FromWorker, ToWorker } from './messages';
import { guardAgainstOrphaning } from './orphan-guard';
import { OutputTail } from './output-tail';
import type { SpawnOptions, WorkerEvents, WorkerHandle } from './worker-handle';
import { SIDE_FD, SideFile } from './side-file';

/**
 * A child process running dist/worker.js; task and result bytes travel as binary frames over a pipe, a large
 * task's bytes through a shared-memory side file once the child has said it can read it.
 */
export function spawnProcessWorker(options: SpawnOptions, events: WorkerEvents): WorkerHandle {
  const stderr = new OutputTail();
  const stdout = new OutputTail(5);
  const sideFile = SideFile.create();
  const stdio: ('ignore' | 'pipe' | 'ipc' | number)[] = ['ignore', 'pipe', 'pipe', 'pipe', 'ipc', 'ignore', 'pipe'];
  if (sideFile) stdio[SIDE_FD] = sideFile.fd;
  let child;
  try {
    child = fork(distFile('worker.js'), [], {
      stdio,
      env: { ...process.env, ...options.env },
      execArgv: options.execArgv,
    });
  } catch (error) {
    sideFile?.close();
    throw error;
  }
  const guard = guardAgainstOrphaning(child.pid);
  const answers = child.stdio[ANSWER_FD] as Socket;
  const frames = (child.stdio as unknown as Socket[])[TASK_FD] as Socket;
  stderr.follow(child.stderr);
  stdout.follow(child.stdout);
  let detour: PayloadDetour | undefined;
  readMessages<FromWorker>(
    answers,
    (message) => {
      if (message.type === 'ready' && message.sideFile && sideFile)
        detour = (id, bytes) => sideFile.tryWrite(id, bytes);
      if (message.type === 'result' || message.type === 'failure') sideFile?.release(message.id);
      events.onMessage(message);
    },
    undefined,
    (error) => events.onUnreadable(error),
  );
  frames.on('error', () => undefined);
  answers.on('error', () => undefined);
  let ended = false;
  const end = (code: number | null, signal: NodeJS.Signals | null, error?: Error): void => {
    if (ended) return;
    ended = true;
    detour = undefined;
    sideFile?.close();
    guard.release();
    events.onExit({ code, signal, stderr: stderr.text(), ...(error ? { error } : {}) });
  };
  child.on('close', (code, signal) => end(code, signal));
  child.on('error', (error) => {
    if (child.pid === undefined || child.exitCode !== null) end(child.exitCode, child.signalCode, error);
  });

  const handles = [child.stdout, child.stderr, frames, answers] as unknown as (Socket | null)[];
  let held = true;
  const send = (message: ToWorker): void => {
    if (frames.writable) writeMessage(frames, message, detour);
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
