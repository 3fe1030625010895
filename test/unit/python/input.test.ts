import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProfileInputError } from '../../../worker-host/protocol/input-problem';
import { profilePython } from '../../../worker-host/python/index';
import { assertOk, FAILURES, failure, pythonRequest, SEED } from './helpers';

const problem = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof ProfileInputError && error.code === code && pattern.test(error.message);

test('an unknown function lists the functions the file has', async () => {
  await assert.rejects(profilePython(pythonRequest(SEED, 'func_sync', '', ['cloudpickle'])), (error: unknown) => {
    assert.ok(error instanceof ProfileInputError && error.code === 'unknown-function');
    assert.deepEqual(error.available, ['func_async']);
    return true;
  });
});

test('bad arguments and a module that fails to load are input problems', async () => {
  await assert.rejects(
    profilePython(pythonRequest(SEED, 'func_async', '21,,', ['pickle'])),
    problem('args-syntax', /21,,/),
  );
  await assert.rejects(
    profilePython(pythonRequest(SEED, 'func_async', 'missing_name', ['pickle'])),
    problem('args-evaluation', /NameError: name 'missing_name' is not defined/),
  );
  const broken = join(FAILURES, '..', 'fails_on_import.py');
  await assert.rejects(profilePython(pythonRequest(broken, 'never_reached', '', ['pickle'])), (error: unknown) => {
    assert.ok(error instanceof ProfileInputError && error.code === 'module-load');
    assert.match(error.message, /KeyError: 'limit'/);
    assert.deepEqual(error.location, { file: broken, line: 6, column: 9 });
    return true;
  });
  await assert.rejects(
    profilePython(pythonRequest(join(FAILURES, '..', 'absent.py'), 'f', '', [])),
    problem('missing-file', /absent\.py/),
  );
});

test('a JavaScript-only mode on a .py file is bad input naming the Python modes', async () => {
  for (const modes of [['json'], ['cloudpickle', 'structured-clone']]) {
    await assert.rejects(
      profilePython(pythonRequest(FAILURES, 'configure', '2, {"retries": 2}', modes)),
      problem('bad-option', /not a mode for Python files; the Python modes are cloudpickle, pickle, wrapped/),
    );
  }
});

test('a pickler module by name, an unusable one, and JavaScript mode names mapped to loky', async () => {
  const modes = ['plain_pickler', 'no_such_pickler', 'by-value'];
  const report = await profilePython(pythonRequest(FAILURES, 'configure', '2, {"retries": 2}', modes));
  assert.deepEqual(
    report.results.map((result) => result.mode),
    ['plain_pickler', 'no_such_pickler', 'cloudpickle'],
  );
  assertOk(report, 'plain_pickler', '4');
  assertOk(report, 'cloudpickle', '4');
  assert.match(failure(report, 'no_such_pickler').message, /No module named 'no_such_pickler'/);
});
