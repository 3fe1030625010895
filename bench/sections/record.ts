import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distFile } from '../../worker-host/paths';
import { TRACE_DIR_VARIABLE } from '../../worker-host/record/trace-events';
import { benchFixture } from '../lib/fixtures';
import { interleavedRounds, median, roundRatio } from '../lib/measure';
import { printTable, ratio, verdict } from '../lib/table';

const ROUNDS = 11;
/** The app's size: 400 batches a unit; 6 makes a run of about 1.3 s bare on a 2-core machine that is not busy. */
const APP_SCALE = 6;
const FLOOD_MESSAGES = 1_000_000;
/** The longer run: this many times the app's size, in a few rounds (each takes several seconds). */
const LONGER = 4;
const LONGER_ROUNDS = 5;
const MiB = 1024 * 1024;

interface AppRun {
  ms: number;
  rss: Map<string, number>;
  /** CPU time of the app's own processes (every thread of the main one, and the child), in milliseconds. */
  cpuMs: number;
}

/**
 * 7. What recording costs a real-shaped app (a piscina pool, a worker thread over postMessage, a forked child
 * over IPC): the app run bare and under `serial-profile record` (default sampling, and every message measured),
 * in interleaved rounds; the resident memory the recorder adds to each process; and the size of the event files
 * of a run of 10⁶ messages.
 */
export async function recordingOverhead(): Promise<void> {
  const app = benchFixture('record-app.mjs');
  const scale = String(APP_SCALE);
  const cli = distFile('cli.js');
  const runs = new Map<string, AppRun[]>([
    ['bare', []],
    ['recorded', []],
    ['recorded, all measured', []],
    ['preload only', []],
    ['a Node start', []],
  ]);
  const traceDir = mkdtempSync(join(tmpdir(), 'record-bench-'));
  const preloaded = {
    ...process.env,
    [TRACE_DIR_VARIABLE]: traceDir,
    NODE_OPTIONS: `--require ${distFile('record-preload.js')}`,
  };
  const contenders = new Map<string, () => Promise<number>>([
    ['bare', () => timed('bare', [app, scale])],
    ['recorded', () => timed('recorded', [cli, 'record', '--', process.execPath, app, scale])],
    [
      'recorded, all measured',
      () => timed('recorded, all measured', [cli, 'record', '--sample', 'all', '--', process.execPath, app, scale]),
    ],
    // The recorder in the app's processes without the CLI around it (its start and the report's building).
    ['preload only', () => timed('preload only', [app, scale], preloaded)],
    // A Node process that does nothing: what the CLI's own process costs before any of its code runs.
    ['a Node start', () => timed('a Node start', ['-e', '0'])],
  ]);
  async function timed(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
    const run = await runNode(args, env);
    runs.get(name)!.push(run);
    return run.ms;
  }
  const times = await interleavedRounds(contenders, ROUNDS, 1, (error) => (error as Error).message);
  rmSync(traceDir, { recursive: true, force: true });
  const bare = times.get('bare');
  if (!Array.isArray(bare)) throw new Error(`the bare app failed: ${bare}`);
  const rows: string[][] = [];
  for (const [name, target] of [
    ['recorded', 1.15],
    ['recorded, all measured', 2],
    ['preload only', undefined],
    ['a Node start', undefined],
  ] as const) {
    const ours = times.get(name);
    if (!Array.isArray(ours)) {
      rows.push([name, String(ours), '', '', '']);
      continue;
    }
    const value = roundRatio(ours, bare);
    const each = ours.map((ms, round) => ms / bare[round]!);
    rows.push([
      `${name} ÷ bare`,
      ratio(value),
      ratio(median(ours) / median(bare)),
      `${ratio(Math.min(...each))}–${ratio(Math.max(...each))}`,
      target === undefined ? '' : verdict(value, { atMost: target }),
    ]);
  }
  const messages = (1200 * APP_SCALE).toLocaleString('en');
  const length = `${(median(bare) / 1000).toFixed(2)} s`;
  printTable(
    `7. Recording overhead: a real-shaped app (piscina, postMessage, child_process IPC; ${messages} messages a ` +
      `direction; bare run ${length} median), ${ROUNDS} interleaved rounds (wall time of the whole command; median ` +
      `of the round-by-round ratios, ratio of the medians, lowest–highest round)`,
    ['run', 'ratio', 'of medians', 'spread', 'target'],
    rows,
  );
  // Wall time on a shared machine moves with its load; the CPU time the app's processes use moves much less.
  const cpu = (name: string): number[] => runs.get(name)!.map((run) => run.cpuMs);
  const cpuRows = ['recorded', 'recorded, all measured', 'preload only']
    .filter((name) => runs.get(name)!.length === runs.get('bare')!.length)
    .map((name) => [
      `${name} ÷ bare`,
      ratio(roundRatio(cpu(name), cpu('bare'))),
      ratio(median(cpu(name)) / median(cpu('bare'))),
    ]);
  printTable(
    `7. CPU time of the app's processes (every thread; the CLI's own process not counted), same rounds ` +
      `(median of the round-by-round ratios, ratio of the medians; bare ${(median(cpu('bare')) / 1000).toFixed(2)} s)`,
    ['run', 'ratio', 'of medians'],
    cpuRows,
  );
  const memoryRows = ['main', 'thread', 'child'].map((role) => {
    const added =
      median(runs.get('recorded')!.map((run) => run.rss.get(role) ?? NaN)) -
      median(runs.get('bare')!.map((run) => run.rss.get(role) ?? NaN));
    return [role, `${(added / MiB).toFixed(1)} MB`, added <= 30 * MiB ? '✓ target ≤ 30 MB' : '✗ target ≤ 30 MB'];
  });
  printTable(
    '7. Resident memory the recorder adds (median RSS at the end, recorded − bare)',
    ['process', 'added', 'target'],
    memoryRows,
  );
  await longerRunRatio(app, cli);
  const bytes = await floodTraceBytes(app);
  printTable(
    `7. Event files of a run of ${FLOOD_MESSAGES.toLocaleString('en')} messages (one MessageChannel, default sampling)`,
    ['run', 'event files', 'target'],
    [['10⁶ messages', `${(bytes / 1024).toFixed(0)} KiB`, bytes <= MiB ? '✓ target ≤ 1 MiB' : '✗ target ≤ 1 MiB']],
  );
}

