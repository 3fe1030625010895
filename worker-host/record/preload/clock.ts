/** Milliseconds on the monotonic clock, without loading perf_hooks into every thread. */
export function now(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/** Node's Module class, reached through this module rather than by loading `node:module` in every thread. */
export function moduleClass(): ModuleClass {
  return module.constructor as unknown as ModuleClass;
}

/** What the recorder uses of Node's Module class (the object `node:module` exports; Node's typings list neither). */
interface ModuleClass {
  _load: (...args: unknown[]) => unknown;
  syncBuiltinESMExports: () => void;
}
