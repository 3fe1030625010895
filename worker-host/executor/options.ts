import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import type { Backend, ExecutorOptions } from './types';
import { checkExecutorOptions } from './validate';

export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
export const DEFAULT_PIPELINE_DEPTH = 8;

export interface ResolvedOptions {
  maxWorkers: number;
  backend: Backend;
  idleTimeoutMs: number;
  env: Record<string, string | undefined>;
  execArgv: string[];
  maxTasksPerWorker: number;
  maxMemoryGrowthMb: number;
  pickler: string | undefined;
  resourceLimits: ResourceLimits | undefined;
  pipelineDepth: number;
}

/** The options with their defaults; throws a one-line TypeError or RangeError naming a bad one. */
export function resolveOptions(options: ExecutorOptions = {}): ResolvedOptions {
  checkExecutorOptions(options);
  return {
    maxWorkers: options.maxWorkers ?? availableParallelism(),
    backend: options.backend ?? 'process',
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    env: options.env ?? {},
    execArgv: options.execArgv ?? [],
    maxTasksPerWorker: options.maxTasksPerWorker ?? Infinity,
    maxMemoryGrowthMb: options.maxMemoryGrowthMb ?? Infinity,
    pickler: options.pickler,
    resourceLimits: options.resourceLimits,
    pipelineDepth: options.pipelineDepth ?? DEFAULT_PIPELINE_DEPTH,
  };
}

/** Everything that decides reuse under 'auto': all options but the pool's size. */
export function reuseKey(options: ResolvedOptions): string {
  const { maxWorkers: _size, ...rest } = options;
  return JSON.stringify(rest, (_key, value: unknown) => (value === Infinity ? 'Infinity' : value));
}
