import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CancelledError,
  Executor,
  type ExecutorOptions,
  PHASES,
  SerializationProfilerError,
  ShutdownError,
} from '../../../worker-host/executor/index';
import { REF_PICKLER, TASKS_FILE, eventually, isAlive, refPickler, tasks } from './fixtures';

const kindOf = (error: unknown): string =>
  error instanceof SerializationProfilerError ? error.kind : `not ours: ${String(error)}`;

for (const backend of ['process', 'thread'] as const) {
  const make = (options: ExecutorOptions = {}): Executor =>
    new Executor({ backend, maxWorkers: 2, idleTimeoutMs: 5_000, pickler: REF_PICKLER, ...options });
  /** Which worker ran a task: its process for the process backend, its thread for the thread backend. */
  const who = async (executor: Executor): Promise<number> => {
    const me = await executor.submit(tasks.whoAmI);
    return backend === 'process' ? me.pid : me.threadId;
  };
  const liveIds = (executor: Executor): number[] =>
    executor
      .workers()
      .filter((w) => w.state !== 'stopping')
      .map((w) => (backend === 'process' ? w.pid : (w.threadId as number)));

  describe(`executor (${backend})`, { timeout: 60_000 }, () => {
    test('measures every phase; the phases add up to the total; the first task starts a worker', async () => {
      const executor = make({ maxWorkers: 1 });
      assert.deepEqual(executor.workerPids(), [], 'workers start lazily');
      const cold = await executor.submitTask(tasks.echo, [{ list: Array.from({ length: 1000 }, (_, i) => i) }]);
      const warm = await executor.submitTask(tasks.echo, [{ list: [1, 2, 3] }]);
      assert.equal(cold.workerStarted, true);
      assert.equal(warm.workerStarted, false);
      assert.ok(cold.queuedMs > 0, 'the cold task waited for its worker to start');
      assert.ok(warm.queuedMs >= 0);
      for (const outcome of [cold, warm]) {
        const sum = PHASES.reduce((total, phase) => total + outcome.timings[phase], 0);
        assert.ok(Math.abs(sum - outcome.timings.total) < 1e-6, `${sum} vs ${outcome.timings.total}`);
        for (const phase of PHASES) assert.ok(outcome.timings[phase] >= 0, `${phase} is ${outcome.timings[phase]}`);
        assert.ok(outcome.bytes.task > 0 && outcome.bytes.result > 0);
        assert.equal(outcome.pickler, REF_PICKLER);
      }
      assert.ok(cold.bytes.task > warm.bytes.task);
      assert.equal(cold.workerId, warm.workerId);
      if (backend === 'process') assert.notEqual(cold.pid, process.pid);
      else assert.equal(cold.pid, process.pid);
      await executor.shutdown();
    });

    test('submit spreads arguments; map keeps order with bounded concurrency', async () => {
      const executor = make();
      assert.equal(await executor.submit(tasks.add, 2, 3), 5);
      const doubled = await executor.map(
        tasks.double,
        Array.from({ length: 20 }, (_, i) => i),
        { concurrency: 3 },
      );
      assert.deepEqual(
        doubled,
        Array.from({ length: 20 }, (_, i) => 2 * i),
      );
      await executor.shutdown();
    });

    test('passes env to its workers', async () => {
      const executor = make({ env: { EXECUTOR_TEST_VALUE: 'from-parent' } });
      assert.equal(await executor.submit(tasks.env, 'EXECUTOR_TEST_VALUE'), 'from-parent');
      await executor.shutdown();
    });

    test('resize happens in place: running tasks finish, surviving workers keep their ids', async () => {
      const executor = make({ maxWorkers: 2 });
      const running = [executor.submit(tasks.sleep, 300, 'a'), executor.submit(tasks.sleep, 300, 'b')];
      await eventually(
        () => executor.workers().filter((w) => w.state === 'busy').length === 2,
        5_000,
        'two busy workers',
      );
      const before = liveIds(executor);
      executor.resize(3);
      const extra = executor.submit(tasks.sleep, 50, 'c');
      assert.deepEqual(await Promise.all([...running, extra]), ['a', 'b', 'c']);
      const grown = liveIds(executor);
      for (const id of before) assert.ok(grown.includes(id), 'a worker was replaced on growing');
      assert.equal(grown.length, 3);
      const longTask = executor.submit(tasks.sleep, 300, 'long');
      executor.resize(1);
      assert.equal(await longTask, 'long');
      await eventually(() => liveIds(executor).length === 1, 5_000, 'shrinking to one worker');
      assert.ok(grown.includes(liveIds(executor)[0] as number), 'the surviving worker is one of the old ones');
      await executor.shutdown();
    });

    test('an idle worker exits after idleTimeoutMs', async () => {
      const executor = make({ idleTimeoutMs: 150 });
      const { pid } = await executor.submitTask(tasks.double, [1]);
      assert.equal(executor.workers().length, 1);
      await eventually(() => executor.workers().length === 0, 5_000, 'the idle worker to exit');
      if (backend === 'process') await eventually(() => !isAlive(pid), 5_000, 'the process to end');
      assert.equal(await executor.submit(tasks.double, 2), 4, 'a new worker starts on demand');
      await executor.shutdown();
    });

    test('maxTasksPerWorker replaces a worker after that many tasks', async () => {
      const executor = make({ maxWorkers: 1, maxTasksPerWorker: 2 });
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await who(executor));
      assert.equal(ids[0], ids[1]);
      assert.notEqual(ids[1], ids[2]);
      assert.equal(ids[2], ids[3]);
      assert.notEqual(ids[3], ids[4]);
      await executor.shutdown();
    });

    test('a worker whose memory grew past maxMemoryGrowthMb is replaced after its task', async () => {
      const executor = make({ maxWorkers: 1, maxMemoryGrowthMb: 16 });
      const first = await who(executor);
      assert.equal(await who(executor), first, 'no growth, no replacement');
      assert.ok((await executor.submit(tasks.grow, 40)) > 0);
      assert.notEqual(await who(executor), first);
      await executor.shutdown();
    });

    test(
      'AbortSignal cancels a queued task, a running task (its worker ' + 'replaced), and refuses an aborted one',
      async () => {
        const executor = make({ maxWorkers: 1 });
        const busy = executor.submit(tasks.sleep, 300, 'busy');
        const queued = new AbortController();
        const waiting = executor.submitTask(tasks.double, [1], { signal: queued.signal });
        queued.abort();
        await assert.rejects(waiting, CancelledError);
        assert.equal(await busy, 'busy');

        const running = new AbortController();
        const hanging = executor.submitTask(tasks.hang, [], { signal: running.signal });
        await eventually(() => executor.workers().some((w) => w.state === 'busy'), 5_000, 'the task to run');
        running.abort(new Error('user pressed cancel'));
        await assert.rejects(
          hanging,
          (error: unknown) => error instanceof CancelledError && /while it ran/.test(error.message),
        );
        assert.equal(await executor.submit(tasks.double, 4), 8, 'the pool goes on');

        await assert.rejects(executor.submitTask(tasks.double, [1], { signal: AbortSignal.abort() }), CancelledError);
        await executor.shutdown();
      },
    );

    test('shutdown with wait lets running and queued tasks finish, then refuses new ones', async () => {
      const executor = make({ maxWorkers: 1 });
      const running = executor.submit(tasks.sleep, 200, 'running');
      const queued = executor.submit(tasks.sleep, 10, 'queued');
      const pids = await eventually(() => executor.workers().length === 1).then(() => executor.workerPids());
      await executor.shutdown({ wait: true });
      assert.deepEqual(await Promise.all([running, queued]), ['running', 'queued']);
      assert.equal(executor.workers().length, 0);
      if (backend === 'process')
        for (const pid of pids) await eventually(() => !isAlive(pid), 5_000, 'no leaked process');
      await assert.rejects(executor.submit(tasks.double, 1), ShutdownError);
    });

    test('shutdown without wait and with killWorkers rejects running and queued tasks with shutdown', async () => {
      const executor = make({ maxWorkers: 1 });
      const running = executor.submit(tasks.hang);
      await eventually(() => executor.workers().some((w) => w.state === 'busy'), 5_000, 'the task to run');
      const queued = executor.submit(tasks.double, 1);
      const pids = executor.workerPids();
      await executor.shutdown({ wait: false, killWorkers: true });
      await assert.rejects(running, ShutdownError);
      await assert.rejects(queued, ShutdownError);
      await eventually(() => executor.workers().length === 0, 5_000, 'workers to exit');
      if (backend === 'process')
        for (const pid of pids) await eventually(() => !isAlive(pid), 5_000, 'no leaked process');
    });

    test('workers that cannot start break the executor instead of hanging', async () => {
      const executor = make({ execArgv: ['--no-such-node-flag'] });
      const error = await executor.submit(tasks.double, 1).catch((thrown: unknown) => thrown);
      assert.equal(kindOf(error), 'worker-terminated');
      assert.match((error as Error).message, /fail to start/);
      assert.equal(executor.isBroken, true);
      await executor.shutdown({ killWorkers: true });
    });

    test('1,000 concurrent submits with mixed failures all settle, each with the right outcome', async () => {
      const executor = make({ maxWorkers: 2 });
      const missing = refPickler.ref(TASKS_FILE, 'missing');
      const expected: string[] = [];
      const submissions = Array.from({ length: 1000 }, (_, i) => {
        if (i % 250 === 249) return (expected.push('worker-terminated'), executor.submit(tasks.exitWith, 3));
        if (i % 10 === 3) return (expected.push('run'), executor.submit(tasks.throwCoded, `task ${i}`));
        if (i % 10 === 5) return (expected.push('task-serialize'), executor.submit(() => i));
        if (i % 10 === 7) return (expected.push('task-deserialize'), executor.submit(missing));
        return (expected.push(`ok ${2 * i}`), executor.submit(tasks.double, i));
      });
      const settled = await Promise.allSettled(submissions);
      const actual = settled.map((s) => (s.status === 'fulfilled' ? `ok ${String(s.value)}` : kindOf(s.reason)));
      assert.deepEqual(actual, expected);
      assert.ok(executor.workers().length <= 2);
      await executor.shutdown();
    });
  });
}
