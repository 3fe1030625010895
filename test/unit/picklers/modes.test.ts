import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { PickleError } from '../../../worker-host/errors';
import { evaluateArguments, loadUserModule, type UserModule } from '../../../worker-host/loader/index';
import {
  byReferencePickler,
  byValuePickler,
  jsonPickler,
  structuredClonePickler,
  wrapNonPicklable,
  wrappedPickler,
} from '../../../worker-host/picklers/index';
import type { Pickler } from '../../../worker-host/picklers/pickler';
import type { ValueWarning } from '../../../worker-host/protocol/report';

const fixture = (name: string) => join(__dirname, '..', '..', 'fixtures', 'modules', name);

async function roundTrip(pickler: Pickler, value: unknown, root: 'task' | 'result' = 'result') {
  const warnings: ValueWarning[] = [];
  const copy = await pickler.loads(pickler.dumps(value, { root, warnings }), { root, warnings });
  return { copy, warnings };
}

function refusal(run: () => unknown): PickleError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof PickleError, String(error));
    return error;
  }
  assert.fail('expected a PickleError');
}

describe('by-value data', () => {
  test('exact round trip of the values v8 has no place for, and of the ones it has', async () => {
    const shared = { n: 1 };
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const value = {
      undef: undefined,
      negativeZero: -0,
      nan: NaN,
      big: 2n ** 80n,
      date: new Date(5),
      regexp: /a+b/gi,
      typed: new Float32Array([1.5, 2]),
      buffer: new ArrayBuffer(4),
      bytes: Buffer.from('hi'),
      sparse,
      map: new Map<unknown, unknown>([
        [1n, shared],
        [Symbol.for('k'), 'registered symbol key'],
      ]),
      set: new Set([shared]),
      symbol: Symbol('local'),
      nullProto: Object.assign(Object.create(null) as object, { a: 1 }),
      [Symbol.for('symbol-key')]: 'symbol-keyed',
    };
    const { copy, warnings } = await roundTrip(byValuePickler, value);
    const out = copy as typeof value;
    assert.deepEqual(warnings, []);
    assert.ok('undef' in out && out.undef === undefined);
    assert.ok(Object.is(out.negativeZero, -0));
    assert.ok(Number.isNaN(out.nan));
    assert.equal(out.big, 2n ** 80n);
    assert.equal(out.date.getTime(), 5);
    assert.equal(String(out.regexp), '/a+b/gi');
    assert.deepEqual([...out.typed], [1.5, 2]);
    assert.ok(Buffer.isBuffer(out.bytes));
    assert.equal(out.bytes.toString(), 'hi');
    assert.equal(out.sparse.length, 3);
    assert.ok(!(1 in out.sparse));
    assert.equal(out.map.get(1n), out.set.values().next().value, 'shared reference kept');
    assert.equal(out.map.get(Symbol.for('k')), 'registered symbol key');
    assert.equal(typeof out.symbol, 'symbol');
    assert.equal(out.symbol.description, 'local');
    assert.equal(Object.getPrototypeOf(out.nullProto), null);
    assert.equal((out as Record<symbol, unknown>)[Symbol.for('symbol-key')], 'symbol-keyed');
  });

  test('a packed numeric array travels as a raw block and comes back equal', async () => {
    const ints = Array.from({ length: 1_000_000 }, (_, i) => i);
    const doubles = Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? -0 : i / 3));
    const bytes = byValuePickler.dumps({ fn: undefined, args: [21, ints, doubles] }, { root: 'task' });
    const { args } = (await byValuePickler.loads(bytes, { root: 'task' })) as { args: [number, number[], number[]] };
    assert.deepEqual(args[1], ints);
    assert.ok(args[2].every((x, i) => Object.is(x, doubles[i])));
  });

  test('numbers at the edges of Int32 keep their value, and a shared numeric array stays shared', async () => {
    const edges = [-(2 ** 31), 2 ** 31 - 1, 0, -1, 1];
    const ints = Array.from({ length: 100 }, (_, i) => edges[i % edges.length]!);
    const beyond = [...ints.slice(0, 99), 2 ** 31]; // one value past Int32: the whole array goes as doubles
    const special = [...ints.slice(0, 96), NaN, Infinity, -Infinity, -0];
    const { copy } = await roundTrip(byValuePickler, { ints, beyond, special, again: ints });
    const out = copy as { ints: number[]; beyond: number[]; special: number[]; again: number[] };
    assert.deepEqual(out.ints, ints);
    assert.deepEqual(out.beyond, beyond);
    assert.ok(out.special.every((x, i) => Object.is(x, special[i])));
    assert.equal(out.again, out.ints);
  });

  test('a numeric array that changes length while it is serialized is refused, with its path', () => {
    const list = Array.from({ length: 100 }, (_, i) => i);
    const value = {
      list,
      get later() {
        list.push(100);
        return 1;
      },
    };
    const error = refusal(() => byValuePickler.dumps({ fn: undefined, args: [value] }, { root: 'task' }));
    assert.equal(error.path, 'args[0].list');
    assert.match(error.message, /changed length from 100 to 101/);
  });
});

