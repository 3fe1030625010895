import { deserialize, serialize } from 'node:v8';
import { newBuiltinError } from '../builtin-errors';
import { PickleError } from '../errors';
import type { RemoteError } from './messages';

const DETAIL_KEYS = ['summary', 'path', 'location', 'hint', 'valueType'] as const;
const STANDARD_PROPS = new Set(['name', 'message', 'stack', 'cause']);
const SKIPPED_PROPS = new Set([...STANDARD_PROPS, ...DETAIL_KEYS]);
const MAX_CAUSE_DEPTH = 5;

/**
 * Turns anything thrown into plain data that crosses a process or thread boundary intact. It never throws:
 * a getter that throws, a revoked or trapping Proxy, a cause that is the error itself: each part that cannot
 * be read is described as unreadable and the rest is kept.
 */
export function toRemoteError(thrown: unknown, depth = 0, seen: Set<unknown> = new Set()): RemoteError {
  seen.add(thrown);
  if (!read(() => thrown instanceof Error, false)) {
    return { name: 'Error', message: `Non-error thrown: ${describe(thrown)}`, props: { thrown: portable(thrown) } };
  }
  const error = thrown as Error & Partial<Record<(typeof DETAIL_KEYS)[number], unknown>>;
  const remote: RemoteError = {
    name: text(
      read(() => error.name, undefined),
      'Error',
    ),
    message: text(
      read(() => error.message, undefined),
      '(its message could not be read)',
    ),
    props: {},
  };
  const stack = read(() => error.stack, undefined);
  if (stack !== undefined) remote.stack = text(stack, '');
  // Only a pickler's error says which value failed; a user's error keeps its own `path` (an fs error's file).
  const ours = remote.name === 'PickleError' && read(() => error instanceof PickleError, false);
  if (ours) {
    const { summary, path, hint, valueType, location } = error;
    if (typeof summary === 'string') remote.summary = summary;
    if (typeof path === 'string') remote.path = path;
    if (typeof hint === 'string') remote.hint = hint;
    if (typeof valueType === 'string') remote.valueType = valueType;
    if (isLocation(location)) remote.location = { file: location.file, line: location.line, column: location.column };
  }
  const skipped = ours ? SKIPPED_PROPS : STANDARD_PROPS;
  for (const key of read(() => Object.keys(error), [] as string[])) {
    if (skipped.has(key)) continue;
    remote.props[key] = portable(read(() => (error as unknown as Record<string, unknown>)[key], UNREADABLE));
  }
  const cause = read(() => error.cause, undefined);
  if (cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    remote.cause = seen.has(cause)
      ? { name: 'Error', message: '(the cause is the error itself, or one of its causes)', props: {} }
      : toRemoteError(cause, depth + 1, seen);
  }
  return remote;
}

/** Rebuilds an error from plain data: same class name, message, stack and own properties. */
export function rebuildError(remote: RemoteError): Error {
  const options = remote.cause ? { cause: rebuildError(remote.cause) } : undefined;
  const error = newBuiltinError(remote.name, remote.message, options) ?? new Error(remote.message, options);
  Object.defineProperty(error, 'name', { value: remote.name, enumerable: false, configurable: true, writable: true });
  if (remote.stack !== undefined) error.stack = remote.stack;
  Object.assign(error, remote.props);
  for (const key of DETAIL_KEYS) {
    if (remote[key] !== undefined) Object.assign(error, { [key]: remote[key] });
  }
  return error;
}

const UNREADABLE = Symbol('unreadable');

/** `get()`, or `fallback` when reading throws (a getter, a Proxy trap, a revoked Proxy). */
function read<T, F>(get: () => T, fallback: F): T | F {
  try {
    return get();
  } catch {
    return fallback;
  }
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : value === undefined ? fallback : describe(value);
}

function isLocation(value: unknown): value is { file: string; line: number; column: number } {
  const loc = value as { file?: unknown; line?: unknown; column?: unknown } | undefined;
  return read(
    () => typeof loc?.file === 'string' && typeof loc.line === 'number' && typeof loc.column === 'number',
    false,
  );
}

function portable(value: unknown): unknown {
  if (value === UNREADABLE) return '(unreadable: reading it threw)';
  try {
    // Read back too: v8 writes some graphs it cannot read (an Error that is its own cause).
    deserialize(serialize(value));
    return value;
  } catch {
    return describe(value);
  }
}

/** A value as text, falling back step by step: String(), its tag, its type. */
function describe(value: unknown): string {
  try {
    return typeof value === 'string' ? value : String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return `(an unreadable ${typeof value})`;
    }
  }
}
