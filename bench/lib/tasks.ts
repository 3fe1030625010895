import { loadUserModule } from '../../worker-host/loader/index';

export type Task = (...args: unknown[]) => unknown;

export interface BenchTasks {
  add: Task;
  noop: Task;
  seedTask: Task;
  countOf: Task;
}

/** The bench's task functions, loaded as the profiler loads a user's module so every mode can carry them. */
export async function loadTasks(file: string): Promise<BenchTasks> {
  const module = await loadUserModule(file);
  const get = (name: string) => module.getBinding(name) as Task;
  return { add: get('add'), noop: get('noop'), seedTask: get('seedTask'), countOf: get('countOf') };
}
