import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Executor,
  type ExecutorOptions,
  PHASES,
  SerializationProfilerError,
  type TaskOptions,
} from '../../../worker-host/executor/index';
import { REF_PICKLER, eventually, tasks } from './fixtures';

const kindOf = (error: unknown): string =>
  error instanceof SerializationProfilerError ? error.kind : `not ours: ${String(error)}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of ['process', 'thread'] as const) {
  const make = (options: ExecutorOptions = {}): Executor =>
    new Executor({ backend, maxWorkers: 1, idleTimeoutMs: 10_000, pickler: REF_PICKLER, ...options });
  const inFlight = (executor: Executor): number =>
    Math.max(0, ...executor.workers().map((worker) => worker.tasksInFlight));

  /**
   * Starts `head` (a task that takes a while) on a worker whose last task was short, then submits `count`
   * short tasks behind it; resolves with the most tasks the worker held at once while `head` ran.
   */
  async function behindALongTask<H>(
    executor: Executor,
    head: Promise<H>,
    count: number,
    options: TaskOptions = {},
    watchMs = 150,
  ) {
    const followers = Array.from({ length: count }, (_, i) => executor.submitTask(tasks.double, [i], options));
    let most = 0;
    const deadline = Date.now() + watchMs;
    while (Date.now() < deadline) {
      most = Math.max(most, inFlight(executor));
      await pause(5);
    }
    return { most, followers, head };
  }

  /** A short task first, so that the worker counts as running short tasks. */
  const warm = (executor: Executor) => executor.submit(tasks.double, 1);

  describe(`sending short tasks ahead (${backend})`, { timeout: 60_000 }, () => {
    test(
      'a busy worker is sent up to pipelineDepth short tasks; their phases ' +
        'add up to the total, the wait is queue time',
      async () => {
        const executor = make({ pipelineDepth: 4 });
        try {
          let attempt = 0;
          let watched;
          do {
            await warm(executor);
            watched = await behindALongTask(executor, executor.submitTask(tasks.sleep, [400, 'head']), 10);
            await Promise.all([watched.head, ...watched.followers]);
          } while (watched.most < 4 && ++attempt < 5);
          assert.equal(watched.most, 4, 'the running task and three sent ahead');
          const outcomes = await Promise.all(watched.followers);
          assert.deepEqual(
            outcomes.map((outcome) => outcome.value),
            Array.from({ length: 10 }, (_, i) => 2 * i),
          );
          for (const outcome of outcomes) {
            const sum = PHASES.reduce((total, phase) => total + outcome.timings[phase], 0);
            assert.ok(Math.abs(sum - outcome.timings.total) < 1e-6, `${sum} vs ${outcome.timings.total}`);
            for (const phase of PHASES) assert.ok(outcome.timings[phase] >= 0, `${phase} is ${outcome.timings[phase]}`);
            assert.ok(
              outcome.queuedMs > outcome.timings.total,
              `waiting behind the long task (${outcome.queuedMs} ms) is not in the total (${outcome.timings.total} ms)`,
            );
          }
        } finally {
          await executor.shutdown({ killWorkers: true });
        }
      },
    );

    test(
      'with pipelineDepth 1, a timeout, a signal, or after a long task, ' + 'tasks wait in the pool for an idle worker',
      async () => {
        const executor = make();
        const single = make({ pipelineDepth: 1 });
        try {
          await warm(executor);
          const reference = await behindALongTask(executor, executor.submitTask(tasks.sleep, [300, 'head']), 5);
          await Promise.all([reference.head, ...reference.followers]);
          assert.ok(reference.most > 1, 'the same tasks are sent ahead by default');

          await warm(single);
          const withDepthOne = await behindALongTask(single, single.submitTask(tasks.sleep, [300, 'head']), 5);
          await warm(executor);
          const withTimeout = await behindALongTask(executor, executor.submitTask(tasks.sleep, [300, 'head']), 5, {
            timeoutMs: 30_000,
          });
          await Promise.all([withTimeout.head, ...withTimeout.followers]);
          await warm(executor);
          const withSignal = await behindALongTask(executor, executor.submitTask(tasks.sleep, [300, 'head']), 5, {
            signal: new AbortController().signal,
          });
          await Promise.all([withSignal.head, ...withSignal.followers]);
          // The last task ran for 50 ms: the next ones are not sent ahead.
          await executor.submit(tasks.sleep, 50, 'long');
          const afterLong = await behindALongTask(executor, executor.submitTask(tasks.sleep, [300, 'head']), 5);
          for (const [name, watched] of Object.entries({ withDepthOne, withTimeout, withSignal, afterLong })) {
            assert.equal(watched.most, 1, name);
            assert.deepEqual(
              (await Promise.all(watched.followers)).map((outcome) => outcome.value),
              [0, 2, 4, 6, 8],
              name,
            );
            assert.equal((await watched.head).value, 'head', name);
          }
        } finally {
          await Promise.all([executor.shutdown({ killWorkers: true }), single.shutdown({ killWorkers: true })]);
        }
      },
    );

    test(
      'a worker that dies with tasks sent ahead: its running task fails, the ' + 'others run on a new worker',
      async () => {
        const executor = make();
        try {
          let attempt = 0;
          let watched;
          let exitFailure: unknown;
          do {
            await warm(executor);
            watched = await behindALongTask(executor, executor.submitTask(tasks.exitAfter, [300, 9]), 6);
            exitFailure = await watched.head.then(
              () => undefined,
              (error: unknown) => error,
            );
            const values = (await Promise.all(watched.followers)).map((outcome) => outcome.value);
            assert.deepEqual(values, [0, 2, 4, 6, 8, 10], 'every task behind the dead one ran');
            assert.equal(kindOf(exitFailure), 'worker-terminated');
            assert.match((exitFailure as Error).message, /exited with code 9/);
          } while (watched.most < 7 && ++attempt < 5);
          assert.equal(watched.most, 7, 'the six tasks were sent ahead before the worker died');
          await eventually(() => executor.workers().length === 1, 5_000, 'one live worker');
          assert.equal(await executor.submit(tasks.add, 2, 3), 5, 'the pool goes on');
        } finally {
          await executor.shutdown({ killWorkers: true });
        }
      },
    );
  });
}

test('pipelineDepth must be a positive integer', () => {
  for (const pipelineDepth of [0, 1.5, -2]) {
    assert.throws(() => new Executor({ pipelineDepth }), /pipelineDepth must be a positive integer, got/);
  }
});

test('thread backend: a turn of small and large payloads and failures, each task gets its answer', async () => {
  // Small tasks and results travel packed together in one message; large ones and failures on their own, in order.
  const executor = new Executor({ backend: 'thread', maxWorkers: 2 });
  try {
    await executor.submit(tasks.double, 1);
    const inputs = Array.from({ length: 60 }, (_, i) =>
      i % 10 === 3 ? new Float64Array(20_000).fill(i) : { i, text: 'é'.repeat(i % 7), list: [i, i / 2] },
    );
    const answers = await Promise.allSettled(
      inputs.map((input, i) =>
        i % 10 === 5 ? executor.submit(tasks.throwCoded, `task ${i}`) : executor.submit(tasks.echo, input),
      ),
    );
    answers.forEach((answer, i) => {
      if (i % 10 === 5) {
        assert.equal(answer.status, 'rejected', `task ${i}`);
        assert.match(String((answer as PromiseRejectedResult).reason), new RegExp(`task ${i}\\b`));
      } else {
        assert.equal(answer.status, 'fulfilled', `task ${i}`);
        assert.deepEqual((answer as PromiseFulfilledResult<unknown>).value, inputs[i], `task ${i}`);
      }
    });
  } finally {
    await executor.shutdown({ killWorkers: true });
  }
});
