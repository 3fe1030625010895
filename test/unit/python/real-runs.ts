import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { discoverPython } from '../../../worker-host/python/index';
import type { ErrorKind, ProfileReport } from '../../../worker-host/protocol/report';

const root = join(__dirname, '..', '..', '..');
const CLI = join(root, 'dist', 'cli.js');
const LOKY_DIRECT = join(root, 'test', 'fixtures', 'python', 'loky_direct.py');
const RUN_MARK = 'SERIALIZATION_PROFILER_TEST_RUN';

/** What loky itself gives for one call: its value's repr, or its exception's type, message and remote cause. */
export interface LokyOutcome {
  ok?: string;
  error?: string;
  message?: string;
  cause?: string;
}

/** The same calls made directly with loky (test/fixtures/python/loky_direct.py), in a Python of their own. */
export async function lokyDirect(
  file: string,
  context: 'module' | 'script',
  pickler: string,
  calls: [string, string][],
  env: Record<string, string> = {},
): Promise<LokyOutcome[]> {
  const python = await discoverPython();
  const { stdout } = await promisify(execFile)(
    python.command,
    [LOKY_DIRECT, file, context, pickler, JSON.stringify(calls)],
    {
      cwd: root,
      env: { ...process.env, ...env },
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as LokyOutcome[];
}

/** The report's error kind for what loky raised: where in loky's round trip it broke, as loky says it. */
export function kindOf(outcome: LokyOutcome): ErrorKind | 'ok' {
  if (outcome.ok !== undefined) return 'ok';
  const message = outcome.message ?? '';
  if (outcome.error === 'TerminatedWorkerError') return 'worker-terminated';
  if (outcome.error === 'BrokenProcessPool' && message.includes('task has failed to un-serialize'))
    return 'task-deserialize';
  if (outcome.error === 'BrokenProcessPool' && message.includes('result has failed to un-serialize'))
    return 'result-deserialize';
  if (outcome.error === 'PicklingError' && message.includes('Could not pickle the task')) return 'task-serialize';
  return (outcome.cause ?? '').includes('_sendback_result') ? 'result-serialize' : 'run';
}

/** Live (not zombie) processes carrying this run's mark in their environment: the CLI and all it started. */
export function markedProcesses(mark: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`${RUN_MARK}=${mark}`))
        found.push(Number(entry));
    } catch {
      // ended while we looked, or not ours to read
    }
  }
  return found;
}

function semaphoresOf(pids: Iterable<number>): string[] {
  if (!existsSync('/dev/shm')) return [];
  const prefixes = [...pids].map((pid) => `sem.loky-${pid}-`);
  return readdirSync('/dev/shm').filter((name) => prefixes.some((prefix) => name.startsWith(prefix)));
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Every process of the run seen while it ran (the CLI, the bridge, loky's workers and tracker, user forks). */
  seen: Set<number>;
  report?: ProfileReport;
}

let runs = 0;

/**
 * Runs the CLI as a user would, marking every process of the run; `during` may act on it (signal it). Asserts,
 * after it ends, that none of its processes is left and no loky semaphore of theirs is left in /dev/shm.
 */
export async function runCli(
  args: string[],
  during?: (cli: number, seen: Set<number>) => Promise<void>,
): Promise<CliRun> {
  const mark = `${process.pid}-${(runs += 1)}`;
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: root,
    env: { ...process.env, [RUN_MARK]: mark },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const seen = new Set<number>();
  let closed = false;
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, signal) => {
      closed = true;
      resolve([code, signal]);
    }),
  );
  const watch = (async () => {
    while (!closed) {
      for (const pid of markedProcesses(mark)) seen.add(pid);
      await delay(100);
    }
  })();
  if (during) await during(child.pid as number, seen);
  const [code, signal] = await ended;
  await watch;
  let left = markedProcesses(mark);
  for (const deadline = Date.now() + 10_000; left.length > 0 && Date.now() < deadline; left = markedProcesses(mark))
    await delay(100);
  assert.deepEqual(left, [], `processes of the run left behind: ${left.join(', ')}`);
  let semaphores = semaphoresOf(seen);
  for (
    const deadline = Date.now() + 10_000;
    semaphores.length > 0 && Date.now() < deadline;
    semaphores = semaphoresOf(seen)
  )
    await delay(100);
  assert.deepEqual(semaphores, [], 'loky semaphores left in /dev/shm');
  const run: CliRun = { code, signal, stdout, stderr, seen };
  if (args.includes('--json') && code === 0) run.report = JSON.parse(stdout) as ProfileReport;
  return run;
}

/** Waits until the run has `count` processes (the CLI, the bridge, a loky worker…). */
export async function runHasStarted(seen: Set<number>, count: number): Promise<void> {
  for (const deadline = Date.now() + 60_000; seen.size < count;) {
    assert.ok(Date.now() < deadline, 'the run never started its processes');
    await delay(100);
  }
}
