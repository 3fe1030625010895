import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { findFunctions } from '../../../worker-host/functions/find-functions';

const brief = (source: string, file = 'm.ts') =>
  findFunctions(source, file).map(({ name, kind, exported, line, column, profileArgs }) => ({
    name,
    kind,
    exported,
    line,
    column,
    profileArgs,
  }));

test('finds the seed scenario functions at their names, with @profileArgs', () => {
  const sites = brief(readFileSync('examples/seed-scenario.ts', 'utf8'), 'seed-scenario.ts');
  assert.deepEqual(sites, [
    { name: 'funcAsync', kind: 'function', exported: false, line: 5, column: 10, profileArgs: '21, largeList' },
    { name: 'funcAsyncExported', kind: 'function', exported: true, line: 10, column: 17, profileArgs: '21, largeList' },
    { name: 'scaleAll', kind: 'arrow', exported: true, line: 16, column: 14, profileArgs: undefined },
    {
      name: 'Histogram.prototype.count',
      kind: 'method',
      exported: true,
      line: 22,
      column: 3,
      profileArgs: '[1, 2, 2, 3]',
    },
  ]);
});

test('sees exports by list, default, and CommonJS assignment', () => {
  const source = [
    'function a() {}',
    'const b = function () {};',
    'const c = async (x) => x;',
    'function d() {}',
    'function e() {}',
    'export { a, b as bee };',
    'export default c;',
    'module.exports.d = d;',
  ].join('\n');
  assert.deepEqual(
    findFunctions(source, 'm.js').map((s) => [s.name, s.exported]),
    [
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', true],
      ['e', false],
    ],
  );
});

test('names static methods on the class and skips overloads, getters and nested functions', () => {
  const source = [
    'class Pool {',
    '  static create(n: number): Pool { return new Pool(); }',
    '  get size() { return 1; }',
    '  resize(n: number): void;',
    '  resize(n: number | string): void { function inner() {} }',
    '}',
  ].join('\n');
  assert.deepEqual(
    findFunctions(source).map((s) => [s.name, s.displayName, s.kind, s.exported]),
    [
      ['Pool.create', 'Pool.create', 'class-method', false],
      ['Pool.prototype.resize', 'Pool.resize', 'method', false],
    ],
  );
});

test('gives each declaration its statement start, after its JSDoc, for the export quick fix', () => {
  const [site] = findFunctions('\n/** @profileArgs 1 */\nasync function f() {\n}\n', 'm.js');
  assert.deepEqual(site.statementStart, { line: 3, column: 1 });
  assert.deepEqual(site.end, { line: 4, column: 2 });
  assert.equal(site.profileArgs, '1');
});

test('lenses sit on the worker shapes pools run: default exports, module.exports and exports.name', async () => {
  const { loadUserModule } = await import('../../../worker-host/loader/index');
  const { resolveTarget } = await import('../../../worker-host/profiler/resolve-function');
  const shapes = 'test/fixtures/worker-shapes/';
  const expected: Record<string, string[]> = {
    'esm-default-arrow.mjs': ['default'],
    'esm-default-function.mjs': ['add'],
    'esm-default-factory.mjs': ['load', 'default'],
    'cjs-module-exports-fn.cjs': ['add'],
    'cjs-module-exports-async.cjs': ['default'],
    'cjs-exports-name.cjs': ['add', 'sub'],
    'ts-default.ts': ['fingerprint'],
  };
  for (const [file, names] of Object.entries(expected)) {
    const sites = findFunctions(readFileSync(shapes + file, 'utf8'), file);
    assert.deepEqual(
      sites.map((site) => site.name),
      names,
      file,
    );
    // Every lens names something the profiler reaches in the loaded module.
    const module = await loadUserModule(shapes + file);
    for (const site of sites)
      assert.equal(typeof (await resolveTarget(module, site.name)), 'function', `${file}#${site.name}`);
  }
});

test('a workerpool worker file has a lens on every task it registers, each one the profiler reaches', async () => {
  const { loadUserModule } = await import('../../../worker-host/loader/index');
  const { resolveTarget } = await import('../../../worker-host/profiler/resolve-function');
  const shapes = 'test/fixtures/worker-shapes/';
  const expected: Record<string, [string, boolean][]> = {
    'workerpool-worker.cjs': [
      ['fib', true],
      ['busiest', true],
      ['digest', true],
      ['slowSquare', true],
      ['twice', false],
    ],
    'workerpool-worker.mjs': [
      ['topTags', true],
      ['yearOf', true],
      ['failsOnPurpose', true],
    ],
    // workerpool bound in a branch (`if (typeof importScripts …) … else var workerpool = require(…)`).
    'real/workerpool-dual.js': [
      ['collatzSteps', true],
      ['longest', true],
    ],
    // Registered in a callback, after an asynchronous set-up.
    'real/workerpool-late-register.cjs': [
      ['describe', true],
      ['shout', true],
    ],
  };
  for (const [file, names] of Object.entries(expected)) {
    const sites = findFunctions(readFileSync(shapes + file, 'utf8'), file);
    assert.deepEqual(
      sites.map((site) => [site.name, site.exported]),
      names,
      file,
    );
    const module = await loadUserModule(shapes + file);
    for (const site of sites)
      assert.equal(typeof (await resolveTarget(module, site.name)), 'function', `${file}#${site.name}`);
  }
  const renamed = findFunctions(
    "import wp from 'workerpool';\nfunction fib(n) { return n; }\nwp.worker({ fibonacci: fib });\n",
    'w.mjs',
  );
  assert.deepEqual(
    renamed.map((site) => [site.name, site.exported, site.line]),
    [
      ['fib', true, 2],
      ['fibonacci', true, 3],
    ],
  );
});
