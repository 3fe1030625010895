/**
 * A module thread: a worker thread of the worker host that loads one user file, evaluates the arguments and
 * profiles, so that the values it sends are built in an isolate where no other version of that file ran
 * (V8 shares object shapes isolate-wide; see ./module-threads.ts).
 */
import { parentPort } from 'node:worker_threads';
import { resolve } from 'node:path';
import { installUserCodeLoader } from '../loader/install';
import { loadedAnotherVersion } from '../loader/module-version';
import { profile } from '../profiler/profile';
import { failureOf, isCancellation } from './failure';
import type { FromModuleThread, ToModuleThread } from './thread-messages';

const port = parentPort;
if (!port) throw new Error('dist/module-thread.js runs as a worker thread of the worker host.');
const running = new Map<number, AbortController>();

function post(message: FromModuleThread): void {
  port?.postMessage(message);
}

async function run(id: number, request: Extract<ToModuleThread, { type: 'profile' }>['request']): Promise<void> {
  if (loadedAnotherVersion(resolve(request.file))) return post({ type: 'stale', id });
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const report = await profile(request, {
      signal: controller.signal,
      onProgress: (progress) => post({ type: 'progress', id, progress }),
    });
    post({ type: 'report', id, report });
  } catch (error) {
    post({ type: 'failure', id, failure: failureOf(error, controller.signal.aborted || isCancellation(error)) });
  } finally {
    running.delete(id);
  }
}

/**
 * What every load pays first, done ahead while the host is idle: the thread's start and the loader's hooks. It
 * runs only our code, as the CLI does before it loads a user file, so the isolate stays as fresh. esbuild is left
 * to the first TypeScript file: its service would be a process of the host's that no profile asked for.
 */
async function warm(): Promise<void> {
  installUserCodeLoader();
  const empty: string = 'data:text/javascript,export default 0';
  await import(empty);
  post({ type: 'warm' });
}

port.on('message', (message: ToModuleThread) => {
  if (message.type === 'profile') void run(message.id, message.request);
  else if (message.type === 'warm') void warm();
  else running.get(message.id)?.abort();
});