/**
 * The same app four times longer, bare and recorded, in a few interleaved rounds: the recorder's start and its code
 * warming up in each thread cost the same in a longer run, so this shows what a run's length does to the ratio.
 */
async function longerRunRatio(app: string, cli: string): Promise<void> {
  const scale = String(APP_SCALE * LONGER);
  const cpu = new Map<string, number[]>([
    ['bare', []],
    ['recorded', []],
  ]);
  const timed = async (name: string, args: string[]): Promise<number> => {
    const run = await runNode(args);
    cpu.get(name)!.push(run.cpuMs);
    return run.ms;
  };
  const contenders = new Map<string, () => Promise<number>>([
    ['bare', () => timed('bare', [app, scale])],
    ['recorded', () => timed('recorded', [cli, 'record', '--', process.execPath, app, scale])],
  ]);
  const times = await interleavedRounds(contenders, LONGER_ROUNDS, 0, (error) => (error as Error).message);
  const bare = times.get('bare');
  const recorded = times.get('recorded');
  const row = (): string[] => {
    if (!Array.isArray(bare)) return ['recorded ÷ bare', `the bare app failed: ${String(bare)}`, '', '', ''];
    if (!Array.isArray(recorded)) return ['recorded ÷ bare', String(recorded), '', '', ''];
    const each = recorded.map((ms, round) => ms / bare[round]!);
    return [
      'recorded ÷ bare',
      ratio(roundRatio(recorded, bare)),
      ratio(median(recorded) / median(bare)),
      `${ratio(Math.min(...each))}–${ratio(Math.max(...each))}`,
      ratio(roundRatio(cpu.get('recorded')!, cpu.get('bare')!)),
    ];
  };
  const length = Array.isArray(bare) ? `${(median(bare) / 1000).toFixed(2)} s` : 'failed';
  printTable(
    `7. The same app ${LONGER}× longer (${(1200 * APP_SCALE * LONGER).toLocaleString('en')} messages a direction; ` +
      `bare run ${length} median), ${LONGER_ROUNDS} interleaved rounds, default sampling (wall time as above; CPU ` +
      `time of the app's processes, median of the round-by-round ratios)`,
    ['run', 'ratio', 'of medians', 'spread', 'CPU'],
    [row()],
  );
}

function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<AppRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`exit ${code}: ${stderr.trim().split('\n').pop()}`));
      const rss = new Map([...stderr.matchAll(/^rss (\w+) (\d+)$/gm)].map((match) => [match[1]!, Number(match[2])]));
      const cpuMs = [...stderr.matchAll(/^cpu \w+ (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]) / 1000, 0);
      resolve({ ms, rss, cpuMs });
    });
  });
}

async function floodTraceBytes(app: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'record-bench-'));
  try {
    const env = {
      ...process.env,
      [TRACE_DIR_VARIABLE]: dir,
      NODE_OPTIONS: `--require ${distFile('record-preload.js')}`,
    };
    await runNode([app, '--flood', String(FLOOD_MESSAGES)], env);
    return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
