// Over 300 lines on purpose: the worker host's supervisor, whose start, restart budget, requests and escalating
// cancellation all act on the state of one child process.
import { fork, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import type { HostFailure, HostMethod, HostMethods, HostRequest } from '../../shared/host-messages';
import { isHostToExtension } from '../../shared/host-messages';
import { killProcessGroup, stopWithGrace } from '../../shared/process-stop';
import type { ProfileProgress } from '../../shared/report';
import { SECTION } from '../settings';
import { resolveNodeRuntime } from './node-runtime';

/**
 * The host runs in its own process group (POSIX), so that stopping it also stops its workers: a worker stuck in
 * user code never sees its parent go.
 */
const HOST_LEADS_GROUP = process.platform !== 'win32';

/** A request that failed in the worker host, or because the host stopped. */
export class HostRequestError extends Error {
  constructor(readonly failure: HostFailure) {
    super(failure.message);
    this.name = 'HostRequestError';
  }
}

export interface HostCall<T> {
  id: number;
  result: Promise<T>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: HostRequestError): void;
  onProgress?: (progress: ProfileProgress) => void;
}

export type HostState = 'stopped' | 'starting' | 'running' | 'failed';

const READY_TIMEOUT_MS = 15_000;
const RESTART_WINDOW_MS = 3 * 60_000;
const MAX_RESTARTS = 3;
/** After asking the host to cancel, how long a run may take to stop before the host is killed. */
const CANCEL_GRACE_MS = 4_000;

/**
 * Forks dist/worker-host.js and supervises it: typed requests with progress, restart after a crash
 * (at most MAX_RESTARTS within RESTART_WINDOW_MS), cancellation that kills the host if a run will not stop.
 */
