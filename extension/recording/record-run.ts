import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { descendants, signalAll } from './process-tree';

/** What to run under `record`, and where. */
export interface RecordTarget {
  label: string;
  command: string[];
  cwd: string;
}

export type RunStatus = 'finished' | 'interrupted' | 'cancelled' | 'failed';

export interface RunOutcome {
  status: RunStatus;
  exitCode: number | null;
  /** The report file when `record` wrote one. */
  reportFile?: string;
  /** One line for the user when the run produced no report. */
  problem?: string;
}

export interface RunEnvironment {
  nodePath: string;
  nodeEnv: Record<string, string>;
  cliPath: string;
}

const KILL_AFTER_MS = 3000;
const WATCH_EVERY_MS = 500;

const ESC = String.fromCharCode(27);
const DIM = `${ESC}[2m`;
const PLAIN = `${ESC}[0m`;
/** Terminal colour codes out of a line shown in a notification. */
const withoutColours = (text: string): string =>
  text
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, '')))
    .join('');

const toTerminal = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/**
 * One recorded run: `record --out <tmp> -- <command>` in its own process group, its output in a terminal the
 * user sees. Ctrl-C in the terminal interrupts it as a shell would (the report still comes); `cancel()` ends
 * every process of the run and waits until they are gone.
 */
export class RecordingRun implements vscode.Disposable {
  readonly terminal: vscode.Terminal;
  readonly result: Promise<RunOutcome>;
  private readonly write = new vscode.EventEmitter<string>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'serial-profile-record-'));
  readonly reportFile = join(this.dir, 'trace.json');
  private child: ChildProcess | undefined;
  private readonly seen = new Set<number>();
  private watch: NodeJS.Timeout | undefined;
  private cancelled = false;
  private interrupted = false;
  private lastError = '';

  constructor(
    readonly target: RecordTarget,
    private readonly env: RunEnvironment,
    private readonly log: vscode.LogOutputChannel,
  ) {
    let opened!: () => void;
    const ready = new Promise<void>((resolve) => (opened = resolve));
    this.terminal = vscode.window.createTerminal({
      name: `Record: ${target.label}`,
      iconPath: new vscode.ThemeIcon('record'),
      pty: {
        onDidWrite: this.write.event,
        open: () => opened(),
        close: () => void this.cancel(),
        handleInput: (data: string) => {
          if (data.includes('\x03')) this.interrupt();
        },
      },
    });
    this.result = ready.then(() => this.run());
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Every process of the run seen so far (the `record` CLI and what it started). */
  processes(): number[] {
    if (this.child?.pid) for (const pid of descendants(this.child.pid)) this.seen.add(pid);
    return [...this.seen];
  }

  private run(): Promise<RunOutcome> {
    const args = [this.env.cliPath, 'record', '--out', this.reportFile, '--', ...this.target.command];
    this.write.fire(
      toTerminal(
        `${DIM}$ ${this.target.command.join(' ')}   ` +
          `(recorded by serial-profile; Ctrl-C stops it and keeps the report)${PLAIN}\n`,
      ),
    );
    this.log.info(`record: ${this.env.nodePath} ${args.join(' ')} (in ${this.target.cwd})`);
    return new Promise<RunOutcome>((resolve) => {
      const child = spawn(this.env.nodePath, args, {
        cwd: this.target.cwd,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...this.env.nodeEnv, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' },
      });
      this.child = child;
      if (child.pid) this.seen.add(child.pid);
      this.watch = setInterval(() => this.processes(), WATCH_EVERY_MS);
      child.stdout?.on('data', (chunk: Buffer) => this.write.fire(toTerminal(chunk.toString())));
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        this.lastError =
          (this.lastError + text)
            .split('\n')
            .filter((l) => l.trim())
            .slice(-1)[0] ?? '';
        this.write.fire(toTerminal(text));
      });
      child.on('error', (error) =>
        resolve(
          this.finish(
            null,
            `Cannot start ${this.env.nodePath}: ${error.message}. Check the serializationProfiler.nodePath setting.`,
          ),
        ),
      );
      child.on('close', (code, signal) => resolve(this.finish(code ?? (signal ? 128 : null))));
    });
  }

  private finish(exitCode: number | null, problem?: string): RunOutcome {
    clearInterval(this.watch);
    const hasReport = !this.cancelled && existsSync(this.reportFile);
    const status: RunStatus = this.cancelled
      ? 'cancelled'
      : !hasReport
        ? 'failed'
        : this.interrupted
          ? 'interrupted'
          : 'finished';
    const why =
      problem ??
      (this.cancelled
        ? 'Recording cancelled.'
        : `record wrote no report${this.lastError ? `: ${withoutColours(this.lastError)}` : ''}`);
    this.write.fire(
      toTerminal(
        `\n${DIM}[${status === 'failed' || status === 'cancelled' ? why : `recorded · exit code ${exitCode ?? '—'}`}]` +
          `${PLAIN}\n`,
      ),
    );
    return { status, exitCode, ...(hasReport ? { reportFile: this.reportFile } : { problem: why }) };
  }

  /** As Ctrl-C in a shell: SIGINT to the run's process group; `record` stops the program and writes the report. */
  interrupt(): void {
    if (!this.child?.pid || this.child.exitCode !== null) return;
    this.interrupted = true;
    this.write.fire('^C\r\n');
    signalAll(this.child.pid, [], 'SIGINT');
  }

  /** Ends every process of the run (SIGINT, then SIGKILL after 3 s) and resolves once none is left. */
  async cancel(): Promise<void> {
    if (this.cancelled) return;
    this.cancelled = true;
    const group = this.child?.pid;
    if (group === undefined) return;
    const everyone = this.processes();
    signalAll(group, everyone, 'SIGINT');
    const deadline = Date.now() + KILL_AFTER_MS;
    while (alive(everyone).length > 0 && Date.now() < deadline) await sleep(50);
    const left = alive([...everyone, ...this.processes()]);
    if (left.length > 0) {
      this.log.warn(
        `record: ${left.length} process(es) of the run still there after ${KILL_AFTER_MS} ms; killing them`,
      );
      signalAll(group, left, 'SIGKILL');
      while (alive(left).length > 0) await sleep(20);
    }
  }

  dispose(): void {
    void this.cancel();
    clearInterval(this.watch);
    this.write.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function alive(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    try {
      // A zombie (exited, not yet reaped by its parent) runs nothing.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat[stat.lastIndexOf(')') + 2] !== 'Z';
    } catch {
      return true;
    }
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
