import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedSite, RecordReport } from '../../../worker-host/record/report-types';

export const root = join(__dirname, '..', '..', '..');
export const fixtures = join(root, 'test', 'fixtures', 'record-python');
export const python = '/usr/bin/python3';
const cli = join(root, 'dist', 'cli.js');

export interface PythonRecording {
  code: number | null;
  stdout: string;
  stderr: string;
  report: RecordReport;
  /** The run's own temporary directory: every process of the run has it in its environment. */
  tmp: string;
}

/** `serial-profile record --out … -- /usr/bin/python3 <fixture> …args`, with a TMPDIR of its own. */
export function recordPython(fixture: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): PythonRecording {
  const tmp = mkdtempSync(join(tmpdir(), 'record-python-'));
  const out = join(tmp, 'report.json');
  const run = spawnSync(
    process.execPath,
    [cli, 'record', '--out', out, '--', python, join(fixtures, fixture), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, TMPDIR: tmp, ...env },
    },
  );
  assert.equal(run.error, undefined, 'the recorded run ends by itself');
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as RecordReport;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, report, tmp };
}

/** The 1-based line of the fixture that carries the marker (a comment such as `# SUBMIT`). */
export function lineOf(fixture: string, marker: string): number {
  const index = readFileSync(join(fixtures, fixture), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(marker));
  assert.ok(index >= 0, `${fixture} has ${marker}`);
  return index + 1;
}

export function siteAt(
  report: RecordReport,
  fixture: string,
  marker: string,
  direction: 'task' | 'result' = 'task',
): RecordedSite {
  const line = lineOf(fixture, marker);
  const found = report.sites.filter(
    (site) => site.file === join(fixtures, fixture) && site.line === line && site.direction === direction,
  );
  assert.equal(
    found.length,
    1,
    `one ${direction} site at ${fixture}:${line}; ` +
      `sites: ${report.sites.map((s) => `${s.line} ${s.direction} ${s.api}`).join(', ')}`,
  );
  return found[0]!;
}

/** Bytes of `pickle.dumps` of a Python expression, by the real interpreter. */
export function pickledSize(expression: string, pickler = 'pickle'): number {
  const run = spawnSync(
    python,
    ['-c', `import ${pickler}, sys; sys.stdout.write(str(len(${pickler}.dumps(${expression}))))`],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  return Number(run.stdout);
}

/** Processes still alive whose environment names the run's temporary directory (PYTHONPATH, TMPDIR). */
export function survivors(tmp: string): number[] {
  const alive: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(join('/proc', entry, 'environ'), 'latin1').includes(`TMPDIR=${tmp}\0`))
        alive.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return alive;
}

/** Waits for the run's processes to be gone (a worker may take a moment to notice its parent left). */
export async function assertNoSurvivors(tmp: string): Promise<void> {
  let alive = survivors(tmp);
  for (let attempt = 0; attempt < 50 && alive.length > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    alive = survivors(tmp);
  }
  assert.deepEqual(alive, [], 'no process of the recorded run survives it');
}

/**
 * Runs Python with the recorder's hook on PYTHONPATH and the trace directory set, as `record` does, without the
 * CLI.
 */
export function runPythonDirect(
  script: string,
  args: string[],
  traceDir: string,
  env: NodeJS.ProcessEnv = {},
  interpreter = python,
): { status: number | null; stdout: string; stderr: string } {
  const { PYTHONPATH_AFTER, ...rest } = env;
  const hook = join(root, 'python', 'serialization_profiler_record', 'site');
  const run = spawnSync(interpreter, script === '-c' ? ['-c', ...args] : [script, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...process.env,
      ...rest,
      SERIAL_PROFILE_TRACE_DIR: traceDir,
      PYTHONPATH: [hook, PYTHONPATH_AFTER].filter(Boolean).join(':'),
    },
  });
  assert.equal(run.error, undefined, 'the run ends by itself');
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
