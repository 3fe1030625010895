/**
 * workerpool's `pool.exec(fn, args)` sends a function as its text and rebuilds it with `new Function` in its
 * worker. The report's verdict on that (`functionAsString`) is held to real workerpool on the same functions.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import workerpool from 'workerpool';
import { profile } from '../../../worker-host/profiler/profile';
import type { FunctionAsStringVerdict } from '../../../worker-host/protocol/report';
import { oneRoundOnThreads } from './every-mode-request';

const file = join(__dirname, '..', '..', 'fixtures', 'worker-shapes', 'exec-closures.mjs');
const pools = [
  workerpool.pool({ workerType: 'thread', maxWorkers: 1 }),
  workerpool.pool({ workerType: 'process', maxWorkers: 1 }),
];
after(() => Promise.all(pools.map((pool) => pool.terminate())));

type Exec = (fn: (...args: never[]) => unknown, args: unknown[]) => Promise<unknown>;

const CASES: [name: string, argsExpression: string, args: unknown[]][] = [
  ['selfContained', '[1, 2]', [[1, 2]]],
  ['underLimit', '[1, 200]', [[1, 200]]],
  ['sumBy', '[{ amount: 2 }]', [[{ amount: 2 }]]],
  ['triple', '2', [2]],
  ['tasks.double', '2', [2]],
];

async function verdictFor(functionName: string, argsExpression: string): Promise<FunctionAsStringVerdict> {
  const report = await profile(oneRoundOnThreads(file, functionName, argsExpression, ['by-value']));
  assert.ok(report.functionAsString, 'a JavaScript report says what pool.exec(fn) would do');
  return report.functionAsString;
}

for (const [name, argsExpression, args] of CASES) {
  test(`${name}: the pool.exec(fn) verdict is what real workerpool does, on threads and processes`, async () => {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const fn = name.split('.').reduce((value: unknown, key) => (value as Record<string, unknown>)[key], module);
    const verdict = await verdictFor(name, argsExpression);
    for (const pool of pools) {
      let outcome: { value: unknown } | { error: Error };
      try {
        outcome = { value: await (pool.exec as Exec)(fn as (...args: never[]) => unknown, args) };
      } catch (error) {
        outcome = { error: error as Error };
      }
      if ('value' in outcome) {
        assert.equal(verdict.verdict, 'runs', `workerpool ran it: ${JSON.stringify(verdict)}`);
        continue;
      }
      assert.equal(verdict.verdict, 'fails', `workerpool failed: ${outcome.error.message}`);
      if (verdict.syntaxError) {
        assert.equal(verdict.syntaxError, `SyntaxError: ${outcome.error.message}`);
      } else {
        assert.equal(`${verdict.lost[0]?.name} is not defined`, outcome.error.message);
      }
    }
  });
}

test('what the text loses is named with its kind and definition, and the table says it under the runs', async () => {
  const { formatTable } = await import('../../../worker-host/cli/format-table');
  const kinds = async (name: string, args: string) =>
    (await verdictFor(name, args)).lost.map((binding) => [
      binding.name,
      binding.kind,
      binding.from,
      binding.location?.line,
    ]);
  assert.deepEqual(await kinds('underLimit', '[1]'), [['LIMIT', 'module', undefined, 4]]);
  assert.deepEqual(await kinds('sumBy', '[]'), [['_', 'import', 'lodash', 2]]);
  assert.deepEqual(await kinds('triple', '1'), [['factor', 'closure', undefined, undefined]]);
  const report = await profile({
    file,
    functionName: 'underLimit',
    argsExpression: '[1]',
    modes: ['by-value'],
    repeat: 1,
    warmup: 0,
    backend: 'thread',
    timeoutMs: 30_000,
  });
  assert.match(
    formatTable(report, join(__dirname, '..', '..', '..')),
    /workerpool's pool\.exec\(fn\): fails with "ReferenceError: LIMIT is not defined" when it reads LIMIT: .*loses LIMIT \(module-level, test\/fixtures\/worker-shapes\/exec-closures\.mjs:4:7\)/,
  );
});
