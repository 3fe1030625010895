import { CancelledError, type SerializationProfilerError, ShutdownError } from '../errors';
import type { Pickler } from '../picklers/pickler';
import { builtinPickler, getPickler, resolvePickler } from '../picklers/registry';
import { now } from './clock';
import { mapBounded } from './map';
import { type ResolvedOptions, resolveOptions } from './options';
import { Pool } from './pool';
import type { AnyFunction } from './task';
import { taskError } from './task-errors';
import type { ExecutorOptions, ExecutorStats, ShutdownOptions, TaskOptions, TaskOutcome, WorkerInfo } from './types';
import { checkMapCall, checkShutdownOptions, checkTaskCall } from './validate';

/**
 * A pool of workers that runs tasks, measures every phase of them, and outlives any task's failure. This is
 * the public face: it checks what callers pass, picks each task's pickler, and counts; the pool (pool.ts)
 * schedules.
 */
export class Executor {
  readonly stats: ExecutorStats = {
    workersStarted: 0,
    workersExited: 0,
    tasksSubmitted: 0,
    tasksSucceeded: 0,
    tasksFailed: 0,
  };
  private readonly pool: Pool;
  private lastTaskId = 0;

  constructor(options: ExecutorOptions = {}) {
    this.pool = new Pool(resolveOptions(options), this.stats);
  }

  get maxWorkers(): number {
    return this.pool.options.maxWorkers;
  }

  get backend(): ResolvedOptions['backend'] {
    return this.pool.options.backend;
  }

  get isShutdown(): boolean {
    return this.pool.state === 'shutdown';
  }

  get isBroken(): boolean {
    return this.pool.state === 'broken';
  }

  /** Runs `fn(...args)` in a worker and resolves with its return value. */
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
    return this.submitTask(fn, args).then((outcome) => outcome.value);
  }

  /** Runs `fn(...args)` in a worker and resolves with its value and what carrying it cost. */
  submitTask<A extends unknown[], R>(
    fn: (...args: A) => R,
    args: A,
    options: TaskOptions = {},
  ): Promise<TaskOutcome<Awaited<R>>> {
    try {
      checkTaskCall(fn, args, options);
    } catch (error) {
      return Promise.reject(error);
    }
    this.stats.tasksSubmitted++;
    const submittedAt = now();
    const picklerName = options.pickler ?? this.pool.options.pickler ?? getPickler();
    return new Promise<TaskOutcome<Awaited<R>>>((settleValue, settleError) => {
      // Counted as they settle, without a promise of their own per task.
      const resolve = (outcome: TaskOutcome<Awaited<R>>): void => {
        this.stats.tasksSucceeded++;
        settleValue(outcome);
      };
      const reject = (error: SerializationProfilerError): void => {
        this.stats.tasksFailed++;
        settleError(error);
      };
      const state = this.pool.state;
      if (state !== 'running') {
        reject(
          new ShutdownError(`Cannot submit a task: the executor is ${state === 'broken' ? 'broken' : 'shut down'}.`),
        );
        return;
      }
      if (options.signal?.aborted) {
        reject(new CancelledError('The task was cancelled before it was submitted.', { cause: options.signal.reason }));
        return;
      }
      const spawnedBefore = this.pool.workersSpawned;
      const enqueueWith = (pickler: Pickler): void =>
        this.pool.enqueue({
          id: ++this.lastTaskId,
          fn: fn as AnyFunction,
          args,
          pickler,
          picklerName,
          options,
          spawnedBefore,
          warnings: [],
          measure: { timings: {}, bytes: {} },
          stamps: { submittedAt },
          settled: false,
          mayWaitInWorker: options.timeoutMs === undefined && options.signal === undefined,
          resolve: resolve as (outcome: TaskOutcome<unknown>) => void,
          reject,
        });
      const builtin = builtinPickler(picklerName);
      if (builtin) {
        enqueueWith(builtin);
        return;
      }
      // A pickler named by module is loaded first; until then the task counts as pending for shutdown.
      this.pool.after(resolvePickler(picklerName), enqueueWith, (error) =>
        reject(taskError('task-serialize', error, picklerName)),
      );
    });
  }

  /** Calls `fn(item)` for every item, at most `concurrency` at a time, and resolves with the results in order. */
  async map<T, R>(
    fn: (item: T) => R,
    items: Iterable<T>,
    options: TaskOptions & { concurrency?: number } = {},
  ): Promise<Awaited<R>[]> {
    checkMapCall(items, options.concurrency);
    const { concurrency = this.pool.options.maxWorkers * 2, ...taskOptions } = options;
    return mapBounded((f, args, o) => this.submitTask(f, args, o), fn, items, concurrency, taskOptions);
  }

  /** Changes the number of workers in place; running tasks go on, surviving workers keep their pids. */
  resize(maxWorkers: number): void {
    this.pool.resize(resolveOptions({ maxWorkers }).maxWorkers);
  }

  /** Stops the executor: new tasks are refused; queued and running tasks finish unless `killWorkers`. */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    checkShutdownOptions(options);
    const { wait = true, killWorkers = false } = options;
    const drained = this.pool.shutdown(killWorkers);
    return wait ? drained : Promise.resolve();
  }

  workerPids(): number[] {
    return this.pool.slots.live().map((slot) => slot.handle.pid);
  }

  workers(): WorkerInfo[] {
    return [...this.pool.slots].map((slot) => slot.info());
  }
}
