import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtures, runCli } from './record-helpers';
import { buildReport } from '../../../worker-host/record/report-builder';
import { readTrace } from '../../../worker-host/record/trace-reader';

function assertOneLine(run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, pattern);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
}

test('a command that does not exist, or cannot be run: one line, exit 2', () => {
  assertOneLine(
    runCli(['record', '--', 'no-such-command-here']),
    /^serial-profile: cannot run no-such-command-here: no such command/,
  );
  assertOneLine(
    runCli(['record', '--', join(fixtures, 'piscina-task.mjs')]),
    /cannot run .*piscina-task\.mjs: not executable/,
  );
  assertOneLine(runCli(['record']), /Missing the command to record/);
});

test('an --out that cannot be written: one line, exit 2, and the command is not run', () => {
  assertOneLine(
    runCli(['record', '--out', '/proc/no/such/dir/report.json', '--', process.execPath, '-e', 'console.log("ran")']),
    /cannot write --out/,
  );
});

test(
  "a run without worker traffic: an empty report that says so; the command's output and exit code pass " + 'through',
  () => {
    const table = runCli([
      'record',
      '--',
      process.execPath,
      '-e',
      'console.log("hello from the app"); process.exitCode = 4',
    ]);
    assert.equal(table.code, 4);
    assert.match(table.stdout, /^hello from the app\n/, "the app's own output comes first, unchanged");
    assert.match(table.stdout, /No worker traffic was recorded: the command sent nothing/);
    const json = runCli(['record', '--json', '--', process.execPath, '-e', '1']);
    assert.equal(json.code, 0);
    const report = JSON.parse(json.stdout) as { sites: unknown[]; exitCode: number; processes: number };
    assert.deepEqual([report.sites, report.exitCode, report.processes], [[], 0, 1]);
  },
);

test('--markdown prints the sites as a Markdown table with failures and findings', () => {
  const run = runCli(['record', '--markdown', '--', process.execPath, join(fixtures, 'threads.cjs')], {
    FIXTURE_COUNT: '10',
  });
  assert.equal(run.code, 0);
  assert.match(run.stdout, /^\| send site \| dir \| channel \|/m);
  assert.match(run.stdout, /✗ \*\*DataCloneError\*\* ×1 at `\[1\]\.handlers\[0\]`/);
  assert.match(run.stdout, /⚠ \*\*transferable-copied\*\* at `\.samples`/);
});

test('compare: per site, what changed between two recorded runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'record-compare-'));
  for (const [name, count] of [
    ['a.json', '120'],
    ['b.json', '60'],
  ] as const) {
    const run = runCli(['record', '--out', join(dir, name), '--', process.execPath, join(fixtures, 'threads.cjs')], {
      FIXTURE_COUNT: count,
    });
    assert.equal(run.code, 0, run.stderr);
  }
  const json = runCli(['compare', join(dir, 'a.json'), join(dir, 'b.json'), '--json']);
  assert.equal(json.code, 0, json.stderr);
  const comparison = JSON.parse(json.stdout) as {
    sites: { line: number; status: string; before: { messages: number } | null; after: { messages: number } | null }[];
  };
  const plain = comparison.sites.find((site) => site.line === 18)!;
  assert.deepEqual([plain.status, plain.before?.messages, plain.after?.messages], ['both', 120, 60]);
  const table = runCli(['compare', join(dir, 'a.json'), join(dir, 'b.json')]);
  assert.match(table.stdout, /threads\.cjs:18:12\s+task\s+120 → 60/);
  writeFileSync(join(dir, 'not-a-report.json'), '{"hello": 1}');
  assertOneLine(
    runCli(['compare', join(dir, 'a.json'), join(dir, 'not-a-report.json')]),
    /is not a report of serial-profile record/,
  );
  assert.ok(readFileSync(join(dir, 'a.json'), 'utf8').includes('"version": 1'));
});

test('the report reader takes events written by a Python recorder as the trace format describes them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'record-python-'));
  const events = [
    { t: 'process', pid: 7, ppid: 1, runtime: 'python', argv: ['python3', 'app.py'], threadId: 0, startedAt: 1 },
    {
      t: 'site',
      pid: 7,
      site: 's1',
      file: '/abs/app.py',
      line: 12,
      column: 5,
      channel: 'pickle',
      serialization: 'cloudpickle',
      library: 'loky',
      api: 'ProcessPoolExecutor.submit',
      direction: 'task',
    },
    {
      t: 'messages',
      pid: 7,
      site: 's1',
      count: 100,
      measured: 10,
      bytes: { total: 10240, max: 2048 },
      bytesSamples: [512, 1024, 2048],
      serializeMs: 5,
      deserializeMs: null,
      deserializeEstimated: false,
      runMs: null,
    },
    {
      t: 'failure',
      pid: 7,
      site: 's1',
      kind: 'PicklingError',
      message: "Can't pickle <function <lambda>>",
      path: '[0]',
      location: { file: '/abs/app.py', line: 3, column: 1 },
    },
    {
      t: 'failure',
      pid: 7,
      site: 's1',
      kind: 'PicklingError',
      message: "Can't pickle <function <lambda>>",
      path: '[0]',
      location: { file: '/abs/app.py', line: 3, column: 1 },
    },
  ];
  writeFileSync(join(dir, 'events-python-7.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n{"t":"messa`);
  const report = buildReport(readTrace(dir), {
    command: ['python3', 'app.py'],
    exitCode: 0,
    signal: null,
    durationMs: 1000,
  });
  assert.equal(report.sites.length, 1);
  const [site] = report.sites;
  assert.deepEqual(
    [site!.runtime, site!.library, site!.api, site!.messages, site!.measured],
    ['python', 'loky', 'ProcessPoolExecutor.submit', 100, 10],
  );
  assert.deepEqual(site!.bytes, { total: 102400, p50: 1024, p95: 2048, max: 2048, estimated: true });
  assert.equal(site!.serializeMs, 50);
  assert.equal(site!.deserializeMs, null);
  assert.deepEqual(
    site!.failures.map((f) => [f.kind, f.path, f.count]),
    [['PicklingError', '[0]', 2]],
  );
});
