import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import type { Backend, ExecutorOptions } from './types';

export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
export const DEFAULT_PIPELINE_DEPTH = 8;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

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

export function resolveOptions(options: ExecutorOptions = {}): ResolvedOptions {
  const maxWorkers = options.maxWorkers ?? availableParallelism();
  if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
    throw new RangeError(`maxWorkers must be a positive integer, got ${String(options.maxWorkers)}`);
  }
  return {
    maxWorkers,
    backend: options.backend ?? 'process',
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    env: options.env ?? {},
    execArgv: options.execArgv ?? [],
    maxTasksPerWorker: options.maxTasksPerWorker ?? Infinity,
    maxMemoryGrowthMb: options.maxMemoryGrowthMb ?? Infinity,
    pickler: options.pickler,
    resourceLimits: options.resourceLimits,
    pipelineDepth: positiveInteger('pipelineDepth', options.pipelineDepth ?? DEFAULT_PIPELINE_DEPTH),
  };
}

/** Everything that decides reuse under 'auto': all options but the pool's size. */
export function reuseKey(options: ResolvedOptions): string {
  const { maxWorkers: _size, ...rest } = options;
  return JSON.stringify(rest, (_key, value: unknown) => (value === Infinity ? 'Infinity' : value));
}
