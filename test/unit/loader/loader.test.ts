import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { compileUserModule } from '../../../worker-host/loader/compile';
import { evaluateArguments, functionLocation, loadUserModule } from '../../../worker-host/loader/index';
import { ProfileInputError } from '../../../worker-host/protocol/input-problem';

const fixture = (name: string) => join(__dirname, '..', '..', 'fixtures', 'modules', name);

async function inputProblem(promise: Promise<unknown> | (() => unknown)): Promise<ProfileInputError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    assert.ok(error instanceof ProfileInputError, `expected ProfileInputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ProfileInputError');
}

describe('loadUserModule', () => {
  test('ESM: exported and non-exported bindings, declaration lines, argument evaluation in module scope', async () => {
    const module = await loadUserModule(fixture('non-exported-function.mjs'));
    assert.deepEqual(Object.keys(module.namespace), ['sizeOfList']);
    assert.deepEqual(module.bindingNames(), ['funcAsync', 'largeList', 'sizeOfList']);
    assert.equal((module.getBinding('funcAsync') as (i: number) => number)(21), 42);
    assert.equal(module.locationOf('funcAsync')?.line, 2);
    assert.equal(module.locationOf('largeList')?.line, 6);
    const [i, list] = evaluateArguments(module, '21, largeList');
    assert.equal(i, 21);
    assert.equal((list as number[]).length, 1000);
    assert.deepEqual(evaluateArguments(module, ''), []);
    assert.deepEqual(evaluateArguments(module, '  '), []);
  });

  test('TypeScript: enum, extensionless import, imported bindings, lines through the source map', async () => {
    const module = await loadUserModule(fixture('enum-import.ts'));
    assert.deepEqual(module.bindingNames(), ['Color', 'shade', 'defaultPaint', 'paint', 'paintLocally']);
    assert.equal((module.namespace.paint as () => string)(), 'green-2');
    const [paint] = evaluateArguments(module, '{ color: Color.Red, coats: 3 }');
    assert.equal((module.getBinding('paintLocally') as (p: unknown) => string)(paint), 'red-6');
    assert.equal(module.locationOf('paintLocally')?.line, 14);
    assert.equal(functionLocation(module.getBinding('paintLocally') as Function)?.line, 14);
    assert.equal(functionLocation(module.getBinding('shade') as Function)?.line, 6);
    assert.equal(functionLocation(module.getBinding('shade') as Function)?.file, fixture('colors.ts'));
  });

  test('.tsx, .mts and .cts', async () => {
    const widget = await loadUserModule(fixture('widget.tsx'));
    assert.equal((widget.namespace.render as (s: string) => string)('hi'), '<b>hi</b>');
    assert.ok(widget.bindingNames().includes('h'));
    const mts = await loadUserModule(fixture('module-kinds.mts'));
    assert.equal(mts.namespace.kind, 'mts');
    assert.equal(mts.namespace.reads, 'function');
    const cts = await loadUserModule(fixture('module-kinds.cts'));
    assert.equal((cts.namespace.joined as () => string)(), 'cts/file');
    assert.equal(cts.getBinding('kind'), 'cts');
  });

  test('CommonJS: require() bindings and non-exported functions', async () => {
    const module = await loadUserModule(fixture('commonjs.cjs'));
    assert.deepEqual(module.bindingNames(), ['join', 'OFFSET', 'addOffset', 'hiddenJoin']);
    assert.equal((module.getBinding('hiddenJoin') as (a: string, b: string) => string)('a', 'b'), 'a/b');
    assert.deepEqual(evaluateArguments(module, 'OFFSET * 2, addOffset(1)'), [14, 8]);
    assert.equal(module.locationOf('hiddenJoin')?.line, 9);
  });

  test('loaded as a non-main module: "am I the entry script" guards do not run (ESM and CommonJS)', async () => {
    const esm = await loadUserModule(fixture('main-guard.mjs'));
    assert.equal((esm.namespace.greet as (n: string) => string)('a'), 'hello a');
    const cjs = await loadUserModule(fixture('main-guard.cjs'));
    assert.equal((cjs.namespace.greet as (n: string) => string)('b'), 'hello b');
  });

  test('closures report where they are defined', async () => {
    const module = await loadUserModule(fixture('factory-closure.mjs'));
    const addFive = module.namespace.addFive as Function;
    assert.equal(functionLocation(addFive)?.line, 2);
  });

  test('a syntax error names file:line:column (JavaScript and TypeScript)', async () => {
    const js = await inputProblem(loadUserModule(fixture('syntax-error.mjs')));
    assert.equal(js.code, 'module-syntax');
    assert.deepEqual(js.location, { file: fixture('syntax-error.mjs'), line: 5, column: 3 });
    assert.match(js.message, /syntax-error\.mjs:5:3/);
    const ts = await inputProblem(loadUserModule(fixture('syntax-error.ts')));
    assert.equal(ts.code, 'module-syntax');
    assert.equal(ts.location?.line, 5);
    assert.match(ts.message, /syntax-error\.ts:5:\d+/);
  });

  test('a missing file and a throwing top level are input problems', async () => {
    assert.equal((await inputProblem(loadUserModule(fixture('does-not-exist.mjs')))).code, 'missing-file');
    const thrown = await inputProblem(loadUserModule(fixture('top-level-throws.mjs')));
    assert.equal(thrown.code, 'module-load');
    assert.match(thrown.message, /top level failed/);
  });

  test('argument expressions: syntax errors give the column, evaluation errors the cause', async () => {
    const module = await loadUserModule(fixture('non-exported-function.mjs'));
    const syntax = await inputProblem(() => evaluateArguments(module, '21 22'));
    assert.equal(syntax.code, 'args-syntax');
    assert.match(syntax.message, /column 4/);
    const evaluation = await inputProblem(() => evaluateArguments(module, '21, nope'));
    assert.equal(evaluation.code, 'args-evaluation');
    assert.match(evaluation.message, /nope is not defined/);
  });
});

describe('every module-level binding is in reach of the argument expression, read by the module or not', () => {
  const expression =
    'sample, counter, legacy, helper(), new Shape() instanceof Shape, basename("/a/b.txt"), typeof os.cpus';
  const expected = [[1, 2, 3], 4, 'v', 5, true, 'b.txt', 'function'];

  for (const name of [
    'unreferenced-bindings.mjs',
    'unreferenced-bindings.cjs',
    'unreferenced-bindings.ts',
    'unreferenced-bindings.cts',
  ]) {
    test(name, async () => {
      const module = await loadUserModule(fixture(name));
      assert.deepEqual(evaluateArguments(module, expression), expected);
      for (const binding of ['sample', 'counter', 'legacy', 'helper', 'Shape', 'basename', 'os']) {
        assert.ok(module.bindingNames().includes(binding), `${binding} in ${module.bindingNames().join(', ')}`);
      }
    });
  }

  test(
    'TypeScript: unread value imports (default, relative ' + 'and extensionless too); imports of types stay harmless',
    async () => {
      const module = await loadUserModule(fixture('unreferenced-bindings.ts'));
      const [assertion, shade, dirent, shelf] = evaluateArguments(module, 'assert, shade, Dirent, Shelf');
      assert.equal((assertion as Function).name, 'ok');
      assert.equal((shade as (c: string, n: number) => string)('red', 1), 'red-1');
      assert.equal(typeof dirent, 'function');
      assert.equal(shelf, undefined);
      const typeOnly = await inputProblem(() => evaluateArguments(module, 'Stats'));
      assert.match(typeOnly.message, /Stats is not defined/);
    },
  );
});

describe('compilation cache', () => {
  test('keyed by content: the same source is compiled once, a changed source again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-cache-'));
    const previous = process.env.SERIALIZATION_PROFILER_CACHE_DIR;
    process.env.SERIALIZATION_PROFILER_CACHE_DIR = dir;
    try {
      const url = pathToFileURL(join(dir, 'input.ts')).href;
      const first = compileUserModule('export const a: number = 1;', url, 'esm');
      assert.equal(compileUserModule('export const a: number = 1;', url, 'esm'), first);
      assert.equal(readdirSync(dir).length, 1);
      compileUserModule('export const a: number = 2;', url, 'esm');
      assert.equal(readdirSync(dir).length, 2);
    } finally {
      if (previous === undefined) delete process.env.SERIALIZATION_PROFILER_CACHE_DIR;
      else process.env.SERIALIZATION_PROFILER_CACHE_DIR = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