export class WorkerHostClient implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private starting: Promise<ChildProcess> | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly stoppedOnPurpose = new WeakSet<ChildProcess>();
  private nextId = 1;
  private crashes: number[] = [];
  private disposed = false;
  private state: HostState = 'stopped';
  private readonly stateEmitter = new vscode.EventEmitter<{ state: HostState; pid?: number }>();
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly hostScript: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly cwd: () => string | undefined,
  ) {}

  get pid(): number | undefined {
    return this.state === 'running' ? this.child?.pid : undefined;
  }

  get currentState(): HostState {
    return this.state;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  request<M extends HostMethod>(
    method: M,
    params: HostMethods[M]['params'],
    onProgress?: (progress: ProfileProgress) => void,
  ): HostCall<HostMethods[M]['result']> {
    const id = this.nextId++;
    const result = new Promise<HostMethods[M]['result']>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      this.ensureStarted().then(
        (child) => {
          if (!this.pending.has(id)) return;
          const message = { type: 'request', id, method, params } as HostRequest;
          child.send(
            message,
            (error) =>
              error &&
              this.settle(id, { reason: 'internal', message: `Could not reach the worker host: ${error.message}` }),
          );
        },
        (error: Error) => this.settle(id, { reason: 'internal', message: error.message }),
      );
    });
    return { id, result };
  }

  /** Asks the host to stop a request; if it has not settled after a grace period, kills the host. */
  cancel(id: number): void {
    if (!this.pending.has(id) || !this.child) return;
    const child = this.child;
    this.log.info(`Cancelling request ${id}`);
    stopWithGrace(
      () => void this.request('cancel', { target: id }).result.catch(() => undefined),
      () => {
        if (!this.pending.has(id) || this.child !== child) return;
        const late = `Request ${id} did not stop within ${CANCEL_GRACE_MS} ms`;
        this.log.warn(`${late}; killing the worker host and its workers`);
        this.settle(id, { reason: 'cancelled', message: 'Profiling was cancelled.' });
        this.stopChild(child, 'SIGKILL');
        this.failAll({ reason: 'internal', message: 'The worker host was restarted to stop a cancelled run.' });
      },
      CANCEL_GRACE_MS,
    );
  }

  /** Stops the host (failing whatever runs) and starts a fresh one; resets the crash budget. */
  async restart(): Promise<number | undefined> {
    this.crashes = [];
    const child = this.child;
    if (child) this.stopChild(child, 'SIGKILL');
    this.failAll({ reason: 'internal', message: 'The worker host was restarted.' });
    const fresh = await this.ensureStarted();
    return fresh.pid;
  }

  private settle(id: number, failure: HostFailure): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    pending.reject(new HostRequestError(failure));
  }

  private failAll(failure: HostFailure): void {
    for (const id of [...this.pending.keys()]) this.settle(id, failure);
  }

  private setState(state: HostState, pid?: number): void {
    this.state = state;
    this.stateEmitter.fire({ state, pid });
  }

  private ensureStarted(): Promise<ChildProcess> {
    if (this.disposed) return Promise.reject(new Error('The worker host is shut down.'));
    // It runs the workspace's code: never in Restricted Mode, whoever asks.
    if (!vscode.workspace.isTrusted)
      return Promise.reject(
        new Error(
          'The worker host does not start in an untrusted workspace (Restricted Mode). ' +
            'Trust the workspace to profile its functions.',
        ),
      );
    if (this.child && this.state === 'running') return Promise.resolve(this.child);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async start(): Promise<ChildProcess> {
    this.setState('starting');
    const problems: string[] = [];
    const configured = vscode.workspace.getConfiguration(SECTION).get<string>('nodePath', '');
    const runtime = await resolveNodeRuntime(configured, problems);
    for (const problem of problems) this.log.warn(`Skipped ${problem}`);
    this.log.info(`Starting the worker host with ${runtime.description}`);
    const child = fork(this.hostScript, [], {
      execPath: runtime.execPath,
      execArgv: [],
      cwd: this.cwd(),
      env: { ...process.env, ...runtime.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      detached: HOST_LEADS_GROUP,
    });
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (text: string) => this.logLines('info', text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => this.logLines('warn', text));
    child.on('message', (message) => this.onMessage(message));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    child.on('error', (error) => this.log.error(`Worker host process error: ${error.message}`));
    try {
      await this.waitForReady(child);
    } catch (error) {
      this.stopChild(child, 'SIGKILL');
      this.setState('failed');
      throw error;
    }
    this.setState('running', child.pid);
    return child;
  }

  private waitForReady(child: ChildProcess): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          done(
            new Error(
              `The worker host did not start within ${READY_TIMEOUT_MS / 1000} s. See the Serialization Profiler ` +
                'log, or set serializationProfiler.nodePath to another Node.js 20+.',
            ),
          ),
        READY_TIMEOUT_MS,
      );
      const onMessage = (message: unknown): void => {
        if (isHostToExtension(message) && message.type === 'ready') {
          this.log.info(`Worker host ready (pid ${message.pid}, Node ${message.node})`);
          done();
        }
      };
      const onExit = (code: number | null, signal: string | null): void =>
        done(
          new Error(
            `The worker host exited while starting (${signal ?? `exit code ${code}`}). ` +
              'See the Serialization Profiler log.',
          ),
        );
      const done = (error?: Error): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  }

  private onMessage(message: unknown): void {
    if (!isHostToExtension(message)) {
      this.log.warn('Ignored a malformed message from the worker host');
      return;
    }
    switch (message.type) {
      case 'ready':
        return;
      case 'log':
        this.log[message.level](message.message);
        return;
      case 'progress':
        this.pending.get(message.id)?.onProgress?.(message.progress);
        return;
      case 'response': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.ok) pending.resolve(message.result);
        else pending.reject(new HostRequestError(message.failure));
      }
    }
  }

  /** Stops a host on purpose: its exit is not counted as a crash and does not restart it. */
  private stopChild(child: ChildProcess, signal: NodeJS.Signals): void {
    this.stoppedOnPurpose.add(child);
    if (child === this.child) {
      this.child = undefined;
      if (this.state === 'running') this.setState('stopped');
    }
    killProcessGroup(child, signal, HOST_LEADS_GROUP);
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null): void {
    const intentional = this.stoppedOnPurpose.has(child);
    const how = signal ?? `exit code ${code}`;
    if (child === this.child) this.child = undefined;
    if (this.disposed || intentional) {
      this.log.info(`Worker host stopped (${how})`);
      return;
    }
    this.log.error(`Worker host exited unexpectedly (${how})`);
    killProcessGroup(child, 'SIGKILL', HOST_LEADS_GROUP);
    this.failAll({ reason: 'internal', message: `The worker host stopped unexpectedly (${how}).` });
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.crashes.length > MAX_RESTARTS) {
      this.setState('failed');
      void this.reportGivingUp(how);
      return;
    }
    this.log.info(
      `Restarting the worker host (${this.crashes.length} of ${MAX_RESTARTS} restarts allowed in ` +
        `${RESTART_WINDOW_MS / 60_000} min)`,
    );
    this.setState('stopped');
    this.ensureStarted().catch((error: Error) => this.log.error(`Worker host restart failed: ${error.message}`));
  }

  private async reportGivingUp(how: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(
      `The Serialization Profiler worker host stopped ${this.crashes.length} times in ` +
        `${RESTART_WINDOW_MS / 60_000} minutes (last: ${how}); it will not be restarted automatically.`,
      'Restart Worker Host',
      'Show Log',
    );
    if (choice === 'Restart Worker Host') await this.restart().catch((error: Error) => this.log.error(error.message));
    if (choice === 'Show Log') this.log.show();
  }

  private logLines(level: 'info' | 'warn', text: string): void {
    for (const line of text.split(/\r?\n/)) if (line.trim()) this.log[level](`[worker host] ${line}`);
  }

  /** Asks the host to shut down, then kills it if it has not exited. */
  async shutdown(): Promise<void> {
    const child = this.child;
    this.disposed = true;
    this.failAll({ reason: 'internal', message: 'The worker host is shutting down.' });
    if (!child || this.state !== 'running') return;
    this.stoppedOnPurpose.add(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.send({ type: 'request', id: 0, method: 'shutdown', params: {} } satisfies HostRequest, () => undefined);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000));
    await Promise.race([exited, timeout]);
    killProcessGroup(child, 'SIGKILL', HOST_LEADS_GROUP);
  }

  dispose(): void {
    void this.shutdown();
    this.stateEmitter.dispose();
  }
}
