import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_ERROR_CLASSES } from '../../../worker-host/builtin-errors';
import { rebuildError, toRemoteError } from '../../../worker-host/executor/remote-error';

test('every built-in error class comes back as itself, with its message and cause', () => {
  for (const Class of BUILTIN_ERROR_CLASSES) {
    const sent =
      Class === AggregateError
        ? new AggregateError([], 'all failed', { cause: new TypeError('first') })
        : new (Class as ErrorConstructor)('went wrong', { cause: new TypeError('first') });
    const back = rebuildError(toRemoteError(sent));
    assert.equal(Object.getPrototypeOf(back), Class.prototype, Class.name);
    assert.equal(back.message, sent.message);
    assert.ok(back.cause instanceof TypeError);
  }
});
