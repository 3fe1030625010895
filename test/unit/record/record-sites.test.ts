import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serialize } from 'node:v8';
import { join } from 'node:path';
import { fixtures, record, siteAt } from './record-helpers';

test("piscina: each reply is recorded at the task function that produced it, as the library's reply", () => {
  const { code, stdout, report } = record('piscina-named.mjs', [], { sample: 'all' });
  assert.equal(code, 0);
  assert.match(stdout, /^sums 2,3,4,5,6,7 products 0,3,6,9$/m);
  const task = 'piscina-named-task.cjs';
  const add = siteAt(report, task, 'function add(');
  const multiply = siteAt(report, task, 'const multiply =');
  for (const [site, count] of [
    [add, 6],
    [multiply, 4],
  ] as const) {
    assert.deepEqual(
      [site.channel, site.library, site.api, site.direction, site.messages],
      ['MessagePort.postMessage', 'piscina', 'reply', 'result', count],
    );
  }
  assert.equal(add.column, 'function add('.length, "V8's place of a function: its parameter list");
  const replies = report.sites.filter((site) => site.direction === 'result' && site.file.includes('/node_modules/'));
  assert.deepEqual(
    replies.map((site) => site.messages),
    [1],
    'only the worker\'s "ready" message, which no task function sends, stays at the library\'s line',
  );
  assert.equal(siteAt(report, 'piscina-named.mjs', 'site:add').messages, 6);
  assert.equal(siteAt(report, 'piscina-named.mjs', 'site:multiply').messages, 4);
});

test('a message that moves a MessagePort is measured as postMessage writes it: the port is a 2-byte reference', () => {
  const { code, stdout, report } = record('port-message.cjs', [], { sample: 'all' });
  assert.equal(code, 0);
  assert.match(stdout, /^label length 300$/m);
  const site = siteAt(report, 'port-message.cjs', 'site:port');
  assert.equal(site.messages, 1);
  // v8 writes a transferred host object as a tag and its index in the transfer list, as long as the integer 0.
  assert.equal(site.bytes.total, serialize({ port: 0, label: 'x'.repeat(300) }).length);
  assert.equal(site.file, join(fixtures, 'port-message.cjs'));
});
