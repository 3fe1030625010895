import { CancelledError, ShutdownError, TimeoutError, WorkerTerminatedError } from '../errors';
import type { Pickler } from '../picklers/pickler';
import { builtinPickler, getPickler, resolvePickler } from '../picklers/registry';
import type { ValueWarning } from '../protocol/report';
import { elapsedMs, now } from './clock';
import type { FailureMessage, FromWorker, ResultMessage } from './messages';
import { type ResolvedOptions, resolveOptions } from './options';
import { spawnProcessWorker } from './process-worker';
import { rebuildError } from './remote-error';
import { definitionOf } from './definition';
import { userLocationFromStack } from './stack-location';
import { taskError, terminatedError } from './task-errors';
import { spawnThreadWorker } from './thread-worker';
import type {
  ExecutorOptions,
  ExecutorStats,
  PartialMeasure,
  ShutdownOptions,
  TaskOptions,
  TaskOutcome,
  WorkerInfo,
} from './types';
import type { ExitInfo, WorkerHandle } from './worker-handle';
import { mapBounded } from './map';
import { DeadlineWatch } from './deadline-watch';
import { waitedInWorkerMs, workerPhases } from './phases';
import { isThenable } from './thenable';

/** Consecutive workers that die before they are ready before the executor counts as broken. */
const START_FAILURES_TO_BREAK = 3;
const STOP_GRACE_MS = 2_000;
/** A worker whose last task ran under this long may be sent further tasks ahead of time. */
const SHORT_TASK_MS = 1;

type AnyFunction = (...args: never[]) => unknown;

interface Task {
  id: number;
  fn: AnyFunction;
  args: unknown[];
  pickler: Pickler;
  picklerName: string;
  options: TaskOptions;
  /** Workers spawned before this task was submitted; a worker spawned later was started for the queue. */
  spawnedBefore: number;
  warnings: ValueWarning[];
  measure: PartialMeasure;
  stamps: { submittedAt: bigint; dumpStart?: bigint; sentAt?: bigint };
  settled: boolean;
  /** It may wait in a busy worker behind earlier tasks (see ExecutorOptions.pipelineDepth). */
  mayWaitInWorker: boolean;
  slot?: Slot;
  /** performance.now() by which it must have finished (tasks with a timeoutMs). */
  deadline?: number;
  resolve(outcome: TaskOutcome<unknown>): void;
  reject(error: Error): void;
  cleanup(): void;
}

interface Slot {
  id: number;
  handle: WorkerHandle;
  state: WorkerInfo['state'];
  tasksRun: number;
  baselineMemory: number;
  /** The tasks sent to the worker and not answered yet, in order: the first is running, the others wait. */
  tasks: Task[];
  /** The run phase of the worker's last task, in milliseconds. */
  lastRunMs: number;
  idleTimer?: NodeJS.Timeout;
  /** performance.now() when the worker last became idle. */
  idleSince: number;
  /** The executor killed the worker on purpose (timeout, cancel, shutdown); its task is already settled. */
  killed: boolean;
}

/** A pool of workers that runs tasks, measures every phase of them, and outlives any task's failure. */
export class Executor {
  private options: ResolvedOptions;
  private readonly queue: Task[] = [];
  private readonly slots = new Set<Slot>();
  private nextTaskId = 1;
  private nextWorkerId = 1;
  private startFailures = 0;
  private state: 'running' | 'shutdown' | 'broken' = 'running';
  private killedOnShutdown = false;
  /** Tasks submitted whose pickler is still being resolved: they count as pending for shutdown. */
  private resolving = 0;
  private readonly drainWaiters: (() => void)[] = [];
  private readonly deadlines = new DeadlineWatch((now) => this.timeOutDueTasks(now));
  readonly stats: ExecutorStats = {
    workersStarted: 0,
    workersExited: 0,
    tasksSubmitted: 0,
    tasksSucceeded: 0,
    tasksFailed: 0,
  };

