import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadUserModule } from '../../../worker-host/loader/index';
import {
  Executor,
  RunError,
  SerializationProfilerError,
  TaskDeserializeError,
  TaskSerializeError,
  wrapNonPicklable,
} from '../../../worker-host/executor/index';

const MODULE = join(__dirname, '..', '..', 'fixtures', 'executor', 'user-module.mjs');
const TYPED_MODULE = join(__dirname, '..', '..', 'fixtures', 'executor', 'typed-module.ts');

interface UserFunctions {
  double(i: number): number;
  notExported(): (i: number) => number;
  makeScaler(k: number): (x: number) => number;
  failing(message: string): never;
  sumValues(map: unknown): number;
}

interface TypedFunctions {
  checkReading(reading: { sensor: string; value: number }, threshold: { max: number }): string;
}

for (const backend of ['process', 'thread'] as const) {
  describe(`built-in picklers through the executor (${backend})`, { timeout: 60_000 }, () => {
    let user: UserFunctions;
    let typed: TypedFunctions;
    let executor: Executor;

    before(async () => {
      user = (await loadUserModule(MODULE)).namespace as unknown as UserFunctions;
      typed = (await loadUserModule(TYPED_MODULE)).namespace as unknown as TypedFunctions;
      executor = new Executor({ backend, maxWorkers: 1, idleTimeoutMs: 2_000 });
    });
    after(() => executor.shutdown());

    test('by-value is the default and carries closures and non-exported functions', async () => {
      const scaled = await executor.submitTask(user.makeScaler(4), [21]);
      assert.equal(scaled.value, 84);
      assert.equal(scaled.pickler, 'by-value');
      assert.equal(await executor.submit(user.notExported(), 21), 63);
    });

    test('by-reference imports exported functions in the worker', async () => {
      const outcome = await executor.submitTask(user.double, [21], { pickler: 'by-reference' });
      assert.equal(outcome.value, 42);
      assert.ok(outcome.bytes.task > 0);
    });

    test('by-reference fails a non-exported function in the worker, as pickle does for __main__', async () => {
      const error = await executor
        .submitTask(user.notExported(), [21], { pickler: 'by-reference' })
        .catch((e: unknown) => e);
      assert.ok(error instanceof TaskDeserializeError, String(error));
      assert.match(error.message, /^A task has failed to un-serialize/);
      assert.match(error.message, /tripleNotExported/);
      assert.equal(error.path, 'fn');
      assert.equal(error.location?.file, MODULE);
      assert.equal(error.location?.line, 7);
      assert.equal(await executor.submit(user.double, 1), 2, 'the pool goes on');
    });

    test('by-reference refuses a closure in the parent, naming it', async () => {
      const error = await executor
        .submitTask(user.makeScaler(2), [1], { pickler: 'by-reference' })
        .catch((e: unknown) => e);
      assert.ok(error instanceof TaskSerializeError, String(error));
      assert.equal(error.path, 'fn');
      assert.ok(error.hint);
    });

    test('wrapped carries a wrapped closure by value', async () => {
      assert.equal(
        (await executor.submitTask(wrapNonPicklable(user.makeScaler(3)), [7], { pickler: 'wrapped' })).value,
        21,
      );
    });

    test('json and structured-clone run exported functions; json reports what it changes', async () => {
      const map = new Map([['a', 1]]);
      const json = await executor.submitTask(user.sumValues, [map], { pickler: 'json' });
      assert.equal(json.value, 0, 'a Map arrives as {} under json');
      assert.ok(
        json.warnings.some((warning) => warning.path === 'args[0]'),
        JSON.stringify(json.warnings),
      );
      assert.equal((await executor.submitTask(user.double, [5], { pickler: 'structured-clone' })).value, 10);
    });

    for (const pickler of ['by-reference', 'by-value'] as const) {
      test(
        `a throwing user function rejects with run, its code and its place in ` + `the user file (${pickler})`,
        async () => {
          const error = await executor.submitTask(user.failing, ['bad input'], { pickler }).catch((e: unknown) => e);
          assert.ok(error instanceof RunError, String(error));
          const cause = error.cause as TypeError & { code?: string };
          assert.ok(cause instanceof TypeError);
          assert.equal(cause.code, 'E_USER');
          assert.equal(error.location?.file, MODULE);
          assert.equal(error.location?.line, 18, 'the throwing line');
          assert.ok(error instanceof SerializationProfilerError);
        },
      );
    }

    test('a run error in TypeScript is located in the .ts source, not the compiled code', async () => {
      const args = [{ sensor: 'boiler', value: 9 }, { max: 1 }] as const;
      const error = await executor
        .submitTask(typed.checkReading, [...args], { pickler: 'by-reference' })
        .catch((e: unknown) => e);
      assert.ok(error instanceof RunError, String(error));
      assert.match(error.message, /RangeError: boiler over 1/);
      assert.deepEqual(error.location, { file: TYPED_MODULE, line: 11, column: 11 });
      assert.equal(
        (
          await executor.submitTask(typed.checkReading, [{ sensor: 'ok', value: 0 }, { max: 1 }], {
            pickler: 'by-reference',
          })
        ).value,
        'ok',
      );
    });
  });
}
