import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import type { RecordReport } from '../../../worker-host/record/report-types';
import { fixtures, lineOf, record, runCli, siteAt } from './record-helpers';

const FIXTURE = 'threads.cjs';

test('worker_threads: each send site at its line, both directions, messages and bytes as v8 serializes them', () => {
  const { code, stdout, report } = record(FIXTURE, [], { sample: 'all' });
  assert.equal(code, 0);
  assert.match(stdout, /^the app still sees DataCloneError$/m, 'the app still gets its error');
  assert.equal(report.exitCode, 0);
  const plain = siteAt(report, FIXTURE, 'site:plain');
  assert.equal(plain.direction, 'task');
  assert.equal(plain.channel, 'Worker.postMessage');
  assert.equal(plain.column, 12);
  assert.equal(plain.messages, 120);
  assert.equal(plain.measured, 120);
  const expected = Array.from({ length: 120 }, (_, i) => serialize({ i, label: `item ${i}` }).length);
  assert.equal(
    plain.bytes.total,
    expected.reduce((a, b) => a + b, 0),
  );
  assert.equal(plain.bytes.max, Math.max(...expected));
  assert.equal(plain.bytes.estimated, false);
  assert.ok(plain.serializeMs > 0);
  assert.ok(plain.deserializeMs !== null && plain.deserializeEstimated);
  const reply = siteAt(report, FIXTURE, 'site:reply');
  assert.equal(reply.direction, 'result');
  assert.equal(reply.channel, 'MessagePort.postMessage');
  assert.equal(
    reply.messages,
    120 + 3 + 1 + 1 + 1,
    'every message that was sent got a reply; the one that failed was not sent',
  );
  assert.equal(reply.bytes.total, reply.messages * serialize(1).length);
});

test("worker_threads: a DataCloneError names the value's path and where its function is defined", () => {
  const { report } = record(FIXTURE);
  const site = siteAt(report, FIXTURE, 'site:unclonable');
  assert.equal(site.messages, 0);
  assert.equal(site.failures.length, 1);
  const [failure] = site.failures;
  assert.equal(failure!.kind, 'DataCloneError');
  assert.equal(failure!.path, '[1].handlers[0]');
  assert.equal(failure!.count, 1);
  assert.deepEqual(failure!.location && { file: failure!.location.file, line: failure!.location.line }, {
    file: join(fixtures, FIXTURE),
    line: lineOf(FIXTURE, 'function handler()'),
  });
});

test(
  'worker_threads: findings for a repeated large value, a copied typed array, a pooled Buffer and an ' +
    'ignored transfer',
  () => {
    const { report } = record(FIXTURE);
    const kinds = (marker: string) => siteAt(report, FIXTURE, marker).findings;
    const repeated = kinds('site:repeated').filter((f) => f.kind === 'repeated-large-value');
    assert.ok(repeated.length > 0);
    const shared = { rows: Array.from({ length: 20000 }, (_, i) => i) };
    assert.ok(
      repeated.some((f) => f.bytes === serialize(shared).length && f.count === 2),
      JSON.stringify(repeated),
    );
    const copied = kinds('site:copied');
    assert.deepEqual(
      copied.map((f) => [f.kind, f.path, f.bytes]),
      [['transferable-copied', '.samples', 32 * 1024 * 8]],
    );
    assert.match(copied[0]!.fix, /\[message\.samples\.buffer\]/);
    const pooled = kinds('site:pooled');
    assert.deepEqual(
      pooled.map((f) => [f.kind, f.path, f.bytes]),
      [['pooled-buffer', '', Buffer.poolSize]],
    );
    // postMessage really sends the whole pool (the receiver's view sits on an ArrayBuffer of Buffer.poolSize bytes).
    assert.ok(siteAt(report, FIXTURE, 'site:pooled').bytes.max >= Buffer.poolSize);
    const ignored = kinds('site:ignored').map((f) => f.kind);
    assert.ok(ignored.includes('transfer-ignored'), ignored.join());
    assert.deepEqual(kinds('site:plain'), [], 'small plain messages have nothing to say');
  },
);

test('default sampling: the first 16 messages of a site in full, then one in 20; totals extrapolated', () => {
  const { report } = record(FIXTURE);
  const plain = siteAt(report, FIXTURE, 'site:plain');
  assert.equal(plain.messages, 120);
  assert.equal(plain.measured, 16 + Math.floor((120 - 16) / 20));
  assert.equal(plain.bytes.estimated, true);
  const mean =
    Array.from({ length: 120 }, (_, i) => serialize({ i, label: `item ${i}` }).length).reduce((a, b) => a + b, 0) / 120;
  assert.ok(Math.abs(plain.bytes.total - mean * 120) / (mean * 120) < 0.05, `${plain.bytes.total} ≈ ${mean * 120}`);
  assert.equal(
    report.messagesMeasured,
    report.sites.reduce((sum, site) => sum + site.measured, 0),
  );
});

test('a long run is measured ever more sparsely; its totals weighted by the messages each sample stands for', () => {
  const count = 5000;
  const { report } = record('growing.cjs', [String(count)]);
  const site = siteAt(report, 'growing.cjs', 'site:growing');
  assert.equal(site.messages, count);
  // 16 in full, then 16 at each interval from one in 20, doubling: far fewer than one in 20.
  assert.ok(site.measured < 16 + count / 40, `${site.measured} measured`);
  const truth = Array.from(
    { length: count },
    (_, i) =>
      serialize({
        i,
        words: Array.from({ length: (i % 7) + 1 }, (_, w) => `w${w}`),
        payload: 'x'.repeat(Math.floor(i / 4)),
      }).length,
  ).reduce((a, b) => a + b, 0);
  // The sizes grow through the run: an unweighted mean of samples crowded at its start would be far too low.
  assert.ok(Math.abs(site.bytes.total - truth) / truth < 0.05, `${site.bytes.total} ≈ ${truth}`);
  assert.equal(site.bytes.estimated, true);
});

test('TypeScript through tsx: sends and refused functions at their .mts lines, not the generated code', () => {
  const fixture = 'typed-sends.mts';
  const out = join(mkdtempSync(join(tmpdir(), 'record-test-')), 'report.json');
  const run = runCli(['record', '--out', out, '--', process.execPath, '--import', 'tsx', join(fixtures, fixture)]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as RecordReport;
  const site = siteAt(report, fixture, 'site:typed');
  assert.equal(site.messages, 3);
  const text = readFileSync(join(fixtures, fixture), 'utf8').split('\n')[site.line - 1]!;
  assert.equal(site.column, text.indexOf('postMessage') + 1);
  assert.deepEqual(
    site.findings.map((f) => `${f.kind} ${f.path}`),
    ['transferable-copied .pixels'],
  );
  const [failure] = siteAt(report, fixture, 'site:unclonable').failures;
  assert.equal(failure?.path, '.onProgress');
  assert.equal(failure?.location?.file, join(fixtures, fixture));
  assert.equal(failure?.location?.line, lineOf(fixture, 'function onProgress'), 'where the function is written');
});
