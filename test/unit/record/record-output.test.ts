import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RecordReport } from '../../../worker-host/record/report-types';
import { fixtures, root, runCli } from './record-helpers';

const cli = join(root, 'dist', 'cli.js');

test("--json and --markdown: stdout is the report alone; the command's stdout goes to stderr unchanged", () => {
  const app = 'process.stdout.write("line 1\\n{not json\\n"); console.error("to stderr"); process.exitCode = 3';
  const json = runCli(['record', '--json', '--', process.execPath, '-e', app]);
  assert.equal(json.code, 3);
  const report = JSON.parse(json.stdout) as RecordReport;
  assert.equal(report.exitCode, 3);
  assert.ok(json.stderr.includes('line 1\n{not json\n'), json.stderr);
  assert.ok(json.stderr.includes('to stderr\n'), json.stderr);
  const markdown = runCli(['record', '--markdown', '--', process.execPath, join(fixtures, 'threads.cjs')], {
    FIXTURE_COUNT: '5',
  });
  assert.equal(markdown.code, 0, markdown.stderr);
  assert.match(markdown.stdout, /^\| send site \| dir \| channel \|/m);
  assert.doesNotMatch(markdown.stdout, /the app still sees DataCloneError/);
  assert.match(markdown.stderr, /the app still sees DataCloneError/);
});

test("the table: the command's stdout passes through on stdout, the report after it", () => {
  const run = runCli(['record', '--', process.execPath, '-e', 'console.log("hello from the app")']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^hello from the app\nserial-profile record · /);
  assert.equal(run.stderr, '');
});

test("record … | head: a reader that stops early ends the CLI quietly with the command's exit code", async () => {
  for (const format of [[], ['--json']]) {
    const child = spawn(
      process.execPath,
      [cli, 'record', ...format, '--', process.execPath, '-e', 'setTimeout(() => (process.exitCode = 3), 300)'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // The reader goes away before the report is written, as `head -1` does after its line.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '', `nothing on stderr (${format.join(' ') || 'table'})`);
    assert.equal(code, 3, `the command's exit code (${format.join(' ') || 'table'})`);
  }
});
