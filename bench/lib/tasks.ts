import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadUserModule } from '../../worker-host/loader/index';

export type Task = (...args: unknown[]) => unknown;

export interface BenchTasks {
  add: Task;
  noop: Task;
  seedTask: Task;
  countOf: Task;
}

/**
 * The bench's task functions, loaded as the profiler loads a user's module so every mode can carry them. The
 * file is copied out of the package first: inside it, only examples/ and test/fixtures/ count as user code.
 */
export async function loadTasks(file: string): Promise<BenchTasks> {
  const copy = join(mkdtempSync(join(tmpdir(), 'serial-profile-bench-')), basename(file));
  copyFileSync(file, copy);
  const module = await loadUserModule(copy);
  const get = (name: string) => module.getBinding(name) as Task;
  return { add: get('add'), noop: get('noop'), seedTask: get('seedTask'), countOf: get('countOf') };
}

/** A bench row's cell for a task that failed instead of being measured: the error's kind. */
export function failed(error: unknown): string {
  return `failed: ${(error as { kind?: string }).kind ?? (error as Error).message}`;
}
