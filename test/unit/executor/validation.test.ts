import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Executor,
  type ExecutorOptions,
  type TaskOptions,
  getReusableExecutor,
} from '../../../worker-host/executor/index';
import { REF_PICKLER, hostile } from './fixtures';

/** The error is of `type`, names `option` and is one line. */
function assertNamed(error: unknown, type: typeof TypeError | typeof RangeError, option: string): void {
  assert.ok(error instanceof type, `${option}: expected a ${type.name}, got ${String(error)}`);
  assert.ok(error.message.startsWith(`${option} `), `${option}: ${error.message}`);
  assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
}

const badExecutorOptions: [string, ExecutorOptions, typeof TypeError | typeof RangeError][] = [
  ['maxWorkers', { maxWorkers: 0 }, RangeError],
  ['maxWorkers', { maxWorkers: Number.NaN }, RangeError],
  ['backend', { backend: 'fork' as never }, TypeError],
  ['idleTimeoutMs', { idleTimeoutMs: Number.NaN }, RangeError],
  ['idleTimeoutMs', { idleTimeoutMs: -1 }, RangeError],
  ['idleTimeoutMs', { idleTimeoutMs: 2 ** 31 }, RangeError],
  ['idleTimeoutMs', { idleTimeoutMs: '100' as never }, TypeError],
  ['maxTasksPerWorker', { maxTasksPerWorker: 0 }, RangeError],
  ['maxTasksPerWorker', { maxTasksPerWorker: 1.5 }, RangeError],
  ['maxMemoryGrowthMb', { maxMemoryGrowthMb: -5 }, RangeError],
  ['maxMemoryGrowthMb', { maxMemoryGrowthMb: Number.NaN }, RangeError],
  ['pipelineDepth', { pipelineDepth: 0 }, RangeError],
  ['env', { env: 'A=1' as never }, TypeError],
  ['env.A', { env: { A: 1 as never } }, TypeError],
  ['execArgv', { execArgv: '--inspect' as never }, TypeError],
  ['execArgv[0]', { execArgv: [1 as never] }, TypeError],
  ['pickler', { pickler: 42 as never }, TypeError],
  ['reuse', { reuse: 'yes' as never }, TypeError],
  ['killWorkers', { killWorkers: 'no' as never }, TypeError],
  ['resourceLimits', { resourceLimits: 64 as never }, TypeError],
];

const badTaskOptions: [string, TaskOptions, typeof TypeError | typeof RangeError][] = [
  ['timeoutMs', { timeoutMs: Number.NaN }, RangeError],
  ['timeoutMs', { timeoutMs: 2 ** 31 }, RangeError],
  ['timeoutMs', { timeoutMs: -1 }, RangeError],
  ['timeoutMs', { timeoutMs: Infinity }, RangeError],
  ['timeoutMs', { timeoutMs: '5' as never }, TypeError],
  ['signal', { signal: {} as never }, TypeError],
  ['pickler', { pickler: null as never }, TypeError],
];

for (const backend of ['process', 'thread'] as const) {
  describe(`options and arguments are checked (${backend})`, { timeout: 60_000 }, () => {
    test('a bad executor option throws one line naming it', () => {
      for (const [option, options, type] of badExecutorOptions) {
        assert.throws(
          () => new Executor({ backend, ...options }),
          (error) => (assertNamed(error, type, option), true),
        );
        assert.throws(
          () => getReusableExecutor({ backend, ...options }),
          (error) => (assertNamed(error, type, option), true),
        );
      }
    });

    test(
      'bad task arguments and options reject with one line naming them; ' + 'nothing runs, the pool goes on',
      async () => {
        const executor = new Executor({ backend, maxWorkers: 1, pickler: REF_PICKLER });
        try {
          const rejection = (promise: Promise<unknown>): Promise<unknown> =>
            promise.then(
              () => assert.fail('resolved'),
              (error: unknown) => error,
            );
          for (const [option, options, type] of badTaskOptions) {
            assertNamed(await rejection(executor.submitTask(hostile.argCount, [], options)), type, option);
          }
          assertNamed(await rejection(executor.submitTask(hostile.argCount, 'abc' as never)), TypeError, 'args');
          assertNamed(await rejection(executor.submitTask('argCount' as never, [])), TypeError, 'fn');
          assertNamed(await rejection(executor.submitTask(hostile.argCount, [], 5 as never)), TypeError, 'options');
          assertNamed(await rejection(executor.submit(undefined as never)), TypeError, 'fn');
          assertNamed(await rejection(executor.map(hostile.argCount, 5 as never)), TypeError, 'items');
          assertNamed(
            await rejection(executor.map(hostile.argCount, [1], { concurrency: 0 })),
            RangeError,
            'concurrency',
          );
          assert.throws(
            () => executor.resize(-1),
            (error) => (assertNamed(error, RangeError, 'maxWorkers'), true),
          );
          assert.equal(executor.stats.workersStarted, 0, 'nothing was sent to a worker');
          assert.equal(
            await executor.submitTask(hostile.argCount, [1, 2, 3], { timeoutMs: 2 ** 31 - 1 }).then((o) => o.value),
            3,
          );
        } finally {
          await executor.shutdown({ killWorkers: true });
        }
      },
    );
  });
}
