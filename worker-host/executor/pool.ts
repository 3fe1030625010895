import { CancelledError, type SerializationProfilerError, ShutdownError, WorkerTerminatedError } from '../errors';
import { AbortWatch } from './abort-watch';
import { failureOf, readResult, unreadableAnswer } from './answers';
import { elapsedMs } from './clock';
import type { FromWorker } from './messages';
import type { ResolvedOptions } from './options';
import { spawnProcessWorker } from './process-worker';
import { isDueForRecycling } from './recycling';
import { workerToSendAhead } from './send-ahead';
import { type Task, dumpTask, resetForRetry } from './task';
import { taskError, terminatedError } from './task-errors';
import { TaskQueue } from './task-queue';
import { TaskTimeouts } from './task-timeouts';
import { spawnThreadWorker } from './thread-worker';
import type { ExecutorStats, TaskOutcome } from './types';
import type { ExitInfo } from './worker-handle';
import { tasksOfDeadWorker } from './worker-death';
import { WorkerSet } from './worker-set';
import { type SlotEvents, WorkerSlot } from './worker-slot';

/** Consecutive workers that die before they are ready before the executor counts as broken. */
const START_FAILURES_TO_BREAK = 3;

/**
 * Schedules an executor's tasks (executor.ts is its public face): it queues them (task-queue.ts), hands them to
 * its workers (worker-slot.ts, worker-set.ts), sends short ones ahead (send-ahead.ts), replaces workers that
 * are due (recycling.ts) or idle too long (idle-exit.ts), times tasks out (task-timeouts.ts), cancels them
 * (abort-watch.ts), decides what becomes of the tasks of a worker that died (worker-death.ts), and drains.
 */
export class Pool {
  state: 'running' | 'shutdown' | 'broken' = 'running';
  private readonly queue = new TaskQueue();
  /** Its workers, for the executor to list. */
  readonly slots = new WorkerSet();
  private lastWorkerId = 0;
  private startFailures = 0;
  private killedOnShutdown = false;
  /** Work that must end before the pool counts as drained (a task's pickler being loaded). */
  private pendingOutside = 0;
  private readonly drainWaiters: (() => void)[] = [];
  /** The worker the last task went to in this turn: the next ones go on to it, in one message (send-ahead.ts). */
  private filling: WorkerSlot | undefined;
  private readonly timeouts = new TaskTimeouts(this.slots, (task, slot, error) => {
    this.fail(task, error);
    slot.end('kill');
  });
  private readonly aborts = new AbortWatch<Task>((task) => this.cancel(task));
  private readonly slotEvents: SlotEvents = {
    onMessage: (slot, message) => this.onMessage(slot, message),
    onUnreadable: (slot, error) => this.onUnreadable(slot, error),
    onExit: (slot, info) => this.onExit(slot, info),
    onIdleTooLong: (slot) => slot.end('stop'),
  };

  constructor(
    public options: ResolvedOptions,
    private readonly stats: ExecutorStats,
  ) {}

  /** How many workers were started so far; a task submitted now counts later ones as started for it. */
  get workersSpawned(): number {
    return this.lastWorkerId;
  }

  /** Calls `then` or `otherwise` once `work` settles; until then the pool does not count as drained. */
  after<T>(work: Promise<T>, then: (value: T) => void, otherwise: (error: unknown) => void): void {
    this.pendingOutside++;
    work.then(then, otherwise).finally(() => {
      this.pendingOutside--;
      this.checkDrained();
    });
  }

  resize(maxWorkers: number): void {
    this.options = { ...this.options, maxWorkers };
    this.trim();
    this.pump();
  }

