import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { profile } from '../../../worker-host/profiler/profile';
import { viaPostMessage } from './real-channels';
import { previewValue } from '../../../worker-host/profiler/preview';
import type { ModeResult, PicklerMode, ProfileRequest } from '../../../worker-host/protocol/report';
import { userFixture } from './user-fixtures';

const delivered = userFixture('delivered.mjs');
const hostile = userFixture('hostile.mjs');
const throwsDeep = userFixture('throws-deep.ts');

async function run(
  file: string,
  functionName: string,
  argsExpression: string,
  modes: PicklerMode[],
  backend: 'process' | 'thread' = 'process',
): Promise<Record<string, ModeResult>> {
  const request: ProfileRequest = {
    file,
    functionName,
    argsExpression,
    modes,
    repeat: 1,
    warmup: 0,
    backend,
    timeoutMs: 60_000,
  };
  const report = await profile(request);
  return Object.fromEntries(report.results.map((result) => [result.mode, result]));
}

/** The real channels, run here: a real MessagePort (what postMessage delivers) and JSON. */
const viaJson = (value: unknown): unknown => (JSON.parse(JSON.stringify({ data: value })) as { data: unknown }).data;

/** What the function does with what the real channel delivered: its result, or what it threw. */
async function realOutcome(
  fn: (...args: unknown[]) => unknown,
  args: unknown[],
): Promise<{ value: unknown } | { threw: Error }> {
  try {
    return { value: await fn(...args) };
  } catch (error) {
    return { threw: error as Error };
  }
}

/** The fixture's exports, imported as any program would (typed as functions: only the functions are called). */
const fixture = async (file: string) =>
  (await import(pathToFileURL(file).href)) as Record<string, (...args: unknown[]) => unknown>;
const warned = (result: ModeResult | undefined, path: string) =>
  result?.warnings.some((warning) => warning.path === path) ?? false;

describe('structured-clone and json deliver what postMessage and JSON deliver', () => {
  test('structured-clone: a Buffer arrives as a Uint8Array, as postMessage delivers it (reported)', async () => {
    const { encode, hello } = await fixture(delivered);
    const real = await realOutcome(encode, [await viaPostMessage(hello)]);
    const results = await run(delivered, 'encode', 'hello', ['structured-clone', 'by-value']);
    assert.ok('value' in real);
    assert.equal(real.value, '104,101,108,108,111'); // Uint8Array#toString, not base64
    assert.equal(results['structured-clone']?.resultPreview, previewValue(real.value));
    assert.ok(warned(results['structured-clone'], 'args[0]'), JSON.stringify(results['structured-clone']?.warnings));
    assert.equal(results['by-value']?.resultPreview, previewValue(encode(hello)), 'by-value carries the Buffer itself');
  });

  test('an Error subclass arrives as postMessage delivers it: its base, message, no own properties', async () => {
    const { describeError, notFound } = await fixture(delivered);
    const real = await realOutcome(describeError, [await viaPostMessage(notFound)]);
    // The result crosses the channel too.
    const results = await run(delivered, 'describeError', 'notFound', ['structured-clone', 'json', 'by-value']);
    assert.ok('value' in real);
    assert.equal(results['structured-clone']?.resultPreview, previewValue(await viaPostMessage(real.value)));
    for (const path of ['args[0]', 'args[0].status', 'args[0].url'])
      assert.ok(warned(results['structured-clone'], path), path);
    const realJson = await realOutcome(describeError, [viaJson(notFound)]);
    assert.ok('value' in realJson);
    assert.equal(results.json?.resultPreview, previewValue(viaJson(realJson.value)));
    // by-value carries the subclass, its own properties and its native-error tag, as the original has them.
    assert.equal(results['by-value']?.resultPreview, previewValue(describeError(notFound)));
  });

  test('a URL: the run fails as with the real channel; the warnings are kept and the failure names them', async () => {
    const { visit, page } = await fixture(delivered);
    const realClone = await realOutcome(visit, [await viaPostMessage(page)]);
    const realJson = await realOutcome(visit, [viaJson(page)]);
    const results = await run(delivered, 'visit', 'page', ['structured-clone', 'json']);
    for (const [mode, real] of [
      ['structured-clone', realClone],
      ['json', realJson],
    ] as const) {
      const result = results[mode];
      assert.ok('threw' in real, `${mode}: the real channel makes visit throw`);
      assert.equal(result?.status, 'error');
      assert.equal(result?.error?.kind, 'run');
      assert.ok(warned(result, 'args[0].url'), `${mode} keeps its warnings: ${JSON.stringify(result?.warnings)}`);
      assert.deepEqual(result?.error?.changedPaths, ['args[0].url']);
      assert.match(
        result?.error?.message ?? '',
        /page\.url must be a URL\. This mode changed values on the way \(args\[0\]\.url; see the warnings\): a change may be the cause/,
      );
    }
  });

  test('json drops a function inside data as JSON does (null in an array) and reports it with its path', async () => {
    const { typesOf } = await fixture(delivered);
    const args = [[() => 1, 2]];
    const real = await realOutcome(typesOf, viaJson(args) as unknown[]);
    const results = await run(delivered, 'typesOf', '[() => 1, 2]', ['json']);
    assert.ok('value' in real);
    assert.deepEqual(real.value, ['object', 'number']);
    assert.equal(results.json?.status, 'ok', JSON.stringify(results.json?.error));
    assert.equal(results.json?.resultPreview, previewValue(real.value));
    assert.ok(warned(results.json, 'args[0][0]'), JSON.stringify(results.json?.warnings));
  });
});

