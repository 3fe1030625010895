/**
 * The user's own value inside a pool library's envelope: piscina and tinypool send `{ task, … }` and reply
 * `{ taskId, result, … }`; workerpool sends `{ id, method, params }` and replies `{ id, result }`. Paths and
 * findings then read as the user wrote the value (`[1].rows`, not `task[1].rows`).
 */
export function payloadOf(library: string | null, value: unknown): unknown {
  if (library === null || typeof value !== 'object' || value === null) return value;
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