  /** Stops taking tasks and resolves once every worker has exited; `killWorkers` fails queued and running tasks now. */
  shutdown(killWorkers: boolean): Promise<void> {
    if (this.state === 'running') this.state = 'shutdown';
    if (killWorkers) {
      this.killedOnShutdown = true;
      for (const task of this.queue.takeAll())
        this.fail(task, new ShutdownError('The executor was shut down before the task ran.'));
      for (const slot of this.slots) {
        for (const task of slot.tasks.splice(0)) {
          this.fail(task, new ShutdownError('The executor was shut down while the task ran; its worker was killed.'));
        }
        slot.end('kill');
      }
    } else {
      this.trim();
    }
    return new Promise<void>((resolve) => {
      this.drainWaiters.push(resolve);
      this.checkDrained();
    });
  }

  enqueue(task: Task): void {
    if (this.state === 'broken' || this.killedOnShutdown) {
      this.fail(
        task,
        new ShutdownError(`The executor was ${this.state === 'broken' ? 'broken' : 'shut down'} before the task ran.`),
      );
      this.checkDrained();
      return;
    }
    const signal = task.options.signal;
    if (signal?.aborted) return this.cancel(task);
    if (signal) this.aborts.watch(signal, task);
    this.queue.push(task);
    this.pump();
  }

  /** Hands waiting tasks to idle workers (or sends them ahead), then starts the workers the queue still needs. */
  private pump(): void {
    for (let task = this.queue.peek(); task; task = this.queue.peek()) {
      const slot = this.slots.idle() ?? workerToSendAhead(this.slots, task, this.options, this.filling);
      if (!slot) break;
      this.queue.shift();
      this.dispatch(slot, task);
      if (this.filling === undefined) queueMicrotask(() => (this.filling = undefined));
      this.filling = slot;
    }
    if (this.state === 'broken') return;
    const { live, starting } = this.slots.counts();
    let wanted = Math.min(this.queue.length - starting, this.options.maxWorkers - live);
    while (wanted-- > 0) this.spawn();
    this.checkDrained();
  }

  private spawn(): void {
    const id = ++this.lastWorkerId;
    this.stats.workersStarted++;
    const spawnWorker = this.options.backend === 'thread' ? spawnThreadWorker : spawnProcessWorker;
    const { env, execArgv, resourceLimits } = this.options;
    try {
      const slot = new WorkerSlot(
        id,
        (events) => spawnWorker({ env, execArgv, resourceLimits }, events),
        this.slotEvents,
        () => this.options.idleTimeoutMs,
      );
      this.slots.add(slot);
    } catch (error) {
      // A worker that cannot even be created (bad execArgv, missing bundle) fails the same way every time.
      this.startFailures = START_FAILURES_TO_BREAK;
      this.breakIfFailing(error instanceof Error ? error.message : String(error));
    }
  }

  private dispatch(slot: WorkerSlot, task: Task): void {
    const dumped = dumpTask(task);
    if ('error' in dumped) return this.fail(task, taskError('task-serialize', dumped.error, task.picklerName));
    const { bytes } = dumped;
    const sentAt = task.stamps.sentAt as bigint;
    task.measure.workerStarted = slot.tasksRun === 0 && slot.tasks.length === 0 && slot.id > task.spawnedBefore;
    slot.hand(task);
    this.timeouts.started(task);
    const measureMemory = this.options.maxMemoryGrowthMb !== Infinity;
    slot.handle.send({
      type: 'task',
      id: task.id,
      pickler: task.picklerName,
      bytes,
      sentAt,
      ...(measureMemory ? { measureMemory } : {}),
    });
  }

  private onMessage(slot: WorkerSlot, message: FromWorker): void {
    if (message.type === 'output') return;
    if (message.type === 'ready') {
      this.startFailures = 0;
      slot.baselineMemory = message.memoryBytes;
      if (slot.state === 'starting') slot.state = 'idle';
      this.afterIdle(slot);
      return;
    }
    // A worker ended on purpose (timeout, cancel) may still have answered; its task is already settled.
    if (!slot.isLive) return;
    const task = slot.current;
    if (!task || task.id !== message.id) return;
    slot.tasks.shift();
    if (message.type === 'result' || message.stamps.ranAt !== undefined) {
      slot.lastRunMs = elapsedMs(message.stamps.loadedAt as bigint, message.stamps.ranAt as bigint);
    }
    this.finishWorkerTask(slot, message.memoryBytes);
    if (task.settled) return;
    if (message.type === 'failure') return this.fail(task, failureOf(task, message));
    const failed = (error: SerializationProfilerError): void => this.fail(task, error);
    readResult(task, slot, message, (outcome) => this.succeed(task, outcome), failed);
  }

