import { getReusableExecutor } from '../../worker-host/executor/index';
import { paired } from '../lib/measure';
import { RawChild } from '../lib/raw-child';
import { printTable, ratio, verdict } from '../lib/table';
import { failed, type BenchTasks } from '../lib/tasks';

const ROUNDS = 1000;
/** Untimed round trips of each contender first, so both are measured with their code optimized. */
const WARMUP = 2000;

/** 2. An empty task's round trip, process backend, against a bare child_process IPC message and reply. */
export async function emptyRoundTrip(tasks: BenchTasks): Promise<void> {
  const executor = getReusableExecutor({ backend: 'process', maxWorkers: 1, reuse: false });
  const rows: string[][] = [];
  for (const [peer, serialization] of [
    ['child_process IPC (json)', 'json'],
    ['child_process IPC (advanced)', 'advanced'],
  ] as const) {
    for (const mode of ['by-value', 'by-reference'] as const) {
      const raw = new RawChild(serialization);
      const measured = await paired(
        () => executor.submitTask(tasks.noop, [], { pickler: mode }),
        () => raw.emptyRound(),
        ROUNDS,
        WARMUP,
      ).catch(failed);
      raw.close();
      if (typeof measured === 'string') {
        rows.push([`${mode} vs ${peer}`, measured, '', '']);
        continue;
      }
      const [ours, floor] = measured.medians;
      rows.push([
        `${mode} vs ${peer}`,
        ratio(measured.ratio),
        ratio(ours / floor),
        verdict(measured.ratio, { atMost: 1.3 }),
      ]);
    }
  }
  await executor.shutdown({ killWorkers: true });
  printTable(
    `2. Empty-task round trip, process backend, ${ROUNDS} interleaved rounds after ${WARMUP} ` +
      `untimed: ours ÷ raw (time; median of the round-by-round ratios, and ratio of the medians)`,
    ['comparison', 'ratio', 'of medians', 'target'],
    rows,
  );
}
