import { getReusableExecutor } from '../../worker-host/executor/index';
import { PICKLER_MODES } from '../../worker-host/protocol/report';
import { median } from '../lib/measure';
import { printTable } from '../lib/table';
import { failed, type BenchTasks } from '../lib/tasks';

/** A 10× larger input costing more than this many times as much is flagged as growing faster than linearly. */
const NON_LINEAR_STEP = 15;
const ROUNDS = 3;

const integers = (n: number) => Array.from({ length: n }, (_, i) => i);
const objects = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: i, name: `item ${i}`, value: i * 0.5, tags: ['a', 'b'] }));

/** 4. Total time per mode as the argument grows 10× at a time; flags modes whose last step is not linear. */
export async function costGrowth(tasks: BenchTasks, full: boolean): Promise<void> {
  const executor = getReusableExecutor({ backend: 'process', maxWorkers: 1, reuse: false, idleTimeoutMs: 120_000 });
  const families = [
    { name: 'integer array', make: integers, sizes: full ? [1e3, 1e4, 1e5, 1e6, 1e7] : [1e3, 1e4, 1e5, 1e6] },
    { name: 'object list', make: objects, sizes: full ? [1e3, 1e4, 1e5, 1e6] : [1e3, 1e4, 1e5] },
  ];
  for (const family of families) {
    const rows: string[][] = [];
    for (const mode of PICKLER_MODES) {
      const totals: number[] = [];
      try {
        for (const size of family.sizes) {
          const value = family.make(size);
          await executor.submitTask(tasks.countOf, [value], { pickler: mode });
          const times: number[] = [];
          for (let i = 0; i < ROUNDS; i++)
            times.push((await executor.submitTask(tasks.countOf, [value], { pickler: mode })).timings.total);
          totals.push(median(times));
        }
      } catch (error) {
        rows.push([mode, ...totals.map((t) => t.toFixed(1)), failed(error)]);
        continue;
      }
      const lastStep = totals[totals.length - 1] / totals[totals.length - 2];
      rows.push([
        mode,
        ...totals.map((t) => t.toFixed(t < 10 ? 2 : 1)),
        `${lastStep.toFixed(1)}×`,
        lastStep > NON_LINEAR_STEP ? '⚠ non-linear' : 'linear',
      ]);
    }
    printTable(
      `4. Cost growth, ${family.name}: median total ms per size (process backend, warm); last step should be ≈10×`,
      ['mode', ...family.sizes.map((s) => `n=1e${Math.log10(s)}`), 'last 10× step', 'growth'],
      rows,
    );
  }
  await executor.shutdown({ killWorkers: true });
}
