import type { ResourceLimits } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './messages';

/** How a worker ended: its exit code or signal, and the error a thread reported before it stopped. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
  /** The worker's last lines on stderr. */
  stderr: string;
}

/** One worker, child process or thread, as the pool drives it. */
export interface WorkerHandle {
  /** The operating-system process the worker runs in (the parent's own pid for a thread). */
  readonly pid: number;
  /** The worker thread's id; absent for a process. */
  readonly threadId?: number;
  send(message: ToWorker): void;
  /** Asks the worker to exit once idle. */
  stop(): void;
  /** Ends the worker now, whatever it is doing. */
  kill(): void;
  /** Whether the worker keeps the parent alive: yes while busy, no while idle. */
  keepAlive(busy: boolean): void;
}

export interface WorkerEvents {
  onMessage(message: FromWorker): void;
  /** A message arrived that could not be read back; answers keep their order, so it was the next one due. */
  onUnreadable(error: Error): void;
  onExit(info: ExitInfo): void;
}

export interface SpawnOptions {
  env: Record<string, string | undefined>;
  execArgv: string[];
  resourceLimits?: ResourceLimits;
}
