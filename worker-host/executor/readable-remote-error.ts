import { deserialize, serialize } from 'node:v8';
import type { RemoteError } from './messages';
import { toRemoteError } from './remote-error';

/**
 * The thrown value as data the parent can surely read back. V8 writes some graphs it cannot read again (an
 * error that is its own cause and holds itself), so the description is read back here first, and whatever of
 * it does not come back is left out. Only failures pay for the check.
 */
export function readableRemoteError(thrown: unknown): RemoteError {
  let remote: RemoteError;
  try {
    remote = toRemoteError(thrown);
  } catch (error) {
    return {
      name: 'Error',
      message: `The task threw a value that could not be described (${errorText(error)}).`,
      props: {},
    };
  }
  return readableBack(remote);
}

function readableBack(remote: RemoteError): RemoteError {
  if (readsBack(remote)) return remote;
  const props = Object.fromEntries(Object.entries(remote.props).filter(([, value]) => readsBack(value)));
  const { cause, ...rest } = remote;
  const kept: RemoteError = { ...rest, props };
  if (cause) kept.cause = readableBack(cause);
  return readsBack(kept) ? kept : { name: String(remote.name), message: String(remote.message), props: {} };
}

function readsBack(value: unknown): boolean {
  try {
    deserialize(serialize(value));
    return true;
  } catch {
    return false;
  }
}

function errorText(error: unknown): string {
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
