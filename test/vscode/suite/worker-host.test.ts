import * as assert from 'node:assert/strict';
import { activeApi, childPids, isAlive, waitFor, writeWorkspaceFile } from './helpers';

suite('worker host supervision', () => {
  test('restarts the worker host after it is killed', async () => {
    const api = await activeApi();
    const first = await api.ensureHost();
    process.kill(first, 'SIGKILL');
    const second = await waitFor('a new worker host', () => {
      const pid = api.hostPid();
      return pid !== undefined && pid !== first ? pid : undefined;
    });
    assert.equal(await api.ensureHost(), second);
    assert.equal(isAlive(first), false);
  });

  test('cancel stops a hanging run and its workers', async () => {
    const api = await activeApi();
    const uri = await writeWorkspaceFile('hang.mjs', 'export function spin() {\n  for (;;) {}\n}\n');
    const host = await api.ensureHost();
    const run = api.startProfile(uri, 'spin', '', { modes: ['by-value'], repeat: 1, warmup: 0, timeoutMs: 600_000 });
    const workers = await waitFor('a worker spinning', () => {
      const children = childPids(host);
      return children.length > 0 ? children : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    run.cancel();
    await assert.rejects(run.result, (error: Error & { failure?: { reason: string } }) => {
      assert.equal(error.failure?.reason, 'cancelled', error.message);
      return true;
    });
    assert.ok(Date.now() - started < 15_000);
    await waitFor('the workers to exit', () => workers.every((pid) => !isAlive(pid)), 10_000);
    // The host is usable afterwards.
    assert.ok((await api.ensureHost()) > 0);
  });
});
