/**
 * Where the worker host runs a JavaScript or TypeScript profile: in a worker thread per user file, never in its
 * own isolate. V8 shares object shapes isolate-wide, and the payload a value serializes to depends on them (a
 * field that once held a double makes every whole number in it an 8-byte double). Loading an edited file in the
 * isolate that ran the old version therefore gives other sizes than a fresh program (the CLI) gets for the same
 * value. A file's thread is reused while the file and the user files it loaded are unchanged; a profile of a
 * changed file gets a fresh thread, and the old one ends once its running profiles are done.
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { distFile } from '../paths';
import type { ProfileOptions, ProfileReport, ProfileRequest } from '../protocol/report';
import { HostFailureError } from './failure';
import type { FromModuleThread, ToModuleThread } from './thread-messages';

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
  private retired = false;
  private readonly worker: Worker;

  constructor(
    readonly file: string,
    private readonly onStale: (thread: ModuleThread, id: number, waiting: Waiting) => void,
    private readonly onGone: (thread: ModuleThread) => void,
  ) {
    this.worker = new Worker(distFile('module-thread.js'));
    this.worker.on('message', (message: FromModuleThread) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(`failed: ${error.message}`));
    this.worker.on('exit', (code) => this.fail(`stopped (exit code ${code})`));
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
    this.onGone(this);
    for (const waiting of this.running.values()) {
      const message = `The thread profiling ${this.file} ${how}.`;
      waiting.reject(new HostFailureError({ reason: 'internal', message }));
    }
    this.running.clear();
  }
}

export class ModuleThreads {
  /** Most recently used last. */
  private readonly threads = new Map<string, ModuleThread>();

  profile(request: ProfileRequest, id: number, options: ProfileOptions): Promise<ProfileReport> {
    return new Promise((resolve, reject) => this.submit(id, { request, options, resolve, reject }));
  }

  /** Ends every thread once its running profiles are done (the caller aborts them). */
  async shutdown(): Promise<void> {
    const threads = [...this.threads.values()];
    this.threads.clear();
    threads.forEach((thread) => thread.retire());
  }

  private submit(id: number, waiting: Waiting, fresh = false): void {
    const file = resolve(waiting.request.file);
    let thread = this.threads.get(file);
    if (fresh && thread) this.drop(thread);
    thread = fresh || !thread ? this.start(file) : thread;
    this.threads.delete(file);
    this.threads.set(file, thread);
    thread.submit(id, waiting);
    this.trim();
  }

  private start(file: string): ModuleThread {
    return new ModuleThread(
      file,
      // Another profile may have replaced the stale thread already; only a thread still current is dropped.
      (stale, id, waiting) => this.submit(id, waiting, this.threads.get(file) === stale),
      (gone) => {
        if (this.threads.get(file) === gone) this.threads.delete(file);
      },
    );
  }

  private drop(thread: ModuleThread): void {
    if (this.threads.get(thread.file) === thread) this.threads.delete(thread.file);
    thread.retire();
  }

  private trim(): void {
    for (const thread of this.threads.values()) {
      if (this.threads.size <= KEPT_THREADS) return;
      if (thread.running.size === 0) this.drop(thread);
    }
  }
}
