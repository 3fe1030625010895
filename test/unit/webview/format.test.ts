import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  costBeforeFailing,
  editorHint,
  fastestMode,
  formatBytes,
  formatMs,
  msBeforeFailing,
  verdict,
} from '../../../shared/format';
import { groupFailures } from '../../../shared/failure-groups';
import { isFromPanel, isPanelState } from '../../../shared/panel-messages';
import type { ModeResult, ProfileReport, Timings } from '../../../shared/report';

function timings(total: number): Timings {
  const stat = (median: number) => ({ median, min: median, max: median });
  const part = total / 7;
  return {
    serialize: stat(part),
    transfer: stat(part),
    deserialize: stat(part),
    run: stat(part),
    resultSerialize: stat(part),
    resultTransfer: stat(part),
    resultDeserialize: stat(part),
    total: stat(total),
  };
}

const ok = (mode: string, total: number): ModeResult => ({
  mode,
  status: 'ok',
  timings: timings(total),
  bytes: { task: 8_000_000, result: 2 },
  rounds: 5,
  warnings: [],
});

const report: ProfileReport = {
  file: '/w/seed-scenario.mjs',
  function: 'funcAsync',
  language: 'javascript',
  argsExpression: '21, largeList',
  backend: 'process',
  repeat: 5,
  warmup: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  results: [
    ok('by-value', 12.3),
    {
      mode: 'by-reference',
      status: 'error',
      rounds: 0,
      warnings: [],
      error: {
        kind: 'task-deserialize',
        message: 'A task has failed | to un-serialize',
        summary: 'A task has failed | to un-serialize',
        path: 'fn',
        location: { file: '/w/seed-scenario.mjs', line: 6, column: 10 },
        hint: 'Export it.',
      },
    },
    ok('json', 410),
  ],
};

test('the verdict names each mode with its total or where it failed', () => {
  assert.equal(verdict(report), 'by-value 12.3 ms · by-reference ✗ un-serialize · json 410 ms');
});

test('the fastest mode is the ok mode with the lowest median total', () => {
  assert.equal(fastestMode(report), 'by-value');
  assert.equal(fastestMode({ ...report, results: [report.results[1]] }), undefined);
});

test('durations and sizes read at a glance', () => {
  assert.deepEqual([0.0123, 1.234, 12.34, 123.4, 1234, 12345].map(formatMs), [
    '12 µs',
    '1.23 ms',
    '12.3 ms',
    '123 ms',
    '1.23 s',
    '12.3 s',
  ]);
  assert.deepEqual([12, 2048, 8_000_000].map(formatBytes), ['12 B', '2.00 KiB', '7.63 MiB']);
});

test('panel messages are validated', () => {
  assert.ok(isFromPanel({ type: 'openSource', location: { file: '/w/a.mjs', line: 1, column: 1 } }));
  assert.ok(!isFromPanel({ type: 'openSource', location: { file: '/w/a.mjs', line: 0, column: 1 } }));
  assert.ok(!isFromPanel({ type: 'export', key: 'k', format: 'html', action: 'copy' }));
  assert.ok(!isFromPanel({ type: 'run', command: 'rm -rf /' }));
  assert.ok(
    isPanelState({ entries: [{ key: 'k', file: '/w/a.mjs', functionName: 'f', displayName: 'f', reports: [report] }] }),
  );
  assert.ok(
    !isPanelState({ entries: [{ key: 'k', file: '/w/a.mjs', functionName: 'f', displayName: 'f', reports: [] }] }),
  );
});

test('a mode that changed the value is never the fastest, and its verdict says so', () => {
  const lossy: ModeResult = {
    ...ok('structured-clone', 1),
    warnings: [{ path: 'args[0]', message: 'the Map arrives as {}' }],
  };
  const run = { ...report, results: [ok('by-value', 12.3), lossy] };
  assert.equal(fastestMode(run), 'by-value');
  assert.equal(fastestMode({ ...report, results: [lossy] }), undefined);
  assert.equal(verdict(run), 'by-value 12.3 ms · structured-clone 1.00 ms ⚠ changes value');
});

test('a failed mode tells what it spent before failing', () => {
  const failed: ModeResult = {
    ...report.results[1],
    failedRound: { timings: { serialize: 35.2, transfer: 1.7 }, bytes: { task: 6_890_000 } },
  };
  assert.equal(costBeforeFailing(failed), 'serialize 35.2 ms · transfer 1.70 ms · task 6.57 MiB');
  assert.ok(Math.abs(msBeforeFailing(failed)! - 36.9) < 1e-9);
  assert.equal(costBeforeFailing(report.results[1]), undefined);
});

test('a timeout hint names the setting that raises it', () => {
  const error = {
    kind: 'timeout' as const,
    message: 'The task did not finish within 30000 ms',
    summary: 'The task did not finish within 30000 ms',
    hint: 'Raise timeoutMs if the task is slow.',
  };
  assert.equal(
    editorHint(error, { function: 'spin', timeoutMs: 30000 }),
    'Raise the `serializationProfiler.timeoutMs` setting (this run: 30000 ms) if `spin` is slow, ' +
      'or look for an endless loop.',
  );
  assert.equal(editorHint(report.results[1].error!, report), 'Export it.');
});

test('modes that failed the same way form one group; timeouts stay one per mode', () => {
  const cannotImport = (mode: string): ModeResult => ({ ...report.results[1], mode });
  const timedOut = (mode: string): ModeResult => ({
    mode,
    status: 'error',
    rounds: 0,
    warnings: [],
    error: { kind: 'timeout', message: `${mode} timed out`, summary: `${mode} timed out` },
  });
  const groups = groupFailures([
    ok('by-value', 1),
    cannotImport('by-reference'),
    cannotImport('json'),
    timedOut('wrapped'),
    timedOut('structured-clone'),
  ]);
  assert.deepEqual(
    groups.map((g) => g.results.map((r) => r.mode)),
    [['by-reference', 'json'], ['wrapped'], ['structured-clone']],
  );
});
