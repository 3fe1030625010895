import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'flatted';
import { jsonPickler } from '../../../worker-host/picklers/index';

/** What flatted alone delivers for a task's arguments: the json mode's reference behaviour. */
const viaFlatted = (data: unknown): unknown => (parse(stringify({ data })) as { data: unknown }).data;
const viaJsonMode = (data: unknown): unknown => jsonPickler.loads(jsonPickler.dumps(data, { root: 'result', warnings: [] }), { root: 'result' });
/** The loaded value, or the error's name where flatted itself throws (it cannot parse some boxed values). */
const outcome = (load: () => unknown): unknown => {
  try {
    return load();
  } catch (error) {
    return `threw ${(error as Error).name}`;
  }
};

describe('json mode: plain trees written by JSON.stringify deliver what flatted delivers', () => {
  test('generated values (dates, sparse arrays, -0, NaN, undefined, Maps, null prototypes) load as flatted loads them', () => {
    fc.assert(
      fc.property(
        fc.anything({ withDate: true, withSparseArray: true, withMap: true, withSet: true, withNullPrototype: true, withBoxedValues: true, withTypedArray: true }),
        (value) => {
          assert.deepStrictEqual(outcome(() => viaJsonMode(value)), outcome(() => viaFlatted(value)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('shared and cyclic references still travel through flatted, and stay shared', () => {
    const shared = { n: 1 };
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const loaded = viaJsonMode({ a: shared, b: shared, cyclic }) as { a: object; b: object; cyclic: { self: unknown } };
    assert.equal(loaded.a, loaded.b);
    assert.equal(loaded.cyclic.self, loaded.cyclic);
  });

  test('custom toJSON and accessors go through flatted too', () => {
    const value = { when: { toJSON: () => 'custom' }, get answer() { return 42; } };
    assert.deepStrictEqual(viaJsonMode(value), viaFlatted(value));
  });

  test('a large integer list is written as plain JSON and arrives whole', () => {
    const list = Array.from({ length: 100_000 }, (_, i) => i);
    const bytes = jsonPickler.dumps([21, list], { root: 'result', warnings: [] });
    assert.equal(Buffer.from(bytes).toString('utf8', 0, 1), 'J');
    assert.deepStrictEqual(jsonPickler.loads(bytes, { root: 'result' }), [21, list]);
  });
});
