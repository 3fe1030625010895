import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { failureSummary, poolNote, relativePath, relativePaths } from '../../../shared/failure-text';
import type { ModeResult, ReportError } from '../../../shared/report';
import { profile } from '../../../worker-host/profiler/profile';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

async function failureOf(functionName: string, mode: 'by-reference' | 'json'): Promise<ReportError> {
  const report = await profile({
    file: join(EXAMPLES, 'seed-scenario.mjs'),
    functionName,
    argsExpression: '21, [1, 2]',
    modes: [mode],
    repeat: 1,
    warmup: 0,
    backend: 'thread',
    timeoutMs: 30_000,
  });
  const result: ModeResult | undefined = report.results[0];
  assert.ok(result?.error, JSON.stringify(result));
  return result.error;
}

test('a failure says its message once (no generic advice, error name, location, path, hint)', async () => {
  const error = await failureOf('funcAsync', 'by-reference');
  assert.equal(
    failureSummary(error, [EXAMPLES]),
    "A task has failed to un-serialize. The worker cannot import 'funcAsync' from seed-scenario.mjs: " +
      'function funcAsync is not exported.',
  );
  // The whole message, for the library and --json, still says everything.
  assert.match(error.message, /Please ensure .* pickler\. PickleError: /);
  assert.match(error.message, /\(defined at .*seed-scenario\.mjs:\d+:\d+\) is not exported \(at fn\); /);
  assert.ok(error.message.includes(error.hint!), 'the hint ends the message');
});

test('without workspace roots, paths stay as they are', async () => {
  const error = await failureOf('funcAsync', 'by-reference');
  assert.match(failureSummary(error), new RegExp(`from ${EXAMPLES}/seed-scenario\\.mjs:`));
});

test('a Python failure that broke the pool: the pool sentence has its own line', () => {
  const summary =
    'The worker could not load the function func_async itself: pickle sends functions by reference. ' +
    'loky blames the arguments, but they are fine.';
  const error: ReportError = {
    kind: 'task-deserialize',
    message: `${summary} loky marked its whole pool broken and shut its workers down; the next task paid 464 ms.`,
    summary,
    path: 'fn',
    hint: 'Use cloudpickle or wrap_non_picklable_objects(func_async).',
    poolBroken: true,
    respawnMs: 463.9,
  };
  assert.equal(failureSummary(error), summary);
  assert.equal(
    poolNote(error),
    'loky marked its whole pool broken and shut its workers down; the next task paid 464 ms to start new ones.',
  );
  assert.equal(poolNote({ poolBroken: false }), undefined);
});

test('a message that is already short is kept, ending with a full stop', () => {
  const message = 'TypeError: x is not a function';
  assert.equal(failureSummary({ kind: 'run', message, summary: message }), 'TypeError: x is not a function.');
});

test('relative paths: the longest root wins, file URLs too, other paths stay', () => {
  const root = '/tmp/ws-1/examples';
  assert.equal(relativePath(`${root}/python/a.py`, ['/tmp/ws-1', root]), 'python/a.py');
  assert.equal(
    relativePaths(`at file://${root}/a.mjs:1:2 and /usr/lib/x.py`, [root + '/']),
    'at a.mjs:1:2 and /usr/lib/x.py',
  );
});
