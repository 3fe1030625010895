import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pythonHookDirectory } from '../../worker-host/record/python-recording-env';
import { benchFixture } from '../lib/fixtures';
import { median, paired, roundRatio } from '../lib/measure';
import { printTable, ratio, verdict } from '../lib/table';

/** The middle half of the round-by-round ratios: `0.97–1.08×`. */
function spread(ratios: readonly number[]): string {
  const sorted = [...ratios].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]!;
  return `${at(0.25).toFixed(2)}–${at(0.75).toFixed(2)}×`;
}

const PYTHON = '/usr/bin/python3';

/** Runs a Python program to its end; its stdout. */
function runPython(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${args[0]} exited with ${code}: ${stderr.trim().split('\n').pop()}`)),
    );
  });
}

/**
 * 8. Python recording: a ProcessPoolExecutor + joblib app run bare and under the Python recorder (default
 * sampling), interleaved; and the dask mode's timed round against a bare client.submit(...).result() of the seed
 * task on the same LocalCluster.
 */
export async function pythonRecording(): Promise<void> {
  const app = benchFixture('python_record_app.py');
  const hook = pythonHookDirectory();
  const traces = mkdtempSync(join(tmpdir(), 'bench-python-record-'));
  let run = 0;
  const recordedEnv = (): NodeJS.ProcessEnv => {
    const dir = join(traces, String(run++));
    mkdirSync(dir);
    return { SERIAL_PROFILE_TRACE_DIR: dir, PYTHONPATH: [hook, process.env.PYTHONPATH].filter(Boolean).join(':') };
  };
  const rows: string[][] = [];
  try {
    const recorded = await paired(
      () => runPython([app], recordedEnv()),
      () => runPython([app]),
      9,
    );
    rows.push([
      'ProcessPoolExecutor + joblib, 80 tasks with a 200 000-item list: recorded ÷ bare',
      ratio(recorded.ratio),
      spread(recorded.ratios),
      ratio(recorded.medians[0] / recorded.medians[1]),
      ratio(recorded.minimums[0] / recorded.minimums[1]),
      verdict(recorded.ratio, { atMost: 1.15 }),
    ]);
  } finally {
    rmSync(traces, { recursive: true, force: true });
  }
  const times = JSON.parse(await runPython([benchFixture('dask_mode_overhead.py'), '11', '1000000'])) as {
    profiled: number[];
    bare: number[];
  };
  const dask = roundRatio(times.profiled, times.bare);
  rows.push([
    'dask mode round ÷ client.submit(...).result(), seed task (10⁶ integers), LocalCluster',
    ratio(dask),
    spread(times.profiled.map((ms, round) => ms / times.bare[round]!)),
    ratio(median(times.profiled) / median(times.bare)),
    ratio(Math.min(...times.profiled) / Math.min(...times.bare)),
    verdict(dask, { atMost: 1.05 }),
  ]);
  printTable(
    '8. Python recording and the dask mode: ours ÷ bare, interleaved in this run (time; median of ' +
      'the round-by-round ratios and their middle half, ratio of the medians, of the minimums)',
    ['program', 'ratio', 'p25–p75', 'of medians', 'best-of', 'target'],
    rows,
  );
}