  /** The worker's next answer could not be read back: it was for its current task, which fails; the worker goes on. */
  private onUnreadable(slot: WorkerSlot, error: Error): void {
    const task = slot.isLive ? slot.tasks.shift() : undefined;
    if (!task) return;
    this.finishWorkerTask(slot, slot.baselineMemory);
    this.fail(task, unreadableAnswer(task, error));
  }

  private onExit(slot: WorkerSlot, info: ExitInfo): void {
    this.slots.delete(slot);
    this.stats.workersExited++;
    const { mayHaveRun, neverStarted } = tasksOfDeadWorker(slot);
    if (slot.state === 'starting' && !slot.endedOnPurpose) {
      this.startFailures++;
      this.breakIfFailing(terminatedError(info, this.options.backend).message);
    }
    if (mayHaveRun) this.fail(mayHaveRun, terminatedError(info, this.options.backend));
    for (const task of neverStarted) resetForRetry(task);
    if (this.state === 'broken' || this.killedOnShutdown) {
      for (const task of neverStarted) this.fail(task, new ShutdownError('The executor stopped before the task ran.'));
    } else {
      this.queue.putBack(neverStarted);
    }
    this.pump();
  }

  private breakIfFailing(reason: string): void {
    if (this.startFailures < START_FAILURES_TO_BREAK) return;
    this.state = 'broken';
    for (const task of this.queue.takeAll()) {
      this.fail(task, new WorkerTerminatedError(`The executor is broken: its workers fail to start.\n${reason}`));
    }
    this.checkDrained();
  }

  /** The worker finished a task (well or not): it goes on with those sent ahead, is recycled if due, or rests. */
  private finishWorkerTask(slot: WorkerSlot, memoryBytes: number): void {
    slot.tasksRun++;
    if (slot.tasks.length > 0) {
      this.pump();
      return;
    }
    slot.state = 'idle';
    if (isDueForRecycling(slot, memoryBytes, this.options)) {
      slot.end('stop');
      this.pump();
      return;
    }
    this.afterIdle(slot);
  }

  private afterIdle(slot: WorkerSlot): void {
    this.trim();
    this.pump();
    if (slot.state !== 'idle') return;
    if (this.state !== 'running' && this.queue.length === 0) slot.end('stop');
    else slot.rest();
  }

  private trim(): void {
    const shuttingDown = this.state === 'shutdown';
    for (const slot of this.slots.spare(this.options.maxWorkers, this.queue.length === 0, shuttingDown))
      slot.end('stop');
  }

  private cancel(task: Task): void {
    if (task.settled) return;
    this.queue.remove(task);
    const slot = task.slot;
    const running = slot?.current === task;
    const message = running
      ? 'The task was cancelled while it ran; its worker was killed and will be replaced.'
      : 'The task was cancelled before it ran.';
    this.fail(task, new CancelledError(message, { cause: task.options.signal?.reason }));
    if (running) slot?.end('kill');
    this.checkDrained();
  }

  private succeed(task: Task, outcome: TaskOutcome<unknown>): void {
    if (task.settled) return;
    this.settle(task);
    task.resolve(outcome);
  }

  /** Rejects a task once, with what was measured of it before it failed. */
  private fail(task: Task, error: SerializationProfilerError): void {
    if (task.settled) return;
    this.settle(task);
    error.partial = task.measure;
    task.reject(error);
  }

  private settle(task: Task): void {
    task.settled = true;
    if (task.options.signal) this.aborts.forget(task.options.signal, task);
  }

  private checkDrained(): void {
    if (this.state === 'running' || this.queue.length > 0 || this.slots.size > 0 || this.pendingOutside > 0) return;
    this.timeouts.stop();
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}