describe('functions', () => {
  let uncapturable: UserModule;
  let factory: UserModule;
  before(async () => {
    uncapturable = await loadUserModule(fixture('uncapturable.mjs'));
    factory = await loadUserModule(fixture('factory-closure.mjs'));
  });

  test('by-value names the captured variable it cannot carry, where it is defined and why', () => {
    const error = refusal(() =>
      byValuePickler.dumps({ fn: uncapturable.namespace.remember, args: [] }, { root: 'task' }),
    );
    assert.equal(error.path, 'fn.<registry>');
    assert.equal(error.valueType, 'WeakMap');
    assert.match(error.message, /captures 'registry'.*uncapturable\.mjs:1:7/);
    assert.match(error.message, /WeakMap/);
    // The short message leaves where it is defined to the location field.
    assert.match(error.summary, /captures 'registry', and .*WeakMap/);
    assert.doesNotMatch(error.summary, /defined at|uncapturable\.mjs/);
    assert.equal(error.location?.line, 1);
  });

  test('by-value keeps closure variables: makeAdder(5) keeps k = 5', async () => {
    const makeAdder = factory.namespace.makeAdder as (k: number) => (x: number) => number;
    const { copy } = await roundTrip(byValuePickler, { fn: makeAdder(5), args: [1] }, 'task');
    const task = copy as { fn: (x: number) => number; args: [number] };
    assert.equal(task.fn(...task.args), 6);
  });

  test('wrapNonPicklable: the wrapper travels by value, the original keeps failing by reference', async () => {
    const callSecret = uncapturable.getBinding('secret') as (x: string) => string;
    const wrapped = wrapNonPicklable(callSecret);
    assert.notEqual(wrapped, callSecret);
    assert.equal(wrapped('a'), 'secret a');
    assert.equal(wrapped.name, 'secret');
    for (const pickler of [wrappedPickler, byReferencePickler]) {
      const { copy } = await roundTrip(pickler, { fn: wrapped, args: ['b'] }, 'task');
      const task = copy as { fn: (x: string) => string; args: [string] };
      assert.equal(task.fn(...task.args), 'secret b');
    }
    const bytes = wrappedPickler.dumps({ fn: callSecret, args: [] }, { root: 'task' });
    await assert.rejects(
      Promise.resolve().then(() => wrappedPickler.loads(bytes, { root: 'task' })),
      (error: PickleError) => {
        assert.equal(error.path, 'fn');
        assert.equal(error.location?.line, 8);
        assert.match(error.message, /export it, or wrap it with wrapNonPicklable \/ use by-value/);
        return true;
      },
    );
    // json and structured-clone carry no code: the wrapper travels as the original would, by reference.
    const viaJson = jsonPickler.dumps({ fn: wrapped, args: [] }, { root: 'task' });
    await assert.rejects(
      Promise.resolve().then(() => jsonPickler.loads(viaJson, { root: 'task' })),
      /The worker cannot import 'secret'/,
    );
  });
});

