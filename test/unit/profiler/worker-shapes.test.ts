import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Piscina } from 'piscina';
import { profile } from '../../../worker-host/profiler/profile';
import { everyModeOnThreads } from './every-mode-request';
import { previewValue } from '../../../worker-host/profiler/preview';
import type { ProfileRequest } from '../../../worker-host/protocol/report';

const shapes = join(__dirname, '..', '..', 'fixtures', 'worker-shapes');

const request = (file: string, functionName: string): ProfileRequest =>
  everyModeOnThreads(join(shapes, file), functionName, '{ a: 1, b: 2 }');

/** What real piscina does with the same file and name: its result, or its error's message. */
async function piscinaRuns(file: string, name: string): Promise<{ value: unknown } | { error: string }> {
  const pool = new Piscina({ filename: join(shapes, file), name, minThreads: 1, maxThreads: 1 });
  try {
    return { value: await pool.run({ a: 1, b: 2 }) };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    await pool.destroy();
  }
}

const SHAPES: [file: string, name: string][] = [
  ['esm-default-arrow.mjs', 'default'],
  ['esm-default-function.mjs', 'default'],
  ['esm-default-factory.mjs', 'default'],
  ['cjs-module-exports-fn.cjs', 'default'],
  ['cjs-module-exports-async.cjs', 'default'],
  ['cjs-async-factory.cjs', 'default'],
  ['cjs-derived-builtin.cjs', 'default'],
  ['cjs-exports-name.cjs', 'add'],
  ['cjs-exports-name.cjs', 'sub'],
  ['ts-default.ts', 'default'],
];

for (const [file, name] of SHAPES) {
  test(`${file}#${name}: every mode runs it as piscina does, with piscina's result`, async () => {
    const real = await piscinaRuns(file, name);
    assert.ok('value' in real, `piscina runs ${file}#${name}: ${'error' in real ? real.error : ''}`);
    const report = await profile(request(file, name));
    for (const result of report.results) {
      assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
      assert.equal(result.resultPreview, previewValue(real.value), result.mode);
    }
  });
}

test('an export that is not a function is refused in one line, as piscina finds no handler in it', async () => {
  const real = await piscinaRuns('cjs-exports-name.cjs', 'default');
  assert.ok('error' in real, 'piscina has no handler for the exports object');
  await assert.rejects(profile(request('cjs-exports-name.cjs', 'default')), (error: Error) => {
    assert.match(error.message, /export 'default' is an object, not a function.*add, sub/);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
});

test(
  'a method that reads `this` is refused, never run ' + 'on a made-up receiver; one that does not runs bare',
  async () => {
    for (const [name, receiver] of [
      ['Page.prototype.host', 'an instance of Page'],
      ['Page.describe', 'an instance of Page'],
      ['Page.create', 'the class Page'],
    ]) {
      await assert.rejects(
        profile({ ...request('page-objects.mjs', name), argsExpression: "'https://a.example/'" }),
        (error: Error) => {
          assert.match(
            error.message,
            new RegExp(`${name.replace(/\./g, '\\.')} reads \`this\` \\(${receiver}\\).*not run on a made-up receiver`),
          );
          assert.doesNotMatch(error.message, /\n/);
          return true;
        },
      );
    }
    const report = await profile({ ...request('page-objects.mjs', 'Page.normalise'), argsExpression: "' MiXed '" });
    for (const result of report.results) assert.equal(result.resultPreview, "'mixed'", result.mode);
  },
);

test(
  'an instance the user gives is carried as each mode ' + 'carries it, as postMessage does for structured clone',
  async () => {
    const report = await profile({
      ...request('page-objects.mjs', 'hostOf'),
      argsExpression: "new Page('https://a.example/x')",
    });
    const status = Object.fromEntries(report.results.map((r) => [r.mode, r.status]));
    assert.deepEqual(status, {
      'by-value': 'ok',
      'by-reference': 'ok',
      wrapped: 'ok',
      json: 'error',
      'structured-clone': 'error',
    });
    const { port1, port2 } = new MessageChannel();
    const arrived = new Promise<unknown>((resolve) => port2.once('message', resolve));
    const { Page } = (await import(join(shapes, 'page-objects.mjs'))) as {
      Page: new (url: string) => { host(): string };
    };
    port1.postMessage(new Page('https://a.example/x'));
    const received = (await arrived) as { host?: unknown };
    assert.equal(typeof received.host, 'undefined', 'postMessage drops the prototype, so page.host is not a function');
    port1.close();
    port2.close();
  },
);

test('--args takes await, as an async fixture needs', async () => {
  const report = await profile({ ...request('async-fixture.mjs', 'total'), argsExpression: 'await loadRows(4), 0' });
  for (const result of report.results)
    assert.equal(result.resultPreview, '12', `${result.mode}: ${result.error?.message}`);
});

test(
  'a generator result is named a generator object at ' + '`result`, and json and structured clone do what Node does',
  async () => {
    const report = await profile({ ...request('async-fixture.mjs', 'makeCounter'), argsExpression: '3' });
    const { countUp } = (await import(join(shapes, 'async-fixture.mjs'))) as {
      countUp: (n: number) => Generator<number>;
    };
    const { port1 } = new MessageChannel();
    assert.throws(() => port1.postMessage(countUp(3)), /could not be cloned/);
    port1.close();
    assert.equal(JSON.stringify(countUp(3)), '{}');
    for (const result of report.results) {
      if (result.mode === 'json') {
        assert.equal(result.status, 'ok');
        assert.equal(result.resultPreview, '{}');
        assert.match(result.warnings.map((w) => w.message).join('\n'), /generator object/);
      } else {
        assert.equal(result.status, 'error', result.mode);
        assert.equal(result.error?.path, 'result', result.mode);
        if (result.mode !== 'structured-clone')
          assert.match(result.error?.message ?? '', /the generator object at result/);
      }
    }
  },
);

test(
  'a URL travels rebuilt from its href in the graph ' + 'modes; structured clone gives what postMessage gives',
  async () => {
    const report = await profile({
      ...request('url-task.mjs', 'hostOf'),
      argsExpression: "new URL('https://a.example/x')",
    });
    const { port1, port2 } = new MessageChannel();
    const arrived = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(new URL('https://a.example/x'));
    const viaPostMessage = ((await arrived) as { host?: unknown }).host;
    port1.close();
    port2.close();
    for (const result of report.results) {
      assert.equal(result.status, 'ok', `${result.mode}: ${result.error?.message}`);
      const expected =
        result.mode === 'structured-clone'
          ? previewValue(viaPostMessage)
          : result.mode === 'json'
            ? 'undefined'
            : "'a.example'";
      assert.equal(result.resultPreview, expected, result.mode);
    }
  },
);
