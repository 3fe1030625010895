import assert from 'node:assert/strict';
import { test } from 'node:test';
import { record, siteAt } from './record-helpers';

test('large typed arrays sent by a worker with a small heap: recording them takes no memory per element', () => {
  const { code, stdout, stderr, report } = record('large-typed.cjs');
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^received 33554432 samples$/m);
  assert.equal(siteAt(report, 'large-typed.cjs', 'site:large').messages, 2);
});
