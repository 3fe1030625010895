import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMarkdown } from '../../../worker-host/cli/format-markdown';
import { formatTable } from '../../../worker-host/cli/format-table';
import { describeProgress } from '../../../worker-host/cli/progress';
import { formatBytes, formatMs } from '../../../worker-host/cli/units';
import type { ProfileReport, Timings } from '../../../worker-host/protocol/report';

const stat = (median: number) => ({ median, min: median, max: median });
const timings = (scale: number): Timings => ({
  serialize: stat(2 * scale),
  transfer: stat(1 * scale),
  deserialize: stat(3 * scale),
  run: stat(0.01),
  resultSerialize: stat(0.02),
  resultTransfer: stat(0.3),
  resultDeserialize: stat(0.01),
  total: stat(6 * scale + 0.34),
});

const report: ProfileReport = {
  file: '/w/examples/seed-scenario.mjs',
  function: 'funcAsync',
  language: 'javascript',
  argsExpression: '21, largeList',
  backend: 'process',
  repeat: 5,
  warmup: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  results: [
    {
      mode: 'by-value',
      status: 'ok',
      rounds: 5,
      timings: timings(1),
      bytes: { task: 4_000_321, result: 9 },
      cold: { total: 120, poolStarted: true },
      resultPreview: '42',
      warnings: [],
    },
    {
      mode: 'by-reference',
      status: 'error',
      rounds: 0,
      warnings: [],
      error: {
        kind: 'task-deserialize',
        message: 'A task has failed to un-serialize.\nmore detail',
        summary: 'A task has failed to un-serialize.\nmore detail',
        path: 'fn',
        location: { file: '/w/examples/seed-scenario.mjs', line: 6, column: 10 },
        hint: 'Export funcAsync, or wrap it.',
      },
      failedRound: { timings: { serialize: 11.12, transfer: 13.5 }, bytes: { task: 4_000_321 } },
    },
    {
      mode: 'json',
      status: 'ok',
      rounds: 5,
      timings: timings(10),
      bytes: { task: 6_888_890, result: 2 },
      resultPreview: '42',
      warnings: [{ path: 'args[1]', message: 'a | pipe' }],
    },
  ],
};

test('units pick a readable precision', () => {
  assert.equal(formatMs(0.0421), '0.042');
  assert.equal(formatMs(3.171), '3.17');
  assert.equal(formatMs(41.23), '41.2');
  assert.equal(formatMs(1290.4), '1290');
  assert.equal(formatMs(undefined), '—');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(4_000_321), '3.82 MiB');
});

test('the table aligns one row per mode, then lists failures with file:line:column', () => {
  const text = formatTable(report, '/w');
  const lines = text.split('\n');
  assert.match(lines[0], /^examples\/seed-scenario\.mjs#funcAsync\(21, largeList\) · process backend/);
  const header = lines[2];
  assert.match(
    header,
    /^mode\s+status\s+serialize\s+transfer\s+deserialize\s+run\s+res\.ser\s+res\.xfer\s+res\.deser\s+total ms\s+cold ms\s+task\s+result$/,
  );
  const rows = lines.slice(3, 6);
  assert.match(rows[0], /^by-value\s+ok\s+2\.00\s+1\.00\s+3\.00\s+0\.010 .*6\.34\s+120\s+3\.82 MiB\s+9 B$/);
  assert.match(rows[1], /^by-reference\s+✗ task-deserialize\s+—.*—\s+3\.82 MiB\s+—$/);
  // Right-aligned columns end at the same place in every row.
  const end = (line: string, cell: string) => line.indexOf(cell) + cell.length;
  assert.equal(end(rows[0], '6.34'), end(header, 'total ms'));
  assert.equal(end(rows[2], '60.3'), end(header, 'total ms'));
  assert.match(
    text,
    /by-reference: task-deserialize: A task has failed to un-serialize\.\n {4}more detail\n {2}path: fn\n {2}at: {3}examples\/seed-scenario\.mjs:6:10\n {2}hint: Export funcAsync, or wrap it\.\n {2}before failing: serialize 11\.1 ms · transfer 13\.5 ms · task 3\.82 MiB/,
  );
  assert.match(text, /json: warnings\n {2}warning: args\[1\]: a \| pipe/);
  assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));
});

test('a failure prints its short message, paths relative, and a broken pool on a line of its own', () => {
  const summary = 'The worker could not load /w/examples/seed.py#func_async: pickle sends functions by reference.';
  const broken: ProfileReport = {
    ...report,
    results: [
      {
        mode: 'pickle',
        status: 'error',
        rounds: 0,
        warnings: [],
        error: {
          kind: 'task-deserialize',
          message: `${summary} loky marked its whole pool broken and shut its workers down.`,
          summary,
          poolBroken: true,
          respawnMs: 463.9,
        },
      },
    ],
  };
  const text = formatTable(broken, '/w');
  assert.match(
    text,
    /\npickle: task-deserialize: The worker could not load examples\/seed\.py#func_async: pickle sends functions by reference\.\n {2}pool: loky marked its whole pool broken and shut its workers down; the next task paid 464 ms to start new ones\.\n/,
  );
});

test('markdown is a paste-ready table with escaped pipes and failures in a code block', () => {
  const text = formatMarkdown(report, '/w');
  const lines = text.split('\n');
  assert.match(lines[0], /^\*\*examples\/seed-scenario\.mjs#funcAsync/);
  assert.equal(
    lines[2],
    '| mode | status | serialize | transfer | deserialize | run | res.ser | res.xfer | res.deser | ' +
      'total ms | cold ms | task | result |',
  );
  assert.equal(lines[3], '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  assert.match(lines[5], /^\| by-reference \| ✗ task-deserialize \| — \|/);
  assert.match(
    text,
    /```text\nby-reference: task-deserialize: A task has failed[\s\S]* {2}at: {3}examples\/seed-scenario\.mjs:6:10[\s\S]*\n```\n$/,
  );
});

test('progress lines say which mode, stage and round', () => {
  assert.equal(
    describeProgress({ mode: 'json', modeIndex: 3, modeCount: 5, stage: 'measure', round: 2, rounds: 5 }),
    '[4/5] json: measure 2/5',
  );
  assert.equal(
    describeProgress({ mode: 'by-value', modeIndex: 0, modeCount: 5, stage: 'loading', round: 0, rounds: 0 }),
    '[1/5] by-value: loading…',
  );
});
