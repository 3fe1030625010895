/**
 * The user's own value inside a pool library's envelope: piscina and tinypool send `{ task, … }` and reply
 * `{ taskId, result, … }`; workerpool sends `{ id, method, params }` and replies `{ id, result }`; jest-worker
 * sends `[1, false, method, args]` and replies `[0, result]`. Paths and
 * findings then read as the user wrote the value (`[1].rows`, not `task[1].rows`).
 */
export function payloadOf(library: string | null, value: unknown): unknown {
  if (library === null || typeof value !== 'object' || value === null) return value;
  if (library === 'jest-worker') return jestPayloadOf(value);
  const message = value as Record<string, unknown>;
  if (library === 'workerpool') {
    if ('method' in message && 'params' in message) return message.params;
    if ('id' in message && 'result' in message) return message.result;
    return value;
  }
  if (isWorkerStart(message)) return null;
  if ('task' in message && ('filename' in message || 'taskId' in message)) return message.task;
  if ('taskId' in message && 'result' in message) return message.result;
  return value;
}

/** jest-worker's call `[1, false, method, args]` carries the arguments; its reply `[0, result]` the result. */
function jestPayloadOf(value: object): unknown {
  if (!Array.isArray(value)) return value;
  if (isJestCall(value)) return value[3];
  if (value.length === 2 && value[0] === 0) return value[1];
  return value;
}

/**
 * tinypool's start message to a child process worker (its port, shared memory and file name), the library's own:
 * nothing of the user's is in it.
 */
export function isWorkerStart(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    '__tinypool_worker_message__' in message &&
    (message as { source?: unknown }).source === 'pool'
  );
}

/** jest-worker's CHILD_MESSAGE_CALL: `[1, false, method, args]`, to a worker thread or (as JSON) a child process. */
export function isJestCall(message: unknown): message is [number, boolean, string, unknown[]] {
  return (
    Array.isArray(message) &&
    message.length === 4 &&
    message[0] === 1 &&
    typeof message[2] === 'string' &&
    Array.isArray(message[3])
  );
}

/**
 * jest-worker's CHILD_MESSAGE_INITIALIZE: `[0, false, workerPath, setupArgs]` (a thread's adds its worker id): the
 * worker's module.
 */
export function jestWorkerModule(message: unknown): string | undefined {
  return Array.isArray(message) && message[0] === 0 && message.length >= 4 && typeof message[2] === 'string'
    ? message[2]
    : undefined;
}

/** jest-worker's reply to a call: `[0, result]` (PARENT_MESSAGE_OK) or `[1, …error]` (PARENT_MESSAGE_CLIENT_ERROR). */
export function isJestReply(message: unknown): boolean {
  return Array.isArray(message) && (message[0] === 0 || message[0] === 1) && typeof message[2] !== 'string';
}