describe('errors are described faithfully', () => {
  test("an error's own properties (code, errno) reach the report in every mode, as Node prints them", async () => {
    const { failWithCode } = await fixture(delivered);
    const real = await realOutcome(failWithCode, []);
    assert.ok('threw' in real);
    const printed = inspect(real.threw);
    const results = await run(delivered, 'failWithCode', '', [
      'by-value',
      'by-reference',
      'wrapped',
      'json',
      'structured-clone',
    ]);
    for (const [mode, result] of Object.entries(results)) {
      assert.equal(result.error?.kind, 'run', mode);
      assert.deepEqual(result.error?.properties, { code: inspect('E_BAD'), errno: inspect(-2) }, mode);
      for (const line of [`code: 'E_BAD'`, 'errno: -2']) {
        assert.ok(printed.includes(line));
        assert.ok(result.error?.cause?.includes(line), `${mode}: ${result.error?.cause}`);
      }
    }
  });

  test("an fs error's own path is shown as its property, not taken for the failing value's path", async () => {
    const { readMissing } = await fixture(delivered);
    const real = await realOutcome(readMissing, ['/nonexistent/config.json']);
    assert.ok('threw' in real);
    const results = await run(delivered, 'readMissing', "'/nonexistent/config.json'", ['by-value', 'structured-clone']);
    for (const [mode, result] of Object.entries(results)) {
      assert.equal(result.error?.path, undefined, mode);
      const own = real.threw as Error & Record<string, unknown>;
      assert.deepEqual(
        result.error?.properties,
        { errno: inspect(own.errno), code: inspect(own.code), syscall: inspect(own.syscall), path: inspect(own.path) },
        mode,
      );
    }
  });

  test('TypeScript rebuilt by value points at the line that threw, as Node maps it when imported', async () => {
    const results = await run(throwsDeep, 'checkOrder', '{ quantity: 9 }', ['by-reference', 'by-value', 'wrapped']);
    const mappedByNode = results['by-reference']?.error?.location;
    assert.equal(mappedByNode?.line, 10);
    for (const mode of ['by-value', 'wrapped']) {
      assert.deepEqual(results[mode]?.error?.location, mappedByNode, mode);
      assert.match(
        results[mode]?.error?.cause ?? '',
        /throws-deep\.ts:10:\d+/,
        `${mode}: its stack names the line too`,
      );
    }
  });

  for (const backend of ['process', 'thread'] as const) {
    test(`hostile thrown values are described, never kill the worker (${backend})`, async () => {
      const expected: Record<string, string> = {
        throwsUnreadableMessage: 'run',
        throwsRevokedProxy: 'run',
        throwsTrappingProxy: 'run',
        throwsSelfCause: 'run',
        returnsRevokedProxy: 'result-serialize',
      };
      for (const [name, kind] of Object.entries(expected)) {
        const results = await run(hostile, name, '', ['by-value', 'structured-clone', 'json'], backend);
        for (const [mode, result] of Object.entries(results)) {
          assert.equal(result.error?.kind, kind, `${name} under ${mode}: ${result.error?.message}`);
          assert.ok((result.error?.message.length ?? 0) > 0);
        }
      }
    });
  }
});
