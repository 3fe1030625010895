import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { getReusableExecutor } from '../../worker-host/executor/index';
import { cpuRatio, interleavedRates, roundRatios } from '../lib/interleave';
import { median } from '../lib/measure';
import { printTable, ratio, verdict } from '../lib/table';
import { benchFixture } from '../lib/fixtures';

const WORKERS = 2;
const TASKS = 1000;
const WARMUP_ROUNDS = 3;
const ROUNDS = 15;
const MODES = ['by-value (default)', 'by-reference', 'structured-clone'];

type TaskFunction = (input: never) => unknown;

interface RealTask {
  label: string;
  /** The module in bench/fixtures and the function's export name, as piscina is given them. */
  file: string;
  name: string;
  inputs: () => unknown[];
}

/** Small array-and-object arguments, different for every task, as a pool's real callers send. */
function statsInputs(): unknown[] {
  return Array.from({ length: TASKS }, (_, task) => ({
    values: Array.from({ length: 16 }, (_, i) => ((task * 31 + i * 17) % 97) / 3),
    weights: Array.from({ length: 16 }, (_, i) => ((task + i) % 5) + 1),
  }));
}

/** Pages of a few hundred words of markdown: headings, lists, links, emphasis, code. */
function pageInputs(): unknown[] {
  return Array.from({ length: TASKS }, (_, page) => ({
    slug: `guide/page-${page}`,
    title: `Page ${page}: configuring the pool`,
    body: Array.from(
      { length: 4 },
      (_, part) =>
        `## Step ${part + 1}\n\nSet *maxThreads* to ${page % 8} and read ` +
        `[the docs](https://example.org/${page}/${part}). Tasks "queue" -- then run:\n\n` +
        `- first item ${part}\n- second **bold** item\n\n\`\`\`js\npool.run({ page: ${page} });\n\`\`\`\n`,
    ).join('\n'),
  }));
}

const TASKS_TO_RUN: RealTask[] = [
  { label: 'stats, CommonJS', file: 'real-shaped.cjs', name: 'summarize', inputs: statsInputs },
  { label: 'stats, ES module', file: 'real-shaped.mjs', name: 'summarize', inputs: statsInputs },
  { label: 'markdown page, ES module', file: 'render-page.mjs', name: 'renderPage', inputs: pageInputs },
];

/** The program imports its own module, as a library user does; piscina is given the same file by name. */
async function loadFunction(task: RealTask): Promise<TaskFunction> {
  const file = benchFixture(task.file);
  const module = file.endsWith('.cjs') ? createRequire(file)(file) : await import(pathToFileURL(file).href);
  return (module as Record<string, TaskFunction>)[task.name]!;
}

/** Why a mode's results are not piscina's (its first line), or undefined when they are the same. */
async function checkAgainst(expected: string, run: () => Promise<{ value: unknown }[]>): Promise<string | undefined> {
  try {
    const values = JSON.stringify((await run()).map((outcome) => outcome.value));
    return values === expected ? undefined : "results differ from piscina's";
  } catch (error) {
    return (error as Error).message.split('\n')[0]!;
  }
}

/**
 * 6. Real-shaped tasks against piscina on the same file and worker count, thread backend: a CommonJS and an ES
 * module function using Math and lodash with small array and object arguments and results, and a markdown page
 * render (markdown-it) with string-heavy arguments and results. Both sides are warmed alike, then run in
 * interleaved rounds; the figure is the median of the round-by-round ratios, with their middle half.
 */
export async function realShapedVersusPiscina(): Promise<void> {
  const rows: string[][] = [];
  const peerRates: string[] = [];
  const failures: string[] = [];
  const loadAtStart = loadavg()[0]!;
  for (const task of TASKS_TO_RUN) {
    const data = task.inputs();
    const fn = await loadFunction(task);
    const piscina = new Piscina({
      filename: benchFixture(task.file),
      name: task.name,
      minThreads: WORKERS,
      maxThreads: WORKERS,
    });
    const executor = getReusableExecutor({ backend: 'thread', maxWorkers: WORKERS, reuse: false });
    const runPiscina = () => Promise.all(data.map((input) => piscina.run(input)));
    const runOurs = (mode: string) => () => {
      const pickler = mode.split(' ')[0]!;
      return Promise.all(data.map((input) => executor.submitTask(fn, [input as never], { pickler })));
    };
    try {
      const expected = JSON.stringify(await runPiscina());
      const working: string[] = [];
      for (const mode of MODES) {
        const failure = await checkAgainst(expected, runOurs(mode));
        if (failure) {
          rows.push([`${task.label} · ${mode}`, '✗', '', '', '', 'fails (below)']);
          failures.push(`${task.label} · ${mode}: ${failure}`);
        } else working.push(mode);
      }
      const rates = await interleavedRates(
        [['piscina', runPiscina], ...working.map((mode) => [mode, runOurs(mode)] as [string, () => Promise<unknown>])],
        TASKS,
        ROUNDS,
        WARMUP_ROUNDS,
      );
      const peer = rates.get('piscina')!;
      peerRates.push(`${task.label} ${Math.round(median(peer.rates))}`);
      for (const mode of working) {
        const ours = rates.get(mode)!;
        const summary = roundRatios(ours.rates, peer.rates);
        rows.push([
          `${task.label} · ${mode}`,
          ratio(summary.median),
          `${ratio(summary.low)}–${ratio(summary.high)}`,
          ratio(summary.ofMedians),
          ratio(cpuRatio(ours.cpu, peer.cpu)),
          mode.endsWith('(default)') ? verdict(summary.median, { atLeast: 1.0 }) : '',
        ]);
      }
    } finally {
      await executor.shutdown({ killWorkers: true });
      await piscina.destroy();
    }
  }
  printTable(
    `6. Real-shaped tasks, thread backend, ${WORKERS} workers, ${TASKS} tasks a round, ${WARMUP_ROUNDS} warm-up and ` +
      `${ROUNDS} interleaved rounds: ours ÷ piscina on the same file (tasks/s; median of the round-by-round ` +
      'ratios, their middle half, ratio of the medians; CPU time per task ours ÷ piscina, lower is better; ' +
      `load average ${loadAtStart.toFixed(1)} at the start)`,
    ['task · mode', 'ratio', 'middle half', 'of medians', 'CPU/task', 'target'],
    rows,
  );
  console.log(`   piscina medians, tasks/s: ${peerRates.join(', ')}`);
  for (const failure of failures) console.log(`   ${failure}`);
}
