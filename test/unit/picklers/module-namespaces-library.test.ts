/**
 * The library on modules the program imported by itself: a module object (an ES module namespace or a CommonJS
 * `module.exports`) held in a closure or passed as an argument travels by reference, as through the profiler
 * (module-namespaces.test.ts).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Executor } from '../../../worker-host/executor/index';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'worker-shapes', 'namespaces');
const GRAPH_MODES = ['by-value', 'by-reference', 'wrapped'];
/** helpers' table alone is 50,000 numbers: a task that copied the module would weigh hundreds of KiB. */
const MODULE_COPY_BYTES = 16 * 1024;
const EXPECTED = { label: 'report.txt#3', namespaces: true };

interface Tasks {
  labelTask(file: string): unknown;
  labelWith(ns: unknown, file: string): unknown;
}

const executor = new Executor({ backend: 'thread', maxWorkers: 1 });
after(() => executor.shutdown({ killWorkers: true }));

test('executor.submit sends a closure over namespaces, and a namespace argument, by reference', async () => {
  const esm = (await import(pathToFileURL(join(fixtures, 'tasks.mjs')).href)) as Tasks;
  const esmHelpers = (await import(pathToFileURL(join(fixtures, 'helpers.mjs')).href)) as object;
  const load = createRequire(__filename);
  const cjs = load(join(fixtures, 'tasks.cjs')) as Tasks;
  const cjsHelpers = load(join(fixtures, 'helpers.cjs')) as object;
  assert.deepEqual(await executor.submit(esm.labelTask, '/x/report.txt'), EXPECTED, 'submit, ESM');
  assert.deepEqual(await executor.submit(cjs.labelTask, '/x/report.txt'), EXPECTED, 'submit, CommonJS');
  for (const pickler of GRAPH_MODES) {
    for (const [what, tasks, helpers] of [
      ['ESM', esm, esmHelpers],
      ['CommonJS', cjs, cjsHelpers],
    ] as const) {
      const closure = await executor.submitTask(tasks.labelTask, ['/x/report.txt'], { pickler });
      assert.deepEqual(closure.value, EXPECTED, `${what} closure, ${pickler}`);
      assert.ok(closure.bytes.task < MODULE_COPY_BYTES, `${what} closure, ${pickler}: ${closure.bytes.task} B`);
      const argument = await executor.submitTask(tasks.labelWith, [helpers, '/x/report.txt'], { pickler });
      assert.deepEqual(argument.value, EXPECTED, `${what} argument, ${pickler}`);
      assert.ok(argument.bytes.task < MODULE_COPY_BYTES, `${what} argument, ${pickler}: ${argument.bytes.task} B`);
    }
  }
});

interface ReexportTasks {
  summarise(name: string): unknown;
  summariseWith(limits: unknown, parts: unknown, name: string): unknown;
}
const SUMMARY = { text: 'report#6 report:0 1ms', namespaces: true };

test('a module of constants only and a module that only re-exports travel by reference too', async () => {
  const load = createRequire(__filename);
  const esmUrl = (name: string) => pathToFileURL(join(fixtures, name)).href;
  const formats = [
    {
      what: 'ESM',
      tasks: (await import(esmUrl('reexport-tasks.mjs'))) as ReexportTasks,
      constants: (await import(esmUrl('constants.mjs'))) as object,
      facade: (await import(esmUrl('facade.mjs'))) as object,
    },
    {
      what: 'CommonJS',
      tasks: load(join(fixtures, 'reexport-tasks.cjs')) as ReexportTasks,
      constants: load(join(fixtures, 'constants.cjs')) as object,
      facade: load(join(fixtures, 'facade.cjs')) as object,
    },
  ];
  for (const { what, tasks, constants, facade } of formats) {
    assert.deepEqual(await executor.submit(tasks.summarise, 'report'), SUMMARY, `submit, ${what}`);
    for (const pickler of GRAPH_MODES) {
      const closure = await executor.submitTask(tasks.summarise, ['report'], { pickler });
      assert.deepEqual(closure.value, SUMMARY, `${what} closure, ${pickler}`);
      assert.ok(closure.bytes.task < MODULE_COPY_BYTES, `${what} closure, ${pickler}: ${closure.bytes.task} B`);
      const argument = await executor.submitTask(tasks.summariseWith, [constants, facade, 'report'], { pickler });
      assert.deepEqual(argument.value, SUMMARY, `${what} argument, ${pickler}`);
      assert.ok(argument.bytes.task < MODULE_COPY_BYTES, `${what} argument, ${pickler}: ${argument.bytes.task} B`);
    }
  }
});
