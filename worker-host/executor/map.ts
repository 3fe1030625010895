import type { TaskOptions, TaskOutcome } from './types';

type Submit = <T, R>(fn: (item: T) => R, args: [T], options: TaskOptions) => Promise<TaskOutcome<Awaited<R>>>;

/** Runs `fn(item)` for every item with at most `concurrency` tasks in flight; results in the items' order. */
export async function mapBounded<T, R>(
  submit: Submit,
  fn: (item: T) => R,
  items: Iterable<T>,
  concurrency: number,
  options: TaskOptions,
): Promise<Awaited<R>[]> {
  const iterator = items[Symbol.iterator]();
  const results: Awaited<R>[] = [];
  let index = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    for (let next = iterator.next(); !next.done && !failed; next = iterator.next()) {
      const at = index++;
      try {
        results[at] = (await submit(fn, [next.value], options)).value;
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return results;
}
