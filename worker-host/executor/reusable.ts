import { Executor } from './executor';
import { resolveOptions, reuseKey } from './options';
import type { ExecutorOptions } from './types';

let shared: { executor: Executor; key: string } | undefined;

/**
 * The process's shared executor, as loky's `get_reusable_executor`: reused while its options (all but
 * `maxWorkers`, which resizes it in place) are unchanged, or always with `reuse: true`; replaced when they
 * change, with `reuse: false`, or when it is shut down or broken. `killWorkers` decides whether the replaced
 * executor's running tasks are killed (rejecting with `shutdown`) or finish.
 */
export function getReusableExecutor(options: ExecutorOptions = {}): Executor {
  const { reuse = 'auto', killWorkers = false } = options;
  const resolved = resolveOptions(options);
  const key = reuseKey(resolved);
  const current = shared?.executor;
  const usable = current && !current.isShutdown && !current.isBroken;
  const reusable = usable && (reuse === true || (reuse === 'auto' && shared?.key === key));
  if (current && reusable) {
    if (current.maxWorkers !== resolved.maxWorkers && options.maxWorkers !== undefined)
      current.resize(resolved.maxWorkers);
    return current;
  }
  if (current && usable) void current.shutdown({ wait: false, killWorkers });
  const executor = new Executor(options);
  shared = { executor, key };
  return executor;
}
