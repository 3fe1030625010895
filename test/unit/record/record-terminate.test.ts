import assert from 'node:assert/strict';
import { test } from 'node:test';
import { record } from './record-helpers';

test('a busy worker ended by a program with nothing else pending: the program still finishes, as it does bare', () => {
  const { code, stdout, report } = record('terminate-busy.mjs');
  assert.match(stdout, /^terminated after 40 messages$/m);
  assert.equal(code, 0, 'not 13: the awaited terminate() settles');
  assert.equal(report.exitCode, 0);
});
