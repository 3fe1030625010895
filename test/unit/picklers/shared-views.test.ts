import assert from 'node:assert/strict';
import { test } from 'node:test';
import { structuredClonePickler } from '../../../worker-host/picklers/index';
import type { ValueWarning } from '../../../worker-host/protocol/report';

test('a Buffer met twice (inside a shared object) is reported once, at its first path in key order', () => {
  const inner = { a: Buffer.from([1, 2]) };
  const graph = { a: inner, later: inner };
  const warnings: ValueWarning[] = [];
  const arrived = structuredClonePickler.loads(structuredClonePickler.dumps(graph, { root: 'result', warnings }), {
    root: 'result',
  }) as typeof graph;
  const real = structuredClone(graph);
  assert.equal(Object.getPrototypeOf(real.a.a), Uint8Array.prototype);
  assert.equal(Object.getPrototypeOf(arrived.a.a), Uint8Array.prototype);
  assert.equal(arrived.later, arrived.a);
  assert.deepEqual(warnings, [{ path: 'result.a.a', message: 'the Buffer arrives as a Uint8Array' }]);
});
