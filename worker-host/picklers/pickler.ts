import type { ValueWarning } from '../protocol/report';

/**
 * Paths name values the way a reader finds them. The executor serializes a task as `{ fn, args }` with
 * `root: 'task'`; paths then read `fn`, `args[1].handlers[0]` (no `task.` prefix). A result is serialized
 * with `root: 'result'`; paths read `result`, `result.cache`.
 */
export type PathRoot = 'task' | 'result';

export interface DumpOptions {
  root?: PathRoot;
  /** Where a lossy pickler reports what the receiver will get differently (a Map becoming `{}` under json). */
  warnings?: ValueWarning[];
}

export interface LoadOptions {
  root?: PathRoot;
  warnings?: ValueWarning[];
}

/**
 * One way of turning values into bytes and back, chosen per process, per executor or per task (as loky's
 * pickler is). `dumps` is synchronous; `loads` may import modules and so may return a promise.
 * Both throw `PickleError` (from ../errors) naming the path of the value they could not carry.
 */
export interface Pickler {
  readonly name: string;
  dumps(value: unknown, options?: DumpOptions): Uint8Array;
  loads(bytes: Uint8Array, options?: LoadOptions): unknown | Promise<unknown>;
}
