/**
 * The panel's note on workerpool's `pool.exec(fn)` (which sends the function as its text) says what the CLI says,
 * with the definitions of the bindings it loses relative to the workspace.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { relativePath } from '../../../shared/failure-text';
import { FUNCTION_AS_STRING_HEAD, functionAsStringNote } from '../../../shared/function-as-string';
import type { ProfileReport } from '../../../shared/report';
import { functionAsStringLine } from '../../../worker-host/cli/function-as-string';
import { profile } from '../../../worker-host/profiler/profile';
import { oneRoundOnThreads } from '../profiler/every-mode-request';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'worker-shapes');
const file = join(fixtures, 'exec-closures.mjs');

function reportOf(functionName: string, argsExpression: string): Promise<ProfileReport> {
  return profile(oneRoundOnThreads(file, functionName, argsExpression, ['by-value']));
}

const panelNote = (report: ProfileReport) => functionAsStringNote(report, (path) => relativePath(path, [fixtures]));

test('a function reading a module binding: the panel says pool.exec(fn) fails, what it loses and where', async () => {
  const report = await reportOf('underLimit', '[1, 200]');
  const note = panelNote(report);
  assert.ok(note, 'a JavaScript report has a pool.exec(fn) note');
  assert.equal(note.runs, false);
  assert.match(note.text, /^fails with "ReferenceError: LIMIT is not defined" when it reads LIMIT: /);
  assert.match(note.text, /loses LIMIT \(module-level, exec-closures\.mjs:4:7\)/);
  assert.ok(!note.text.includes(fixtures), `a workspace-relative path: ${note.text}`);
  assert.equal(`${FUNCTION_AS_STRING_HEAD} ${note.text}`, functionAsStringLine(report, fixtures), 'as the CLI says it');
});

test('a method shorthand: the note gives the SyntaxError and the worker file to use instead', async () => {
  const note = panelNote(await reportOf('tasks.double', '2'));
  assert.equal(note?.runs, false);
  assert.match(
    note.text,
    /^fails with "SyntaxError: .*register it in a worker file instead \(workerpool\.worker\(\{ double \}\)\)\.$/,
  );
});

test('a self-contained function: the note says pool.exec(fn) runs', async () => {
  assert.deepEqual(panelNote(await reportOf('selfContained', '[1, 2]')), {
    runs: true,
    text: 'runs: the function reads no binding of its module or a closure, so its text stands alone.',
  });
});
