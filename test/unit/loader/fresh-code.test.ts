import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Executor, RunError } from '../../../worker-host/executor/index';
import { evaluateArguments, functionLocation, loadUserModule } from '../../../worker-host/loader/index';

type Apply = (x: number) => number;

for (const backend of ['process', 'thread'] as const) {
  describe(
    `an edited file loads fresh in the host and in a long-lived worker (${backend})`,
    { timeout: 60_000 },
    () => {
      let dir: string;
      let executor: Executor;

      before(() => {
        dir = mkdtempSync(join(tmpdir(), 'sp-fresh-'));
        executor = new Executor({ backend, maxWorkers: 1, idleTimeoutMs: 30_000 });
      });
      after(async () => {
        await executor.shutdown();
        rmSync(dir, { recursive: true, force: true });
      });

      async function loadAndRun(file: string): Promise<{ host: number; worker: number; sample: unknown }> {
        const module = await loadUserModule(file);
        const apply = module.namespace.apply as Apply;
        const outcome = await executor.submitTask(apply, [10], { pickler: 'by-reference' });
        return { host: apply(10), worker: outcome.value as number, sample: evaluateArguments(module, 'sample')[0] };
      }

      test('TypeScript: the file itself, then only the file it imports (extensionless)', async () => {
        const main = join(dir, 'main.ts');
        const rule = join(dir, 'rule.ts');
        writeFileSync(rule, 'export const rule = (x: number): number => x + 1;\n');
        writeFileSync(
          main,
          "import { rule } from './rule';\nconst sample = 'a';\n" +
            'export function apply(x: number): number {\n  return rule(x);\n}\n',
        );
        assert.deepEqual(await loadAndRun(main), { host: 11, worker: 11, sample: 'a' });
        const unchanged = await loadUserModule(main);
        assert.equal(
          unchanged.namespace.apply,
          (await loadUserModule(main)).namespace.apply,
          'unchanged files are not loaded again',
        );

        writeFileSync(
          main,
          "import { rule } from './rule';\nconst sample = 'b';\n" +
            'export function apply(x: number): number {\n  return rule(x) * 2;\n}\n',
        );
        assert.deepEqual(await loadAndRun(main), { host: 22, worker: 22, sample: 'b' });

        writeFileSync(rule, 'export const rule = (x: number): number => x + 5;\n');
        assert.deepEqual(await loadAndRun(main), { host: 30, worker: 30, sample: 'b' });
      });

      test('stack traces and function locations name the plain file', async () => {
        const main = join(dir, 'thrower.mjs');
        writeFileSync(main, "export function apply(x) {\n  throw new Error('no ' + x);\n}\n");
        const module = await loadUserModule(main);
        assert.match(module.url, /\?sp-version=/);
        const error = await executor
          .submitTask(module.namespace.apply as Apply, [1], { pickler: 'by-reference' })
          .catch((e: Error) => e);
        assert.ok(error instanceof RunError, String(error));
        assert.equal(error.location?.file, main);
        assert.equal(error.location?.line, 2);
        assert.doesNotMatch(`${error.message} ${String(error.cause)}`, /sp-version/);
        assert.equal(functionLocation(module.namespace.apply as Function)?.file, main);
      });

      test('CommonJS', async () => {
        const main = join(dir, 'main.cjs');
        writeFileSync(main, "const sample = 'a';\nexports.apply = (x) => x - 1;\n");
        assert.deepEqual(await loadAndRun(main), { host: 9, worker: 9, sample: 'a' });
        writeFileSync(main, "const sample = 'b';\nexports.apply = (x) => x - 2;\n");
        assert.deepEqual(await loadAndRun(main), { host: 8, worker: 8, sample: 'b' });
      });
    },
  );
}