describe('loss is never silent', () => {
  class Temperature {
    constructor(public celsius: number) {}
  }

  test('json: Map and Set become {}, undefined is dropped, getters are flattened, -0 and NaN change', async () => {
    const withGetter = Object.defineProperty({}, 'now', { get: () => 1, enumerable: true });
    const { copy, warnings } = await roundTrip(
      jsonPickler,
      {
        fn: undefined,
        args: [new Map([[1, 2]]), { a: undefined, b: [undefined, NaN, -0] }, withGetter, new Temperature(3)],
      },
      'task',
    );
    const paths = warnings.map((w) => `${w.path}: ${w.message}`);
    assert.deepEqual(paths, [
      'args[0]: the Map becomes {} (its 1 entries are lost)',
      'args[1].a: a property set to undefined is dropped',
      'args[1].b[0]: undefined becomes null',
      'args[1].b[1]: NaN becomes null',
      'args[1].b[2]: -0 becomes 0',
      'args[2].now: an accessor (getter/setter) property travels as its current value',
      'args[3]: the Temperature instance loses its prototype (arrives as a plain object)',
    ]);
    assert.deepEqual((copy as { args: unknown[] }).args[0], {});
  });

  test("json: an options object's unset fields are one warning; values from another realm are unchanged", async () => {
    // As Jest's tests make them: arrays and objects of a vm context, sent to the parent over a JSON channel.
    const fromTest = runInNewContext('({ titles: ["a", "b"], result: { ok: true, failure: [] } })') as object;
    const options = { root: '/repo', filter: undefined, resolver: undefined, runtime: undefined, only: 1 };
    const { warnings } = await roundTrip(jsonPickler, { fn: undefined, args: [fromTest, options] }, 'task');
    assert.deepEqual(
      warnings.map((w) => `${w.path}: ${w.message}`),
      ['args[1]: 3 properties set to undefined are dropped (filter, resolver, runtime)'],
    );
  });

  test('json refuses BigInt, naming the path', () => {
    const error = refusal(() => jsonPickler.dumps({ fn: undefined, args: [{ items: [1, 2n] }] }, { root: 'task' }));
    assert.equal(error.path, 'args[0].items[1]');
    assert.equal(error.valueType, 'bigint');
  });

  test('structured-clone: instances lose their prototype (warned), functions in data are refused', async () => {
    const { copy, warnings } = await roundTrip(structuredClonePickler, { cache: new Temperature(1) });
    assert.deepEqual(warnings, [
      { path: 'result.cache', message: 'the Temperature instance loses its prototype (arrives as a plain object)' },
    ]);
    assert.equal(Object.getPrototypeOf((copy as { cache: object }).cache), Object.prototype);
    const error = refusal(() =>
      structuredClonePickler.dumps({ fn: undefined, args: [{ cb: () => 1 }] }, { root: 'task' }),
    );
    assert.equal(error.path, 'args[0].cb');
    assert.equal(error.valueType, 'function cb');
  });

  test('by-reference: a closure inside data is refused in dumps with its path', () => {
    const error = refusal(() =>
      byReferencePickler.dumps({ fn: undefined, args: [{ cb: (x: number) => x }] }, { root: 'task' }),
    );
    assert.equal(error.path, 'args[0].cb');
    assert.match(error.message, /export it, or wrap it/);
  });
});

describe('functions written in the argument expression', () => {
  test('by-value: an arrow from the expression captures the module bindings it reads', async () => {
    const module = await loadUserModule(fixture('helper-constant.mjs'));
    const [handler] = evaluateArguments(module, '(x) => helper(x) + basename("/p/q.txt")');
    const { copy } = await roundTrip(byValuePickler, { fn: handler, args: [2] }, 'task');
    const task = copy as { fn: (x: number) => string; args: [number] };
    assert.equal(task.fn(...task.args), '6q.txt');
  });
});

describe('a function rebuilt by value', () => {
  test('keeps its file and lines: its stack trace points into the user file', async () => {
    const module = await loadUserModule(fixture('throws.mjs'));
    const { copy } = await roundTrip(byValuePickler, { fn: module.namespace.fail, args: [1] }, 'task');
    const task = copy as { fn: (x: number) => never; args: [number] };
    assert.notEqual(task.fn, module.namespace.fail);
    assert.throws(
      () => task.fn(...task.args),
      (error: Error) => {
        assert.equal(error.message, 'boom 1');
        assert.match(error.stack ?? '', /throws\.mjs:4:\d+/);
        return true;
      },
    );
  });
});
