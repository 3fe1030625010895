import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { closestMatch } from '../../../worker-host/profiler/close-match';
import {
  buildModeResult,
  dedupeWarnings,
  phaseSum,
  type RoundMeasure,
} from '../../../worker-host/profiler/mode-result';
import { previewValue } from '../../../worker-host/profiler/preview';
import { toReportError } from '../../../worker-host/profiler/report-error';
import { TaskDeserializeError } from '../../../worker-host/errors';

const round = (scale: number): RoundMeasure => ({
  timings: {
    serialize: 1 * scale,
    transfer: 2 * scale,
    deserialize: 3 * scale,
    run: 0.5 * scale,
    resultSerialize: 0.1 * scale,
    resultTransfer: 0.2 * scale,
    resultDeserialize: 0.2 * scale,
    total: 7 * scale,
  },
  bytes: { task: 100, result: 10 },
});

test('a mode result summarizes every phase and the phases add up to the total', () => {
  const result = buildModeResult({ mode: 'by-value', measured: [round(1), round(3), round(2)], warnings: [] });
  assert.equal(result.status, 'ok');
  assert.equal(result.rounds, 3);
  assert.deepEqual(result.timings?.serialize, { median: 2, min: 1, max: 3 });
  assert.deepEqual(result.timings?.total, { median: 14, min: 7, max: 21 });
  assert.ok(Math.abs(phaseSum(result.timings!) - result.timings!.total.median) < 1e-9);
  assert.deepEqual(result.bytes, { task: 100, result: 10 });
});

test('a failed mode keeps its error and no preview; no rounds means no timings', () => {
  const result = buildModeResult({
    mode: 'by-reference',
    measured: [],
    warnings: [],
    resultPreview: '42',
    error: { kind: 'task-deserialize', message: 'boom', summary: 'boom' },
  });
  assert.equal(result.status, 'error');
  assert.equal(result.timings, undefined);
  assert.equal(result.resultPreview, undefined);
  assert.equal(result.error?.kind, 'task-deserialize');
});

test('warnings are deduplicated by path, the first message kept', () => {
  const warnings = dedupeWarnings([
    { path: 'args[0]', message: 'Map becomes {}' },
    { path: 'args[1]', message: 'undefined dropped' },
    { path: 'args[0]', message: 'Map becomes {}' },
  ]);
  assert.deepEqual(
    warnings.map((w) => w.path),
    ['args[0]', 'args[1]'],
  );
});

test('result previews are short and survive cycles and huge values', () => {
  const cyclic: Record<string, unknown> = { name: 'node' };
  cyclic.self = cyclic;
  assert.match(previewValue(cyclic), /Circular/);
  const huge = previewValue(Array.from({ length: 1_000_000 }, (_, i) => i));
  assert.ok(huge.length <= 200, huge);
  assert.match(huge, /more items/);
  assert.equal(previewValue(42), '42');
  for (const primitive of [undefined, null, true, false, 0, -0, NaN, Infinity, -Infinity, 1.5, 1e21, -1e-7, 2 ** 53]) {
    assert.equal(
      previewValue(primitive),
      inspect(primitive),
      `the preview of ${String(primitive)} reads as inspect prints it`,
    );
  }
  assert.ok(previewValue('x'.repeat(10_000)).length <= 200);
  const throwing = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('no keys');
      },
    },
  );
  assert.equal(typeof previewValue(throwing), 'string');
});

test('executor errors keep kind, path, location, hint and cause', () => {
  const cause = new Error('funcAsync is not exported');
  const error = new TaskDeserializeError('A task has failed to un-serialize.', {
    cause,
    path: 'fn',
    location: { file: '/x/seed.mjs', line: 6, column: 10 },
    hint: 'Export it or wrap it.',
  });
  const report = toReportError(error);
  assert.equal(report.kind, 'task-deserialize');
  assert.equal(report.path, 'fn');
  assert.deepEqual(report.location, { file: '/x/seed.mjs', line: 6, column: 10 });
  assert.equal(report.hint, 'Export it or wrap it.');
  assert.match(report.cause ?? '', /funcAsync is not exported/);
  assert.equal(toReportError(new TypeError('plain')).kind, 'run');
});

test('close matches catch typos and ignore unrelated names', () => {
  assert.equal(closestMatch('funcAsinc', ['funcAsync', 'funcAsyncExported', 'scaleAll']), 'funcAsync');
  assert.equal(closestMatch('zzzzzz', ['funcAsync', 'scaleAll']), undefined);
});

test('phase medians come from the median round, so they add up to the median total even when rounds are noisy', () => {
  const noisy = (serialize: number, transfer: number): RoundMeasure => ({
    timings: {
      serialize,
      transfer,
      deserialize: 1,
      run: 0,
      resultSerialize: 0,
      resultTransfer: 0,
      resultDeserialize: 0,
      total: serialize + transfer + 1,
    },
    bytes: { task: 1, result: 1 },
  });
  // Independent medians would give serialize 10 + transfer 10 + 1 = 21 against a median total of 101.
  const rounds = [noisy(10, 90), noisy(90, 10), noisy(10, 10), noisy(100, 100), noisy(5, 200)];
  const timings = buildModeResult({ mode: 'x', measured: rounds, warnings: [] }).timings!;
  assert.equal(timings.total.median, 101);
  assert.equal(phaseSum(timings), 101);
  assert.deepEqual(timings.serialize, { median: 90, min: 5, max: 100 });
  const even = buildModeResult({ mode: 'x', measured: rounds.slice(0, 4), warnings: [] }).timings!;
  assert.equal(even.total.median, 101);
  assert.equal(phaseSum(even), 101);
});
