import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBridgeMessage } from '../../../worker-host/python/bridge-messages';

const progress = { mode: 'pickle', modeIndex: 0, modeCount: 1, stage: 'warmup', round: 0, rounds: 2 };
const report = {
  context: 'script',
  loky: 'joblib.externals.loky',
  lokyVersion: '3.3.0',
  python: '3.11.2',
  results: [
    {
      mode: 'pickle',
      status: 'error',
      rounds: 0,
      warnings: [],
      error: { kind: 'run', message: 'boom', summary: 'boom' },
    },
  ],
};

test('the bridge’s messages are checked field by field: each kind passes whole', () => {
  assert.deepEqual(parseBridgeMessage(JSON.stringify({ type: 'progress', progress })), { type: 'progress', progress });
  assert.deepEqual(parseBridgeMessage(JSON.stringify({ type: 'report', report })), { type: 'report', report });
  const problem = { code: 'module-load', message: 'x.py:1: failed' };
  assert.deepEqual(parseBridgeMessage(JSON.stringify({ type: 'input-problem', problem })), {
    type: 'input-problem',
    problem,
  });
  assert.deepEqual(parseBridgeMessage('{"type":"crash","message":"m","traceback":"t"}'), {
    type: 'crash',
    message: 'm',
    traceback: 't',
  });
});

test('anything else is no message: not JSON, an unknown type, a wrong or missing field', () => {
  for (const line of [
    'hello',
    '[]',
    '{"type":"other"}',
    JSON.stringify({ type: 'progress', progress: { ...progress, stage: 'sleeping' } }),
    JSON.stringify({ type: 'report', report: { ...report, context: 'notebook' } }),
    JSON.stringify({
      type: 'report',
      report: {
        ...report,
        results: [{ mode: 'pickle', status: 'error', rounds: 0, warnings: [], error: { kind: 'oops', message: '' } }],
      },
    }),
    '{"type":"input-problem","problem":{"code":"x"}}',
    '{"type":"crash","message":"m"}',
  ]) {
    assert.equal(parseBridgeMessage(line), undefined, line);
  }
});
