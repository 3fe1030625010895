import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PHASES, type ModeResult, type ProfileReport } from '../../../worker-host/protocol/report';
import { assertNoSurvivors, fixtures, python, root } from './record-python-helpers';

function profile(
  target: string,
  args: string,
  modes: string,
  env: NodeJS.ProcessEnv = {},
): { report: ProfileReport; tmp: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'dask-mode-'));
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'dist', 'cli.js'),
      target,
      '--args',
      args,
      '--modes',
      modes,
      '--repeat',
      '2',
      '--json',
      '--python',
      python,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, TMPDIR: tmp, ...env },
    },
  );
  assert.equal(run.error, undefined, 'the profile ends by itself');
  assert.equal(run.status, 0, run.stderr);
  return { report: JSON.parse(run.stdout) as ProfileReport, tmp };
}

function mode(report: ProfileReport, name: string): ModeResult {
  const found = report.results.find((result) => result.mode === name);
  assert.ok(found, `a ${name} result`);
  return found;
}

test(
  'dask mode on the seed: a __main__ function goes by ' + "value, as dask really does, where loky's pickle fails",
  async () => {
    const { report, tmp } = profile('examples/python/seed_scenario.py#func_async', '21, large_list', 'pickle,dask');
    const dask = mode(report, 'dask');
    assert.equal(dask.status, 'ok', JSON.stringify(dask.error));
    assert.equal(dask.resultPreview, '42');
    assert.equal(dask.rounds, 2);
    for (const phase of PHASES) assert.ok(dask.timings![phase].median >= 0, `${phase} measured`);
    const sum = PHASES.reduce((total, phase) => total + dask.timings![phase].median, 0);
    assert.ok(Math.abs(sum - dask.timings!.total.median) < 1e-6, 'the phases add up to the total');
    assert.ok(dask.bytes!.task > 4_000_000, 'the million integers travel with the task');
    assert.equal(dask.cold?.poolStarted, true);
    assert.match(dask.warnings[0]!.message, /by value/);
    assert.equal(mode(report, 'pickle').error?.kind, 'task-deserialize');
    await assertNoSurvivors(tmp);
  },
);

test('dask mode failures: an argument that cannot be pickled (its path), a function that raises', async () => {
  const target = join(fixtures, 'dask_failures.py');
  const { report: unpicklable, tmp } = profile(`${target}#use`, 'connection', 'dask');
  const failed = mode(unpicklable, 'dask');
  assert.equal(failed.status, 'error');
  assert.deepEqual([failed.error?.kind, failed.error?.path], ['task-serialize', 'args[0].lock']);
  const { report: raising, tmp: raisingTmp } = profile(`${target}#divide`, '0', 'dask');
  const run = mode(raising, 'dask');
  assert.equal(run.error?.kind, 'run');
  assert.match(run.error!.message, /ZeroDivisionError/);
  await assertNoSurvivors(tmp);
  await assertNoSurvivors(raisingTmp);
});

test('without dask.distributed the dask mode says what to install, and the loky modes still run', () => {
  const shadow = mkdtempSync(join(tmpdir(), 'no-distributed-'));
  mkdirSync(join(shadow, 'distributed'));
  // This interpreter has dask.distributed: a package of the same name that refuses to import stands for its absence.
  writeFileSync(
    join(shadow, 'distributed', '__init__.py'),
    'raise ModuleNotFoundError("No module named \'distributed\'", name="distributed")\n',
  );
  const { report } = profile('examples/python/seed_scenario.py#func_async', '21, [1]', 'cloudpickle,dask', {
    PYTHONPATH: shadow,
  });
  assert.equal(mode(report, 'cloudpickle').status, 'ok');
  const dask = mode(report, 'dask');
  assert.equal(dask.status, 'error');
  assert.match(dask.error!.message, /needs dask\.distributed.*apt install python3-distributed/);
});
