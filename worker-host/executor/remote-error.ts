import { serialize } from 'node:v8';
import type { RemoteError } from './messages';

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};
const DETAIL_KEYS = ['path', 'location', 'hint', 'valueType'] as const;
const SKIPPED_PROPS = new Set(['name', 'message', 'stack', 'cause', ...DETAIL_KEYS]);

/** Turns anything thrown into plain data that crosses a process or thread boundary intact. */
export function toRemoteError(thrown: unknown, depth = 0): RemoteError {
  if (!(thrown instanceof Error)) {
    return { name: 'Error', message: `Non-error thrown: ${describe(thrown)}`, props: { thrown: portable(thrown) } };
  }
  const remote: RemoteError = {
    name: thrown.name,
    message: thrown.message,
    props: {},
  };
  if (thrown.stack !== undefined) remote.stack = String(thrown.stack);
  const details = thrown as Error & Partial<Record<(typeof DETAIL_KEYS)[number], unknown>>;
  if (typeof details.path === 'string') remote.path = details.path;
  if (typeof details.hint === 'string') remote.hint = details.hint;
  if (typeof details.valueType === 'string') remote.valueType = details.valueType;
  if (isLocation(details.location)) remote.location = { ...details.location };
  for (const key of Object.keys(thrown)) {
    if (!SKIPPED_PROPS.has(key)) remote.props[key] = portable((thrown as unknown as Record<string, unknown>)[key]);
  }
  if (thrown.cause !== undefined && depth < 5) remote.cause = toRemoteError(thrown.cause, depth + 1);
  return remote;
}

/** Rebuilds an error from plain data: same class name, message, stack and own properties. */
export function rebuildError(remote: RemoteError): Error {
  const Builtin = BUILTIN_ERRORS[remote.name] ?? Error;
  const error = new Builtin(remote.message, remote.cause ? { cause: rebuildError(remote.cause) } : undefined);
  Object.defineProperty(error, 'name', { value: remote.name, enumerable: false, configurable: true, writable: true });
  if (remote.stack !== undefined) error.stack = remote.stack;
  Object.assign(error, remote.props);
  for (const key of DETAIL_KEYS) {
    if (remote[key] !== undefined) Object.assign(error, { [key]: remote[key] });
  }
  return error;
}

function isLocation(value: unknown): value is RemoteError['location'] & object {
  const loc = value as { file?: unknown; line?: unknown; column?: unknown } | undefined;
  return typeof loc?.file === 'string' && typeof loc.line === 'number' && typeof loc.column === 'number';
}

function portable(value: unknown): unknown {
  try {
    serialize(value);
    return value;
  } catch {
    return describe(value);
  }
}

function describe(value: unknown): string {
  try {
    return typeof value === 'string' ? value : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
