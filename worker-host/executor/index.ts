/**
 * The reusable executor: run a function and its arguments in worker processes or threads, under a chosen
 * pickler, and learn what carrying them cost or exactly where and why it failed.
 */
import './builtin-picklers';

export { getReusableExecutor } from './reusable';
export { Executor } from './executor';
export {
  getPickler,
  setPickler,
  resolvePickler,
  registerBuiltinPickler,
  builtinPicklerNames,
  PICKLER_ENV,
} from '../picklers/registry';
export { wrapNonPicklable } from '../picklers/wrap';
export type { Pickler, DumpOptions, LoadOptions } from '../picklers/pickler';
export * from '../errors';
export type {
  Backend,
  ExecutorOptions,
  ExecutorStats,
  PartialMeasure,
  ShutdownOptions,
  TaskBytes,
  TaskOptions,
  TaskOutcome,
  TaskTimings,
  WorkerInfo,
} from './types';
export { ERROR_KINDS, PHASES } from '../protocol/report';
export type { ErrorKind, Phase, SourceLocation, ValueWarning } from '../protocol/report';
