import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { discoverPython } from '../../../worker-host/python/index';
import { FAILURES } from './helpers';
import { runCli, runHasStarted } from './real-runs';

const FORKS_AT_IMPORT = join(FAILURES, '..', 'forks_at_import.py');
const QUICK = ['--repeat', '1', '--warmup', '0'];

test(
  'a module that forks a multiprocessing.Pool at import ' + 'loads as under python3; its pool ends with the run',
  async (t) => {
    const python = await discoverPython();
    const started = Date.now();
    await promisify(execFile)(python.command, ['-c', 'import forks_at_import'], {
      cwd: join(FAILURES, '..'),
      timeout: 120_000,
    });
    const plain = Date.now() - started;
    const profiling = Date.now();
    const run = await runCli([
      `${FORKS_AT_IMPORT}#total`,
      '--args',
      'SQUARES',
      '--modes',
      'pickle',
      ...QUICK,
      '--json',
    ]);
    // Reported, not asserted (a shared machine's timings): before, the load hung until the run's overall limit.
    t.diagnostic(`plain python3 import: ${plain} ms; the whole profile through the CLI: ${Date.now() - profiling} ms`);
    assert.equal(run.code, 0, run.stderr);
    const [result] = run.report?.results ?? [];
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assert.equal(result.resultPreview, '9');
  },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} to the CLI mid-run: it exits 130 after the whole run is stopped, nothing left behind`, async () => {
    const run = await runCli(
      [`${FAILURES}#sleep_for`, '--args', '60', '--modes', 'cloudpickle', ...QUICK],
      async (cli, seen) => {
        await runHasStarted(seen, 4); // the CLI, the bridge, loky's worker and its resource tracker
        process.kill(cli, signal);
      },
    );
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /cancelled/);
  });
}

test('the CLI killed outright mid-run: its bridge notices and ends the run itself, nothing left behind', async () => {
  const run = await runCli(
    [`${FAILURES}#sleep_for`, '--args', '60', '--modes', 'cloudpickle', ...QUICK],
    async (cli, seen) => {
      await runHasStarted(seen, 4);
      process.kill(cli, 'SIGKILL');
    },
  );
  assert.equal(run.signal, 'SIGKILL');
});

test('a task past its time limit: timeout, its workers killed, nothing left behind', async () => {
  const run = await runCli([
    `${FAILURES}#sleep_for`,
    '--args',
    '60',
    '--modes',
    'cloudpickle',
    '--timeout',
    '3000',
    ...QUICK,
    '--json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.report?.results[0].error?.kind, 'timeout');
});
