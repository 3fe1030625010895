import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Executor, type ExecutorOptions, SerializationProfilerError } from '../../../worker-host/executor/index';
import { loadUserModule } from '../../../worker-host/loader/index';
import { HOSTILE_FILE, type HostileTasks, REF_PICKLER, countLines, hostile } from './fixtures';

/**
 * The hostile tasks loaded as the profiler loads a user's module, so that the built-in picklers can send them
 * by reference: from a copy, since the test itself has required the fixture as a plain CommonJS module.
 */
async function asUserModule(): Promise<HostileTasks> {
  const copy = join(mkdtempSync(join(tmpdir(), 'executor-hostile-')), 'hostile.js');
  copyFileSync(HOSTILE_FILE, copy);
  return (await loadUserModule(copy)).namespace as unknown as HostileTasks;
}

const kindOf = (error: unknown): string =>
  error instanceof SerializationProfilerError ? error.kind : `not ours: ${String(error)}`;

for (const backend of ['process', 'thread'] as const) {
  const make = (options: ExecutorOptions = {}): Executor =>
    new Executor({ backend, maxWorkers: 2, idleTimeoutMs: 5_000, pickler: REF_PICKLER, ...options });

  describe(`hostile tasks (${backend})`, { timeout: 120_000 }, () => {
    test('an error that is its own cause and holds itself, thrown or returned, settles; the pool goes on', async () => {
      for (const pickler of [REF_PICKLER, 'by-value', 'by-reference', 'structured-clone', 'json']) {
        const executor = make({ maxWorkers: 1, pickler });
        const tasks = pickler === REF_PICKLER ? hostile : await asUserModule();
        try {
          const thrown = await executor.submit(tasks.throwSelfReferential).then(() => 'resolved', kindOf);
          assert.equal(thrown, 'run', pickler);
          const returned = await executor.submit(tasks.returnSelfReferential).then(() => 'resolved', kindOf);
          assert.ok(
            ['resolved', 'result-serialize', 'result-deserialize'].includes(returned),
            `${pickler}: ${returned}`,
          );
          assert.equal(await executor.submit(tasks.argCount, 1, 2), 2, `${pickler}: the pool still runs tasks`);
        } finally {
          await executor.shutdown({ killWorkers: true });
        }
      }
    });

    test('tasks sent ahead to a worker that a task exits: none runs twice, every finished task resolves', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'executor-runs-'));
      const file = join(dir, 'runs.txt');
      // Results large enough to fill the pipe, so a worker may still be writing one when the next task starts.
      const executor = make({ pipelineDepth: 8 });
      try {
        await executor.submit(hostile.record, file, -1, false);
        const exits = (id: number): boolean => id % 10 === 9;
        const ids = Array.from({ length: 200 }, (_, id) => id);
        const settled = await Promise.allSettled(
          ids.map((id) => executor.submit(hostile.record, file, id, exits(id), 200_000)),
        );
        const runs = countLines(file);
        for (const id of ids) {
          const outcome = settled[id] as PromiseSettledResult<unknown>;
          assert.ok((runs.get(id) ?? 0) <= 1, `task ${id} ran ${runs.get(id)} times`);
          if (exits(id)) {
            assert.equal(outcome.status === 'rejected' && kindOf(outcome.reason), 'worker-terminated', `task ${id}`);
            assert.equal(runs.get(id), 1, `task ${id} exited its worker once`);
          } else {
            assert.equal(
              outcome.status,
              'fulfilled',
              `task ${id}: ${outcome.status === 'rejected' ? String(outcome.reason) : ''}`,
            );
            assert.equal(runs.get(id), 1, `task ${id} resolved and ran once`);
          }
        }
      } finally {
        await executor.shutdown({ killWorkers: true });
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a shared AbortSignal over many tasks adds one listener, no warning; aborting cancels them all', async () => {
      const executor = make({ maxWorkers: 1 });
      const warnings: string[] = [];
      const onWarning = (warning: Error): void => void warnings.push(warning.name);
      process.on('warning', onWarning);
      try {
        const controller = new AbortController();
        const pending = Array.from({ length: 40 }, (_, id) =>
          executor.submitTask(hostile.argCount, [id], { signal: controller.signal }).then(() => 'resolved', kindOf),
        );
        // The test pickler is loaded before the tasks are queued.
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
        controller.abort();
        const kinds = await Promise.all(pending);
        assert.ok(
          kinds.every((kind) => kind === 'cancelled' || kind === 'resolved'),
          kinds.join(),
        );
        assert.ok(kinds.includes('cancelled'));
        assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
        const done = new AbortController();
        await Promise.all(
          Array.from({ length: 20 }, (_, id) => executor.submitTask(hostile.argCount, [id], { signal: done.signal })),
        );
        assert.equal(getEventListeners(done.signal, 'abort').length, 0, 'the listener goes with the last task');
        await new Promise((resolve) => setImmediate(resolve));
        assert.deepEqual(warnings, []);
      } finally {
        process.off('warning', onWarning);
        await executor.shutdown({ killWorkers: true });
      }
    });

    test('maxMemoryGrowthMb counts Buffer memory: a worker holding large Buffers is replaced', async () => {
      const executor = make({ maxWorkers: 1, maxMemoryGrowthMb: 32 });
      try {
        await executor.submit(hostile.argCount);
        const before = executor.stats.workersStarted;
        await executor.submit(hostile.holdBuffer, 64);
        await executor.submit(hostile.argCount);
        assert.equal(executor.stats.workersStarted, before + 1, 'a new worker after the one that grew');
      } finally {
        await executor.shutdown({ killWorkers: true });
      }
    });
  });
}
