import assert from 'node:assert/strict';
import { test } from 'node:test';
import { profile } from '../../../worker-host/profiler/profile';
import { PICKLER_MODES } from '../../../worker-host/protocol/report';
import { failure, mode, pythonRequest, SEED } from './helpers';

test(
  "the profiler's entry sends a .py file to loky, the JavaScript " +
    "modes mapped to loky's; JavaScript-only ones refused",
  async () => {
    await assert.rejects(
      profile(pythonRequest(SEED, 'func_async', '21', [...PICKLER_MODES])),
      /json, structured-clone: not a mode for Python files/,
    );
    const report = await profile(pythonRequest(SEED, 'func_async', '21', ['by-value', 'by-reference', 'wrapped']));
    assert.equal(report.language, 'python');
    assert.deepEqual(
      report.results.map((result) => result.mode),
      ['cloudpickle', 'pickle', 'wrapped'],
    );
    assert.equal(mode(report, 'cloudpickle').status, 'ok');
    assert.equal(failure(report, 'pickle').kind, 'task-deserialize');
    assert.equal(mode(report, 'wrapped').status, 'ok');
  },
);
