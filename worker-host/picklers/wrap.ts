const wrappedTargets = new WeakMap<Function, Function>();

/**
 * Marks a function or class to travel by value even under a by-reference pickler, as loky's
 * `wrap_non_picklable_objects` does. Returns a new callable; the function you pass is not changed, so how
 * it serializes everywhere else (unwrapped, or in other modes) stays the same.
 *
 * Side effects of using the returned wrapper instead of the original, said plainly:
 * - Identity: `wrapNonPicklable(f) !== f`, so `Map` keys, `===` checks and `removeEventListener` see a
 *   different function. Wrapping the same function twice gives two different wrappers.
 * - It is a Proxy of the original: calling it, `new`, `instanceof`, `name`, `length`, static members and
 *   `prototype` behave as the original's (unlike loky's wrapper, `instanceof` and operators keep working).
 * - `Function.prototype.toString` of the wrapper prints `[native code]` instead of the source.
 * - Under `wrapped`, `by-reference` and `by-value` the wrapper travels as the original's code plus its
 *   captured values; under `json` and `structured-clone` (which never carry code) it travels as the
 *   original would, by reference. The worker receives the plain function, not a wrapper.
 */
export function wrapNonPicklable<T extends Function>(fn: T): T {
  if (typeof fn !== 'function') throw new TypeError('wrapNonPicklable expects a function or class');
  const existing = wrappedTargets.get(fn);
  if (existing) return fn;
  const wrapper = new Proxy(fn, {});
  wrappedTargets.set(wrapper, fn);
  return wrapper;
}

/** The function a wrapper stands for, or undefined when `fn` is not a wrapper. */
export function unwrapNonPicklable(fn: Function): Function | undefined {
  return wrappedTargets.get(fn);
}
