import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { packageRoot } from '../../../../worker-host/paths';
import type { RemoteReply, RemoteRequest } from './remote-child';

export type { RemoteFailure, RemoteReply } from './remote-child';

let bundled: string | undefined;

/** remote-child.ts bundled as the real worker is (CommonJS, esbuild external), into the package's cache. */
function childBundle(): string {
  if (bundled) return bundled;
  const root = packageRoot();
  const out = join(root, 'node_modules', '.cache', 'serialization-profiler', 'remote-child.js');
  mkdirSync(join(out, '..'), { recursive: true });
  buildSync({
    entryPoints: [join(__dirname, 'remote-child.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['esbuild'],
    logLevel: 'silent',
  });
  return (bundled = out);
}

/** A separate process or thread that loads tasks, runs them and dumps results. */
export interface Remote {
  run(pickler: string, bytes: Uint8Array): Promise<RemoteReply>;
  close(): Promise<void>;
}

export function startRemote(kind: 'process' | 'thread'): Remote {
  const file = childBundle();
  const pending = new Map<number, (reply: RemoteReply) => void>();
  const onReply = (reply: RemoteReply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  };
  let nextId = 0;
  if (kind === 'process') {
    const child = fork(file, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (reply) => onReply(reply as RemoteReply));
    return {
      run: (pickler, bytes) =>
        new Promise((resolve) => {
          const id = nextId++;
          pending.set(id, resolve);
          child.send({ id, pickler, bytes } satisfies RemoteRequest);
        }),
      close: () =>
        new Promise((resolve) => {
          child.once('exit', () => resolve());
          child.kill();
        }),
    };
  }
  const worker = new Worker(file);
  worker.on('message', onReply);
  return {
    run: (pickler, bytes) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        worker.postMessage({ id, pickler, bytes } satisfies RemoteRequest);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