  constructor(options: ExecutorOptions = {}) {
    this.options = resolveOptions(options);
  }

  get maxWorkers(): number {
    return this.options.maxWorkers;
  }

  get backend(): ResolvedOptions['backend'] {
    return this.options.backend;
  }

  get isShutdown(): boolean {
    return this.state === 'shutdown';
  }

  get isBroken(): boolean {
    return this.state === 'broken';
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
    this.stats.tasksSubmitted++;
    const submittedAt = now();
    const picklerName = options.pickler ?? this.options.pickler ?? getPickler();
    return new Promise<TaskOutcome<Awaited<R>>>((settleValue, settleError) => {
      // Counted as they settle, without a promise of their own per task.
      const resolve = (outcome: TaskOutcome<Awaited<R>>): void => {
        this.stats.tasksSucceeded++;
        settleValue(outcome);
      };
      const reject = (error: unknown): void => {
        this.stats.tasksFailed++;
        settleError(error);
      };
      if (this.state !== 'running') {
        reject(new ShutdownError(`Cannot submit a task: the executor is ${this.state === 'broken' ? 'broken' : 'shut down'}.`));
        return;
      }
      if (options.signal?.aborted) {
        reject(new CancelledError('The task was cancelled before it was submitted.', { cause: options.signal.reason }));
        return;
      }
      const spawnedBefore = this.nextWorkerId - 1;
      const enqueueWith = (pickler: Pickler): void =>
        this.enqueue({
          id: this.nextTaskId++,
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
          cleanup: () => undefined,
        });
      const builtin = builtinPickler(picklerName);
      if (builtin) {
        enqueueWith(builtin);
        return;
      }
      this.resolving++;
      const resolved = (): void => {
        this.resolving--;
      };
      resolvePickler(picklerName).finally(resolved).then(
        enqueueWith,
        (error: unknown) => {
          reject(taskError('task-serialize', error, picklerName));
          this.checkDrained();
        },
      );
    });
  }

  /** Calls `fn(item)` for every item, at most `concurrency` at a time, and resolves with the results in order. */
  async map<T, R>(
    fn: (item: T) => R,
    items: Iterable<T>,
    options: TaskOptions & { concurrency?: number } = {},
  ): Promise<Awaited<R>[]> {
    const { concurrency = this.options.maxWorkers * 2, ...taskOptions } = options;
    return mapBounded((f, args, o) => this.submitTask(f, args, o), fn, items, concurrency, taskOptions);
  }

  /** Changes the number of workers in place; running tasks go on, surviving workers keep their pids. */
  resize(maxWorkers: number): void {
    this.options = { ...this.options, maxWorkers: resolveOptions({ maxWorkers }).maxWorkers };
    this.trim();
    this.pump();
  }

