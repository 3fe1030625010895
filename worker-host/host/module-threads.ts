/**
 * Where the worker host runs a JavaScript or TypeScript profile: in a worker thread per user file, never in its
 * own isolate. V8 shares object shapes isolate-wide, and the payload a value serializes to depends on them (a
 * field that once held a double makes every whole number in it an 8-byte double). Loading an edited file in the
 * isolate that ran the old version therefore gives other sizes than a fresh program (the CLI) gets for the same
 * value. A file's thread is reused while the file and the user files it loaded are unchanged; a profile of a
 * changed file gets a fresh thread, and the old one ends once its running profiles are done. A fresh thread is
 * prepared while the host is idle (the loader's hooks and esbuild started), so an edit costs only the load.
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { distFile } from '../paths';
import type { ProfileOptions, ProfileReport, ProfileRequest } from '../protocol/report';
import { HostFailureError } from './failure';
import type { FromModuleThread, ToModuleThread } from './thread-messages';

/**
 * A worker thread's stack is 4 MB by default; a main thread's, where a program (and the CLI) builds and sends its
 * values, lets V8 use 984 KB. Node keeps 192 KB of a thread's stack in reserve, so this stack gives V8 the same
 * room, and a value too deep to serialize in a program is too deep here.
 */
const MAIN_THREAD_STACK_MB = (984 + 192) / 1024;

/** Idle threads kept for files not profiled lately; each holds its module's values. */
const KEPT_THREADS = 4;

interface Waiting {
  request: ProfileRequest;
  options: ProfileOptions;
  resolve(report: ProfileReport): void;
  reject(error: Error): void;
}

class ModuleThread {
  readonly running = new Map<number, Waiting>();
  /** Set by the first profile; a spare thread has none yet. */
  file: string | undefined;
  /** Settles when the thread has warmed up (or is gone). */
  readonly warmed: Promise<void>;
  private retired = false;
  private readonly worker: Worker;
  private onWarm: () => void = () => undefined;

  constructor(
    private readonly onStale: (thread: ModuleThread, id: number, waiting: Waiting) => void,
    private readonly onGone: (thread: ModuleThread) => void,
  ) {
    this.warmed = new Promise((resolve) => (this.onWarm = resolve));
    this.worker = new Worker(distFile('module-thread.js'), { resourceLimits: { stackSizeMb: MAIN_THREAD_STACK_MB } });
    this.worker.on('message', (message: FromModuleThread) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(`failed: ${error.message}`));
    this.worker.on('exit', (code) => this.fail(`stopped (exit code ${code})`));
  }

  warm(): void {
    this.send({ type: 'warm' });
  }

  send(message: ToModuleThread): void {
    this.worker.postMessage(message);
  }

  submit(id: number, waiting: Waiting): void {
    this.running.set(id, waiting);
    waiting.options.signal?.addEventListener('abort', () => this.send({ type: 'cancel', id }), { once: true });
    this.send({ type: 'profile', id, request: waiting.request });
  }

  /** No new profiles; the thread ends when the running ones are done. */
  retire(): void {
    this.retired = true;
    if (this.running.size === 0) void this.worker.terminate();
  }

  private onMessage(message: FromModuleThread): void {
    if (message.type === 'warm') return this.onWarm();
    const waiting = this.running.get(message.id);
    if (!waiting) return;
    if (message.type === 'progress') return waiting.options.onProgress?.(message.progress);
    this.running.delete(message.id);
    if (message.type === 'stale') this.onStale(this, message.id, waiting);
    else if (message.type === 'report') waiting.resolve(message.report);
    else waiting.reject(new HostFailureError(message.failure));
    if (this.retired && this.running.size === 0) void this.worker.terminate();
  }

  private fail(how: string): void {
    this.onWarm();
    this.onGone(this);
    for (const waiting of this.running.values()) {
      const message = `The thread profiling ${this.file ?? 'a file'} ${how}.`;
      waiting.reject(new HostFailureError({ reason: 'internal', message }));
    }
    this.running.clear();
  }
}

export class ModuleThreads {
  /** Most recently used last. */
  private readonly threads = new Map<string, ModuleThread>();
  private spare: ModuleThread | undefined;

  async profile(request: ProfileRequest, id: number, options: ProfileOptions): Promise<ProfileReport> {
    // A spare thread warming up would compete with the measured rounds for the CPU.
    await this.spare?.warmed;
    try {
      return await new Promise((resolve, reject) => this.submit(id, { request, options, resolve, reject }));
    } finally {
      this.prepareSpare();
    }
  }

  /** Ends every thread once its running profiles are done (the caller aborts them). */
  async shutdown(): Promise<void> {
    const threads = [...this.threads.values(), ...(this.spare ? [this.spare] : [])];
    this.threads.clear();
    this.spare = undefined;
    threads.forEach((thread) => thread.retire());
  }

  private submit(id: number, waiting: Waiting, fresh = false): void {
    const file = resolve(waiting.request.file);
    let thread = this.threads.get(file);
    if (fresh && thread) this.drop(thread);
    thread = fresh || !thread ? this.takeSpare(file) : thread;
    this.threads.delete(file);
    this.threads.set(file, thread);
    thread.submit(id, waiting);
    this.trim();
  }

  private takeSpare(file: string): ModuleThread {
    const thread = this.spare ?? this.start();
    this.spare = undefined;
    thread.file = file;
    return thread;
  }

  /** Once no profile runs, a warmed thread waits for the next file that needs a fresh one. */
  prepareSpare(): void {
    if (this.spare || [...this.threads.values()].some((thread) => thread.running.size > 0)) return;
    this.spare = this.start();
    this.spare.warm();
  }

  private start(): ModuleThread {
    return new ModuleThread(
      // Another profile may have replaced the stale thread already; only a thread still current is dropped.
      (stale, id, waiting) =>
        this.submit(id, waiting, stale.file !== undefined && this.threads.get(stale.file) === stale),
      (gone) => {
        if (gone === this.spare) this.spare = undefined;
        if (gone.file !== undefined && this.threads.get(gone.file) === gone) this.threads.delete(gone.file);
      },
    );
  }

  private drop(thread: ModuleThread): void {
    if (thread.file !== undefined && this.threads.get(thread.file) === thread) this.threads.delete(thread.file);
    thread.retire();
  }

  private trim(): void {
    for (const thread of this.threads.values()) {
      if (this.threads.size <= KEPT_THREADS) return;
      if (thread.running.size === 0) this.drop(thread);
    }
  }
}
