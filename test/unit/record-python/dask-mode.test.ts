import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { PHASES, type ModeResult, type ProfileReport } from '../../../worker-host/protocol/report';
import { startDaskCluster } from './dask-cluster';
import { pythonWithoutDistributed } from './python-without-dask';
import { assertNoSurvivors, fixtures, python, root } from './record-python-helpers';

function profile(
  target: string,
  args: string,
  modes: string,
  env: NodeJS.ProcessEnv = {},
  interpreter = python,
  extra: string[] = [],
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
      interpreter,
      ...extra,
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

test(
  'with a Python where dask.distributed is not installed, the dask mode fails as ' +
    'missing-dependency in one line, and the loky modes run',
  () => {
    const { report } = profile(
      'examples/python/seed_scenario.py#func_async',
      '21, [1]',
      'cloudpickle,dask',
      {},
      pythonWithoutDistributed(),
    );
    assert.equal(mode(report, 'cloudpickle').status, 'ok');
    const dask = mode(report, 'dask');
    assert.equal(dask.status, 'error');
    assert.equal(dask.error!.kind, 'missing-dependency');
    assert.doesNotMatch(dask.error!.message, /\n/);
    assert.match(
      dask.error!.message,
      /needs dask\.distributed.*no module named 'distributed'.*apt install python3-distributed/,
    );
  },
);

const baseExceptions = join(fixtures, 'dask_base_exceptions.py');

/** What real dask raised for each case of the fixture, on a LocalCluster of its own per case. */
function whatDaskDoes(): Record<string, string | null> {
  const run = spawnSync(python, [baseExceptions], { encoding: 'utf8', timeout: 240_000, cwd: root });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, string | null>;
}

test(
  'dask mode: a task ending with SystemExit, KeyboardInterrupt or its own BaseException ' +
    'is a failure of the kind dask really gives, and the bridge goes on',
  async () => {
    const real = whatDaskDoes();
    const verdicts: Record<string, ModeResult> = {};
    const temporaries: string[] = [];
    for (const [name, args, modes] of [
      ['leave', '1', 'dask'],
      ['interrupt', '1', 'dask'],
      ['abandon', '1', 'dask,cloudpickle'],
      ['echo', 'Unpicklable()', 'dask'],
    ] as const) {
      const { report, tmp } = profile(`${baseExceptions}#${name}`, args, modes);
      verdicts[name] = mode(report, 'dask');
      temporaries.push(tmp);
      if (modes.includes('cloudpickle'))
        assert.equal(mode(report, 'cloudpickle').error?.kind, 'run', 'the next mode ran');
    }
    // dask ends a worker whose task raises SystemExit or KeyboardInterrupt, and gives up on the task (KilledWorker).
    assert.deepEqual([real.leave, real.interrupt], ['KilledWorker', 'KilledWorker']);
    assert.equal(verdicts.leave!.error?.kind, 'worker-terminated');
    assert.equal(verdicts.interrupt!.error?.kind, 'worker-terminated');
    assert.match(verdicts.interrupt!.error!.message, /KilledWorker/);
    // The worker's last words are read from its stderr when they arrive in time (best effort on a busy machine).
    if (/last words/.test(verdicts.interrupt!.error!.message))
      assert.match(verdicts.interrupt!.error!.message, /last words: KeyboardInterrupt/);
    // Any other BaseException comes back to the client as the task's error.
    assert.equal(real.abandon, 'Abandon');
    assert.equal(verdicts.abandon!.error?.kind, 'run');
    assert.match(verdicts.abandon!.error!.message, /abandon raised Abandon: gave up/);
    // Pickling that exits does so in the client, in client.submit.
    assert.equal(real.echo, 'SystemExit');
    assert.deepEqual([verdicts.echo!.error?.kind, verdicts.echo!.error?.path], ['task-serialize', 'args[0]']);
    for (const tmp of temporaries) await assertNoSurvivors(tmp);
  },
);

test('dask mode on a scheduler and a worker started on their own (--dask-scheduler): phases, none left', async () => {
  const cluster = await startDaskCluster();
  try {
    const run = profile('examples/python/seed_scenario.py#func_async', '21, large_list', 'dask', {}, python, [
      '--dask-scheduler',
      cluster.address,
    ]);
    const dask = mode(run.report, 'dask');
    assert.equal(dask.status, 'ok', JSON.stringify(dask.error));
    assert.equal(dask.resultPreview, '42');
    const sum = PHASES.reduce((total, phase) => total + dask.timings![phase].median, 0);
    assert.ok(Math.abs(sum - dask.timings!.total.median) < 1e-6, 'the phases add up to the total');
    assert.deepEqual(dask.pickle, { protocol: 5, outOfBand: false }, 'an int result goes in band');
    await assertNoSurvivors(run.tmp);
  } finally {
    await cluster.stop();
  }
  await assertNoSurvivors(cluster.tmp);
});

/** A loopback port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test(
  'a --dask-scheduler address nothing listens on: the dask mode fails as unreachable in one line naming ' +
    'the address and what to do, and the loky modes run',
  async () => {
    const address = `tcp://127.0.0.1:${await closedPort()}`;
    const { report, tmp } = profile(
      'examples/python/seed_scenario.py#func_async',
      '21, [1]',
      'cloudpickle,dask',
      {},
      python,
      ['--dask-scheduler', address],
    );
    assert.equal(mode(report, 'cloudpickle').status, 'ok');
    const dask = mode(report, 'dask');
    assert.equal(dask.status, 'error');
    assert.equal(dask.error!.kind, 'unreachable');
    assert.doesNotMatch(dask.error!.message, /\n/);
    assert.ok(dask.error!.message.includes(`The dask scheduler at ${address} cannot be reached`), dask.error!.message);
    assert.match(dask.error!.message, /ConnectionRefusedError.*start it \(`dask scheduler`, then `dask worker tcp:/);
    assert.match(
      dask.error!.message,
      /check the address \(--dask-scheduler, or the serializationProfiler\.daskScheduler/,
    );
    await assertNoSurvivors(tmp);
  },
);
