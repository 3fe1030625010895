/**
 * Instances of a package's default-exported class captured at module level (`import MarkdownIt from
 * 'markdown-it'; const md = new MarkdownIt()`, CommonJS's `module.exports = Money`): the class is importable,
 * so by value it travels by reference and the instance's state by value, as cloudpickle sends an instance of
 * an importable class; what the state holds that no module exports is named, with what to do. Each verdict is
 * checked against real piscina on the same file.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { Executor } from '../../../worker-host/executor/index';
import { profile } from '../../../worker-host/profiler/profile';
import { previewValue } from '../../../worker-host/profiler/preview';
import type { ProfileReport } from '../../../worker-host/protocol/report';
import { oneRoundOnThreads } from './every-mode-request';

const shapes = join(__dirname, '..', '..', 'fixtures', 'worker-shapes');
// The test package is installed as npm installs one (a copy under node_modules, which git does not keep), so that
// it is package code, not a linked folder of the user's.
cpSync(
  join(__dirname, '..', '..', 'fixtures', 'packages', 'plain-money'),
  join(shapes, 'node_modules', 'plain-money'),
  {
    recursive: true,
  },
);
const MODES = ['by-value', 'by-reference', 'wrapped', 'structured-clone'];

/** Piscina as a program runs it: without the test runner's TypeScript loader, which resolves packages its own way. */
async function piscinaResult(file: string, task: unknown, name = 'default'): Promise<unknown> {
  const pool = new Piscina({ filename: join(shapes, file), name, minThreads: 1, maxThreads: 1, execArgv: [] });
  try {
    return (await pool.run(task)) as unknown;
  } finally {
    await pool.destroy();
  }
}

function profiled(file: string, functionName: string, argsExpression: string): Promise<ProfileReport> {
  return profile(oneRoundOnThreads(join(shapes, file), functionName, argsExpression, MODES));
}

for (const file of ['money-fee.mjs', 'money-fee.cjs']) {
  test(`${file}: an instance of a package's default-exported class travels by value, as piscina runs it`, async () => {
    const real = previewValue(await piscinaResult(file, { cents: 1000 }));
    assert.equal(real, "'12.50 EUR'");
    const report = await profiled(file, 'default', '{ cents: 1000 }');
    for (const result of report.results) {
      assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
      assert.equal(result.resultPreview, real, result.mode);
    }
    // Instances in the arguments too: the class by reference, the state by value; the worker's add() works.
    const total = await profiled(file, 'total', "[new Money(100, 'EUR'), new Money(5, 'EUR')]");
    for (const result of total.results) {
      assert.equal(result.status, 'ok', `total ${result.mode}: ${result.error?.message}`);
      assert.equal(result.resultPreview, "'3.55 EUR'", `total ${result.mode}`);
    }
  });
}

const executor = new Executor({ backend: 'thread', maxWorkers: 1 });
after(() => executor.shutdown({ killWorkers: true }));

test('executor.submit sends a closure over a package class instance, from an ES module imported as usual', async () => {
  const esm = (await import(pathToFileURL(join(shapes, 'money-fee.mjs')).href)) as {
    default: (task: { cents: number }) => string;
  };
  assert.equal(await executor.submit(esm.default, { cents: 1000 }), '12.50 EUR');
  for (const pickler of ['by-value', 'by-reference', 'wrapped']) {
    const outcome = await executor.submitTask(esm.default, [{ cents: 1 }], { pickler });
    assert.equal(outcome.value, '2.51 EUR', pickler);
  }
});

for (const file of ['markdown-render.mjs', 'markdown-render.cjs']) {
  test(`${file}: a markdown-it renderer: by reference as in piscina; by value names what blocks it`, async () => {
    const text = '# Hi *there*';
    const real = previewValue(await piscinaResult(file, { text }));
    const report = await profiled(file, 'default', `{ text: ${JSON.stringify(text)} }`);
    for (const result of report.results) {
      if (result.mode === 'by-reference' || result.mode === 'structured-clone') {
        assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
        assert.equal(result.resultPreview, real, result.mode);
        continue;
      }
      // The renderer holds code markdown-it never exports (its default rules): true, and said so.
      assert.equal(result.status, 'error', result.mode);
      const error = result.error!;
      assert.equal(error.kind, 'task-serialize');
      assert.doesNotMatch(error.message, /function MarkdownIt\b/, 'MarkdownIt is the package default export');
      assert.match(error.message, /it captures 'md'.*that its package does not export/s);
      assert.match(error.path ?? '', /^fn\.<md>\./);
      assert.match(
        error.hint ?? '',
        /build 'md' in the worker: .*\(md \?\?= new …\), or send the function by reference/,
      );
    }
  });
}

test('a renderer built in the worker, as the hint says, runs in every mode as piscina runs it', async () => {
  const text = '# Hi *there*';
  const real = previewValue(await piscinaResult('markdown-render-lazy.mjs', { text }));
  const report = await profiled('markdown-render-lazy.mjs', 'default', `{ text: ${JSON.stringify(text)} }`);
  for (const result of report.results) {
    assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
    assert.equal(result.resultPreview, real, result.mode);
  }
});

for (const [file, build] of [
  ['money-fee.mjs', 'es-module'],
  ['money-fee.cjs', 'commonjs'],
] as const) {
  test(`${file}: the worker imports the package build the module imported, as piscina's worker does`, async () => {
    assert.equal(await piscinaResult(file, undefined, 'build'), build);
    const report = await profiled(file, 'build', '');
    for (const result of report.results) {
      assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
      assert.equal(result.resultPreview, `'${build}'`, result.mode);
    }
  });

  test(`${file}: a result whose class the package does not export is refused as package code`, async () => {
    const real = previewValue(await piscinaResult(file, { cents: 1000 }, 'receipt'));
    const report = await profiled(file, 'receipt', '{ cents: 1000 }');
    for (const result of report.results) {
      if (result.mode === 'structured-clone') {
        // postMessage delivers the receipt without its class, and says so.
        assert.equal(result.resultPreview, real);
        continue;
      }
      assert.equal(result.status, 'error', result.mode);
      const error = result.error!;
      assert.equal(error.kind, 'result-serialize', result.mode);
      assert.match(error.message, /class Receipt .*that its package does not export/, result.mode);
      assert.doesNotMatch(error.message, /module-level binding|export it/, result.mode);
      assert.match(error.location?.file ?? '', new RegExp(`plain-money/index\\.${file.slice(-3)}$`), result.mode);
      assert.match(error.hint ?? '', /import what the package exports/, result.mode);
    }
  });
}
