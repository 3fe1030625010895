import type { ExecutorOptions, ShutdownOptions, TaskOptions } from './types';

/**
 * Checks of every option and argument a caller passes, each failing with one line that names it: a TypeError
 * for the wrong kind of value, a RangeError for a number out of range.
 */

/** The longest delay a Node timer takes; beyond it Node warns and fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const kind = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'string'
        ? `the string ${JSON.stringify(value)}`
        : typeof value;

function typeError(name: string, wanted: string, value: unknown): TypeError {
  return new TypeError(`${name} must be ${wanted}, got ${kind(value)}`);
}

function checkNumber(name: string, value: unknown, wanted: string, inRange: (n: number) => boolean): void {
  if (value === undefined) return;
  if (typeof value !== 'number') throw typeError(name, wanted, value);
  if (!inRange(value)) throw new RangeError(`${name} must be ${wanted}, got ${String(value)}`);
}

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 1;
const isDelay = (n: number): boolean => n >= 0 && n <= MAX_TIMER_MS;

export const checkMaxWorkers = (value: unknown): void =>
  checkNumber('maxWorkers', value, 'a positive integer', isCount);

function checkOneOf(name: string, value: unknown, allowed: readonly unknown[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw typeError(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  }
}

function checkObject(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw typeError(name, 'an object', value);
  }
}

export function checkExecutorOptions(options: ExecutorOptions): void {
  checkObject('options', options);
  checkMaxWorkers(options.maxWorkers);
  checkOneOf('backend', options.backend, ['process', 'thread']);
  checkNumber(
    'idleTimeoutMs',
    options.idleTimeoutMs,
    `a number of milliseconds from 0 to ${MAX_TIMER_MS}, or Infinity`,
    (n) => isDelay(n) || n === Infinity,
  );
  checkOneOf('reuse', options.reuse, ['auto', true, false]);
  checkOneOf('killWorkers', options.killWorkers, [true, false]);
  checkObject('env', options.env);
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value !== undefined && typeof value !== 'string') throw typeError(`env.${key}`, 'a string', value);
  }
  if (options.execArgv !== undefined && !Array.isArray(options.execArgv))
    throw typeError('execArgv', 'an array of strings', options.execArgv);
  options.execArgv?.forEach((arg, i) => {
    if (typeof arg !== 'string') throw typeError(`execArgv[${i}]`, 'a string', arg);
  });
  checkNumber(
    'maxTasksPerWorker',
    options.maxTasksPerWorker,
    'a positive integer or Infinity',
    (n) => isCount(n) || n === Infinity,
  );
  checkNumber(
    'maxMemoryGrowthMb',
    options.maxMemoryGrowthMb,
    'a positive number of megabytes or Infinity',
    (n) => n > 0,
  );
  if (options.pickler !== undefined && typeof options.pickler !== 'string')
    throw typeError('pickler', 'a pickler name or module path', options.pickler);
  checkObject('resourceLimits', options.resourceLimits);
  checkNumber('pipelineDepth', options.pipelineDepth, 'a positive integer', isCount);
}

export function checkTaskCall(fn: unknown, args: unknown, options: unknown): void {
  // A custom pickler may stand an object in for a function (a reference it resolves in the worker).
  if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) throw typeError('fn', 'a function', fn);
  if (!Array.isArray(args)) throw typeError('args', "an array of the function's arguments", args);
  checkObject('options', options);
  checkTaskOptions(options as TaskOptions);
}

function checkTaskOptions(options: TaskOptions): void {
  if (options.pickler !== undefined && typeof options.pickler !== 'string')
    throw typeError('pickler', 'a pickler name or module path', options.pickler);
  checkNumber('timeoutMs', options.timeoutMs, `a number of milliseconds from 0 to ${MAX_TIMER_MS}`, isDelay);
  const signal = options.signal as Partial<AbortSignal> | undefined;
  if (signal !== undefined && (typeof signal?.addEventListener !== 'function' || typeof signal.aborted !== 'boolean')) {
    throw typeError('signal', 'an AbortSignal', signal);
  }
}

export function checkMapCall(items: unknown, concurrency: unknown): void {
  const iterable = items as { [Symbol.iterator]?: unknown } | null | undefined;
  if (typeof iterable?.[Symbol.iterator] !== 'function') throw typeError('items', 'an iterable', items);
  checkNumber('concurrency', concurrency, 'a positive integer', isCount);
}

export function checkShutdownOptions(options: ShutdownOptions): void {
  checkObject('options', options);
  checkOneOf('wait', options.wait, [true, false]);
  checkOneOf('killWorkers', options.killWorkers, [true, false]);
}
