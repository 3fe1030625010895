import type { ValueWarning } from '../protocol/report';
import { builtinPickler, resolvePickler } from '../picklers/registry';
import { now } from './clock';
import type { FromWorker, TaskMessage, WorkerFailureKind, WorkerStamps } from './messages';
import { unwrapMoved } from './moved-result';
import { readableRemoteError } from './readable-remote-error';
import { isThenable } from './thenable';

export type SendToParent = (message: FromWorker) => void;

interface LoadedTask {
  fn: (...args: unknown[]) => unknown;
  args: unknown[];
}

/** Runs one task in a worker: load it, call it, serialize the result, each step timed and its failure named. */
export async function runTask(
  message: TaskMessage,
  send: SendToParent,
  readMemory: () => number,
  receivedAt: bigint = now(),
): Promise<void> {
  const stamps: WorkerStamps = { receivedAt, startedAt: now() };
  const memoryBytes = (): number => (message.measureMemory ? readMemory() : 0);
  const warnings: ValueWarning[] = [];
  const fail = (kind: WorkerFailureKind, error: unknown): void =>
    send({
      type: 'failure',
      id: message.id,
      kind,
      error: readableRemoteError(error),
      stamps,
      taskBytes: message.bytes.byteLength,
      memoryBytes: memoryBytes(),
    });

  let task: LoadedTask;
  let pickler;
  try {
    pickler = builtinPickler(message.pickler) ?? (await resolvePickler(message.pickler));
    const loaded = pickler.loads(message.bytes, { root: 'task', warnings });
    task = asTask(isThenable(loaded) ? await loaded : loaded);
  } catch (error) {
    return fail('task-deserialize', error);
  }
  stamps.loadedAt = now();

  let value: unknown;
  try {
    value = isWorkerpoolTask(task.fn) ? task.fn.apply(task.fn, task.args) : task.fn(...task.args);
    if (isThenable(value)) value = await value;
  } catch (error) {
    return fail('run', error);
  }
  value = unwrapMoved(value);
  stamps.ranAt = now();

  let bytes: Uint8Array;
  try {
    bytes = pickler.dumps(value, { root: 'result', warnings });
  } catch (error) {
    return fail('result-serialize', error);
  }
  stamps.sentAt = now();
  send({
    type: 'result',
    id: message.id,
    bytes,
    stamps: stamps as Required<WorkerStamps>,
    warnings,
    memoryBytes: memoryBytes(),
  });
}

function asTask(value: unknown): LoadedTask {
  const task = value as Partial<LoadedTask> | null;
  if (typeof task?.fn !== 'function') {
    throw new TypeError(
      `The task's function loaded as ${task?.fn === null ? 'null' : typeof task?.fn}, not a function.`,
    );
  }
  return { fn: task.fn, args: Array.isArray(task.args) ? task.args : [] };
}

/** workerpool calls a task it registered with the task itself as `this`, whose `worker` is workerpool's worker API. */
function isWorkerpoolTask(fn: (...args: unknown[]) => unknown): boolean {
  const api = Object.hasOwn(fn, 'worker') ? (fn as { worker?: { addAbortListener?: unknown } }).worker : undefined;
  return typeof api?.addAbortListener === 'function';
}
