import type { ResourceLimits } from 'node:worker_threads';
import type { Phase, ValueWarning } from '../protocol/report';

export type Backend = 'process' | 'thread';

export interface ExecutorOptions {
  /** Workers at most; default: the machine's available parallelism. Changing it resizes in place. */
  maxWorkers?: number;
  backend?: Backend;
  /** An idle worker exits after this long (default 10 s, as loky). */
  idleTimeoutMs?: number;
  /** 'auto': reuse the shared executor while its other options are unchanged; true: always; false: never. */
  reuse?: 'auto' | boolean;
  /** When the shared executor is replaced: kill its running tasks (they reject with `shutdown`) or let them finish. */
  killWorkers?: boolean;
  env?: Record<string, string | undefined>;
  execArgv?: string[];
  /** A worker is replaced after this many tasks. */
  maxTasksPerWorker?: number;
  /** A worker whose memory grew past this since it started is replaced after its task. */
  maxMemoryGrowthMb?: number;
  /** The default pickler of this executor's tasks; else the process-wide one (`setPickler`, the env variable). */
  pickler?: string;
  /** Thread backend: the worker's V8 limits. */
  resourceLimits?: ResourceLimits;
  /**
   * Short tasks may be sent to a busy worker ahead of time, up to this many per worker, so that it goes from one
   * to the next without waiting for the parent (default 8; 1 sends a task only to an idle worker). A worker is
   * sent tasks ahead only while its last task ran under 1 ms and the pool is at its full size; tasks with a
   * timeout or a signal, and pools that recycle workers, never are. A task whose worker dies before starting it
   * runs on another worker.
   */
  pipelineDepth?: number;
}

export interface TaskOptions {
  pickler?: string;
  /** The worker running the task is killed and replaced after this long; the task rejects with `timeout`. */
  timeoutMs?: number;
  /** Aborting rejects the task with `cancelled`; a running task's worker is killed and replaced. */
  signal?: AbortSignal;
}

/** Milliseconds; the seven phases add up to `total` (parent dumps start → parent loads end). */
export type TaskTimings = Record<Phase | 'total', number>;

export interface TaskBytes {
  task: number;
  result: number;
}

export interface TaskOutcome<R> {
  value: R;
  timings: TaskTimings;
  bytes: TaskBytes;
  warnings: ValueWarning[];
  /** The executor's number for the worker that ran the task. */
  workerId: number;
  pid: number;
  threadId?: number;
  /** The task waited for its worker to start (a cold pool). */
  workerStarted: boolean;
  /**
   * Milliseconds the task waited: in the queue from submit to the start of serialization (including the
   * worker's start-up when `workerStarted`), and, sent ahead, in its worker behind earlier tasks. Not part of
   * `timings.total`; a cold round's full cost is `queuedMs + total`.
   */
  queuedMs: number;
  pickler: string;
}

/** What was measured before a task failed: the `partial` of its error. */
export interface PartialMeasure {
  timings: Partial<TaskTimings>;
  bytes: Partial<TaskBytes>;
  workerStarted?: boolean;
  queuedMs?: number;
}

export interface ShutdownOptions {
  /** Resolve once every worker has exited (default true). */
  wait?: boolean;
  /** Kill workers now: running and queued tasks reject with `shutdown` (default false: they finish). */
  killWorkers?: boolean;
}

export interface WorkerInfo {
  id: number;
  pid: number;
  threadId?: number;
  state: 'starting' | 'idle' | 'busy' | 'stopping';
  tasksRun: number;
  /** Tasks sent to the worker and not answered yet: the running one and any sent ahead (see pipelineDepth). */
  tasksInFlight: number;
}

export interface ExecutorStats {
  workersStarted: number;
  workersExited: number;
  tasksSubmitted: number;
  tasksSucceeded: number;
  tasksFailed: number;
}
