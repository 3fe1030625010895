/**
 * The library on modules the program imported by itself (not through the profiler's loader): what is
 * importable travels by reference, the rest by value, and the results are piscina's on the same file.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { Executor } from '../../../worker-host/executor/index';

const _ = createRequire(__filename)('lodash') as { pick: (value: object, keys: string[]) => object };
const shapes = join(__dirname, '..', '..', 'fixtures', 'worker-shapes');
const rows = [
  { region: 'north', amount: 1.25 },
  { region: 'south', amount: 2 },
  { region: 'north', amount: 3 },
];

const executor = new Executor({ backend: 'thread', maxWorkers: 1 });
after(() => executor.shutdown({ killWorkers: true }));

async function piscina(file: string, name: string, ...args: unknown[]): Promise<unknown> {
  const pool = new Piscina({ filename: join(shapes, file), name, minThreads: 1, maxThreads: 1 });
  try {
    return await pool.run(args.length === 1 ? args[0] : args);
  } finally {
    await pool.destroy();
  }
}

interface RollupModule {
  rollup(rows: unknown[]): unknown;
  derive(password: string): Promise<string>;
  saltLength(size: number): Promise<number>;
  useHelpers(rows: unknown[], pick: unknown): unknown;
}

test("an exported ESM function that uses lodash runs by value and by reference, with piscina's result", async () => {
  const module = (await import(pathToFileURL(join(shapes, 'rollup.mjs')).href)) as RollupModule;
  const expected = await piscina('rollup.mjs', 'rollup', rows);
  for (const pickler of ['by-value', 'by-reference', 'wrapped', 'structured-clone', 'json']) {
    const outcome = await executor.submitTask(module.rollup, [rows], { pickler });
    assert.deepEqual(outcome.value, expected, pickler);
  }
});

test('a CommonJS module.exports function that uses lodash runs by value and by reference', async () => {
  const { rollup } = createRequire(__filename)(join(shapes, 'rollup.cjs')) as RollupModule;
  const expected = await piscina('rollup.cjs', 'rollup', rows);
  for (const pickler of ['by-value', 'by-reference', 'wrapped', 'structured-clone']) {
    assert.deepEqual((await executor.submitTask(rollup, [rows], { pickler })).value, expected, pickler);
  }
});

test('a value derived from a built-in (promisify(crypto.scrypt)) travels by reference, not as source', async () => {
  const module = (await import(pathToFileURL(join(shapes, 'rollup.mjs')).href)) as RollupModule;
  const expected = await module.derive('pw');
  for (const pickler of ['by-value', 'by-reference', 'wrapped']) {
    assert.equal((await executor.submitTask(module.derive, ['pw'], { pickler })).value, expected, pickler);
  }
});

test(
  'an npm package function passed as an argument travels by ' +
    'reference; structured clone refuses it as postMessage does',
  async () => {
    const module = (await import(pathToFileURL(join(shapes, 'rollup.mjs')).href)) as RollupModule;
    const expected = module.useHelpers(rows, _.pick);
    for (const pickler of ['by-value', 'by-reference', 'wrapped']) {
      assert.deepEqual(
        (await executor.submitTask(module.useHelpers, [rows, _.pick], { pickler })).value,
        expected,
        pickler,
      );
    }
    const { port1 } = new MessageChannel();
    assert.throws(() => port1.postMessage([rows, _.pick]), /could not be cloned/);
    port1.close();
    await assert.rejects(executor.submitTask(module.useHelpers, [rows, _.pick], { pickler: 'structured-clone' }), {
      kind: 'task-serialize',
    });
  },
);

test('a function written in the program itself, not exported, goes by value only', async () => {
  const { rollup } = (await import(pathToFileURL(join(shapes, 'rollup.mjs')).href)) as RollupModule;
  const local = (items: unknown[]) => rollup(items);
  assert.deepEqual((await executor.submitTask(local, [rows], { pickler: 'by-value' })).value, rollup(rows));
  await assert.rejects(executor.submitTask(local, [rows], { pickler: 'by-reference' }), { kind: 'task-serialize' });
});

test(
  'a module-level value derived from a built-in and ' + 'not exported is read from the module in the worker',
  async () => {
    const module = (await import(pathToFileURL(join(shapes, 'rollup.mjs')).href)) as RollupModule;
    for (const pickler of ['by-value', 'by-reference', 'wrapped']) {
      assert.equal((await executor.submitTask(module.saltLength, [12], { pickler })).value, 12, pickler);
    }
  },
);
