import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argsSyntaxError } from '../../../worker-host/functions/validate-args';

test('accepts argument lists that parse, empty included', () => {
  for (const expression of [
    '',
    '  ',
    '21, largeList',
    '21,',
    '{ a: 1 }, [1, 2]',
    'new Map([[1, 2]])',
    '(x) => x * 2',
    '...values',
  ]) {
    assert.equal(argsSyntaxError(expression), undefined, expression);
  }
});

test('names the first syntax error and where it is', () => {
  assert.match(argsSyntaxError('1 2') ?? '', /',' expected\. \(column 3\)/);
  assert.match(argsSyntaxError('[1, 2') ?? '', /at the end/);
});

test('never runs the expression', () => {
  assert.equal(argsSyntaxError('globalThis.__ran = true'), undefined);
  assert.equal((globalThis as { __ran?: boolean }).__ran, undefined);
});
