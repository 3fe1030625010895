import assert from 'node:assert/strict';
import { test } from 'node:test';
import { javascriptFreeNames, javascriptModuleNames } from '../../../worker-host/host/javascript-names';

test('an argument list reads the names it does not declare, not property names', async () => {
  assert.deepEqual(await javascriptFreeNames('21, largeList'), ['largeList']);
  assert.deepEqual(await javascriptFreeNames('{ a: b, c, [d]: 1 }, x.y, z?.w, q[r]'), [
    'b',
    'c',
    'd',
    'x',
    'z',
    'q',
    'r',
  ]);
  assert.deepEqual(await javascriptFreeNames('<number>n, m as string'), ['n', 'm']);
});

test('an argument list that declares functions or classes is not checked for names', async () => {
  assert.deepEqual(await javascriptFreeNames('(v) => v * k'), []);
  assert.deepEqual(await javascriptFreeNames('class { }'), []);
});

test('a module defines its declarations, patterns, imports and enums, exported or not', async () => {
  const source = [
    "import def, { named as local } from 'x';",
    "import * as ns from 'y';",
    'const { a, b: [c, ...d], e = 1, ...f } = g;',
    'export let h = 1;',
    'export function i() {}',
    'class J {}',
    'enum K { A }',
    "import L = require('l');",
  ].join('\n');
  const names = await javascriptModuleNames(source, 'm.ts');
  for (const name of ['def', 'local', 'ns', 'a', 'c', 'd', 'e', 'f', 'h', 'i', 'J', 'K', 'L', 'require', 'Math']) {
    assert.ok(names.has(name), name);
  }
  assert.ok(!names.has('g') && !names.has('b') && !names.has('named'));
});
