/**
 * The worker host: a plain Node process the extension forks and supervises. It answers typed requests
 * (worker-host/protocol/host-messages.ts) over the IPC channel and runs every piece of user code, through the
 * profiler's worker pools, outside the editor's extension host.
 */
import { readFile } from 'node:fs/promises';
import { isPythonFile } from '../../shared/languages';
import { formatMarkdown } from '../cli/format-markdown';
import { findPythonFunctions } from '../python/functions';
import { wrapNonPicklableEdit } from '../python/wrap-fix';
import { checkArgs } from './check-args';
import { withPythonSpans } from './python-spans';
import { failureOf, isCancellation } from './failure';
import { ModuleThreads } from './module-threads';
import type { ProfileProgress } from '../protocol/report';
import { profile } from '../profiler/profile';
import type { HostMethods, HostRequest, HostToExtension } from '../protocol/host-messages';
import { isHostRequest } from '../protocol/host-messages';

const running = new Map<number, AbortController>();
const cancelled = new Set<number>();
const moduleThreads = new ModuleThreads();

function send(message: HostToExtension): void {
  process.send?.(message);
}

type Handlers = {
  [M in keyof HostMethods]: (params: HostMethods[M]['params'], id: number) => Promise<HostMethods[M]['result']>;
};

const handlers: Handlers = {
  async profile(request, id) {
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const options = {
        signal: controller.signal,
        onProgress: (progress: ProfileProgress) => send({ type: 'progress', id, progress }),
      };
      // User JavaScript runs in a module thread, never in this isolate (./module-threads.ts); Python runs in
      // its own interpreter.
      if (isPythonFile(request.file)) return await profile(request, options);
      return await moduleThreads.profile(request, id, options);
    } finally {
      running.delete(id);
    }
  },
  async cancel({ target }) {
    const controller = running.get(target);
    if (!controller) return false;
    cancelled.add(target);
    controller.abort();
    return true;
  },
  async listFunctions({ file, source }) {
    const text = source ?? (await readFile(file, 'utf8'));
    if (isPythonFile(file)) return withPythonSpans(findPythonFunctions(text), text.split(/\r?\n/).length);
    // The TypeScript parser is large; load it only when a caller asks for function sites.
    const { findFunctions } = await import('../functions/find-functions');
    return findFunctions(text, file);
  },
  async checkArgs({ file, source, expression }) {
    return checkArgs(file, source, expression);
  },
  async formatMarkdown({ report, root }) {
    return formatMarkdown(report, root);
  },
  async pythonWrapEdit({ source, site, loky }) {
    return wrapNonPicklableEdit(source, site, loky);
  },
  async ping() {
    return { pid: process.pid, node: process.version };
  },
  async shutdown() {
    for (const [id, controller] of running) {
      cancelled.add(id);
      controller.abort();
    }
    void moduleThreads.shutdown();
    setTimeout(() => process.exit(0), 50).unref();
    return null;
  },
};

async function handle(request: HostRequest): Promise<void> {
  const handler = handlers[request.method] as (params: unknown, id: number) => Promise<unknown>;
  try {
    const result = await handler(request.params, request.id);
    send({ type: 'response', id: request.id, ok: true, result });
  } catch (error) {
    const aborted = cancelled.has(request.id) || isCancellation(error);
    send({ type: 'response', id: request.id, ok: false, failure: failureOf(error, aborted) });
  } finally {
    cancelled.delete(request.id);
  }
}

process.on('message', (message: unknown) => {
  if (isHostRequest(message)) void handle(message);
  else send({ type: 'log', level: 'warn', message: `worker host: ignored a malformed message` });
});
// The extension host went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));
process.on('unhandledRejection', (reason) => {
  send({ type: 'log', level: 'error', message: `worker host: unhandled rejection: ${String(reason)}` });
});

if (!process.send) {
  console.error('dist/worker-host.js is started by the Serialization Profiler extension over an IPC channel.');
  process.exit(2);
}
send({ type: 'ready', pid: process.pid, node: process.version });
// While the editor asks for lenses, the thread the first profile will run in gets ready.
moduleThreads.prepareSpare();
