import type { ValueWarning } from '../protocol/report';

/**
 * The messages between the executor and a worker. Timestamps are `process.hrtime.bigint()` readings
 * (CLOCK_MONOTONIC), comparable across the processes and threads of one machine.
 */

export interface TaskMessage {
  type: 'task';
  id: number;
  pickler: string;
  bytes: Uint8Array;
  sentAt: bigint;
  /** Report the worker's memory after the task (the pool recycles on growth); else `memoryBytes` is 0. */
  measureMemory?: boolean;
}

export interface StopMessage {
  type: 'stop';
}

export type ToWorker = TaskMessage | StopMessage;

/** An error as plain data, so it crosses a process or thread boundary whatever it holds. */
export interface RemoteError {
  name: string;
  message: string;
  stack?: string;
  /** Own properties such as `code`, `errno`, `syscall`, as values that survive the crossing. */
  props: Record<string, unknown>;
  /** A pickler's message without its path, location and hint. */
  summary?: string;
  path?: string;
  location?: { file: string; line: number; column: number };
  hint?: string;
  valueType?: string;
  cause?: RemoteError;
}

export interface WorkerStamps {
  /** The task's message arrived in the worker. */
  receivedAt: bigint;
  /** The worker began the task: later than receivedAt when it was sent ahead, behind an earlier task. */
  startedAt: bigint;
  loadedAt?: bigint;
  ranAt?: bigint;
  sentAt?: bigint;
}

export interface ReadyMessage {
  type: 'ready';
  pid: number;
  memoryBytes: number;
  /** A child process can read large task payloads from the side file its parent passed (./side-file.ts). */
  sideFile?: boolean;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  bytes: Uint8Array;
  stamps: Required<WorkerStamps>;
  warnings: ValueWarning[];
  memoryBytes: number;
}

export type WorkerFailureKind = 'task-deserialize' | 'run' | 'result-serialize';

export interface FailureMessage {
  type: 'failure';
  id: number;
  kind: WorkerFailureKind;
  error: RemoteError;
  stamps: WorkerStamps;
  taskBytes: number;
  memoryBytes: number;
}

/** A thread worker's console output, captured in the thread (a Worker's own stdio streams would pin the parent). */
export interface OutputMessage {
  type: 'output';
  stream: 'stdout' | 'stderr';
  text: string;
}

export type FromWorker = ReadyMessage | ResultMessage | FailureMessage | OutputMessage;
