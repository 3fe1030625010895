/**
 * Whether awaiting `value` waits for something; a plain value can be used at once, without a promise turn.
 * A value whose `then` cannot even be read (a revoked Proxy) is not a thenable: it fails where it is next used.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (value as PromiseLike<unknown>).then === 'function';
  } catch {
    return false;
  }
}
