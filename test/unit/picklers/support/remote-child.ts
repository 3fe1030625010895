// A worker in miniature: loads a task with a pickler, runs it, dumps the result. Bundled and started by
// remote.ts as a child process or a worker thread, so loads happens where the executor's worker does it.
import { parentPort } from 'node:worker_threads';
import { installUserCodeLoader } from '../../../../worker-host/loader/install';
import { resolvePickler } from '../../../../worker-host/picklers/index';
import type { ValueWarning } from '../../../../worker-host/protocol/report';

export interface RemoteRequest {
  id: number;
  pickler: string;
  bytes: Uint8Array;
}

export interface RemoteFailure {
  stage: 'loads' | 'run' | 'dumps';
  name: string;
  message: string;
  path?: string;
  valueType?: string;
  hint?: string;
  location?: { file: string; line: number; column: number };
}

export interface RemoteReply {
  id: number;
  result?: Uint8Array;
  failure?: RemoteFailure;
  warnings: ValueWarning[];
}

installUserCodeLoader();

async function handle(request: RemoteRequest): Promise<RemoteReply> {
  const warnings: ValueWarning[] = [];
  const pickler = await resolvePickler(request.pickler);
  let stage: RemoteFailure['stage'] = 'loads';
  try {
    const task = (await pickler.loads(request.bytes, { root: 'task', warnings })) as { fn: Function; args: unknown[] };
    stage = 'run';
    const value = await task.fn(...task.args);
    stage = 'dumps';
    return { id: request.id, result: pickler.dumps(value, { root: 'result', warnings }), warnings };
  } catch (error) {
    const { name, message, path, valueType, hint, location } = error as RemoteFailure;
    return { id: request.id, failure: { stage, name, message, path, valueType, hint, location }, warnings };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (request: RemoteRequest) => void handle(request).then((reply) => port.postMessage(reply)));
} else {
  process.on('message', (request: RemoteRequest) => void handle(request).then((reply) => process.send!(reply)));
}
