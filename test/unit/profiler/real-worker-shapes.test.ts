/**
 * Worker files of the shapes public projects write (workerpool's asynchronously initialised worker, its
 * web-or-Node example workers, a project's ES-module worker, a package's pool entry that re-exports its task),
 * in our own words, profiled and run by the real pool on the same file with the same arguments.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Piscina } from 'piscina';
import workerpool from 'workerpool';
import { loadUserModule } from '../../../worker-host/loader/index';
import { profile } from '../../../worker-host/profiler/profile';
import { everyModeOnThreads } from './every-mode-request';
import { previewValue } from '../../../worker-host/profiler/preview';
import type { ProfileReport } from '../../../worker-host/protocol/report';

const real = join(__dirname, '..', '..', 'fixtures', 'worker-shapes', 'real');

async function workerpoolResult(file: string, method: string, args: unknown[], workerType: 'thread' | 'process') {
  const pool = workerpool.pool(join(real, file), { workerType, maxWorkers: 1 });
  try {
    return (await pool.exec(method, args)) as unknown;
  } finally {
    await pool.terminate();
  }
}

async function profiled(file: string, functionName: string, argsExpression: string): Promise<ProfileReport> {
  return profile(everyModeOnThreads(join(real, file), functionName, argsExpression));
}

/** structured-clone as workerpool's threads, json as its process workers, the graph modes as the threads. */
async function assertWorkerpoolAgrees(file: string, method: string, argsExpression: string, args: () => unknown[]) {
  const threads = previewValue(await workerpoolResult(file, method, args(), 'thread'));
  const processes = previewValue(await workerpoolResult(file, method, args(), 'process'));
  const report = await profiled(file, method, argsExpression);
  for (const result of report.results) {
    assert.equal(result.status, 'ok', `${method} ${result.mode}: ${result.error?.message}`);
    assert.equal(result.resultPreview, result.mode === 'json' ? processes : threads, `${method} ${result.mode}`);
  }
  return report;
}

test('a workerpool worker that registers after an asynchronous set-up is waited for, as its pool waits', async () => {
  await assertWorkerpoolAgrees('workerpool-late-register.cjs', 'shout', "'hi'", () => ['hi']);
  // The task reads what the set-up filled in: by value too, the Map is sent once the file has registered.
  await assertWorkerpoolAgrees('workerpool-late-register.cjs', 'describe', '2', () => [2]);
});

test('a web-or-Node workerpool worker (importScripts in one branch) loads as the CommonJS Node runs', async () => {
  await assertWorkerpoolAgrees('workerpool-dual.js', 'collatzSteps', '27', () => [27]);
  const report = await assertWorkerpoolAgrees('workerpool-dual.js', 'longest', '30', () => [30]);
  // Sent as text by pool.exec, `longest` loses the helper it calls: the report says so, workerpool agrees.
  const longest = (await registeredTask('workerpool-dual.js', 'longest')) as (limit: number) => unknown;
  const pool = workerpool.pool({ workerType: 'thread', maxWorkers: 1 });
  await assert.rejects(pool.exec(longest, [30]), /collatzSteps is not defined/);
  await pool.terminate();
  assert.deepEqual(
    report.functionAsString?.lost.map((binding) => binding.name),
    ['collatzSteps'],
  );
});

test('an ES-module workerpool worker: a Date stays a Date on threads, becomes a string on processes', async () => {
  const record = "{ id: 7, name: '  Ada ', seen: new Date(0) }";
  const report = await assertWorkerpoolAgrees('workerpool-esm-logging.mjs', 'normalise', record, () => [
    { id: 7, name: '  Ada ', seen: new Date(0) },
  ]);
  const json = report.results.find((result) => result.mode === 'json');
  assert.match(json?.warnings.map((warning) => warning.message).join('\n') ?? '', /the Date becomes the string/);
});

test('a pool entry that re-exports its task as the default runs as tinypool and piscina run it', async () => {
  const filename = join(real, 'tinypool-reexport.mjs');
  const { default: Tinypool } = await import('tinypool');
  const tinypool = new Tinypool({ filename, minThreads: 1, maxThreads: 1 });
  const expected = previewValue(await tinypool.run({ titles: ['Hello World', 'fooBar'] }));
  await tinypool.destroy();
  const piscina = new Piscina({ filename, minThreads: 1, maxThreads: 1 });
  assert.equal(previewValue(await piscina.run({ titles: ['Hello World', 'fooBar'] })), expected);
  await piscina.destroy();
  const report = await profiled('tinypool-reexport.mjs', 'default', "{ titles: ['Hello World', 'fooBar'] }");
  for (const result of report.results) {
    assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
    assert.equal(result.resultPreview, expected, result.mode);
  }
});

async function registeredTask(file: string, name: string): Promise<unknown> {
  return (await loadUserModule(join(real, file))).poolExports()[name];
}

test("a workerpool task that reaches workerpool's API through `this.worker` runs as workerpool runs it", async () => {
  await assertWorkerpoolAgrees('workerpool-abort-listener.cjs', 'waitOrAbort', '10', () => [10]);
});

test('a TypeScript workerpool worker runs as in workerpool process workers under tsx', async () => {
  const pool = workerpool.pool(join(real, 'workerpool-worker.ts'), {
    workerType: 'process',
    maxWorkers: 1,
    forkOpts: { execArgv: ['--import', 'tsx'] },
  });
  const args = [
    { start: 1, end: 5 },
    { start: 3, end: 9 },
  ];
  const expected = previewValue(await pool.exec('overlap', args));
  await pool.terminate();
  const report = await profiled('workerpool-worker.ts', 'overlap', '{ start: 1, end: 5 }, { start: 3, end: 9 }');
  for (const result of report.results) {
    assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
    assert.equal(result.resultPreview, expected, result.mode);
  }
});

test("a worker that loads workerpool's prebuilt bundle (dist/workerpool.js) is reached too", async () => {
  await assertWorkerpoolAgrees('workerpool-bundle.cjs', 'primesBelow', '20', () => [20]);
});
