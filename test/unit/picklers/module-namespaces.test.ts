/**
 * A module object in a task — an ES module namespace (`import * as helpers from './helpers.mjs'`, `import * as
 * path from 'node:path'`) or a CommonJS `module.exports` — held in a closure or passed as an argument is
 * importable, so it travels by reference (cloudpickle pickles modules by reference): the worker's task gets the
 * worker's own module, not a copy of everything the module holds. Through the profiler here; through the library,
 * on modules the program imported by itself, in module-namespaces-library.test.ts (a process of its own).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { profile } from '../../../worker-host/profiler/profile';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'worker-shapes', 'namespaces');
const GRAPH_MODES = ['by-value', 'by-reference', 'wrapped'];
/** helpers' table alone is 50,000 numbers: a task that copied the module would weigh hundreds of KiB. */
const MODULE_COPY_BYTES = 16 * 1024;

/** Each call of `file` runs in every graph mode with `preview` as its result and a task far smaller than a copy. */
async function assertImportedNotCopied(file: string, calls: [string, string][], preview: string): Promise<void> {
  for (const [functionName, argsExpression] of calls) {
    const report = await profile({
      file: join(fixtures, file),
      functionName,
      argsExpression,
      modes: GRAPH_MODES,
      repeat: 1,
      warmup: 0,
      backend: 'thread',
      timeoutMs: 30_000,
    });
    for (const result of report.results) {
      const what = `${functionName} ${result.mode}`;
      assert.equal(result.status, 'ok', `${what}: ${result.error?.message}`);
      assert.equal(result.resultPreview, preview, what);
      assert.ok((result.bytes?.task ?? Infinity) < MODULE_COPY_BYTES, `${what}: ${result.bytes?.task} B sent`);
    }
  }
}

for (const format of ['mjs', 'cjs']) {
  test(`${format}: a module in a closure or an argument is imported by the worker, not copied`, () =>
    assertImportedNotCopied(
      `tasks.${format}`,
      [
        ['labelTask', "'/x/report.txt'"],
        ['labelWith', "helpers, '/x/report.txt'"],
      ],
      "{ label: 'report.txt#3', namespaces: true }",
    ));
}

for (const format of ['mjs', 'cjs']) {
  test(`${format}: a module of constants only and a module that only re-exports are imported, not copied`, () =>
    assertImportedNotCopied(
      `reexport-tasks.${format}`,
      [
        ['summarise', "'report'"],
        ['summariseWith', "constants, facade, 'report'"],
      ],
      "{ text: 'report#6 report:0 1ms', namespaces: true }",
    ));
}
