import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { profile } from '../../../worker-host/profiler/profile';
import { viaPostMessage } from './real-channels';
import { previewValue } from '../../../worker-host/profiler/preview';
import type { ModeResult, PicklerMode } from '../../../worker-host/protocol/report';
import { userFixture } from './user-fixtures';

const delivered = userFixture('delivered.mjs');

async function run(
  functionName: string,
  argsExpression: string,
  modes: PicklerMode[],
): Promise<Record<string, ModeResult>> {
  const report = await profile({
    file: delivered,
    functionName,
    argsExpression,
    modes,
    repeat: 1,
    warmup: 0,
    backend: 'process',
    timeoutMs: 120_000,
  });
  return Object.fromEntries(report.results.map((result) => [result.mode, result]));
}

const fixture = async () =>
  (await import(pathToFileURL(delivered).href)) as Record<string, (...args: unknown[]) => unknown>;

describe('huge values', () => {
  test('json refuses a 200 MB Buffer before writing any text, as task-serialize; the parent lives on', async () => {
    const results = await run('sizeOf', 'Buffer.alloc(200_000_000)', ['json']);
    const error = results.json?.error;
    assert.equal(error?.kind, 'task-serialize');
    assert.equal(error?.path, 'args[0]');
    assert.match(
      error?.message ?? '',
      /Buffer of 200 MB at args\[0\] with json: JSON writes every element as a number/,
    );
    assert.ok(error?.hint);
  });

  test('structured-clone carries a 48 MiB Buffer (above 32 MiB) and delivers what postMessage delivers', async () => {
    const { sizeOf } = await fixture();
    const bytes = Buffer.alloc(48 * 2 ** 20, 1);
    const real = sizeOf(await viaPostMessage(bytes));
    const results = await run('sizeOf', 'Buffer.alloc(48 * 2 ** 20, 1)', ['structured-clone']);
    assert.equal(results['structured-clone']?.status, 'ok', JSON.stringify(results['structured-clone']?.error));
    assert.equal(results['structured-clone']?.resultPreview, previewValue(real));
    assert.deepEqual(
      results['structured-clone']?.warnings.map((warning) => warning.path),
      ['args[0]'],
    );
  });

  test('a sparse array (new Array(1e9)) is sent by what it holds, never walked by its length', async () => {
    const { describeArray } = await fixture();
    const real = describeArray(await viaPostMessage(new Array(1e9)));
    const results = await run('describeArray', 'new Array(1e9)', [
      'by-value',
      'by-reference',
      'structured-clone',
      'json',
    ]);
    for (const mode of ['by-value', 'by-reference', 'structured-clone']) {
      assert.equal(results[mode]?.status, 'ok', `${mode}: ${results[mode]?.error?.message}`);
      assert.equal(results[mode]?.resultPreview, previewValue(real), mode);
    }
    assert.equal(
      results.json?.error?.kind,
      'task-serialize',
      'JSON would write a billion nulls: refused before writing',
    );
  });
});

describe('silent changes are reported, or do not happen', () => {
  test('an array of 100 numbers keeps its named property by value, and json reports losing it', async () => {
    const { describeArray, counted } = await fixture();
    const results = await run('describeArray', 'counted', ['by-value', 'json', 'structured-clone']);
    assert.equal(results['by-value']?.resultPreview, previewValue(describeArray(counted)));
    assert.deepEqual(results['by-value']?.warnings, []);
    const viaJson = (value: unknown): unknown =>
      (JSON.parse(JSON.stringify({ data: value })) as { data: unknown }).data;
    // Both ways through JSON: the arguments and the result.
    assert.equal(results.json?.resultPreview, previewValue(viaJson(describeArray(viaJson(counted)))));
    assert.ok(
      results.json?.warnings.some((warning) => warning.path === 'args[0].total'),
      JSON.stringify(results.json?.warnings),
    );
    assert.equal(
      results['structured-clone']?.resultPreview,
      previewValue(describeArray(await viaPostMessage(counted))),
    );
  });

  test('an Array subclass stays an array by value, as the original is', async () => {
    const { describeArray, listed } = await fixture();
    const results = await run('describeArray', 'listed', ['by-value', 'structured-clone']);
    assert.equal(results['by-value']?.resultPreview, previewValue(describeArray(listed)));
    const real = describeArray(await viaPostMessage(listed));
    assert.equal(results['structured-clone']?.resultPreview, previewValue(real));
    assert.ok(results['structured-clone']?.warnings.some((warning) => warning.path === 'args[0]'));
  });

  test('an Error subclass keeps its native-error tag by value, as the original has it', async () => {
    const { describeError, notFound } = await fixture();
    const results = await run('describeError', 'notFound', ['by-value']);
    assert.equal(results['by-value']?.resultPreview, previewValue(describeError(notFound)));
    assert.match(results['by-value']?.resultPreview ?? '', /\[object Error\]/);
  });
});
