import { stopWithGrace, type GracefulStop } from '../../shared/process-stop';
import type { FromWorker } from './messages';
import { IdleExit } from './idle-exit';
import type { Task } from './task';
import type { WorkerInfo } from './types';
import type { ExitInfo, WorkerEvents, WorkerHandle } from './worker-handle';

/** How long a worker asked to stop has to exit before it is killed. */
const STOP_GRACE_MS = 2_000;

export interface SlotEvents {
  onMessage(slot: WorkerSlot, message: FromWorker): void;
  onUnreadable(slot: WorkerSlot, error: Error): void;
  onExit(slot: WorkerSlot, info: ExitInfo): void;
  /** The worker has been idle for the pool's idle timeout. */
  onIdleTooLong(slot: WorkerSlot): void;
}

/** One worker as the pool sees it: its state, the tasks handed to it, and how it is ended. */
export class WorkerSlot {
  state: WorkerInfo['state'] = 'starting';
  tasksRun = 0;
  /** Its memory when it became ready, to measure growth against (maxMemoryGrowthMb). */
  baselineMemory = 0;
  /** The tasks handed to the worker and not answered yet, in order: the first is running, the others wait. */
  readonly tasks: Task[] = [];
  /** The run phase of the worker's last task, in milliseconds. */
  lastRunMs = Infinity;
  /** The pool ended the worker on purpose (idle, recycled, timeout, cancel, shutdown). */
  endedOnPurpose = false;
  readonly handle: WorkerHandle;
  private readonly idleExit: IdleExit;
  private stopping: GracefulStop | undefined;

  /** Spawns the worker; throws when it cannot even be created (a bad execArgv, a missing bundle). */
  constructor(
    readonly id: number,
    spawn: (events: WorkerEvents) => WorkerHandle,
    events: SlotEvents,
    idleTimeoutMs: () => number,
  ) {
    this.idleExit = new IdleExit(
      idleTimeoutMs,
      () => this.state === 'idle',
      () => events.onIdleTooLong(this),
    );
    this.handle = spawn({
      onMessage: (message) => events.onMessage(this, message),
      onUnreadable: (error) => events.onUnreadable(this, error),
      onExit: (info) => {
        this.idleExit.cancel();
        this.stopping?.cancel();
        events.onExit(this, info);
      },
    });
  }

  get isLive(): boolean {
    return this.state !== 'stopping';
  }

  /** The task the worker runs now (or will start first). */
  get current(): Task | undefined {
    return this.tasks[0];
  }

  hand(task: Task): void {
    task.slot = this;
    this.tasks.push(task);
    this.state = 'busy';
    this.handle.keepAlive(true);
  }

  /** The worker has nothing left to do: it no longer keeps the parent alive, and may end when idle too long. */
  rest(): void {
    this.state = 'idle';
    this.handle.keepAlive(false);
    this.idleExit.becameIdle();
  }

  /**
   * Ends the worker, held until it has exited so that a caller awaiting shutdown sees it go: `stop` asks it to
   * exit (a worker still starting is killed) and kills it after a grace; `kill` kills it at once, also one
   * already asked to stop.
   */
  end(how: 'stop' | 'kill'): void {
    const wasStarting = this.state === 'starting';
    if (how === 'stop' && this.state === 'stopping') return;
    this.state = 'stopping';
    this.endedOnPurpose = true;
    this.idleExit.cancel();
    this.handle.keepAlive(true);
    if (how === 'kill' || wasStarting) {
      if (this.stopping) this.stopping.killNow();
      else this.handle.kill();
      return;
    }
    this.stopping = stopWithGrace(
      () => this.handle.stop(),
      () => this.handle.kill(),
      STOP_GRACE_MS,
    );
  }

  info(): WorkerInfo {
    return {
      id: this.id,
      pid: this.handle.pid,
      ...(this.handle.threadId === undefined ? {} : { threadId: this.handle.threadId }),
      state: this.state,
      tasksRun: this.tasksRun,
      tasksInFlight: this.tasks.length,
    };
  }
}
