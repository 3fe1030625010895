import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Backend, Executor, SerializationProfilerError } from '../../worker-host/executor/index';
import { packageRoot } from '../../worker-host/paths';

/**
 * A soak of the executor under hostile tasks: ordinary tasks mixed with tasks that exit their worker, throw or
 * return an error that is its own cause, run past their timeout (waiting or in a synchronous endless loop),
 * or are cancelled by one signal shared by many. Every task that can writes its id to a file as it starts,
 * so the report can tell a task run twice or lost from one that failed as it should.
 */
export interface SoakOptions {
  backend: Backend;
  tasks: number;
  /** Tasks in flight at once. */
  batch: number;
  maxWorkers: number;
  pipelineDepth: number;
}

export interface SoakReport {
  tasks: number;
  faults: number;
  resolved: number;
  /** Tasks that settled other than expected, with why. */
  wrong: string[];
  /** Ids of tasks that ran more than once. */
  ranTwice: number[];
  workersStarted: number;
  /** Worker processes, watchers or other children of this process still there after shutdown. */
  leftRunning: number[];
  /** Descriptors this process holds after shutdown beyond those it held before (Linux; else 0). */
  leakedDescriptors: number;
}

type Expected = 'resolved' | 'worker-terminated' | 'run' | 'result-deserialize' | 'timeout' | 'cancelled';

interface Hostile {
  record(file: string, id: number, exit: boolean, resultBytes?: number): unknown;
  recordThenSpin(file: string, id: number): never;
  recordThenWait(file: string, id: number): Promise<never>;
  throwSelfReferential(): never;
  returnSelfReferential(): Error;
}

const fixtureDir = join(packageRoot(), 'test', 'fixtures', 'executor');
const hostile = createRequire(join(fixtureDir, 'index.js'))('./hostile.js') as Hostile;
const PICKLER = join(fixtureDir, 'ref-pickler.js');

/** Whether the task with this id is expected to run exactly once (ordinary and exiting tasks) or at most once. */
function plan(id: number): { expected: Expected; runsOnce: boolean } {
  switch (id % 20) {
    case 12:
      return { expected: 'worker-terminated', runsOnce: true };
    case 13:
      return { expected: 'run', runsOnce: false };
    case 14:
    case 17:
      return { expected: 'timeout', runsOnce: false };
    case 15:
      return { expected: 'cancelled', runsOnce: false };
    case 16:
      return { expected: 'result-deserialize', runsOnce: false };
    default:
      return { expected: 'resolved', runsOnce: true };
  }
}

function submit(executor: Executor, file: string, id: number, signal: AbortSignal): Promise<unknown> {
  switch (id % 20) {
    case 12:
      return executor.submit(hostile.record, file, id, true);
    case 13:
      return executor.submit(hostile.throwSelfReferential);
    case 14:
      return executor.submitTask(hostile.recordThenWait, [file, id], { timeoutMs: 30 });
    case 15:
      return executor.submitTask(hostile.recordThenWait, [file, id], { signal });
    case 16:
      return executor.submit(hostile.returnSelfReferential);
    case 17:
      return executor.submitTask(hostile.recordThenSpin, [file, id], { timeoutMs: 50 });
    default:
      return executor.submit(hostile.record, file, id, false, id % 5 === 0 ? 100_000 : 0);
  }
}

export async function soak(options: SoakOptions): Promise<SoakReport> {
  const dir = mkdtempSync(join(tmpdir(), 'executor-soak-'));
  const file = join(dir, 'runs.txt');
  // What the runtime opens once, at its first child process or thread (a signal pipe, say), is not a leak.
  const warmUp = new Executor({ backend: options.backend, maxWorkers: 1, pickler: PICKLER });
  await warmUp.submit(hostile.record, file, -1, false);
  await warmUp.shutdown();
  const descriptorsBefore = descriptorCount();
  const childrenBefore = new Set(childProcesses());
  const executor = new Executor({
    backend: options.backend,
    maxWorkers: options.maxWorkers,
    pipelineDepth: options.pipelineDepth,
    pickler: PICKLER,
  });
  const report: SoakReport = {
    tasks: options.tasks,
    faults: 0,
    resolved: 0,
    wrong: [],
    ranTwice: [],
    workersStarted: 0,
    leftRunning: [],
    leakedDescriptors: 0,
  };
  const settled: { id: number; kind: string }[] = [];
  try {
    for (let first = 0; first < options.tasks; first += options.batch) {
      const controller = new AbortController();
      const ids = Array.from({ length: Math.min(options.batch, options.tasks - first) }, (_, i) => first + i);
      const pending = ids.map((id) =>
        submit(executor, file, id, controller.signal).then(
          () => settled.push({ id, kind: 'resolved' }),
          (error: unknown) =>
            settled.push({
              id,
              kind: error instanceof SerializationProfilerError ? error.kind : `not ours: ${String(error)}`,
            }),
        ),
      );
      setTimeout(() => controller.abort(), 20);
      await Promise.all(pending);
    }
  } finally {
    report.workersStarted = executor.stats.workersStarted;
    await executor.shutdown({ killWorkers: true });
  }
  const runs = existsSync(file) ? countIds(file) : new Map<number, number>();
  rmSync(dir, { recursive: true, force: true });
  for (const { id, kind } of settled) {
    const { expected, runsOnce } = plan(id);
    const ran = runs.get(id) ?? 0;
    if (expected !== 'resolved') report.faults++;
    if (kind === 'resolved') report.resolved++;
    if (ran > 1) report.ranTwice.push(id);
    if (kind !== expected) report.wrong.push(`task ${id}: ${kind}, expected ${expected}`);
    else if (runsOnce && ran !== 1) report.wrong.push(`task ${id}: ${kind} but ran ${ran} times`);
  }
  if (settled.length !== options.tasks) report.wrong.push(`${options.tasks - settled.length} tasks never settled`);
  report.leftRunning = await settledChildren(childrenBefore);
  report.leakedDescriptors = Math.max(0, (await settledDescriptors(descriptorsBefore)) - descriptorsBefore);
  return report;
}

function countIds(file: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of readFileSync(file, 'utf8').split('\n'))
    if (line) counts.set(Number(line), (counts.get(Number(line)) ?? 0) + 1);
  return counts;
}

/** This process's child processes (Linux: read from /proc; elsewhere none are seen). */
export function childProcesses(): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z') children.push(Number(entry));
    } catch {
      // It ended while being read.
    }
  }
  return children;
}

function descriptorCount(): number {
  return existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Children other than `before` still there once those on their way out had a moment to go. */
async function settledChildren(before: Set<number>): Promise<number[]> {
  const added = (): number[] => childProcesses().filter((pid) => !before.has(pid));
  for (let attempt = 0; attempt < 50 && added().length > 0; attempt++) await pause(20);
  return added();
}

async function settledDescriptors(baseline: number): Promise<number> {
  for (let attempt = 0; attempt < 50 && descriptorCount() > baseline; attempt++) await pause(20);
  return descriptorCount();
}
