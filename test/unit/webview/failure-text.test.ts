import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureSummary, poolNote, relativePath, relativePaths } from '../../../shared/failure-text';
import type { ReportError } from '../../../shared/report';

const ROOT = '/tmp/ws-1/examples';

const byReference: ReportError = {
  kind: 'task-deserialize',
  message:
    'A task has failed to un-serialize. Please ensure that the function and the arguments of the task can all be ' +
    "carried by the 'by-reference' pickler. " +
    `PickleError: Can't get attribute 'funcAsync' on module ${ROOT}/seed-scenario.mjs: function funcAsync ` +
    `(defined at ${ROOT}/seed-scenario.mjs:6:10) ` +
    'is not exported, so the worker cannot import it (at fn); ' +
    'export it, or wrap it with wrapNonPicklable / use by-value.',
  cause: `PickleError: Can't get attribute 'funcAsync' on module ${ROOT}/seed-scenario.mjs: …\n    at resolve (file://${ROOT}/lib.mjs:3:1)`,
  path: 'fn',
  location: { file: `${ROOT}/seed-scenario.mjs`, line: 6, column: 10 },
  hint: 'export it, or wrap it with wrapNonPicklable / use by-value',
};

test('a failure says its message once: no generic advice, error name, location, path or hint, paths relative', () => {
  assert.equal(
    failureSummary(byReference, [ROOT]),
    "A task has failed to un-serialize. Can't get attribute 'funcAsync' on module seed-scenario.mjs: " +
      'function funcAsync is not exported, so the worker cannot import it.',
  );
});

test('without workspace roots, paths stay as they are', () => {
  assert.match(failureSummary(byReference), new RegExp(`on module ${ROOT}/seed-scenario\\.mjs:`));
});

test('a Python failure that broke the pool: the pool sentence moves to its own line', () => {
  const error: ReportError = {
    kind: 'task-deserialize',
    message:
      'The worker could not load the function func_async itself: pickle sends functions by reference. ' +
      'loky blames the arguments, but they are fine. ' +
      'loky marked its whole pool broken and shut its workers down; the next task paid 464 ms to start new ones.',
    path: 'fn',
    hint: 'Use cloudpickle or wrap_non_picklable_objects(func_async).',
    poolBroken: true,
    respawnMs: 463.9,
  };
  assert.equal(
    failureSummary(error),
    'The worker could not load the function func_async itself: pickle sends functions by reference. ' +
      'loky blames the arguments, but they are fine.',
  );
  assert.equal(
    poolNote(error),
    'loky marked its whole pool broken and shut its workers down; the next task paid 464 ms to start new ones.',
  );
  assert.equal(poolNote({ kind: 'run', message: 'x' }), undefined);
});

test('a message that is already short is kept, ending with a full stop', () => {
  assert.equal(
    failureSummary({ kind: 'run', message: 'TypeError: x is not a function' }),
    'TypeError: x is not a function.',
  );
});

test('relative paths: the longest root wins, file URLs too, other paths stay', () => {
  assert.equal(relativePath(`${ROOT}/python/a.py`, ['/tmp/ws-1', ROOT]), 'python/a.py');
  assert.equal(
    relativePaths(`at file://${ROOT}/a.mjs:1:2 and /usr/lib/x.py`, [ROOT + '/']),
    'at a.mjs:1:2 and /usr/lib/x.py',
  );
});
