import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import { getReusableExecutor } from '../../worker-host/executor/index';
import { median } from '../lib/measure';
import { printTable, ratio, verdict } from '../lib/table';
import type { BenchTasks } from '../lib/tasks';
import { benchFixture } from '../lib/fixtures';

const WORKERS = 2;
const TASKS = 3000;
const TRIALS = 5;

async function tasksPerSecond(runAll: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await runAll();
  return TASKS / ((performance.now() - start) / 1000);
}

/** 3. Trivial-task throughput, thread backend, against piscina with the same number of workers. */
export async function throughputVersusPiscina(tasks: BenchTasks): Promise<void> {
  const piscina = new Piscina({ filename: benchFixture('piscina-task.cjs'), minThreads: WORKERS, maxThreads: WORKERS });
  const executor = getReusableExecutor({ backend: 'thread', maxWorkers: WORKERS, reuse: false });
  const runPiscina = () => Promise.all(Array.from({ length: TASKS }, (_, i) => piscina.run({ a: i, b: 1 })));
  const runOurs = (pickler: string) => () =>
    Promise.all(Array.from({ length: TASKS }, (_, i) => executor.submitTask(tasks.add, [i, 1], { pickler })));

  const modes = ['by-reference', 'by-value', 'structured-clone'];
  const samples = new Map<string, number[]>([['piscina', []], ...modes.map((m) => [m, []] as [string, number[]])]);
  await runPiscina();
  for (const mode of modes) await runOurs(mode)();
  for (let trial = 0; trial < TRIALS; trial++) {
    samples.get('piscina')!.push(await tasksPerSecond(runPiscina));
    for (const mode of modes) samples.get(mode)!.push(await tasksPerSecond(runOurs(mode)));
  }
  await executor.shutdown({ killWorkers: true });
  await piscina.destroy();
  const peer = median(samples.get('piscina')!);
  const rows = modes.map((mode) => {
    const value = median(samples.get(mode)!) / peer;
    return [mode, ratio(value), verdict(value, { atLeast: 1.0 })];
  });
  printTable(
    `3. Trivial-task throughput, thread backend, ${WORKERS} workers, ${TASKS} tasks in flight: ours ` +
      `÷ piscina (tasks/s)`,
    ['mode', 'ratio', 'target'],
    rows,
  );
}
