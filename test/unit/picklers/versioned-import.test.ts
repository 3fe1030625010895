import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Executor } from '../../../worker-host/executor/index';
import { loadUserModule } from '../../../worker-host/loader/index';

for (const backend of ['process', 'thread'] as const) {
  describe(`by-value import of an edited user file, one long-lived worker (${backend})`, { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-versioned-import-'));
    const executor = new Executor({ backend, maxWorkers: 1, pickler: 'by-value', idleTimeoutMs: 30_000 });
    after(async () => {
      await executor.shutdown({ killWorkers: true });
      rmSync(dir, { recursive: true, force: true });
    });

    test('the second submit runs the new code of the imported file', async () => {
      const main = join(dir, 'main.ts');
      const helper = join(dir, 'helper.ts');
      writeFileSync(
        main,
        "import { greeting } from './helper';\n" +
          'function greet(name: string): string {\n  return greeting(name);\n}\nexport const unused = 0;\n',
      );
      writeFileSync(helper, "export function greeting(name: string): string {\n  return 'hello ' + name;\n}\n");
      const first = await loadUserModule(main);
      const greetFirst = first.getBinding('greet') as (name: string) => string;
      assert.equal(await executor.submit(greetFirst, 'ada'), 'hello ada');
      const pids = executor.workerPids();

      writeFileSync(helper, "export function greeting(name: string): string {\n  return 'goodbye ' + name;\n}\n");
      const second = await loadUserModule(main);
      const greetSecond = second.getBinding('greet') as (name: string) => string;
      assert.equal(await executor.submit(greetSecond, 'ada'), 'goodbye ada');
      assert.deepEqual(executor.workerPids(), pids, 'the same worker ran both');
    });
  });
}
