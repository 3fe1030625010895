import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { PythonRunCancelledError } from '../../../worker-host/python/bridge-errors';
import { profilePython } from '../../../worker-host/python/index';
import { assertOk, FAILURES, failure, pythonRequest } from './helpers';

test(
  'a nested closure argument: cloudpickle ships it, ' + 'pickle and wrapped name args[0] and its definition',
  async () => {
    const request = pythonRequest(FAILURES, 'apply', 'make_adder(3), 4', ['cloudpickle', 'pickle', 'wrapped']);
    const report = await profilePython(request);
    assert.equal(report.python?.context, 'module');
    assertOk(report, 'cloudpickle', '7');
    for (const name of ['pickle', 'wrapped']) {
      const error = failure(report, name);
      assert.equal(error.kind, 'task-serialize');
      assert.equal(error.path, 'args[0]');
      assert.match(error.message, /make_adder\.<locals>\.add/);
      assert.deepEqual(error.location, { file: FAILURES, line: 8, column: 9 });
      assert.match(error.hint ?? '', /wrap args\[0\] with wrap_non_picklable_objects/);
    }
  },
);

test('an unpicklable value deep in a dict is named by its path', async () => {
  const report = await profilePython(pythonRequest(FAILURES, 'configure', '1, OPTIONS', ['cloudpickle']));
  const error = failure(report, 'cloudpickle');
  assert.equal(error.kind, 'task-serialize');
  assert.equal(error.path, "args[1]['hooks']['cb']");
  assert.match(error.message, /_thread\.lock/);
  assert.match(error.cause ?? '', /cannot pickle '_thread.lock' object/);
  assert.equal(error.poolBroken, undefined, 'a task that cannot be pickled leaves the pool working');
});

test('a result that cannot be unpickled in the parent: the value, its class, and the broken pool', async () => {
  const report = await profilePython(pythonRequest(FAILURES, 'make_error', '', ['pickle']));
  const error = failure(report, 'pickle');
  assert.equal(error.kind, 'result-deserialize');
  assert.equal(error.path, "result['error']");
  assert.match(error.message, /missing 1 required positional argument: 'right'/);
  assert.deepEqual(error.location, { file: FAILURES, line: 25, column: 7 });
  assert.equal(error.poolBroken, true);
  assert.ok((error.respawnMs ?? 0) > 0);
});

test('an exception that cannot be unpickled in the parent is reported as the run error it is', async () => {
  const report = await profilePython(pythonRequest(FAILURES, 'raise_pair_error', '', ['pickle']));
  const error = failure(report, 'pickle');
  assert.equal(error.kind, 'run');
  assert.match(
    error.message,
    /raised PairError: 1\/2, and that exception cannot be unpickled in the parent \(TypeError: .*'right'\)/,
  );
  assert.deepEqual(error.location, { file: FAILURES, line: 58, column: 5 });
  assert.equal(error.poolBroken, true);
});

test('a result that cannot be pickled in the worker is named by its path', async () => {
  const report = await profilePython(pythonRequest(FAILURES, 'make_lock', '', ['cloudpickle']));
  const error = failure(report, 'cloudpickle');
  assert.equal(error.kind, 'result-serialize');
  assert.equal(error.path, "result['guard']");
  assert.match(error.message, /cannot pickle '_thread.lock' object/);
});

test('a worker that dies: worker-terminated with its exit code, and the respawn the next task paid', async () => {
  const report = await profilePython(pythonRequest(FAILURES, 'crash', '3', ['cloudpickle']));
  const error = failure(report, 'cloudpickle');
  assert.equal(error.kind, 'worker-terminated');
  assert.match(error.message, /exit code 3/);
  assert.deepEqual(error.location, { file: FAILURES, line: 40, column: 5 });
  assert.equal(error.poolBroken, true);
  assert.ok((error.respawnMs ?? 0) > 0);
});

test('an exception in the function: run, linked to the raising line, traceback from the user call', async () => {
  const report = await profilePython(pythonRequest(FAILURES, 'divide', '1, 0', ['cloudpickle']));
  const error = failure(report, 'cloudpickle');
  assert.equal(error.kind, 'run');
  assert.match(error.message, /ZeroDivisionError: division by zero/);
  assert.deepEqual(error.location, { file: FAILURES, line: 45, column: 12 });
  assert.doesNotMatch(error.cause ?? '', /process_executor|timed_call/);
});

test('a task slower than the timeout: timeout, its workers killed', async () => {
  const request = { ...pythonRequest(FAILURES, 'sleep_for', '30', ['cloudpickle']), timeoutMs: 4000 };
  const report = await profilePython(request);
  assert.equal(failure(report, 'cloudpickle').kind, 'timeout');
  assert.match(failure(report, 'cloudpickle').message, /within 4000 ms; loky's workers were killed/);
});

/** loky's named semaphores in shared memory (Linux); none where there is no /dev/shm. */
function lokySemaphores(): string[] {
  try {
    return readdirSync('/dev/shm').filter((name) => name.startsWith('sem.loky-'));
  } catch {
    return [];
  }
}

test("cancelling rejects the profile promptly, and leaves none of loky's semaphores behind", async () => {
  const before = new Set(lokySemaphores());
  const controller = new AbortController();
  const started = Date.now();
  const running = profilePython(pythonRequest(FAILURES, 'sleep_for', '30', ['cloudpickle']), {
    signal: controller.signal,
    onProgress: (progress) => {
      if (progress.stage === 'warmup') setTimeout(() => controller.abort(new Error('stop')), 200);
    },
  });
  await assert.rejects(
    running,
    (error: unknown) => error instanceof PythonRunCancelledError && /stop/.test(error.message),
  );
  assert.ok(Date.now() - started < 25_000);
  // The bridge's whole process group is killed, loky's resource tracker with it; what it would have unlinked goes too.
  const left = () => lokySemaphores().filter((name) => !before.has(name));
  for (const deadline = Date.now() + 10_000; left().length > 0 && Date.now() < deadline;) await delay(100);
  assert.deepEqual(left(), []);
});
