import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type Executor, ShutdownError, getReusableExecutor } from '../../../worker-host/executor/index';
import { REF_PICKLER, eventually, tasks } from './fixtures';

for (const backend of ['process', 'thread'] as const) {
  describe(`getReusableExecutor (${backend})`, { timeout: 60_000 }, () => {
    const base = { backend, pickler: REF_PICKLER, idleTimeoutMs: 3_000 } as const;
    const created: Executor[] = [];
    const get = (options: Parameters<typeof getReusableExecutor>[0] = {}): Executor => {
      const executor = getReusableExecutor({ ...base, ...options });
      if (!created.includes(executor)) created.push(executor);
      return executor;
    };
    after(async () => {
      await Promise.all(created.map((executor) => executor.shutdown({ killWorkers: true })));
    });

    test('reused while options are unchanged; a new maxWorkers resizes the same executor in place', async () => {
      const first = get({ maxWorkers: 1 });
      assert.equal(await first.submit(tasks.double, 2), 4);
      const pids = first.workerPids();
      const again = get({ maxWorkers: 1 });
      assert.equal(again, first);
      const resized = get({ maxWorkers: 2 });
      assert.equal(resized, first);
      assert.equal(resized.maxWorkers, 2);
      assert.deepEqual(resized.workerPids(), pids, 'resizing keeps the running workers');
      assert.equal(get(), first, 'no maxWorkers given: same executor, size unchanged');
      assert.equal(first.maxWorkers, 2);
    });

    test('replaced when another option changes; killWorkers: false lets the old running task finish', async () => {
      const old = get({ maxWorkers: 1 });
      const running = old.submit(tasks.sleep, 300, 'finished');
      await eventually(() => old.workers().some((w) => w.state === 'busy'), 5_000, 'the task to run');
      const replacement = get({ maxWorkers: 1, idleTimeoutMs: 2_500, killWorkers: false });
      assert.notEqual(replacement, old);
      assert.equal(old.isShutdown, true);
      assert.equal(await running, 'finished');
      await eventually(() => old.workers().length === 0, 5_000, 'the old workers to exit');
      assert.equal(await replacement.submit(tasks.double, 5), 10);
    });

    test('killWorkers: true on replacement rejects the old running task with shutdown', async () => {
      const old = get({ maxWorkers: 1, idleTimeoutMs: 2_500 });
      const running = old.submit(tasks.hang);
      await eventually(() => old.workers().some((w) => w.state === 'busy'), 5_000, 'the task to run');
      const replacement = get({ maxWorkers: 1, idleTimeoutMs: 2_000, killWorkers: true });
      assert.notEqual(replacement, old);
      await assert.rejects(running, ShutdownError);
      await eventually(() => old.workers().length === 0, 5_000, 'the old workers to be killed');
      assert.equal(await replacement.submit(tasks.double, 6), 12);
    });

    test('reuse: false always replaces; reuse: true keeps the executor whatever the options', () => {
      const current = get({ idleTimeoutMs: 2_000 });
      const kept = get({ idleTimeoutMs: 1_234, reuse: true });
      assert.equal(kept, current);
      const fresh = get({ idleTimeoutMs: 2_000, reuse: false });
      assert.notEqual(fresh, current);
      assert.equal(current.isShutdown, true);
    });

    test('replaced after it is shut down or broken', async () => {
      const current = get({ idleTimeoutMs: 2_000 });
      await current.shutdown();
      const afterShutdown = get({ idleTimeoutMs: 2_000 });
      assert.notEqual(afterShutdown, current);
      const broken = get({ idleTimeoutMs: 2_000, execArgv: ['--no-such-node-flag'] });
      await broken.submit(tasks.double, 1).catch(() => undefined);
      assert.equal(broken.isBroken, true);
      const healed = get({ idleTimeoutMs: 2_000, execArgv: ['--no-such-node-flag'] });
      assert.notEqual(healed, broken, 'a broken executor is replaced even with the same options');
    });
  });
}
