import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { join } from 'node:path';
import fc from 'fast-check';
import { PickleError } from '../../../worker-host/errors';
import { loadUserModule, type UserModule } from '../../../worker-host/loader/index';
import { byReferencePickler, byValuePickler, wrappedPickler } from '../../../worker-host/picklers/index';
import type { Pickler } from '../../../worker-host/picklers/pickler';
import type { ValueWarning } from '../../../worker-host/protocol/report';

const fixture = join(__dirname, '..', '..', 'fixtures', 'modules', 'scalar-tasks.mjs');
const graphPicklers: Pickler[] = [byValuePickler, byReferencePickler, wrappedPickler];

type Fn = (...args: unknown[]) => unknown;

async function sendTask(pickler: Pickler, fn: Function, args: unknown[], warnings: ValueWarning[] = []) {
  const bytes = pickler.dumps({ fn, args }, { root: 'task', warnings });
  return (await pickler.loads(bytes, { root: 'task', warnings })) as { fn: Fn; args: unknown[] };
}

function assertSameValues(actual: unknown[], expected: unknown[]): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((value, index) =>
    assert.ok(Object.is(actual[index], value), `at ${index}: ${String(actual[index])} is not ${String(value)}`),
  );
}

const primitive = fc.oneof(
  fc.double(),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom(-0, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), maxLength: 3 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

describe('tasks with primitive arguments and primitive results', () => {
  let module: UserModule;
  const binding = (name: string) => module.getBinding(name) as Fn;
  before(async () => {
    module = await loadUserModule(fixture);
  });

  test(
    'arguments arrive exactly as sent, in every graph ' + 'mode (lone surrogates, -0, NaN, long lists included)',
    async () => {
      const echo = binding('echo');
      for (const pickler of graphPicklers) {
        await fc.assert(
          fc.asyncProperty(fc.array(primitive, { maxLength: 70 }), async (args) => {
            const task = await sendTask(pickler, echo, args);
            assertSameValues(task.args, args);
            assertSameValues(task.fn(...task.args) as unknown[], args);
          }),
          { numRuns: 300 },
        );
        const long = 'é😀'.repeat(3000);
        const task = await sendTask(pickler, echo, [long, 1n, '\ud800']);
        assertSameValues(task.args, [long, 1n, '\ud800']);
      }
    },
  );

  test('a primitive result arrives exactly as sent', async () => {
    for (const pickler of graphPicklers) {
      await fc.assert(
        fc.asyncProperty(primitive, async (value) => {
          const copy = await pickler.loads(pickler.dumps(value, { root: 'result' }), { root: 'result' });
          assert.ok(Object.is(copy, value), `${String(copy)} is not ${String(value)}`);
        }),
        { numRuns: 300 },
      );
    }
  });

  test(
    'by reference, a function sent again is looked up again: ' + 'once no longer exported it fails as pickle would',
    async () => {
      const first = binding('current');
      assert.equal((await sendTask(byReferencePickler, first, [1])).fn, first);
      binding('swapCurrent')();
      const refusal = await Promise.resolve()
        .then(() => sendTask(byReferencePickler, first, [1]))
        .then(
          () => assert.fail('expected the worker side to refuse the function'),
          (error: unknown) => error,
        );
      assert.ok(refusal instanceof PickleError, String(refusal));
      assert.match(refusal.message, /The worker cannot import 'first'/);
      assert.equal(refusal.path, 'fn');
    },
  );

  test('by value, a captured variable is read again for every task', async () => {
    const scaled = binding('scaled');
    assert.equal((await sendTask(byValuePickler, scaled, [3])).fn(3), 6);
    binding('setScale')(5);
    assert.equal((await sendTask(byValuePickler, scaled, [3])).fn(3), 15);
  });

  test('by value, a property given to a function after it was first sent travels with it', async () => {
    const plain = binding('plain') as Fn & { tag?: number };
    assert.equal((await sendTask(byValuePickler, plain, [])).fn.length, 0);
    assert.equal(((await sendTask(byValuePickler, plain, [])).fn as typeof plain).tag, undefined);
    plain.tag = 7;
    assert.equal(((await sendTask(byValuePickler, plain, [])).fn as typeof plain).tag, 7);
  });

  test('by value, functions sent in turn each arrive as themselves, and every task gets a fresh copy', async () => {
    const [plain, echo] = [binding('plain'), binding('echo')];
    const received: Fn[] = [];
    for (const fn of [plain, echo, echo, plain, echo, plain, plain]) {
      const task = await sendTask(byValuePickler, fn, [4]);
      assert.deepEqual(task.fn(...task.args), fn === plain ? 1 : [4]);
      received.push(task.fn);
    }
    assert.equal(new Set(received).size, received.length);
    (received[0] as Fn & { mark?: string }).mark = 'changed in one task';
    assert.equal(((await sendTask(byValuePickler, plain, [])).fn as Fn & { mark?: string }).mark, undefined);
  });

  test("a function's warnings are reported for every task, not only the first", async () => {
    const readsClock = binding('readsClock');
    for (let round = 0; round < 2; round++) {
      const warnings: ValueWarning[] = [];
      const task = await sendTask(byValuePickler, readsClock, [], warnings);
      assert.equal(task.fn(), 1);
      assert.deepEqual(
        warnings.map((warning) => warning.path),
        ['fn.<clock>.now'],
      );
    }
  });
});
