import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { profilePython } from '../../../worker-host/python/index';
import { assertOk, FAILURES, failure, mode, pythonRequest, SEED } from './helpers';

test('the seed as a script: cloudpickle ok, pickle fails to load func_async in the worker, wrapped ok', async () => {
  const request = pythonRequest(SEED, 'func_async', '21, large_list[:1000]', ['cloudpickle', 'pickle', 'wrapped']);
  const report = await profilePython(request);
  assert.equal(report.language, 'python');
  assert.equal(report.python?.context, 'script');
  assert.equal(mode(report, 'cloudpickle').cold?.poolStarted, true);
  assertOk(report, 'cloudpickle', '42');
  assertOk(report, 'wrapped', '42');
  assert.match(
    mode(report, 'cloudpickle').warnings[0]?.message ?? '',
    /defined in __main__, so cloudpickle sends it by value/,
  );

  const error = failure(report, 'pickle');
  assert.equal(error.kind, 'task-deserialize');
  assert.match(error.cause ?? '', /Can't get attribute 'func_async'/);
  assert.equal(error.path, 'fn');
  assert.match(error.message, /func_async/);
  assert.match(error.message, /loky blames the arguments/);
  assert.deepEqual(error.location, { file: SEED, line: 8, column: 5 });
  assert.match(error.hint ?? '', /wrap_non_picklable_objects\(func_async\)/);
  assert.equal(error.poolBroken, true);
  assert.ok((error.respawnMs ?? 0) > 0);
  assert.match(error.message, /loky marked its whole pool broken/);
  assert.ok(error.message.startsWith(error.summary), 'the summary is the message up to the pool');
  assert.doesNotMatch(error.summary, /pool broken/, 'the broken pool has fields of its own');
  assert.equal(mode(report, 'wrapped').cold?.poolStarted, false, 'the respawned pool is warm for the next mode');
});

test('the seed imported as a module: pickle finds func_async by reference', async () => {
  const request = { ...pythonRequest(SEED, 'func_async', '21', ['pickle']), pythonContext: 'module' as const };
  const stages: string[] = [];
  const report = await profilePython(request, { onProgress: (progress) => stages.push(progress.stage) });
  assert.deepEqual(stages, ['loading', 'warmup', 'measure', 'done']);
  assert.equal(report.python?.context, 'module');
  assertOk(report, 'pickle', '42');
});

test(
  'a script without a __main__ guard that imports loky ' + 'and works at the top level is profiled as a script',
  async () => {
    const file = join(FAILURES, '..', 'gallery_script.py');
    const report = await profilePython(pythonRequest(file, 'func_async', '21, small_list', ['pickle', 'cloudpickle']));
    assert.equal(report.python?.context, 'script');
    assert.equal(failure(report, 'pickle').kind, 'task-deserialize');
    assert.deepEqual(failure(report, 'pickle').location, { file, line: 5, column: 5 });
    assertOk(report, 'cloudpickle', '42');
  },
);

test(
  'a script class as an argument: wrapped names args[0] ' + 'and the class; pickle says the argument fails next',
  async () => {
    const file = join(FAILURES, '..', 'script_point.py');
    const report = await profilePython(pythonRequest(file, 'length', 'Point(1, 2)', ['pickle', 'wrapped']));
    const wrapped = failure(report, 'wrapped');
    assert.equal(wrapped.kind, 'task-deserialize');
    assert.equal(wrapped.path, 'args[0]');
    assert.match(wrapped.message, /args\[0\] \(a Point instance\)/);
    assert.deepEqual(wrapped.location, { file, line: 4, column: 7 });
    const pickle = failure(report, 'pickle');
    assert.equal(pickle.path, 'fn');
    assert.match(
      pickle.message,
      /the function fails first; args\[0\] \(a Point instance, also from __main__\) would fail next/,
    );
  },
);
