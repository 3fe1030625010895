import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { userFixture } from '../profiler/user-fixtures';
import { PHASES, type ProfileReport } from '../../../worker-host/protocol/report';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const FAST = ['--repeat', '2', '--warmup', '0'];

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.error, undefined, 'the CLI exits by itself');
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertBadInput(args: string[], pattern: RegExp): void {
  const { code, stdout, stderr } = run(...args);
  assert.equal(code, 2, stderr);
  assert.equal(stdout, '');
  assert.match(stderr, pattern);
  assert.equal(stderr.trimEnd().split('\n').length, 1, `one line, no stack: ${stderr}`);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

for (const [file, line] of [
  ['examples/seed-scenario.mjs', 6],
  ['examples/seed-scenario.ts', 5],
] as const) {
  test(`the default table shows the seed's three outcomes (${file})`, () => {
    const { code, stdout, stderr } = run(`${file}#funcAsync`, '--args', '21, largeList', ...FAST);
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.match(lines[0], new RegExp(`^${file.replace('.', '\\.')}#funcAsync\\(21, largeList\\) · process backend`));
    assert.match(
      lines[2],
      /^mode\s+status\s+serialize\s+transfer\s+deserialize\s+run\s+res\.ser\s+res\.xfer\s+res\.deser\s+total ms\s+cold ms\s+task\s+result$/,
    );
    assert.match(stdout, /\nby-value\s+ok\s+\d/);
    assert.match(stdout, /\nby-reference\s+✗ task-deserialize\s+—/);
    assert.match(stdout, /\nwrapped\s+ok\s+\d/);
    // json and structured-clone carry functions by reference only, as piscina names a file and an export.
    assert.match(stdout, /\njson\s+✗ task-deserialize/);
    assert.match(stdout, /\nstructured-clone\s+✗ task-deserialize/);
    assert.match(stdout, /by-reference: task-deserialize: .*funcAsync/);
    assert.match(stdout, new RegExp(`  at:   ${file.replace('.', '\\.')}:${line}:\\d+`));
    assert.match(stdout, / {2}hint: /);
    for (const line of stderr.split('\n').filter(Boolean)) {
      assert.match(
        line,
        /^serial-profile: \[\d\/5\] [\w-]+: .* · \d+\.\d s$/,
        'to a pipe, only plain progress lines of a long run',
      );
    }
  });
}

test('--json prints exactly the report, and its phases add up to the total', () => {
  const { code, stdout } = run(
    'examples/seed-scenario.mjs#funcAsync',
    '--args',
    '21, largeList',
    '--json',
    '--repeat',
    '3',
  );
  assert.equal(code, 0);
  const report = JSON.parse(stdout) as ProfileReport;
  assert.equal(report.file, join(root, 'examples', 'seed-scenario.mjs'));
  assert.equal(report.function, 'funcAsync');
  assert.equal(report.results.length, 5);
  for (const result of report.results) {
    for (const key of ['mode', 'status', 'warnings']) assert.ok(key in result, key);
    if (result.status !== 'ok') continue;
    const timings = result.timings!;
    const sum = PHASES.reduce((s, p) => s + timings[p].median, 0);
    assert.ok(
      Math.abs(sum - timings.total.median) <= 0.1 * timings.total.median,
      `${result.mode}: ${sum} vs ${timings.total.median}`,
    );
  }
  assert.equal(report.results.find((r) => r.mode === 'by-reference')?.error?.kind, 'task-deserialize');
});

test('--markdown prints a paste-ready table', () => {
  const { code, stdout } = run(
    'examples/seed-scenario.mjs#funcAsyncExported',
    '--args',
    '21, [1, 2]',
    '--markdown',
    '--modes',
    'by-reference,json',
    ...FAST,
  );
  assert.equal(code, 0);
  const lines = stdout.split('\n');
  assert.match(lines[0], /^\*\*examples\/seed-scenario\.mjs#funcAsyncExported\(21, \[1, 2\]\)/);
  assert.match(lines[2], /^\| mode \| status \| serialize \|/);
  assert.match(lines[3], /^\| --- \| --- \| ---: \|/);
  assert.match(lines[4], /^\| by-reference \| ok \| \d/);
  assert.match(lines[5], /^\| json \| ok \| \d/);
});

test('one failing mode does not stop the others, in the order asked', () => {
  const marker = join(mkdtempSync(join(tmpdir(), 'cli-')), 'crashed');
  const { code, stdout } = run(
    `${userFixture('mode-sensitive.mjs')}#crashOnce`,
    '--args',
    JSON.stringify(marker),
    '--modes',
    'by-value,wrapped',
    '--json',
    ...FAST,
  );
  assert.equal(code, 0);
  const report = JSON.parse(stdout) as ProfileReport;
  assert.deepEqual(
    report.results.map((r) => [r.mode, r.status, r.error?.kind]),
    [
      ['by-value', 'error', 'worker-terminated'],
      ['wrapped', 'ok', undefined],
    ],
  );
});

test('--thread backend and --help / --version', () => {
  const threaded = run(
    'examples/seed-scenario.ts#scaleAll',
    '--args',
    '[1, 2, 3], 2',
    '--backend',
    'thread',
    '--modes',
    'by-value',
    '--json',
    ...FAST,
  );
  assert.equal(threaded.code, 0, threaded.stderr);
  const report = JSON.parse(threaded.stdout) as ProfileReport;
  assert.equal(report.backend, 'thread');
  assert.equal(report.results[0].resultPreview, '[ 2, 4, 6 ]');
  const help = run('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: serial-profile <file>\[#<function>\]/);
  const version = run('--version');
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^serial-profile \d+\.\d+\.\d+/);
});

test('bad input exits 2 with one line', () => {
  assertBadInput(['examples/missing.mjs#f'], /missing\.mjs: no such file/);
  assertBadInput(
    ['examples/seed-scenario.mjs#funcAsinc'],
    /has no function 'funcAsinc'; it has: funcAsync, funcAsyncExported\. Did you mean 'funcAsync'\?/,
  );
  assertBadInput(
    ['examples/seed-scenario.mjs#funcAsync', '--args', '21, largeList)'],
    /Arguments '21, largeList\)'.*column \d+/,
  );
  assertBadInput(['examples/seed-scenario.mjs#funcAsync', '--args', 'missingName'], /missingName/);
  assertBadInput([`${userFixture('broken-syntax.mjs')}#fine`], /broken-syntax\.mjs:6:3/);
  assertBadInput(
    ['examples/seed-scenario.mjs'],
    /has no default export \(what a pool runs when given the file and no name\); it has: funcAsync, funcAsyncExported\./,
  );
  assertBadInput(['examples/seed-scenario.mjs#'], /Expected <file>#<function>/);
  assertBadInput(['examples/seed-scenario.mjs#funcAsync', '--repeat', 'many'], /--repeat/);
  assertBadInput(['examples/seed-scenario.mjs#funcAsync', '--colour'], /Unknown option/);
});

test('--debug adds the stack to bad input', () => {
  const { code, stderr } = run('examples/seed-scenario.mjs#nothing', '--debug');
  assert.equal(code, 2);
  assert.match(stderr, /has no function 'nothing'/);
  assert.match(stderr, /\n\s+at /);
});

test('a Python file goes to the Python profiler: the seed under loky', () => {
  const { code, stdout, stderr } = run(
    'examples/python/seed_scenario.py#func_async',
    '--args',
    '21, large_list',
    '--json',
    ...FAST,
  );
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as ProfileReport;
  assert.equal(report.language, 'python');
  assert.deepEqual(
    report.results.map((r) => [r.mode, r.status]),
    [
      ['cloudpickle', 'ok'],
      ['pickle', 'error'],
      ['wrapped', 'ok'],
    ],
  );
  assert.equal(report.results[1].error?.kind, 'task-deserialize');
});
