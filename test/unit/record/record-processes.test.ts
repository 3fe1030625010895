import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecordReport } from '../../../worker-host/record/report-types';
import { fixtures, lineOf, record, runCli, siteAt } from './record-helpers';

const CHILD = 'child.cjs';

test('child_process: json and advanced channels, both directions, bytes as the channel writes them', () => {
  const { code, stdout, report } = record(CHILD, [], { sample: 'all' });
  assert.equal(code, 0);
  assert.match(stdout, /^the app still sees TypeError$/m);
  assert.equal(report.processes, 3, 'the parent and both forked children ran the recorder');
  const json = siteAt(report, CHILD, 'site:json');
  assert.deepEqual(
    [json.channel, json.serialization, json.direction, json.messages],
    ['ChildProcess.send', 'json', 'task', 10],
  );
  const sent = Array.from(
    { length: 10 },
    (_, n) => Buffer.byteLength(JSON.stringify({ n, when: new Date(0), tags: new Set(['a']), note: undefined })) + 1,
  );
  assert.equal(
    json.bytes.total,
    sent.reduce((a, b) => a + b, 0),
  );
  const advanced = siteAt(report, CHILD, 'site:advanced');
  assert.deepEqual([advanced.serialization, advanced.messages], ['advanced', 1]);
  const replies = report.sites.filter((site) => site.line === lineOf(CHILD, 'site:child-reply'));
  assert.deepEqual(replies.map((site) => [site.channel, site.serialization, site.direction, site.messages]).sort(), [
    ['process.send', 'advanced', 'result', 1],
    ['process.send', 'json', 'result', 11],
  ]);
});

test('child_process: a JSON channel that changes values, and a BigInt it refuses, with paths', () => {
  const { report } = record(CHILD);
  const json = siteAt(report, CHILD, 'site:json');
  const changed = json.findings.filter((f) => f.kind === 'json-changed-value');
  assert.deepEqual(changed.map((f) => f.path).sort(), ['.note', '.tags', '.when']);
  assert.ok(changed.every((f) => f.count === 10 && f.fix.includes("serialization: 'advanced'")));
  assert.match(changed.find((f) => f.path === '.tags')!.message, /Set becomes \{\}/);
  const bigint = siteAt(report, CHILD, 'site:bigint');
  assert.equal(bigint.messages, 0);
  assert.deepEqual(
    bigint.failures.map((f) => [f.kind, f.path, f.count]),
    [['TypeError', '.id', 1]],
  );
  assert.deepEqual(siteAt(report, CHILD, 'site:advanced').findings, [], 'an advanced channel keeps the Date');
});

test(
  'piscina: tasks queued by the pool are recorded at the line that called pool.run; replies on the worker ' + 'side',
  () => {
    const { code, stdout, report } = record('piscina-burst.mjs');
    assert.equal(code, 0);
    assert.match(stdout, /^sum 4950$/m);
    const run = siteAt(report, 'piscina-burst.mjs', 'site:burst', 'MessagePort.postMessage');
    assert.deepEqual([run.library, run.api, run.direction, run.messages], ['piscina', 'pool.run', 'task', 100]);
    const replies = report.sites.filter((site) => site.library === 'piscina' && site.direction === 'result');
    assert.equal(replies.reduce((sum, site) => sum + site.messages, 0) >= 100, true);
  },
);

test('piscina: a large value sent with every task, and serialization costing more than the work', () => {
  const { report } = record('piscina-app.mjs');
  const run = siteAt(report, 'piscina-app.mjs', 'site:run', 'MessagePort.postMessage');
  assert.equal(run.messages, 40);
  const kinds = run.findings.map((f) => `${f.kind} ${f.path}`);
  assert.ok(kinds.includes('repeated-large-value .data'), kinds.join());
  assert.ok(kinds.includes('serialize-exceeds-work '), kinds.join());
});

for (const [how, exitCode, signal] of [
  ['exit', 3, null],
  ['throw', 1, null],
  ['kill', 137, 'SIGKILL'],
] as const) {
  test(`a program that ends by ${how} still gets the report of what it sent, and its exit code`, () => {
    const { code, report } = record('crash.cjs', [how]);
    assert.equal(code, exitCode);
    assert.equal(report.exitCode, exitCode);
    assert.equal(report.signal, signal);
    assert.equal(siteAt(report, 'crash.cjs', 'site:before-crash').messages, 30);
  });
}

test('npm run, a spawned grandchild and its worker thread all inherit the recorder', () => {
  const run = runCli(['record', '--json', '--', 'npm', 'run', '--silent', '--prefix', fixtures, 'nested']);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as RecordReport;
  assert.ok(report.processes >= 3, 'npm, the script and its grandchild');
  assert.equal(siteAt(report, 'nested.cjs', 'site:grandchild-task').messages, 1);
  const reply = siteAt(report, 'nested.cjs', 'site:grandchild-reply');
  assert.deepEqual([reply.direction, reply.messages], ['result', 1]);
});