  /** Stops the executor: new tasks are refused; queued and running tasks finish unless `killWorkers`. */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { wait = true, killWorkers = false } = options;
    if (this.state === 'running') this.state = 'shutdown';
    if (killWorkers) {
      this.killedOnShutdown = true;
      for (const task of this.queue.splice(0)) this.fail(task, new ShutdownError('The executor was shut down before the task ran.'));
      for (const slot of this.slots) {
        for (const task of slot.tasks.splice(0)) {
          this.fail(task, new ShutdownError('The executor was shut down while the task ran; its worker was killed.'));
        }
        this.kill(slot);
      }
    } else {
      this.trim();
    }
    const drained = new Promise<void>((resolve) => {
      this.drainWaiters.push(resolve);
      this.checkDrained();
    });
    return wait ? drained : Promise.resolve();
  }

  workerPids(): number[] {
    return [...this.slots].filter((slot) => slot.state !== 'stopping').map((slot) => slot.handle.pid);
  }

  workers(): WorkerInfo[] {
    return [...this.slots].map((slot) => ({
      id: slot.id,
      pid: slot.handle.pid,
      ...(slot.handle.threadId === undefined ? {} : { threadId: slot.handle.threadId }),
      state: slot.state,
      tasksRun: slot.tasksRun,
      tasksInFlight: slot.tasks.length,
    }));
  }

  private enqueue(task: Task): void {
    if (this.state === 'broken' || this.killedOnShutdown) {
      this.fail(task, new ShutdownError(`The executor was ${this.state === 'broken' ? 'broken' : 'shut down'} before the task ran.`));
      this.checkDrained();
      return;
    }
    const signal = task.options.signal;
    if (signal) {
      const onAbort = (): void => this.cancel(task);
      signal.addEventListener('abort', onAbort, { once: true });
      task.cleanup = () => signal.removeEventListener('abort', onAbort);
      if (signal.aborted) return this.cancel(task);
    }
    this.queue.push(task);
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.idleSlot() ?? this.slotToSendAhead(this.queue[0] as Task);
      if (!slot) break;
      this.dispatch(slot, this.queue.shift() as Task);
    }
    if (this.state === 'broken') return;
    let live = 0;
    let starting = 0;
    for (const slot of this.slots) {
      if (slot.state !== 'stopping') live++;
      if (slot.state === 'starting') starting++;
    }
    let wanted = Math.min(this.queue.length - starting, this.options.maxWorkers - live);
    while (wanted-- > 0) this.spawn();
    this.checkDrained();
  }

  private idleSlot(): Slot | undefined {
    for (const slot of this.slots) if (slot.state === 'idle') return slot;
    return undefined;
  }

  /**
   * The busy worker with the fewest tasks to send `task` ahead to, when the pool is at its full size with no
   * worker starting, and that worker's tasks are short and may wait too; undefined otherwise.
   */
  private slotToSendAhead(task: Task): Slot | undefined {
    const { pipelineDepth, maxWorkers, maxTasksPerWorker, maxMemoryGrowthMb } = this.options;
    if (!task.mayWaitInWorker || pipelineDepth < 2 || maxTasksPerWorker !== Infinity || maxMemoryGrowthMb !== Infinity) return undefined;
    let live = 0;
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.state === 'starting') return undefined;
      if (slot.state === 'stopping') continue;
      live++;
      if (slot.state !== 'busy' || slot.lastRunMs >= SHORT_TASK_MS || slot.tasks.length >= pipelineDepth) continue;
      if (!(slot.tasks[0] as Task).mayWaitInWorker) continue;
      if (!best || slot.tasks.length < best.tasks.length) best = slot;
    }
    return live === maxWorkers ? best : undefined;
  }

  private spawn(): void {
    const id = this.nextWorkerId++;
    this.stats.workersStarted++;
    const spawnWorker = this.options.backend === 'thread' ? spawnThreadWorker : spawnProcessWorker;
    const slot: Slot = {
      id,
      state: 'starting',
      tasksRun: 0,
      baselineMemory: 0,
      tasks: [],
      lastRunMs: Infinity,
      idleSince: 0,
      killed: false,
      handle: undefined as unknown as WorkerHandle,
    };
    this.slots.add(slot);
    try {
      slot.handle = spawnWorker(
        { env: this.options.env, execArgv: this.options.execArgv, resourceLimits: this.options.resourceLimits },
        { onMessage: (message) => this.onMessage(slot, message), onExit: (info) => this.onExit(slot, info) },
      );
    } catch (error) {
      // A worker that cannot even be created (bad execArgv, missing bundle) fails the same way every time.
      this.slots.delete(slot);
      this.startFailures = START_FAILURES_TO_BREAK;
      this.breakIfFailing(error instanceof Error ? error.message : String(error));
    }
  }

  private dispatch(slot: Slot, task: Task): void {
    task.stamps.dumpStart = now();
    task.measure.queuedMs = elapsedMs(task.stamps.submittedAt, task.stamps.dumpStart);
    let bytes: Uint8Array;
    try {
      bytes = task.pickler.dumps({ fn: task.fn, args: task.args }, { root: 'task', warnings: task.warnings });
    } catch (error) {
      this.fail(task, taskError('task-serialize', error, task.picklerName));
      return;
    }
    const sentAt = now();
    task.stamps.sentAt = sentAt;
    task.measure.timings.serialize = elapsedMs(task.stamps.dumpStart, sentAt);
    task.measure.bytes.task = bytes.byteLength;
    task.measure.workerStarted = slot.tasksRun === 0 && slot.tasks.length === 0 && slot.id > task.spawnedBefore;
    task.slot = slot;
    slot.tasks.push(task);
    slot.state = 'busy';
    slot.handle.keepAlive(true);
    if (task.options.timeoutMs !== undefined) {
      task.deadline = performance.now() + task.options.timeoutMs;
      this.deadlines.watch(task.deadline);
    }
    const measureMemory = this.options.maxMemoryGrowthMb !== Infinity;
    slot.handle.send({ type: 'task', id: task.id, pickler: task.picklerName, bytes, sentAt, ...(measureMemory ? { measureMemory } : {}) });
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'output') return;
    if (message.type === 'ready') {
      this.startFailures = 0;
      slot.baselineMemory = message.memoryBytes;
      if (slot.state === 'starting') slot.state = 'idle';
      this.afterIdle(slot);
      return;
    }
    // A worker killed on purpose (timeout, cancel) may still have answered; its task is already settled.
    if (slot.state === 'stopping') return;
    const task = slot.tasks[0];
    if (!task || task.id !== message.id) return;
    slot.tasks.shift();
    if (message.type === 'result' || message.stamps.ranAt !== undefined) {
      slot.lastRunMs = elapsedMs(message.stamps.loadedAt as bigint, message.stamps.ranAt as bigint);
    }
    this.finishWorkerTask(slot, message.memoryBytes);
    if (task.settled) return;
    if (message.type === 'result') this.receiveResult(task, message);
    else this.receiveFailure(task, message);
  }

  private receiveResult(task: Task, message: ResultMessage): void {
    const receivedAt = now();
    Object.assign(task.measure.timings, workerPhases(task.stamps.sentAt as bigint, message.stamps, receivedAt));
    const waitedMs = waitedInWorkerMs(message.stamps);
    task.measure.bytes.result = message.bytes.byteLength;
    if (message.warnings.length > 0) task.warnings.push(...message.warnings);
    const failed = (error: unknown): void => this.fail(task, taskError('result-deserialize', error, task.picklerName));
    let value: unknown;
    try {
      value = task.pickler.loads(message.bytes, { root: 'result', warnings: task.warnings });
    } catch (error) {
      failed(error);
      return;
    }
    // Only a custom pickler's loads may be asynchronous; the built-in ones settle the task in this turn.
    if (isThenable(value)) Promise.resolve(value).then((loaded) => this.resolveResult(task, loaded, receivedAt, waitedMs), failed);
    else this.resolveResult(task, value, receivedAt, waitedMs);
  }

  private resolveResult(task: Task, value: unknown, receivedAt: bigint, waitedMs: number): void {
    const loadedAt = now();
    const t = task.measure.timings;
    t.resultDeserialize = elapsedMs(receivedAt, loadedAt);
    t.total = elapsedMs(task.stamps.dumpStart as bigint, loadedAt) - waitedMs;
    const slot = task.slot as Slot;
    this.settle(task);
    task.resolve({
      value,
      timings: t as TaskOutcome<unknown>['timings'],
      bytes: task.measure.bytes as TaskOutcome<unknown>['bytes'],
      warnings: task.warnings,
      workerId: slot.id,
      pid: slot.handle.pid,
      ...(slot.handle.threadId === undefined ? {} : { threadId: slot.handle.threadId }),
      workerStarted: task.measure.workerStarted ?? false,
      queuedMs: (task.measure.queuedMs ?? 0) + waitedMs,
      pickler: task.picklerName,
    });
  }

  private receiveFailure(task: Task, message: FailureMessage): void {
    Object.assign(task.measure.timings, workerPhases(task.stamps.sentAt as bigint, message.stamps));
    task.measure.queuedMs = (task.measure.queuedMs ?? 0) + waitedInWorkerMs(message.stamps);
    const cause = rebuildError(message.error);
    if (message.kind === 'run' && !message.error.location) {
      // The user's frame in the stack, else (code shipped by value runs as evaluated code) the function's definition.
      const location = userLocationFromStack(cause.stack) ?? definitionOf(task.fn);
      if (location) Object.assign(cause, { location });
    }
    this.fail(task, taskError(message.kind, cause, task.picklerName));
  }

  private onExit(slot: Slot, info: ExitInfo): void {
    this.slots.delete(slot);
    this.stats.workersExited++;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const [task, ...notStarted] = slot.tasks.splice(0);
    if (slot.state === 'starting' && !slot.killed) {
      this.startFailures++;
      this.breakIfFailing(terminatedError(info, this.options.backend).message);
    }
    if (task && !task.settled) this.fail(task, terminatedError(info, this.options.backend));
    this.requeue(notStarted);
    this.pump();
  }

  /** Tasks sent ahead to a worker that died before starting them go back to the front of the queue. */
  private requeue(tasks: Task[]): void {
    const waiting = tasks.filter((task) => !task.settled);
    for (const task of waiting) {
      task.slot = undefined;
      task.warnings = [];
      task.measure = { timings: {}, bytes: {} };
      task.stamps = { submittedAt: task.stamps.submittedAt };
    }
    if (this.state === 'broken' || this.killedOnShutdown) {
      for (const task of waiting) this.fail(task, new ShutdownError('The executor stopped before the task ran.'));
      return;
    }
    this.queue.unshift(...waiting);
  }

  private breakIfFailing(reason: string): void {
    if (this.startFailures < START_FAILURES_TO_BREAK) return;
    this.state = 'broken';
    for (const task of this.queue.splice(0)) {
      this.fail(task, new WorkerTerminatedError(`The executor is broken: its workers fail to start.\n${reason}`));
    }
    this.checkDrained();
  }

  /** The worker finished a task (well or not): recycle it if it is due, else make it available. */
  private finishWorkerTask(slot: Slot, memoryBytes: number): void {
    slot.tasksRun++;
    if (slot.tasks.length > 0) {
      // More tasks were sent ahead: the worker goes on with them; the queue may top them up.
      this.pump();
      return;
    }
    slot.state = 'idle';
    const grownMb = (memoryBytes - slot.baselineMemory) / (1024 * 1024);
    if (slot.tasksRun >= this.options.maxTasksPerWorker || grownMb > this.options.maxMemoryGrowthMb) {
      this.stop(slot);
      this.pump();
      return;
    }
    this.afterIdle(slot);
  }

  private afterIdle(slot: Slot): void {
    this.trim();
    this.pump();
    if (slot.state !== 'idle') return;
    if (this.state !== 'running' && this.queue.length === 0) {
      this.stop(slot);
      return;
    }
    slot.handle.keepAlive(false);
    slot.idleSince = performance.now();
    if (!slot.idleTimer) this.armIdleTimer(slot, this.options.idleTimeoutMs);
  }

  /**
   * Stops the worker once it has been idle for idleTimeoutMs. The timer is not re-armed for every task (that
   * costs more than a short task): when it fires early it waits for the rest of the current idle stretch.
   */
  private armIdleTimer(slot: Slot, delayMs: number): void {
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = undefined;
      if (slot.state === 'stopping') return;
      const idleMs = slot.state === 'idle' ? performance.now() - slot.idleSince : 0;
      if (slot.state === 'idle' && idleMs >= this.options.idleTimeoutMs) this.stop(slot);
      else this.armIdleTimer(slot, this.options.idleTimeoutMs - idleMs);
    }, Math.max(delayMs, 1));
    slot.idleTimer.unref();
  }

  /** Stops idle workers beyond the pool's size; busy ones are stopped when their task ends. */
  private trim(): void {
    let liveCount = 0;
    for (const slot of this.slots) if (slot.state !== 'stopping') liveCount++;
    let excess = liveCount - this.options.maxWorkers;
    const shutdownIdle = this.state === 'shutdown' && this.queue.length === 0;
    // The common case, a pool within its size and running, needs no list of its workers.
    if (excess <= 0 && !shutdownIdle) return;
    const live = [...this.slots].filter((slot) => slot.state !== 'stopping');
    for (const slot of live) {
      if (excess <= 0) break;
      if (slot.state === 'idle' || (slot.state === 'starting' && this.queue.length === 0)) {
        this.stop(slot);
        excess--;
      }
    }
    if (shutdownIdle) {
      for (const slot of live) if (slot.state === 'idle') this.stop(slot);
    }
  }

  private stop(slot: Slot): void {
    if (slot.state === 'stopping') return;
    const wasStarting = slot.state === 'starting';
    slot.state = 'stopping';
    slot.killed = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    // Held until it has exited, so a caller awaiting shutdown is not left behind.
    slot.handle.keepAlive(true);
    if (wasStarting) {
      slot.handle.kill();
      return;
    }
    slot.handle.stop();
    setTimeout(() => slot.handle.kill(), STOP_GRACE_MS).unref();
  }

  private kill(slot: Slot): void {
    slot.state = 'stopping';
    slot.killed = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    // Held until it has exited, as in stop(): an idle worker is unreferenced, and its exit must still be seen.
    slot.handle?.keepAlive(true);
    slot.handle?.kill();
  }

  /** Fails the running tasks whose deadline has passed, killing their workers; returns the next deadline. */
  private timeOutDueTasks(now: number): number {
    let next = Infinity;
    for (const slot of this.slots) {
      const task = slot.tasks[0];
      if (!task || task.settled || task.deadline === undefined || slot.state === 'stopping') continue;
      // Timers may fire a little before the reading they were armed for.
      if (task.deadline > now + 1) {
        next = Math.min(next, task.deadline);
        continue;
      }
      const timeoutMs = task.options.timeoutMs;
      this.fail(
        task,
        new TimeoutError(`The task did not finish within ${timeoutMs} ms; its worker was killed and will be replaced.`, {
          cause: { timeoutMs, workerId: slot.id, pid: slot.handle.pid },
          hint: 'Raise timeoutMs if the task is slow, or look for an endless loop.',
        }),
      );
      this.kill(slot);
    }
    return next;
  }

  private cancel(task: Task): void {
    if (task.settled) return;
    const queued = this.queue.indexOf(task);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = task.slot;
    const running = slot?.tasks[0] === task;
    this.fail(
      task,
      new CancelledError(
        running ? 'The task was cancelled while it ran; its worker was killed and will be replaced.' : 'The task was cancelled before it ran.',
        { cause: task.options.signal?.reason },
      ),
    );
    if (running && slot) this.kill(slot);
    this.checkDrained();
  }

  private fail(task: Task, error: Error): void {
    if (task.settled) return;
    this.settle(task);
    Object.defineProperty(error, 'partial', { value: task.measure, enumerable: false, configurable: true });
    task.reject(error);
  }

  private settle(task: Task): void {
    task.settled = true;
    task.cleanup();
  }

  private checkDrained(): void {
    if (this.state === 'running' || this.queue.length > 0 || this.slots.size > 0 || this.resolving > 0) return;
    this.deadlines.stop();
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}
