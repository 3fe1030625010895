import { getReusableExecutor } from '../../worker-host/executor/index';
import { profileMode } from '../../worker-host/profiler/profile';
import type { ProfileRequest } from '../../worker-host/protocol/report';
import { paired } from '../lib/measure';
import { printTable, ratio, verdict } from '../lib/table';
import type { BenchTasks } from '../lib/tasks';

/** The profiler's default repeat: its per-mode work (preview, reduction) is spread over these rounds. */
const ROUNDS_PER_MODE = 5;

/**
 * 5. The profiler's own cost: a profiled round (the profiler's per-mode loop: timed submit, round bookkeeping,
 * result preview, report reduction) against a bare `submit` of the same task on the same executor.
 */
export async function profilerOverhead(tasks: BenchTasks): Promise<void> {
  const executor = getReusableExecutor({ backend: 'process', maxWorkers: 1, reuse: false });
  const rows: string[][] = [];
  for (const [label, args, rounds] of [
    ['seed task (10⁶ integers)', [21, Array.from({ length: 1_000_000 }, (_, i) => i)], 41],
    ['empty task', [], 301],
  ] as const) {
    const fn = args.length ? tasks.seedTask : tasks.noop;
    const request: ProfileRequest = {
      file: '',
      functionName: '',
      argsExpression: '',
      modes: ['by-value'],
      repeat: ROUNDS_PER_MODE,
      warmup: 0,
      backend: 'process',
      timeoutMs: 60_000,
    };
    const {
      ratio: roundRatio,
      medians,
      minimums,
    } = await paired(
      () => profileMode(executor, fn, [...args], 'by-value', 0, request, {}),
      async () => {
        for (let i = 0; i < ROUNDS_PER_MODE; i++) await executor.submit(fn, ...args);
      },
      rounds,
    );
    rows.push([
      label,
      ratio(roundRatio),
      ratio(medians[0] / medians[1]),
      ratio(minimums[0] / minimums[1]),
      verdict(roundRatio, { atMost: 1.05 }),
    ]);
  }
  await executor.shutdown({ killWorkers: true });
  printTable(
    `5. Profiler overhead: ${ROUNDS_PER_MODE} profiled rounds (one mode) ÷ ${ROUNDS_PER_MODE} bare ` +
      `submits, same executor, interleaved (time; median of the round-by-round ratios, ratio of the medians, ` +
      `of the minimums)`,
    ['task', 'ratio', 'of medians', 'best-of', 'target'],
    rows,
  );
}
