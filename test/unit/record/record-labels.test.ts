import assert from 'node:assert/strict';
import { test } from 'node:test';
import { record, siteAt } from './record-helpers';

test('a library call is named as the program wrote it: pool.exec, pool.proxy, workerpool.worker', () => {
  const { code, stdout, report } = record('workerpool-proxy.cjs');
  assert.equal(code, 0, stdout);
  assert.match(stdout, /^sum 7$/m);
  const api = (marker: string, channel?: string): string | null =>
    siteAt(report, 'workerpool-proxy.cjs', marker, channel).api;
  assert.equal(api('site:exec', 'Worker.postMessage'), 'pool.exec');
  assert.equal(api('site:proxy', 'Worker.postMessage'), 'pool.proxy');
  // A function of the library's module, called in the worker: not a pool's method.
  assert.equal(api('site:worker'), 'workerpool.worker');
  for (const site of report.sites) assert.doesNotMatch(site.api ?? '', /\b(exports|default)\b/, site.api ?? '');
});
