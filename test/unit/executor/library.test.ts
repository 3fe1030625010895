import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { distFile } from '../../../worker-host/paths';
import type * as ExecutorLibrary from '../../../worker-host/executor/index';
import {
  Executor,
  ResultDeserializeError,
  getPickler,
  setPickler,
  type PartialMeasure,
} from '../../../worker-host/executor/index';
import { REF_PICKLER, eventually, isAlive, tasks } from './fixtures';

type Library = typeof ExecutorLibrary;

describe('executor library', { timeout: 60_000 }, () => {
  test('dist/executor.js exports the public API and runs a task', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as a CommonJS user loads it
    const library = require(distFile('executor.js')) as Library;
    for (const name of [
      'getReusableExecutor',
      'setPickler',
      'getPickler',
      'wrapNonPicklable',
      'RunError',
      'TaskDeserializeError',
      'WorkerTerminatedError',
    ] as const) {
      assert.equal(typeof library[name], 'function', name);
    }
    const executor = new library.Executor({ maxWorkers: 1, pickler: REF_PICKLER, idleTimeoutMs: 1_000 });
    assert.equal(await executor.submit(tasks.double, 21), 42);
    const error = await executor.submit(tasks.throwCoded, 'x').catch((thrown: unknown) => thrown);
    assert.ok(error instanceof library.RunError);
    await executor.shutdown();
  });

  test('setPickler chooses the default of executors without their own pickler', async () => {
    assert.equal(getPickler(), 'by-value');
    await setPickler(REF_PICKLER);
    try {
      const executor = new Executor({ maxWorkers: 1, idleTimeoutMs: 1_000 });
      const outcome = await executor.submitTask(tasks.double, [1]);
      assert.equal(outcome.pickler, REF_PICKLER);
      await executor.shutdown();
    } finally {
      await setPickler(undefined);
    }
    await assert.rejects(setPickler(join(__dirname, 'no-such-pickler.js')), /Unknown pickler/);
  });

  test('a per-task pickler that cannot be found fails that task as task-serialize', async () => {
    const executor = new Executor({ maxWorkers: 1, pickler: REF_PICKLER, idleTimeoutMs: 1_000 });
    await assert.rejects(
      executor.submitTask(tasks.double, [1], { pickler: 'no-such-pickler-module' }),
      (error: Error & { kind?: string }) => error.kind === 'task-serialize' && /Unknown pickler/.test(error.message),
    );
    assert.equal(await executor.submit(tasks.double, 2), 4);
    await executor.shutdown();
  });

  test('pickler warnings reach the outcome; a failed task carries what was measured as `partial`', async () => {
    const executor = new Executor({ maxWorkers: 1, pickler: REF_PICKLER, idleTimeoutMs: 1_000 });
    const outcome = await executor.submitTask(tasks.echo, [{ __warn__: 'changes on the way' }]);
    assert.deepEqual(outcome.warnings, [
      { path: 'args[0]', message: 'changes on the way' },
      { path: 'result', message: 'changes on the way' },
    ]);
    const error = await executor
      .submitTask(tasks.returnInstance, ['ErrorAtUnpickle'])
      .catch((thrown: unknown) => thrown);
    assert.ok(error instanceof ResultDeserializeError);
    const partial = (error as unknown as { partial: PartialMeasure }).partial;
    assert.ok(partial.timings.serialize !== undefined && partial.timings.run !== undefined);
    assert.ok((partial.bytes.task ?? 0) > 0 && (partial.bytes.result ?? 0) > 0);
    await executor.shutdown();
  });

  for (const backend of ['process', 'thread'] as const) {
    test(`idle workers neither keep the parent alive nor outlive it (${backend})`, async () => {
      const script = join(__dirname, '..', '..', 'fixtures', 'executor', 'idle-exit.js');
      const { stdout } = await promisify(execFile)(process.execPath, [script, distFile('executor.js'), backend], {
        timeout: 20_000,
      });
      const { pid, value } = JSON.parse(stdout) as { pid: number; value: { pid: number } };
      assert.equal(value.pid, pid);
      await eventually(() => !isAlive(pid), 5_000, 'the worker to end with its parent');
    });
  }
});
