import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const fixtureDir = join(__dirname, '..', '..', 'fixtures', 'executor');
const load = createRequire(join(fixtureDir, 'index.js'));

/** The test pickler: functions by module and export name, `__reduce__` objects, v8 data. */
export const REF_PICKLER = join(fixtureDir, 'ref-pickler.js');

type Instance = new () => object;

export interface FixtureTasks {
  double(i: number): number;
  echo<T>(value: T): T;
  add(a: number, b: number): number;
  sleep<T>(ms: number, value: T): Promise<T>;
  whoAmI(): { pid: number; threadId: number };
  env(name: string): string | undefined;
  throwCoded(message: string): never;
  exitWith(code: number): never;
  exitAfter(ms: number, code: number): Promise<never>;
  logThenExit(line: string, code: number): Promise<never>;
  crash(): Promise<never>;
  blowHeap(): never;
  hang(): never;
  uncaughtLater(): Promise<never>;
  grow(mb: number): number;
  returnUnexported(): unknown;
  returnSymbol(): unknown;
  returnInstance(name: string): unknown;
  returnBadReference(): unknown;
  raiseError(message: string): never;
  ErrorAtPickle: Instance;
  ExitAtPickle: Instance;
  CrashAtPickle: Instance;
  ErrorAtUnpickle: Instance;
  ExitAtUnpickle: Instance;
  CrashAtUnpickle: Instance;
}

export const tasks = load('./tasks.js') as FixtureTasks;
export const refPickler = load('./ref-pickler.js') as {
  ref(module: string, name: string): (...args: unknown[]) => unknown;
};
export const TASKS_FILE = join(fixtureDir, 'tasks.js');

/** Whether a process with this pid is still alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `check` holds, polling; rejects after `timeoutMs` (a guard against hangs, not a speed test). */
export async function eventually(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface HostileTasks {
  throwSelfReferential(): never;
  returnSelfReferential(): Error;
  record(file: string, id: number, exit: boolean, resultBytes?: number): number | { id: number; padding: string };
  recordThenSpin(file: string, id: number): never;
  recordThenWait(file: string, id: number): Promise<never>;
  argCount(...args: unknown[]): number;
  holdBuffer(mb: number): number;
}

export const hostile = load('./hostile.js') as HostileTasks;
export const HOSTILE_FILE = join(fixtureDir, 'hostile.js');

/** Whether a process runs (exists and is not a zombie waiting for a parent that does not reap it). */
export function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** How many times each id was written to a file of one id a line. */
export function countLines(file: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line) counts.set(Number(line), (counts.get(Number(line)) ?? 0) + 1);
  }
  return counts;
}
