import { getReusableExecutor } from '../../worker-host/executor/index';
import { profileMode } from '../../worker-host/profiler/profile';
import type { ProfileRequest } from '../../worker-host/protocol/report';
import { pairedMedians } from '../lib/measure';
import { printTable, ratio, verdict } from '../lib/table';
import type { BenchTasks } from '../lib/tasks';

const ROUNDS = 15;
const ROUNDS_PER_MODE = 5;

/**
 * 5. The profiler's own cost: a profiled round (the profiler's per-mode loop: timed submit, round bookkeeping,
 * result preview, report reduction) against a bare `submit` of the same task on the same executor.
 */
export async function profilerOverhead(tasks: BenchTasks): Promise<void> {
  const executor = getReusableExecutor({ backend: 'process', maxWorkers: 1, reuse: false });
  const rows: string[][] = [];
  for (const [label, args] of [
    ['seed task (10⁶ integers)', [21, Array.from({ length: 1_000_000 }, (_, i) => i)]],
    ['empty task', []],
  ] as const) {
    const fn = args.length ? tasks.seedTask : tasks.noop;
    const request: ProfileRequest = {
      file: '', functionName: '', argsExpression: '', modes: ['by-value'], repeat: ROUNDS_PER_MODE, warmup: 0,
      backend: 'process', timeoutMs: 60_000,
    };
    const [profiled, bare] = await pairedMedians(
      () => profileMode(executor, fn, [...args], 'by-value', 0, request, {}),
      async () => {
        for (let i = 0; i < ROUNDS_PER_MODE; i++) await executor.submit(fn, ...args);
      },
      ROUNDS,
    );
    rows.push([label, ratio(profiled / bare), verdict(profiled / bare, { atMost: 1.05 })]);
  }
  await executor.shutdown({ killWorkers: true });
  printTable('5. Profiler overhead: profiled rounds ÷ bare submit, same executor (time)', ['task', 'ratio', 'target'], rows);
}
