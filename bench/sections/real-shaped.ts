import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { getReusableExecutor } from '../../worker-host/executor/index';
import { median } from '../lib/measure';
import { printTable, ratio, verdict } from '../lib/table';
import { benchFixture } from '../lib/fixtures';

const WORKERS = 2;
const TASKS = 1000;
const TRIALS = 9;

type Summarize = (input: { values: number[]; weights: number[] }) => unknown;

/** Small array-and-object arguments, different for every task, as a pool's real callers send. */
function inputs(): { values: number[]; weights: number[] }[] {
  return Array.from({ length: TASKS }, (_, task) => ({
    values: Array.from({ length: 16 }, (_, i) => ((task * 31 + i * 17) % 97) / 3),
    weights: Array.from({ length: 16 }, (_, i) => ((task + i) % 5) + 1),
  }));
}

/** The program imports its own module, as a library user does; piscina is given the same file by name. */
async function loadSummarize(format: 'cjs' | 'mjs'): Promise<Summarize> {
  const file = benchFixture(`real-shaped.${format}`);
  if (format === 'cjs') return (createRequire(file)(file) as { summarize: Summarize }).summarize;
  return ((await import(pathToFileURL(file).href)) as { summarize: Summarize }).summarize;
}

async function tasksPerSecond(runAll: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await runAll();
  return TASKS / ((performance.now() - start) / 1000);
}

/**
 * 6. Real-shaped tasks: a CommonJS and an ES module function using Math and lodash, 1,000 tasks with small
 * array and object arguments and results, thread backend, against piscina on the same file and worker count.
 */
export async function realShapedVersusPiscina(): Promise<void> {
  const data = inputs();
  const modes = ['by-value (default)', 'by-reference', 'structured-clone'];
  const rows: string[][] = [];
  for (const format of ['cjs', 'mjs'] as const) {
    const summarize = await loadSummarize(format);
    const piscina = new Piscina({
      filename: benchFixture(`real-shaped.${format}`),
      name: 'summarize',
      minThreads: WORKERS,
      maxThreads: WORKERS,
    });
    const executor = getReusableExecutor({ backend: 'thread', maxWorkers: WORKERS, reuse: false });
    const runPiscina = () => Promise.all(data.map((input) => piscina.run(input)));
    const runOurs = (mode: string) => () => {
      const pickler = mode.split(' ')[0]!;
      return Promise.all(data.map((input) => executor.submitTask(summarize, [input], { pickler })));
    };
    const expected = JSON.stringify(await runPiscina());
    for (const mode of modes) {
      const outcomes = await runOurs(mode)();
      const values = JSON.stringify(outcomes.map((outcome) => outcome.value));
      if (values !== expected) throw new Error(`${format} ${mode}: results differ from piscina's`);
    }
    // Each trial runs every contender back to back, starting one further on each time, so a burst of load on
    // the machine falls on all of them alike; the figure is the median of the trials' ratios.
    const contenders: [string, () => Promise<unknown>][] = [
      ['piscina', runPiscina],
      ...modes.map((m) => [m, runOurs(m)] as [string, () => Promise<unknown>]),
    ];
    const ratios = new Map<string, number[]>(modes.map((m) => [m, []]));
    for (let trial = 0; trial < TRIALS; trial++) {
      const shift = trial % contenders.length;
      const rates = new Map<string, number>();
      for (const [name, runAll] of [...contenders.slice(shift), ...contenders.slice(0, shift)])
        rates.set(name, await tasksPerSecond(runAll));
      for (const mode of modes) ratios.get(mode)!.push(rates.get(mode)! / rates.get('piscina')!);
    }
    await executor.shutdown({ killWorkers: true });
    await piscina.destroy();
    for (const mode of modes) {
      const value = median(ratios.get(mode)!);
      rows.push([
        `${format === 'cjs' ? 'CommonJS' : 'ES module'} · ${mode}`,
        ratio(value),
        mode.endsWith('(default)') ? verdict(value, { atLeast: 1.0 }) : '',
      ]);
    }
  }
  printTable(
    '6. Real-shaped tasks (module function using Math and lodash, small array/object argument and result), ' +
      `thread backend, ${WORKERS} workers, ${TASKS} tasks: ours ÷ piscina on the same file ` +
      '(tasks/s; median of the trial-by-trial ratios)',
    ['task · mode', 'ratio', 'target'],
    rows,
  );
}
