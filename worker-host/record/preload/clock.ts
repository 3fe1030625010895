/** Milliseconds on the monotonic clock, without loading perf_hooks into every thread. */
export function now(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/** Node's Module class, reached through this module rather than by loading `node:module` in every thread. */
export function moduleClass(): { _load: (...args: unknown[]) => unknown } {
  return module.constructor as unknown as { _load: (...args: unknown[]) => unknown };
}
