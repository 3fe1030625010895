import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPythonFunctions, wrapNonPicklableEdit, type LineInsert } from '../../../worker-host/python/index';

function apply(source: string, edits: LineInsert[]): string {
  const lines = source.split('\n');
  for (const edit of [...edits].sort((a, b) => b.line - a.line))
    lines.splice(edit.line - 1, 0, edit.text.replace(/\n$/, ''));
  return lines.join('\n');
}

const SCRIPT = [
  '"""Doc."""',
  'import sys',
  'from os import (path,',
  '    sep)',
  '',
  '',
  'def func_async(i):',
  '    return 2 * i',
  '',
].join('\n');

test('decorates a script function with wrap_non_picklable_objects and imports it after the imports', () => {
  const [site] = findPythonFunctions(SCRIPT);
  const fixed = apply(SCRIPT, wrapNonPicklableEdit(SCRIPT, site, 'joblib.externals.loky'));
  assert.equal(
    fixed,
    [
      '"""Doc."""',
      'import sys',
      'from os import (path,',
      '    sep)',
      'from joblib import wrap_non_picklable_objects',
      '',
      '',
      '@wrap_non_picklable_objects',
      'def func_async(i):',
      '    return 2 * i',
      '',
    ].join('\n'),
  );
  const [again] = findPythonFunctions(fixed);
  assert.deepEqual(wrapNonPicklableEdit(fixed, again, 'loky'), [], 'a wrapped function needs no fix');
});

test('above existing decorators; the import already there is kept; methods get no fix', () => {
  const source = [
    'from loky import wrap_non_picklable_objects',
    '@cache',
    'def f():',
    '    pass',
    'class C:',
    '    def m(self): pass',
  ].join('\n');
  const [f, m] = findPythonFunctions(source);
  assert.deepEqual(wrapNonPicklableEdit(source, f, 'loky'), [{ line: 2, text: '@wrap_non_picklable_objects\n' }]);
  assert.deepEqual(wrapNonPicklableEdit(source, m, 'loky'), []);
});
