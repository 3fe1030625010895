/**
 * Node modules the recorder needs only for a measured message, loaded on first use: every process and thread
 * of a recorded run loads the preload, and each module loaded up front is compiled again in each of them.
 */
type V8 = typeof import('node:v8');
type Crypto = typeof import('node:crypto');
type PerfHooks = typeof import('node:perf_hooks');

let v8: V8 | undefined;
let crypto: Crypto | undefined;
let perfHooks: PerfHooks | undefined;

export function lazyV8(): V8 {
  v8 ??= require('node:v8') as V8;
  return v8;
}

export function lazyCrypto(): Crypto {
  crypto ??= require('node:crypto') as Crypto;
  return crypto;
}

/** Loaded by a thread's first reply (every require goes through the program's module loader, and ours). */
export function lazyPerformance(): PerfHooks['performance'] {
  perfHooks ??= require('node:perf_hooks') as PerfHooks;
  return perfHooks.performance;
}
